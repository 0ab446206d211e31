"""Parquet shards of units: written atomically with a progress file, loaded into the store.

A shard folder holds ``part-NNNNN.parquet`` files (or whatever names Ray gives them) with the
columns of ``rows.ARROW_COLUMNS``. The local writer renames each shard into place before it
records progress in ``_progress.json``, so a killed run restarts after the last whole shard
and rewrites any shard it had begun: no duplicates, no half shards.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.records import Skip
from newsgraph.runner.rows import (
    ARROW_COLUMNS,
    Unit,
    arrow_row_to_unit,
    unit_to_arrow_row,
    unit_to_result,
)
from newsgraph.store import Store

PROGRESS = "_progress.json"
LOAD_GROUP = 64  # articles per commit when loading shards


def _arrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("Parquet shards need pyarrow: pip install 'newsgraph[ray]'") from exc
    return pa, pq


def schema() -> Any:
    """All columns are non-null strings, so every shard has the same schema."""
    pa, _ = _arrow()
    return pa.schema([(c, pa.string()) for c in ARROW_COLUMNS])


class ShardWriter:
    """Buffers units and writes a shard every ``shard_size`` of them; resumable."""

    def __init__(self, out: str | Path, shard_size: int = 1000) -> None:
        _arrow()  # fail before any parsing when pyarrow is missing
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.shard_size = shard_size
        self.buffer: list[Unit] = []
        state = self._read_progress()
        #: inputs already written by earlier runs; the runner skips that many
        self.done: int = state["consumed"]
        self.shards: int = state["shards"]

    def _read_progress(self) -> dict[str, int]:
        path = self.out / PROGRESS
        if path.exists():
            return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]
        return {"consumed": 0, "shards": 0}

    def add(self, unit: Unit) -> None:
        self.buffer.append(unit)
        if len(self.buffer) >= self.shard_size:
            self.flush()

    def flush(self) -> None:
        """Write the buffered units as one shard, then record progress (both atomic)."""
        if not self.buffer:
            return
        write_shard(self.buffer, self.out / f"part-{self.shards:05d}.parquet")
        self.shards += 1
        self.done += len(self.buffer)
        self.buffer = []
        progress = self.out / (PROGRESS + ".tmp")
        progress.write_text(json.dumps({"consumed": self.done, "shards": self.shards}), "utf-8")
        os.replace(progress, self.out / PROGRESS)


def write_shard(units: list[Unit], final: str | Path) -> int:
    """Write ``units`` as one shard, atomically: a reader never sees half a file. Returns
    the shard's size in bytes."""
    pa, pq = _arrow()
    table = pa.Table.from_pylist([unit_to_arrow_row(u) for u in units], schema=schema())
    final = Path(final)
    tmp = final.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, final)
    return final.stat().st_size


def shard_files(folder: str | Path) -> list[Path]:
    """The shard files under ``folder``, in name order."""
    return sorted(p for p in Path(folder).rglob("*.parquet") if p.is_file())


def iter_units(folder: str | Path, batch_rows: int = 256) -> Iterator[Unit]:
    """Every unit of every shard, streaming (one record batch in memory at a time)."""
    _, pq = _arrow()
    for path in shard_files(folder):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield arrow_row_to_unit(row)


def load_shards(folder: str | Path, store: Store) -> dict[str, int]:
    """The reduce step: write every unit into the store, each article whole or absent, one
    commit per ``LOAD_GROUP`` articles (``Store.grouped``)."""
    from itertools import islice

    from newsgraph.runner.local import write_results

    stats = {"added": 0, "unchanged": 0, "skipped": 0, "events": 0, "quotes": 0}
    units = iter_units(folder)
    while group := [unit_to_result(u) for u in islice(units, LOAD_GROUP)]:
        write_results(store, group, stats)
    return stats


__all__ = ["ShardWriter", "iter_units", "load_shards", "shard_files", "write_shard", "Skip"]
