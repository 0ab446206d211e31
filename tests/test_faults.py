"""Faults: kill -9 during ingest and restart, a full disk, two ingests at once, reads during
an ingest. Every check compares the database with a clean single run over the same corpus.

The corpus is a few hundred small generated articles (``NEWSGRAPH_FAULT_ARTICLES``, default
200); ``NEWSGRAPH_FAULT_CYCLES`` (default 10) sets the number of kill/restart cycles.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = int(os.environ.get("NEWSGRAPH_FAULT_ARTICLES", "300"))
CYCLES = int(os.environ.get("NEWSGRAPH_FAULT_CYCLES", "10"))

COUNTRIES = ["Australia", "Japan", "France", "Germany", "India", "Indonesia", "Brazil",
             "Canada", "Kenya", "Mexico", "Norway", "Chile", "Egypt", "Vietnam", "Poland"]
VERBS = ["signed a trade agreement with", "criticised", "met officials from", "accused",
         "agreed to cooperate with", "threatened sanctions against", "praised", "visited",
         "expelled diplomats from", "promised aid to"]
WHEN = ["on Monday", "last week", "on Friday", "in March", "two days ago", "yesterday"]
FILLER = ["harbour", "tariff", "steel", "river", "summit", "grain", "border", "satellite",
          "vaccine", "pipeline", "fishery", "railway", "election", "copper", "drought"]


def make_article(rng: random.Random, i: int) -> str:
    """A small distinct article: events, a quote, dates; words chosen so no two are
    near-duplicates of each other."""
    a, b = rng.sample(COUNTRIES, 2)
    words = " ".join(rng.sample(FILLER, 6))
    return (f"Title: Report {i} on {a} and {b}\nPublished: 2024-0{1 + i % 9}-1{i % 10}\n\n"
            f"{a} {rng.choice(VERBS)} {b} {rng.choice(WHEN)}, officials said. "
            f"The talks covered {words} and item {i * 7919 % 10007}. "
            f"\u201cWe expect progress on {rng.choice(FILLER)} {i},\u201d the foreign minister "
            f"of {a} said. {b} {rng.choice(VERBS)} {rng.choice(COUNTRIES)} "
            f"{rng.choice(WHEN)} over case {i}.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faultcorpus")
    rng = random.Random(20240313)
    for i in range(ARTICLES):
        (folder / f"a{i:04d}.txt").write_text(make_article(rng, i), encoding="utf-8")
    return folder


def ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db), "--json"]


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def run_ingest(corpus: Path, db: Path) -> dict[str, Any]:
    proc = subprocess.run(ingest_cmd(corpus, db), capture_output=True, text=True, timeout=900,
                          env=ENV)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(json.loads(proc.stdout))


def snapshot(db: Path) -> dict[str, tuple[Any, ...]]:
    """Per article: its origin and the rows of every table that hangs off it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for aid, origin, text in conn.execute("SELECT id, origin, text FROM articles"):
            rows = []
            for sql in ("SELECT id, cameo, ev_start, ev_end FROM events WHERE article_id = ? "
                        "ORDER BY id",
                        "SELECT id, content_start, content_end FROM quotes WHERE article_id = ? "
                        "ORDER BY id",
                        "SELECT start, end, value FROM timexes WHERE article_id = ? "
                        "ORDER BY start",
                        "SELECT start, end, actor_id FROM actor_mentions WHERE article_id = ? "
                        "ORDER BY start, actor_id"):
                rows.append(tuple(conn.execute(sql, (aid,)).fetchall()))
            out[aid] = (Path(origin).name, len(text), *rows)
        return out
    finally:
        conn.close()


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not migrated yet
        return 0


def check_consistent(db: Path, reference: dict[str, tuple[Any, ...]]) -> set[str]:
    """Every stored article equals its reference (no partial article); returns the ids."""
    snap = snapshot(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        origins = [r[0] for r in conn.execute("SELECT origin FROM articles")]
        assert len(origins) == len(set(origins)), "an input was stored twice"
        dangling = conn.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert dangling == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    for aid, rows in snap.items():
        assert aid in reference, f"article {aid} is not in the clean run"
        assert rows == reference[aid], f"article {aid} differs from the clean run (partial?)"
    return set(snap)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[dict[str, tuple[Any, ...]], float]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    start = time.monotonic()
    stats = run_ingest(corpus, db)
    elapsed = time.monotonic() - start
    assert stats["this_run"]["added"] == ARTICLES, stats
    return snapshot(db), elapsed


def test_kill_during_ingest_and_restart(corpus: Path, reference: Any, tmp_path: Path) -> None:
    ref, full_seconds = reference
    db = tmp_path / "killed.db"
    rng = random.Random(7)
    committed: set[str] = set()
    kills = 0
    log = []
    for cycle in range(CYCLES):
        proc = subprocess.Popen(ingest_cmd(corpus, db), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=ENV)
        if cycle % 3 == 0:  # a random moment: start-up, migrations, model loading or a batch
            time.sleep(rng.uniform(0.2, max(1.0, full_seconds * 0.5)))
        else:  # a random point inside the writes: after k more articles, plus a jitter
            target = len(committed) + rng.randint(1, max(2, ARTICLES // (CYCLES + 2)))
            deadline = time.monotonic() + full_seconds * 3 + 30
            while proc.poll() is None and time.monotonic() < deadline and \
                    stored_count(db) < target:
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.2))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        if not db.exists():
            log.append(0)
            continue
        now = check_consistent(db, ref)
        assert committed <= now, f"cycle {cycle}: committed articles were lost"
        committed = now
        log.append(len(now))
    run_ingest(corpus, db)  # the final restart completes the job
    final = check_consistent(db, ref)
    assert final == set(ref), "the restarted ingest did not converge on the clean run"
    assert kills >= CYCLES // 2, f"only {kills} of {CYCLES} runs were killed mid-way: {log}"
    assert 0 < len(committed) < len(ref), f"no kill landed mid-ingest: {log}"
    print(f"\nkill/restart: {kills} kills in {CYCLES} cycles, articles after each: {log}")


def test_kill_during_grouped_run_and_restart(corpus: Path, reference: Any,
                                             tmp_path: Path) -> None:
    """``newsgraph run --db`` commits once per 64 articles (``Store.grouped``): killed after
    its first commit, the file holds whole groups of whole articles, and a rerun completes
    the job exactly as a clean run does."""
    from newsgraph.runner.local import store_records

    group = inspect.signature(store_records).parameters["commit_every"].default
    ref, full_seconds = reference
    db = tmp_path / "run.db"
    cmd = [sys.executable, "-m", "newsgraph", "run", str(corpus), "--db", str(db), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    deadline = time.monotonic() + full_seconds * 3 + 60
    while proc.poll() is None and time.monotonic() < deadline and stored_count(db) == 0:
        time.sleep(0.02)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    now = check_consistent(db, ref)
    assert killed and 0 < len(now) < len(ref), f"the run was not killed mid-way: {len(now)}"
    assert len(now) % group == 0, f"{len(now)} articles: a commit group was split"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = json.loads(done.stdout)
    assert stats["unchanged"] == len(now) and stats["added"] == len(ref) - len(now), stats
    assert check_consistent(db, ref) == set(ref)


def test_full_database_error_is_not_masked_by_rollback(tmp_path: Path) -> None:
    """Found by the disk-full test: SQLite had already rolled back, so ``Store.transaction``'s
    own ROLLBACK raised "no transaction is active" and hid "database or disk is full"."""
    from newsgraph.records import Skip

    with Store(tmp_path / "cap.db") as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {int(pages) + 2}")
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for i in range(100):
                store.record_skip(Skip(f"o{i}", "ingest", "E100", "x" * 20_000))
        assert not store.conn.in_transaction
        store.conn.execute("SELECT count(*) FROM skips").fetchone()  # still usable


def test_disk_full_fails_cleanly(corpus: Path, reference: Any, tmp_path: Path,
                                 full_disk: Callable[[Path, int], Callable[[], None]]) -> None:
    """A size-capped database (``PRAGMA max_page_count``) fills up mid-ingest: the CLI exits
    with a clear error, no traceback, and no article is stored in part."""
    from typer.testing import CliRunner

    from newsgraph import cli

    ref, _ = reference
    db = tmp_path / "full.db"
    room_again = full_disk(db, 40)
    res = CliRunner().invoke(cli.app, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 1, res.output
    assert not isinstance(res.exception, sqlite3.Error), "a raw sqlite3 error escaped"
    assert "full" in res.output.lower(), res.output
    stored = check_consistent(db, ref)
    assert 0 < len(stored) < ARTICLES
    room_again()
    run_ingest(corpus, db)  # with room again, a re-run completes
    assert check_consistent(db, ref) == set(ref)


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    """Found by the two-ingests test: both processes read ``user_version`` 0 before taking
    the write lock and the second failed with "table articles already exists"."""
    import threading

    db = tmp_path / "race.db"
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)
    real = Store.schema_version
    calls: dict[int, int] = {}

    def slow_version(self: Store) -> int:
        value = real(self)
        ident = threading.get_ident()
        calls[ident] = calls.get(ident, 0) + 1
        if calls[ident] == 1:  # widen the window between the first read and the lock
            time.sleep(0.3)
        return value

    def open_store() -> None:
        try:
            barrier.wait()
            Store(db).close()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    orig = Store.schema_version
    Store.schema_version = slow_version  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=open_store) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        Store.schema_version = orig  # type: ignore[method-assign]
    assert errors == []
    with Store(db) as store:
        assert store.schema_version() >= 5


def test_two_ingests_at_once_serialise(corpus: Path, reference: Any, tmp_path: Path) -> None:
    ref, _ = reference
    db = tmp_path / "twice.db"
    procs = [subprocess.Popen(ingest_cmd(corpus, db), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(2)]
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
    added = [json.loads(out)["this_run"]["added"] for out, _ in outs]
    assert sum(added) == ARTICLES, added
    assert check_consistent(db, ref) == set(ref)


def test_api_keeps_reading_during_ingest(corpus: Path, reference: Any, tmp_path: Path) -> None:
    from test_api import Server

    ref, _ = reference
    db = tmp_path / "live.db"
    with Store(db):
        pass
    server = Server(db)
    try:
        proc = subprocess.Popen(ingest_cmd(corpus, db), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=ENV)
        seen: list[int] = []
        slow = 0.0
        while proc.poll() is None:
            t = time.monotonic()
            stats = httpx.get(server.url + "/api/stats", timeout=10)
            events = httpx.get(server.url + "/api/events", params={"limit": 5}, timeout=10)
            slow = max(slow, time.monotonic() - t)
            assert stats.status_code == 200 and events.status_code == 200
            seen.append(stats.json()["articles"])
            time.sleep(0.05)
        assert proc.returncode == 0
        assert seen == sorted(seen), "a reader saw the article count go down"
        assert len(seen) > 5 and len(set(seen)) > 2, seen  # it read while rows were landing
        assert slow < 5, f"a read waited {slow:.1f} s behind the writer"
        final = httpx.get(server.url + "/api/stats", timeout=10).json()
        assert final["articles"] == len(ref)
    finally:
        server.stop()


def test_signature_lands_with_its_article(tmp_path: Path, pipeline: Any) -> None:
    """Found reading the ingest loop for the kill test: the MinHash signature was written in
    a transaction of its own after the article, so a kill between the two left an article the
    near-duplicate index never learned about (a restart skips the stored source)."""
    from newsgraph.pipeline import analyze
    from newsgraph.resolve.duplicates import DuplicateIndex, to_bytes

    a = analyze("Australia and Japan signed a defence pact in Canberra on Friday, officials "
                "said. China criticised it.", pipeline=pipeline)
    index = DuplicateIndex()
    index.check(a.article.id, a.article.text)
    sig = to_bytes(index.signatures[a.article.id])
    with Store(tmp_path / "sig.db") as store:
        assert store.save(a, signature=sig)
        assert [aid for aid, _ in store.signatures()] == [a.article.id]
