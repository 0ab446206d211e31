"""Plumbing the CLI commands share: database errors as clean messages, paged listings, the
skip digest of an ingest, and the per-file date of ``--published-from-name``.

Kept out of ``cli.py`` so the commands stay short and every command, present or added later
with ``@app.command()``, gets the same database-error handling without repeating it.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

#: rows read per query when a listing is asked for ``--all``
PAGE = 1000
#: skip reasons shown after an ingest (the rest are in ``newsgraph skips``)
SHOWN_SKIPS = 5

err = Console(stderr=True)


def db_problem(db: object, exc: BaseException) -> str:
    """A one-paragraph explanation of a SQLite error on ``db``, with what to do about it."""
    msg = str(exc)
    low = msg.lower()
    where = escape(str(db)) if db is not None else "the database"
    if isinstance(exc, IsADirectoryError) or (db is not None and Path(str(db)).is_dir()):
        hint = "--db must name a database file, not a folder"
    elif "not a database" in low:
        hint = "the file is not a SQLite database: give --db a newsgraph database (or a new " \
               "file name to create one)"
    elif "malformed" in low or "corrupt" in low:
        hint = "the database file is damaged: restore it from a copy, or re-ingest the inputs " \
               "into a new file (`PRAGMA integrity_check` in sqlite3 shows the damage)"
    elif "full" in low:
        hint = "the disk or the database is full: articles stored so far are each whole; free " \
               "some space and run the same command again to continue"
    elif "unable to open" in low or "readonly" in low or "read-only" in low:
        hint = "the file cannot be opened for writing here: check the path and its permissions"
    elif "locked" in low:
        hint = "another process holds the database: wait for it and run the command again"
    else:
        hint = "no change was left half-written; fix the cause and run the command again"
    return f"[red]database error on {where}:[/red] {escape(msg)}. {hint}."


def guard_db(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command; a SQLite or file-system error on its database is a message and exit 1,
    never a traceback (a corrupt file, a folder given as ``--db``, a full disk)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (sqlite3.DatabaseError, IsADirectoryError) as exc:
            err.print(db_problem(kwargs.get("db"), exc))
            raise typer.Exit(1) from exc

    return wrapper


class GuardedTyper(typer.Typer):  # type: ignore[misc]
    """A ``typer.Typer`` whose commands all run under ``guard_db``."""

    def command(self, *args: Any, **kwargs: Any  # type: ignore[override]
                ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(guard_db(func))
            return func

        return decorator


def paged(fetch: Callable[[int, int], list[dict[str, Any]]], limit: int, offset: int,
          every: bool, what: str) -> list[dict[str, Any]]:
    """Rows from ``fetch(limit, offset)``: one page, or every row with ``every``.

    A page that stops short of the data says so on stderr with the ``--offset`` of the next
    page, so a JSON consumer never loses rows without knowing (stdout stays plain JSON).
    """
    if every:
        rows: list[dict[str, Any]] = []
        while True:
            page = fetch(PAGE, offset + len(rows))
            rows += page
            if len(page) < PAGE:
                return rows
    rows = fetch(limit + 1, offset)
    if len(rows) > limit:
        rows = rows[:limit]
        err.print(f"[yellow]{limit} {what} shown, more exist[/yellow]: next page --offset "
                  f"{offset + limit} (next: {offset + limit}), or --all for every row")
    return rows


def skip_digest(skips: Sequence[Any], total: int, shown: int = SHOWN_SKIPS) -> list[str]:
    """The first ``shown`` of a run's ``total`` skips as ``CODE origin: reason`` lines
    (markup-escaped), and how many more there were."""
    lines = [f"  {s.code} {escape(s.origin[:160])}: {escape(s.reason[:200])}"
             for s in skips[:shown]]
    if total > len(lines):
        lines.append(f"  ... and {total - len(lines)} more (newsgraph skips --db ...)")
    return lines


def name_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """The compiled ``--published-from-name`` pattern, or a usage error."""
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        err.print(f"[red]--published-from-name is not a regular expression:[/red] "
                  f"{escape(str(exc))}")
        raise typer.Exit(2) from exc


def exit_if_nothing_stored(stored: int, skipped: int, skips: Sequence[Any]) -> None:
    """Exit 1 when inputs were given and none became an article (every one failed)."""
    if stored == 0 and skipped > 0:
        err.print(f"[red]nothing stored:[/red] all {skipped} inputs were skipped")
        for line in skip_digest(skips, skipped):
            err.print(line, highlight=False)
        sys.stderr.flush()
        raise typer.Exit(1)
