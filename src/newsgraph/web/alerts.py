"""The alerts page: "new since you last looked".

What the visitor last saw is a cookie holding the highest alert id shown (the server stays
read-only): alerts above it are marked new, and the page moves the mark to the newest one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from newsgraph.api.routes import Q
from newsgraph.watch.alerts import list_alerts
from newsgraph.web import Format, render

router = APIRouter(include_in_schema=False)
COOKIE = "ng_alerts_seen"


@router.get("/alerts")
def alerts_page(request: Request, q: Q, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                watch: Annotated[str | None, Query(max_length=200)] = None,
                format: Format = "html") -> Response:
    raw = request.cookies.get(COOKIE, "0")
    seen = int(raw) if raw.isdigit() else 0
    items = list_alerts(q.conn, limit=limit, watch=watch or None)
    for a in items:
        a["new"] = a["id"] > seen
    data = {"items": items, "seen": seen, "new": sum(a["new"] for a in items)}
    resp = render(request, "alerts.html", data, format, "/api/alerts")
    if items and format == "html":
        resp.set_cookie(COOKIE, str(max(a["id"] for a in items)), max_age=365 * 86400,
                        httponly=True, samesite="lax")
    return resp
