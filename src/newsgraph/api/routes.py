"""JSON endpoints under ``/api``: paginated, filterable, read-only except ``/api/ingest``."""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from newsgraph.store.queries import MAX_LIMIT, MAX_OFFSET, EventFilter, Queries, parse_bbox

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                description="Rows to skip (deeper: use a cursor).")]
Short = Annotated[str | None, Query(max_length=200)]
Granularity = Literal["auto", "day", "week", "month", "year"]
ModalityT = Literal["asserted", "negated", "reported", "hypothetical", "conditional",
                    "future", "refused"]


def queries(request: Request) -> Queries:
    """The calling thread's read-only view of the store."""
    q: Queries = request.app.state.readers.get()
    return q


Q = Annotated[Queries, Depends(queries)]


def event_filter(
    actor: Annotated[str | None, Query(max_length=100,
                                       description="Actor id, code (AUSGOV) or country.")] = None,
    source: Annotated[str | None, Query(max_length=100,
                                        description="Source actor country, code or id.")] = None,
    target: Annotated[str | None, Query(max_length=100,
                                        description="Target actor country, code or id.")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$",
                                       description="CAMEO code prefix.")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$",
                                      description="CAMEO root code.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    plover: Annotated[str | None, Query(max_length=40, description="PLOVER type.")] = None,
    modality: ModalityT | None = None,
    date_from: Annotated[str | None, Query(max_length=10,
                                           description="Event date from (TIMEX prefix).")] = None,
    date_to: Annotated[str | None, Query(max_length=10,
                                         description="Event date to (TIMEX prefix).")] = None,
    outlet: Short = None,
    article: Annotated[str | None, Query(max_length=64, description="Article id.")] = None,
    place: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                       description="Country where it happened (ISO alpha-3).")
                     ] = None,
    bbox: Annotated[str | None, Query(
        pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$",
        description="min_lon,min_lat,max_lon,max_lat around the event's place.")] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0.0, le=1.0, description="Calibrated confidence at least this.")] = None,
) -> EventFilter:
    """The shared event filters as query parameters (empty strings mean "any")."""
    return EventFilter(actor=actor or None, source=source or None, target=target or None,
                       cameo=cameo or None, root=root or None, quad_class=quad_class,
                       plover=plover or None, modality=modality or None,
                       date_from=date_from or None, date_to=date_to or None,
                       outlet=outlet or None, article=article or None, place=place or None,
                       bbox=_valid_bbox(bbox), min_confidence=min_confidence)


def _valid_bbox(bbox: str | None) -> str | None:
    if not bbox:
        return None
    try:
        parse_bbox(bbox)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return bbox


F = Annotated[EventFilter, Depends(event_filter)]


def _found(row: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if row is None:
        raise HTTPException(404, f"no {what} with that id")
    return row


@router.get("/stats", summary="Table sizes and the span of event dates")
def stats(q: Q) -> dict[str, Any]:
    return q.stats()


@router.get("/articles", summary="Articles, newest first")
def articles(q: Q, outlet: Short = None, published_from: Short = None,
             published_to: Short = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    return q.articles(outlet=outlet, published_from=published_from,
                      published_to=published_to, limit=limit, offset=offset)


@router.get("/articles/{article_id}",
            summary="One article: clean text, events, quotes, timexes, removed boilerplate")
def article(q: Q, article_id: str) -> dict[str, Any]:
    return _found(q.article(article_id), "article")


@router.get("/events", summary="Coded events, by their own dates")
def events(q: Q, f: F, limit: Limit = 50, offset: Offset = 0,
           order: Literal["date", "-date", "goldstein"] = "date",
           after: Annotated[str | None, Query(
               max_length=2000, description="Keyset cursor: the `next_after` of the previous "
               "page (default order only); any depth at the cost of the first page.")] = None,
           ) -> dict[str, Any]:
    try:
        out = q.events(f, limit=limit, offset=offset, order=order, after=after or None)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return out | {"filters": f.active()}


@router.get("/events/{event_id}", summary="One event with its actors and evidence")
def event(q: Q, event_id: str) -> dict[str, Any]:
    return _found(q.event(event_id), "event")


@router.get("/quotes", summary="Quotes with speaker, cue and content")
def quotes(q: Q, article: Annotated[str | None, Query(max_length=64)] = None,
           speaker: Short = None, kind: Literal["direct", "indirect", "mixed"] | None = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return q.quotes(article=article, speaker=speaker, kind=kind, limit=limit, offset=offset)


@router.get("/actors", summary="Canonical actors with mention and event counts")
def actors(q: Q, name: Short = None, country: Short = None, kind: Short = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return q.actors(q=name, country=country, kind=kind, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", summary="One actor and where it is mentioned")
def actor(q: Q, actor_id: str) -> dict[str, Any]:
    return _found(q.actor(actor_id), "actor")


@router.get("/dyads", summary="Directed country pairs by event count")
def dyads(q: Q, f: F, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return q.dyads(f, limit=limit, offset=offset)


@router.get("/dyads/{a}/{b}", summary="A country pair over time, both directions")
def dyad(q: Q, f: F, a: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         b: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         granularity: Granularity = "auto") -> dict[str, Any]:
    return q.dyad(a, b, f, granularity)


@router.get("/timeline", summary="Event counts per period of the events' own dates")
def timeline(q: Q, f: F, granularity: Granularity = "auto") -> dict[str, Any]:
    return q.timeline(f, granularity)


@router.get("/network", summary="Actor network: source -> target edges by event count")
def network(q: Q, f: F, level: Literal["actor", "country"] = "actor",
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
            min_weight: Annotated[int, Query(ge=1)] = 1) -> dict[str, Any]:
    return q.network(f, level=level, limit=limit, min_weight=min_weight)


@router.get("/map", summary="Event locations: one point per place, weighted by events")
def map_points(q: Q, f: F, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500
               ) -> dict[str, Any]:
    return q.map_points(f, limit=limit)


@router.get("/search", summary="Full-text search over titles and texts")
def search(q: Q, query: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return q.search(query, limit=limit, offset=offset)


@router.get("/skips", summary="Inputs that were not processed, with code and reason")
def skips(q: Q, code: Annotated[str | None, Query(pattern=r"^E\d{3}$")] = None,
          limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return q.skips(code=code, limit=limit, offset=offset)


# -- writes -----------------------------------------------------------------------------------

class IngestDocument(BaseModel):
    """One article to ingest: raw text or HTML plus what the container knows."""

    text: str = Field(min_length=1, description="Article text or HTML page.")
    kind: Literal["text", "html"] = "text"
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40,
                                  description="Publication date (YYYY-MM-DD).")


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=100)


_write_lock = threading.Lock()


def authorize(request: Request,
              authorization: Annotated[str | None, Header()] = None) -> None:
    """Runs before the body is validated: disabled, unauthorised or non-JSON fail first."""
    settings = request.app.state.settings
    if not settings.enable_ingest:
        raise HTTPException(403, "ingest is disabled; start the server with --enable-ingest")
    if settings.token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), settings.token.encode()):
            raise HTTPException(401, "a valid bearer token is required",
                                headers={"WWW-Authenticate": "Bearer"})
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send application/json")


@router.post("/ingest", summary="Analyse and store articles (off unless enabled)",
             status_code=200)
def ingest(request: Request, body: IngestRequest,
           _: Annotated[None, Depends(authorize)]) -> dict[str, Any]:
    from newsgraph.clean import content_hash
    from newsgraph.clean.published import parse_published
    from newsgraph.errors import NewsgraphError
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import RawDocument, Skip
    from newsgraph.store import Store

    raws = []
    for i, d in enumerate(body.documents):
        try:
            published = parse_published(d.published) if d.published else None
        except NewsgraphError as exc:
            raise HTTPException(422, f"documents.{i}.published: {exc}") from exc
        data = d.text.encode("utf-8")
        raws.append(RawDocument(data=data, origin=d.url or f"api:{content_hash(data)[:16]}",
                                kind=d.kind, url=d.url, title=d.title, outlet=d.outlet,
                                published=published))
    out: dict[str, Any] = {"added": [], "unchanged": [], "skipped": []}
    with _write_lock:
        state = request.app.state
        if getattr(state, "pipeline", None) is None:
            state.pipeline = Pipeline()
        with Store(state.settings.db) as store:
            for result in state.pipeline.process(raws):
                if isinstance(result, Skip):
                    store.record_skip(result)
                    out["skipped"].append({"origin": result.origin, "code": result.code,
                                           "reason": result.reason})
                elif store.save(result):
                    out["added"].append({"id": result.article.id,
                                         "events": len(result.events),
                                         "quotes": len(result.quotes)})
                else:
                    out["unchanged"].append({"id": result.article.id})
    return out
