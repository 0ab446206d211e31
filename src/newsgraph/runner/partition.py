"""``process_partition``: input records in, plain rows out. Pure apart from the model cache.

This is the whole per-article computation with no I/O, so the local runner, a process pool,
a Ray Data worker and a Spark ``mapPartitions`` job all run exactly the same code. The spaCy
pipeline is loaded once per process (``worker_pipeline``) and reused for every partition.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from newsgraph.config import Config
from newsgraph.pipeline import Pipeline
from newsgraph.records import Skip
from newsgraph.runner.records import Record, to_raw
from newsgraph.runner.rows import Unit, analysis_to_unit, skip_to_unit

_pipelines: dict[str, Pipeline] = {}  # keyed by repr: Config holds a dict
#: how many times this process loaded a pipeline (benchmarks check it equals worker count)
LOADS = 0


def worker_pipeline(config: Config | None = None) -> Pipeline:
    """The process-wide pipeline for ``config``: loaded on first use, then reused."""
    global LOADS
    cfg = config or Config()
    pipe = _pipelines.get(repr(cfg))
    if pipe is None:
        pipe = _pipelines[repr(cfg)] = Pipeline(cfg)
        LOADS += 1
        log = os.environ.get("NEWSGRAPH_LOAD_LOG")
        if log:  # one line per load, so a benchmark can count loads across workers
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
    return pipe


def process_partition(records: Iterable[Record], config: Config | None = None) -> list[Unit]:
    """One unit per input record, in input order: an analysed article or a skip.

    Never raises for bad input: unusable records become skip units with a coded reason.
    """
    pipe = worker_pipeline(config)
    out: list[Unit] = []
    for result in pipe.process(to_raw(r) for r in records):
        out.append(skip_to_unit(result) if isinstance(result, Skip)
                   else analysis_to_unit(result))
    return out
