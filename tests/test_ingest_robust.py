"""Issue 25, input side: one bad input costs only itself in an ``ingest`` batch.

Each case is a real file through the real readers, pipeline and SQLite store (or the CLI in a
subprocess): a deeply nested or huge-number JSONL line, lone surrogates in metadata, a file
name that is not UTF-8, dates at the ends of the calendar, feed entries of plain text or one
``<p>``, a symlink out of the folder, UTF-16LE without a BOM.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.config import Config
from newsgraph.errors import BadDate
from newsgraph.ingest import iter_documents
from newsgraph.pipeline import Pipeline
from newsgraph.records import Analysis, RawDocument, Skip
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOOD = ("Australia and Japan signed a defence agreement in Canberra on Friday, officials said. "
        "The pact allows joint exercises and was welcomed by the United States. China "
        "criticised the agreement on Saturday, a spokesman said in Beijing.")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def store_all(pipeline: Pipeline, paths: list[Path], db: Path,
              published: str | None = None) -> tuple[list[Analysis], list[Skip]]:
    """What ``ingest`` does, in-process: every result saved, every skip recorded."""
    done: list[Analysis] = []
    skipped: list[Skip] = []
    with Store(db) as store:
        for r in pipeline.process(iter_documents(paths, Config(), published=published)):
            if isinstance(r, Skip):
                store.record_skip(r)
                skipped.append(r)
            else:
                store.save(r)
                done.append(r)
    return done, skipped


def test_hostile_jsonl_lines_are_skips_among_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = ['{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
             '{"text": "x", "n": ' + "9" * 5_000 + "}",
             json.dumps({"text": GOOD + " Kept."})]
    path.write_text("\n".join(lines) + "\n")
    out = list(iter_documents([path], Config()))
    assert [type(o).__name__ for o in out] == ["Skip", "Skip", "RawDocument"], out
    assert {o.code for o in out if isinstance(o, Skip)} == {"E107"}
    # the runner's chunk reader judges lines the same way
    from newsgraph.runner.sources import plan_chunks, read_chunk
    recs = [r for c in plan_chunks([path]) for r in read_chunk(c)]
    assert [r.get("skip_code") for r in recs][:2] == ["E107", "E107"], recs[:2]


def test_lone_surrogates_in_metadata_do_not_stop_the_save(pipeline: Pipeline,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    rec = {"text": GOOD, "title": "Pact \ud800 signed", "outlet": "Daily \udfff",
           "url": "https://news.example/\ud83d", "published": "2024-03-05"}
    path.write_text(json.dumps(rec) + "\n" + json.dumps({"text": GOOD + " Second."}) + "\n")
    done, skipped = store_all(pipeline, [path], tmp_path / "s.db")
    assert len(done) == 2 and not skipped
    with Store(tmp_path / "s.db", readonly=True) as store:
        titles = sorted(str(a["title"]) for a in store.articles())
    assert "Pact \ufffd signed" in titles


def test_a_file_name_that_is_not_utf8_is_read_and_recorded(pipeline: Pipeline,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/bad\xff\xfe.txt", "wb") as fh:
        fh.write((GOOD + " Named.").encode())
    with open(os.fsencode(folder) + b"/bad\xff.pdf", "wb") as fh:  # unsupported: a skip row
        fh.write(b"x")
    (folder / "good.txt").write_text(GOOD)
    done, skipped = store_all(pipeline, [folder], tmp_path / "n.db")
    assert len(done) == 2 and len(skipped) == 1
    with Store(tmp_path / "n.db", readonly=True) as store:
        origins = [str(a["origin"]) for a in store.articles()] + [
            s["origin"] for s in store.skips()]
    assert any("bad\\xff\\xfe.txt" in o for o in origins), origins


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-05", "1066-10-14", "2999-01-01"])
def test_user_dates_outside_a_sane_range_are_a_clear_error(value: str) -> None:
    from newsgraph.clean.published import parse_published

    with pytest.raises(BadDate, match="out of range"):
        parse_published(value)


def test_cli_refuses_an_absurd_published_date_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    for cmd in (["ingest"], ["run"]):
        proc = cli(*cmd, str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"),
                   "--published", "9999-12-31")
        assert proc.returncode == 2, proc.stderr[-2000:]
        assert "Traceback" not in proc.stdout + proc.stderr
        assert "out of range" in proc.stdout + proc.stderr


def test_document_dates_at_the_calendar_edges_become_unknown(pipeline: Pipeline,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps({"text": GOOD + f" Edge {i}.", "published": d})
                              for i, d in enumerate(["9999-12-31", "0001-01-05"])) + "\n"
                    + json.dumps({"text": "On 31 December 9999 and on 2 January 0001, " + GOOD,
                                  "published": "2024-03-05"}) + "\n")
    done, skipped = store_all(pipeline, [path], tmp_path / "d.db")
    assert len(done) == 3 and not skipped
    assert [a.article.published for a in done] == [None, None, "2024-03-05"]


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://news.example/1</link>
<description>{one}</description></item>
<item><title>Two</title><link>https://news.example/2</link>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>{two}</p>]]></content:encoded>
</item></channel></rss>"""


def test_feed_entries_of_plain_text_or_one_paragraph_are_stored(pipeline: Pipeline,
                                                                tmp_path: Path) -> None:
    two = ("Ministers from France and Germany met in Paris on Tuesday to discuss energy "
           "prices, a government spokesman said.")
    path = tmp_path / "f.rss"
    one = GOOD + (" The agreement follows two years of talks between the defence ministers "
                  "of both countries, who first met in Tokyo in 2022. Officials said the "
                  "first joint exercise would take place next year.")
    assert len(one) > 400  # a full article, not a teaser
    path.write_text(FEED.format(one=one, two=two), encoding="utf-8")
    done, skipped = store_all(pipeline, [path], tmp_path / "f.db")
    assert not skipped, skipped
    assert len(done) == 2
    assert done[1].article.text.startswith("Ministers from France")


def test_symlinks_out_of_an_ingested_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "private.txt").write_text(GOOD + " Private.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "inner.txt").symlink_to(folder / "good.txt")  # inside: fine
    (folder / "leak.txt").symlink_to(outside / "private.txt")
    (folder / "leakdir").symlink_to(outside)
    out = list(iter_documents([folder], Config()))
    read = sorted(Path(o.origin).name for o in out if isinstance(o, RawDocument))
    skipped = {Path(o.origin).name: o.code for o in out if isinstance(o, Skip)}
    assert read == ["good.txt", "inner.txt"], out
    assert skipped == {"leak.txt": "E100", "leakdir": "E100"}, skipped


def test_utf16le_without_a_bom_is_decoded() -> None:
    from newsgraph.clean.decode import decode_bytes

    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(GOOD.encode(codec)) == GOOD
    # binaries with NULs are still refused
    from newsgraph.errors import SkipError
    with pytest.raises(SkipError):
        decode_bytes(b"\x00\x01\x02\x03" * 500)


def test_api_ingest_refuses_an_absurd_date_before_saving_anything(tmp_path: Path) -> None:
    """Was a 500 after the request's earlier documents were saved (OverflowError)."""
    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    db = tmp_path / "api.db"
    with Store(db):
        pass
    client = TestClient(create_app(Settings(db=db, host="127.0.0.1", enable_ingest=True)))
    docs = [{"text": GOOD, "published": "2024-03-05"},
            {"text": GOOD + " Again.", "published": "9999-12-31"}]
    r = client.post("/api/ingest", json={"documents": docs})
    assert r.status_code == 422, r.text
    assert "out of range" in r.text
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 0
