"""``newsgraph watch FEEDS --db X [--every 15m] [--once] [--status]``: the command proper
(registered in ``newsgraph.cli`` with one line)."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph.errors import NewsgraphError
from newsgraph.store import DEFAULT_DB, Store

console = Console(stderr=False)


def watch(
    feeds: Annotated[Path | None, typer.Argument(
        help="File of RSS/Atom URLs (one a line) or an OPML export.")] = None,
    db: Annotated[Path, typer.Option("--db", help="SQLite database file.")] = Path(DEFAULT_DB),
    every: Annotated[str, typer.Option(help="Time between rounds: 90s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    rounds: Annotated[int | None, typer.Option(min=1, help="Stop after this many rounds.")]
    = None,
    status: Annotated[bool, typer.Option(
        "--status", help="Print the watcher's state (rounds, feeds) and exit.")] = False,
    alerts: Annotated[Path | None, typer.Option(
        help="Watches and rules (YAML, see docs/watch.md).")] = None,
    webhook: Annotated[str | None, typer.Option(
        help="POST each alert (JSON) here; overrides the alerts file's webhook.")] = None,
    delay: Annotated[float, typer.Option(
        min=0.0, help="Seconds between two requests to the same host.")] = 1.0,
    robots: Annotated[bool, typer.Option(help="Respect robots.txt.")] = True,
    allow_network: Annotated[list[str] | None, typer.Option(
        help="Let the fetcher reach this network (CIDR), e.g. an intranet; repeatable.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per fetched URL.")] = 20.0,
    max_bytes: Annotated[int, typer.Option(help="Skip pages larger than this.")] = 5_000_000,
    group: Annotated[int, typer.Option(min=1, help="Articles written per commit.")] = 16,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of text.")]
    = False,
) -> None:
    """Poll FEEDS every --every, keep the database current and raise alerts."""
    from newsgraph.config import Config
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.watch.alerts import WatchConfig, load_watches
    from newsgraph.watch.feedlist import read_feed_list
    from newsgraph.watch.loop import Watcher, parse_duration

    if status:
        _status(db, as_json)
        return
    if feeds is None:
        console.print("[red]give the FEEDS file[/red] (or --status)")
        raise typer.Exit(2)
    try:
        urls = read_feed_list(feeds)
        period = parse_duration(every)
        config = load_watches(alerts) if alerts else WatchConfig()
        policy = FetchPolicy(allow=FetchPolicy.allowing(allow_network or []).allow,
                             max_bytes=max_bytes, timeout=timeout)
    except (NewsgraphError, ValueError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    if webhook:
        config = WatchConfig(config.watches, webhook)
    try:
        with Store(db) as store:
            watcher = Watcher(store, urls, policy=policy, watches=config, every=period,
                              delay=delay, robots=robots, group=group,
                              config=Config(max_bytes=max_bytes, batch_size=8))

            def stop(signum: int, _frame: Any) -> None:
                watcher.stop.set()
                signal.signal(signum, signal.SIG_DFL)  # a second signal stops at once
                console.print("stopping after the current article", style="yellow")

            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)

            def report(stats: Any) -> None:
                if as_json:
                    sys.stdout.write(json.dumps({**stats.counts(), "round": stats.round,
                                                 "feeds": stats.feeds,
                                                 "seconds": round(stats.seconds, 3),
                                                 "problems": stats.problems}) + "\n")
                    sys.stdout.flush()
                    return
                stamp = dt.datetime.now().strftime("%H:%M:%S")
                console.print(f"{stamp} {stats.line()}", highlight=False)
                for p in stats.problems:
                    console.print(f"    {escape(p)}", style="dim", highlight=False)

            try:
                watcher.run(rounds=1 if once else rounds, on_round=report)
            finally:
                watcher.close()
    except sqlite3.Error as exc:
        console.print(f"[red]database error on {escape(str(db))}:[/red] {escape(str(exc))}; "
                      "what was committed stays; run the same command again to continue.")
        raise typer.Exit(1) from exc


def _status(db: Path, as_json: bool) -> None:
    from newsgraph.watch.state import status

    if not db.exists():
        console.print(f"[red]no database at {db}[/red]")
        raise typer.Exit(2)
    with Store(db, readonly=True) as store:
        data = status(store.conn)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
        return
    last = data["last_round"]
    if last is None:
        console.print("no watch round yet")
    else:
        when = dt.datetime.fromtimestamp(last["started"]).strftime("%Y-%m-%d %H:%M:%S")
        console.print(f"{data['rounds']} rounds; last {when}: {last['feeds']} feeds "
                      f"({last['polled']} polled, {last['not_modified']} not modified), "
                      f"{last['new_entries']} new entries, {last['articles']} articles, "
                      f"{last['skips']} skips, {last['errors']} errors, {last['alerts']} "
                      f"alerts; entries {data['entries']}; {data['alerts']} alerts in all",
                      highlight=False)
    table = Table("feed", "last", "failures", "entries", "error", title="Feeds")
    for f in data["feeds"]:
        table.add_row(escape(f["url"]), str(f["last_status"] or "-"), str(f["failures"]),
                      str(f["entries"]), escape(f["last_error"] or ""))
    console.print(table)
