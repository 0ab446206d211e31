"""Near-duplicate detection: wire copies found, distinct stories kept apart, across runs."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.resolve.duplicates import DuplicateIndex, from_bytes, signature, to_bytes
from newsgraph.store import Store

WIRE = ("Foreign ministers from Australia and Japan met in Canberra on Tuesday and agreed to "
        "deepen security cooperation, officials said. The two governments signed a pact on "
        "the exchange of defence information and pledged joint exercises next year. Prime "
        "Minister Anthony Albanese said the agreement marked a new chapter in relations. "
        "Critics in the opposition warned that the pact could strain ties with Beijing, while "
        "analysts said the deal had been expected for months after lengthy negotiations.")
# a syndicated copy: new dateline, one sentence edited, a line appended
COPY = ("CANBERRA (Reuters) - " + WIRE.replace("on Tuesday", "on Tuesday, 5 March")
        + " Reporting by Jane Doe; editing by John Roe.")
OTHER = ("Flooding in northern Italy forced thousands of residents from their homes on Sunday "
         "as rivers burst their banks after days of heavy rain, the civil protection agency "
         "said. Rescue teams used boats to reach villages cut off by the water, and the "
         "government declared a state of emergency in three regions. Farmers reported heavy "
         "losses of crops and livestock, and officials warned that more rain was forecast.")


def test_wire_copy_is_duplicate_and_other_story_is_not() -> None:
    index = DuplicateIndex()
    assert index.check("a", WIRE)[0] is None
    assert index.check("b", COPY)[0] == "a"
    assert index.check("c", OTHER)[0] is None
    # the copy did not join the index; a third copy still points at the first original
    assert index.check("d", COPY + " Updated.")[0] == "a"


def test_signature_is_deterministic_and_round_trips() -> None:
    one, two = signature(WIRE), signature(WIRE)
    assert to_bytes(one) == to_bytes(two)
    assert from_bytes(to_bytes(one)).jaccard(one) == 1.0


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_text_has_a_signature(text: str) -> None:
    assert len(to_bytes(signature(text))) == 128 * 8


def test_cli_links_duplicates_and_is_incremental(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "db.sqlite")
    first = tmp_path / "run1"
    first.mkdir()
    (first / "a.txt").write_text(WIRE, "utf-8")
    (first / "b.txt").write_text(COPY, "utf-8")
    (first / "c.txt").write_text(OTHER, "utf-8")
    res = runner.invoke(app, ["ingest", str(first), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)["this_run"]
    assert (stats["added"], stats["duplicates"]) == (2, 1)
    second = tmp_path / "run2"
    second.mkdir()
    (second / "d.txt").write_text(COPY + " This story has been updated.", "utf-8")
    res = runner.invoke(app, ["ingest", str(second), "--db", db, "--json"])
    assert json.loads(res.stdout)["this_run"]["duplicates"] == 1
    with Store(db) as store:
        rows = store.conn.execute("SELECT origin, id, duplicate_of FROM articles").fetchall()
        by_origin = {Path(r[0]).name: (r[1], r[2]) for r in rows}
        original = by_origin["a.txt"][0]
        assert by_origin["b.txt"][1] == original and by_origin["d.txt"][1] == original
        assert by_origin["c.txt"][1] is None
        # duplicates were not analysed again: no events or mentions of their own
        for name in ("b.txt", "d.txt"):
            aid = by_origin[name][0]
            assert not store.conn.execute("SELECT 1 FROM events WHERE article_id = ?",
                                          (aid,)).fetchone()
            assert not store.actor_mentions(aid)
        assert [a for a, _ in store.signatures()] == [original, by_origin["c.txt"][0]]
