"""The watcher over a simulated day: CPU per quiet round, requests sent, memory over time.

    .venv/bin/python bench/watch.py [--feeds 50] [--entries 20] [--hours 24] [--every 15m]
                                    [--new-every 4] [--new 3] [--append]

A local ``FeedServer`` (127.0.0.1) serves ``--feeds`` RSS feeds of ``--entries`` items each;
the store starts knowing them all (as after a first catch-up round: the entries are marked
seen, so the benchmark measures steady state, not a 1,000-article first ingest). The watcher
then runs ``hours * 60 / every`` rounds on a fake clock (no real waiting between rounds);
every ``--new-every``-th round ``--new`` new entries appear across the feeds (articles from
bench/corpus.py, each different), each feed keeping its latest ``--entries`` items.

Reported: CPU of the watcher's thread per quiet round (``time.thread_time``: the server's
threads run in the same process and are left out), the share of conditional requests in quiet
rounds, rounds whose new articles were stored, clustered and alerted in the round itself, and
RSS after each round (``/proc/self/status``) with peak RSS (``getrusage``). ``--append`` adds
the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import iter_corpus  # noqa: E402

from newsgraph.ingest.fetch import FetchPolicy  # noqa: E402
from newsgraph.store import Store  # noqa: E402
from newsgraph.watch.alerts import WatchConfig, parse_watch  # noqa: E402
from newsgraph.watch.demo import FeedServer, Item, text_page  # noqa: E402
from newsgraph.watch.loop import RoundStats, Watcher, parse_duration  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--entries", type=int, default=20)
    ap.add_argument("--hours", type=float, default=24.0)
    ap.add_argument("--every", default="15m")
    ap.add_argument("--new-every", type=int, default=4)
    ap.add_argument("--new", type=int, default=3)
    ap.add_argument("--append", action="store_true")
    args = ap.parse_args()
    every = parse_duration(args.every)
    n_rounds = int(args.hours * 3600 / every)
    start = dt.datetime(2024, 5, 21, 0, tzinfo=dt.UTC).timestamp()
    clock = [start]
    corpus = iter_corpus(10_000, seed=11, novel=True)
    tmp = Path(tempfile.mkdtemp(prefix="ng-watch-bench-"))
    db = tmp / "watch.db"

    with FeedServer() as server, Store(db) as store:
        urls = []
        seq = 0
        for f in range(args.feeds):
            path = f"/feed{f}.rss"
            server.feeds[path] = [Item(f"old {f}-{i}", f"/old/{f}/{i}", "2024-05-20")
                                  for i in range(args.entries)]
            urls.append(server.url + path)
        store.conn.execute("BEGIN")  # the store already knows every entry (steady state)
        for f in range(args.feeds):
            store.conn.execute("INSERT INTO watch_feeds (url) VALUES (?)", (urls[f],))
            store.conn.executemany(
                "INSERT INTO watch_entries (feed_url, entry_key, origin, state, seen_at) "
                "VALUES (?, ?, ?, 'done', ?)",
                [(urls[f], f"{server.url}/old/{f}/{i}", "seed", start)
                 for i in range(args.entries)])
        store.conn.execute("COMMIT")
        watches = WatchConfig((parse_watch({"name": "all", "rule": "new"}, 0),))
        w = Watcher(store, urls, policy=FetchPolicy.allowing(["127.0.0.1/32"]),
                    watches=watches, every=every, delay=0.0, clock=lambda: clock[0],
                    sleep=lambda s: clock.__setitem__(0, clock[0] + s))
        rows: list[dict[str, float]] = []
        mark = [0, time.thread_time()]

        def publish(r: int) -> int:
            nonlocal seq
            if r % args.new_every:
                return 0
            for _ in range(args.new):
                text, _published = next(corpus)
                title, _, body = text.partition("\n\n")
                day = dt.datetime.fromtimestamp(clock[0], dt.UTC).date().isoformat()
                server.pages[f"/new/{seq}"] = (text_page(title[7:], body), "text/html")
                feed = server.feeds[f"/feed{seq % args.feeds}.rss"]
                feed.insert(0, Item(title[7:], f"/new/{seq}", day))
                del feed[args.entries:]
                seq += 1
            return args.new

        published = [publish(1)]

        def on_round(s: RoundStats) -> None:
            sent = server.log[mark[0]:]
            cpu = time.thread_time() - mark[1]
            alerted = store.conn.execute(
                "SELECT count(DISTINCT a.id) FROM alerts a WHERE a.fired_at >= ?",
                (clock[0] - 1,)).fetchone()[0]
            rows.append({"round": s.round, "cpu": cpu, "wall": s.seconds, "new": s.new_entries,
                         "articles": s.articles, "published": published[-1],
                         "requests": len(sent), "conditional": sum(c for _, _, c in sent),
                         "alerts": s.alerts, "alerted": alerted, "rss": rss_mb()})
            if s.round % 8 == 0:
                print(f"round {s.round}: cpu {cpu:.2f}s, {s.articles} articles, "
                      f"{len(sent)} requests, rss {rss_mb():.0f} MB", flush=True)
            server.log.clear()
            published.append(publish(s.round + 1))
            mark[0], mark[1] = 0, time.thread_time()

        t0 = time.monotonic()
        w.run(rounds=n_rounds, on_round=on_round)
        wall = time.monotonic() - t0
        w.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        counts = store.counts()
        db_mb = db.stat().st_size / 1e6
    shutil.rmtree(tmp, ignore_errors=True)

    quiet = [r for r in rows if r["published"] == 0 and r["round"] > 1]
    busy = [r for r in rows if r["published"]]
    qcpu = sorted(r["cpu"] for r in quiet)
    conditional = sum(r["conditional"] for r in quiet) / max(1, sum(r["requests"]
                                                                    for r in quiet))
    within = sum(1 for r in busy if r["articles"] == r["published"] and r["alerts"] > 0)
    # memory from the first round that loaded the spaCy model on (before it: no model yet)
    loaded = next((i for i, r in enumerate(rows) if r["articles"]), 0)
    rss = [r["rss"] for r in rows[loaded:]]
    tenth = max(1, len(rss) // 10)
    lines = [
        f"## watch — {dt.date.today().isoformat()}",
        "",
        f"`{' '.join(['.venv/bin/python', 'bench/watch.py', *sys.argv[1:]])}` "
        f"({platform.machine()}, {os.cpu_count()} cores shared with other jobs): "
        f"{args.feeds} feeds x {args.entries} entries, {n_rounds} rounds every {args.every} "
        f"on a fake clock ({args.hours:g} h simulated, {wall:.0f} s real), {args.new} new "
        f"entries every {args.new_every} rounds; {counts['articles']} articles stored "
        f"({db_mb:.0f} MB database).",
        "",
        "| figure | value |",
        "|---|---|",
        (f"| CPU per quiet round (watcher thread), median / max | {qcpu[len(qcpu) // 2]:.3f} s"
         f" / {qcpu[-1]:.3f} s ({len(quiet)} rounds) |" if qcpu
         else "| CPU per quiet round | no quiet round in this run |"),
        f"| requests per quiet round / conditional share | "
        f"{sum(r['requests'] for r in quiet) / max(1, len(quiet)):.1f} / {conditional:.1%} |",
        f"| rounds with new entries stored, clustered and alerted in that round | "
        f"{within} of {len(busy)} |",
        f"| CPU per round with {args.new} new articles, median | "
        f"{sorted(r['cpu'] for r in busy)[len(busy) // 2]:.2f} s |",
        f"| RSS after the model loaded: mean of first / last tenth of rounds, max | "
        f"{sum(rss[:tenth]) / tenth:.0f} MB / {sum(rss[-tenth:]) / tenth:.0f} MB, "
        f"{max(rss):.0f} MB |",
        f"| peak RSS (getrusage, whole process incl. feed server) | {peak:.0f} MB |",
        "",
    ]
    print("\n".join(lines))
    if args.append:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
