"""``newsgraph corrections``: list the analysts' corrections layer or export it as gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsgraph.store import DEFAULT_DB, Store
from newsgraph.store import workbench as wb
from newsgraph.store.queries import MAX_LIMIT, Queries

app = typer.Typer(no_args_is_help=True, help=(
    "The analysts' corrections (made on the event and actor pages): list them, or export "
    "them as gold that `newsgraph eval events --gold DIR` scores."))

DbOpt = Annotated[Path, typer.Option("--db", help="Database file.")]


def _open(db: Path) -> Store:
    if not db.exists():
        typer.echo(f"no database at {db}: run `newsgraph ingest` first", err=True)
        raise typer.Exit(2)
    return Store(db)  # migrates an older store, so the corrections table is there


@app.command("list")
def list_(db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Every correction, newest first: when, who, what, value, in force."""
    with _open(db) as store:
        rows = wb.corrections(Queries(store), limit=MAX_LIMIT)["items"]
    for r in rows:
        value = r["value"] if r["value"] is not None else "(withdrawn)"
        typer.echo(f"{r['at']}  {r['who']:<12} {r['kind']} {r['target']} {r['field']}={value}"
                   f"{'' if r['in_force'] else '  [superseded]'}"
                   f"{'  # ' + r['note'] if r['note'] else ''}")
    if not rows:
        typer.echo("no corrections yet")


@app.command("export")
def export(out: Annotated[Path, typer.Option("--out", help="Folder to write the gold to.")],
           db: DbOpt = Path(DEFAULT_DB)) -> None:
    """The corrected articles as a real-news gold folder (manifest.json, articles/, coded/)."""
    with _open(db) as store:
        n = wb.export_gold(Queries(store), out)
    typer.echo(f"{n} gold entries written to {out}; score with: "
               f"newsgraph eval events --gold {out}")
