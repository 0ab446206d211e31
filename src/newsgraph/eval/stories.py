"""``newsgraph eval stories``: one event, many outlets, on real stories (Giveme5W1H).

The gold folder holds news-please JSON articles of November 2016; each one's ``category``
names the story it reports (12 stories, 2-10 outlets each). Every article is ingested as
``newsgraph ingest`` would ingest a JSONL record with its url, title, text and publication
date and **no outlet** (the outlet comes from the URL's registered domain), into one store,
near-duplicate detection on. Then, for a grouping of articles into *clusters*:

- **coverage**: per story, the largest share of its articles that one cluster holds,
  averaged over stories;
- **purity**: of the clusters holding >= 2 articles, the share whose articles all belong to
  one story;
- **linked pairs**: of the pairs of articles reporting the same story, the share that share
  at least one cluster.

Two groupings are scored: **event clusters** (``event_clusters``: an article is in a cluster
when one of its events is a member, or a copy of a member's event, see ``resolve/``), the
measure the issue defines; and **story records** (``stories``: one cluster per story
record, see ``resolve/stories.py``). Articles without a story (``category`` empty) stay in
the store but are scored by neither. Stories are split into fixed tune and check parts by
their ``category`` (``eval/splits.py``): every figure is given for tune, check and all.

With ``--db`` the analysed store is kept in that file; a second run on it re-runs only the
resolution (``recluster``), which is how resolution rules are tuned without re-parsing.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.eval.splits import PARTS, part_of

DEFAULT_GOLD = Path("../shared/data/5w1h/giveme5w1h")


def load(path: Path) -> list[dict[str, Any]]:
    """The gold articles: id, story (None without one), url, title, text, published."""
    docs = []
    for f in sorted(path.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        raw_date = str(d.get("date_publish") or "")[:10]
        docs.append({
            "id": str(d.get("dId") or f.stem), "story": d.get("category") or None,
            "url": d.get("url") or None, "title": d.get("title") or None,
            "text": d.get("text") or "",
            "published": raw_date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date) else None})
    return docs


def ingest(docs: list[dict[str, Any]], db: Path) -> dict[str, str]:
    """Analyse and store ``docs`` in ``db`` (skipping those already there); returns
    gold id -> stored article id for every document that was stored."""
    from newsgraph.clean import content_hash
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import Analysis, RawDocument
    from newsgraph.resolve.duplicates import DuplicateIndex
    from newsgraph.store import Store

    raws = [RawDocument(data=d["text"].encode("utf-8"), origin=f"<5w1h:{d['id']}>",
                        kind="text", url=d["url"], published=d["published"],
                        title=d["title"]) for d in docs]
    by_origin = {r.origin: d["id"] for r, d in zip(raws, docs, strict=True)}
    out: dict[str, str] = {}
    with Store(db) as store:
        fresh = [r for r in raws
                 if not store.has_source(content_hash(r.data))]
        index = DuplicateIndex().load(store.signatures())
        for result in Pipeline().process(fresh, duplicates=index):
            if not isinstance(result, Analysis):
                continue
            store.save_indexed(result, index)
        for origin, aid in store.conn.execute("SELECT origin, id FROM articles"):
            if origin in by_origin:
                out[by_origin[origin]] = str(aid)
    return out


def event_groups(conn: Any) -> dict[str, set[str]]:
    """Event cluster id -> the articles holding one of its members or a copy of one."""
    groups: dict[str, set[str]] = defaultdict(set)
    for cid, aid in conn.execute("SELECT cluster_id, article_id FROM event_cluster_members"):
        groups[str(cid)].add(str(aid))
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_copies'").fetchone():
        for cid, aid in conn.execute(
                "SELECT m.cluster_id, c.article_id FROM event_copies c "
                "JOIN event_cluster_members m ON m.event_id = c.event_id"):
            groups[str(cid)].add(str(aid))
    return groups


def story_groups(conn: Any) -> dict[str, set[str]]:
    """Story record id -> its articles (empty before the stories migration)."""
    groups: dict[str, set[str]] = defaultdict(set)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_articles'").fetchone():
        for sid, aid in conn.execute("SELECT story_id, article_id FROM story_articles"):
            groups[str(sid)].add(str(aid))
    return groups


def score(groups: dict[str, set[str]], story_of: dict[str, str],
          stories: list[str]) -> dict[str, Any]:
    """Coverage, purity and linked pairs of ``groups`` for the stories ``stories``.

    ``story_of`` maps every scored article to its story; a cluster counts for purity in this
    part when it holds >= 2 scored articles one of which is of a story in ``stories``.
    """
    wanted = set(stories)
    members: dict[str, set[str]] = defaultdict(set)
    for aid, s in story_of.items():
        if s in wanted:
            members[s].add(aid)
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for cid, arts in groups.items():
        for a in arts:
            clusters_of[a].add(cid)
    cover = []
    for s in sorted(members):
        arts = members[s]
        best = max((len(arts & g) for g in groups.values()), default=0)
        cover.append(max(best, 1) / len(arts))
    multi = pure = 0
    for arts in groups.values():
        scored = {a for a in arts if a in story_of}
        if len(scored) < 2 or not {story_of[a] for a in scored} & wanted:
            continue
        multi += 1
        pure += int(len({story_of[a] for a in scored}) == 1)
    pairs = linked = 0
    for s in sorted(members):
        for a, b in combinations(sorted(members[s]), 2):
            pairs += 1
            linked += int(bool(clusters_of[a] & clusters_of[b]))
    return {"stories": len(members), "articles": sum(len(v) for v in members.values()),
            "coverage": sum(cover) / len(cover) if cover else 0.0,
            "purity": pure / multi if multi else 1.0, "multi_article_clusters": multi,
            "linked_pairs": linked / pairs if pairs else 0.0, "pairs": pairs,
            "linked": linked}


def evaluate(gold: Path, db: Path | None = None,
             errors_part: str | None = None) -> dict[str, Any]:
    """Ingest the gold articles (or reuse ``db``) and score both groupings per part; with
    ``errors_part``, also why that part's same-story pairs did not meet (``errors``, see
    ``eval/stories_errors.py``)."""
    from newsgraph.eval.stories_errors import diagnose
    from newsgraph.store import Store

    docs = load(gold)
    with tempfile.TemporaryDirectory() as tmp:
        path = db if db is not None else Path(tmp) / "stories.db"
        reuse = path.exists()
        stored = ingest(docs, path)
        story_of = {stored[d["id"]]: d["story"] for d in docs
                    if d["story"] and d["id"] in stored}
        names = sorted(set(story_of.values()))
        parts: dict[str, list[str]] = {p: [s for s in names if part_of(s) == p]
                                       for p in PARTS}
        parts["all"] = names
        with Store(path) as store:
            if reuse:  # the same analyses, the resolution of this code
                store.recluster()
            conn = store.conn
            groups = {"event_clusters": event_groups(conn), "stories": story_groups(conn)}
            n_clusters = conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
            diag = (diagnose(conn, story_of, parts[errors_part], groups["event_clusters"])
                    if errors_part else None)
    res: dict[str, Any] = {"articles": len(stored), "n_event_clusters": n_clusters,
                           "parts": dict(parts)}
    for kind, g in groups.items():
        res[kind] = {p: score(g, story_of, s) for p, s in parts.items()}
    if diag is not None:
        res["errors"] = {"part": errors_part, **diag}
    return res


def register(app: typer.Typer) -> None:
    @app.command("stories")
    def stories_cmd(
        gold: Annotated[Path, typer.Option(help="Folder of Giveme5W1H JSON files.")] =
        DEFAULT_GOLD,
        db: Annotated[Path | None, typer.Option(
            help="Keep the analysed store here; a rerun on it only re-resolves.")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        errors: Annotated[bool, typer.Option(
            "--errors", help="Why same-story article pairs share no event cluster.")] = False,
        part: Annotated[str, typer.Option(
            help="Which part --errors reads (tune, check or all). Errors are read on tune "
                 "only; check is only scored.")] = "tune",
    ) -> None:
        """Story coverage, purity and linked pairs of event clusters and story records."""
        if not gold.is_dir():
            typer.echo(f"no gold folder at {gold}", err=True)
            raise typer.Exit(2)
        if part not in ("tune", "check", "all"):
            raise typer.BadParameter("--part must be tune, check or all")
        res = evaluate(gold, db, errors_part=part if errors else None)
        if as_json:
            typer.echo(json.dumps(res, indent=2))
            return
        typer.echo(f"{res['articles']} articles stored, {res['n_event_clusters']} event "
                   "clusters; stories split by story: tune " + ", ".join(res["parts"]["tune"])
                   + "; check " + ", ".join(res["parts"]["check"]))
        typer.echo(f"{'grouping':<16}{'part':<7}{'stories':>8}{'articles':>9}{'coverage':>10}"
                   f"{'purity':>8}{'multi':>7}{'linked':>8}{'pairs':>7}")
        for kind in ("event_clusters", "stories"):
            for p in ("tune", "check", "all"):
                r = res[kind][p]
                typer.echo(f"{kind:<16}{p:<7}{r['stories']:>8}{r['articles']:>9}"
                           f"{r['coverage']:>10.3f}{r['purity']:>8.3f}"
                           f"{r['multi_article_clusters']:>7}{r['linked_pairs']:>8.3f}"
                           f"{r['pairs']:>7}")
        if "errors" in res:
            typer.echo(format_errors(res["errors"]))


def format_errors(err: dict[str, Any]) -> str:
    """The ``--errors`` listing: pair outcomes, the attainable coverages, a few examples."""
    from newsgraph.eval.stories_errors import STAGES

    out = [f"\nsame-story article pairs of the {err['part']} stories, by the furthest test a "
           "member pair passes:"]
    outcomes = err["outcomes"]
    for name in ("linked", *reversed(STAGES)):
        if outcomes.get(name):
            out.append(f"  {name:<22}{outcomes[name]:>5}")
    out.append(f"coverage attainable by resolution on these events: "
               f"{err['attainable_any_type']:.3f} (any type), "
               f"{err['attainable_one_type']:.3f} (one PLOVER type per story)")
    for name, rows in err["examples"].items():
        out.append(f"-- {name}")
        for story, a, b in rows:
            out.append(f"  {story}: {a}\n  {' ' * len(story)}  {b}")
    return "\n".join(out)
