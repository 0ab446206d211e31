"""JSON endpoints under ``/api``: paginated, filterable, read-only except ``/api/ingest``."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from newsgraph.store import workbench as wb
from newsgraph.store.queries import MAX_LIMIT, MAX_OFFSET, EventFilter, Queries, parse_bbox


def known_params(request: Request) -> None:
    """Unknown query parameters are a 422 naming them and the ones the endpoint takes: a
    misspelt filter must not silently return everything."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    names = getattr(route, "_known_query_names", None)
    if names is None:
        names = frozenset(_query_names(dependant))
        route._known_query_names = names  # type: ignore[union-attr]
    unknown = sorted({k for k in request.query_params if k not in names})
    if unknown:
        raise HTTPException(422, f"unknown parameter(s): {', '.join(unknown)}; this endpoint "
                                 f"takes: {', '.join(sorted(names)) or 'none'}")


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names of an endpoint and of every dependency it uses."""
    out = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        out |= _query_names(sub)
    return out


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(known_params)])
_write_lock = threading.Lock()

#: a TIMEX3 date prefix: year, month, day, ISO week or quarter
DATE_PATTERN = r"^\d{4}(-(\d{2}(-\d{2})?|W\d{2}|Q[1-4]))?$"

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
    q: Q,
    actor: Annotated[str | None, Query(max_length=300, description=(
        "Actors taking part (either role): ids, codes (AUSGOV), countries (AUS) or names "
        "(Australia), any case, comma-separated for any of several."))] = None,
    source: Annotated[str | None, Query(max_length=300,
                                        description="Source actor(s): as actor.")] = None,
    target: Annotated[str | None, Query(max_length=300,
                                        description="Target actor(s): as actor.")] = None,
    both: Annotated[str | None, Query(max_length=300, description=(
        "Comma-separated actors/countries that must all take part, e.g. AUS,JPN."))] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$",
                                       description="CAMEO code prefix.")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$",
                                      description="CAMEO root code.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    plover: Annotated[str | None, Query(max_length=40, description="PLOVER type.")] = None,
    modality: ModalityT | None = None,
    date_from: Annotated[str | None, Query(
        pattern=DATE_PATTERN, description="Event date from (YYYY, YYYY-MM, YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, Query(
        pattern=DATE_PATTERN, description="Event date to (YYYY, YYYY-MM, YYYY-MM-DD).")] = None,
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
    """The shared event filters as query parameters (empty strings mean "any"); names and
    codes are resolved here, so an unknown one is a 422 with the reason, not zero rows."""
    try:
        actor, source, target, both = (wb.resolve_refs(q, v)
                                       for v in (actor, source, target, both))
    except wb.UnknownRef as exc:
        raise HTTPException(422, str(exc)) from exc
    if both and len(both.split(",")) < 2:
        raise HTTPException(422, "both needs two or more actors or countries, e.g. AUS,JPN")
    return EventFilter(actor=actor or None, source=source or None, target=target or None,
                       both=both,
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


def quote_filter(
    q: Q,
    speaker: Annotated[str | None, Query(max_length=200, description=(
        "Speaker: an actor name, code, country or id (resolved), else words of the speaker "
        "text."))] = None,
    country: Annotated[str | None, Query(max_length=60,
                                         description="Speaker's country (code or name).")
                       ] = None,
    outlet: Short = None,
    date_from: Annotated[str | None, Query(pattern=DATE_PATTERN,
                                           description="Article date from.")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE_PATTERN,
                                         description="Article date to.")] = None,
    words: Annotated[str | None, Query(max_length=300, description=(
        "Words in the quote (stemmed: arrest finds arrested)."))] = None,
    kind: Literal["direct", "indirect", "mixed"] | None = None,
    article: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """The quote filters, with speaker and country resolved like event filters."""
    out: dict[str, Any] = {"speaker": speaker or None, "country": None, "outlet": outlet or None,
                           "date_from": date_from or None, "date_to": date_to or None,
                           "words": words or None, "kind": kind, "article": article or None}
    if speaker:
        try:
            out["speaker"] = wb.resolve_ref(q, speaker)
        except wb.UnknownRef:
            out["speaker"] = speaker  # free text: matched against the speaker as written
    if country:
        try:
            code = wb.resolve_ref(q, country)
        except wb.UnknownRef as exc:
            raise HTTPException(422, str(exc)) from exc
        from newsgraph import reference

        if code not in reference.countries():
            raise HTTPException(422, f"{country!r} is not a country")
        out["country"] = code
    return out


QF = Annotated[dict[str, Any], Depends(quote_filter)]


@router.get("/quotes", summary="Quotes with speaker, cue and content")
def quotes(q: Q, qf: QF, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return wb.quotes(q, **qf, limit=limit, offset=offset) | {
        "filters": {k: v for k, v in qf.items() if v}}


@router.get("/quotes/speakers", summary="Who said most about some words")
def quote_speakers(q: Q, about: Annotated[str, Query(min_length=1, max_length=300)],
                   limit: Annotated[int, Query(ge=1, le=100)] = 15) -> dict[str, Any]:
    return {"about": about, "items": wb.who_said_most(q, about, limit)}


def resolved(q: Queries, ref: str) -> str:
    try:
        return wb.resolve_ref(q, ref)
    except wb.UnknownRef as exc:
        raise HTTPException(422, str(exc)) from exc


Side = Literal["all", "ab", "ba", "joint"]


@router.get("/between/{a}/{b}", summary="Everything between two actors or countries")
def between(q: Q, f: F, a: Annotated[str, Path(max_length=200)],
            b: Annotated[str, Path(max_length=200)], granularity: Granularity = "auto",
            side: Side = "all", limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    ra, rb = resolved(q, a), resolved(q, b)
    if ra == rb:
        raise HTTPException(422, f"{a!r} and {b!r} are the same actor")
    return wb.between(q, ra, rb, f, granularity=granularity, side=side, limit=limit,
                      offset=offset)


@router.get("/clusters/{cluster_id}",
            summary="One real-world event: its mentions, articles, outlets and quotes")
def cluster(q: Q, cluster_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    return _found(wb.cluster(q, cluster_id), "cluster")


@router.get("/facets", summary="Counts per outlet, root, quad class, modality and country")
def facets(q: Q, f: F) -> dict[str, Any]:
    return {"filters": f.active(), "facets": wb.facets(q, f)}


@router.get("/suggest", summary="Names for autocomplete: countries and actors")
def suggest(q: Q) -> dict[str, Any]:
    return {"items": wb.suggestions(q)}


@router.get("/corrections", summary="The corrections layer, newest first")
def corrections(q: Q, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return wb.corrections(q, limit=limit, offset=offset)


class CorrectionIn(BaseModel):
    """One analyst correction; an empty value withdraws the one in force."""

    kind: Literal["event", "actor"]
    target: str = Field(min_length=1, max_length=64, description="Event or actor id.")
    field: Literal["cameo", "direction", "date", "reject", "code", "country"]
    value: str | None = Field(default=None, max_length=40)
    who: str = Field(default="analyst", max_length=100)
    note: str | None = Field(default=None, max_length=1000)


def may_correct(request: Request,
                authorization: Annotated[str | None, Header()] = None) -> None:
    """Corrections write the store: off with --no-corrections, need the token when one is
    set, and a browser form must come from this site (Origin check against CSRF)."""
    settings = request.app.state.settings
    if not getattr(settings, "enable_corrections", True):
        raise HTTPException(403, "corrections are disabled on this server")
    from newsgraph.api import is_loopback

    if not is_loopback(settings.host) and not settings.token:
        raise HTTPException(403, "corrections on a non-loopback address need --token")
    # browsers say where a request comes from: Sec-Fetch-Site, else Origin (our pages send
    # no referrer, so a same-site form may carry "Origin: null")
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise HTTPException(403, "a correction must come from this site's own pages")
    elif origin and origin != "null" and \
            origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise HTTPException(403, "a correction must come from this site's own pages")
    if settings.token and not bearer_ok(settings.token, authorization):
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})


def save_correction(request: Request, c: CorrectionIn) -> dict[str, Any]:
    """Write one correction under the write lock; 422 for a bad value, 404 for no target."""
    from newsgraph.store import Store

    with _write_lock, Store(request.app.state.settings.db) as store:
        try:
            with store.transaction() as conn:
                return wb.add_correction(conn, kind=c.kind, target=c.target, field=c.field,
                                         value=c.value, who=c.who, note=c.note)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        except KeyError as exc:
            raise HTTPException(404, str(exc.args[0])) from exc


@router.post("/corrections", summary="Add a correction (who, what); it survives re-ingest")
def add_correction(request: Request, body: CorrectionIn,
                   _: Annotated[None, Depends(may_correct)]) -> dict[str, Any]:
    return save_correction(request, body)


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


@router.get("/search", summary="Full-text search over articles, events and quotes (stemmed)")
def search(q: Q, query: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    try:
        return q.search(query, limit=limit, offset=offset) | {
            "records": wb.search_records(q, query, limit=limit)}
    except ValueError as exc:  # over its step budget, or not understood
        raise HTTPException(400, str(exc)) from exc


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




def bearer_ok(token: str, authorization: str | None) -> bool:
    """``Authorization: Bearer <token>`` with the right token; the scheme is required."""
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip()
    return scheme.lower() == "bearer" and bool(given) and hmac.compare_digest(
        given.encode("utf-8", "surrogateescape"), token.encode())


def ingest_refusal(settings: Any, headers: Mapping[str, str]
                   ) -> tuple[int, str, dict[str, str] | None] | None:
    """Why a write request is refused (status, reason, headers), or ``None``: disabled,
    unauthorised, then not JSON. The scheme is required, as docs/api.md says
    (``Authorization: Bearer <token>``); a bare token is refused."""
    if not settings.enable_ingest:
        return 403, "ingest is disabled; start the server with --enable-ingest", None
    if settings.token and not bearer_ok(settings.token, headers.get("authorization")):
        return 401, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
    if headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return 415, "send application/json", None
    return None


def authorize(request: Request) -> None:
    """The same checks as ``GuardMiddleware`` makes before the body is read (FastAPI parses
    a JSON body before any dependency runs, so a ``{`` body was a 422 ahead of the 401)."""
    refusal = ingest_refusal(request.app.state.settings, request.headers)
    if refusal is not None:
        status, reason, headers = refusal
        raise HTTPException(status, reason, headers=headers)


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
