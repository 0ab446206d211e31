"""The local runner: stream inputs through ``process_partition`` in-process or in a pool.

With ``n_process > 1`` each worker process loads the pipeline once (its first partition) and
returns plain units, so nothing of spaCy's ``Doc`` crosses a process boundary (our ``Doc._``
extensions hold dataclasses that spaCy's own multiprocessing could not serialise). At most
two partitions per worker are in flight, so memory stays flat on any stream length, and
results come back in input order. Output goes to the store (resumable through the raw-input
hash, like ``newsgraph ingest``) or to Parquet shards (resumable through a progress file).
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from newsgraph.clean import content_hash
from newsgraph.config import Config
from newsgraph.records import Skip
from newsgraph.runner.partition import process_partition
from newsgraph.runner.records import Record
from newsgraph.runner.rows import Unit, unit_to_result
from newsgraph.runner.shards import ShardWriter
from newsgraph.runner.sources import iter_records
from newsgraph.store import Store

Stats = dict[str, int]


def new_stats() -> Stats:
    return {"added": 0, "unchanged": 0, "skipped": 0, "events": 0, "quotes": 0}


def write_unit(store: Store, unit: Unit, stats: Stats) -> None:
    """Write one unit (one transaction) and count it."""
    result = unit_to_result(unit)
    if isinstance(result, Skip):
        store.record_skip(result)
        stats["skipped"] += 1
    elif store.save(result):
        stats["added"] += 1
        stats["events"] += len(result.events)
        stats["quotes"] += len(result.quotes)
    else:
        stats["unchanged"] += 1


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _work(args: tuple[list[Record], Config]) -> list[Unit]:
    """Pool task: module level so it pickles under the ``spawn`` start method."""
    return process_partition(*args)


def map_partitions(records: Iterable[Record], config: Config, *, n_process: int = 1,
                   chunk_size: int = 64) -> Iterator[Unit]:
    """Units for ``records`` in input order, computed here or in ``n_process`` workers."""
    if n_process <= 1:
        for chunk in _chunks(records, chunk_size):
            yield from process_partition(chunk, config)
        return
    # spawn: workers start clean (no forked locks from progress threads) and load the
    # model themselves, once each
    with mp.get_context("spawn").Pool(n_process) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(records, chunk_size):
            pending.append(pool.apply_async(_work, ((chunk, config),)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def run_local(paths: Iterable[str | Path], *, config: Config | None = None,
              store: Store | None = None, out: str | Path | None = None,
              published: str | None = None, n_process: int = 1, chunk_size: int = 64,
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
    for unit in map_partitions(records, cfg, n_process=n_process, chunk_size=chunk_size):
        if store is not None:
            write_unit(store, unit, stats)
        else:
            assert writer is not None
            writer.add(unit)
            if unit["status"] == "skip":
                stats["skipped"] += 1
            else:
                stats["added"] += 1
                stats["events"] += len(unit["events"])
                stats["quotes"] += len(unit["quotes"])
        if on_unit is not None:
            on_unit(unit)
    if writer is not None:
        writer.flush()
    return stats
