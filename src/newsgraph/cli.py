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
from typer.core import TyperGroup

from newsgraph.clean.published import parse_published
from newsgraph.cli_support import GuardedTyper, exit_if_nothing_stored, name_pattern, paged
from newsgraph.config import Config
from newsgraph.errors import NewsgraphError
from newsgraph.store import DEFAULT_DB, Store

app = GuardedTyper(add_completion=False, no_args_is_help=True,
                  help="newsgraph: raw news in, an evidence-linked event database out.")
console = Console()

DbOpt = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="Rows at most.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Rows to pass over first "
                                        "(the next page's offset is printed on stderr).")]
EveryOpt = Annotated[bool, typer.Option("--all", help="Every row, whatever --limit says.")]


def _print_json(rows: Any) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")


def _open(db: Path, must_exist: bool = True) -> Store:
    if must_exist and not db.exists():
        console.print(f"[red]no database at {escape(str(db))}[/red]: run `newsgraph ingest` first")
        raise typer.Exit(2)
    return Store(db)  # a folder, a non-SQLite or a corrupt file: cli_support.guard_db


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
    published_from_name: Annotated[str | None, typer.Option(
        "--published-from-name", metavar="REGEX",
        help="Take each file's date from its name: the regex's 'date' group (or whole "
             "match), e.g. '\\d{4}-\\d{2}-\\d{2}'; --published for names without one.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Clean, annotate and extract every article under PATHS into the database.

    Exits 1 when inputs were given and none was stored, with the first skip reasons."""
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
    from_name = name_pattern(published_from_name)
    stats = {"added": 0, "duplicates": 0, "redated": 0, "unchanged": 0, "skipped": 0,
             "events": 0, "quotes": 0}
    skips: list[Any] = []
    try:
        totals = _ingest_into(db, paths, config, policy, user_date, fetch_links, dedup, as_json,
                              stats, skips, from_name)
    except sqlite3.Error as exc:  # disk full, read-only file, corrupt database: no traceback
        console.print(f"[red]database error on {escape(str(db))}:[/red] {escape(str(exc))}. "
                      f"{stats['added']} articles were stored before it (each whole); "
                      "fix the cause and run the same command again to continue.")
        raise typer.Exit(1) from exc
    stored = stats["added"] + stats["duplicates"] + stats["redated"] + stats["unchanged"]
    if as_json:
        _print_json({"this_run": stats, "database": totals})
        exit_if_nothing_stored(stored, stats["skipped"], skips)
        return
    if skips and stored:
        from newsgraph.cli_support import skip_digest

        console.print("skipped:", highlight=False)
        for line in skip_digest(skips, stats["skipped"]):
            console.print(line, highlight=False)
    exit_if_nothing_stored(stored, stats["skipped"], skips)
    console.print(
        f"[bold]{stats['added']}[/bold] articles added, {stats['duplicates']} near-duplicates "
        f"linked, {stats['redated']} re-dated, {stats['unchanged']} unchanged, "
        f"{stats['skipped']} skipped; {stats['events']} events and {stats['quotes']} quotes "
        f"extracted. Database {db}: {totals['articles']} articles, {totals['events']} events, "
        f"{totals['quotes']} quotes, {totals['skips']} skips.")


def _ingest_into(db: Path, paths: list[str], config: Config, policy: Any,
                 user_date: str | None, fetch_links: bool, dedup: bool, as_json: bool,
                 stats: dict[str, int], skips: list[Any],
                 from_name: Any = None) -> dict[str, int]:
    """The ingest loop proper; ``stats`` and ``skips`` are updated as results land."""
    from newsgraph.ingest import iter_documents
    from newsgraph.ingest.fetch import Fetcher
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import RawDocument, Skip
    from newsgraph.resolve.duplicates import DuplicateIndex

    with Store(db) as store, Fetcher(policy) as fetcher:
        pipeline = Pipeline(config)
        index = DuplicateIndex().load(store.signatures()) if dedup else None
        docs = iter_documents(paths, config, published=user_date, fetcher=fetcher,
                              fetch_links=fetch_links, published_from_name=from_name)
        redo: set[str] = set()  # origins stored before with another user date

        def fresh() -> Any:
            for d in docs:
                if isinstance(d, RawDocument) and store.has_source(raw := _raw_hash(d)):
                    if store.stale_user_date(raw, d.user_published):
                        redo.add(d.origin)
                        yield d
                        continue
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
                    if len(skips) < 5:  # shown after the run (cli_support.skip_digest)
                        skips.append(result)
                    progress.advance(task)
                    continue
                art = result.article
                if art.origin in redo and not art.duplicate_of:
                    store.replace(result)
                    stats["redated"] += 1
                    progress.advance(task)
                    continue
                if store.save_indexed(result, index):
                    stats["duplicates" if art.duplicate_of else "added"] += 1
                    stats["events"] += len(result.events)
                    stats["quotes"] += len(result.quotes)
                else:
                    stats["unchanged"] += 1
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
             limit: LimitOpt = 100, offset: OffsetOpt = 0, every: EveryOpt = False) -> None:
    """List articles with their publication date and how it is known."""
    with _open(db) as store:
        rows = paged(lambda n, o: store.articles(limit=n, offset=o), limit, offset, every,
                     "articles")
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
           limit: LimitOpt = 200, offset: OffsetOpt = 0, every: EveryOpt = False,
           min_confidence: Annotated[float | None, typer.Option(
               min=0.0, max=1.0, help="Calibrated confidence at least this.")] = None) -> None:
    """List coded events with actors, modality, date and evidence."""
    with _open(db) as store:
        aid = _full_id(store, article)
        rows = paged(lambda n, o: store.events(article_id=aid, limit=n, offset=o,
                                               min_confidence=min_confidence), limit,
                     offset, every, "events")
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
           speaker: Annotated[str | None, typer.Option(
               help="Speaker: actor name, code, country or id, else speaker text.")] = None,
           country: Annotated[str | None, typer.Option(
               help="Speaker's country (code or name).")] = None,
           limit: LimitOpt = 200, offset: OffsetOpt = 0, every: EveryOpt = False) -> None:
    """List quotes with speaker, cue and kind."""
    with _open(db) as store:
        aid = _full_id(store, article)
        if speaker or country:
            from newsgraph.store.workbench import cli_quotes

            try:
                rows = cli_quotes(store, speaker, country, aid, limit)
            except ValueError as exc:
                console.print(f"[red]{escape(str(exc))}[/red]")
                raise typer.Exit(2) from exc
        else:
            rows = paged(lambda n, o: store.quotes(article_id=aid, limit=n, offset=o), limit,
                         offset, every, "quotes")
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
        console.print(f"[red]no single article matches {escape(repr(prefix))}[/red]")
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
            console.print(f"[red]no single article matches {escape(repr(article_id))}[/red]")
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
               help="Only actors of this country (ISO alpha-3, or IGO).")] = None,
           offset: OffsetOpt = 0, every: EveryOpt = False) -> None:
    """List canonical actors with their code, kind and mention counts across articles."""
    with _open(db) as store:
        rows = paged(lambda n, o: store.actors(limit=n, offset=o, country=country), limit,
                     offset, every, "actors")
    if as_json:
        _print_json(rows)
        return
    table = Table("code", "name", "kind", "mentions", "articles", "seen as", title="Actors")
    for r in rows:
        table.add_row(escape(r["code"] or "-"), escape(r["name"]), escape(r["kind"]),
                      str(r["mentions"]), str(r["articles"]), escape(", ".join(r["aliases"][:5])))
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
    request_timeout: Annotated[float, typer.Option(
        min=0.1, help="Seconds a client has to send a request head.")] = 10.0,
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json, docs at /docs)."""
    from newsgraph.api import Settings, create_app
    from newsgraph.api.serving import run

    if not db.exists():
        console.print(f"[red]no database at {escape(str(db))}[/red]: run `newsgraph ingest` first")
        raise typer.Exit(2)
    try:
        web = create_app(Settings(db=db, host=host, enable_ingest=enable_ingest, token=token))
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    from newsgraph.web.serving import port_taken

    if (why := port_taken(host, port)) is not None:
        console.print(f"[red]{escape(why)}[/red]")
        raise typer.Exit(2)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"newsgraph UI at [bold]http://{shown}:{port}/[/bold] "
                  f"(API docs /docs; Ctrl-C to stop)", highlight=False)
    run(web, host=host, port=port, log_level=log_level, request_timeout=request_timeout)


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
    corrections: Annotated[bool, typer.Option(
        "--corrections/--machine",
        help="Lay analysts' corrections over the coding (default), or export the machine's.")]
    = True,
) -> None:
    """Write events in a format other tools read (see docs/exports.md for the columns)."""
    from newsgraph.export import FORMATS, Filters, UnknownActor
    from newsgraph.export import export as run_export

    if fmt not in FORMATS:
        console.print(f"[red]unknown format {fmt!r}[/red]; one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    filters = Filters(since=since, until=until, actors=tuple(actor or ()),
                      min_confidence=min_confidence, corrections=corrections)
    with _open(db) as store:
        try:
            n = run_export(store.conn, fmt, out, filters)
        except (UnknownActor, ValueError) as exc:
            console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
    note = _unit_note(db, fmt, filters)
    console.print(f"{n} records written to {escape(str(out))} ({fmt}){note}")


def _unit_note(db: Path, fmt: str, filters: Any) -> str:
    """What a record of ``fmt`` is: the formats count different things (issue 25: ``gdelt``
    202 rows, the others 206), so the message says which, with the mention count."""
    from newsgraph.export import UNITS, count_mentions

    if fmt not in UNITS:
        return ", one per event mention"
    with Store(db, readonly=True) as store:
        n = count_mentions(store.conn, filters)
    return f", one per {UNITS[fmt]}; {n} event mentions match (one record each in icews, " \
           "plover, jsonl, parquet, gdelt-mentions)"


# -- query: analyst tables (newsgraph.frames) as a table, JSON or CSV ------------------------

query_app = GuardedTyper(no_args_is_help=True, help=(
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
    "both": (str | None, typer.Option(help="Comma-separated actors/countries that must all "
                                      "take part, e.g. AUS,JPN.")),
    "min_confidence": (float | None, typer.Option(min=0.0, max=1.0, help=(
        "Calibrated confidence at least this (fitted on the dev gold's tune parts; "
        "docs/events.md has how well it holds)."))),
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
    # the title holds the user's own words ("query search '[/x]'"): markup-escaped like cells
    out = Table(title=escape(f"{title} ({len(rows)} rows)"))
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
        console.print(f"[red]no database at {escape(str(db))}[/red]: run `newsgraph ingest` first")
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
        table = _guard(lambda: fr.search(text, limit=limit, arrow=True))
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


def _add_watch() -> None:
    from newsgraph.watch.cli import watch

    app.command(name="watch")(watch)
    from newsgraph.corrections_cli import app as corrections_app

    app.add_typer(corrections_app, name="corrections")


_add_watch()


class _LazyEval(TyperGroup):
    """The ``eval`` group, built on first use: its modules import spaCy and the extractors,
    which ``--help`` and the listing commands should not wait for."""

    _real: Any = None

    def _group(self) -> Any:
        if _LazyEval._real is None:
            from newsgraph.eval import build_app

            _LazyEval._real = typer.main.get_command(build_app())
        return _LazyEval._real

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self._group().list_commands(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self._group().get_command(ctx, cmd_name)


app.add_typer(typer.Typer(cls=_LazyEval, no_args_is_help=True),
              name="eval", help="Score newsgraph against gold data.")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
