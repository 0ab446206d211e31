"""Analyst frames agree with the read layer they flatten, on a store the real pipeline built.

The store holds ``examples/`` plus one short report of our own, from a second outlet, of an
event an example also reports, so one cluster has two mentions from two outlets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.frames import (
    CLUSTER_SCHEMA,
    EVENT_SCHEMA,
    SEP,
    Frames,
    make_filter,
    to_pandas,
)
from newsgraph.store.queries import EventFilter, Queries

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SECOND_REPORT = """Title: Beijing criticises new defence pact
Outlet: Pacific Wire
Published: 2024-03-14

China's Ministry of Foreign Affairs criticised the new troop access agreement on Wednesday.

Observers in Sydney said the reaction had been expected.
"""

_DB: dict[str, Path] = {}


def build_db(base: Path) -> Path:
    """examples/ plus the second report, ingested by the CLI (once per session)."""
    if "db" not in _DB:
        src = base / "input"
        shutil.copytree(EXAMPLES, src)
        (src / "second-report.txt").write_text(SECOND_REPORT, encoding="utf-8")
        db = base / "frames.db"
        res = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "--json"])
        assert res.exit_code == 0, res.output
        _DB["db"] = db
    return _DB["db"]


@pytest.fixture(scope="module")
def fr(tmp_path_factory: pytest.TempPathFactory) -> Frames:
    frames = Frames.open(build_db(tmp_path_factory.mktemp("frames")))
    yield frames  # type: ignore[misc]
    frames.close()


def all_events(q: Queries, f: EventFilter) -> list[dict]:  # type: ignore[type-arg]
    return q.events(f, limit=500)["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("filters", [{}, {"root": "04"}, {"actor": "AUS"}, {"source": "CHN"},
                                     {"quad_class": 4}, {"date_from": "2024-03",
                                                         "date_to": "2024-03"},
                                     {"modality": "reported"}, {"outlet": "Pacific Wire"}])
def test_events_agree_with_queries(fr: Frames, filters: dict) -> None:  # type: ignore[type-arg]
    f = EventFilter(**filters)
    expected = all_events(fr.q, f)
    df = fr.events(f)
    assert len(df) == fr.q.events(f, limit=1)["total"] == len(expected)
    assert list(df["id"]) == [e["id"] for e in expected]  # same rows, same order
    by_id = {e["id"]: e for e in expected}
    for row in df.head(20).itertuples():
        e = by_id[row.id]
        assert row.cameo == e["cameo"] and row.evidence_text == e["evidence_text"]
        codes = [a["code"] for a in e["source"] if a["code"]]
        assert (row.source_codes if row.source_codes is not pd.NA else None) == (
            SEP.join(codes) or None)


def test_event_frame_types(fr: Frames) -> None:
    df = fr.events()
    assert str(df["cameo"].dtype) == "string" and str(df["root"].dtype) == "string"
    assert str(df["quad_class"].dtype) == "Int64"
    assert str(df["negated"].dtype) == "boolean"
    assert df["date_start"].dtype.kind == "M"  # datetime64: .dt and resampling work
    # codes below 10 keep their leading zero, in pandas and in Arrow
    assert df["cameo"].str.startswith("0").any()
    assert df["cameo"].str.len().min() >= 3 and df["root"].str.len().eq(2).all()
    table = fr.events(arrow=True)
    assert isinstance(table, pa.Table) and table.schema == EVENT_SCHEMA
    assert table.column("cameo").to_pylist() == list(df["cameo"])
    # every event has its cluster; precise dates give a start day
    assert df["cluster_id"].notna().all() and (df["cluster_mentions"] >= 1).all()
    day = df[df["date_precision"] == "day"].iloc[0]
    assert day["date_start"].strftime("%Y-%m-%d") == day["date"][:10]


def test_events_limit_and_keywords(fr: Frames) -> None:
    assert len(fr.events(limit=7)) == 7
    assert list(fr.events(root="04")["id"]) == list(fr.events(EventFilter(root="04"))["id"])
    assert make_filter(EventFilter(root="04"), actor="AUS") == EventFilter(root="04",
                                                                          actor="AUS")
    with pytest.raises(TypeError):
        fr.events(rooot="04")


def test_clusters_count_mentions(fr: Frames) -> None:
    clusters = fr.clusters()
    n_clusters = fr.conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    assert len(clusters) == n_clusters
    assert clusters["n_mentions"].sum() == len(fr.events())
    top = clusters.iloc[0]  # most reported first: the event both outlets carried
    assert top["n_mentions"] == 2 and top["n_outlets"] == 2 and top["n_articles"] == 2
    assert set(top["outlets"].split(SEP)) == {"Pacific Wire", "The Harbour Ledger"}
    assert top["cameo"] == "111" and "CHNGOV" in top["source_codes"]
    members = top["event_ids"].split(SEP)
    events = fr.events()
    assert set(events[events["cluster_id"] == top["id"]]["id"]) == set(members)
    assert (events.set_index("id").loc[members, "cluster_outlets"] == 2).all()
    assert str(clusters["cameo"].dtype) == "string"
    assert fr.clusters(arrow=True).schema == CLUSTER_SCHEMA


def test_clusters_follow_event_filters(fr: Frames) -> None:
    f = EventFilter(outlet="Pacific Wire")
    clusters = fr.clusters(f)
    events = fr.events(f)
    assert set(clusters["id"]) == set(events["cluster_id"])
    assert clusters["matched_mentions"].sum() == len(events)
    assert (clusters["matched_mentions"] <= clusters["n_mentions"]).all()
    assert len(fr.clusters(limit=3)) == 3


@pytest.mark.parametrize("granularity", ["day", "week", "month", "auto"])
def test_dyad_series_agree_with_queries(fr: Frames, granularity: str) -> None:
    d = fr.q.dyad("CHN", "JPN", granularity=granularity)
    df = fr.dyad("CHN", "JPN", granularity=granularity)
    assert set(df["direction"]) <= {"CHN>JPN", "JPN>CHN"}
    for direction, total in d["totals"].items():
        part = df[df["direction"] == direction]
        assert part["count"].sum() == total - d["undated"][direction]
        assert (part["cooperation"] + part["conflict"] == part["count"]).all()
    assert (df["granularity"] == d["granularity"]).all()
    if granularity != "auto":
        assert d["granularity"] == granularity


def test_actor_timeline(fr: Frames) -> None:
    t = fr.q.timeline(EventFilter(actor="AUS"), "month")
    df = fr.actor("AUS", granularity="month")
    assert df["count"].sum() == t["total"] - t["undated"]
    assert list(df["period"]) == [b["period"] for b in t["buckets"]]
    # a name resolves to the actor's id
    assert fr.actor("Australia", granularity="month")["count"].sum() > 0
    assert fr.actor("AUS", granularity="month", root="04")["count"].sum() <= df["count"].sum()


def test_search_and_network(fr: Frames) -> None:
    hits = fr.search("ambassador")
    assert len(hits) == fr.q.search("ambassador")["total"] >= 1
    assert list(hits["rank"]) == list(range(1, len(hits) + 1))
    assert "[ambassador]" in hits.iloc[0]["snippet"].lower()
    assert len(fr.search("zzzqqq")) == 0
    edges = fr.network(level="country")
    expected = fr.q.network(level="country")["edges"]
    assert list(zip(edges["source"], edges["target"], edges["weight"], strict=True)) == [
        (e["source"], e["target"], e["weight"]) for e in expected]
    actor_edges = fr.network()
    assert actor_edges["source_label"].notna().all()
    nodes = fr.network_nodes()
    assert set(actor_edges["source"]) | set(actor_edges["target"]) == set(nodes["id"])


def test_to_pandas_keeps_codes_as_strings() -> None:
    table = pa.Table.from_pylist([{"cameo": "042", "n": None}, {"cameo": "010", "n": 3}],
                                 schema=pa.schema([("cameo", pa.string()), ("n", pa.int64())]))
    df = to_pandas(table)
    assert list(df["cameo"]) == ["042", "010"] and df["n"].isna().iloc[0]
    assert str(df["n"].dtype) == "Int64"


def test_open_missing_db(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Frames.open(tmp_path / "none.db")
