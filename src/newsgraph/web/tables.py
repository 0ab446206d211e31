"""CSV twins of the pages: every listing flattened to one row per item."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.responses import Response


def _cell(v: Any) -> Any:
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return v


def flat_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as they are, nested values as compact JSON cells."""
    return [{k: _cell(v) for k, v in r.items()} for r in items]


def _side(actors: list[dict[str, Any]], key: str) -> str:
    return "; ".join(str(a.get(key) or "") for a in actors)


def event_csv_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows for spreadsheets: one per event, actors joined by "; ", the corrections
    layer as a flag and a readable list, the cluster's outlets where the page has them."""
    rows = []
    for e in items:
        c = e.get("cluster") or {}
        rows.append({
            "id": e["id"], "date": e["date"], "date_precision": e["date_precision"],
            "cameo": e["cameo"], "root": e["root"], "quad_class": e["quad_class"],
            "goldstein": e["goldstein"], "plover_type": e.get("plover_type"),
            "modality": e["modality"], "trigger": e["trigger"],
            "source_names": _side(e["source"], "name"), "source_codes": _side(e["source"], "code"),
            "source_countries": _side(e["source"], "country"),
            "target_names": _side(e["target"], "name"), "target_codes": _side(e["target"], "code"),
            "target_countries": _side(e["target"], "country"),
            "directions": " ".join(e.get("directions", [])), "joint": e.get("joint"),
            "outlet": e.get("outlet"), "article_id": e["article_id"],
            "article_title": e.get("article_title"), "evidence_text": e.get("evidence_text"),
            "cluster_id": c.get("id"), "cluster_articles": c.get("n_articles"),
            "cluster_outlets": "; ".join(c.get("outlets", [])),
            "corrected": bool(e.get("corrected")), "rejected": bool(e.get("rejected")),
            "corrections": "; ".join(f"{n['field']}={n['value']} ({n['who']} {n['at']})"
                                     for n in e.get("corrections", []))})
    return rows


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    """``rows`` as a CSV download (columns from the first row's keys, then any others)."""
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(cols) or ["empty"], extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:80]
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{safe}.csv"'})
