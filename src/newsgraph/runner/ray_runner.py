"""The Ray runner: small work pieces handed out to N pipeline actors that read, parse, write.

    chunks = plan_chunks(paths)                  # descriptors planned on the driver
    actors = [ChunkWorker x N]                   # each loads the spaCy model once
    while pieces: ray.wait(...) -> next piece to the actor that just finished
                                                 # each piece: read -> process -> shard

Each actor reads its piece's bytes itself (``read_chunk``), runs ``process_partition`` and
writes the units as its own shard ``part-NNNNN.parquet`` (NNNNN = the piece's index), so
neither inputs nor outputs travel through the driver or the object store: Ray moves only
descriptors of ~100 bytes and a dict of counts per piece. Pieces are small (64 lines or 32
files by default: a few seconds of work) and an actor holds one at a time, so no worker idles
at the end while another still has a queue.

Why plain actors and not Ray Data (measured with ``bench/scale.py`` on the shared 2-core
machine, 600 articles, 2 workers; commands and figures in docs/scale-out.md): the same
small-descriptor plan on Ray Data (``from_items`` of one-row blocks -> ``map_batches`` of
this class on a fixed pool of N actors, one piece in flight each, progress bars, stats logs,
memory polls and issue detectors off) gives the same rows, loads and worker CPU per article,
but Ray Data's driver loop and its helper actors (``_StatsActor``,
``_AutoscalingCoordinatorActor``, ``ActorLocationTracker``, created whatever the settings)
cost 13-15% of the workers' CPU on a run that starts them and 9% on a second run, against
2-3% for this loop (driver, raylet and GCS): over the 5% of worker CPU we allow Ray itself.
Ray Data's extra is paid per second of run (executor loop, helpers' polling) plus the
helpers' start, so its share would shrink with many workers per driver (worth measuring
again on a large cluster). A local Ray starts without worker prestart and metrics
collection, for the same reason.

Ray is an optional extra (``pip install 'newsgraph[ray]'``); it is imported only here. Works
on a local Ray started on demand or on an existing cluster (``address="ray://..."`` or
``"auto"``), where every node needs newsgraph and its model installed and ``out`` must be a
folder every node can write (a shared file system).
"""

from __future__ import annotations

import json
import os
from collections import deque
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
    """A Ray actor: loads the spaCy pipeline once, then reads, parses and writes pieces."""

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

    def run(self, index: int, chunk: str) -> dict[str, int]:
        """Read, parse and write piece ``index`` (a JSON descriptor); its counts."""
        records = list(read_chunk(json.loads(chunk), self.config, self.published))
        units = process_partition(records, self.config)
        size = (write_shard(units, self.out / f"part-{index:05d}.parquet")
                if units else 0)  # a piece of blank lines leaves no shard
        arts = [u for u in units if u["status"] != "skip"]
        return {"rows": len(units), "added": len(arts), "skipped": len(units) - len(arts),
                "events": sum(len(u["events"]) for u in arts),
                "quotes": sum(len(u["quotes"]) for u in arts), "bytes": size}


def init_ray(address: str | None = None, num_cpus: int | None = None,
             object_store_mb: int = 128) -> None:
    """Connect to ``address`` or start a local Ray whose workers import this newsgraph.

    A local Ray gets ``num_cpus`` (one per pipeline worker), no dashboard, no idle workers
    started ahead, no metrics collection and a small object store (only piece descriptors and
    counts pass through it): on a small machine every idle Ray process costs a worker's CPU.
    """
    import ray

    if ray.is_initialized():
        return
    if address:
        ray.init(address=address)
        return
    src = str(Path(newsgraph.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
             configure_logging=False, object_store_memory=object_store_mb * 2**20,
             runtime_env={"env_vars": {"PYTHONPATH": path}},
             _system_config={"enable_worker_prestart": False,
                             "prestart_worker_first_driver": False,
                             "enable_metrics_collection": False})


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
    remote: Any = ray.remote(num_cpus=1)(ChunkWorker)
    actors: list[Any] = [remote.remote(cfg, str(out), published, load_log, timing_log)
                         for _ in range(min(workers, len(todo)))]
    queue = deque(todo)
    pending: dict[Any, Any] = {}

    def submit(actor: Any) -> None:
        if queue:
            index, chunk = queue.popleft()
            pending[actor.run.remote(index, json.dumps(chunk))] = actor

    try:
        for actor in actors:
            submit(actor)
        while pending:  # one piece per actor at a time: the next goes to whoever is free
            [ref], _ = ray.wait(list(pending), num_returns=1)
            actor = pending.pop(ref)
            row = ray.get(ref)
            submit(actor)
            stats["shards"] += row["rows"] > 0
            for k in COUNTS:
                stats[k] += row[k]
    finally:
        for actor in actors:
            ray.kill(actor)
    return stats
