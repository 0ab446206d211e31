"""The Ray Data runner: small work pieces -> N pipeline actors that read, parse and write.

    ds = from_items(chunks)                          # descriptors planned on the driver
         .map_batches(ChunkWorker, batch_size=1,     # one piece per call, N actors, each
                      ActorPoolStrategy(size=N))     #   loading the model once
    for row in ds.iter_rows(): ...                   # per-piece counts only

Each actor reads its piece's bytes itself (``read_chunk``), runs ``process_partition`` and
writes the units as its own shard ``part-NNNNN.parquet`` (NNNNN = the piece's index), so
neither inputs nor outputs travel through the driver or the object store: Ray moves only
descriptors of ~100 bytes and a row of counts per piece. Pieces are small (64 lines or 32
files by default: a few seconds of work) and an actor holds one at a time, so no worker idles
at the end while another still has a queue. Why: with Ray Data reading, converting and
writing in tasks of their own, two workers on two cores reached 1.2x one worker, because
those tasks, their worker processes and the few large blocks (one worker idle for the last
block) took the second core's time.

Ray is an optional extra (``pip install 'newsgraph[ray]'``); it is imported only here. Works
on a local Ray started on demand or on an existing cluster (``address="ray://..."`` or
``"auto"``), where every node needs newsgraph and its model installed and ``out`` must be a
folder every node can write (a shared file system).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import newsgraph
from newsgraph.config import Config
from newsgraph.runner.partition import process_partition, worker_pipeline
from newsgraph.runner.shards import shard_files, write_shard
from newsgraph.runner.sources import plan_chunks, read_chunk

#: the plan of pieces of a shard folder, so a rerun resumes only the same plan
PLAN = "_plan.json"
#: per-piece counts each actor returns, summed into the run's stats
COUNTS = ("rows", "added", "skipped", "events", "quotes", "bytes")


class ChunkWorker:
    """A Ray Data actor: loads the spaCy pipeline once, then reads, parses and writes pieces."""

    def __init__(self, config: Config, out: str, published: str | None = None,
                 load_log: str | None = None, timing_log: str | None = None) -> None:
        if load_log:
            os.environ["NEWSGRAPH_LOAD_LOG"] = load_log
        if timing_log:
            os.environ["NEWSGRAPH_TIMING_LOG"] = timing_log
        self.config = config
        self.out = Path(out)
        self.published = published
        worker_pipeline(config)  # load now, once per worker, not on the first piece

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[int]]:
        counts: dict[str, list[int]] = {k: [] for k in ("index", *COUNTS)}
        for index, chunk in zip(batch["index"], batch["chunk"], strict=True):
            records = list(read_chunk(json.loads(chunk), self.config, self.published))
            units = process_partition(records, self.config)
            size = (write_shard(units, self.out / f"part-{int(index):05d}.parquet")
                    if units else 0)  # a piece of blank lines leaves no shard
            arts = [u for u in units if u["status"] != "skip"]
            row = {"index": int(index), "rows": len(units), "added": len(arts),
                   "skipped": len(units) - len(arts),
                   "events": sum(len(u["events"]) for u in arts),
                   "quotes": sum(len(u["quotes"]) for u in arts), "bytes": size}
            for k, v in row.items():
                counts[k].append(v)
        return counts


def init_ray(address: str | None = None, num_cpus: int | None = None,
             object_store_mb: int = 256) -> None:
    """Connect to ``address`` or start a local Ray whose workers import this newsgraph.

    A local Ray gets ``num_cpus`` (one per pipeline worker), no dashboard and a small object
    store: only piece descriptors and counts pass through it.
    """
    import ray

    if ray.is_initialized():
        return
    _quiet_data()
    if address:
        ray.init(address=address)
        return
    src = str(Path(newsgraph.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
             configure_logging=False, object_store_memory=object_store_mb * 2**20,
             runtime_env={"env_vars": {"PYTHONPATH": path}})


def _quiet_data() -> None:
    """No progress bars or periodic progress logs: the driver should use no CPU to speak of."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.enable_operator_progress_bars = False
    ctx.enable_auto_log_stats = False


def run_ray(paths: list[str | Path], out: str | Path, *, config: Config | None = None,
            published: str | None = None, address: str | None = None, workers: int = 2,
            files_per_chunk: int = 32, lines_per_chunk: int = 64,
            load_log: str | None = None, timing_log: str | None = None) -> dict[str, int]:
    """Process every input under ``paths`` into Parquet shards under ``out``.

    Resumable: the plan of pieces is kept in ``out/_plan.json`` and each piece's shard is
    renamed into place whole, so a rerun with the same inputs and piece sizes does only the
    pieces that have no shard yet. A folder holding shards of a different plan is refused
    (``FileExistsError``): mixing them would duplicate rows. Returns piece, shard and row
    counts of this run (``resumed``: pieces already done).
    """
    import ray

    cfg = config or Config()
    out = Path(out).resolve()
    chunks = plan_chunks(paths, files_per_chunk=files_per_chunk, lines_per_chunk=lines_per_chunk)
    plan_file = out / PLAN
    plan = json.dumps({"chunks": chunks, "published": published, "config": repr(cfg)},
                      sort_keys=True)
    done: set[int] = set()
    if out.exists() and shard_files(out):
        if not plan_file.exists() or plan_file.read_text("utf-8") != plan:
            raise FileExistsError(f"{out} already holds shards of other inputs or piece "
                                  "sizes; use an empty folder")
        done = {int(p.stem.split("-")[1]) for p in out.glob("part-*.parquet")}
    out.mkdir(parents=True, exist_ok=True)
    tmp = plan_file.with_suffix(".tmp")
    tmp.write_text(plan, "utf-8")
    os.replace(tmp, plan_file)
    todo = [(i, c) for i, c in enumerate(chunks) if i not in done]
    stats = {"chunks": len(chunks), "resumed": len(chunks) - len(todo), "shards": 0,
             **dict.fromkeys(COUNTS, 0)}
    if not todo:
        return stats
    init_ray(address, num_cpus=None if address else workers)
    _quiet_data()
    ds: Any = ray.data.from_items([{"index": i, "chunk": json.dumps(c)} for i, c in todo],
                                  override_num_blocks=len(todo))
    # one piece per call and per actor at a time: a worker that runs dry takes the next
    # piece instead of waiting behind another worker's queue
    ds = ds.map_batches(ChunkWorker, batch_size=1, batch_format="numpy",
                        fn_constructor_kwargs={"config": cfg, "out": str(out),
                                               "published": published,
                                               "load_log": load_log,
                                               "timing_log": timing_log},
                        compute=ray.data.ActorPoolStrategy(
                            size=workers, max_tasks_in_flight_per_actor=1),
                        num_cpus=1)
    for row in ds.iter_rows():
        stats["shards"] += int(row["rows"]) > 0
        for k in COUNTS:
            stats[k] += int(row[k])
    return stats
