"""WARC and ARC archives (plain or gzip), read as a stream with warcio.

Only ``response`` records whose HTTP payload is HTML become documents; request, metadata and
non-HTML records are passed over silently (they are not articles). A truncated or malformed
archive ends the file with one ``Skip`` naming the record where reading stopped: the records
read before it are kept. Record bodies are read up to ``max_bytes`` and no further.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsgraph.config import Config
from newsgraph.errors import SkipCode
from newsgraph.records import RawDocument, Skip

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def origin_of(path: str | Path) -> str:
    """``path`` as a printable, storable origin: bytes of a file name that is not UTF-8
    appear as ``\\xff`` escapes (Python hands them over as lone surrogates, which neither
    SQLite nor a terminal takes)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_archive(path: Path) -> bool:
    """True for ``.warc``, ``.warc.gz``, ``.arc`` and ``.arc.gz`` files."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_archive(path: Path, cfg: Config,
                 user_published: str | None = None) -> Iterator[RawDocument | Skip]:
    """Yield one document per HTML response record in the archive at ``path``."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(origin_of(path), "ingest", SkipCode.READ.value, f"cannot read file: {exc}")
        return
    index = 0
    produced = False  # an archive with nothing to offer must still leave a skip behind
    with fh:
        try:
            for index, record in enumerate(ArchiveIterator(fh, arc2warc=True), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not ctype.startswith(HTML_TYPES):
                    continue
                status = record.http_headers.get_statuscode() or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{origin_of(path)}#{index}"
                produced = True
                if not status.startswith("2"):
                    yield Skip(origin, "ingest", SkipCode.FETCH_FAILED.value,
                               f"archived response has HTTP status {status or '?'}")
                    continue
                data = record.content_stream().read(cfg.max_bytes + 1)
                if len(data) > cfg.max_bytes:
                    yield Skip(origin, "ingest", SkipCode.TOO_LARGE.value,
                               f"record over the limit of {cfg.max_bytes} bytes")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # the block ended before its Content-Length: a cut-off archive
                    yield Skip(origin, "ingest", SkipCode.BAD_ARCHIVE.value,
                               f"record truncated ({record.raw_stream.limit} bytes missing)")
                    continue
                # WARC-Date is the crawl time, not the publication date: not used as one
                yield RawDocument(data=data, origin=origin, kind="html", url=url,
                                  user_published=user_published)
        # warcio trips over some malformed headers with AttributeError/IndexError/KeyError
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError,
                IndexError, KeyError, TypeError) as exc:
            yield Skip(f"{origin_of(path)}#{index + 1}", "ingest", SkipCode.BAD_ARCHIVE.value,
                       f"archive unreadable after {index} records: "
                       f"{type(exc).__name__}: {exc}"[:500])
            return
    if not produced:
        yield Skip(origin_of(path), "ingest",
                   (SkipCode.NO_TEXT if index else SkipCode.BAD_ARCHIVE).value,
                   f"no HTML response records among {index} records" if index
                   else "no WARC/ARC records found")
