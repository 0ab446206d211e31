"""The web UI: server-rendered pages, each with a JSON twin (``?format=json`` or ``/api/...``).

Jinja2 autoescaping is on for every template and article text only ever reaches a page as
text segments, never as markup, so nothing from an article can become HTML. Charts are
plain SVG computed here; the only script is our own ``static/app.js``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from newsgraph.api.routes import (
    QF,
    F,
    Granularity,
    Limit,
    Offset,
    Q,
    Short,
    Side,
    known_params,
    resolved,
)
from newsgraph.store import workbench as wb
from newsgraph.store.queries import MAX_LIMIT, MODALITIES, QUAD_NAMES, EventFilter
from newsgraph.web import charts
from newsgraph.web.tables import csv_response, event_csv_rows, flat_rows

#: bidirectional controls (embeddings, overrides, isolates, marks): stored text that holds one
#: ("\u202e" in a title) would reorder what follows it on the page, the Trojan-Source trick
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                  "\u2066\u2067\u2068\u2069"), "\ufffd")


def no_bidi(value: Any) -> Any:
    """Every ``{{ value }}`` a page prints, bidi controls shown as U+FFFD (same length, so
    offsets into an article's text still hold); runs before autoescaping."""
    if isinstance(value, str):
        cleaned = value.translate(BIDI_CONTROLS)
        if cleaned == value:
            return value
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


_env = Environment(
    loader=FileSystemLoader(str(resources.files("newsgraph.web").joinpath("templates"))),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, finalize=no_bidi)
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False, dependencies=[Depends(known_params)])

Format = Annotated[Literal["html", "json", "csv"],
                   Query(description="json: the page's data; csv: its rows")]
EventOrder = Literal["date", "-date", "goldstein", "-goldstein", "cameo", "-cameo", "modality"]


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever rendered as links; anything else stays text."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


_env.filters["safe_url"] = safe_url
_env.globals["QUAD_NAMES"] = QUAD_NAMES
_env.globals["MODALITIES"] = MODALITIES


def _qs(request: Request, **changes: Any) -> str:
    """The current query string with some parameters replaced (None drops one)."""
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    params = {k: v for k, v in params.items() if v != ""}
    return ("?" + urlencode(params)) if params else ""


def render(request: Request, template: str, data: dict[str, Any], fmt: str,
           api: str, *, csv: list[dict[str, Any]] | None = None, name: str = "newsgraph",
           **extra: Any) -> Response:
    """The page; with ``format=json`` the same data as JSON, with ``format=csv`` its rows."""
    if fmt == "json":
        return JSONResponse(data)
    if fmt == "csv":
        return csv_response(csv if csv is not None else flat_rows(data.get("items", [])),
                            name)
    api_link = api + _qs(request)
    ctx = {"request": request, "data": data, "api_link": api_link,
           "csv_link": _qs(request, format="csv") or "?format=csv",
           "qs": lambda **kw: _qs(request, **kw), **extra}
    return templates.TemplateResponse(request, template, ctx)


def render_error(request: Request, body: dict[str, Any]) -> Response:
    return templates.TemplateResponse(request, "error.html",
                                      {"request": request, "problem": body, "api_link": None},
                                      status_code=body["status"])


# -- pages --------------------------------------------------------------------------------------

@router.get("/")
def home(request: Request, q: Q, format: Format = "html") -> Response:
    data = q.stats()
    data["recent"] = q.articles(limit=10)["items"]
    data["dyads"] = q.dyads(limit=8)["items"]
    return render(request, "home.html", data, format, "/api/stats", csv=data["dyads"],
                  name="dyads", suggest=wb.suggestions(q))


@router.get("/search")
def search(request: Request, q: Q, query: Annotated[str, Query(alias="q", max_length=500)] = "",
           limit: Limit = 20, offset: Offset = 0, format: Format = "html") -> Response:
    try:
        data = (q.search(query, limit=limit, offset=offset) if query.strip()
                else {"items": [], "total": 0, "limit": limit, "offset": offset,
                      "next_offset": None, "query": ""})
    except ValueError as exc:  # over its step budget, or not understood
        raise HTTPException(400, str(exc)) from exc
    data["actors"] = q.actors(q=query.strip(), limit=10)["items"] if query.strip() else []
    data["records"] = wb.search_records(q, query, limit=limit) if query.strip() else {
        "events": [], "quotes": [], "events_total": 0, "quotes_total": 0}
    rows = ([{"kind": "article", "id": r["id"], "title": r["title"], "outlet": r["outlet"],
              "text": r["snippet"]} for r in data["items"]]
            + [{"kind": "event", "id": e["id"], "title": e["article_title"],
                "outlet": e["outlet"], "text": e["evidence_text"]}
               for e in data["records"]["events"]]
            + [{"kind": "quote", "id": x["id"], "title": x["speaker"], "outlet": x["outlet"],
                "text": x["content"]} for x in data["records"]["quotes"]])
    return render(request, "search.html", data, format, "/api/search", q=query, csv=rows,
                  name="search")


@router.get("/events")
def events(request: Request, q: Q, f: F, limit: Limit = 50, offset: Offset = 0,
           order: EventOrder = "date", format: Format = "html") -> Response:
    data = q.events(f, limit=limit, offset=offset, order=order) | {"filters": f.active()}
    # facet counts arrive from /api/facets after the page (a whole-store count of a new filter
    # may take longer than the page itself); cached per store state once computed
    facets_src = "/api/facets" + ("?" + urlencode(f.active()) if f.active() else "")
    return render(request, "events.html", data, format, "/api/events", f=f,
                  facets_src=facets_src,
                  stats=q.stats(), csv=event_csv_rows(data["items"]), name="events",
                  order=order, suggest=wb.suggestions(q))


@router.get("/events/{event_id}")
def event_page(request: Request, q: Q, event_id: Annotated[str, Path(max_length=64)],
               saved: Annotated[int | None, Query(ge=0, le=1)] = None,
               format: Format = "html") -> Response:
    """One event with its cluster and the correction form."""
    e = q.event(event_id)
    if e is None:
        raise HTTPException(404, "no event with that id")
    e["cluster"] = wb.clusters_of(q, [e["id"]]).get(e["id"])
    history = [c for c in wb.corrections(q, limit=MAX_LIMIT)["items"]
               if c["target"] == e["id"] or c["target"] in
               {a["actor_id"] for k in ("source", "target") for a in e[k]}]
    data = {"event": e, "history": history}
    return render(request, "event.html", data, format, f"/api/events/{event_id}",
                  csv=event_csv_rows([e]), name=f"event-{event_id}", saved=saved)


@router.post("/corrections")
async def post_correction(request: Request) -> Response:
    """The correction form of an event page (form-encoded), then back to where it came from."""
    from urllib.parse import parse_qs

    from pydantic import ValidationError

    from newsgraph.api.routes import CorrectionIn, may_correct, save_correction

    may_correct(request, request.headers.get("authorization"))
    if request.headers.get("content-type", "").split(";")[0].strip() != \
            "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form (application/x-www-form-urlencoded)")
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace"),
                                          keep_blank_values=True).items()}
    back = form.pop("back", "")
    try:
        body = CorrectionIn.model_validate(
            {k: v for k, v in form.items() if k in CorrectionIn.model_fields})
    except ValidationError as exc:
        raise HTTPException(422, "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: "
                                           f"{e['msg']}" for e in exc.errors())) from exc
    save_correction(request, body)
    if not back.startswith("/") or back.startswith("//"):
        back = f"/events/{body.target}" if body.kind == "event" else f"/actors/{body.target}"
    return RedirectResponse(back + ("&" if "?" in back else "?") + "saved=1", status_code=303)


@router.get("/corrections")
def corrections_page(request: Request, q: Q, limit: Limit = 100, offset: Offset = 0,
                     format: Format = "html") -> Response:
    data = wb.corrections(q, limit=limit, offset=offset)
    return render(request, "corrections.html", data, format, "/api/corrections",
                  name="corrections")


@router.get("/timeline")
def timeline(request: Request, q: Q, f: F,
             granularity: Granularity = "auto",
             limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200, offset: Offset = 0,
             format: Format = "html") -> Response:
    tl = q.timeline(f, granularity)
    listing = q.events(f, limit=limit, offset=offset)
    data = tl | {"events": listing}
    return render(request, "timeline.html", data, format, "/api/timeline", f=f,
                  chart=charts.time_chart(tl["buckets"], tl["granularity"]), stats=q.stats(),
                  csv=flat_rows(tl["buckets"]), name="timeline", suggest=wb.suggestions(q))


@router.get("/network")
def network(request: Request, q: Q, f: F, level: Literal["actor", "country"] = "country",
            limit: Annotated[int, Query(ge=1, le=300)] = 60,
            min_weight: Annotated[int, Query(ge=1)] = 1,
            format: Format = "html") -> Response:
    data = q.network(f, level=level, limit=limit, min_weight=min_weight)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    rows = [{"source": e["source"], "source_label": labels.get(e["source"]),
             "target": e["target"], "target_label": labels.get(e["target"]),
             "events": e["weight"], "goldstein_mean": e["goldstein_mean"],
             "cooperation": e["cooperation"], "conflict": e["conflict"]} for e in data["edges"]]
    return render(request, "network.html", data, format, "/api/network", f=f,
                  graph=charts.force_layout(data) if format == "html" else None,
                  stats=q.stats(), csv=rows, name="network", edges=rows,
                  suggest=wb.suggestions(q))


@router.get("/map")
def map_page(request: Request, q: Q, f: F, format: Format = "html") -> Response:
    data = q.map_points(f)
    return render(request, "map.html", data, format, "/api/map", f=f,
                  plot=map_layout(data["points"]) if format == "html" else None,
                  stats=q.stats(), csv=data["points"], name="places",
                  suggest=wb.suggestions(q))


@router.get("/dyads")
def dyads(request: Request, q: Q, f: F, limit: Limit = 50, offset: Offset = 0,
          format: Format = "html") -> Response:
    data = q.dyads(f, limit=limit, offset=offset)
    return render(request, "dyads.html", data, format, "/api/dyads", f=f, stats=q.stats(),
                  name="dyads", suggest=wb.suggestions(q))


@router.get("/dyads/{a}/{b}")
def dyad(request: Request, q: Q, f: F, a: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         b: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         granularity: Granularity = "auto", format: Format = "html") -> Response:
    """The older one-way view of a country pair: the between page answers more."""
    data = q.dyad(a, b, f, granularity)
    a, b = data["a"], data["b"]
    fwd = q.events(EventFilter(**{**_fields(f), "source": a, "target": b}), limit=100)
    back = q.events(EventFilter(**{**_fields(f), "source": b, "target": a}), limit=100)
    data["events"] = {f"{a}>{b}": fwd["items"], f"{b}>{a}": back["items"]}
    charts_ = {k: charts.time_chart(v, data["granularity"], height=120)
               for k, v in data["series"].items()}
    return render(request, "dyad.html", data, format, f"/api/dyads/{a}/{b}", f=f,
                  charts=charts_, csv=event_csv_rows(fwd["items"] + back["items"]),
                  name=f"dyad-{a}-{b}")


@router.get("/between")
def between_form(request: Request, q: Q, a: Short = None, b: Short = None,
                 format: Format = "html") -> Response:
    """Pick two actors or countries by name (the datalist autocompletes); its data are the
    names offered."""
    if a and b:
        ra, rb = resolved(q, a), resolved(q, b)
        return RedirectResponse(f"/between/{quote(ra, safe='')}/{quote(rb, safe='')}",
                                status_code=303)
    names = wb.suggestions(q)
    return render(request, "between_form.html", {"a": a or "", "b": b or "", "items": names},
                  format, "/api/suggest", suggest=names, name="names")


@router.get("/between/{a}/{b}")
def between(request: Request, q: Q, f: F, a: Annotated[str, Path(max_length=200)],
            b: Annotated[str, Path(max_length=200)], granularity: Granularity = "auto",
            side: Side = "all", limit: Limit = 100, offset: Offset = 0,
            format: Format = "html") -> Response:
    """Both directions and joint acts of a pair on one chronological page."""
    ra, rb = resolved(q, a), resolved(q, b)
    if ra == rb:
        raise HTTPException(422, f"{a!r} and {b!r} are the same actor")
    data = wb.between(q, ra, rb, f, granularity=granularity, side=side, limit=limit,
                      offset=offset)
    return render(request, "between.html", data, format,
                  f"/api/between/{quote(ra, safe='')}/{quote(rb, safe='')}", f=f,
                  chart=charts.time_chart(data["series"], data["granularity"]),
                  csv=event_csv_rows(data["events"]["items"]), name=f"between-{ra}-{rb}",
                  stats=q.stats(), suggest=wb.suggestions(q))


@router.get("/between/{a}/{b}/export/{fmt}")
def between_export(request: Request, q: Q, a: Annotated[str, Path(max_length=200)],
                   b: Annotated[str, Path(max_length=200)],
                   fmt: Literal["timelinejs", "gdelt", "csv"]) -> Response:
    """The pair's events for other tools: TimelineJS JSON, GDELT 2.0 events, or CSV."""
    import tempfile

    from newsgraph.export import export as write_export
    from newsgraph.export._rows import Filters

    ra, rb = resolved(q, a), resolved(q, b)
    if fmt == "csv":
        data = wb.between(q, ra, rb, None, limit=MAX_LIMIT)
        return csv_response(event_csv_rows(data["events"]["items"]), f"between-{ra}-{rb}")
    with tempfile.TemporaryDirectory() as tmp:
        out = FsPath(tmp) / "export"
        write_export(q.conn, fmt, out, Filters(actors=(ra, rb)))
        body = out.read_bytes()  # the exporters lay the corrections layer over
    kind, ext = (("application/json", "json") if fmt == "timelinejs"
                 else ("text/tab-separated-values; charset=utf-8", "tsv"))
    return Response(body, media_type=kind, headers={
        "content-disposition": f'attachment; filename="{fmt}-{ra}-{rb}.{ext}"'})


@router.get("/quotes")
def quotes_page(request: Request, q: Q, qf: QF, about: Short = None, limit: Limit = 50,
                offset: Offset = 0, format: Format = "html") -> Response:
    """Who said what: filter by speaker, country, outlet, date and words."""
    data = wb.quotes(q, **qf, limit=limit, offset=offset) | {
        "filters": {k: v for k, v in qf.items() if v}}
    topic = about or qf.get("words")
    data["speakers"] = wb.who_said_most(q, topic) if topic else []
    data["about"] = topic
    rows = [{"id": r["id"], "published": r["published"], "outlet": r["outlet"],
             "speaker": r["speaker"], "speaker_actor": r["speaker_actor"],
             "speaker_code": (r["speaker_info"] or {}).get("code"),
             "speaker_country": (r["speaker_info"] or {}).get("country"), "cue": r["cue"],
             "kind": r["kind"], "content": r["content"], "article_id": r["article_id"]}
            for r in data["items"]]
    return render(request, "quotes.html", data, format, "/api/quotes", csv=rows,
                  name="quotes", qf=qf, stats=q.stats(), suggest=wb.suggestions(q))


@router.get("/clusters/{cluster_id}")
def cluster_page(request: Request, q: Q, cluster_id: Annotated[str, Path(max_length=64)],
                 format: Format = "html") -> Response:
    """One real-world event across outlets (the seam a story record can take over)."""
    data = wb.cluster(q, cluster_id)
    if data is None:
        raise HTTPException(404, "no cluster with that id")
    return render(request, "cluster.html", data, format, f"/api/clusters/{cluster_id}",
                  csv=event_csv_rows(data["events"]), name=f"cluster-{cluster_id}")


@router.get("/articles")
def articles(request: Request, q: Q, outlet: Short = None, limit: Limit = 50,
             offset: Offset = 0, format: Format = "html") -> Response:
    data = q.articles(outlet=outlet, limit=limit, offset=offset)
    return render(request, "articles.html", data, format, "/api/articles", name="articles")


@router.get("/articles/{article_id}")
def article(request: Request, q: Q, article_id: Annotated[str, Path(max_length=64)],
            format: Format = "html") -> Response:
    data = q.article(article_id)
    if data is None:
        raise HTTPException(404, "no article with that id")
    segs = segments(data["article"]["text"], data["events"], data["quotes"], data["timexes"])
    return render(request, "article.html", data, format,
                  f"/api/articles/{data['article']['id']}", segments=segs,
                  csv=event_csv_rows(data["events"]), name=f"article-{data['article']['id']}")


@router.get("/actors")
def actors(request: Request, q: Q, name: Short = None, country: Short = None,
           limit: Limit = 50, offset: Offset = 0, format: Format = "html") -> Response:
    data = q.actors(q=name, country=country, limit=limit, offset=offset)
    return render(request, "actors.html", data, format, "/api/actors", name=name or "",
                  country=country or "")


@router.get("/actors/{actor_id}")
def actor(request: Request, q: Q, actor_id: Annotated[str, Path(max_length=64)],
          saved: Annotated[int | None, Query(ge=0, le=1)] = None,
          format: Format = "html") -> Response:
    data = q.actor(actor_id)
    if data is None:
        raise HTTPException(404, "no actor with that id")
    wb.overlay_actor(data, wb.actor_corrections(q, [actor_id]).get(actor_id, {}))
    data["event_list"] = q.events(EventFilter(actor=actor_id), limit=100)
    data["quote_list"] = wb.quotes(q, speaker=actor_id, limit=50)
    return render(request, "actor.html", data, format, f"/api/actors/{actor_id}",
                  csv=event_csv_rows(data["event_list"]["items"]), name=f"actor-{actor_id}",
                  saved=saved)


@router.get("/skips")
def skips(request: Request, q: Q, code: Annotated[str | None, Query(max_length=4)] = None,
          limit: Limit = 100, offset: Offset = 0, format: Format = "html") -> Response:
    data = q.skips(code=code, limit=limit, offset=offset)
    return render(request, "skips.html", data, format, "/api/skips", name="skips")


def _fields(f: EventFilter) -> dict[str, Any]:
    return {k: getattr(f, k) for k in EventFilter.names()}


# -- rendering helpers ----------------------------------------------------------------------

def evidence_spans(events: list[dict[str, Any]], quotes: list[dict[str, Any]],
                   timexes: list[dict[str, Any]]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, id) of every highlighted span: evidence sentences, triggers, quotes
    and timexes (the timex's value stands for its id)."""
    spans: list[tuple[int, int, str, str]] = []
    for e in events:
        spans.append((e["ev_start"], e["ev_end"], "ev", e["id"]))
        spans.append((e["trigger_start"], e["trigger_end"], "trig", e["id"]))
    for qt in quotes:
        spans.append((qt["content_start"], qt["content_end"], "q", qt["id"]))
    for t in timexes:
        spans.append((t["start"], t["end"], "tx", t["value"]))
    return spans


def segments(text: str, events: list[dict[str, Any]], quotes: list[dict[str, Any]],
             timexes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut the text at every span boundary into flat pieces, each naming the records over it.

    Spans overlap (a quote inside an event's evidence sentence), so the page gets flat
    pieces with lists of ids rather than nested markup; each piece is escaped text.
    """
    spans = evidence_spans(events, quotes, timexes)
    # one sweep over the cut points, keeping the spans open at each (a scan of every span per
    # piece was quadratic: 31.3 s for a 162 kB article with 12k timexes, issue 25). A span
    # covers a piece when it opens at or before the piece and closes after its start.
    n = len(text)
    clamp = [(max(0, min(lo, n)), max(0, min(hi, n)), k, i) for lo, hi, k, i in spans]
    opens: dict[int, list[int]] = {}
    closes: dict[int, list[int]] = {}
    for idx, (lo, hi, _k, _i) in enumerate(clamp):
        if lo < hi:
            opens.setdefault(lo, []).append(idx)
            closes.setdefault(hi, []).append(idx)
    points = sorted({0, n, *(lo for lo, _h, _k, _i in clamp), *(hi for _l, hi, _k, _i in clamp)})
    active: dict[int, None] = {}
    out: list[dict[str, Any]] = []
    for a, b in zip(points, points[1:], strict=False):
        for idx in closes.get(a, ()):
            active.pop(idx, None)
        for idx in opens.get(a, ()):
            active[idx] = None
        over = [clamp[idx] for idx in sorted(active)]
        out.append({"text": text[a:b], "start": a,
                    "ev": sorted({i for _lo, _hi, k, i in over if k == "ev"}),
                    "q": sorted({i for _lo, _hi, k, i in over if k == "q"}),
                    "trig": any(k == "trig" for _lo, _hi, k, _i in over),
                    "tx": next((i for _lo, _hi, k, i in over if k == "tx"), None)})
    return out


def map_layout(points: list[dict[str, Any]], width: int = 900, height: int = 450
               ) -> dict[str, Any]:
    """Equirectangular positions for event places, zoomed to their extent (plus a margin),
    with a 10- or 30-degree graticule. Drawn server-side: no tiles, no third-party code."""
    if points:
        lons = [p["lon"] for p in points]
        lats = [p["lat"] for p in points]
        pad = 5.0
        west, east = max(-180.0, min(lons) - pad), min(180.0, max(lons) + pad)
        south, north = max(-90.0, min(lats) - pad), min(90.0, max(lats) + pad)
    else:
        west, east, south, north = -180.0, 180.0, -90.0, 90.0
    # keep the degrees square: widen the narrower side
    span_x, span_y = east - west, north - south
    if span_x / width < span_y / height:
        extra = (span_y * width / height - span_x) / 2
        west, east = west - extra, east + extra
    else:
        extra = (span_x * height / width - span_y) / 2
        south, north = south - extra, north + extra

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - west) / (east - west) * width, 1),
                round((north - lat) / (north - south) * height, 1))

    step = 10 if east - west <= 120 else 30
    lines = []
    for lon in range(-180, 181, step):
        if west <= lon <= east:
            x, _ = xy(lon, 0)
            lines.append({"x1": x, "y1": 0, "x2": x, "y2": height, "label": f"{lon}°"})
    for lat in range(-90, 91, step):
        if south <= lat <= north:
            _, y = xy(0, lat)
            lines.append({"x1": 0, "y1": y, "x2": width, "y2": y, "label": f"{lat}°"})
    top = max((p["events"] for p in points), default=1)
    dots = []
    for p in points:
        x, y = xy(p["lon"], p["lat"])
        kind = "conflict" if (p["goldstein_mean"] or 0) < 0 else "cooperation"
        # a click filters this place: a box of about 5 km around it, not its whole country
        bbox = (f"{p['lon'] - 0.05:.4f},{p['lat'] - 0.05:.4f},"
                f"{p['lon'] + 0.05:.4f},{p['lat'] + 0.05:.4f}")
        dots.append({**p, "x": x, "y": y, "r": round(4 + 10 * (p["events"] / top) ** 0.5, 1),
                     "kind": kind, "bbox": bbox})
    return {"width": width, "height": height, "lines": lines, "dots": dots,
            "groups": charts.cluster_points(dots),
            "outlines": charts.outline_paths(xy, west, east, south, north)}
