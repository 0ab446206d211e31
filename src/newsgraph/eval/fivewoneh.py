"""``newsgraph eval 5w1h``: the main-event summary against Giveme5W1H's coder annotations.

Each gold article has, per question, phrases with the number of coders (of 3) who chose them.
Our input is the title as the first paragraph followed by the text (as the coders read them),
with the publication date as anchor. Matching rule: the top answer is correct when it
overlaps a phrase chosen by at least 2 coders — after lower-casing, taking ``\\w+`` tokens
and dropping stop words, the shared tokens cover at least half of the shorter of the two
(answer, phrase). A question is *answerable* when such a phrase exists; precision is over
questions answered and answerable, and the share answered is reported beside it.
"""

from __future__ import annotations

import json
import re
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


def matches(answer: str, phrase: str) -> bool:
    """Shared content tokens cover at least half of the shorter side."""
    a, p = tokens(answer), tokens(phrase)
    if not a or not p:
        return False
    return len(a & p) / min(len(a), len(p)) >= 0.5


def load(path: Path) -> list[dict[str, Any]]:
    docs = []
    for f in sorted(path.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        gold = {}
        for q in QUESTIONS:
            ann = d.get("fiveWoneH", {}).get(q, {}).get("annotated", [])
            gold[q] = [a["text"] for a in ann
                       if a.get("text") and a.get("coderPhraseCount", 0) >= MIN_CODERS]
        raw_date = str(d.get("date_publish") or "")[:10]
        published = raw_date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date) else None
        docs.append({"id": d.get("dId", f.stem), "title": d.get("title") or "",
                     "text": d.get("text") or "", "published": published, "gold": gold})
    return docs


def evaluate(path: Path) -> dict[str, Any]:
    from newsgraph.errors import SkipError
    from newsgraph.pipeline import analyze

    per_q = {q: {"answerable": 0, "answered": 0, "correct": 0} for q in QUESTIONS}
    rows = []
    for d in load(path):
        body = f"{d['title']}\n\n{d['text']}" if d["title"] else d["text"]
        try:
            summary = analyze(body, published=d["published"]).summary
        except SkipError:
            summary = None
        row: dict[str, Any] = {"id": d["id"]}
        for q in QUESTIONS:
            ans = getattr(summary, q) if summary is not None else None
            gold = d["gold"][q]
            row[q] = {"answer": ans.text if ans else None, "gold": gold}
            if not gold:
                continue
            per_q[q]["answerable"] += 1
            if ans is None:
                continue
            per_q[q]["answered"] += 1
            per_q[q]["correct"] += int(any(matches(ans.text, g) for g in gold))
        rows.append(row)
    table = {}
    for q, c in per_q.items():
        table[q] = {**c,
                    "precision": c["correct"] / c["answered"] if c["answered"] else 0.0,
                    "answered_share": c["answered"] / c["answerable"] if c["answerable"] else 0.0}
    core = ("who", "what", "when", "where")
    def pooled(qs: tuple[str, ...]) -> float:
        ans = sum(per_q[q]["answered"] for q in qs)
        return sum(per_q[q]["correct"] for q in qs) / ans if ans else 0.0
    return {"articles": len(rows), "questions": table, "precision_4w": pooled(core),
            "precision_all": pooled(QUESTIONS), "rows": rows}


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
        typer.echo(f"who/what/when/where precision {res['precision_4w']:.3f}; "
                   f"all six {res['precision_all']:.3f} ({res['articles']} articles)")
