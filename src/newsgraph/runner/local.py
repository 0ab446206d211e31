"""The local runner: stream inputs through the pipeline in-process or in a pool.

With ``n_process > 1`` each worker process loads the pipeline once, as it starts, and
returns plain results (typed records for the store, units for shards), so nothing of spaCy's
``Doc`` crosses a process boundary (our ``Doc._`` extensions hold objects that spaCy's own
multiprocessing could not serialise). At most two partitions per worker are in flight, so
memory stays flat on any stream length, and results come back in input order. Output goes
to the store, one commit per 64 articles, each article whole or absent (resumable through
the raw-input hash, like ``newsgraph ingest``), or to Parquet shards (resumable through a
progress file).
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from newsgraph.clean import content_hash
from newsgraph.config import Config
from newsgraph.records import Analysis, Skip
from newsgraph.runner.partition import analyse_partition, process_partition, worker_pipeline
from newsgraph.runner.records import Record
from newsgraph.runner.rows import Unit, analysis_to_unit, skip_to_unit, unit_to_result
from newsgraph.runner.shards import ShardWriter
from newsgraph.runner.sources import iter_records
from newsgraph.store import Store

Stats = dict[str, int]
T = TypeVar("T")


def new_stats() -> Stats:
    return {"added": 0, "unchanged": 0, "skipped": 0, "events": 0, "quotes": 0}


def write_result(store: Store, result: Analysis | Skip, stats: Stats) -> None:
    """Write one analysed article or skip (one transaction, or a savepoint of a group)."""
    if isinstance(result, Skip):
        store.record_skip(result)
        stats["skipped"] += 1
    elif store.save(result):
        stats["added"] += 1
        stats["events"] += len(result.events)
        stats["quotes"] += len(result.quotes)
    else:
        stats["unchanged"] += 1


def write_unit(store: Store, unit: Unit, stats: Stats) -> None:
    """Write one unit (one transaction) and count it."""
    write_result(store, unit_to_result(unit), stats)


def write_results(store: Store, results: Iterable[Analysis | Skip], stats: Stats) -> None:
    """Write results with one commit (``Store.grouped``): each article is still whole or
    absent, and the group shares the index pages a commit per article copied again."""
    with store.grouped():
        for result in results:
            write_result(store, result, stats)


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _work(args: tuple[list[Record], Config]) -> list[Unit]:
    """Pool task: module level so it pickles under the ``spawn`` start method."""
    return process_partition(*args)


def _work_results(args: tuple[list[Record], Config]) -> list[Analysis | Skip]:
    """Pool task for the store path: typed results pickle as cheaply as plain rows and
    spare the conversion to rows and back."""
    return analyse_partition(*args)


def _load(config: Config) -> None:
    """Pool initializer: each worker loads its pipeline as soon as it starts."""
    worker_pipeline(config)


#: records per partition in-process, and per task handed to a pool worker: small tasks keep
#: both workers busy to the end of a run (the last task is all one worker has left to do)
CHUNK_IN_PROCESS = 64
CHUNK_PER_TASK = 16


def _partitions(records: Iterable[Record], config: Config, n_process: int,
                chunk_size: int | None,
                work: Callable[[tuple[list[Record], Config]], list[T]]) -> Iterator[list[T]]:
    """``work`` over chunks of ``records``, here or in ``n_process`` workers, in input order."""
    if chunk_size is None:
        chunk_size = CHUNK_IN_PROCESS if n_process <= 1 else CHUNK_PER_TASK
    if n_process <= 1:
        for chunk in _chunks(records, chunk_size):
            yield work((chunk, config))
        return
    # spawn: workers start clean (no forked locks from progress threads) and load the
    # model themselves, once each, as they start
    with mp.get_context("spawn").Pool(n_process, initializer=_load,
                                      initargs=(config,)) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(records, chunk_size):
            pending.append(pool.apply_async(work, ((chunk, config),)))
            if len(pending) >= 2 * n_process:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def map_partitions(records: Iterable[Record], config: Config, *, n_process: int = 1,
                   chunk_size: int | None = None) -> Iterator[Unit]:
    """Units for ``records`` in input order, computed here or in ``n_process`` workers."""
    for units in _partitions(records, config, n_process, chunk_size, _work):
        yield from units


def map_results(records: Iterable[Record], config: Config, *, n_process: int = 1,
                chunk_size: int | None = None) -> Iterator[list[Analysis | Skip]]:
    """Typed results for ``records``, one list per partition, in input order."""
    return _partitions(records, config, n_process, chunk_size, _work_results)


def store_records(store: Store, records: Iterable[Record], config: Config, stats: Stats, *,
                  n_process: int = 1, chunk_size: int | None = None, commit_every: int = 64,
                  on_result: Callable[[Analysis | Skip], None] | None = None) -> None:
    """Analyse ``records`` and write them into ``store``, one commit per ``commit_every``
    results (whole partitions).

    Finished partitions wait in memory until there are enough to commit, so the write lock
    is taken only while they are written, never while the next ones are analysed: readers
    and other writers wait at most one group's writes.
    """
    waiting: list[Analysis | Skip] = []

    def flush() -> None:
        write_results(store, waiting, stats)
        if on_result is not None:
            for r in waiting:
                on_result(r)
        waiting.clear()

    for results in map_results(records, config, n_process=n_process, chunk_size=chunk_size):
        waiting += results
        if len(waiting) >= commit_every:
            flush()
    if waiting:
        flush()


def run_local(paths: Iterable[str | Path], *, config: Config | None = None,
              store: Store | None = None, out: str | Path | None = None,
              published: str | None = None, n_process: int = 1, chunk_size: int | None = None,
              shard_size: int = 1000,
              on_unit: Callable[[Unit], None] | None = None) -> Stats:
    """Process every input under ``paths`` into ``store`` or into shards under ``out``.

    Resumable: with a store, inputs whose raw bytes were stored before are not parsed again;
    with shards, the inputs covered by ``_progress.json`` are skipped.
    """
    if (store is None) == (out is None):
        raise ValueError("give exactly one of store or out")
    cfg = config or Config()
    stats = new_stats()
    records: Iterable[Record] = iter_records(paths, cfg, published)
    writer: ShardWriter | None = None
    if store is not None:
        def fresh(recs: Iterable[Record]) -> Iterator[Record]:
            for r in recs:
                if r.get("data") is not None and store.has_source(content_hash(r["data"])):
                    stats["unchanged"] += 1
                    continue
                yield r
        records = fresh(records)
    else:
        writer = ShardWriter(out, shard_size)  # type: ignore[arg-type]
        stats["unchanged"] = writer.done
        records = islice(records, writer.done, None)
    if store is not None:
        store_records(store, records, cfg, stats, n_process=n_process, chunk_size=chunk_size,
                      on_result=None if on_unit is None else
                      (lambda r: on_unit(skip_to_unit(r) if isinstance(r, Skip)
                                         else analysis_to_unit(r))))
        return stats
    assert writer is not None
    for unit in map_partitions(records, cfg, n_process=n_process, chunk_size=chunk_size):
        writer.add(unit)
        if unit["status"] == "skip":
            stats["skipped"] += 1
        else:
            stats["added"] += 1
            stats["events"] += len(unit["events"])
            stats["quotes"] += len(unit["quotes"])
        if on_unit is not None:
            on_unit(unit)
    writer.flush()
    return stats
