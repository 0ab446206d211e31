"""``newsgraph eval events``: the event coder against the PLOVER gold standard records.

The gold file holds one hand-coded event per sentence (PLOVER 0.5b1 labels, relabelled to
PLOVER 2.0 here). The coder may emit several events per sentence; one of them is matched to
the gold record and the rest count as extra events.

Matching rule (documented because the metrics depend on it): among the predicted events of a
sentence, the first whose trigger shares a word with the gold ``(EVT: ..)`` markup is the
match; failing that, the most confident event (ties: the earliest). A sentence with no
prediction scores wrong on every metric.

Actor codes: the gold ``code`` of a source/target actor is a CAMEO country code (ISO
alpha-3 in almost all records) or ``IGO``. A predicted actor's code is its country (``IGO``
for international organisations). Source accuracy counts a record right when the matched
event's first source actor's code is one of the gold source codes; target likewise, over the
records whose gold has a target. Records coded as joint events (``SRC/TAR``) have no separate
target and are left out of the target denominator.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.eval._metrics import macro_f1, prf
from newsgraph.eval.splits import PARTS, part_of
from newsgraph.extract.confidence import calibration_table, format_calibration

DEFAULT_GOLD = Path("../shared/data/events/plover/PLOVER_GSR_CAMEO.dev.json")
DEFAULT_PETR = Path("../shared/data/events/petrarch2")

#: PLOVER 0.5b1 labels in the gold file -> PLOVER 2.0 (type, mode)
RELABEL: dict[str, tuple[str, str | None]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", None),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
#: legacy CAMEO country codes in the gold -> ISO alpha-3 used by newsgraph
LEGACY_CODES = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}
_EVT = re.compile(r"\(EVT:\s*([^)}]*)[)}]")


@dataclass(slots=True)
class GoldRecord:
    id: str
    text: str
    plover: str
    sources: list[str]
    targets: list[str]
    joint: bool
    evt_words: set[str]

    @property
    def part(self) -> str:
        """``tune`` or ``check`` by record id (``eval/splits.py``)."""
        return part_of(self.id)


@dataclass(slots=True)
class Outcome:
    gold: GoldRecord
    predicted: str | None = None
    cameo: str | None = None
    source: str | None = None
    target: str | None = None
    trigger: str | None = None
    n_events: int = 0
    modality: str | None = None
    confidence: float | None = None


@dataclass(slots=True)
class Report:
    n: int
    type_accuracy: float
    macro_f1: float
    source_accuracy: float
    target_accuracy: float
    n_source: int
    n_target: int
    extra_rate: float
    no_event_rate: float
    cameo_root_accuracy: float | None
    per_type: dict[str, dict[str, float]] = field(default_factory=dict)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)


def _codes(actors: Any) -> list[str]:
    if not actors or isinstance(actors, str):
        return []
    if isinstance(actors, dict):
        actors = [actors]
    out = []
    for a in actors:
        if isinstance(a, dict) and a.get("code"):
            code = str(a["code"]).upper()[:3]
            out.append(LEGACY_CODES.get(code, code))
    return out


def load_gold(path: Path) -> list[GoldRecord]:
    """Gold records with PLOVER 2.0 labels (the DOCUMENT record is skipped)."""
    records = []
    for r in json.loads(path.read_text("utf-8")):
        if r.get("event") == "DOCUMENT":
            continue
        info = r.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        words = {w.lower() for m in _EVT.finditer(markup) for w in re.findall(r"\w+", m[1])}
        plover = RELABEL.get(r["event"], (r["event"], None))[0]
        records.append(GoldRecord(r["id"], r["text"].strip(), plover, _codes(r.get("source")),
                                  _codes(r.get("target")), "SRC/TAR" in markup, words))
    return records


def _actor_code(m: Any) -> str:
    country = m.country or ""
    return "IGO" if country.startswith("IGO") else country


def code_records(records: list[GoldRecord]) -> list[Outcome]:
    """Run the full pipeline on each gold sentence and pick the matched event."""
    from newsgraph.pipeline import default_pipeline

    pipe = default_pipeline()
    outcomes = []
    docs = [pipe.text_doc(rec.text, rec.id, "2000-01-01") for rec in records]
    for rec, doc in zip(records, pipe.nlp.pipe(docs), strict=True):
        events = list(doc._.ng_events or [])
        out = Outcome(rec, n_events=len(events))
        if events:
            best = match_event(events, rec.evt_words)
            out.predicted = best.plover_type
            out.cameo = best.cameo
            out.trigger = best.trigger
            out.modality = best.modality
            out.confidence = best.confidence
            out.source = _actor_code(best.source[0]) if best.source else None
            out.target = _actor_code(best.target[0]) if best.target else None
        outcomes.append(out)
    return outcomes


def match_event(events: list[Any], evt_words: set[str]) -> Any:
    """The event whose trigger overlaps the gold markup, else the most confident."""
    for ev in events:
        if {w.lower() for w in re.findall(r"\w+", ev.trigger)} & evt_words:
            return ev
    return max(events, key=lambda e: (e.confidence, -e.trigger_start))


def score(outcomes: list[Outcome]) -> Report:
    """Headline metrics and a per-type table from matched outcomes."""
    n = len(outcomes)
    gold = [o.gold.plover for o in outcomes]
    pred = [o.predicted for o in outcomes]
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0
    with_src = [o for o in outcomes if o.gold.sources]
    src = sum(o.source in o.gold.sources for o in with_src) / len(with_src) if with_src else 0.0
    with_tar = [o for o in outcomes if o.gold.targets and not o.gold.joint]
    tar = sum(o.target in o.gold.targets for o in with_tar) / len(with_tar) if with_tar else 0.0
    extra = sum(max(0, o.n_events - 1) for o in outcomes) / n if n else 0.0
    none = sum(o.n_events == 0 for o in outcomes) / n if n else 0.0
    per_type: dict[str, dict[str, float]] = {}
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        p_, r_, f_ = prf(tp, fp, fn)
        per_type[label] = {"n": float(tp + fn), "precision": p_, "recall": r_, "f1": f_}
    conf = Counter((g, p or "-") for g, p in zip(gold, pred, strict=True) if g != p)
    return Report(n, acc, macro_f1(gold, pred), src, tar, len(with_src), len(with_tar), extra,
                  none, None, per_type, [(g, p, c) for (g, p), c in conf.most_common(15)])


def by_part(outcomes: list[Outcome]) -> dict[str, Report]:
    """Reports of the tune part, the check part and all records."""
    out: dict[str, Report] = {p: score([o for o in outcomes if o.gold.part == p])
                              for p in PARTS}
    out["all"] = score(outcomes)
    return out


#: headline figures of a PLOVER report, in print order
HEADLINE = (("records", "n"), ("PLOVER type accuracy", "type_accuracy"),
            ("PLOVER macro-F1", "macro_f1"), ("source code accuracy", "source_accuracy"),
            ("target code accuracy", "target_accuracy"), ("extra-event rate", "extra_rate"),
            ("no-event rate", "no_event_rate"))


def format_parts(parts: dict[str, Report]) -> str:
    """Tune / check / all headline figures side by side."""
    names = list(parts)
    lines = [f"{'':<24}" + "".join(f"{n:>9}" for n in names)]
    for label, attr in HEADLINE:
        cells = []
        for n in names:
            v = getattr(parts[n], attr)
            cells.append(f"{v:>9.3f}" if isinstance(v, float) else f"{v:>9}")
        lines.append(f"{label:<24}" + "".join(cells))
    return "\n".join(lines)


def calibration_pairs(outcomes: list[Outcome]) -> dict[str, list[tuple[float, bool]]]:
    """``(confidence, right type)`` of each record's matched event, by part."""
    out: dict[str, list[tuple[float, bool]]] = {"tune": [], "check": []}
    for o in outcomes:
        if o.confidence is not None:
            out[o.gold.part].append((o.confidence, o.predicted == o.gold.plover))
    return out


def register(app: typer.Typer) -> None:
    @app.command("events")
    def events_cmd(
        gold: Annotated[Path, typer.Option(help="PLOVER gold standard records (JSON).")]
        = DEFAULT_GOLD,
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
        = False,
        errors: Annotated[bool, typer.Option("--errors", help="List every record's coding.")]
        = False,
        petr: Annotated[bool, typer.Option(
            "--petr", help="Score the PETRARCH unit-test records instead (their actor and "
            "agent dictionaries loaded as user dictionaries).")] = False,
        petr_dir: Annotated[Path, typer.Option(help="Folder of the PETRARCH records and "
                                                    "dictionaries.")] = DEFAULT_PETR,
        part: Annotated[str, typer.Option(
            help="Which part --errors lists (tune, check or all). Errors are read on tune "
            "only; check is scored, never read for rules.")] = "tune",
    ) -> None:
        """PLOVER type accuracy/macro-F1, actor-code accuracy and extra-event rate; with a
        real-news folder as --gold, type precision/recall, strict precision and field
        accuracy on matched events, for the tune and check parts."""
        from dataclasses import asdict

        if gold.is_dir():
            _realnews(gold, as_json=as_json, errors=errors, part=part)
            return

        if petr:
            from newsgraph.eval._petr import evaluate as petr_evaluate

            if not (petr_dir / "PETR.UnitTest.records.xml").exists():
                raise typer.BadParameter(f"PETRARCH records not found in {petr_dir}")
            rows: list[str] = []
            res = petr_evaluate(petr_dir, rows=rows if errors else None)
            if errors:
                typer.echo("\n".join(rows) + "\n")
            if as_json:
                typer.echo(json.dumps(res, indent=2))
                return
            typer.echo(f"records                   {int(res['records'])}")
            typer.echo(f"expected codings          {int(res['codings'])}")
            typer.echo(f"matched (code+src+tgt)    {res['matched']:.3f}")
            typer.echo(f"CAMEO code matched        {res['code_matched']:.3f}")
            typer.echo(f"source+target matched     {res['actors_matched']:.3f}")
            typer.echo(f"extra events per record   {res['extra_per_record']:.3f}")
            return
        if not gold.exists():
            raise typer.BadParameter(f"gold file not found: {gold}")
        if part not in ("tune", "check", "all"):
            raise typer.BadParameter("--part must be tune, check or all")
        outcomes = code_records(load_gold(gold))
        parts = by_part(outcomes)
        report = parts["all"]
        if as_json:
            typer.echo(json.dumps({k: asdict(v) for k, v in parts.items()}, indent=2))
            return
        typer.echo(format_parts(parts))
        typer.echo("(CAMEO root accuracy: n/a, the gold records carry no CAMEO code; extra "
                   "events are those beyond one per record)")
        typer.echo("")
        typer.echo(f"{'type':<12}{'n':>4}{'P':>7}{'R':>7}{'F1':>7}")
        for label, m in report.per_type.items():
            typer.echo(f"{label:<12}{int(m['n']):>4}{m['precision']:>7.2f}{m['recall']:>7.2f}"
                       f"{m['f1']:>7.2f}")
        typer.echo("")
        typer.echo("most frequent confusions (gold -> predicted):")
        for g, p, c in report.confusions:
            typer.echo(f"  {g:<10} -> {p:<10} {c}")
        typer.echo("")
        typer.echo("calibration (matched event's confidence vs. share with the right type):")
        typer.echo(format_calibration(calibration_pairs(outcomes)))
        if errors:
            typer.echo("")
            for o in [o for o in outcomes if part == "all" or o.gold.part == part]:
                ok = "ok " if o.predicted == o.gold.plover else "XX "
                typer.echo(f"{ok}{o.gold.id[14:]:<18} {o.gold.plover:<9} {o.predicted or '-':<9} "
                           f"{o.cameo or '-':<5} {o.trigger or '-':<12} {o.modality or '-':<12}"
                           f"src={o.source}/{','.join(o.gold.sources)} "
                           f"tar={o.target}/{','.join(o.gold.targets)} n={o.n_events}")


def _realnews(folder: Path, *, as_json: bool, errors: bool, part: str) -> None:
    from newsgraph.eval import realnews

    if not (folder / "manifest.json").exists():
        raise typer.BadParameter(f"no manifest.json in {folder}")
    if part not in ("tune", "check", "all"):
        raise typer.BadParameter("--part must be tune, check or all")
    results = realnews.analyse(realnews.load(folder))
    parts = realnews.by_part(results)
    calib = realnews.calibration_pairs(results)
    if as_json:
        typer.echo(json.dumps({**parts, "calibration": {
            k: calibration_table(v) for k, v in calib.items()}}, indent=2))
    else:
        typer.echo(realnews.format_table(parts))
        typer.echo("\ncalibration (predicted confidence vs. observed type precision):")
        typer.echo(format_calibration(calib))
    if errors:
        chosen = [r for r in results if part == "all" or r.article.part == part]
        typer.echo("\n".join(realnews.error_lines(chosen)), err=as_json)
