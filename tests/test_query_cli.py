"""``newsgraph query``: the frames as JSON, CSV and tables, with the read layer's filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.frames import CLUSTER_SCHEMA, EVENT_SCHEMA, Frames
from newsgraph.store.queries import EventFilter
from test_frames import build_db

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_db(tmp_path_factory.mktemp("query_cli")))


def query(db: str, *args: str, code: int = 0) -> str:
    res = runner.invoke(app, ["query", *args, "--db", db])
    assert res.exit_code == code, res.output
    return res.stdout


def test_events_json_matches_frames(db: str) -> None:
    rows = json.loads(query(db, "events", "--json", "--root", "04"))
    with Frames.open(db) as fr:
        expected = fr.events(EventFilter(root="04"))
        total = fr.q.events(EventFilter(root="04"), limit=1)["total"]
    assert [r["id"] for r in rows] == list(expected["id"]) and len(rows) == total
    assert all(r["cameo"].startswith("04") and isinstance(r["cameo"], str) for r in rows)
    assert set(rows[0]) == set(EVENT_SCHEMA.names)


def test_events_csv_keeps_leading_zeros(db: str) -> None:
    out = query(db, "events", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == EVENT_SCHEMA.names
    with Frames.open(db) as fr:
        assert len(rows) == fr.q.events(limit=1)["total"]
    assert any(r["cameo"].startswith("0") for r in rows)
    assert {len(r["root"]) for r in rows} == {2}


def test_filters_are_options(db: str) -> None:
    both = json.loads(query(db, "events", "--json", "--from", "2024-03", "--to", "2024-03",
                            "--source", "CHN"))
    assert both and all(r["date"].startswith("2024-03") for r in both)
    assert all("CHN" in (r["source_codes"] or "") or "CHN" in (r["source_countries"] or "")
               for r in both)
    assert json.loads(query(db, "events", "--json", "--outlet", "No Such Outlet")) == []
    assert len(json.loads(query(db, "events", "--json", "--limit", "3"))) == 3
    query(db, "events", "--bbox", "1,2", code=2)  # a bad filter value is a usage error
    query(db, "events", "--json", "--csv", code=2)


def test_clusters(db: str) -> None:
    rows = json.loads(query(db, "clusters", "--json", "--cameo", "111"))
    assert rows[0]["n_mentions"] == 2 and rows[0]["n_outlets"] == 2
    assert set(rows[0]) == set(CLUSTER_SCHEMA.names)
    table = query(db, "clusters", "--limit", "5")
    assert "Clusters (5 rows)" in table and "mentions" in table


def test_dyad_actor_network_search(db: str) -> None:
    dyad = json.loads(query(db, "dyad", "CHN", "JPN", "--json", "--granularity", "month"))
    with Frames.open(db) as fr:
        d = fr.q.dyad("CHN", "JPN", granularity="month")
    assert sum(r["count"] for r in dyad) == sum(d["totals"].values()) - sum(
        d["undated"].values())
    assert {r["granularity"] for r in dyad} == {"month"}
    query(db, "dyad", "CHN", "JPN", "--granularity", "fortnight", code=2)

    actor = list(csv.DictReader(io.StringIO(query(db, "actor", "AUS", "--csv",
                                                  "--granularity", "year"))))
    assert actor and all(r["actor"] == "AUS" and len(r["period"]) == 4 for r in actor)
    assert "--actor" not in runner.invoke(app, ["query", "actor", "--help"]).stdout

    edges = json.loads(query(db, "network", "--json", "--level", "country", "--limit", "3"))
    assert len(edges) == 3 and edges[0]["weight"] >= edges[-1]["weight"]
    assert "Network (actor)" in query(db, "network")

    hits = json.loads(query(db, "search", "ambassador", "--json"))
    assert hits and hits[0]["rank"] == 1
    assert "Search: ambassador" in query(db, "search", "ambassador")


def test_missing_db(tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", "events", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
