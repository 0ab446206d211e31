"""``process_partition``: input records in, plain rows out. Pure apart from the model cache.

This is the whole per-article computation with no I/O, so the local runner, a process pool,
a Ray actor and a Spark ``mapPartitions`` job all run exactly the same code. The spaCy
pipeline is loaded once per process (``worker_pipeline``) and reused for every partition.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable

from newsgraph.config import Config
from newsgraph.pipeline import Pipeline
from newsgraph.records import Analysis, Skip
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
        t0, c0 = time.time(), time.process_time()
        pipe = _pipelines[repr(cfg)] = Pipeline(cfg)
        LOADS += 1
        log = os.environ.get("NEWSGRAPH_LOAD_LOG")
        if log:  # one line per load, so a benchmark can count loads across workers
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        _timing("load", t0, c0, 0)
    return pipe


def _timing(kind: str, t0: float, c0: float, n: int) -> None:
    """With ``NEWSGRAPH_TIMING_LOG`` set, append one JSON line per model load or partition:
    wall-clock start/end, CPU seconds of this process and records, so a benchmark can split
    fixed costs from steady-state throughput across worker processes of any runner."""
    log = os.environ.get("NEWSGRAPH_TIMING_LOG")
    if not log:
        return
    line = json.dumps({"kind": kind, "pid": os.getpid(), "t0": t0, "t1": time.time(),
                       "cpu": time.process_time() - c0, "n": n})
    with open(log, "a", encoding="utf-8") as fh:  # one short append: atomic on POSIX
        fh.write(line + "\n")


def analyse_partition(records: Iterable[Record],
                      config: Config | None = None) -> list[Analysis | Skip]:
    """One typed result per input record, in input order: an analysis or a skip.

    The in-process store path writes these directly (no detour through plain rows);
    ``process_partition`` turns them into units for every other destination.
    Never raises for bad input: unusable records become skips with a coded reason.
    """
    pipe = worker_pipeline(config)
    t0, c0 = time.time(), time.process_time()
    out = list(pipe.process(to_raw(r) for r in records))
    _timing("partition", t0, c0, len(out))
    return out


def process_partition(records: Iterable[Record], config: Config | None = None) -> list[Unit]:
    """One unit per input record, in input order: an analysed article or a skip.

    Never raises for bad input: unusable records become skip units with a coded reason.
    """
    pipe = worker_pipeline(config)
    t0, c0 = time.time(), time.process_time()
    out = [skip_to_unit(r) if isinstance(r, Skip) else analysis_to_unit(r)
           for r in pipe.process(to_raw(r) for r in records)]
    _timing("partition", t0, c0, len(out))
    return out
