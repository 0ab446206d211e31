"""Dump our HTML extraction of every WCXB and Zyte page to JSON, to prove a speed change
leaves the output identical.

    .venv/bin/python bench/extraction_dump.py OUT.json [--limit N]
    .venv/bin/python bench/extraction_dump.py --diff A.json B.json

Per page: the body as the extraction eval scores it (``eval/extraction.py: ours``), the
text trafilatura handed on, title, authors, outlet, published, url, captions, the removed
records and a hash of the placed blocks (text and link share). ``--diff`` lists the pages
and fields that differ and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsgraph.eval.extraction import WCXB, ZYTE, load_pages  # noqa: E402


def dump_page(data: bytes, url: str | None) -> dict[str, Any]:
    from newsgraph.clean import clean_html_body
    from newsgraph.clean.decode import decode_bytes
    from newsgraph.clean.html import extract_html
    from newsgraph.errors import SkipError

    try:
        ext = extract_html(decode_bytes(data), url=url)
    except SkipError as exc:
        return {"skip": str(exc)}
    kept, removed = clean_html_body(ext.text, ext.captions, ext.title, ext.placed)
    placed = hashlib.sha256(json.dumps(
        [(k, round(v.link_share, 9)) for k, v in ext.placed.items()]).encode()).hexdigest()
    return {"body": "\n".join(kept), "text": ext.text, "title": ext.title,
            "authors": ext.authors, "outlet": ext.outlet, "published": ext.published,
            "url": ext.url, "captions": ext.captions,
            "removed": [[r.kind, r.text, r.rule] for r in removed], "placed": placed}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--diff", nargs=2)
    args = ap.parse_args()
    if args.diff:
        a, b = (json.loads(Path(p).read_text("utf-8")) for p in args.diff)
        bad = 0
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                bad += 1
                fa, fb = a.get(key) or {}, b.get(key) or {}
                fields = sorted(f for f in set(fa) | set(fb) if fa.get(f) != fb.get(f))
                print(f"{key}: {', '.join(fields)}")
        print(f"{len(a)} vs {len(b)} pages, {bad} differ")
        return 1 if bad else 0
    out: dict[str, Any] = {}
    start = time.process_time()
    for folder, split, name in ((WCXB, True, "wcxb"), (ZYTE, False, "zyte")):
        for page in load_pages(folder, split, name, args.limit):
            out[f"{name}/{page.key}"] = dump_page(page.data, page.url)
    elapsed = time.process_time() - start
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(out)} pages, {elapsed:.1f} s CPU, {len(out) / elapsed:.1f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
