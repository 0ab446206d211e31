"""The Ray Data runner: read chunks -> ``map_batches`` (one pipeline per worker) -> Parquet.

    ds = from_items(chunks)                       # cheap descriptors planned on the driver
         .flat_map(read_chunk)                    # records, read by the workers themselves
         .map_batches(PartitionWorker, concurrency=N)   # process_partition, model loaded once
         .write_parquet(out)                      # shards; `newsgraph load` is the reduce

Ray is an optional extra (``pip install 'newsgraph[ray]'``); it is imported only here. Works
on a local Ray started on demand or on an existing cluster (``address="ray://..."`` or
``"auto"``), where every node needs newsgraph and its model installed.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import newsgraph
from newsgraph.config import Config
from newsgraph.runner.partition import process_partition, worker_pipeline
from newsgraph.runner.records import record_from_arrow, record_to_arrow
from newsgraph.runner.rows import unit_to_arrow_row
from newsgraph.runner.shards import schema, shard_files
from newsgraph.runner.sources import plan_chunks, read_chunk


def _read(row: dict[str, Any], *, config: Config, published: str | None) -> list[dict[str, Any]]:
    """flat_map step: one chunk descriptor to its records in Arrow form."""
    return [record_to_arrow(r) for r in read_chunk(json.loads(row["chunk"]), config, published)]


class PartitionWorker:
    """A Ray Data actor: loads the spaCy pipeline once, then runs ``process_partition``."""

    def __init__(self, config: Config, load_log: str | None = None) -> None:
        if load_log:
            os.environ["NEWSGRAPH_LOAD_LOG"] = load_log
        self.config = config
        worker_pipeline(config)  # load now, once per worker, not on the first batch

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        records = [record_from_arrow(r) for r in batch.to_pylist()]
        units = process_partition(records, self.config)
        return pa.Table.from_pylist([unit_to_arrow_row(u) for u in units], schema=schema())


def init_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Connect to ``address`` or start a local Ray whose workers import this newsgraph."""
    import ray

    if ray.is_initialized():
        return
    if address:
        ray.init(address=address)
        return
    src = str(Path(newsgraph.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
             configure_logging=False,
             runtime_env={"env_vars": {"PYTHONPATH": path}})


def run_ray(paths: list[str | Path], out: str | Path, *, config: Config | None = None,
            published: str | None = None, address: str | None = None, workers: int = 2,
            batch_size: int = 64, files_per_chunk: int = 32, lines_per_chunk: int = 256,
            load_log: str | None = None) -> dict[str, int]:
    """Process every input under ``paths`` into Parquet shards under ``out``.

    ``out`` must hold no shards yet (a re-run into the same folder would duplicate rows;
    loading is idempotent, but use a fresh folder). Returns shard and row counts.
    """
    import ray

    cfg = config or Config()
    out = Path(out)
    if out.exists() and shard_files(out):
        raise FileExistsError(f"{out} already holds shards; use an empty folder")
    init_ray(address, num_cpus=None if address else max(workers, 2))
    chunks = plan_chunks(paths, files_per_chunk=files_per_chunk, lines_per_chunk=lines_per_chunk)
    if not chunks:
        return {"chunks": 0, "shards": 0, "rows": 0}
    ds: Any = ray.data.from_items([{"chunk": json.dumps(c)} for c in chunks],
                             override_num_blocks=len(chunks))
    # reading is light next to parsing; with no CPU reserved it never waits for a CPU that
    # the (long-lived) pipeline actors hold, so a 2-CPU machine runs 2 workers
    ds = ds.flat_map(partial(_read, config=cfg, published=published), num_cpus=0)
    ds = ds.map_batches(PartitionWorker, fn_constructor_kwargs={"config": cfg,
                                                                "load_log": load_log},
                        compute=ray.data.ActorPoolStrategy(size=workers),
                        batch_size=batch_size, batch_format="pyarrow", num_cpus=1)
    ds.write_parquet(str(out), ray_remote_args={"num_cpus": 0})
    files = shard_files(out)
    import pyarrow.parquet as pq

    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in files)
    return {"chunks": len(chunks), "shards": len(files), "rows": rows}
