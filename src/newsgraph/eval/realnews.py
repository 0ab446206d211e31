"""Real-news event gold: hand-coded event mentions of whole articles, scored by its README's rule.

The folder (``../shared/data/events/realnews``) holds ``manifest.json``, ``articles/<id>.txt``
and ``coded/<id>.json``. Each article is analysed as ``newsgraph ingest`` would analyse the
text file with its ``published`` date (the same cleaning and pipeline), and its events are
scored against the gold entries:

- a predicted event *lands on* a gold entry when its evidence text and the gold sentence
  overlap (one inside the other after folding whitespace and case, or >= 60% of the gold
  sentence's words inside the evidence) and the first word of the gold trigger occurs in the
  evidence;
- landed pairs with the same PLOVER type are matched one to one, greedily, article by article;
  type precision = matched predictions / predictions, type recall = matched gold / gold;
- on matched pairs: source/target country accuracy over gold sides with a country (right when
  one of the predicted side's actors has it, or its code starts with it), role accuracy over
  gold sides with a role, date exact / compatible over gold entries with a date, modality as
  asserted vs not (``reported`` counts as asserted);
- strict precision = matched predictions whose both sides' countries are right (a gold side
  without a country, or without an actor, cannot be wrong) / all predictions.

Articles are split into fixed tune and check parts by id (``eval/splits.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.eval._metrics import prf
from newsgraph.eval.splits import part_of
from newsgraph.records import ActorMention, Event

DEFAULT_REALNEWS = Path("../shared/data/events/realnews")
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(slots=True)
class GoldArticle:
    id: str
    published: str | None
    text: str
    entries: list[dict[str, Any]]

    @property
    def part(self) -> str:
        return part_of(self.id)


@dataclass(slots=True)
class Prediction:
    """One predicted event reduced to what the rule reads (evidence text and coded fields)."""

    evidence: str
    trigger: str
    plover: str | None
    cameo_root: str
    source: list[tuple[str | None, list[str]]]  # (country, roles) per actor
    target: list[tuple[str | None, list[str]]]
    date: str | None
    modality: str
    confidence: float
    date_precision: str = ""  # how the date was found (for the DATE error lines)
    date_text: str | None = None

    @classmethod
    def of(cls, event: Event, text: str) -> Prediction:
        def side(actors: list[ActorMention]) -> list[tuple[str | None, list[str]]]:
            return [(a.country, list(a.roles)) for a in actors]

        return cls(text[event.evidence.start:event.evidence.end], event.trigger,
                   event.plover_type, event.root, side(event.source), side(event.target),
                   event.date, event.modality, event.confidence,
                   event.date_precision, event.date_text)


@dataclass(slots=True)
class ArticleResult:
    article: GoldArticle
    predictions: list[Prediction]
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (prediction, gold entry)


def load(folder: Path) -> list[GoldArticle]:
    """The gold articles of a real-news folder, in manifest order."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    out = []
    for item in manifest:
        aid = item["id"]
        coded = json.loads((folder / "coded" / f"{aid}.json").read_text("utf-8"))
        text = (folder / "articles" / f"{aid}.txt").read_text("utf-8")
        out.append(GoldArticle(aid, item.get("published"), text, list(coded.get("events", []))))
    return out


def lands(evidence: str, entry: dict[str, Any]) -> bool:
    """The README's landing rule: overlapping sentence and the trigger's first word inside."""
    trig = _words(entry.get("trigger") or "")
    ev_words = _words(evidence)
    if trig and trig[0] not in ev_words:
        return False
    ev, gold = _fold(evidence), _fold(entry.get("sentence") or "")
    if not ev or not gold:
        return False
    if ev in gold or gold in ev:
        return True
    gw = _words(gold)
    if not gw:
        return False
    inside = set(ev_words)
    return sum(w in inside for w in gw) / len(gw) >= 0.6


def match(predictions: list[Prediction], entries: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of landed same-type pairs, in text order of predictions."""
    used: set[int] = set()
    pairs = []
    for i, p in enumerate(predictions):
        for j, g in enumerate(entries):
            if j in used or g.get("plover") != p.plover:
                continue
            if lands(p.evidence, g):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def _country_ok(side: list[tuple[str | None, list[str]]], gold: dict[str, Any] | None) -> bool:
    if not gold or not gold.get("country"):
        return True
    want = str(gold["country"])
    for country, roles in side:
        code = (country or "") + (roles[0] if roles else "")
        if country == want or code.startswith(want):
            return True
    return False


def _role_ok(side: list[tuple[str | None, list[str]]], gold: dict[str, Any]) -> bool:
    return any(gold["role"] in roles for _, roles in side)


def _asserted(modality: str | None) -> bool:
    return modality in ("asserted", "reported")


def analyse(articles: list[GoldArticle]) -> list[ArticleResult]:
    """Analyse every article as ingest would (text file + published date) and match."""
    from newsgraph.pipeline import analyze, default_pipeline

    pipe = default_pipeline()
    results = []
    for art in articles:
        analysis = analyze(art.text, art.published, pipeline=pipe)
        preds = [Prediction.of(e, analysis.article.text) for e in analysis.events]
        results.append(ArticleResult(art, preds, match(preds, art.entries)))
    return results


def _ratio(ok: int, n: int) -> float | None:
    return ok / n if n else None


def score(results: list[ArticleResult]) -> dict[str, Any]:
    """The README's figures over a set of article results."""
    n_pred = sum(len(r.predictions) for r in results)
    n_gold = sum(len(r.article.entries) for r in results)
    n_match = sum(len(r.pairs) for r in results)
    counts = {k: [0, 0] for k in ("source_country", "target_country", "source_role",
                                   "target_role", "date_exact", "date_compatible", "modality")}
    strict = 0

    def tally(key: str, ok: bool) -> None:
        counts[key][0] += ok
        counts[key][1] += 1

    for r in results:
        for i, j in r.pairs:
            p, g = r.predictions[i], r.article.entries[j]
            src_ok = _country_ok(p.source, g.get("source"))
            tar_ok = _country_ok(p.target, g.get("target"))
            strict += src_ok and tar_ok
            for side, got in (("source", p.source), ("target", p.target)):
                gs = g.get(side)
                if gs and gs.get("country"):
                    tally(f"{side}_country", _country_ok(got, gs))
                if gs and gs.get("role"):
                    tally(f"{side}_role", _role_ok(got, gs))
            if g.get("date"):
                tally("date_exact", p.date == g["date"])
                pd = p.date or ""
                tally("date_compatible", bool(pd) and (pd.startswith(g["date"])
                                                       or g["date"].startswith(pd)))
            tally("modality", _asserted(p.modality) == _asserted(g.get("modality")))
    precision, recall, f1 = prf(n_match, n_pred - n_match, n_gold - n_match)
    out: dict[str, Any] = {
        "articles": len(results), "gold": n_gold, "predicted": n_pred, "matched": n_match,
        "type_precision": precision, "type_recall": recall, "type_f1": f1,
        "strict_precision": strict / n_pred if n_pred else 0.0,
    }
    for key, (ok, n) in counts.items():
        out[key] = _ratio(ok, n)
        out[f"n_{key}"] = n
    return out


def by_part(results: list[ArticleResult]) -> dict[str, dict[str, Any]]:
    """Scores of the tune part, the check part and all articles."""
    return {"tune": score([r for r in results if r.article.part == "tune"]),
            "check": score([r for r in results if r.article.part == "check"]),
            "all": score(results)}


def calibration_pairs(results: list[ArticleResult]) -> dict[str, list[tuple[float, bool]]]:
    """``(confidence, matched)`` of every prediction, by part: the calibration table's data."""
    out: dict[str, list[tuple[float, bool]]] = {"tune": [], "check": []}
    for r in results:
        matched = {i for i, _ in r.pairs}
        out[r.article.part].extend((p.confidence, i in matched)
                                   for i, p in enumerate(r.predictions))
    return out


FIGURES = ("type_precision", "type_recall", "type_f1", "strict_precision", "source_country",
           "target_country", "source_role", "target_role", "date_exact", "date_compatible",
           "modality")


def format_table(parts: dict[str, dict[str, Any]]) -> str:
    """Tune / check / all side by side."""
    names = list(parts)
    lines = [f"{'':<20}" + "".join(f"{n:>9}" for n in names)]
    for key in ("articles", "gold", "predicted", "matched"):
        lines.append(f"{key:<20}" + "".join(f"{parts[n][key]:>9}" for n in names))
    for key in FIGURES:
        cells = []
        for n in names:
            v = parts[n].get(key)
            cells.append(f"{v:>9.3f}" if isinstance(v, float) else f"{'-':>9}")
        lines.append(f"{key:<20}" + "".join(cells))
    return "\n".join(lines)


def _side(side: list[tuple[str | None, list[str]]]) -> str:
    return ",".join((c or "") + (r[0] if r else "") or "?" for c, r in side) or "-"


def _gold_side(g: dict[str, Any] | None) -> str:
    if not g:
        return "-"
    return f"{g.get('text')}[{g.get('country') or ''}{g.get('role') or ''}]"


def _date_line(p: Prediction, g: dict[str, Any]) -> str | None:
    """A ``DATE`` line for a matched pair whose date is not the gold's (None when it is).

    A gold entry without a date (basis ``unknown``) is listed only when the prediction gives
    one: it is not scored, but a precise date there was invented.
    """
    if p.date == g.get("date") or (not g.get("date") and p.date_precision == "publication"):
        return None
    return (f"  DATE {g.get('plover'):<9} {p.trigger!r}: gold {g.get('date')} "
            f"[{g.get('date_basis')}] vs {p.date} [{p.date_precision}] "
            f"from {p.date_text!r} | {(g.get('sentence') or '')[:120]}")


def error_lines(results: list[ArticleResult]) -> list[str]:
    """Every miss: unmatched gold entries and unmatched predictions, article by article,
    plus matched pairs with a wrong side country (``ACT``) or a date not exactly the gold's
    (``DATE``: gold date and basis vs predicted date, how it was found and its timex text)."""
    lines = []
    for r in results:
        matched_p = {i for i, _ in r.pairs}
        matched_g = {j for _, j in r.pairs}
        lines.append(f"== {r.article.id} ({r.article.part}) gold={len(r.article.entries)} "
                     f"pred={len(r.predictions)} matched={len(r.pairs)}")
        for i, j in r.pairs:
            p, g = r.predictions[i], r.article.entries[j]
            if not (_country_ok(p.source, g.get("source"))
                    and _country_ok(p.target, g.get("target"))):
                lines.append(f"  ACT  {g['plover']:<9} {p.trigger!r}: src {_side(p.source)} vs "
                             f"{_gold_side(g.get('source'))}; tar {_side(p.target)} vs "
                             f"{_gold_side(g.get('target'))}")
            line = _date_line(p, g)
            if line:
                lines.append(line)
        for j, g in enumerate(r.article.entries):
            if j not in matched_g:
                lines.append(f"  MISS {g.get('plover'):<9} {g.get('trigger')!r} "
                             f"{_gold_side(g.get('source'))} -> {_gold_side(g.get('target'))} "
                             f"| {g.get('sentence', '')[:140]}")
        for i, p in enumerate(r.predictions):
            if i not in matched_p:
                landed = [g.get("plover") for g in r.article.entries if lands(p.evidence, g)]
                lines.append(f"  XTRA {p.plover or '-':<9} {p.cameo_root} {p.trigger!r} "
                             f"{_side(p.source)} -> {_side(p.target)} conf={p.confidence:.2f}"
                             f" landed-gold={landed or '-'} | {p.evidence[:140]}")
    return lines
