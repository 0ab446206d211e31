"""``newsgraph eval extraction``: article-body extraction scored like the Zyte benchmark.

The metric is the benchmark's own: tokens are ``\\w+`` matches, each text becomes a multiset
of 4-gram shingles, precision and recall are computed per page and averaged over pages, and
F1 is taken of the two means. Speed is pages per second on one core (decode, HTML pre-pass,
trafilatura and our clutter rules; no language model). ``--baseline`` also runs plain
trafilatura on the same pages so the two numbers come from one run on one machine.
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
    """Our extraction as the pipeline runs it: decode, pre-pass, trafilatura, clutter rules."""
    from newsgraph.clean.clutter import drop_title_line, remove_clutter, split_paragraphs
    from newsgraph.clean.decode import decode_bytes, repair_mojibake
    from newsgraph.clean.html import extract_html
    from newsgraph.errors import SkipError

    try:
        ext = extract_html(decode_bytes(data), url=url)
    except SkipError:
        return ""
    # the same steps as ``clean()`` less its language and length checks (the benchmark is
    # multilingual and has short pages): mojibake repair, clutter rules, headline line
    kept, _ = remove_clutter(split_paragraphs(repair_mojibake(ext.text)), drop_repeated=False)
    drop_title_line(kept, ext.title)
    return "\n".join(kept)


def plain_trafilatura(data: bytes, url: str | None) -> str:
    """trafilatura with its defaults but comments left out (the benchmark gold is the body)."""
    import trafilatura

    text = trafilatura.extract(data.decode("utf-8", "replace"), url=url, include_comments=False)
    return text or ""


def score(gold_dir: Path, system: str, extract: Callable[[bytes, str | None], str],
          limit: int | None = None) -> ExtractionScore:
    """Run ``extract`` over every gold page (timed) and score it."""
    pages = list(iter_gold(gold_dir))[:limit]
    preds: list[str] = []
    start = time.process_time()
    for _, data, _, url in pages:
        preds.append(extract(data, url))
    elapsed = time.process_time() - start
    ps, rs = [], []
    for (_, _, gold, _), pred in zip(pages, preds, strict=True):
        p, r = page_scores(gold, pred)
        ps.append(p)
        rs.append(r)
    n = len(pages)
    mp = sum(ps) / n if n else 0.0
    mr = sum(rs) / n if n else 0.0
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return ExtractionScore(system, n, mp, mr, f1, n / elapsed if elapsed else 0.0)


def register(app: typer.Typer) -> None:
    """Add ``newsgraph eval extraction``."""

    @app.command("extraction")
    def extraction(
        gold: Annotated[Path, typer.Option(
            help="Folder of the Zyte article benchmark (ground-truth.json, html/).")] = Path(
            "../shared/data/extraction/zyte-article-benchmark"),
        baseline: Annotated[bool, typer.Option(
            help="Also score plain trafilatura in the same run.")] = False,
        limit: Annotated[int | None, typer.Option(help="Only the first N pages.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Score article-body extraction (shingle P/R/F1) and pages per second."""
        from rich.console import Console
        from rich.table import Table

        if not (gold / "ground-truth.json").exists():
            Console().print(f"[red]no ground-truth.json under {gold}[/red]")
            raise typer.Exit(2)
        results = [score(gold, "newsgraph", ours, limit)]
        if baseline:
            results.append(score(gold, "trafilatura", plain_trafilatura, limit))
        if as_json:
            typer.echo(json.dumps([asdict(r) for r in results], indent=2))
            return
        table = Table("system", "pages", "precision", "recall", "F1", "pages/s",
                      title="Article extraction (Zyte benchmark metric)")
        for r in results:
            table.add_row(r.system, str(r.pages), f"{r.precision:.4f}", f"{r.recall:.4f}",
                          f"{r.f1:.4f}", f"{r.pages_per_second:.1f}")
        Console().print(table)
