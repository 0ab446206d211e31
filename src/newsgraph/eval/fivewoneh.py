"""``newsgraph eval 5w1h``: the main-event summary against Giveme5W1H's coder annotations.

Each gold article has, per question, phrases with the number of coders (of 3) who chose them.
Our input is the title as the first paragraph followed by the text (as the coders read them),
with the publication date as anchor. Matching rule: the top answer is correct when it
overlaps a phrase chosen by at least 2 coders — after lower-casing, taking ``\\w+`` tokens
and dropping stop words, the shared tokens cover at least half of the shorter of the two
(answer, phrase). A question is *answerable* when such a phrase exists; precision is over
questions answered and answerable, and the share answered is reported beside it. Answers
given where 2+ coders marked "no answer" are counted apart, not scored (see
docs/eval-5w1h.md for how this reading of the gold was checked).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_GOLD = Path("../shared/data/5w1h/giveme5w1h")
QUESTIONS = ("who", "what", "when", "where", "why", "how")
MIN_CODERS = 2
_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "for", "by", "with",
         "is", "was", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this",
         "from", "as"}


def tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.lower()) if t not in _STOP}


def coverage(answer: str, phrase: str, side: str = "shorter") -> float:
    """Share of the ``shorter`` (or ``longer``) side's content tokens that both share."""
    a, p = tokens(answer), tokens(phrase)
    if not a or not p:
        return 0.0
    size = min(len(a), len(p)) if side == "shorter" else max(len(a), len(p))
    return len(a & p) / size


def matches(answer: str, phrase: str, min_coverage: float = 0.5, side: str = "shorter") -> bool:
    """Shared content tokens cover at least half (``min_coverage``) of the shorter side."""
    return coverage(answer, phrase, side) >= min_coverage


#: stricter readings reported beside the headline rule, to show how sensitive the figure is
STRICTER = (("shorter>=0.7", 0.7, "shorter"), ("shorter>=1.0", 1.0, "shorter"),
            ("longer>=0.5", 0.5, "longer"))


def load(path: Path) -> list[dict[str, Any]]:
    docs = []
    for f in sorted(path.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        gold = {}
        no_answer = {}
        for q in QUESTIONS:
            ann = d.get("fiveWoneH", {}).get(q, {}).get("annotated", [])
            gold[q] = [a["text"] for a in ann
                       if a.get("text") and a.get("coderPhraseCount", 0) >= MIN_CODERS]
            # an entry without text is a coder saying "the article does not answer this"
            no_answer[q] = not gold[q] and any(
                not a.get("text") and a.get("coderPhraseCount", 0) >= MIN_CODERS for a in ann)
        raw_date = str(d.get("date_publish") or "")[:10]
        published = raw_date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date) else None
        docs.append({"id": d.get("dId", f.stem), "title": d.get("title") or "",
                     "text": d.get("text") or "", "published": published, "gold": gold,
                     "no_answer": no_answer})
    return docs


def _analyse(body: str, published: str | None, times: dict[str, float]) -> Any:
    """Clean and parse one text as ``analyze`` does, timing each pipeline component."""
    from newsgraph.clean import clean
    from newsgraph.pipeline import default_pipeline
    from newsgraph.records import RawDocument

    pipe = default_pipeline()
    raw = RawDocument(data=body.encode("utf-8"), origin="<5w1h>", kind="text",
                      user_published=published)
    article = clean(raw, pipe.config)
    t0 = time.perf_counter()
    doc = pipe.make_doc(article)
    times["tokenizer"] = times.get("tokenizer", 0.0) + time.perf_counter() - t0
    for name, proc in pipe.nlp.pipeline:
        t0 = time.perf_counter()
        doc = proc(doc)
        times[name] = times.get(name, 0.0) + time.perf_counter() - t0
    return doc._.ng_summary


def evaluate(path: Path) -> dict[str, Any]:
    from newsgraph.errors import SkipError

    # no_span: answers that are no span of the text (for *when*, the publication date written
    # out); counted among the answerable ones and apart among the "no answer" ones
    per_q = {q: {"answerable": 0, "answered": 0, "correct": 0, "answered_no_answer": 0,
                 "no_span": 0, "no_span_correct": 0, "no_span_no_answer": 0}
             for q in QUESTIONS}
    strict = {name: dict.fromkeys(QUESTIONS, 0) for name, _, _ in STRICTER}
    times: dict[str, float] = {}
    rows = []
    for d in load(path):
        body = f"{d['title']}\n\n{d['text']}" if d["title"] else d["text"]
        try:
            summary = _analyse(body, d["published"], times)
        except SkipError:
            summary = None
        row: dict[str, Any] = {"id": d["id"]}
        for q in QUESTIONS:
            ans = getattr(summary, q) if summary is not None else None
            gold = d["gold"][q]
            row[q] = {"answer": ans.text if ans else None, "gold": gold}
            no_span = ans is not None and ans.start is None
            if not gold:
                per_q[q]["answered_no_answer"] += int(ans is not None and d["no_answer"][q])
                per_q[q]["no_span_no_answer"] += int(no_span and d["no_answer"][q])
                continue
            per_q[q]["answerable"] += 1
            if ans is None:
                continue
            per_q[q]["answered"] += 1
            correct = any(matches(ans.text, g) for g in gold)
            per_q[q]["correct"] += int(correct)
            per_q[q]["no_span"] += int(no_span)
            per_q[q]["no_span_correct"] += int(no_span and correct)
            for name, cov, side in STRICTER:
                strict[name][q] += int(any(matches(ans.text, g, cov, side) for g in gold))
        rows.append(row)
    table = {}
    for q, c in per_q.items():
        table[q] = {**c,
                    "precision": c["correct"] / c["answered"] if c["answered"] else 0.0,
                    "answered_share": c["answered"] / c["answerable"] if c["answerable"] else 0.0}
    core = ("who", "what", "when", "where")

    def pooled(qs: tuple[str, ...], correct: dict[str, int]) -> float:
        ans = sum(per_q[q]["answered"] for q in qs)
        return sum(correct[q] for q in qs) / ans if ans else 0.0

    headline = {q: c["correct"] for q, c in per_q.items()}
    stricter = {name: {"precision_4w": pooled(core, c), "precision_all": pooled(QUESTIONS, c),
                       **{q: c[q] / per_q[q]["answered"] if per_q[q]["answered"] else 0.0
                          for q in QUESTIONS}}
                for name, c in strict.items()}
    total = sum(times.values())
    return {"articles": len(rows), "questions": table,
            "precision_4w": pooled(core, headline), "precision_all": pooled(QUESTIONS, headline),
            "stricter": stricter,
            "timing": {"extraction_s": total, "summary_s": times.get("newsgraph_summary", 0.0),
                       "summary_share": times.get("newsgraph_summary", 0.0) / total
                       if total else 0.0},
            "rows": rows}


def register(app: typer.Typer) -> None:
    @app.command("5w1h")
    def fivewoneh_cmd(
        gold: Annotated[Path, typer.Option(help="Folder of Giveme5W1H JSON files.")] =
        DEFAULT_GOLD,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Main-event 5W1H answers scored against phrases chosen by 2+ of 3 coders."""
        res = evaluate(gold)
        if as_json:
            typer.echo(json.dumps(res, indent=2))
            return
        typer.echo(f"{'question':<9}{'answerable':>11}{'answered':>10}{'correct':>9}"
                   f"{'precision':>11}{'answered%':>11}")
        for q, c in res["questions"].items():
            typer.echo(f"{q:<9}{c['answerable']:>11}{c['answered']:>10}{c['correct']:>9}"
                       f"{c['precision']:>11.3f}{c['answered_share']:>11.3f}")
        typer.echo("answered although 2+ coders marked no answer (not scored): " + ", ".join(
            f"{q} {c['answered_no_answer']}" for q, c in res["questions"].items()))
        typer.echo("answers not taken from the text (when: the publication date): " + ", ".join(
            f"{q} {c['no_span']} answerable ({c['no_span_correct']} correct) + "
            f"{c['no_span_no_answer']} no-answer"
            for q, c in res["questions"].items() if c["no_span"] or c["no_span_no_answer"]))
        typer.echo(f"who/what/when/where precision {res['precision_4w']:.3f}; "
                   f"all six {res['precision_all']:.3f} ({res['articles']} articles)")
        typer.echo("stricter matching (precision over the same answers):")
        typer.echo(f"{'rule':<14}" + "".join(f"{q:>7}" for q in QUESTIONS) + f"{'4W':>7}{'all':>7}")
        for name, c in res["stricter"].items():
            typer.echo(f"{name:<14}" + "".join(f"{c[q]:>7.3f}" for q in QUESTIONS)
                       + f"{c['precision_4w']:>7.3f}{c['precision_all']:>7.3f}")
        t = res["timing"]
        typer.echo(f"summary component {t['summary_s']:.3f} s of {t['extraction_s']:.1f} s "
                   f"extraction ({100 * t['summary_share']:.2f}%)")
