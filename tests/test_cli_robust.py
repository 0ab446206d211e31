"""Issue 25, CLI side: clean database errors, honest exit codes and skip reasons, re-dating on
re-ingest, listings that say when rows are left, per-file dates, export units, start-up cost.

Real SQLite files, the real pipeline; commands through typer's runner or a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD = ("Australia and Japan signed a defence agreement in Canberra on Friday, officials said. "
        "The pact allows joint exercises and was welcomed by the United States. China "
        "criticised the agreement on Saturday, a spokesman said in Beijing.")
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _no_traceback(res: Any) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output


def _corrupt(db: Path) -> None:
    with Store(db):
        pass
    size = db.stat().st_size
    with db.open("r+b") as fh:  # leave the header page, garble every page after it
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4 + 256))


@pytest.mark.parametrize("kind", ["folder", "not-sqlite", "corrupt"])
@pytest.mark.parametrize("command", [["articles"], ["events", "--json"], ["actors"],
                                     ["run", "INPUT"], ["ingest", "INPUT"]])
def test_bad_database_files_give_a_clean_error(tmp_path: Path, kind: str,
                                               command: list[str]) -> None:
    db = tmp_path / "x.db"
    if kind == "folder":
        db.mkdir()
    elif kind == "not-sqlite":
        db.write_text("these are not the pages you are looking for\n" * 100)
    else:
        _corrupt(db)
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    args = [str(src) if a == "INPUT" else a for a in command]
    res = invoke(*args, "--db", str(db))
    _no_traceback(res)
    assert res.exit_code == 1, res.output
    assert "database error" in res.output, res.output


def test_run_db_on_a_full_disk_is_a_clean_error(
        tmp_path: Path, full_disk: Callable[[Path, int], Callable[[], None]]) -> None:
    db = tmp_path / "full.db"
    full_disk(db, 5)
    res = invoke("run", str(EXAMPLES), "--db", str(db))
    _no_traceback(res)
    assert res.exit_code == 1 and "full" in res.output.lower(), res.output


def test_ingest_of_nothing_but_bad_inputs_exits_1_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bin.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    db = str(tmp_path / "n.db")
    res = invoke("ingest", str(tmp_path / "in"), "--db", db)
    assert res.exit_code == 1, res.output
    assert "E101" in res.output and "E102" in res.output and "empty.txt" in res.output
    res = invoke("ingest", str(tmp_path / "in"), "--db", db, "--json")
    assert res.exit_code == 1
    # one good file among them: exit 0, the reasons still shown
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    res = invoke("ingest", str(tmp_path / "in"), "--db", db)
    assert res.exit_code == 0 and "E102" in res.output, res.output


def test_reingest_with_a_corrected_date_updates_it(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    db = str(tmp_path / "d.db")
    assert invoke("ingest", str(src), "--db", db, "--published", "2024-03-01").exit_code == 0
    res = invoke("ingest", str(src), "--db", db, "--published", "2024-03-08", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["this_run"]["redated"] == 1
    with Store(db, readonly=True) as store:
        arts = store.articles()
        events = store.events()
        n_members = store.conn.execute("SELECT count(*) FROM event_cluster_members"
                                       ).fetchone()[0]
        fk = store.conn.execute("PRAGMA foreign_key_check").fetchall()
    assert len(arts) == 1 and arts[0]["published"] == "2024-03-08"
    assert arts[0]["published_source"] == "user"
    assert events and all(str(e["date"]).startswith("2024-03") for e in events if e["date"])
    # "on Friday" now resolves against the new date: no event keeps the old week's Friday
    assert "2024-03-01" not in {e["date"] for e in events}
    assert n_members == len(events) and not fk
    # the same date again: unchanged
    res = invoke("ingest", str(src), "--db", db, "--published", "2024-03-08", "--json")
    assert json.loads(res.stdout)["this_run"]["unchanged"] == 1


def test_listings_say_when_rows_are_left_and_all_gives_every_row(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    assert invoke("ingest", str(EXAMPLES), "--db", db).exit_code == 0
    with Store(db, readonly=True) as store:
        n_events = len(store.events(limit=100_000))
        n_actors = len(store.actors(limit=100_000))
    assert n_events > 3 and n_actors > 3
    for command, total in (("events", n_events), ("actors", n_actors)):
        res = invoke(command, "--db", db, "--json", "--limit", "2")
        assert res.exit_code == 0
        assert len(json.loads(res.stdout)) == 2
        assert "more exist" in res.stderr and "--offset 2" in res.stderr, res.stderr
        page2 = json.loads(invoke(command, "--db", db, "--json", "--limit", "2",
                                  "--offset", "2").stdout)
        assert len(page2) == 2
        every = invoke(command, "--db", db, "--json", "--all")
        assert len(json.loads(every.stdout)) == total and "more exist" not in every.stderr
    res = invoke("quotes", "--db", db, "--json", "--limit", "1")
    assert "more exist" in res.stderr


def test_published_from_name_gives_each_file_its_date(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2024-03-05-pact.txt").write_text(GOOD)
    (folder / "2023-11-20-other.txt").write_text(GOOD.replace("Friday", "Monday"))
    (folder / "2023-13-45-bad.txt").write_text(GOOD.replace("Friday", "Tuesday"))
    (folder / "undated.txt").write_text(GOOD.replace("Friday", "Sunday"))
    db = str(tmp_path / "p.db")
    res = invoke("ingest", str(folder), "--db", db, "--published", "2020-01-01",
                 "--published-from-name", r"(?P<date>\d{4}-\d{2}-\d{2})")
    assert res.exit_code == 0, res.output
    with Store(db, readonly=True) as store:
        dates = {Path(a["origin"]).name: a["published"] for a in store.articles()}
        skips = store.skips()
    assert dates == {"2024-03-05-pact.txt": "2024-03-05",
                     "2023-11-20-other.txt": "2023-11-20", "undated.txt": "2020-01-01"}
    assert [s["code"] for s in skips] == ["E107"] and "bad.txt" in skips[0]["origin"]


def test_export_says_what_a_record_is(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    assert invoke("ingest", str(EXAMPLES), "--db", db).exit_code == 0
    res = invoke("export", "gdelt", "--out", str(tmp_path / "g.tsv"), "--db", db)
    assert res.exit_code == 0
    said = " ".join(res.output.split())  # rich wraps long lines
    assert "one per real-world event" in said and "event mentions match" in said
    mentions = invoke("export", "icews", "--out", str(tmp_path / "i.tsv"), "--db", db)
    n = int(mentions.output.split()[0])
    assert f"{n} event mentions match" in said
    assert "one per event mention" in " ".join(mentions.output.split())


def test_cli_start_up_loads_no_nlp_stack() -> None:
    """``--help`` and listings must not import spaCy or trafilatura (1.9 s before)."""
    code = ("import sys, time; t = time.perf_counter(); import newsgraph.cli; "
            "print(sorted(m for m in ('spacy', 'trafilatura', 'datasketch', 'charset_normalizer',"
            " 'py3langid') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "--help"], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                          timeout=120)
    assert proc.returncode == 0 and "eval" in proc.stdout
    print(f"\n--help: {time.monotonic() - start:.2f} s")
    assert "actors" in runner.invoke(app, ["eval", "--help"]).output


def test_run_db_also_redates_on_a_corrected_date(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    db = str(tmp_path / "r.db")
    assert invoke("run", str(src), "--db", db, "--published", "2024-03-01").exit_code == 0
    res = invoke("run", str(src), "--db", db, "--published", "2024-03-08", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout).get("redated") == 1
    with Store(db, readonly=True) as store:
        assert [a["published"] for a in store.articles()] == ["2024-03-08"]
