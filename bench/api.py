"""API latency on a synthetic store: p50/p95/max per endpoint against a real server.

    .venv/bin/python bench/api.py --events 100000 [--rounds 20] [--append]

Builds a store by inserting generated rows directly (no NLP: articles, actors, events with
mixed date precisions, event actors, mentions, quotes), starts ``newsgraph serve`` on a free
loopback port and times each request with a mix of filters. ``--append`` adds the table to
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.store import Store  # noqa: E402

COUNTRIES = ["AUS", "JPN", "CHN", "USA", "IND", "IDN", "NZL", "KOR", "FRA", "DEU", "GBR",
             "RUS", "BRA", "ZAF", "CAN", "MEX", "EGY", "TUR", "IRN", "PAK"]
ROLES = ["", "GOV", "MIL", "COP", "JUD", "BUS"]
CAMEO = [("010", 0.0, 1), ("020", 3.0, 1), ("036", 4.0, 1), ("042", 1.9, 1), ("057", 8.0, 1),
         ("061", 6.4, 2), ("071", 7.4, 2), ("111", -2.0, 3), ("120", -4.0, 3),
         ("130", -4.4, 3), ("163", -8.0, 4), ("173", -5.0, 4), ("190", -10.0, 4)]
PLOVER = {"01": None, "02": None, "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
          "06": "COOPERATE", "07": "AID", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
          "16": "SANCTION", "17": "COERCE", "19": "ASSAULT"}
MODALITIES = ["asserted"] * 6 + ["reported", "negated", "future", "hypothetical", "refused"]
SENTENCE = ("Officials from {a} and {b} met in the capital on Monday to discuss the dispute, "
            "a spokesperson said, adding that talks would continue next month. ")


def build(path: Path, n_events: int, per_article: int = 10, seed: int = 7) -> None:
    """Write the synthetic rows, then let the store derive what it derives on ``save``."""
    with Store(path) as store:
        _rows(store, n_events, per_article, seed)
        store.recluster()  # event clusters and the read model (event_pairs), as after an import


def _rows(store: Store, n_events: int, per_article: int, seed: int) -> None:
    rnd = random.Random(seed)
    actors = [(f"a{c}{r}", c if not r else f"{c} {r}", "state" if not r else "organisation",
               c, json.dumps([r] if r else []), c + r) for c in COUNTRIES for r in ROLES]
    start = dt.date(2015, 1, 1)
    with store.transaction() as c:
        c.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)", actors)
        n_articles = n_events // per_article
        for i in range(n_articles):
            a, b = rnd.sample(COUNTRIES, 2)
            text = "".join(SENTENCE.format(a=a, b=b) for _ in range(per_article))
            day = start + dt.timedelta(days=rnd.randrange(3650))
            aid = f"art{i:08d}"
            c.execute("INSERT INTO articles (id, url, outlet, title, authors, published, "
                      "published_source, language, origin, text, removed, duplicate_of, "
                      "ingested_at) VALUES (?, ?, ?, ?, '[]', ?, 'metadata', 'en', ?, ?, '[]', "
                      "NULL, '2025-01-01')",
                      (aid, f"https://example.org/{i}", f"Outlet {i % 25}",
                       f"{a} and {b} talks {i}", day.isoformat(), f"synthetic:{i}", text))
            slen = len(SENTENCE.format(a=a, b=b))
            for j in range(per_article):
                s = rnd.choice(actors)
                t = rnd.choice(actors)
                cameo, gold, quad = rnd.choice(CAMEO)
                off = j * slen
                p = rnd.random()
                if p < 0.4:
                    date, prec = (day - dt.timedelta(days=rnd.randrange(30))).isoformat(), "day"
                elif p < 0.7:
                    date, prec = day.isoformat(), "publication"
                elif p < 0.85:
                    date, prec = day.isoformat()[:7], "month"
                elif p < 0.9:
                    date, prec = f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}", "week"
                elif p < 0.97:
                    date, prec = str(day.year), "year"
                else:
                    date, prec = None, "unknown"
                eid = f"ev{i:08d}{j:02d}"
                c.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (eid, aid, "met", off + 30, off + 33, cameo, cameo[:2], gold, quad,
                           PLOVER[cameo[:2]], None, None, s[5], t[5], rnd.choice(MODALITIES),
                           0, date, prec, None, off, off + slen, None, None, 0.5))
                c.execute("INSERT INTO event_actors VALUES (?, 'source', ?, ?, ?, ?, '')",
                          (eid, s[0], off + 15, off + 18, s[3]))
                c.execute("INSERT INTO event_actors VALUES (?, 'target', ?, ?, ?, ?, '')",
                          (eid, t[0], off + 23, off + 26, t[3]))
                c.execute("INSERT OR IGNORE INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?)",
                          (aid, off + 15, off + 18, s[3], s[0], "country"))
                c.execute("INSERT OR IGNORE INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?)",
                          (aid, off + 23, off + 26, t[3], t[0], "country"))
            for k in range(3):
                off = k * slen
                c.execute("INSERT INTO quotes VALUES (?, ?, ?, NULL, NULL, NULL, 'said', ?, ?, "
                          "'indirect', 0, ?, ?, NULL, NULL)",
                          (f"q{i:08d}{k}", aid, "a spokesperson", off + 100, off + slen - 2,
                           off, off + slen))


def requests_mix(rnd: random.Random, n_articles: int) -> list[tuple[str, str, dict[str, str]]]:
    a, b = rnd.sample(COUNTRIES, 2)
    year = str(rnd.randrange(2015, 2025))
    return [
        ("events", "/api/events", {}),
        ("events?source&target", "/api/events", {"source": a, "target": b}),
        ("events?actor&date", "/api/events", {"actor": a + "GOV", "date_from": year,
                                              "date_to": year}),
        ("events?cameo&modality", "/api/events", {"cameo": "04", "modality": "asserted"}),
        ("events deep page", "/api/events", {"offset": str(rnd.randrange(90_000))}),
        ("timeline", "/api/timeline", {}),
        ("timeline?month&source", "/api/timeline", {"granularity": "month", "source": a}),
        ("dyads", "/api/dyads", {}),
        ("dyads/A/B", f"/api/dyads/{a}/{b}", {}),
        ("network country", "/api/network", {"level": "country"}),
        ("network actor year", "/api/network", {"date_from": year, "date_to": year}),
        ("actors", "/api/actors", {}),
        ("articles", "/api/articles", {"offset": str(rnd.randrange(n_articles - 50))}),
        ("article", f"/api/articles/art{rnd.randrange(n_articles):08d}", {}),
        ("quotes", "/api/quotes", {}),
        ("search", "/api/search", {"q": f"{a} talks"}),
        ("page /timeline", "/timeline", {}),
        ("page /events", "/events", {"source": a}),
        ("page /article", f"/articles/art{rnd.randrange(n_articles):08d}", {}),
        ("between/A/B", f"/api/between/{a}/{b}", {}),
        ("events?both", "/api/events", {"both": f"{a},{b}"}),
        ("facets?actor", "/api/facets", {"actor": a}),
        ("quotes?speaker", "/api/quotes", {"speaker": a}),
        ("page /between", f"/between/{a}/{b}", {}),
        ("page /events facets", "/events", {}),
        ("page /network", "/network", {}),
        ("page /map", "/map", {}),
        ("page /quotes", "/quotes", {}),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--append", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ng-bench-api-"))
    db = tmp / "bench.db"
    t0 = time.perf_counter()
    build(db, args.events)
    build_s = time.perf_counter() - t0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db),
                             "--port", str(port)], env={**os.environ,
                                                        "PYTHONPATH": str(ROOT / "src")})
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/api/stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        rnd = random.Random(1)
        times: dict[str, list[float]] = {}
        with httpx.Client(base_url=url, timeout=30) as client:
            for _ in range(args.rounds):
                for name, path, params in requests_mix(rnd, args.events // 10):
                    t = time.perf_counter()
                    r = client.get(path, params=params)
                    times.setdefault(name, []).append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (path, r.status_code, r.text[:200])
    finally:
        proc.terminate()
        proc.wait()
    every = sorted(x for v in times.values() for x in v)
    api = sorted(x for k, v in times.items() if not k.startswith("page") for x in v)

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20, method="inclusive")[-1] if len(xs) > 1 else xs[0]

    lines = [f"### API latency, {args.events} events, {args.rounds} rounds "
             f"({dt.date.today()}, {platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores shared)",
             "", f"Command: `.venv/bin/python bench/api.py --events {args.events} "
             f"--rounds {args.rounds}`; store built in {build_s:.0f} s.", "",
             "| request | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|"]
    for name, xs in times.items():
        xs.sort()
        lines.append(f"| {name} | {statistics.median(xs):.1f} | {p95(xs):.1f} | "
                     f"{xs[-1]:.1f} |")
    lines.append(f"| **all API requests** | {statistics.median(api):.1f} | {p95(api):.1f} | "
                 f"{api[-1]:.1f} |")
    lines.append(f"| **all requests incl. pages** | {statistics.median(every):.1f} | "
                 f"{p95(every):.1f} | {every[-1]:.1f} |")
    report = "\n".join(lines)
    print(report)
    if args.append:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + report + "\n")


if __name__ == "__main__":
    main()
