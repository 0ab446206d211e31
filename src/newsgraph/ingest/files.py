"""Readers for local files and folders: ``.txt``, ``.html``/``.htm`` and ``.jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.config import Config
from newsgraph.errors import SkipCode
from newsgraph.records import DocKind, RawDocument, Skip

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders recursively (sorted, hidden entries left out) into file paths."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


def iter_documents(
    paths: Iterable[str | Path], config: Config | None = None, published: str | None = None
) -> Iterator[RawDocument | Skip]:
    """Yield a ``RawDocument`` per article found under ``paths``, or a ``Skip`` saying why not.

    ``published`` is a user-supplied publication date applied to documents that carry none.
    """
    cfg = config or Config()
    for path in iter_paths(paths):
        suffix = path.suffix.lower()
        origin = str(path)
        if suffix not in SUPPORTED:
            yield Skip(origin, "ingest", SkipCode.UNSUPPORTED.value,
                       f"unsupported file type {suffix or '(none)'!r}")
            continue
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, cfg, published)
            continue
        try:
            size = path.stat().st_size
            if size > cfg.max_bytes:
                yield Skip(origin, "ingest", SkipCode.TOO_LARGE.value,
                           f"{size} bytes is over the limit of {cfg.max_bytes}")
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield Skip(origin, "ingest", SkipCode.READ.value, f"cannot read file: {exc}")
            continue
        kind: DocKind = "html" if suffix in HTML_SUFFIXES else "text"
        yield RawDocument(data=data, origin=origin, kind=kind, user_published=published)


def _read_jsonl(path: Path, cfg: Config, published: str | None) -> Iterator[RawDocument | Skip]:
    """One record per line: ``text`` or ``html`` plus optional url, published, title, outlet."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(str(path), "ingest", SkipCode.READ.value, f"cannot read file: {exc}")
        return
    with fh:
        for lineno, line in enumerate(fh, start=1):
            origin = f"{path}:{lineno}"
            if not line.strip():
                continue
            if len(line) > cfg.max_bytes:
                yield Skip(origin, "ingest", SkipCode.TOO_LARGE.value,
                           f"record of {len(line)} bytes is over the limit of {cfg.max_bytes}")
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Skip(origin, "ingest", SkipCode.BAD_RECORD.value, f"invalid JSON: {exc}")
                continue
            if not isinstance(rec, dict):
                yield Skip(origin, "ingest", SkipCode.BAD_RECORD.value,
                           "a JSONL record must be an object")
                continue
            yield _record_to_document(rec, origin, published)


def _record_to_document(rec: dict[str, object], origin: str,
                        published: str | None) -> RawDocument | Skip:
    def opt(key: str) -> str | None:
        value = rec.get(key)
        return value if isinstance(value, str) and value.strip() else None

    html, text = opt("html"), opt("text")
    if html is None and text is None:
        reason = "record has no 'text' or 'html' field"
        if opt("url"):
            reason += " (fetching a bare 'url' is not supported by the file reader)"
        return Skip(origin, "ingest", SkipCode.BAD_RECORD.value, reason)
    body = html if html is not None else text
    assert body is not None
    return RawDocument(
        data=body.encode("utf-8", errors="surrogatepass"),
        origin=origin,
        kind="html" if html is not None else "text",
        url=opt("url"),
        published=opt("published"),
        user_published=published,
        title=opt("title"),
        outlet=opt("outlet"),
    )
