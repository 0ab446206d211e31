"""The web UI: server-rendered pages, each with a JSON twin (``?format=json`` or ``/api/...``).

Jinja2 autoescaping is on for every template and article text only ever reaches a page as
text segments, never as markup, so nothing from an article can become HTML. Charts are
plain SVG computed here; the only script is our own ``static/app.js``.
"""

from __future__ import annotations

import math
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from newsgraph.api.routes import F, Limit, Offset, Q, Short
from newsgraph.store.queries import MAX_LIMIT, MODALITIES, QUAD_NAMES, EventFilter

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
router = APIRouter(include_in_schema=False)

Format = Annotated[Literal["html", "json"], Query(description="json: the page's data")]


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
           api: str, **extra: Any) -> Response:
    """The page, or with ``format=json`` the same data as JSON."""
    if fmt == "json":
        return JSONResponse(data)
    api_link = api + _qs(request)
    ctx = {"request": request, "data": data, "api_link": api_link,
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
    return render(request, "home.html", data, format, "/api/stats")


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
    return render(request, "search.html", data, format, "/api/search", q=query)


@router.get("/events")
def events(request: Request, q: Q, f: F, limit: Limit = 50, offset: Offset = 0,
           order: Literal["date", "-date", "goldstein"] = "date",
           format: Format = "html") -> Response:
    data = q.events(f, limit=limit, offset=offset, order=order) | {"filters": f.active()}
    return render(request, "events.html", data, format, "/api/events", f=f,
                  stats=q.stats())


@router.get("/timeline")
def timeline(request: Request, q: Q, f: F,
             granularity: Literal["auto", "day", "week", "month", "year"] = "auto",
             limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200, offset: Offset = 0,
             format: Format = "html") -> Response:
    tl = q.timeline(f, granularity)
    listing = q.events(f, limit=limit, offset=offset)
    data = tl | {"events": listing}
    return render(request, "timeline.html", data, format, "/api/timeline", f=f,
                  chart=bar_chart(tl["buckets"]), stats=q.stats())


@router.get("/network")
def network(request: Request, q: Q, f: F, level: Literal["actor", "country"] = "country",
            limit: Annotated[int, Query(ge=1, le=300)] = 60,
            min_weight: Annotated[int, Query(ge=1)] = 1,
            format: Format = "html") -> Response:
    data = q.network(f, level=level, limit=limit, min_weight=min_weight)
    return render(request, "network.html", data, format, "/api/network", f=f,
                  graph=circle_layout(data), stats=q.stats())


@router.get("/map")
def map_page(request: Request, q: Q, f: F, format: Format = "html") -> Response:
    data = q.map_points(f)
    return render(request, "map.html", data, format, "/api/map", f=f,
                  plot=map_layout(data["points"]), stats=q.stats())


@router.get("/dyads")
def dyads(request: Request, q: Q, f: F, limit: Limit = 50, offset: Offset = 0,
          format: Format = "html") -> Response:
    data = q.dyads(f, limit=limit, offset=offset)
    return render(request, "dyads.html", data, format, "/api/dyads", f=f, stats=q.stats())


@router.get("/dyads/{a}/{b}")
def dyad(request: Request, q: Q, f: F, a: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         b: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$")],
         granularity: Literal["auto", "day", "week", "month", "year"] = "auto",
         format: Format = "html") -> Response:
    data = q.dyad(a, b, f, granularity)
    a, b = data["a"], data["b"]
    fwd = q.events(EventFilter(**{**_fields(f), "source": a, "target": b}), limit=100)
    back = q.events(EventFilter(**{**_fields(f), "source": b, "target": a}), limit=100)
    data["events"] = {f"{a}>{b}": fwd["items"], f"{b}>{a}": back["items"]}
    charts = {k: dyad_chart(v) for k, v in data["series"].items()}
    return render(request, "dyad.html", data, format, f"/api/dyads/{a}/{b}", f=f,
                  charts=charts)


@router.get("/articles")
def articles(request: Request, q: Q, outlet: Short = None, limit: Limit = 50,
             offset: Offset = 0, format: Format = "html") -> Response:
    data = q.articles(outlet=outlet, limit=limit, offset=offset)
    return render(request, "articles.html", data, format, "/api/articles")


@router.get("/articles/{article_id}")
def article(request: Request, q: Q, article_id: Annotated[str, Path(max_length=64)],
            format: Format = "html") -> Response:
    data = q.article(article_id)
    if data is None:
        raise HTTPException(404, "no article with that id")
    segs = segments(data["article"]["text"], data["events"], data["quotes"], data["timexes"])
    return render(request, "article.html", data, format,
                  f"/api/articles/{data['article']['id']}", segments=segs)


@router.get("/actors")
def actors(request: Request, q: Q, name: Short = None, country: Short = None,
           limit: Limit = 50, offset: Offset = 0, format: Format = "html") -> Response:
    data = q.actors(q=name, country=country, limit=limit, offset=offset)
    return render(request, "actors.html", data, format, "/api/actors", name=name or "",
                  country=country or "")


@router.get("/actors/{actor_id}")
def actor(request: Request, q: Q, actor_id: Annotated[str, Path(max_length=64)],
          format: Format = "html") -> Response:
    data = q.actor(actor_id)
    if data is None:
        raise HTTPException(404, "no actor with that id")
    data["event_list"] = q.events(EventFilter(actor=actor_id), limit=100)
    return render(request, "actor.html", data, format, f"/api/actors/{actor_id}")


@router.get("/skips")
def skips(request: Request, q: Q, code: Annotated[str | None, Query(max_length=4)] = None,
          limit: Limit = 100, offset: Offset = 0, format: Format = "html") -> Response:
    data = q.skips(code=code, limit=limit, offset=offset)
    return render(request, "skips.html", data, format, "/api/skips")


def _fields(f: EventFilter) -> dict[str, Any]:
    return {k: getattr(f, k) for k in EventFilter.names()}




# -- rendering helpers ----------------------------------------------------------------------

def segments(text: str, events: list[dict[str, Any]], quotes: list[dict[str, Any]],
             timexes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut the text at every span boundary into flat pieces, each naming the records over it.

    Spans overlap (a quote inside an event's evidence sentence), so the page gets flat
    pieces with lists of ids rather than nested markup; each piece is escaped text.
    """
    spans: list[tuple[int, int, str, str]] = []
    for e in events:
        spans.append((e["ev_start"], e["ev_end"], "ev", e["id"]))
        spans.append((e["trigger_start"], e["trigger_end"], "trig", e["id"]))
    for qt in quotes:
        spans.append((qt["content_start"], qt["content_end"], "q", qt["id"]))
    for t in timexes:
        spans.append((t["start"], t["end"], "tx", t["value"]))
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


def bar_chart(buckets: list[dict[str, Any]], width: int = 900,
              height: int = 160) -> dict[str, Any]:
    """Stacked bars (cooperation over conflict) with precise and approximate parts."""
    if not buckets:
        return {"width": width, "height": height, "bars": []}
    top = max(b["count"] for b in buckets) or 1
    step = width / len(buckets)
    bw = max(2.0, min(40.0, step * 0.8))
    bars = []
    for i, b in enumerate(buckets):
        x = i * step + (step - bw) / 2
        coop_h = height * b["cooperation"] / top
        conf_h = height * b["conflict"] / top
        bars.append({"x": round(x, 1), "w": round(bw, 1), "period": b["period"],
                     "coarse": b["coarse"], "count": b["count"],
                     "coop_y": round(height - coop_h, 1), "coop_h": round(coop_h, 1),
                     "conf_y": round(height - coop_h - conf_h, 1), "conf_h": round(conf_h, 1),
                     "approx": b["by_precision"].get("publication", 0),
                     "label": i % max(1, len(buckets) // 12) == 0})
    return {"width": width, "height": height, "bars": bars, "top": top}


def dyad_chart(buckets: list[dict[str, Any]], width: int = 900,
               height: int = 140) -> dict[str, Any]:
    """Bars of cooperation and conflict plus a Goldstein polyline (-10 .. +10)."""
    chart = bar_chart(buckets, width, height)
    pts = []
    for bar, b in zip(chart["bars"], buckets, strict=False):
        g = b["goldstein_mean"]
        if g is not None:
            pts.append(f"{bar['x'] + bar['w'] / 2:.1f},{height / 2 - g * height / 20:.1f}")
    chart["goldstein"] = " ".join(pts)
    return chart


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
        dots.append({**p, "x": x, "y": y, "r": round(4 + 10 * (p["events"] / top) ** 0.5, 1),
                     "kind": kind})
    return {"width": width, "height": height, "lines": lines, "dots": dots}


def circle_layout(net: dict[str, Any], size: int = 640) -> dict[str, Any]:
    """Nodes on a circle (heaviest first), edges as lines whose width follows the weight."""
    nodes = net["nodes"]
    r = size / 2 - 90
    cx = cy = size / 2
    pos: dict[str, tuple[float, float]] = {}
    top = max((n["weight"] for n in nodes), default=1)
    placed = []
    for i, n in enumerate(nodes):
        angle = 2 * math.pi * i / max(1, len(nodes)) - math.pi / 2
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        pos[n["id"]] = (x, y)
        placed.append({**n, "x": round(x, 1), "y": round(y, 1),
                       "r": round(4 + 10 * math.sqrt(n["weight"] / top), 1),
                       "lx": round(cx + (r + 14) * math.cos(angle), 1),
                       "ly": round(cy + (r + 14) * math.sin(angle), 1),
                       "anchor": "start" if math.cos(angle) >= 0 else "end"})
    wtop = max((e["weight"] for e in net["edges"]), default=1)
    edges = []
    for e in net["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        edges.append({**e, "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1),
                      "y2": round(y2, 1), "w": round(1 + 5 * e["weight"] / wtop, 1),
                      "kind": "conflict" if e["conflict"] > e["cooperation"] else "coop"})
    return {"size": size, "nodes": placed, "edges": edges}
