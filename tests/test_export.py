"""Every export format written through the CLI and parsed back."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.export._rows import partition, sqldate
from newsgraph.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from newsgraph.export.icews import COLUMNS as ICEWS_COLUMNS
from newsgraph.pipeline import Pipeline, analyze
from newsgraph.store import Store

runner = CliRunner()
# the event dates (8 March, 20 June) differ from every publication date
ARTICLES = [
    ("Outlet: Daily A\nTitle: Pact\n\nAustralia signed a defence agreement with Japan on "
     "8 March 2024 in Tokyo.", "2024-03-11", "https://a.example/pact"),
    ("Outlet: Herald B\nTitle: Japan deal\n\nJapan and Australia signed a defence pact in "
     "Tokyo on 8 March 2024.", "2024-03-12", "https://b.example/deal"),
    ("Outlet: Wire C\nTitle: Defence\n\nAustralia signed a security agreement with Japan on "
     "March 8, 2024, officials said.", "2024-03-13", "https://c.example/defence"),
    ("Outlet: Wire E\nTitle: Talks\n\nFrench officials met with German officials in Berlin "
     "in June 2024.",
     "2024-07-02", "https://e.example/talks"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("export") / "n.db"
    with Store(path) as s:
        for text, published, url in ARTICLES:
            s.save(analyze(text, published=published, url=url, pipeline=pipeline))
    return path


def _export(db: Path, fmt: str, out: Path, *extra: str) -> Path:
    res = runner.invoke(app, ["export", fmt, "--db", str(db), "--out", str(out), *extra])
    assert res.exit_code == 0, res.output
    return out


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_gdelt_events(db: Path, tmp_path: Path) -> None:
    rows = _tsv(_export(db, "gdelt", tmp_path / "events.tsv"))
    header, body = rows[0], rows[1:]
    assert header == EVENT_COLUMNS and all(len(r) == 61 for r in rows)
    records = [dict(zip(header, r, strict=True)) for r in body]
    pact = next(r for r in records if r["EventCode"] == "057")
    assert (pact["EventBaseCode"], pact["EventRootCode"]) == ("057", "05")  # leading zeros
    assert pact["SQLDATE"] == "20240308"  # the event's date, not the articles' (11-13 March)
    assert (pact["MonthYear"], pact["Year"]) == ("202403", "2024")
    assert (pact["NumMentions"], pact["NumSources"], pact["NumArticles"]) == ("3", "3", "3")
    assert {pact["Actor1CountryCode"], pact["Actor2CountryCode"]} == {"AUS", "JPN"}
    assert pact["QuadClass"] == "1" and float(pact["GoldsteinScale"]) == 8.0
    assert pact["IsRootEvent"] == "1"
    assert pact["SOURCEURL"].startswith("https://")
    talks = next(r for r in records if r["Actor1CountryCode"] == "FRA")
    assert talks["SQLDATE"] == "20240600"  # month precision: unknown day is 00
    assert talks["EventRootCode"] == "04"


def test_gdelt_mentions_link_to_events(db: Path, tmp_path: Path) -> None:
    events = _tsv(_export(db, "gdelt", tmp_path / "events.tsv"))
    mentions = _tsv(_export(db, "gdelt-mentions", tmp_path / "mentions.tsv"))
    assert mentions[0] == MENTION_COLUMNS and all(len(r) == 16 for r in mentions)
    ids = {r[0] for r in events[1:]}
    assert {r[0] for r in mentions[1:]} == ids
    pact_id = next(r[0] for r in events[1:] if r[26] == "057")
    pact = [r for r in mentions[1:] if r[0] == pact_id]
    assert len(pact) == 3 and {r[4] for r in pact} == {"Daily A", "Herald B", "Wire C"}
    assert {r[2][:8] for r in pact} == {"20240311", "20240312", "20240313"}


def test_icews(db: Path, tmp_path: Path) -> None:
    rows = _tsv(_export(db, "icews", tmp_path / "icews.tsv"))
    assert rows[0] == ICEWS_COLUMNS and all(len(r) == len(ICEWS_COLUMNS) for r in rows)
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    pact = [r for r in records if r["CAMEO Code"] == "057"]
    assert len(pact) == 3 and {r["Event Date"] for r in pact} == {"2024-03-08"}
    assert len({r["Cluster ID"] for r in pact}) == 1 and pact[0]["Cluster Mentions"] == "3"
    assert {r["Source Country"] for r in pact} <= {"Australia", "Japan"}


def test_plover_json(db: Path, tmp_path: Path) -> None:
    records = json.loads(_export(db, "plover", tmp_path / "p.json").read_text("utf-8"))
    assert len(records) == 4
    pact = [r for r in records if r["cameo"] == "057"]
    assert {r["event_type"] for r in pact} == {"SUPPORT"}
    assert {r["event_date"] for r in pact} == {"2024-03-08"}
    assert all(r["actor"] and r["source_text"] for r in pact)
    assert all(isinstance(r["context"], list) for r in records)


def test_jsonl_full_records_with_evidence(db: Path, tmp_path: Path) -> None:
    lines = _export(db, "jsonl", tmp_path / "e.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    assert len(records) == 4
    with Store(db, readonly=True) as s:
        for r in records:
            art = s.article(r["evidence"]["article_id"])
            assert art is not None
            ev = r["evidence"]
            assert art["text"][ev["start"]:ev["end"]] == ev["text"]
            assert r["cluster"]["id"] and r["source"][0]["name"]
    assert sum(r["cluster"]["representative"] for r in records) == 2


def test_parquet_partitioned_by_year_month(db: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.dataset as ds

    out = _export(db, "parquet", tmp_path / "pq")
    assert (out / "year=2024" / "month=03").is_dir()
    assert (out / "year=2024" / "month=06").is_dir()
    parts = ds.partitioning(pa.schema([("year", pa.string()), ("month", pa.string())]),
                            flavor="hive")
    table = ds.dataset(out, format="parquet", partitioning=parts).to_table()
    assert table.num_rows == 4
    rows = table.to_pylist()
    assert "057" in {r["cameo"] for r in rows}
    assert {(r["year"], r["month"]) for r in rows if r["cameo"] == "057"} == {("2024", "03")}
    assert all(isinstance(r["cameo"], str) for r in rows)
    assert {r["cluster_mentions"] for r in rows if r["cameo"] == "057"} == {3}


def test_timelinejs_actor_and_dyad(db: Path, tmp_path: Path) -> None:
    doc = json.loads(_export(db, "timelinejs", tmp_path / "t.json", "--actor", "Australia")
                     .read_text("utf-8"))
    assert len(doc["events"]) == 1
    slide = doc["events"][0]
    assert slide["start_date"] == {"year": "2024", "month": "3", "day": "8"}
    assert "3 mention(s)" in slide["text"]["text"]
    dyad = json.loads(_export(db, "timelinejs", tmp_path / "d.json", "--actor", "France",
                              "--actor", "Germany").read_text("utf-8"))
    assert [e["start_date"] for e in dyad["events"]] == [{"year": "2024", "month": "6"}]
    res = runner.invoke(app, ["export", "timelinejs", "--db", str(db), "--out",
                              str(tmp_path / "x.json")])
    assert res.exit_code == 2  # an actor is required


def test_filters(db: Path, tmp_path: Path) -> None:
    def count(*extra: str) -> int:
        path = _export(db, "jsonl", tmp_path / "f.jsonl", *extra)
        return len(path.read_text("utf-8").splitlines())

    assert count("--since", "2024-06-01") == 1
    assert count("--until", "2024-03-31") == 3
    assert count("--since", "2024-03-08", "--until", "2024-03-08") == 3
    assert count("--actor", "Japan") == 3
    assert count("--actor", "AUS", "--actor", "JPN") == 3
    res = runner.invoke(app, ["export", "jsonl", "--db", str(db), "--out",
                              str(tmp_path / "x.jsonl"), "--actor", "Atlantis"])
    assert res.exit_code == 2 and "Atlantis" in res.output


def test_exports_honour_the_corrections_layer(db: Path, tmp_path: Path) -> None:
    """The CLI's exports lay analysts' corrections over the coding as the UI does: a rejected
    mention leaves the mention formats, a recode and a swapped direction show; ``--machine``
    gives the machine coding back; a cluster leaves GDELT only when every member is gone."""
    import shutil
    import sqlite3

    from newsgraph.store.workbench import add_correction

    fixed = tmp_path / "fixed.db"
    shutil.copy(db, fixed)
    machine = [json.loads(x) for x in _export(fixed, "jsonl", tmp_path / "m.jsonl")
               .read_text("utf-8").splitlines()]
    pact = sorted((r for r in machine if r["cameo"] == "057"), key=lambda r: r["id"])
    talks = next(r for r in machine if r["cameo"] != "057")
    conn = sqlite3.connect(fixed)
    with conn:
        add_correction(conn, kind="event", target=pact[0]["id"], field="reject", value="1",
                       who="t")
        add_correction(conn, kind="event", target=pact[1]["id"], field="cameo", value="036",
                       who="t")
        add_correction(conn, kind="event", target=talks["id"], field="direction", value="swap",
                       who="t")
        add_correction(conn, kind="event", target=talks["id"], field="reject", value="1",
                       who="t")
    conn.close()
    out = {r["id"]: r for r in (json.loads(x) for x in _export(
        fixed, "jsonl", tmp_path / "c.jsonl").read_text("utf-8").splitlines())}
    assert pact[0]["id"] not in out and talks["id"] not in out
    assert out[pact[1]["id"]]["cameo"] == "036" and out[pact[1]["id"]]["corrected"]
    assert out[pact[1]["id"]]["corrections"][0]["machine"] == "057"
    assert not out[pact[2]["id"]]["corrected"] and out[pact[2]["id"]]["cameo"] == "057"
    again = _export(fixed, "jsonl", tmp_path / "m2.jsonl", "--machine").read_text("utf-8")
    assert len(again.splitlines()) == len(machine) and '"corrected": true' not in again
    gdelt = _tsv(_export(fixed, "gdelt", tmp_path / "g.tsv"))[1:]
    assert len(gdelt) == len(_tsv(_export(db, "gdelt", tmp_path / "g0.tsv"))) - 2, \
        "the talks cluster (its only member rejected) leaves; the pact's stays"
    icews = _tsv(_export(fixed, "icews", tmp_path / "i.tsv"))
    assert len(icews) == len(_tsv(_export(db, "icews", tmp_path / "i0.tsv"))) - 2


def test_sqldate_rule() -> None:
    assert sqldate("2024-03-08", "day") == "20240308"
    assert sqldate("2024-03-09", "publication") == "20240309"
    assert sqldate("2024-03", "month") == "20240300"
    assert sqldate("2024", "year") == "20240000"
    assert sqldate("2024-W10", "week") == "20240300"  # 4-10 March: inside one month
    assert sqldate("2024-W09", "week") == "20240000"  # 26 Feb - 3 Mar: only the year
    assert sqldate("2024-Q1", "quarter") == "20240000"
    for value, precision in (("XXXX-03", "month"), ("202", "decade"), (None, "unknown")):
        assert sqldate(value, precision) == ""
    assert partition(None, "unknown") == ("unknown", "00")


# years below 10 and above 9990 have no window (date_window: widened ranges overflowed there)
@given(st.dates(min_value=dt.date(10, 1, 1), max_value=dt.date(9990, 12, 31)),
       st.sampled_from(["day", "publication", "month", "year", "week"]))
def test_sqldate_is_eight_digits_inside_the_window(d: object, precision: str) -> None:
    import datetime as dt

    assert isinstance(d, dt.date)
    value = {"month": f"{d.year:04d}-{d.month:02d}", "year": f"{d.year:04d}",
             "week": "{:04d}-W{:02d}".format(*d.isocalendar()[:2])}.get(precision, d.isoformat())
    code = sqldate(value, precision)
    assert len(code) == 8 and code.isdigit()
    if precision in ("day", "publication"):
        assert code == f"{d.year:04d}{d.month:02d}{d.day:02d}"
    elif precision == "month":
        assert code == f"{d.year:04d}{d.month:02d}00"


def test_summaries_jsonl(tmp_path: Path) -> None:
    from newsgraph.export import export

    a = analyze("Title: Pact\n\nAustralia and Japan signed a defence agreement in Tokyo on "
                "Friday, officials said.", published="2024-03-13")
    out = tmp_path / "s.jsonl"
    with Store(tmp_path / "s.db") as s:
        s.save(a)
        assert export(s.conn, "summaries", out) == 1
    rec = json.loads(out.read_text().splitlines()[0])
    assert rec["article"]["id"] == a.article.id
    who = rec["who"]
    assert a.article.text[who["start"]:who["end"]] == who["text"]
