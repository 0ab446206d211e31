"""Inputs as records: a stream for the local runner, independent chunks for Ray.

The local runner streams ``iter_records`` (the ingest readers, unchanged). A distributed run
needs pieces that workers read on their own: ``plan_chunks`` lists them cheaply on the driver
(groups of files; large JSONL files cut into line ranges by one pass that counts newlines),
and ``read_chunk`` turns one piece into the same records, with the same origins
(``path:line``), as the stream would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsgraph.config import Config
from newsgraph.ingest import iter_documents
from newsgraph.ingest.files import JSONL_SUFFIXES, iter_paths, jsonl_line
from newsgraph.ingest.warc import origin_of
from newsgraph.records import Skip
from newsgraph.runner.records import Record, record_from

Chunk = dict[str, Any]


def iter_records(paths: Iterable[str | Path], config: Config | None = None,
                 published: str | None = None) -> Iterator[Record]:
    """Every input under ``paths`` as a record, streaming, in the ingest readers' order."""
    for item in iter_documents(paths, config, published=published):
        yield record_from(item)


def plan_chunks(paths: Iterable[str | Path], *, files_per_chunk: int = 32,
                lines_per_chunk: int = 256) -> list[Chunk]:
    """Work pieces in input order: ``{"files": [...]}`` or ``{"jsonl", "start", "end", "line"}``.

    JSONL chunks are byte ranges that start at a line boundary, with the number of their
    first line, so records keep the origin ``path:line`` of the streaming reader.
    """
    chunks: list[Chunk] = []
    files: list[str] = []

    def flush() -> None:
        if files:
            chunks.append({"files": list(files)})
            files.clear()

    for path in iter_paths(paths):
        if isinstance(path, Skip):  # a link out of the folder: the chunk carries its skip
            flush()
            chunks.append({"skip": [path.origin, path.stage, path.code, path.reason]})
            continue
        if path.suffix.lower() not in JSONL_SUFFIXES or not path.is_file():
            files.append(str(path))
            if len(files) >= files_per_chunk:
                flush()
            continue
        flush()
        start, line, offset = 0, 1, 0
        with path.open("rb") as fh:
            for n, raw in enumerate(fh, start=1):
                offset += len(raw)
                if n % lines_per_chunk == 0:
                    chunks.append({"jsonl": str(path), "start": start, "end": offset,
                                   "line": line})
                    start, line = offset, n + 1
        if offset > start:
            chunks.append({"jsonl": str(path), "start": start, "end": offset, "line": line})
    flush()
    return chunks


def read_chunk(chunk: Chunk, config: Config | None = None,
               published: str | None = None) -> Iterator[Record]:
    """The records of one chunk, exactly as ``iter_records`` yields them for those inputs."""
    cfg = config or Config()
    if "skip" in chunk:
        yield record_from(Skip(*chunk["skip"]))
        return
    if "files" in chunk:
        yield from iter_records(chunk["files"], cfg, published)
        return
    path = chunk["jsonl"]
    with open(path, "rb") as fh:
        fh.seek(chunk["start"])
        body = fh.read(chunk["end"] - chunk["start"])
    lines = [ln + b"\n" for ln in body.split(b"\n")]  # split as file iteration does
    lines[-1] = lines[-1][:-1]
    for lineno, line in enumerate(lines, start=chunk["line"]):
        item = jsonl_line(line, f"{origin_of(path)}:{lineno}", cfg, published)
        if item is not None:
            yield record_from(item)
