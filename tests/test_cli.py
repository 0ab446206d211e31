"""The CLI end to end on the bundled samples plus bad inputs (real pipeline, real DB file)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def _ingest(args: list[str]) -> dict:  # type: ignore[type-arg]
    res = runner.invoke(app, ["ingest", *args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_ingest_samples_is_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    first = _ingest([str(EXAMPLES), "--db", db])
    n_samples = len([p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html")])
    assert first["this_run"]["added"] == n_samples
    assert first["this_run"]["events"] > 0 and first["this_run"]["quotes"] > 0
    second = _ingest([str(EXAMPLES), "--db", db])
    assert second["this_run"]["added"] == 0
    assert second["database"] == first["database"]

    res = runner.invoke(app, ["timeline", "--db", db, "--json"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    dated = [r for r in rows if r["date"]]
    assert dated and [r["date"] for r in dated] == sorted(r["date"] for r in dated)
    assert any(r["date_precision"] not in ("publication", "unknown") for r in rows)

    arts = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)
    undated = [a for a in arts if a["published"] is None]
    assert len(undated) == 1 and undated[0]["published_source"] == "unknown"
    shown = runner.invoke(app, ["show", undated[0]["id"][:10], "--db", db, "--json"])
    assert shown.exit_code == 0
    body = json.loads(shown.stdout)
    assert all(t["anchor"] != "publication" for t in body["timexes"])
    summ = runner.invoke(app, ["summary", undated[0]["id"][:10], "--db", db, "--json"])
    assert summ.exit_code == 0
    answers = json.loads(summ.stdout)
    assert answers["who"] and answers["what"]
    text = body["article"]["text"]
    assert text[answers["who"]["start"]:answers["who"]["end"]] == answers["who"]["text"]


def test_bad_inputs_become_skips_and_good_files_are_stored(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(EXAMPLES.glob("*.txt")), src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (src / "latin1.txt").write_bytes(("Ministers from France and Germany met in Paris on "
                                      "Monday to discuss the crisis, officials said. "
                                      "Café talks continued.").encode("latin-1"))
    (src / "german.txt").write_text("Die Bundesregierung hat am Dienstag neue Gespräche mit "
                                    "Frankreich angekündigt, sagte der Sprecher in Berlin.")
    (src / "big.txt").write_text("word " * 5000)
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    (src / "feed.jsonl").write_text(
        '{"text": "Japan and Australia agreed to hold talks in Canberra next week, officials '
        'said on Monday.", "published": "2024-05-01"}\n{broken json\n{"url": "http://x"}\n')
    db = str(tmp_path / "n.db")
    out = _ingest([str(src), "--db", db, "--max-bytes", "20000"])
    assert out["this_run"]["added"] == 3  # good.txt, latin1.txt, the good JSONL record
    skips = json.loads(runner.invoke(app, ["skips", "--db", db, "--json"]).stdout)
    codes = {Path(s["origin"]).name: s["code"] for s in skips}
    assert codes["empty.txt"] == "E101"
    assert codes["binary.html"] == "E102"
    assert codes["german.txt"] == "E105"
    assert codes["big.txt"] == "E104"
    assert codes["notes.pdf"] == "E108"
    assert codes["feed.jsonl:2"] == "E107" and codes["feed.jsonl:3"] == "E107"


def test_usage_errors_exit_non_zero(tmp_path: Path) -> None:
    assert runner.invoke(app, ["ingest", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(app, ["ingest", str(tmp_path), "--published", "soon"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")]).exit_code == 2
