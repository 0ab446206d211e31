"""Cross-article event resolution: one real-world event, many mentions, one cluster."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgraph import store as store_module
from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Analysis
from newsgraph.resolve.events import (
    Mention,
    Window,
    add_mentions,
    compatible,
    conflicting,
    date_window,
    dates_compatible,
    identifies,
)
from newsgraph.store import CLUSTERS_MIGRATION, Store

SIGNED = [
    ("Outlet: Daily A\nTitle: Pact\n\nAustralia signed a defence agreement with Japan on "
     "8 March 2024 in Tokyo.", "2024-03-09"),
    ("Outlet: Herald B\nTitle: Japan deal\n\nJapan and Australia signed a defence pact in "
     "Tokyo on Friday.", "2024-03-10"),
    ("Outlet: Wire C\nTitle: Defence\n\nAustralia signed a security agreement with Japan "
     "last week, officials said.", "2024-03-12"),
]
DENIED = ("Outlet: Wire D\nTitle: Denial\n\nAustralia did not sign a defence agreement with "
          "Japan on 8 March 2024.", "2024-03-12")
OTHER = ("Outlet: Wire E\nTitle: Later\n\nAustralia signed a trade agreement with Japan on "
         "20 June 2024.", "2024-06-21")


@pytest.fixture(scope="module")
def analyses(pipeline: Pipeline) -> list[Analysis]:
    return [analyze(t, published=p, pipeline=pipeline) for t, p in [*SIGNED, DENIED, OTHER]]


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for eid, cid in store.conn.execute("SELECT event_id, cluster_id FROM event_cluster_members"):
        groups.setdefault(cid, set()).add(eid)
    return {frozenset(g) for g in groups.values()}


def _clusters(store: Store) -> list[dict[str, object]]:
    return [dict(r) for r in store.conn.execute(
        "SELECT * FROM event_clusters ORDER BY n_mentions DESC, date")]


def test_three_outlets_one_cluster(tmp_path: Path, analyses: list[Analysis]) -> None:
    with Store(tmp_path / "a.db") as s:
        for a in analyses[:3]:
            assert s.save(a)
        clusters = _clusters(s)
        assert s.counts()["events"] == 3
        assert len(clusters) == 1
        c = clusters[0]
        assert (c["n_mentions"], c["n_outlets"], c["n_articles"]) == (3, 3, 3)
        assert c["cameo"] == "057" and c["date"] == "2024-03-08"
        assert c["date_precision"] == "day"  # the most precise member date represents it
        assert (c["first_seen"], c["last_seen"]) == ("2024-03-09", "2024-03-12")
        assert c["conflict"] == 0
        # both actors index the cluster for timelines
        assert s.conn.execute("SELECT count(*) FROM cluster_actors WHERE cluster_id = ?",
                              (c["id"],)).fetchone()[0] == 2


def test_conflicting_modality_kept_apart_and_flagged(tmp_path: Path,
                                                     analyses: list[Analysis]) -> None:
    with Store(tmp_path / "a.db") as s:
        for a in analyses[:4]:
            s.save(a)
        clusters = _clusters(s)
        assert [c["n_mentions"] for c in clusters] == [3, 1]
        assert {c["stance"] for c in clusters} == {"positive", "negative"}
        assert all(c["conflict"] == 1 for c in clusters)


def test_distant_date_is_another_event(tmp_path: Path, analyses: list[Analysis]) -> None:
    with Store(tmp_path / "a.db") as s:
        for a in analyses:
            s.save(a)
        assert sorted(c["n_mentions"] for c in _clusters(s)) == [1, 1, 3]


def test_incremental_equals_batch_in_any_order(tmp_path: Path,
                                               analyses: list[Analysis]) -> None:
    results = []
    for k, order in enumerate(itertools.permutations(range(len(analyses)))):
        if k % 17:  # a spread of the 120 orders keeps the test quick
            continue
        with Store(tmp_path / f"{k}.db") as s:
            for i in order:
                s.save(analyses[i])
            inc = _partition(s)
            ids = {c["id"] for c in _clusters(s)}
            flags = {(c["id"], c["conflict"]) for c in _clusters(s)}
            assert s.recluster() == len(inc)
            assert _partition(s) == inc
            assert {c["id"] for c in _clusters(s)} == ids
            assert {(c["id"], c["conflict"]) for c in _clusters(s)} == flags
            results.append((inc, ids, flags))
    assert all(r == results[0] for r in results)


def test_reingest_is_idempotent(tmp_path: Path, analyses: list[Analysis]) -> None:
    with Store(tmp_path / "a.db") as s:
        for a in analyses:
            s.save(a)
        before = (_partition(s), _clusters(s))
        for a in analyses:
            assert s.save(a) is False
        assert (_partition(s), _clusters(s)) == before


def test_migration_clusters_existing_events(tmp_path: Path, analyses: list[Analysis],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    with Store(db) as s:
        for a in analyses[:3]:
            s.save(a)
        # drop what migrations from CLUSTERS_MIGRATION on created, then replay them
        later = [sql for version, sql in store_module._migrations()
                 if version >= CLUSTERS_MIGRATION]
        created = {name for sql in later
                   for name in re.findall(r"CREATE (?:VIRTUAL )?TABLE (\w+)", sql)}
        for sql in later:  # first (the views over later tables still parse): older tables'
            # later columns go, their rows stay
            for table, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", sql):
                if table not in created:
                    s.conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for sql in later:
            for name in re.findall(r"CREATE (?:VIRTUAL )?TABLE (\w+)", sql):
                s.conn.execute(f"DROP TABLE IF EXISTS {name}")
            for name in re.findall(r"CREATE INDEX (\w+)", sql):
                s.conn.execute(f"DROP INDEX IF EXISTS {name}")
            for name in re.findall(r"CREATE TRIGGER (\w+)", sql):
                s.conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        # as if written before clustering existed
        s.conn.execute(f"PRAGMA user_version = {CLUSTERS_MIGRATION - 1}")
    with Store(db) as s:
        assert [c["n_mentions"] for c in _clusters(s)] == [3]


def _clusters_and_kinds(s: Store) -> tuple[dict[str, list[tuple[object, ...]]],
                                           list[tuple[object, ...]]]:
    """The cluster tables and every ``cluster_kinds`` filing: what a migration that
    reclusters must give back as a store clustered from the start has it."""
    return _cluster_tables(s), sorted(tuple(r) for r in s.conn.execute(
        "SELECT * FROM cluster_kinds"))


def test_main_events_migration_files_older_main_events(tmp_path: Path,
                                                      analyses: list[Analysis]) -> None:
    """A store written before main events (schema 014: no type-free filings, no main
    marks) is clustered again by migration 015, so its main events are found by newer ones
    as in a store clustered from the start."""
    from newsgraph.store import MAIN_EVENTS_MIGRATION

    db = tmp_path / "m.db"
    with Store(db) as s:
        for a in analyses[:3]:
            s.save(a)
        want = _clusters_and_kinds(s)
        assert any(r[2] == "#" for r in want[1])
        s.conn.execute("DELETE FROM cluster_kinds WHERE target_key = '#'")
        s.conn.execute("UPDATE event_cluster_members SET terms = "
                       "ltrim(ltrim(terms, '!#'), ' ')")
        s.conn.execute("ALTER TABLE event_actors DROP COLUMN via")  # migration 016's
        s.conn.execute(f"PRAGMA user_version = {MAIN_EVENTS_MIGRATION - 1}")
    with Store(db) as s:
        assert _clusters_and_kinds(s) == want


def test_main_story_terms_migration_files_older_main_events(
        tmp_path: Path, analyses: list[Analysis]) -> None:
    """A store whose main events were filed under their participants (schema 016) is
    clustered again by migration 017: its main events are filed under their story terms,
    as in a store clustered from the start."""
    from newsgraph.store import MAIN_STORY_TERMS_MIGRATION

    db = tmp_path / "t.db"
    with Store(db) as s:
        for a in analyses[:3]:
            s.save(a)
        want = _clusters_and_kinds(s)
        assert any(r[2] == "#" and str(r[1]).startswith("^") for r in want[1])
        s.conn.execute("DELETE FROM cluster_kinds WHERE target_key = '#'")  # filed otherwise
        s.conn.execute(f"PRAGMA user_version = {MAIN_STORY_TERMS_MIGRATION - 1}")
    with Store(db) as s:
        assert s.schema_version() >= MAIN_STORY_TERMS_MIGRATION
        assert _clusters_and_kinds(s) == want


def test_event_actor_via_migration_keeps_older_sides(tmp_path: Path,
                                                    analyses: list[Analysis]) -> None:
    """A store written before sides kept their via (schema 015) gets the column with ''
    for its rows (fills unknown: they key clusters as before), and the clustering stays."""
    from newsgraph.store import EVENT_ACTOR_VIA_MIGRATION

    db = tmp_path / "v.db"
    with Store(db) as s:
        for a in analyses[:3]:
            s.save(a)
        assert {r[0] for r in s.conn.execute("SELECT via FROM event_actors")} - {""}
        want = _cluster_tables(s)
        s.conn.execute("ALTER TABLE event_actors DROP COLUMN via")
        s.conn.execute(f"PRAGMA user_version = {EVENT_ACTOR_VIA_MIGRATION - 1}")
    with Store(db) as s:
        assert s.schema_version() >= EVENT_ACTOR_VIA_MIGRATION
        assert {r[0] for r in s.conn.execute("SELECT via FROM event_actors")} == {""}
        assert _cluster_tables(s) == want
        s.save(analyses[4])  # newer sides are written with their via
        assert s.conn.execute("SELECT count(*) FROM event_actors WHERE via != ''"
                              ).fetchone()[0] > 0
        got = _cluster_tables(s)
    with Store(tmp_path / "fresh.db") as fresh:
        for a in [*analyses[:3], analyses[4]]:
            fresh.save(a)
        assert _cluster_tables(fresh) == got


def _one_event_store(path: Path, sides: list[tuple[str, str, str]]) -> Store:
    """One article, one event "p met q." whose sides (role, actor, via) are all named in
    its own sentence."""
    s = Store(path)
    s.bulk_insert("actors", [(x, x, "state", x.upper() * 3, "[]", x.upper() * 3)
                             for x in "pq"])
    s.bulk_insert("articles", [("a0", None, "outlet", None, "[]", "2024-03-12", "user", "en",
                                "x", "p met q.", "[]", None, "2024-03-12T00:00:00")])
    s.bulk_insert("events", [("e0", "a0", "met", 2, 5, "042", "04", 1.0, 1, None, None, None,
                              None, None, "asserted", 0, "2024-03-11", "day", None, 0, 8,
                              None, None, 0.5)])
    s.bulk_insert("event_actors", [("e0", role, actor, 0 if actor == "p" else 6,
                                    1 if actor == "p" else 7, actor, via)
                                   for role, actor, via in sides])
    return s


@pytest.mark.parametrize("mark", ["+clause", "+coref", "+discourse"])
def test_a_side_filled_from_around_an_event_keys_no_cluster(tmp_path: Path,
                                                            mark: str) -> None:
    """A side filled for an event noun (the subject of its main clause, the act it refers
    back to, the discourse topic) is named in its sentence, but the event's own phrase did
    not give it: it keys the event's clusters no more than an absent side does."""
    from newsgraph.resolve.compatibility import UNSIDED
    from newsgraph.resolve.events import _load_mentions, load_mention

    keys = {}
    for name, sides in (("own", [("source", "p", "country"), ("target", "q", "country")]),
                        ("filled", [("source", "p", "country" + mark),
                                    ("target", "q", "country")]),
                        ("absent", [("target", "q", "country")]),
                        ("none", [("source", "p", "country" + mark)])):
        with _one_event_store(tmp_path / f"{name}.db", sides) as s:
            one = load_mention(s.conn, "e0")
            assert one is not None
            assert [(m.source_key, m.target_key) for m in _load_mentions(s.conn, ["e0"])] \
                == [(one.source_key, one.target_key)]
            keys[name] = (one.source_key, one.target_key)
    assert keys["filled"] == keys["absent"] != keys["own"]
    assert keys["none"][0] == UNSIDED  # a filled side alone: keyed as naming no one


def test_an_own_clause_subject_is_stored_as_filled_and_keys_no_cluster(
        tmp_path: Path, pipeline: Pipeline) -> None:
    """"The minister said talks with Chile would resume": the talks take the minister as
    their source (``discourse_sides``), stored with its ``+clause`` via, and their clusters
    are keyed as if the source were missing."""
    from newsgraph.resolve.events import load_mention

    text = ("Outlet: Wire F\nTitle: Talks\n\nThe Peruvian foreign minister said talks with "
            "Chile would resume.")
    with Store(tmp_path / "c.db") as s:
        s.save(analyze(text, published="2024-03-12", pipeline=pipeline))
        eid, via = s.conn.execute(
            "SELECT e.id, ea.via FROM events e JOIN event_actors ea ON ea.event_id = e.id "
            "WHERE e.trigger = 'talks' AND ea.role = 'source'").fetchone()
        assert via.endswith("+clause")
        filled = load_mention(s.conn, eid)
        s.conn.execute("UPDATE event_actors SET via = '' WHERE event_id = ?", (eid,))
        unmarked = load_mention(s.conn, eid)  # as a store before migration 016 keys it
        s.conn.execute("DELETE FROM event_actors WHERE event_id = ? AND role = 'source'",
                       (eid,))
        absent = load_mention(s.conn, eid)
        assert filled is not None and absent is not None and unmarked is not None
        assert unmarked.source_key != filled.source_key
        assert (filled.source_key, filled.target_key) == (absent.source_key,
                                                          absent.target_key)


# -- pure rules -------------------------------------------------------------------------------

def _m(eid: str, *, stance: str = "positive", cameo: str = "057", value: str = "2024-03-08",
       precision: str = "day", src: str = "a", tgt: str = "b", words: str = "") -> Mention:
    return Mention(eid, f"art{eid}", f"out{eid}", src, tgt, stance, cameo, cameo[:2],
                   {"05": "SUPPORT", "12": "REJECT", "19": "ASSAULT"}.get(cameo[:2]),
                   date_window(value, precision), frozenset(words.split()))


def test_date_windows() -> None:
    assert date_window("2024-03", "month") == Window(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert date_window("2024-W10", "week") == Window(dt.date(2024, 3, 4), dt.date(2024, 3, 10))
    assert date_window("2024-Q2", "quarter") == Window(dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert date_window("2023-WI", "season") == Window(dt.date(2023, 12, 1),
                                                      dt.date(2024, 2, 29))
    assert date_window("2024-03-09", "publication") == Window(dt.date(2024, 3, 6),
                                                              dt.date(2024, 3, 9), True)
    for value, precision in (("XXXX-03", "month"), ("202", "decade"), (None, "unknown")):
        assert date_window(value, precision) is None


def test_month_precision_is_compatible_with_its_days() -> None:
    month = date_window("2024-03", "month")
    assert dates_compatible(month, date_window("2024-03-31", "day"))
    assert not dates_compatible(month, date_window("2024-04-02", "day"))
    assert dates_compatible(date_window("2024-03-08", "day"), date_window("2024-03-09", "day"))
    assert not dates_compatible(date_window("2024-03-08", "day"),
                                date_window("2024-03-11", "day"))


def test_publication_date_is_weak() -> None:
    pub = date_window("2024-03-10", "publication")
    assert dates_compatible(pub, date_window("2024-03-08", "day"))
    assert not dates_compatible(pub, date_window("2024-03-12", "day"))  # after publication
    assert not dates_compatible(pub, date_window("2024-03-13", "publication"))
    # weak agreement on the date needs the same code or similar evidence
    a = _m("1", cameo="057", value="2024-03-10", precision="publication", words="defence pact")
    b = _m("2", cameo="051", value="2024-03-10", precision="day", words="trade talks")
    assert not compatible(a, b)
    assert compatible(a, _m("3", cameo="051", value="2024-03-09", words="defence pact signed"))


def test_conflict_rules() -> None:
    said = _m("1")
    assert conflicting(said, _m("2", stance="negative"))
    assert not compatible(said, _m("2", stance="negative"))
    rejected = _m("3", cameo="125")
    assert conflicting(said, rejected) and not compatible(said, rejected)
    assert not conflicting(said, _m("4", stance="negative", value="2024-05-01"))
    assert not conflicting(said, _m("5", cameo="190"))


_values = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).map(lambda d: (d.isoformat(), "day")),
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).map(
        lambda d: (d.isoformat(), "publication")),
    st.tuples(st.integers(2000, 2030), st.integers(1, 12)).map(
        lambda t: (f"{t[0]:04d}-{t[1]:02d}", "month")),
    st.tuples(st.integers(2000, 2030), st.integers(1, 52)).map(
        lambda t: (f"{t[0]:04d}-W{t[1]:02d}", "week")),
    st.integers(2000, 2030).map(lambda y: (str(y), "year")),
    st.text(max_size=12).map(lambda s: (s, "day")),
)


def test_date_window_refuses_non_ascii_digits() -> None:
    """"²" is a digit to str.isdigit() but not to int(): no window, not a crash (found by
    the property test below)."""
    assert date_window("²", "day") is None
    assert date_window("２０１６", "year") is None


@given(_values, _values)
def test_date_compatibility_is_symmetric(a: tuple[str, str], b: tuple[str, str]) -> None:
    wa, wb = date_window(*a), date_window(*b)
    assert dates_compatible(wa, wb) == dates_compatible(wb, wa)
    if wa is not None:
        assert wa.lo <= wa.hi


def test_bulk_insert_then_recluster(tmp_path: Path, analyses: list[Analysis]) -> None:
    """A bulk import brings rows without clusters; ``recluster`` gives what saving gives."""
    with Store(tmp_path / "saved.db") as saved:
        for a in analyses:
            saved.save(a)
        tables = {t: saved.conn.execute(f"SELECT * FROM {t}").fetchall()
                  for t in ("articles", "actors", "events", "event_actors")}
        expected = _partition(saved)
    with Store(tmp_path / "bulk.db") as bulk:
        with pytest.raises(ValueError):
            bulk.bulk_insert("skips", [])
        for table, rows in tables.items():
            assert bulk.bulk_insert(table, [tuple(r) for r in rows]) == len(rows)
        assert _partition(bulk) == set()
        assert bulk.recluster() == len(expected)
        assert _partition(bulk) == expected


_rows = st.lists(st.tuples(
    st.sampled_from(["p", "q", "r", "o", ""]),  # source actor ('o' has no country, '' none)
    st.sampled_from(["p", "q", "r", ""]),  # target actor ('' none)
    st.sampled_from(["057", "051", "042", "125", "190"]),
    st.sampled_from(["asserted", "reported", "negated", "future"]),
    st.sampled_from([("2024-03-08", "day"), ("2024-03-09", "day"), ("2024-03-10", "day"),
                     ("2024-03", "month"), ("2024-03-11", "publication"),
                     ("2024-03-12", "publication"), ("2024-W10", "week"), (None, "unknown")]),
    # the long one holds the first's three words among many of its own (a short report inside
    # a long one), its story terms as alike as the story link asks, not more
    st.sampled_from(["defence pact signed", "trade deal", "troops border",
                     "defence pact signed rival generals envoys diplomats people know like "
                     "time make good well back want"]),
), min_size=1, max_size=12)


def _synthetic_store(path: Path, rows: list[tuple[str, str, str, str, tuple[str | None, str],
                                                  str]]) -> Store:
    """A store with one article per row, loaded without clustering; every other event's
    sentence is told again after the article's lead, so main events and others both occur."""
    s = Store(path)
    s.bulk_insert("actors", [(x, x, "state", x.upper() * 3, "[]", x.upper() * 3)
                             for x in "pqr"])
    s.bulk_insert("actors", [("o", "officials", "person", None, '["GOV"]', "GOV")])
    arts, evs, eas = [], [], []
    for i, (src, tgt, cameo, modality, (date, precision), words) in enumerate(rows):
        sentence = f"{src} {words} {tgt}."
        start = 0 if i % 2 == 0 else len(sentence) + 600
        text = sentence if i % 2 == 0 else f"{sentence}{' ' * 600}{sentence}"
        arts.append((f"a{i:02d}", None, f"outlet{i % 4}", None, "[]", "2024-03-12", "user",
                     "en", "x", text, "[]", None, "2024-03-12T00:00:00"))
        evs.append((f"e{i:02d}", f"a{i:02d}", "x", 0, 1, cameo, cameo[:2], 1.0, 1, None, None,
                    None, None, None, modality, int(modality == "negated"), date, precision,
                    None, start, len(text), None, None, 0.5))
        # the actors are named in the event's own sentence (the resolver keys on those only)
        if src:
            eas.append((f"e{i:02d}", "source", src, start, start + 1, src, "country"))
        if tgt and tgt != src:
            eas.append((f"e{i:02d}", "target", tgt, start + 2, start + 3, tgt, "country"))
    s.bulk_insert("articles", arts)
    s.bulk_insert("events", evs)
    s.bulk_insert("event_actors", eas)
    return s


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_rows, st.randoms(use_true_random=False))
def test_clustering_is_order_independent(tmp_path: Path, rows: list[Any],
                                         rnd: random.Random) -> None:
    results = []
    for k in range(2):
        path = tmp_path / f"{uuid.uuid4().hex}.db"
        with _synthetic_store(path, rows) as s:
            ids = [f"e{i:02d}" for i in range(len(rows))]
            if k:
                rnd.shuffle(ids)
            with s.transaction() as c:
                for eid in ids:  # one article at a time, as saves arrive
                    add_mentions(c, [eid])
            results.append((_partition(s), {(c["id"], c["conflict"], c["n_mentions"])
                                            for c in _clusters(s)}))
    assert results[0] == results[1]


def test_generic_actors_do_not_merge(tmp_path: Path) -> None:
    """A bare role noun ("officials") identifies no one: it is a missing side, so the
    mention keeps its other side (a state) and merges on it with agreeing evidence words;
    with no other side it stays alone."""
    row = ("057", "asserted", ("2024-03-08", "day"), "defence pact signed")
    for src, tgt, expected in (("p", "q", 1), ("o", "q", 1), ("o", "", 2)):
        with _synthetic_store(tmp_path / f"{src}{tgt}.db",
                              [(src, tgt, *row), (src, tgt, *row)]) as s:
            with s.transaction() as c:
                add_mentions(c, ["e00", "e01"])
            assert len(_partition(s)) == expected


def test_unsided_events_meet_by_type_date_and_words(tmp_path: Path) -> None:
    """An event naming no actor ("the shooting", extract/unsided.py) meets another of its
    type and date with agreeing evidence words; it stays apart from one of another type,
    from one whose words differ, and an event whose only actor identifies no one
    ("officials") still stays alone."""
    day = ("2024-03-08", "day")
    cases = ((("", "", "190", "asserted", day, "shooting outside school gunman"),
              ("", "", "190", "asserted", day, "shooting outside school gunman"), 1),
             (("", "", "190", "asserted", day, "shooting outside school gunman"),
              ("", "", "042", "asserted", day, "shooting outside school gunman"), 2),
             (("", "", "190", "asserted", day, "shooting outside school gunman"),
              ("", "", "190", "asserted", day, "trade talks harbour ministers"), 2),
             (("o", "", "190", "asserted", day, "shooting outside school gunman"),
              ("o", "", "190", "asserted", day, "shooting outside school gunman"), 2))
    for k, (a, b, expected) in enumerate(cases):
        with _synthetic_store(tmp_path / f"u{k}.db", [a, b]) as s:
            with s.transaction() as c:
                add_mentions(c, ["e00", "e01"])
            assert len(_partition(s)) == expected, k


def test_identifies() -> None:
    assert identifies("AUS", "organisation", "police")
    assert identifies(None, "person", "Olaf Scholz")
    assert not identifies(None, "person", "Officials")
    assert not identifies(None, "organisation", "Ministry of Foreign Affairs")


def _kinds_match_members(store: Store) -> None:
    """``cluster_kinds`` holds exactly the distinct matching kinds of the dated members."""
    cols = ("cluster_id, source_key, target_key, stance, cameo, root, plover_type, lo, hi, "
            "weak, terms")
    kinds = sorted(tuple(r) for r in store.conn.execute(
        f"SELECT {cols} FROM cluster_kinds WHERE full_key IS NULL AND target_key != '#'"))
    members = sorted(tuple(r) for r in store.conn.execute(
        f"SELECT DISTINCT {cols} FROM event_cluster_members WHERE lo IS NOT NULL"))
    assert kinds == members
    # filings under one participant alone (one side missing): exactly one per participant
    # of each kind naming two or more, carrying the kind's own key
    alone = sorted(tuple(r) for r in store.conn.execute(
        f"SELECT {cols.replace('source_key, target_key', 'source_key, full_key')} "
        "FROM cluster_kinds WHERE full_key IS NOT NULL AND target_key != '#'"))
    expected = sorted((k[0], p, k[1], *k[3:]) for k in members if k[2].startswith("*")
                      and "~" not in k[1] and "," in k[1] for p in k[1].split(","))
    assert alone == expected
    # main events (terms marked '#', '!#' in the lead): filed type- and participant-free
    # under each of their articles' heaviest story terms, with their own key
    from newsgraph.resolve.candidates import _topic_of
    from newsgraph.resolve.compatibility import topic_index

    main_cols = cols.replace("target_key", "full_key")
    main = sorted(tuple(r) for r in store.conn.execute(
        f"SELECT {main_cols} FROM cluster_kinds "
        "WHERE target_key = '#'"))
    keyed = [k for k in members if k[2].startswith("*") and "~" not in k[1] and k[1]
             and "#" in str(k[10]).split(" ", 1)[0]]
    expected_main = sorted(
        (k[0], "^" + t, k[1], *k[3:]) for k in keyed
        for t in topic_index(_topic_of(" ".join(
            w for w in str(k[10]).split() if w.startswith("^")))))
    assert main == expected_main
    stray = store.conn.execute(
        "SELECT count(*) FROM cluster_kinds k LEFT JOIN event_cluster_members m "
        "ON m.event_id = k.event_id AND m.cluster_id = k.cluster_id "
        "WHERE m.event_id IS NULL").fetchone()[0]
    assert stray == 0, "a kind names an event that is no member of its cluster"


def _cluster_tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the three clustering tables, sorted: the complete clustering state."""
    return {t: sorted(tuple(r) for r in store.conn.execute(f"SELECT * FROM {t}"))
            for t in ("event_clusters", "event_cluster_members", "cluster_actors")}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_rows, st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=12))
@example([("p", "q", "057", "asserted", ("2024-03-08", "day"), "pact"),  # opposite reports
          ("p", "q", "057", "negated", ("2024-03-08", "day"), "pact"),  # in one batch
          ("p", "q", "057", "asserted", ("2024-03-09", "day"), "pact")], [3])
def test_batched_clustering_equals_one_by_one(tmp_path: Path, rows: list[Any],
                                              sizes: list[int]) -> None:
    """Events added in batches (as a save adds an article's events) give exactly the tables
    adding them one at a time gives: merges, flags and counts inside a batch included."""
    ids = [f"e{i:02d}" for i in range(len(rows))]
    results = []
    for batched in (False, True):
        with _synthetic_store(tmp_path / f"{uuid.uuid4().hex}.db", rows) as s:
            with s.transaction() as c:
                k = 0
                for size in (sizes * len(ids)) if batched else [1] * len(ids):
                    if k >= len(ids):
                        break
                    add_mentions(c, ids[k:k + size])
                    k += size
                add_mentions(c, ids)  # all clustered already: changes nothing
            _kinds_match_members(s)
            results.append(_cluster_tables(s))
    assert results[0] == results[1]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_rows, st.randoms(use_true_random=False))
def test_grown_clusters_equal_clusters_computed_from_all_members(
        tmp_path: Path, rows: list[Any], rnd: random.Random) -> None:
    """A stored cluster that gains members is updated from its row and the new members
    alone; recomputing every cluster from all its members afterwards changes nothing."""
    from newsgraph.resolve.events import _refresh_many

    with _synthetic_store(tmp_path / f"{uuid.uuid4().hex}.db", rows) as s:
        ids = [f"e{i:02d}" for i in range(len(rows))]
        rnd.shuffle(ids)
        with s.transaction() as c:
            for eid in ids:  # one at a time: every addition to a stored cluster grows it
                add_mentions(c, [eid])
        _kinds_match_members(s)
        grown = _cluster_tables(s)
        flags = {str(r[0]): bool(r[1]) for r in s.conn.execute(
            "SELECT id, conflict FROM event_clusters")}
        with s.transaction() as c:
            _refresh_many(c, flags)
        assert _cluster_tables(s) == grown


def test_span_classes_match_the_lookup(tmp_path: Path) -> None:
    """The stored ``span`` of a member kind is the smallest class of ``SPANS`` its date range
    fits, as the candidate lookup assumes (migration 011 and resolve/events.py agree)."""
    from newsgraph.resolve.events import SPANS

    with _synthetic_store(tmp_path / "s.db", [("p", "q", "057", "asserted",
                                              ("2024-03-08", "day"), "pact")]) as s:
        start = dt.date(2024, 1, 1)
        for days in (0, 1, 3, 4, 6, 7, 8, 30, 31, 32, 91, 92, 93, 365, 366):
            hi = (start + dt.timedelta(days=days)).isoformat()
            with s.transaction() as c:
                c.execute("DELETE FROM cluster_kinds")
                c.execute("INSERT INTO cluster_kinds (cluster_id, source_key, target_key, "
                          "stance, cameo, root, plover_type, lo, hi, weak, terms, event_id) "
                          "VALUES ('c', 'p', 'q', 'positive', '057', '05', NULL, ?, ?, 0, '', "
                          "'e00')", (start.isoformat(), hi))
            span = s.conn.execute("SELECT span FROM cluster_kinds").fetchone()[0]
            assert span == min(c for c in SPANS if days <= c), days


def test_story_terms_stand_in_for_the_evidence_words() -> None:
    """Two reports of one story word an event differently: their articles' story terms
    (title and lead) let a key of states alone meet without shared evidence words; one
    article's own sentences, unlike story terms, a publication date against a day given
    outright, and a role swap into another type do not."""
    from dataclasses import replace

    from newsgraph.resolve.events import article_topic, compatible
    from newsgraph.resolve.stories import story_terms

    crash = article_topic(story_terms("Croydon tram derails, seven killed",
                                      "A tram derailed at Sandilands in Croydon on Wednesday, "
                                      "killing seven people and injuring dozens."))
    crash2 = article_topic(story_terms("Seven dead as speeding tram derails in Croydon",
                                       "Seven people were killed when a tram derailed on a "
                                       "sharp bend near Sandilands in Croydon."))
    other = article_topic(story_terms("Harbour crane collapses in Rotterdam storm",
                                      "A crane collapsed onto a container ship in Rotterdam."))
    a = replace(_m("1", cameo="190", src="GBR", tgt="*ASSAULT", words="killed derailed"),
                topic=crash)
    b = replace(_m("2", cameo="190", src="GBR", tgt="*ASSAULT", words="carriages flipped"),
                topic=crash2)
    assert compatible(a, b) and compatible(b, a)
    assert not compatible(a, replace(b, topic=other))
    assert not compatible(a, replace(b, topic=crash))  # one article: says nothing
    assert not compatible(a, replace(b, window=date_window("2024-03-08", "publication")))
    assert not compatible(a, replace(b, topic=()))


def test_a_main_event_meets_with_fewer_shared_words() -> None:
    """A sentence in its article's lead reports the article's main event: with a mention of
    another article of the same story (story terms as alike as the story link asks, below
    what stands in for evidence alone) three shared content words are evidence enough; two
    are not, nor are they without a lead, across a publication date against a day given
    outright, or between articles of different stories."""
    from dataclasses import replace

    from newsgraph.resolve.compatibility import LEAD_SHARED_TERMS, MIN_TOPIC_COSINE
    from newsgraph.resolve.events import compatible
    from newsgraph.resolve.stories import MIN_COSINE, cosine

    story_a = (("gaga", 5.0), ("trump", 3.0), ("tower", 2.0), ("protest", 2.0),
               ("election", 2.0))
    story_b = (("gaga", 5.0), ("trump", 3.0), ("clinton", 3.0), ("madonna", 4.0),
               ("katy", 4.0), ("perry", 3.0))
    other = (("croydon", 5.0), ("tram", 4.0), ("derail", 4.0))
    alike = cosine(dict(story_a), dict(story_b))
    assert MIN_COSINE <= alike < MIN_TOPIC_COSINE  # one story, not alike enough alone
    lead = replace(_m("1", cameo="141", src="GBR", tgt="*PROTEST",
                      words="gaga lady staged protest outside towers trump defeated clinton"),
                   topic=story_a, lead=True)
    body = replace(_m("2", cameo="141", src="GBR,USA", tgt="*PROTEST",
                      words="gaga lady isn taking result election lying down protested trump "
                            "donald subscribe email invalid"),
                   topic=story_b)
    assert len(lead.terms & body.terms) == LEAD_SHARED_TERMS
    assert compatible(lead, body) and compatible(body, lead)
    assert not compatible(replace(lead, lead=False), body)  # neither is a main event
    fewer = replace(body, terms=body.terms - {"trump"})
    assert not compatible(lead, fewer)
    assert not compatible(lead, replace(body, topic=other))
    assert not compatible(lead, replace(body, window=date_window("2024-03-08",
                                                                 "publication")))


def test_the_lead_mark_is_stored_with_the_member() -> None:
    """Stored members are compared with later mentions: the lead mark survives the row."""
    from dataclasses import replace

    from newsgraph.resolve.candidates import _from_member_row, _member_row

    m = replace(_m("1", words="troops border"), topic=(("tram", 2.5),), lead=True)
    back = _from_member_row(_member_row(m, "c"))
    assert back.lead and back.topic == m.topic and back.terms == m.terms
    plain = _from_member_row(_member_row(replace(m, lead=False, topic=()), "c"))
    assert not plain.lead and plain.terms == m.terms
    bare = _from_member_row(_member_row(replace(m, topic=(), terms=frozenset()), "c"))
    assert bare.lead and not bare.terms


def test_a_main_event_meets_in_the_store(tmp_path: Path) -> None:
    """Through the store: a publication-dated pact told in one article's lead meets the
    same pact told at length in another article's body (three shared words, fewer than half
    of either's, story terms alike as the story link asks); told in neither article's lead
    and neither its article's main event (each article tells another event first),
    the two stay apart."""
    pub = ("2024-03-11", "publication")
    short = ("p", "q", "057", "asserted", pub, "defence pact signed world life work place right")
    long = ("p", "q", "057", "asserted", pub, "defence pact signed rival generals envoys "
            "diplomats people know like time make good well back want")
    filler = ("r", "", "125", "future", (None, "unknown"), "trade deal")
    # even rows are told in their article's lead, odd ones after it (``_synthetic_store``)
    for rows, ids, expected in (([short, long], ["e00", "e01"], 1),
                                ([filler, short, filler, long], ["e01", "e03"], 2)):
        with _synthetic_store(tmp_path / f"lead{len(rows)}.db", rows) as s:
            if len(rows) > 2:  # an earlier event is each article's main one
                s.bulk_insert("events", [
                    (f"x{i:02d}", f"a{i:02d}", "x", 0, 1, "125", "12", 1.0, 1, None, None,
                     None, None, None, "future", 0, f"2024-0{i}-01", "day", None, 0, 1, None,
                     None, 0.5) for i in (1, 3)])
            with s.transaction() as c:
                add_mentions(c, ids)
            assert len(_partition(s)) == expected, rows


def test_a_short_report_inside_a_long_one_meets_it() -> None:
    """A short sentence most of whose content words (three at least) a long one holds
    reports what the long one tells among more: a small share of the union is evidence
    enough then; two shared words, or fewer than half the short one's, are not."""
    from newsgraph.resolve.events import compatible

    long = ("marine standing guard entrance west wing trump obama meeting kushner mcdonough "
            "motorcade washington melania pence airport transition plans meet house speaker "
            "paul ryan discuss legislative agenda crowd plane biden residence arlington")
    short = _m("1", src="USA", tgt="*CONSULT", cameo="040", words="trump meet house speaker "
               "paul ryan evening getty")
    told = _m("2", src="USA", tgt="*CONSULT", cameo="040", words=long)
    assert len(short.terms & told.terms) / len(short.terms | told.terms) < 0.2
    assert compatible(short, told) and compatible(told, short)
    assert not compatible(_m("3", src="USA", tgt="*CONSULT", cameo="040",
                             words="ryan speaker budget vote evening getty"), told)
    assert not compatible(_m("4", src="USA", tgt="*CONSULT", cameo="040",
                             words="trump house speaker budget vote deficit taxes senate"), told)


def test_main_events_meet_whatever_their_type() -> None:
    """Two articles' main events (each its article's first event) are one event
    when the articles are about one story (story terms at least ``stories.MIN_COSINE`` alike),
    whatever type their coders gave them, with no word in common and whoever they name as
    its sides (other participants, one side missing, none at all), with compatible dates.
    Not when one is no main event, the articles are less alike, one article (equal story
    terms), actors that identify no one, dates apart, or another stance."""
    from dataclasses import replace

    from newsgraph.resolve.events import compatible
    from newsgraph.resolve.stories import MIN_COSINE, cosine

    crash = (("croydon", 5.0), ("tram", 4.0), ("derail", 4.0), ("seven", 1.0))
    crash2 = (("croydon", 5.0), ("tram", 4.0), ("overturn", 4.0), ("dead", 1.0))
    other = (("croydon", 3.0), ("council", 5.0), ("budget", 5.0), ("vote", 3.0))
    assert cosine(dict(crash), dict(crash2)) >= MIN_COSINE
    assert cosine(dict(crash), dict(other)) < MIN_COSINE
    a = replace(_m("1", cameo="190", src="GBR", tgt="*ASSAULT", words="killed derailed"),
                topic=crash, lead=True, main=True)
    b = replace(_m("2", cameo="173", src="GBR", tgt="*COERCE", words="driver arrested"),
                topic=crash2, lead=True, main=True)
    assert compatible(a, b) and compatible(b, a)
    assert compatible(a, replace(b, source_key="GBR,USA"))  # one side missing in one
    assert not compatible(a, replace(b, main=False))  # another event of its article
    assert not compatible(a, replace(b, topic=other))
    assert not compatible(a, replace(b, topic=crash))  # one article
    assert compatible(a, replace(b, source_key="SWE"))  # sides named otherwise
    assert compatible(a, replace(b, source_key="-"))  # no side named ("the crash")
    assert compatible(replace(a, source_key="-"), b)
    assert not compatible(a, replace(b, source_key="~x", target_key=""))
    assert not compatible(a, replace(b, window=date_window("2024-03-20", "day")))
    assert not compatible(a, replace(b, stance="negative"))


def test_the_main_mark_is_stored_with_the_member() -> None:
    """A main event's member row keeps the mark (and the lead), and its kind is filed
    type-free under its key and each participant alone, read back with its own key."""
    from dataclasses import replace

    from newsgraph.resolve.candidates import MAIN, _from_member_row, _member_row, kind_rows

    m = replace(_m("1", src="GBR,USA", tgt="*SUPPORT", words="troops border"),
                topic=(("tram", 2.5),), lead=True, main=True)
    row = _member_row(m, "c")
    back = _from_member_row(row)
    assert back.main and back.lead and back.topic == m.topic and back.terms == m.terms
    lead_only = _from_member_row(_member_row(replace(m, main=False), "c"))
    assert lead_only.lead and not lead_only.main
    filed = {(k[1], k[2], k[12]) for k in kind_rows([row]) if k[2] == MAIN}
    assert filed == {("^tram", MAIN, "GBR,USA")}


def test_main_events_are_filed_under_their_heaviest_story_terms() -> None:
    """A main event is filed type- and participant-free under each of its article's
    ``INDEX_TERMS`` heaviest story terms (ties by the term), read back with its own key and
    type; a mention whose actors identify no one is not filed, nor one without story terms;
    and a main event looks its kind up under the same terms."""
    from dataclasses import replace

    from newsgraph.resolve.candidates import (
        _KIND_COLS_K,
        MAIN,
        _lookups,
        _main_keys,
        _member_row,
        kind_rows,
    )
    from newsgraph.resolve.compatibility import topic_index
    from newsgraph.resolve.stories import INDEX_TERMS

    topic = tuple((f"t{i:02d}", float(20 - i)) for i in range(12)) + (("aa", 13.0),)
    heaviest = topic_index(topic)
    assert len(heaviest) == INDEX_TERMS and heaviest[:2] == ("t00", "t01")
    assert "aa" in heaviest and "t07" not in heaviest  # 13.0 ties t07; "aa" sorts first
    m = replace(_m("1", src="GBR", tgt="*ASSAULT", cameo="190", words="derailed"),
                topic=topic, main=True)
    keys = _main_keys(m)
    assert keys == [f"^{t}" for t in heaviest]
    rows = [k for k in kind_rows([_member_row(m, "c")]) if k[2] == MAIN]
    assert {(k[1], k[12]) for k in rows} == {(k, "GBR") for k in keys}
    assert "k.full_key" in _KIND_COLS_K  # read back under its own key
    join, _ = _lookups(m)
    assert {s for s, t, *_ in join if t == MAIN} == set(keys)
    assert _main_keys(replace(m, source_key="~1", target_key="")) == []
    assert _main_keys(replace(m, topic=())) == []
    assert not any(t == MAIN for _, t, *_ in _lookups(replace(m, main=False))[0])


def test_main_events_of_two_types_meet_in_the_store(tmp_path: Path) -> None:
    """Through the store: two articles' main events (each its article's only, so first,
    event) of different codes and no shared word but one story (alike story terms) are one
    cluster; against an article about something else they stay apart."""
    crash = ("p", "q", "190", "asserted", ("2024-03-08", "day"),
             "croydon tram derailment sandilands wimbledon")
    arrest = ("p", "q", "173", "asserted", ("2024-03-08", "day"),
              "croydon tram sandilands wimbledon beckenham")
    budget = ("p", "q", "173", "asserted", ("2024-03-08", "day"),
              "parliament budget deficit pension treasury")
    for rows, expected in (([crash, arrest], 1), ([crash, budget], 2)):
        with _synthetic_store(tmp_path / f"main{expected}.db", rows) as s:
            with s.transaction() as c:
                add_mentions(c, ["e00", "e01"])
            got = {str(r[0]) for r in s.conn.execute(
                "SELECT cluster_id FROM event_cluster_members")}
            assert len(got) == expected, rows


def test_mentions_of_articles_about_other_stories_are_not_one_event() -> None:
    """The same actors on the same day in two articles whose story terms share almost
    nothing (an agency and a candidate act again and again in one season) are two events;
    the same pair in two reports of one story, or a mention with no story terms, joins as
    before."""
    from dataclasses import replace

    from newsgraph.resolve.events import article_topic, compatible
    from newsgraph.resolve.stories import story_terms

    probe = article_topic(story_terms("Agency reopens inquiry into senator's emails",
                                      "The agency said on Friday it had reopened its inquiry "
                                      "into the senator's emails after new messages surfaced."))
    probe2 = article_topic(story_terms("Senator's emails: agency inquiry reopened",
                                       "New messages led the agency to reopen its inquiry "
                                       "into the senator's emails, it said on Friday."))
    rally = article_topic(story_terms("Thousands march in harbour city over pay",
                                      "Dock workers and teachers marched through the harbour "
                                      "city demanding higher wages."))
    a = replace(_m("1", cameo="090", src="X@agency", tgt="X@senator"), topic=probe)
    b = replace(_m("2", cameo="090", src="X@agency", tgt="X@senator"), topic=probe2)
    assert compatible(a, b) and compatible(b, a)
    assert not compatible(a, replace(b, topic=rally))
    assert not compatible(replace(b, topic=rally), a)
    assert compatible(a, replace(b, topic=()))
