"""The store at scale: a synthetic database of N events / N/5 articles, load rate and query latency.

    .venv/bin/python bench/store.py --events 1000000 --articles 200000 [--db PATH] [--append]

Generates the rows directly (no NLP) with skewed, news-like distributions: actor popularity
Zipf-like over ~1,500 country/role actors (a few states dominate), CAMEO codes weighted by root
(statements, consultations and cooperation common, force rare), event dates over ten years
with mixed precision (day, publication stand-in, week, month, year, undated), real-world
events reported 1-10 times (geometric, mean ~2.5) by articles up to three days later, and
article texts drawn Zipf-like from a 6,000-word vocabulary. Loads them with
``Store.bulk_insert`` (executemany, one transaction per chunk) inside
``Store.deferred_indexes`` (secondary indexes dropped for the load and built after it; the
build time counts in each table's rate; ``--keep-indexes`` maintains them row by row
instead) and measures:

- insert rate of ``events`` rows (and of each other table),
- dyad time series (events per month and mean Goldstein for a source/target code pair)
  latency p50/p95, dyads drawn in proportion to their frequency,
- actor timeline (first 100 real-world events of an actor from a date, via
  ``cluster_actors``) latency p50/p95, actors drawn in proportion to their frequency, and for
  comparison the same page read from mentions through ``event_actors``,
- full-text search (``Store.search``, 20 best by rank) p50/p95 for vocabulary words drawn
  uniformly, and separately for the 20 most frequent words,
- incremental clustering of freshly saved events into the full store (``add_mentions``),
- file size.

``--append`` adds the table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsgraph import reference as ref  # noqa: E402
from newsgraph.clean import content_hash  # noqa: E402
from newsgraph.resolve.events import add_mentions, cluster_id_for  # noqa: E402
from newsgraph.store import Store  # noqa: E402

CHUNK = 100_000
START = dt.date(2015, 1, 1)
DAYS = 3653
MAJOR = ["USA", "CHN", "RUS", "GBR", "FRA", "DEU", "IND", "JPN", "ISR", "IRN", "UKR", "TUR",
         "PAK", "AFG", "SYR", "IRQ", "KOR", "PRK", "AUS", "CAN", "BRA", "MEX", "EGY", "SAU",
         "NGA", "ZAF", "ITA", "ESP", "IDN", "PHL"]
ROLES = ["", "GOV", "MIL", "COP", "JUD", "OPP", "BUS", "MED", "CVL", "REB", "LEG", "EDU"]
ROLE_W = [30, 30, 12, 8, 4, 4, 4, 3, 3, 1, 3, 1]
ROOT_W = {"01": 14, "02": 6, "03": 8, "04": 20, "05": 10, "06": 4, "07": 3, "08": 3, "09": 2,
          "10": 4, "11": 6, "12": 4, "13": 3, "14": 3, "15": 1, "16": 2, "17": 3, "18": 3,
          "19": 5, "20": 0.3}
PRECISION = [("day", 0.55), ("publication", 0.25), ("month", 0.08), ("week", 0.05),
             ("year", 0.05), ("unknown", 0.02)]
MODALITY = [("asserted", 0.62), ("reported", 0.25), ("negated", 0.04), ("future", 0.05),
            ("hypothetical", 0.02), ("conditional", 0.01), ("refused", 0.01)]
STANCE = {"asserted": "positive", "reported": "positive", "negated": "negative",
          "refused": "negative"}


def hexids(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct-with-overwhelming-probability 16-hex ids in random order (like our hashes)."""
    return [f"{x:016x}" for x in rng.integers(0, 2**63, size=n, dtype=np.int64)]


def zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


class World:
    """Everything drawn up front: actors, codes, vocabulary, article dates."""

    def __init__(self, rng: np.random.Generator, n_articles: int) -> None:
        self.rng = rng
        countries = [c for c in sorted(ref.countries()) if c not in MAJOR]
        order = MAJOR + countries
        cw = zipf_weights(len(order), 1.2)
        rw = np.array(ROLE_W, dtype=float) / sum(ROLE_W)
        self.actors: list[tuple[str, str, str, str]] = []  # id, name, country, role
        weights = []
        for ci, iso in enumerate(order):
            name = ref.countries()[iso].name
            for ri, role in enumerate(ROLES[:6] if ci < 60 else ROLES[:3]):
                aid = content_hash(f"{iso}|{role}")
                self.actors.append((aid, f"{name} {role}".strip(), iso, role))
                weights.append(cw[ci] * rw[ri])
        self.actor_w = np.array(weights) / sum(weights)
        codes = ref.cameo_codes()
        self.codes = [c for c in codes.values() if len(c.code) >= 3]
        cw2 = np.array([ROOT_W.get(c.code[:2], 1) / sum(1 for d in self.codes
                                                         if d.code[:2] == c.code[:2])
                        for c in self.codes])
        self.code_w = cw2 / cw2.sum()
        vocab_size = 6000
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        lengths = rng.integers(4, 10, size=vocab_size)
        self.vocab = sorted({"".join(rng.choice(letters, size=k)) for k in lengths})
        self.vocab_w = zipf_weights(len(self.vocab), 1.05)
        self.article_day = np.sort(rng.integers(0, DAYS, size=n_articles))
        self.article_ids = hexids(rng, n_articles)


def articles_rows(w: World, lo: int, hi: int) -> list[tuple[Any, ...]]:
    rng = w.rng
    rows = []
    words = rng.choice(len(w.vocab), size=(hi - lo, 90), p=w.vocab_w)
    now = "2025-01-01T00:00:00+00:00"
    for k, i in enumerate(range(lo, hi)):
        day = START + dt.timedelta(days=int(w.article_day[i]))
        text = " ".join(w.vocab[j] for j in words[k]) + "."
        title = " ".join(w.vocab[j] for j in words[k][:6])
        rows.append((w.article_ids[i], f"https://outlet{i % 400}.example/{i}", f"outlet{i % 400}",
                     title, "[]", day.isoformat(), "metadata", "en", f"bench:{i}", text, "[]",
                     None, now))
    return rows


def date_value(day: dt.date, precision: str, published: dt.date) -> tuple[str | None, str]:
    if precision == "day":
        return day.isoformat(), "day"
    if precision == "publication":
        return published.isoformat(), "publication"
    if precision == "month":
        return day.strftime("%Y-%m"), "month"
    if precision == "week":
        y, wk, _ = day.isocalendar()
        return f"{y:04d}-W{wk:02d}", "week"
    if precision == "year":
        return f"{day.year:04d}", "year"
    return None, "unknown"


def event_chunks(w: World, n_events: int) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Rows for events, event_actors, members, clusters and cluster_actors, chunk by chunk."""
    rng = w.rng
    n_art = len(w.article_ids)
    day_start = np.searchsorted(w.article_day, np.arange(DAYS + 4))
    made = 0
    prec_names = [p for p, _ in PRECISION]
    prec_w = [q for _, q in PRECISION]
    mod_names = [m for m, _ in MODALITY]
    mod_w = [q for _, q in MODALITY]
    while made < n_events:
        target = min(CHUNK, n_events - made)
        n_clusters = max(1, int(target / 2.5))
        sizes = np.minimum(rng.geometric(0.4, size=n_clusters), 10)
        src = rng.choice(len(w.actors), size=n_clusters, p=w.actor_w)
        tgt = rng.choice(len(w.actors), size=n_clusters, p=w.actor_w)
        has_tgt = rng.random(n_clusters) < 0.9
        code = rng.choice(len(w.codes), size=n_clusters, p=w.code_w)
        days = rng.integers(0, DAYS, size=n_clusters)
        mods = rng.choice(len(mod_names), size=n_clusters, p=mod_w)
        out: dict[str, list[tuple[Any, ...]]] = {
            "events": [], "event_actors": [], "event_cluster_members": [],
            "event_clusters": [], "cluster_actors": []}
        for k in range(n_clusters):
            if made >= n_events:
                break
            size = int(min(sizes[k], n_events - made))
            s_actor = w.actors[src[k]]
            t_actor = w.actors[tgt[k]] if has_tgt[k] and tgt[k] != src[k] else None
            c = w.codes[code[k]]
            # the clustering key of resolve/events.py: the participants' countries, role-free
            key = ",".join(sorted({s_actor[2], *((t_actor[2],) if t_actor else ())}))
            modality = mod_names[mods[k]]
            day = START + dt.timedelta(days=int(days[k]))
            ids = sorted(hexids(rng, size))
            cid = cluster_id_for(ids[0])
            precs = rng.choice(len(prec_names), size=size, p=prec_w)
            first = last = None
            rep_date: tuple[str | None, str] = (None, "unknown")
            outlets = set()
            for j, eid in enumerate(ids):
                lag = int(rng.integers(0, 4))
                d0, d1 = day_start[int(days[k]) + lag], day_start[int(days[k]) + lag + 1]
                ai = int(rng.integers(d0, d1)) if d1 > d0 else int(rng.integers(0, n_art))
                article = w.article_ids[ai]
                published = START + dt.timedelta(days=int(w.article_day[ai]))
                value, prec = date_value(day, prec_names[precs[j]], published)
                if j == 0 or (prec == "day" and rep_date[1] != "day"):
                    rep_date = (value, prec)
                first = min(first or published, published)
                last = max(last or published, published)
                outlets.add(ai % 400)
                out["events"].append((
                    eid, article, "met", 10, 13, c.code, c.code[:2], c.goldstein, c.quad_class,
                    None, None, None, s_actor[2] + s_actor[3],
                    (t_actor[2] + t_actor[3]) if t_actor else None, modality,
                    int(modality == "negated"), value, prec, None, 0, 80, None, None, 0.8))
                out["event_actors"].append((eid, "source", s_actor[0], 0, 9, s_actor[1],
                                            ""))
                if t_actor:
                    out["event_actors"].append((eid, "target", t_actor[0], 20, 29,
                                                t_actor[1], ""))
                lo = day.isoformat() if value is not None else None
                out["event_cluster_members"].append((
                    eid, cid, article, f"outlet{ai % 400}", key, f"*r{c.code[:2]}",
                    STANCE.get(modality, "irrealis"), c.code,
                    c.code[:2], None, lo, lo, int(prec == "publication"), "met talks"))
                made += 1
            lo_day = day.isoformat()
            out["event_clusters"].append((
                cid, key, f"*r{c.code[:2]}", STANCE.get(modality, "irrealis"),
                c.code, c.code[:2], None, c.quad_class, c.goldstein, rep_date[0], rep_date[1],
                lo_day, lo_day, size, len(outlets), size, str(first), str(last), 0, ids[0],
                len(outlets)))
            out["cluster_actors"].append((s_actor[0], lo_day, cid))
            if t_actor:
                out["cluster_actors"].append((t_actor[0], lo_day, cid))
        yield out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def timed(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    """(p50, p95) in milliseconds of ``fn`` over n calls."""
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts), pct(ts, 0.95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=200_000)
    ap.add_argument("--db", type=Path, default=None, help="Database file (default: a temp dir).")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cpu-rounds", type=int, default=1,
                    help="Repeat the story grouping and the incremental clustering this many "
                         "times (each rolled back but the last) and report their CPU time per "
                         "article, the least of the rounds (a machine shared with other jobs).")
    ap.add_argument("--keep-indexes", action="store_true",
                    help="Keep every index during the load instead of building the secondary "
                         "ones after it (Store.deferred_indexes).")
    ap.add_argument("--append", action="store_true", help="Add the results to RESULTS.md.")
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    tmp = tempfile.mkdtemp(prefix="ngbench-")
    db = args.db or Path(tmp) / "bench.db"
    if db.exists():
        db.unlink()
    store = Store(db)
    store.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache for the load
    world = World(rng, args.articles)
    seconds: dict[str, float] = {}
    cpu_s: dict[str, float] = {}
    rows: dict[str, int] = {}

    def load(table: str, chunk: list[tuple[Any, ...]]) -> None:
        chunk.sort(key=lambda r: r[0])  # key order, as any bulk importer would
        t0, c0 = time.perf_counter(), time.process_time()
        store.bulk_insert(table, chunk)
        seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - t0
        cpu_s[table] = cpu_s.get(table, 0.0) + time.process_time() - c0
        rows[table] = rows.get(table, 0) + len(chunk)

    tables = ("actors", "articles", "events", "event_actors", "event_cluster_members",
              "event_clusters", "cluster_actors")
    deferred = (store.deferred_indexes(tables) if not args.keep_indexes
                else contextlib.nullcontext())
    with deferred:
        load("actors", [(a[0], a[1], "state" if not a[3] else "organisation", a[2],
                         json.dumps([a[3]] if a[3] else []), a[2] + a[3])
                        for a in world.actors])
        for lo in range(0, args.articles, CHUNK // 2):
            load("articles", articles_rows(world, lo, min(args.articles, lo + CHUNK // 2)))
        for chunk in event_chunks(world, args.events):
            for table in tables[2:]:
                load(table, chunk[table])
        # the dropped read indexes are built again table by table; each table's build time
        # counts in its load time, so the rates below are for rows that are fully indexed
        for table in tables:
            t0, c0 = time.perf_counter(), time.process_time()
            store.build_pending_indexes(table)
            seconds[table] += time.perf_counter() - t0
            cpu_s[table] += time.process_time() - c0
    store.conn.execute("ANALYZE")
    size_mb = db.stat().st_size / 2**20

    # -- queries ---------------------------------------------------------------------------
    c = store.conn
    sample = c.execute("SELECT source_code, target_code FROM events WHERE target_code IS NOT "
                       "NULL AND rowid IN (SELECT abs(random()) % (SELECT max(rowid) FROM "
                       "events) FROM events LIMIT ?)", (args.queries * 3,)).fetchall()
    dyads = [(r[0], r[1]) for r in sample][:args.queries]
    it = iter(dyads * 2)
    dyad_sql = ("SELECT substr(date, 1, 7) AS month, count(*), avg(goldstein) FROM events "
                "WHERE source_code = ? AND target_code = ? AND date IS NOT NULL "
                "GROUP BY month ORDER BY month")
    dyad_sizes = [c.execute("SELECT count(*) FROM events WHERE source_code = ? AND "
                            "target_code = ?", d).fetchone()[0] for d in dyads]
    dyad_p50, dyad_p95 = timed(lambda: c.execute(dyad_sql, next(it)).fetchall(), len(dyads))

    actor_sample = [r[0] for r in c.execute(
        "SELECT actor_id FROM event_actors WHERE rowid IN (SELECT abs(random()) % "
        "(SELECT max(rowid) FROM event_actors) FROM event_actors LIMIT ?)",
        (args.queries,)).fetchall()]
    since = [(START + dt.timedelta(days=int(d))).isoformat()
             for d in rng.integers(0, DAYS, size=len(actor_sample))]
    at = iter(list(zip(actor_sample, since, strict=True)))
    timeline_sql = ("SELECT c.* FROM cluster_actors ca JOIN event_clusters c "
                    "ON c.id = ca.cluster_id WHERE ca.actor_id = ? AND ca.date >= ? "
                    "ORDER BY ca.date LIMIT 100")
    tl_p50, tl_p95 = timed(lambda: c.execute(timeline_sql, next(at)).fetchall(),
                           len(actor_sample))

    # the same page read from mentions, without the cluster index: every event of the actor
    # has to be fetched and sorted, so frequent actors cost far more (shown for comparison)
    at2 = iter(list(zip(actor_sample, since, strict=True))[:20])
    mention_sql = ("SELECT e.* FROM event_actors ea JOIN events e ON e.id = ea.event_id "
                   "WHERE ea.actor_id = ? AND e.date >= ? ORDER BY e.date LIMIT 100")
    ev_p50, ev_p95 = timed(lambda: c.execute(mention_sql, next(at2)).fetchall(),
                           min(20, len(actor_sample)))

    words = [world.vocab[int(i)] for i in rng.integers(0, len(world.vocab), size=args.queries)]
    wt = iter(words)
    fts_p50, fts_p95 = timed(lambda: store.search(next(wt)), len(words))
    top = iter(world.vocab[:20])
    top_p50, top_p95 = timed(lambda: store.search(next(top)), 20)

    # -- stories: every article grouped as saves group them (resolve/stories.py); before
    # the clustering, as a save writes an article's story first (its mentions read its terms)
    from newsgraph.resolve.stories import rebuild_stories

    def cpu_rounds(step: Callable[[Any], Any]) -> tuple[float, float, Any]:
        """Wall ms of the first round, least CPU ms of all rounds, the last round's value;
        every round but the last rolled back."""
        walls, cpus, got = [], [], None
        for r in range(max(1, args.cpu_rounds)):
            store.conn.execute("BEGIN IMMEDIATE")
            t0, c0 = time.perf_counter(), time.process_time()
            got = step(store.conn)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            store.conn.execute("COMMIT" if r == max(1, args.cpu_rounds) - 1 else "ROLLBACK")
        return walls[0] * 1000, min(cpus) * 1000, got

    story_wall, story_cpu, n_stories = cpu_rounds(rebuild_stories)
    story_ms = story_wall / args.articles
    story_cpu_ms = story_cpu / args.articles
    # -- incremental clustering of new mentions into the full store -------------------------
    fresh = next(event_chunks(world, 2000))
    with store.transaction() as tc:
        tc.executemany("INSERT INTO events VALUES (" + ",".join("?" * 24) + ")",
                       fresh["events"])
        tc.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?)",
                       fresh["event_actors"])
    ids = [e[0] for e in fresh["events"]]
    def cluster_all(conn: Any) -> None:
        for k in range(0, len(ids), 5):
            add_mentions(conn, ids[k:k + 5])

    incr_wall, incr_cpu, _ = cpu_rounds(cluster_all)
    incr_ms = incr_wall / (len(ids) / 5)
    incr_cpu_ms = incr_cpu / (len(ids) / 5)
    store.close()

    ev_rate = rows["events"] / seconds["events"]
    all_rows = sum(rows.values())
    all_rate = all_rows / sum(seconds.values())
    cpu = platform.processor() or platform.machine()
    lines = [
        f"## Store at scale ({dt.date.today().isoformat()})",
        "",
        f"Command: `.venv/bin/python bench/store.py --events {args.events} "
        f"--articles {args.articles}{' --keep-indexes' if args.keep_indexes else ''}`  ",
        f"Machine: {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores "
        f"(shared with other jobs), Python {platform.python_version()}, SQLite "
        f"{__import__('sqlite3').sqlite_version}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| events rows | {rows['events']:,} |",
        f"| articles rows (with FTS5 index) | {rows['articles']:,} |",
        f"| events insert rate, wall (CPU) | {ev_rate:,.0f} rows/s "
        f"({rows['events'] / cpu_s['events']:,.0f} rows/s of CPU time) |",
        *(f"| {t} insert rate, wall (CPU) | {rows[t] / seconds[t]:,.0f} rows/s "
          f"({rows[t] / cpu_s[t]:,.0f}; {rows[t]:,} rows) |"
          for t in ("articles", "event_actors", "event_cluster_members", "event_clusters",
                    "cluster_actors")),
        f"| all tables | {all_rows:,} rows in {sum(seconds.values()):.1f} s wall, "
        f"{sum(cpu_s.values()):.1f} s CPU ({all_rate:,.0f} rows/s wall) |",
        f"| dyad time series p50 / p95 | {dyad_p50:.2f} / {dyad_p95:.2f} ms "
        f"({len(dyads)} dyads by frequency; median {statistics.median(dyad_sizes):.0f}, "
        f"max {max(dyad_sizes)} events) |",
        f"| actor timeline p50 / p95 | {tl_p50:.2f} / {tl_p95:.2f} ms "
        f"({len(actor_sample)} actors by frequency, 100 events from a random date) |",
        f"| actor timeline from mentions (no cluster index) p50 / p95 | {ev_p50:.1f} / "
        f"{ev_p95:.1f} ms (20 actors by frequency) |",
        f"| FTS p50 / p95 | {fts_p50:.2f} / {fts_p95:.2f} ms ({len(words)} random "
        "vocabulary words, 20 best by rank) |",
        f"| FTS p50 / p95, 20 most frequent words | {top_p50:.1f} / {top_p95:.1f} ms |",
        f"| incremental clustering | {incr_ms:.2f} ms per article of 5 new events |",
        f"| store resolution CPU per article (least of {max(1, args.cpu_rounds)} rounds) | "
        f"stories {story_cpu_ms:.2f} + clustering {incr_cpu_ms:.2f} = "
        f"{story_cpu_ms + incr_cpu_ms:.2f} ms |",
        f"| stories | {story_ms:.2f} ms per article ({args.articles:,} articles grouped one "
        f"by one into {n_stories:,} stories) |",
        f"| file size | {size_mb:,.0f} MiB |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.append:
        with (Path(__file__).resolve().parent / "RESULTS.md").open("a", encoding="utf-8") as f:
            f.write("\n" + report)
    if args.db is None:
        for p in Path(tmp).iterdir():
            p.unlink()
        os.rmdir(tmp)


if __name__ == "__main__":
    main()
