"""Actor accuracy on the real-news gold: on matched events, and mention by mention.

Two measures, each per fixed part (tune / check / all, ``eval/splits.py``):

- **matched events**: the real-news README's rule (``eval/realnews.py``): source/target
  country and role accuracy on predicted events matched to gold entries. It depends on event
  coding: an actor we resolve well but whose event we miss is not counted.
- **mentions**: independent of event coding. Every gold side (``source``/``target`` with a
  ``text``) is located in its sentence in the cleaned article; the actor mention of ours that
  overlaps it most is compared with the gold ``country`` and ``role``. A gold side whose text
  is not in its sentence (a pronoun the coder resolved to a name) is counted as
  ``unlocated``; a located side with no overlapping mention of ours counts as wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.eval.realnews import (
    ArticleResult,
    GoldArticle,
    Prediction,
    by_part,
    load,
    match,
)
from newsgraph.eval.splits import PARTS
from newsgraph.records import ActorMention

#: the figures of the matched-event measure this command reports
EVENT_FIGURES = ("matched", "source_country", "target_country", "source_role", "target_role")


@dataclass(slots=True)
class MentionCase:
    """One gold side located in its article and the mention of ours found there."""

    article: str
    part: str
    side: str  # source / target
    text: str
    gold_country: str | None
    gold_role: str | None
    located: bool
    pred_text: str | None = None
    pred_country: str | None = None
    pred_roles: tuple[str, ...] = ()
    pred_via: str = ""

    @property
    def country_ok(self) -> bool:
        return self.pred_country == self.gold_country or (
            self.gold_country is not None and (self.pred_country or "").startswith(
                self.gold_country))

    @property
    def role_ok(self) -> bool:
        return self.gold_role in self.pred_roles


def _sentence_span(text: str, sentence: str, hint: int = 0) -> tuple[int, int] | None:
    """Where the gold sentence lies in the cleaned article (whitespace may differ)."""
    at = text.find(sentence, hint)
    if at < 0:
        at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    words = sentence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _locate(text: str, lo: int, hi: int, actor: str) -> tuple[int, int] | None:
    words = actor.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, lo, hi) or \
        re.compile(pattern, re.IGNORECASE).search(text, lo, hi)
    return (m.start(), m.end()) if m else None


def best_overlap(mentions: list[ActorMention], span: tuple[int, int]) -> ActorMention | None:
    """The mention overlapping ``span`` most; ties go to the one closest in length, then
    to the one with a country (a ``+member`` copy over the same words is no better)."""
    s, e = span
    best: tuple[int, int, int] | None = None
    choice: ActorMention | None = None
    for m in mentions:
        overlap = min(e, m.end) - max(s, m.start)
        if overlap <= 0:
            continue
        key = (overlap, -abs((m.end - m.start) - (e - s)), bool(m.country))
        if best is None or key > best:
            best, choice = key, m
    return choice


def mention_cases(art: GoldArticle, text: str, mentions: list[ActorMention]
                  ) -> list[MentionCase]:
    """Every gold side of the article compared with the mention of ours at its words."""
    out: list[MentionCase] = []
    for entry in art.entries:
        sent = _sentence_span(text, entry.get("sentence") or "")
        for side in ("source", "target"):
            gold = entry.get(side)
            if not isinstance(gold, dict) or not gold.get("text"):
                continue
            if not gold.get("country") and not gold.get("role"):
                continue
            case = MentionCase(art.id, art.part, side, str(gold["text"]),
                               gold.get("country"), gold.get("role"), False)
            span = _locate(text, *sent, case.text) if sent else None
            if span is not None:
                case.located = True
                m = best_overlap(mentions, span)
                if m is not None:
                    case.pred_text, case.pred_country = m.text, m.country
                    case.pred_roles, case.pred_via = tuple(m.roles), m.via
            out.append(case)
    return out


def score_mentions(cases: list[MentionCase]) -> dict[str, Any]:
    """Country and role accuracy over located gold sides that carry them."""
    located = [c for c in cases if c.located]
    with_country = [c for c in located if c.gold_country]
    with_role = [c for c in located if c.gold_role]
    return {
        "sides": len(cases), "located": len(located),
        "found": sum(c.pred_text is not None for c in located),
        "n_country": len(with_country), "n_role": len(with_role),
        "country": sum(c.country_ok for c in with_country) / len(with_country)
        if with_country else None,
        "role": sum(c.role_ok for c in with_role) / len(with_role) if with_role else None,
        "both": sum(c.country_ok and c.role_ok for c in located
                    if c.gold_country and c.gold_role) /
        max(1, sum(1 for c in located if c.gold_country and c.gold_role)),
    }


def evaluate_realnews(folder: Path) -> tuple[dict[str, dict[str, Any]],
                                             dict[str, dict[str, Any]], list[MentionCase]]:
    """Analyse every article once; matched-event figures and mention figures per part."""
    from newsgraph.pipeline import analyze, default_pipeline

    pipe = default_pipeline()
    results: list[ArticleResult] = []
    cases: list[MentionCase] = []
    for art in load(folder):
        analysis = analyze(art.text, art.published, pipeline=pipe)
        text = analysis.article.text
        preds = [Prediction.of(e, text) for e in analysis.events]
        results.append(ArticleResult(art, preds, match(preds, art.entries)))
        cases.extend(mention_cases(art, text, analysis.actors))
    events = by_part(results)
    mentions: dict[str, dict[str, Any]] = {
        p: score_mentions([c for c in cases if c.part == p]) for p in PARTS}
    mentions["all"] = score_mentions(cases)
    return events, mentions, cases


def format_report(events: dict[str, dict[str, Any]],
                  mentions: dict[str, dict[str, Any]]) -> str:
    """Both measures, tune / check / all side by side."""
    names = list(events)

    def row(label: str, vals: list[Any]) -> str:
        cells = [f"{v:>9.3f}" if isinstance(v, float) else f"{v if v is not None else '-':>9}"
                 for v in vals]
        return f"{label:<22}" + "".join(cells)

    lines = [f"{'matched events':<22}" + "".join(f"{n:>9}" for n in names)]
    for key in EVENT_FIGURES:
        lines.append(row(key, [events[n].get(key) for n in names]))
    lines.append(f"{'mentions':<22}" + "".join(f"{n:>9}" for n in names))
    for key in ("sides", "located", "found", "n_country", "country", "n_role", "role", "both"):
        lines.append(row(key, [mentions[n].get(key) for n in names]))
    return "\n".join(lines)


def error_lines(cases: list[MentionCase], part: str = "tune") -> list[str]:
    """Located gold sides we got wrong, in the given part only (errors are read on tune)."""
    out = []
    for c in cases:
        if c.part != part and part != "all" or not c.located:
            continue
        c_ok = not c.gold_country or c.country_ok
        r_ok = not c.gold_role or c.role_ok
        if c_ok and r_ok:
            continue
        ours = f"{c.pred_country or ''}{'/'.join(c.pred_roles)}" if c.pred_text else "-"
        out.append(f"{c.article} {c.side:<6} {c.text!r} gold={c.gold_country or ''}"
                   f"{c.gold_role or ''} ours={ours} {c.pred_text!r} via={c.pred_via}")
    return out
