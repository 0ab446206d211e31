"""``newsgraph eval actors``: actor country, sector and code accuracy on PLOVER gold records.

Each PLOVER gold record gives a sentence and its source/target actors as ``actorText``,
``code`` and ``sector``. For every gold actor we locate its text in the sentence, run our actor
component on the sentence alone and take the mention that overlaps the located span most.

How the gold codes are formed, and the rule we map our output to:

- ``code`` is a country (ISO alpha-3) or a class: ``IGO`` (intergovernmental body, the United
  Nations, the European Community, the Arab League ...), ``NGO``, ``IMG`` (international
  militarised group). Our IGO mentions carry country ``IGO``/``NGO`` already; a few gold codes
  are legacy spellings of ISO codes (``ITL``, ``JAP``, ``VTN``) and are read as ``ITA``,
  ``JPN``, ``VNM``.
- ``sector`` is the role of the actor within that country or body: ``GOV``, ``MIL``, ``REB``
  ... optionally followed by a lower-case ethnic or religious qualifier (``MILsrp``,
  ``CVLkur``) which we drop. ``None`` means the actor is the state or body itself
  (``United States`` -> ``USA``): our mention must then carry no sector role. ``***`` means the
  coder left the sector undecided: such actors count for country accuracy only. ``CIV`` is
  read as ``CVL`` and ``JRN`` (journalists) as our ``MED``. PLOVER 0.5b1 has no ``INS``:
  its coders code insurgents and militant groups ``REB``, so our ``INS`` reads as ``REB``.
- For an IGO, the sector is the role inside it: ``U.N. Security Council`` -> ``IGO`` + ``GOV``,
  ``UN peacekeepers`` -> ``IGO`` + ``MIL``, the ``United Nations`` alone -> ``IGO``. Our IGO
  mentions keep the body's own identifier first in ``roles`` (``UNO``); the sector is the
  first role that is a sector code.
- Full code = mapped country + sector (empty when ``None``), compared as strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.annotate.actor_resolve import implied_role
from newsgraph.eval.splits import PARTS, part_of
from newsgraph.records import ActorMention

DEFAULT_GOLD = Path("../shared/data/events/plover/PLOVER_GSR_CAMEO.dev.json")

#: role codes that name a sector (an IGO's own identifier such as ``UNO`` is not one)
SECTORS = frozenset({
    "GOV", "MIL", "COP", "JUD", "LEG", "DIP", "BUS", "MED", "EDU", "CVL", "OPP", "REB", "IGO",
    "NGO", "REF", "SPY", "LAB", "AGR", "CRM", "PTY", "ELI", "UAF", "REL", "HLH", "HRI", "INS",
})
_GOLD_COUNTRY = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}
_GOLD_SECTOR = {"CIV": "CVL", "JRN": "MED"}
#: our codebook's sectors that PLOVER 0.5b1 lacks, read as the one its coders use:
#: insurgents and militant groups (the Taliban, Hamas) are ``REB`` there
_OUR_SECTOR = {"INS": "REB"}


@dataclass(slots=True)
class ActorCase:
    """One gold actor and what we resolved it to."""

    record: str
    text: str
    gold_country: str
    gold_sector: str | None  # "" = the state or body itself; None = undecided (***)
    pred_country: str | None
    pred_sector: str
    pred_text: str | None

    @property
    def country_ok(self) -> bool:
        return self.gold_country == self.pred_country

    @property
    def sector_ok(self) -> bool:
        return self.gold_sector == self.pred_sector

    @property
    def code_ok(self) -> bool:
        return self.country_ok and self.sector_ok


def gold_country(code: str) -> str:
    """The gold ``code`` as a country or class code we can compare against."""
    code = code.strip().upper()[:3]
    return _GOLD_COUNTRY.get(code, code)


def gold_sector(sector: str | None) -> str | None:
    """``MILsrp`` -> ``MIL``; ``None`` -> ``""`` (the state itself); ``***`` -> None."""
    if sector is None or not sector.strip():
        return ""
    if sector.startswith("*"):
        return None
    head = sector[:3].upper()
    return _GOLD_SECTOR.get(head, head)


def our_country(m: ActorMention | None) -> str | None:
    """Our mention's country in the gold convention (IGO/NGO classes collapse)."""
    if m is None or not m.country:
        return None
    for cls in ("IGO", "NGO", "IMG"):
        if m.country.startswith(cls):
            return cls
    return m.country


def our_sector(m: ActorMention | None) -> str:
    """The first role of our mention that is a sector code ("" when none)."""
    if m is None or implied_role(m):
        return ""  # a state or body named as itself: its role is implied (PLOVER: none)
    got = next((r for r in m.roles if r in SECTORS), "")
    return _OUR_SECTOR.get(got, got)


def locate(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """Character span of ``actor_text`` in the sentence; ``A ... B`` spans from A to B."""
    parts = [p.strip() for p in actor_text.split("...") if p.strip()]
    if not parts:
        return None
    whole = _locate_parts(sentence, parts)
    if whole is None and len(parts) == 1 and len(parts[0].split()) > 1:
        # words the coder joined that are apart in the sentence ("French [and Egyptian]
        # warships"): anchor on the first word, which carries the country
        return _locate_parts(sentence, parts[0].split()[:1])
    if whole is None and len(parts) == 1:
        word = parts[0]
        if "-" in word:  # "Greek-Cypriot" for "the Turkish and Greek sides"
            whole = _locate_parts(sentence, [word.split("-", 1)[0]])
        if whole is None:  # the coder's spelling differs from the text's ("Ghanians")
            whole = _near_word(sentence, word)
    return whole


def _near_word(sentence: str, word: str) -> tuple[int, int] | None:
    """The span of the sentence word closest to ``word`` when it is a near spelling of it
    (same first letter, similarity >= 0.85), else None."""
    from difflib import SequenceMatcher

    best: tuple[float, int, int] | None = None
    for m in re.finditer(r"[\w'-]+", sentence):
        if m.group()[:1].lower() != word[:1].lower():
            continue
        ratio = SequenceMatcher(None, m.group().lower(), word.lower()).ratio()
        if ratio >= 0.85 and (best is None or ratio > best[0]):
            best = (ratio, m.start(), m.end())
    return (best[1], best[2]) if best else None


def _locate_parts(sentence: str, parts: list[str]) -> tuple[int, int] | None:
    """Span from the first part to the last, each found after the previous one."""
    start = end = -1
    pos = 0
    for k, part in enumerate(parts):
        pattern = r"\s+".join(re.escape(w) for w in part.split())
        m = re.compile(pattern).search(sentence, pos) or \
            re.compile(pattern, re.IGNORECASE).search(sentence, pos)
        if m is None:
            return None
        if k == 0:
            start = m.start()
        end = m.end()
        pos = m.end()
    return start, end


def best_mention(mentions: list[ActorMention], span: tuple[int, int]) -> ActorMention | None:
    """The mention overlapping ``span`` most (ties: the one closest in length)."""
    s, e = span
    best: tuple[int, int] | None = None
    choice: ActorMention | None = None
    for m in mentions:
        overlap = min(e, m.end) - max(s, m.start)
        if overlap <= 0:
            continue
        key = (overlap, -abs((m.end - m.start) - (e - s)))
        if best is None or key > best:
            best, choice = key, m
    return choice


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Records with a sentence and at least one source or target actor."""
    data = json.loads(path.read_text("utf-8"))
    out = []
    for r in data:
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        actors = [a for k in ("source", "target") if isinstance(r.get(k), list)
                  for a in r[k] if isinstance(a, dict) and a.get("actorText")]
        if actors:
            out.append({"id": r["id"], "text": r["text"], "actors": actors})
    return out


def evaluate(path: Path = DEFAULT_GOLD) -> tuple[dict[str, Any], list[ActorCase]]:
    """Run the actor component over every gold sentence and score each gold actor."""
    from newsgraph.nlp import load_pipeline

    nlp = load_pipeline()
    keep = {"newsgraph_actors"}
    disable = [n for n in nlp.pipe_names if n.startswith("newsgraph_") and n not in keep]
    records = load_gold(path)
    cases: list[ActorCase] = []
    docs = nlp.pipe([r["text"] for r in records], disable=disable)
    for r, doc in zip(records, docs, strict=True):
        mentions: list[ActorMention] = list(doc._.ng_actors or [])
        for a in r["actors"]:
            span = locate(r["text"], a["actorText"])
            if span and "..." in a["actorText"]:
                # "U.S. ... negotiators": the actor is named by its first part
                first = locate(r["text"], a["actorText"].split("...")[0])
                span = first or span
            m = best_mention(mentions, span) if span else None
            cases.append(ActorCase(r["id"], a["actorText"], gold_country(str(a.get("code", ""))),
                                   gold_sector(a.get("sector")), our_country(m), our_sector(m),
                                   m.text if m else None))
    return summarise(cases), cases


def summarise(cases: list[ActorCase]) -> dict[str, Any]:
    """Counts and accuracies over a set of gold actors."""
    judged = [c for c in cases if c.gold_sector is not None]
    n = len(cases)
    return {
        "actors": n,
        "sector_judged": len(judged),
        "resolved": sum(1 for c in cases if c.pred_country is not None),
        "country_accuracy": sum(c.country_ok for c in cases) / n if n else 0.0,
        "sector_accuracy": sum(c.sector_ok for c in judged) / len(judged) if judged else 0.0,
        "code_accuracy": sum(c.code_ok for c in judged) / len(judged) if judged else 0.0,
    }


def by_part(cases: list[ActorCase]) -> dict[str, dict[str, Any]]:
    """Figures of the tune part, the check part and all records (parts by record id)."""
    out: dict[str, dict[str, Any]] = {
        p: summarise([c for c in cases if part_of(c.record) == p]) for p in PARTS}
    out["all"] = summarise(cases)
    return out


def register(app: typer.Typer) -> None:
    """Add ``eval actors`` to the eval command group."""

    @app.command("actors")
    def actors_cmd(
        gold: Annotated[Path, typer.Option(
            help="PLOVER gold records (JSON list), or a real-news gold folder.")] =
        DEFAULT_GOLD,
        as_json: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
        errors: Annotated[bool, typer.Option("--errors", help="List what we got wrong.")] =
        False,
        part: Annotated[str, typer.Option(
            help="Part whose errors --errors lists: tune (default), check or all.")] = "tune",
    ) -> None:
        """Actor country, sector and code accuracy per tune/check part: PLOVER records'
        actors, or (``--gold <realnews folder>``) matched real-news events and gold mentions."""
        if not gold.exists():
            raise typer.BadParameter(f"gold not found: {gold}")
        if part not in (*PARTS, "all"):
            raise typer.BadParameter("part must be tune, check or all")
        if gold.is_dir():
            _realnews(gold, as_json=as_json, errors=errors, part=part)
            return
        _, cases = evaluate(gold)
        parts = by_part(cases)
        wrong = [c for c in cases if not c.code_ok and (part == "all"
                                                        or part_of(c.record) == part)]
        if as_json:
            out: dict[str, Any] = dict(parts)
            if errors:
                out["errors"] = [_case_dict(c) for c in wrong]
            typer.echo(json.dumps(out, indent=2))
            return
        names = list(parts)
        typer.echo(f"Actors on {gold.name}")
        typer.echo(f"{'':<20}" + "".join(f"{n:>9}" for n in names))
        for key in parts["all"]:
            cells = [parts[n][key] for n in names]
            typer.echo(f"{key:<20}" + "".join(
                f"{v:>9.3f}" if isinstance(v, float) else f"{v:>9}" for v in cells))
        if errors:
            typer.echo(f"errors ({part} part): record | gold text | gold | ours | our text")
            for c in wrong:
                typer.echo(f"{c.record} | {c.text} | {c.gold_country}/{c.gold_sector} | "
                           f"{c.pred_country}/{c.pred_sector} | {c.pred_text or '-'}")


def _realnews(folder: Path, *, as_json: bool, errors: bool, part: str) -> None:
    from newsgraph.eval.actors_realnews import (
        EVENT_FIGURES,
        error_lines,
        evaluate_realnews,
        format_report,
    )

    events, mentions, cases = evaluate_realnews(folder)
    if as_json:
        out: dict[str, Any] = {
            "events": {p: {k: v.get(k) for k in EVENT_FIGURES} for p, v in events.items()},
            "mentions": mentions}
        if errors:
            out["errors"] = error_lines(cases, part)
        typer.echo(json.dumps(out, indent=2))
        return
    typer.echo(format_report(events, mentions))
    if errors:
        typer.echo(f"mention errors ({part} part):")
        for line in error_lines(cases, part):
            typer.echo("  " + line)


def _case_dict(c: object) -> dict[str, Any]:
    if isinstance(c, ActorCase):
        return {"record": c.record, "text": c.text, "gold_country": c.gold_country,
                "gold_sector": c.gold_sector, "pred_country": c.pred_country,
                "pred_sector": c.pred_sector, "pred_text": c.pred_text}
    raise TypeError(type(c).__name__)
