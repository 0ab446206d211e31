"""``newsgraph eval extraction``: article-body extraction scored like the Zyte benchmark.

The metric is the benchmark's own: tokens are ``\\w+`` matches, each text becomes a multiset
of 4-gram shingles, precision and recall are computed per page and averaged over pages, and
F1 is taken of the two means. Speed is pages per second on one core (decode, HTML pre-pass,
trafilatura and our clutter rules; no language model). ``--baseline`` also runs plain
trafilatura on the same pages, page by page in turn with ours, so the two numbers come from
one run on one machine under the same load.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

import typer

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def shingles(text: str, n: int = NGRAM) -> Counter[str]:
    """The multiset of ``n``-token shingles (a text shorter than ``n`` is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    out: Counter[str] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = " ".join(tokens[i:i + n])
        if shingle:
            out[shingle] += 1
    return out


def page_scores(gold: str, pred: str) -> tuple[float, float]:
    """Per-page (precision, recall) over shingle multisets."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    n_pred, n_gold = sum(p.values()), sum(g.values())
    if not n_pred and not n_gold:
        return 1.0, 1.0
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return precision, recall


@dataclass(slots=True)
class ExtractionScore:
    """Mean precision and recall over pages, F1 of the means, throughput."""

    system: str
    pages: int
    precision: float
    recall: float
    f1: float
    pages_per_second: float
    part: str = "all"


def iter_gold(gold_dir: Path) -> Iterator[tuple[str, bytes, str, str | None]]:
    """Yield ``(page id, raw html bytes, gold body, url)`` in a stable order."""
    truth = json.loads((gold_dir / "ground-truth.json").read_text("utf-8"))
    for key in sorted(truth):
        path = gold_dir / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        yield key, gzip.decompress(path.read_bytes()), truth[key].get("articleBody") or "", \
            truth[key].get("url")


def ours(data: bytes, url: str | None) -> str:
    """Our extraction as the pipeline runs it: decode, trafilatura, ``clean_html_body``."""
    from newsgraph.clean import clean_html_body
    from newsgraph.clean.decode import decode_bytes
    from newsgraph.clean.html import extract_html
    from newsgraph.errors import SkipError

    try:
        ext = extract_html(decode_bytes(data), url=url)
    except SkipError:
        return ""
    # the same steps as ``clean()`` less its language and length checks (the benchmark is
    # multilingual and has short pages)
    kept, _ = clean_html_body(ext.text, ext.captions, ext.title, ext.placed)
    return "\n".join(kept)


def plain_trafilatura(data: bytes, url: str | None) -> str:
    """trafilatura with its defaults but comments left out (the benchmark gold is the body)."""
    import trafilatura

    text = trafilatura.extract(data.decode("utf-8", "replace"), url=url, include_comments=False)
    return text or ""


@dataclass(slots=True)
class Page:
    """One gold page: its set part (``tune``/``check`` for a split set, else the set name)."""

    key: str
    part: str
    data: bytes
    gold: str
    url: str | None


def load_pages(gold_dir: Path, split: bool, name: str,
               limit: int | None = None) -> list[Page]:
    """The pages of one gold folder; ``split`` assigns each its fixed tune/check part."""
    from newsgraph.eval.splits import part_of

    pages = [Page(key, part_of(key) if split else name, data, gold, url)
             for key, data, gold, url in iter_gold(gold_dir)]
    return pages[:limit]


def score_pages(pages: list[Page], system: str,
                extract: Callable[[bytes, str | None], str]) -> list[ExtractionScore]:
    """Run ``extract`` over the pages (CPU time per page) and score each part separately."""
    return score_systems(pages, {system: extract})


def score_systems(pages: list[Page], systems: dict[str, Callable[[bytes, str | None], str]]
                  ) -> list[ExtractionScore]:
    """Every system on each page in turn, then each system's scores per part.

    The systems take turns page by page, so a machine that is busier for a while (it is
    shared) slows them alike and their pages/s stay comparable within one run.
    """
    rows: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for page in pages:
        for system, extract in systems.items():
            start = time.process_time()
            pred = extract(page.data, page.url)
            elapsed = time.process_time() - start
            p, r = page_scores(page.gold, pred)
            rows.setdefault((system, page.part), []).append((p, r, elapsed))
    return [_summary(system, part, got) for (system, part), got in rows.items()]


def _summary(system: str, part: str,
             rows: list[tuple[float, float, float]]) -> ExtractionScore:
    n = len(rows)
    mp = sum(r[0] for r in rows) / n if n else 0.0
    mr = sum(r[1] for r in rows) / n if n else 0.0
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    elapsed = sum(r[2] for r in rows)
    return ExtractionScore(system, n, mp, mr, f1, n / elapsed if elapsed else 0.0, part)


def score(gold_dir: Path, system: str, extract: Callable[[bytes, str | None], str],
          limit: int | None = None, part: str | None = None) -> ExtractionScore:
    """Score ``extract`` on one folder: every page, or one fixed part (``tune``/``check``)."""
    pages = load_pages(gold_dir, split=part is not None, name="all", limit=limit)
    if part is not None:
        pages = [p for p in pages if p.part == part]
    return score_pages(pages, system, extract)[0] if pages else _summary(system, "all", [])


#: the rules ``ablate`` measures besides ``clutter.RULE_NAMES``
HTML_ONLY_RULES = ("title-repeated", "title-like-line", "link-run-tail", "outside-body")


def ablate(pages: list[Page]) -> list[tuple[str, dict[str, float]]]:
    """What each rule of ``clean_html_body`` is worth per part: F1 with its rules minus F1
    with that one left out (a rule of ``HTML_SKIP``: F1 with it added minus F1 without).
    trafilatura runs once per page; only the rules are re-run."""
    from newsgraph.clean import clutter, html_rules
    from newsgraph.clean.decode import decode_bytes, repair_mojibake
    from newsgraph.clean.html import HtmlExtraction, extract_html
    from newsgraph.errors import SkipError

    extracted: list[tuple[Page, list[str], HtmlExtraction | None]] = []
    for page in pages:
        try:
            ext = extract_html(decode_bytes(page.data), url=page.url)
        except SkipError:
            extracted.append((page, [], None))
            continue
        extracted.append((page, clutter.split_paragraphs(repair_mojibake(ext.text)), ext))

    def run(skip: frozenset[str]) -> dict[str, float]:
        by_part: dict[str, list[tuple[float, float, float]]] = {}
        for page, paras, ext in extracted:
            kept: list[str] = []
            if ext is not None:
                kept, _ = html_rules(paras, ext.captions, ext.title, ext.placed, skip)
            p, r = page_scores(page.gold, "\n".join(kept))
            by_part.setdefault(page.part, []).append((p, r, 0.0))
        return {part: _summary("", part, rows).f1 for part, rows in by_part.items()}

    used = clutter.HTML_SKIP
    every = run(used)
    out = []
    for rule in (*clutter.RULE_NAMES, *HTML_ONLY_RULES):
        other = run(used - {rule}) if rule in used else run(used | {rule})
        sign = -1.0 if rule in used else 1.0
        out.append((rule, {part: sign * (every[part] - other[part]) for part in every}))
    return out


WCXB = Path("../shared/data/extraction/wcxb-dev-articles")
ZYTE = Path("../shared/data/extraction/zyte-article-benchmark")


def register(app: typer.Typer) -> None:
    """Add ``newsgraph eval extraction``."""

    @app.command("extraction")
    def extraction(
        gold: Annotated[Path, typer.Option(
            help="Folder of the Zyte article benchmark (ground-truth.json, html/), scored "
                 "whole.")] = ZYTE,
        wcxb: Annotated[Path, typer.Option(
            help="Folder of the WCXB article pages, scored on its fixed tune and check "
                 "parts.")] = WCXB,
        baseline: Annotated[bool, typer.Option(
            help="Also score plain trafilatura in the same run.")] = False,
        ablation: Annotated[bool, typer.Option(
            "--ablate", help="Print what each clutter rule is worth per part.")] = False,
        limit: Annotated[int | None, typer.Option(help="Only the first N pages of each set.")]
        = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Score article-body extraction (shingle P/R/F1) and pages per second, per part."""
        from rich.console import Console
        from rich.table import Table

        console = Console()
        pages: list[Page] = []
        for folder, split, name in ((wcxb, True, "wcxb"), (gold, False, "zyte")):
            if (folder / "ground-truth.json").exists():
                pages.extend(load_pages(folder, split, name, limit))
            else:
                console.print(f"[yellow]no ground-truth.json under {folder}: skipped[/yellow]")
        if not pages:
            console.print("[red]no gold pages found[/red]")
            raise typer.Exit(2)
        order = {"tune": 0, "check": 1}
        systems: dict[str, Callable[[bytes, str | None], str]] = {"newsgraph": ours}
        if baseline:
            systems["trafilatura"] = plain_trafilatura
        results = sorted(score_systems(pages, systems),
                         key=lambda r: (r.system != "newsgraph", order.get(r.part, 2), r.part))
        rules = ablate(pages) if ablation else []
        if as_json:
            typer.echo(json.dumps({"scores": [asdict(r) for r in results],
                                   "ablation": [{"rule": rule, "gain": gain}
                                                for rule, gain in rules]}, indent=2))
            return
        table = Table("system", "part", "pages", "precision", "recall", "F1", "pages/s",
                      title="Article extraction (Zyte benchmark metric; WCXB split tune/check)")
        for r in results:
            table.add_row(r.system, r.part, str(r.pages), f"{r.precision:.4f}",
                          f"{r.recall:.4f}", f"{r.f1:.4f}", f"{r.pages_per_second:.1f}")
        console.print(table)
        if rules:
            parts = list(rules[0][1])
            gains = Table("rule", *parts, title="F1 each clutter rule adds (HTML_SKIP rules: "
                                                "what adding them would add)")
            for rule, gain in rules:
                gains.add_row(rule, *(f"{gain[p]:+.4f}" for p in parts))
            console.print(gains)
