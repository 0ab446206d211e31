"""``newsgraph eval timex``: TIMEX3 normalisation against TimeBank gold values.

The gold file (clulab/timenorm's TimeBank export) holds one block per document, blank-line
separated; each line is ``text<TAB>type<TAB>value`` and a block's first line is the document
creation time, the anchor of that document's relative expressions. No sentence context is
given, so every expression is normalised with tense unknown (the context-free reading). The
anchor lines themselves are not scored. Besides value and type accuracy the report gives the
share of expressions our finder would find at all (a found span covers the gold text).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.extract.timex import find_timexes, normalise


@dataclass(slots=True)
class GoldTimex:
    """One gold expression with the anchor of its document."""

    dct: dt.date
    text: str
    type: str
    value: str


def read_gold(path: Path) -> list[GoldTimex]:
    """Read the blocks; the first line of each is the anchor and is not itself an item."""
    items: list[GoldTimex] = []
    dct: dt.date | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not line.strip():
            dct = None
            continue
        if dct is None:
            dct = dt.date.fromisoformat(parts[2][:10])
            continue
        items.append(GoldTimex(dct, parts[0], parts[1], parts[2]))
    return items


def evaluate(items: list[GoldTimex], sample: int = 25) -> dict[str, Any]:
    """Value/type accuracy overall, on DATE, per gold type; finder coverage; error sample."""
    per_type: Counter[str] = Counter()
    per_type_ok: Counter[str] = Counter()
    value_ok = type_ok = found = 0
    confusion: Counter[tuple[str, str, str, str]] = Counter()
    for item in items:
        norm = normalise(item.text, item.dct)
        value = norm.value if norm else None
        ttype = norm.type if norm else None
        per_type[item.type] += 1
        if value == item.value:
            value_ok += 1
            per_type_ok[item.type] += 1
        else:
            confusion[(item.type, item.text.lower(), item.value, str(value))] += 1
        type_ok += ttype == item.type
        text = item.text.strip()
        spans = find_timexes(text, item.dct)
        found += any(t.start == 0 and t.end >= len(text) for t in spans)
    n = len(items) or 1
    return {
        "expressions": len(items),
        "value_accuracy": value_ok / n,
        "date_value_accuracy": per_type_ok["DATE"] / (per_type["DATE"] or 1),
        "type_accuracy": type_ok / n,
        "finder_coverage": found / n,
        "per_type": {t: {"n": per_type[t], "value_accuracy": per_type_ok[t] / per_type[t]}
                     for t in sorted(per_type)},
        "confusions": [{"type": k[0], "text": k[1], "gold": k[2], "ours": k[3], "count": c}
                       for k, c in confusion.most_common(sample)],
    }


def register(app: typer.Typer) -> None:
    """Add ``eval timex`` to the eval command group."""

    @app.command("timex")
    def timex_cmd(
        gold: Annotated[Path, typer.Option(
            exists=True, dir_okay=False, help="TimeBank timenorm TSV (one block per document).")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
        sample: Annotated[int, typer.Option(help="How many confusions to list.")] = 25,
    ) -> None:
        """Normalise every gold expression against its document date and score the values."""
        report = evaluate(read_gold(gold), sample)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        typer.echo(f"expressions          {report['expressions']}")
        for key in ("value_accuracy", "date_value_accuracy", "type_accuracy",
                    "finder_coverage"):
            typer.echo(f"{key:<20} {report[key]:.3f}")
        typer.echo("\ntype       n     value acc")
        for t, row in report["per_type"].items():
            typer.echo(f"{t:<10} {row['n']:<5} {row['value_accuracy']:.3f}")
        typer.echo("\nconfusions (count, type, text, gold -> ours)")
        for c in report["confusions"]:
            typer.echo(f"{c['count']:>3}  {c['type']:<8} {c['text']!r}: {c['gold']} -> "
                       f"{c['ours']}")
