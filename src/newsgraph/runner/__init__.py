"""Runners: the same pure partition function driven locally, by a process pool or by Ray.

``process_partition(records, config)`` turns input records into plain rows; the local runner
(``local.py``) streams inputs through it in-process or in a pool of worker processes and writes
the rows to the store or to Parquet shards; the Ray runner (``ray_runner.py``) calls it from
Ray actors that each read and write their own pieces. ``shards.py`` writes and loads the shards.
"""

from newsgraph.runner.partition import process_partition
from newsgraph.runner.rows import flatten, unit_to_result

__all__ = ["process_partition", "flatten", "unit_to_result"]
