"""``newsgraph eval quotes``: attribution (source, cue, content) against PolNeAR brat gold.

Metric, stated so the figures can be compared:

- **Content P/R/F1** with one-to-one matching. The overlap of a predicted and a gold content
  is the number of characters they share divided by the gold content's length (gold spans may
  be discontinuous; they count as the union of their parts). Pairs are matched greedily from
  the highest overlap down, each gold and each prediction at most once, and only pairs at or
  above the threshold (0.3 and 0.8) count as true positives.
- **Split by quotation marks**: a gold content is *quoted* when its text holds a double
  quotation mark (``"``, ``“``, ``”``), a prediction when its content text or the character
  just before or after it does (a direct quote's content is the words inside the marks). True
  positives and misses are counted under the gold's class, false positives under the
  prediction's class.
- **Source accuracy**: over matched pairs (at 0.3) whose gold has a source, the share whose
  predicted speaker span overlaps a gold source span by at least one character. A prediction
  without a speaker span counts as wrong.
- **Cue accuracy**: the same over matched pairs with a gold cue, using the predicted cue span.

Our text is the gold text itself: each document becomes an ``Article`` whose ``text`` is the
gold text, so the pipeline's offsets are the gold offsets (``Pipeline.make_doc`` tokenises the
text as given).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.eval._metrics import prf
from newsgraph.eval.brat import Attribution, GoldDoc, read_corpus
from newsgraph.records import Article, Quote

DEFAULT_GOLD = Path("../shared/data/quotes/polnear/dev")
THRESHOLDS = (0.3, 0.8)
_QUOTE_MARKS = ('"', "“", "”")


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def is_quoted(text: str) -> bool:
    """True when the text holds a double quotation mark (the "with quotation marks" class)."""
    return any(m in text for m in _QUOTE_MARKS)


@dataclass(slots=True)
class Counts:
    """True positives, false positives and misses for one class at one threshold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, float]:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(p, 4),
                "r": round(r, 4), "f1": round(f, 4)}


@dataclass(slots=True)
class Score:
    """Accumulated counts over documents."""

    counts: dict[tuple[float, str], Counts] = field(default_factory=dict)
    source_ok: dict[str, int] = field(default_factory=dict)
    source_n: dict[str, int] = field(default_factory=dict)
    cue_ok: dict[str, int] = field(default_factory=dict)
    cue_n: dict[str, int] = field(default_factory=dict)
    n_docs: int = 0
    #: wrong sources on matched pairs, for study: (document, gold source, predicted, content)
    source_errors: list[dict[str, Any]] = field(default_factory=list)
    doc_name: str = ""

    def c(self, threshold: float, cls: str) -> Counts:
        return self.counts.setdefault((threshold, cls), Counts())

    def add_pair(self, table_ok: dict[str, int], table_n: dict[str, int], cls: str,
                 ok: bool) -> None:
        for key in (cls, "all"):
            table_n[key] = table_n.get(key, 0) + 1
            table_ok[key] = table_ok.get(key, 0) + int(ok)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.n_docs, "content": {}}
        for (t, cls), cnt in sorted(self.counts.items()):
            out["content"].setdefault(str(t), {})[cls] = cnt.as_dict()
        for name, ok, n in (("source_accuracy", self.source_ok, self.source_n),
                            ("cue_accuracy", self.cue_ok, self.cue_n)):
            out[name] = {k: {"n": n[k], "accuracy": round(ok.get(k, 0) / n[k], 4)}
                         for k in sorted(n) if n[k]}
        return out


def _overlap(gold: set[int], pred: set[int]) -> float:
    return len(gold & pred) / len(gold) if gold else 0.0


def score_document(score: Score, text: str, gold: Sequence[Attribution],
                   pred: Sequence[Quote]) -> None:
    """Add one document's matches to ``score`` (see the module docstring for the metric)."""
    score.n_docs += 1
    gchars = [_chars(g.content) for g in gold]
    gcls = ["quoted" if is_quoted(" ".join(text[s:e] for s, e in g.content)) else "unquoted"
            for g in gold]
    pchars = [set(range(q.content_start, q.content_end)) for q in pred]
    # a direct quote's content stops inside its marks: look one character either side
    pcls = ["quoted" if is_quoted(text[max(0, q.content_start - 1):q.content_end + 1])
            else "unquoted" for q in pred]
    cand = sorted(((_overlap(g, p), gi, pi) for gi, g in enumerate(gchars)
                   for pi, p in enumerate(pchars) if g & p), reverse=True)
    for t in THRESHOLDS:
        used_g: set[int] = set()
        used_p: set[int] = set()
        for ov, gi, pi in cand:
            if ov < t or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            for cls in (gcls[gi], "all"):
                score.c(t, cls).tp += 1
            if t == THRESHOLDS[0]:
                _score_pair(score, gcls[gi], gold[gi], pred[pi], text)
        for gi in range(len(gold)):
            if gi not in used_g:
                for cls in (gcls[gi], "all"):
                    score.c(t, cls).fn += 1
        for pi in range(len(pred)):
            if pi not in used_p:
                for cls in (pcls[pi], "all"):
                    score.c(t, cls).fp += 1


def _score_pair(score: Score, cls: str, gold: Attribution, q: Quote, text: str = "") -> None:
    if gold.source:
        ok = (q.speaker_start is not None and q.speaker_end is not None and
              bool(_chars(gold.source) & set(range(q.speaker_start, q.speaker_end))))
        score.add_pair(score.source_ok, score.source_n, cls, ok)
        if not ok and text:
            score.source_errors.append({
                "document": score.doc_name,
                "gold_source": " | ".join(text[s:e] for s, e in gold.source),
                "predicted": q.speaker if q.speaker_start is None
                else text[q.speaker_start:q.speaker_end or q.speaker_start],
                "cue": q.cue, "kind": q.kind,
                "content": text[q.content_start:q.content_end][:160],
            })
    if gold.cue:
        ok = (q.cue_start is not None and q.cue_end is not None and
              bool(_chars(gold.cue) & set(range(q.cue_start, q.cue_end))))
        score.add_pair(score.cue_ok, score.cue_n, cls, ok)


def predict(docs: Sequence[GoldDoc]) -> list[list[Quote]]:
    """Run the pipeline over the gold texts (as given) and collect the quotes."""
    from newsgraph.pipeline import Pipeline

    pipe = Pipeline()
    articles = [Article(id=d.name, text=d.text, origin=d.name) for d in docs]
    # timex and events do not feed the quote component (events read quotes, not the other
    # way round); leaving them out keeps the evaluation to the parts that decide its score
    skip = [n for n in ("newsgraph_timex", "newsgraph_events") if n in pipe.nlp.pipe_names]
    with pipe.nlp.select_pipes(disable=skip):
        docs_out = list(pipe.nlp.pipe([pipe.make_doc(a) for a in articles]))
    return [list(doc._.ng_quotes or []) for doc in docs_out]


def evaluate(gold_root: Path, limit: int | None = None,
             errors: bool = False) -> dict[str, Any]:
    """Score the pipeline on a PolNeAR split; ``limit`` takes the first N documents;
    ``errors`` adds the matched pairs whose source is wrong (to study, not to score)."""
    docs = read_corpus(gold_root)[:limit] if limit else read_corpus(gold_root)
    t0 = time.perf_counter()
    preds = predict(docs)
    seconds = time.perf_counter() - t0
    score = Score()
    for d, p in zip(docs, preds, strict=True):
        score.doc_name = d.name
        score_document(score, d.text, d.attributions, p)
    out = score.as_dict()
    if errors:
        out["source_errors"] = score.source_errors
    out["gold_attributions"] = sum(len(d.attributions) for d in docs)
    out["predicted"] = sum(len(p) for p in preds)
    out["seconds"] = round(seconds, 1)
    return out


def _print(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("overlap", "class", "tp", "fp", "fn", "P", "R", "F1",
                  title=f"Attribution content ({result['documents']} documents, "
                        f"{result['gold_attributions']} gold, {result['predicted']} predicted)")
    for t, by_cls in result["content"].items():
        for cls in ("all", "quoted", "unquoted"):
            c = by_cls.get(cls)
            if c:
                table.add_row(f">= {t}", cls, str(c["tp"]), str(c["fp"]), str(c["fn"]),
                              f"{c['p']:.3f}", f"{c['r']:.3f}", f"{c['f1']:.3f}")
    acc = Table("measure", "class", "n", "accuracy", title="On matched pairs (overlap >= 0.3)")
    for name in ("source_accuracy", "cue_accuracy"):
        for cls, v in result[name].items():
            acc.add_row(name, cls, str(v["n"]), f"{v['accuracy']:.3f}")
    console = Console()
    console.print(table)
    console.print(acc)
    console.print(f"pipeline time: {result['seconds']} s")


def register(app: typer.Typer) -> None:
    """Add ``eval quotes`` to the eval command group."""

    @app.command("quotes")
    def quotes_cmd(
        gold: Annotated[Path, typer.Option(help="PolNeAR split folder (text/, attributions/)")]
        = DEFAULT_GOLD,
        limit: Annotated[int | None, typer.Option(help="only the first N documents")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
        errors: Annotated[bool, typer.Option(
            "--errors", help="list the matched pairs whose source is wrong")] = False,
    ) -> None:
        """Quotes and attribution: content P/R/F1 at overlap 0.3 / 0.8, source and cue accuracy."""
        if not (gold / "text").is_dir():
            raise typer.BadParameter(f"{gold} has no text/ folder")
        result = evaluate(gold, limit, errors=errors)
        if errors and not as_json:
            for e in result["source_errors"]:
                typer.echo(f"{e['document']}\tgold={e['gold_source']!r}\t"
                           f"pred={e['predicted']!r}\tcue={e['cue']!r}\t{e['kind']}\t"
                           f"{e['content']!r}")
        if as_json:
            typer.echo(json.dumps(result, indent=2))
        else:
            _print(result)
