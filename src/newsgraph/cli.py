"""Command line: ``newsgraph ingest|run|articles|events|timeline|show|serve|export|query|eval``

Every listing takes ``--json`` for machine-readable output. The CLI exits non-zero only on
usage errors; bad inputs become skips (``newsgraph skips``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from newsgraph.clean.published import parse_published
from newsgraph.config import Config
from newsgraph.errors import NewsgraphError
from newsgraph.store import DEFAULT_DB, Store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newsgraph: raw news in, an evidence-linked event database out.")
console = Console()

DbOpt = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="Rows at most.")]


def _print_json(rows: Any) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")


def _open(db: Path, must_exist: bool = True) -> Store:
    if must_exist and not db.exists():
        console.print(f"[red]no database at {db}[/red]: run `newsgraph ingest` first")
        raise typer.Exit(2)
    return Store(db)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (.txt, .html, .jsonl, .rss/.atom/.xml, .warc[.gz], .arc[.gz]) "
             "or http(s) URLs of pages and feeds.")],
    db: DbOpt = Path(DEFAULT_DB),
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for inputs that carry none.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this.")] = 5_000_000,
    fetch_links: Annotated[bool, typer.Option(
        help="Fetch feed entries that carry only a link.")] = False,
    allow_network: Annotated[list[str] | None, typer.Option(
        help="Let the fetcher reach this network (CIDR), e.g. an intranet; repeatable.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per fetched URL.")] = 20.0,
    dedup: Annotated[bool, typer.Option(
        help="Link near-duplicate articles to their original instead of re-analysing.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Clean, annotate and extract every article under PATHS into the database."""
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.ingest.files import is_url

    missing = [p for p in paths if not is_url(p) and not Path(p).exists()]
    if missing:
        console.print(f"[red]no such file or folder:[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    try:
        user_date = parse_published(published)
        allow = FetchPolicy.allowing(allow_network or []).allow
    except (NewsgraphError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    config = Config(max_bytes=max_bytes)
    policy = FetchPolicy(allow=allow, max_bytes=max_bytes, timeout=timeout)
    stats = {"added": 0, "duplicates": 0, "unchanged": 0, "skipped": 0, "events": 0,
             "quotes": 0}
    try:
        totals = _ingest_into(db, paths, config, policy, user_date, fetch_links, dedup, as_json,
                              stats)
    except sqlite3.Error as exc:  # disk full, read-only file, corrupt database: no traceback
        console.print(f"[red]database error on {escape(str(db))}:[/red] {escape(str(exc))}. "
                      f"{stats['added']} articles were stored before it (each whole); "
                      "fix the cause and run the same command again to continue.")
        raise typer.Exit(1) from exc
    if as_json:
        _print_json({"this_run": stats, "database": totals})
        return
    console.print(
        f"[bold]{stats['added']}[/bold] articles added, {stats['duplicates']} near-duplicates "
        f"linked, {stats['unchanged']} unchanged, "
        f"{stats['skipped']} skipped; {stats['events']} events and {stats['quotes']} quotes "
        f"extracted. Database {db}: {totals['articles']} articles, {totals['events']} events, "
        f"{totals['quotes']} quotes, {totals['skips']} skips.")


def _ingest_into(db: Path, paths: list[str], config: Config, policy: Any,
                 user_date: str | None, fetch_links: bool, dedup: bool, as_json: bool,
                 stats: dict[str, int]) -> dict[str, int]:
    """The ingest loop proper; ``stats`` is updated as articles land."""
    from newsgraph.ingest import iter_documents
    from newsgraph.ingest.fetch import Fetcher
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import RawDocument, Skip
    from newsgraph.resolve.duplicates import DuplicateIndex, to_bytes

    with Store(db) as store, Fetcher(policy) as fetcher:
        pipeline = Pipeline(config)
        index = DuplicateIndex().load(store.signatures()) if dedup else None
        docs = iter_documents(paths, config, published=user_date, fetcher=fetcher,
                              fetch_links=fetch_links)

        def fresh() -> Any:
            for d in docs:
                if isinstance(d, RawDocument) and store.has_source(_raw_hash(d)):
                    stats["unchanged"] += 1
                    continue
                yield d

        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=console,
                      disable=as_json or not console.is_terminal) as progress:
            task = progress.add_task("", total=None)
            for result in pipeline.process(fresh(), duplicates=index):
                if isinstance(result, Skip):
                    store.record_skip(result)
                    stats["skipped"] += 1
                    progress.advance(task)
                    continue
                art = result.article
                if art.duplicate_of and not store.has_article(art.duplicate_of):
                    art.duplicate_of = None  # its original was skipped later on: keep it plain
                sig = (to_bytes(index.signatures[art.id]) if index is not None
                       and not art.duplicate_of and art.id in index.signatures else None)
                if store.save(result, signature=sig):
                    stats["duplicates" if art.duplicate_of else "added"] += 1
                    stats["events"] += len(result.events)
                    stats["quotes"] += len(result.quotes)
                else:
                    stats["unchanged"] += 1
                    if sig is not None:  # kept before without one (INSERT OR IGNORE)
                        store.save_signature(art.id, sig)
                progress.advance(task)
        return store.counts()


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .jsonl).")],
    engine: Annotated[str, typer.Option(help="local (this machine) or ray.")] = "local",
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write Parquet shards to this folder (load them with `load`).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Write into this database.")] = None,
    processes: Annotated[int, typer.Option(
        min=1, help="Local engine: worker processes.")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Ray engine: pipeline workers.")] = 2,
    address: Annotated[str | None, typer.Option(
        help="Ray engine: an existing cluster (e.g. auto, ray://host:10001).")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for inputs that carry none.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Skip inputs larger than this.")] = 5_000_000,
    as_json: JsonOpt = False,
) -> None:
    """Batch-process PATHS into shards (--out) or a database (--db); resumable."""
    if engine not in ("local", "ray"):
        console.print(f"[red]unknown engine {engine!r}[/red]: use local or ray")
        raise typer.Exit(2)
    if (out is None) == (db is None) or (engine == "ray" and out is None):
        console.print("[red]give exactly one of --out SHARDS/ or --db FILE[/red] "
                      "(the ray engine writes shards: --out)")
        raise typer.Exit(2)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        console.print(f"[red]no such file or folder:[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    try:
        user_date = parse_published(published)
    except NewsgraphError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    config = Config(max_bytes=max_bytes)
    stats: dict[str, int]
    if engine == "ray":
        try:
            from newsgraph.runner.ray_runner import run_ray
        except ImportError as exc:
            console.print("[red]the ray engine needs Ray:[/red] pip install 'newsgraph[ray]'")
            raise typer.Exit(2) from exc
        assert out is not None
        try:
            stats = run_ray(list(paths), out, config=config, published=user_date,
                            address=address, workers=workers)
        except FileExistsError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    else:
        from newsgraph.runner.local import run_local

        if db is not None:
            with Store(db) as store:
                stats = run_local(paths, config=config, store=store, published=user_date,
                                  n_process=processes)
        else:
            try:
                stats = run_local(paths, config=config, out=out, published=user_date,
                                  n_process=processes)
            except RuntimeError as exc:  # pyarrow missing
                console.print(f"[red]{exc}[/red]")
                raise typer.Exit(2) from exc
    if as_json:
        _print_json(stats)
        return
    console.print(", ".join(f"{k}: {v}" for k, v in stats.items()) +
                  (f" -> {out}" if out is not None else f" -> {db}"))


@app.command()
def load(shards: Annotated[Path, typer.Argument(help="Folder of Parquet shards from `run`.")],
         db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False) -> None:
    """Load shards written by `run --out` into the database (idempotent)."""
    from newsgraph.runner.shards import load_shards

    if not shards.is_dir():
        console.print(f"[red]no such folder:[/red] {shards}")
        raise typer.Exit(2)
    with Store(db) as store:
        try:
            stats = load_shards(shards, store)
        except RuntimeError as exc:  # pyarrow missing
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
        totals = store.counts()
    if as_json:
        _print_json({"this_run": stats, "database": totals})
        return
    console.print(f"{stats['added']} articles added, {stats['unchanged']} unchanged, "
                  f"{stats['skipped']} skips; database {db}: {totals['articles']} articles.")


def _raw_hash(doc: Any) -> str:
    from newsgraph.clean import content_hash

    return content_hash(doc.data)


@app.command()
def articles(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
             limit: LimitOpt = 100) -> None:
    """List articles with their publication date and how it is known."""
    with _open(db) as store:
        rows = store.articles(limit=limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "published", "title", "outlet", "events", "quotes", title="Articles")
    for r in rows:
        pub = r["published"] or "[yellow]unknown[/yellow]"
        if r["published"]:
            pub += f" ({r['published_source']})"
        table.add_row(r["id"][:8], pub, escape(r["title"] or ""), escape(r["outlet"] or ""),
                      str(r["events"]), str(r["quotes"]))
    console.print(table)


def _actors(xs: list[dict[str, Any]]) -> str:
    """Actor mentions with their codes, escaped for rich markup."""
    return escape(", ".join(f"{x['text']} [{x['code'] or '?'}]" for x in xs) or "-")


@app.command()
def events(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
           article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
           limit: LimitOpt = 200,
           min_confidence: Annotated[float | None, typer.Option(
               min=0.0, max=1.0, help="Calibrated confidence at least this.")] = None) -> None:
    """List coded events with actors, modality, date and evidence."""
    with _open(db) as store:
        rows = store.events(article_id=_full_id(store, article), limit=limit,
                            min_confidence=min_confidence)
    if as_json:
        _print_json(rows)
        return
    table = Table("date", "source", "event", "target", "where", "modality", "said by",
                  title="Events")
    for r in rows:
        table.add_row(_date(r), _actors(r["source"]),
                      escape(f"{r['cameo']} {r['plover_type'] or ''} ({r['trigger']})"),
                      _actors(r["target"]),
                      escape(r["location"]["name"]) if r.get("location") else "",
                      r["modality"] + (" (negated)" if r["negated"] else ""),
                      escape(r["asserted_by"] or ""))
    console.print(table)


def _date(r: dict[str, Any]) -> str:
    if r["date"] is None:
        return "[yellow]undated[/yellow]"
    if r["date_precision"] == "publication":
        return f"{r['date']} [dim](article date)[/dim]"
    return f"{r['date']} [dim]({r['date_precision']})[/dim]"


@app.command()
def quotes(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
           article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
           limit: LimitOpt = 200) -> None:
    """List quotes with speaker, cue and kind."""
    with _open(db) as store:
        rows = store.quotes(article_id=_full_id(store, article), limit=limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("speaker", "cue", "kind", "content", title="Quotes")
    for r in rows:
        content = r["content"] if len(r["content"]) < 160 else r["content"][:157] + "..."
        table.add_row(escape(r["speaker"]) if r["speaker"] else "[yellow]unknown[/yellow]",
                      escape(r["cue"] or ""), r["kind"], escape(content))
    console.print(table)


@app.command()
def timeline(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
             limit: LimitOpt = 500) -> None:
    """Events in order of their own dates (not the article dates), with date precision."""
    with _open(db) as store:
        rows = store.events(limit=limit)
    rows = [r for r in rows if r["date"]] + [r for r in rows if not r["date"]]
    if as_json:
        _print_json([{k: r[k] for k in ("date", "date_precision", "date_text", "cameo",
                                       "plover_type", "trigger", "modality", "source", "target",
                                       "evidence_text", "article_id", "location")} for r in rows])
        return
    console.print("[bold]Timeline[/bold] (event dates; precision in brackets)")
    for r in rows:
        line = Text.from_markup(f"{_date(r):<40} ")
        src = ", ".join(f"{x['text']} [{x['code'] or '?'}]" for x in r["source"]) or "-"
        tgt = ", ".join(f"{x['text']} [{x['code'] or '?'}]" for x in r["target"]) or "-"
        line.append(f"{src} —{r['trigger']}→ {tgt}", style="bold")
        line.append(f"  {r['cameo']} {r['plover_type'] or ''} {r['modality']}", style="cyan")
        console.print(line)
        console.print(Text(f"    “{' '.join(r['evidence_text'].split())}”", style="dim"))


def _full_id(store: Store, prefix: str | None) -> str | None:
    if prefix is None:
        return None
    row = store.article(prefix)
    if row is None:
        console.print(f"[red]no single article matches {prefix!r}[/red]")
        raise typer.Exit(2)
    return str(row["id"])


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
         db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
         removed: Annotated[bool, typer.Option(help="Also list removed boilerplate.")] = True,
         ) -> None:
    """Print the clean text with evidence marked: events bold, quotes green, dates blue."""
    with _open(db) as store:
        art = store.article(article_id)
        if art is None:
            console.print(f"[red]no single article matches {article_id!r}[/red]")
            raise typer.Exit(2)
        evs = store.events(article_id=art["id"])
        qs = store.quotes(article_id=art["id"])
        tx = store.timexes(art["id"])
    if as_json:
        _print_json({"article": art, "events": evs, "quotes": qs, "timexes": tx})
        return
    text = Text(art["text"])
    for q in qs:
        text.stylize("green", q["content_start"], q["content_end"])
    for e in evs:
        text.stylize("underline", e["ev_start"], e["ev_end"])
        text.stylize("bold magenta", e["trigger_start"], e["trigger_end"])
    for t in tx:
        text.stylize("bold blue", t["start"], t["end"])
    pub = art["published"] or "unknown"
    console.rule(escape(f"{art['title'] or '(untitled)'} — {art['outlet'] or ''} — "
                        f"published {pub} ({art['published_source']})"))
    console.print(text)
    console.rule("evidence")
    for e in evs:
        console.print(f"[magenta]{e['cameo']}[/magenta] {_actors(e['source'])} "
                      f"—{escape(e['trigger'])}→ {_actors(e['target'])} "
                      f"{escape('[' + e['modality'] + ']')} date {e['date'] or 'none'} "
                      f"({e['date_precision']}) chars {e['ev_start']}-{e['ev_end']}")
    for q in qs:
        console.print(f"[green]quote[/green] {escape(q['speaker'] or '?')} "
                      f"({escape(q['cue'] or '-')}, {q['kind']}) "
                      f"chars {q['content_start']}-{q['content_end']}")
    if removed and art["removed"]:
        console.rule("removed boilerplate")
        for r in art["removed"]:
            console.print(Text(f"{r['kind']:<10} {' '.join(r['text'].split())[:110]}",
                               style="dim"))


@app.command()
def actors(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False, limit: LimitOpt = 100,
           country: Annotated[str | None, typer.Option(
               help="Only actors of this country (ISO alpha-3, or IGO).")] = None) -> None:
    """List canonical actors with their code, kind and mention counts across articles."""
    with _open(db) as store:
        rows = store.actors(limit=limit, country=country)
    if as_json:
        _print_json(rows)
        return
    table = Table("code", "name", "kind", "mentions", "articles", "seen as", title="Actors")
    for r in rows:
        table.add_row(r["code"] or "-", r["name"], r["kind"], str(r["mentions"]),
                      str(r["articles"]), ", ".join(r["aliases"][:5]))
    console.print(table)


@app.command()
def summary(article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
            db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False) -> None:
    """The story at a glance: the main event's who, what, when, where, why and how."""
    with _open(db) as store:
        art = store.article(article_id)
        if art is None:
            console.print(f"[red]no single article matches {escape(article_id)!r}[/red]")
            raise typer.Exit(2)
        found = store.summary(art["id"])
    if as_json:
        _print_json(found)
        return
    console.rule(escape(art["title"] or "(untitled)"))
    for q in ("who", "what", "when", "where", "why", "how"):
        ans = (found or {}).get(q)
        if ans is None:
            console.print(f"[bold]{q:<6}[/bold] [dim]-[/dim]")
            continue
        value = f" [dim]({escape(str(ans['value']))})[/dim]" if ans.get("value") else ""
        console.print(f"[bold]{q:<6}[/bold] {escape(ans['text'])}{value}")


@app.command()
def skips(db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False) -> None:
    """Inputs that were not processed, with the stage, code and reason."""
    with _open(db) as store:
        rows = store.skips()
    if as_json:
        _print_json(rows)
        return
    table = Table("code", "stage", "input", "reason", title="Skips")
    for r in rows:
        table.add_row(r["code"], r["stage"], escape(r["origin"]), escape(r["reason"]))
    console.print(table)


@app.command()
def serve(
    db: DbOpt = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    enable_ingest: Annotated[bool, typer.Option(
        "--enable-ingest", help="Turn on POST /api/ingest (off by default).")] = False,
    token: Annotated[str | None, typer.Option(
        envvar="NEWSGRAPH_TOKEN", help="Bearer token for the ingest endpoint; required "
        "when ingest is enabled on a non-loopback address.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json, docs at /docs)."""
    import uvicorn

    from newsgraph.api import Settings, create_app

    if not db.exists():
        console.print(f"[red]no database at {db}[/red]: run `newsgraph ingest` first")
        raise typer.Exit(2)
    try:
        web = create_app(Settings(db=db, host=host, enable_ingest=enable_ingest, token=token))
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    console.print(f"newsgraph UI at [bold]http://{shown}:{port}/[/bold] "
                  f"(API docs /docs; Ctrl-C to stop)", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level=log_level)


@app.command()
def export(
    fmt: Annotated[str, typer.Argument(
        metavar="FORMAT",
        help="gdelt, gdelt-mentions, icews, plover, parquet, jsonl or timelinejs.")],
    out: Annotated[Path, typer.Option("--out", help="Output file (a folder for parquet).")],
    db: DbOpt = Path(DEFAULT_DB),
    since: Annotated[str | None, typer.Option(help="Events dated on or after (YYYY-MM-DD).")]
    = None,
    until: Annotated[str | None, typer.Option(help="Events dated on or before (YYYY-MM-DD).")]
    = None,
    actor: Annotated[list[str] | None, typer.Option(
        help="Actor name, code or id; twice for a dyad (both must take part).")] = None,
    min_confidence: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Calibrated confidence at least this.")] = None,
) -> None:
    """Write events in a format other tools read (see docs/exports.md for the columns)."""
    from newsgraph.export import FORMATS, Filters, UnknownActor
    from newsgraph.export import export as run_export

    if fmt not in FORMATS:
        console.print(f"[red]unknown format {fmt!r}[/red]; one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    filters = Filters(since=since, until=until, actors=tuple(actor or ()),
                      min_confidence=min_confidence)
    with _open(db) as store:
        try:
            n = run_export(store.conn, fmt, out, filters)
        except (UnknownActor, ValueError) as exc:
            console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
    console.print(f"{n} records written to {escape(str(out))} ({fmt})")


# -- query: analyst tables (newsgraph.frames) as a table, JSON or CSV ------------------------

query_app = typer.Typer(no_args_is_help=True, help=(
    "Filtered tables for analysts: events, clusters, dyad and actor series, search, network. "
    "Default output is a table; --json and --csv print every row."))
app.add_typer(query_app, name="query")

#: the EventFilter fields as options, added to every query command by ``_filtered``
_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "actor": (str | None, typer.Option(help="Actor id, code (AUSGOV) or country, either role.")),
    "source": (str | None, typer.Option(help="Source actor's country (ISO alpha-3) or code.")),
    "target": (str | None, typer.Option(help="Target actor's country or code.")),
    "cameo": (str | None, typer.Option(help="CAMEO code prefix: 04 = the root, 042 exact.")),
    "root": (str | None, typer.Option(help="CAMEO root (01-20).")),
    "quad_class": (int | None, typer.Option(min=1, max=4, help="1-4: verbal/material "
                                            "cooperation, verbal/material conflict.")),
    "plover": (str | None, typer.Option(help="PLOVER event type, e.g. CONSULT.")),
    "modality": (str | None, typer.Option(help="asserted, negated, reported, hypothetical, "
                                          "conditional, future, refused.")),
    "date_from": (str | None, typer.Option("--from", "--date-from",
                                           help="Event date from (TIMEX3 prefix, inclusive).")),
    "date_to": (str | None, typer.Option("--to", "--date-to",
                                         help="Event date to (TIMEX3 prefix, inclusive).")),
    "outlet": (str | None, typer.Option(help="Outlet name, exactly.")),
    "article": (str | None, typer.Option(help="Article id or unique prefix.")),
    "place": (str | None, typer.Option(help="Country (ISO alpha-3) where the event happened.")),
    "bbox": (str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat around the place.")),
    "min_confidence": (float | None, typer.Option(min=0.0, max=1.0, help=(
        "Calibrated confidence at least this: at 0.8, about 80% of events are right."))),
}


def _filtered(func: Any) -> Any:
    """Give a query command every EventFilter field as an option; it receives them as one
    ``f: EventFilter`` so the options can never drift from the read layer's filters."""
    import functools
    import inspect

    from newsgraph.store.queries import EventFilter

    sig = inspect.signature(func, eval_str=True)
    own = [p for name, p in sig.parameters.items() if name != "f"]
    # a command's own argument of the same name (``query actor X``) stands for that filter
    names = [n for n in _FILTER_OPTIONS if n not in sig.parameters]
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                               annotation=Annotated[(*_FILTER_OPTIONS[name],)])
             for name in names]
    assert set(EventFilter.names()) == set(_FILTER_OPTIONS)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        f = EventFilter(**{k: kwargs.pop(k) for k in names})
        return func(*args, f=f, **kwargs)

    params = sorted(own, key=lambda p: p.kind) + extra
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]
AllOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Rows at most (default all).")]
GranOpt = Annotated[str, typer.Option(help="day, week, month, year or auto.")]


_HEADERS = {"source_codes": "source", "target_codes": "target", "plover_type": "plover",
            "cluster_mentions": "mentions", "n_mentions": "mentions", "n_outlets": "outlets",
            "n_articles": "articles", "goldstein_mean": "goldstein", "evidence_text": "evidence",
            "source_label": "source", "target_label": "target"}


def _emit(table: Any, as_json: bool, as_csv: bool, title: str,
          columns: list[str], shown: int = 100) -> None:
    """Every row as JSON or CSV, else a rich table of ``columns`` (the first ``shown`` rows)."""
    if as_json and as_csv:
        console.print("[red]choose one of --json and --csv[/red]")
        raise typer.Exit(2)
    rows = table.to_pylist()
    if as_json:
        _print_json(rows)
        return
    if as_csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=table.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    out = Table(title=f"{title} ({len(rows)} rows)")
    for c in columns:  # the last column (evidence, snippet) wraps; the others stay one line
        last = c == columns[-1]
        out.add_column(_HEADERS.get(c, c), no_wrap=not last, overflow="ellipsis",
                       ratio=1 if last else None)
    for r in rows[:shown]:
        cells = []
        for c in columns:
            v = r.get(c)
            text = "" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))
            cells.append(escape(text if len(text) <= 160 else text[:157] + "..."))
        out.add_row(*cells)
    console.print(out)
    if len(rows) > shown:
        console.print(f"[dim]{len(rows) - shown} more rows: use --json or --csv[/dim]")


def _frames(db: Path) -> Any:
    from newsgraph.frames import Frames

    if not db.exists():
        console.print(f"[red]no database at {db}[/red]: run `newsgraph ingest` first")
        raise typer.Exit(2)
    return Frames.open(db)


def _guard(call: Any) -> Any:
    """A bad filter value (an inverted bbox, an unknown granularity) is a usage error."""
    try:
        return call()
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc


def _granularity(g: str) -> str:
    from newsgraph.frames import GRANULARITIES

    if g not in GRANULARITIES:
        console.print(f"[red]granularity must be one of {', '.join(GRANULARITIES)}[/red]")
        raise typer.Exit(2)
    return g


@query_app.command("events")
@_filtered
def query_events(f: Any, db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
                 as_csv: CsvOpt = False, limit: AllOpt = None) -> None:
    """One row per event mention: actors, code, date, evidence, cluster and its counts."""
    with _frames(db) as fr:
        table = _guard(lambda: fr.events(f, limit=limit, arrow=True))
    _emit(table, as_json, as_csv, "Events", ["date", "source_codes", "cameo",
                                              "target_codes", "modality", "cluster_mentions",
                                              "evidence_text"])


@query_app.command("clusters")
@_filtered
def query_clusters(f: Any, db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
                   as_csv: CsvOpt = False, limit: AllOpt = None) -> None:
    """One row per real-world event (mentions that match the filters), most reported first."""
    with _frames(db) as fr:
        table = _guard(lambda: fr.clusters(f, limit=limit, arrow=True))
    _emit(table, as_json, as_csv, "Clusters", ["date", "source_codes", "cameo", "target_codes",
                                                "n_mentions", "n_outlets",
                                                "conflict", "evidence_text"])


@query_app.command("dyad")
@_filtered
def query_dyad(a: Annotated[str, typer.Argument(help="Country or actor code, e.g. AUS.")],
               b: Annotated[str, typer.Argument(help="The other side, e.g. JPN.")],
               f: Any, db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
               as_csv: CsvOpt = False, granularity: GranOpt = "auto") -> None:
    """A pair both ways per period: counts, mean Goldstein, cooperation vs conflict."""
    g = _granularity(granularity)
    with _frames(db) as fr:
        table = _guard(lambda: fr.dyad(a, b, f, granularity=g, arrow=True))
    _emit(table, as_json, as_csv, f"Dyad {a.upper()}-{b.upper()}",
          ["direction", "period", "count", "goldstein_mean", "cooperation", "conflict"])


@query_app.command("actor")
@_filtered
def query_actor(actor: Annotated[str, typer.Argument(help="Actor id, code, country or name.")],
                f: Any, db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
                as_csv: CsvOpt = False, granularity: GranOpt = "auto") -> None:
    """An actor's events (either role) per period: counts, Goldstein, cooperation/conflict."""
    g = _granularity(granularity)
    with _frames(db) as fr:
        table = _guard(lambda: fr.actor(actor, f, granularity=g, arrow=True))
    _emit(table, as_json, as_csv, f"Actor {actor}",
          ["period", "count", "goldstein_mean", "cooperation", "conflict"])


@query_app.command("search")
def query_search(text: Annotated[str, typer.Argument(help="Words or an FTS5 query.")],
                 db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
                 as_csv: CsvOpt = False, limit: LimitOpt = 100) -> None:
    """Full-text search over the articles, best match first."""
    with _frames(db) as fr:
        table = fr.search(text, limit=limit, arrow=True)
    _emit(table, as_json, as_csv, f"Search: {text}",
          ["rank", "id", "published", "outlet", "title", "snippet"])


@query_app.command("network")
@_filtered
def query_network(f: Any, db: DbOpt = Path(DEFAULT_DB), as_json: JsonOpt = False,
                  as_csv: CsvOpt = False, limit: LimitOpt = 100,
                  level: Annotated[str, typer.Option(help="actor or country.")] = "actor",
                  min_weight: Annotated[int, typer.Option(min=1, help="Fewest events on an "
                                                          "edge.")] = 1) -> None:
    """Source -> target edges weighted by event count, heaviest first."""
    if level not in ("actor", "country"):
        console.print("[red]level must be actor or country[/red]")
        raise typer.Exit(2)
    with _frames(db) as fr:
        table = _guard(lambda: fr.network(f, level=level, limit=limit, min_weight=min_weight,
                                          arrow=True))
    _emit(table, as_json, as_csv, f"Network ({level})",
          ["source_label", "target_label", "weight", "goldstein_mean", "cooperation",
           "conflict"])


def _add_eval() -> None:
    from newsgraph.eval import build_app

    app.add_typer(build_app(), name="eval", help="Score newsgraph against gold data.")


_add_eval()


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
