"""REST endpoints of the watcher: ``/api/watch/status``, ``/api/alerts`` (JSON) and
``/api/alerts.atom`` (an Atom feed a feed reader can follow). Read-only: ``serve`` reads the
store the watcher writes (WAL readers never block the one writer)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from newsgraph.api.routes import Q
from newsgraph.watch.alerts import atom_feed, list_alerts
from newsgraph.watch.state import status

router = APIRouter(prefix="/api", tags=["watch"])


@router.get("/watch/status", summary="The watcher's last round and every feed's state")
def watch_status(q: Q) -> dict[str, Any]:
    return status(q.conn)


@router.get("/alerts", summary="Alerts, newest first, with their clusters and evidence")
def alerts(q: Q, since: Annotated[int, Query(ge=0, description="Only alerts above this id.")]
           = 0, limit: Annotated[int, Query(ge=1, le=500)] = 50,
           watch: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    items = list_alerts(q.conn, since=since, limit=limit, watch=watch or None)
    return {"items": items, "count": len(items), "since": since}


@router.get("/alerts.atom", summary="The latest alerts as an Atom feed",
            response_class=Response)
def alerts_atom(request: Request, q: Q) -> Response:
    base = str(request.base_url).rstrip("/")
    return Response(atom_feed(q.conn, base), media_type="application/atom+xml")
