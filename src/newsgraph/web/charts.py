"""Server-side SVG geometry for the pages: a time-scaled bar chart, a force-directed network
layout, and country outlines for the map (Natural Earth via the vendored ``world-atlas``).

Everything is computed here and drawn by templates as plain SVG; the only script is our own
``static/app.js`` (brush to zoom a time range, wheel/drag to zoom the network and the map).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def _end(b: dict[str, Any], granularity: str) -> dt.date:
    """The first day after a bucket's period (a coarse bucket spans its own precision)."""
    start = _day(b["start"])
    if b.get("coarse"):
        p = b["period"]
        if len(p) == 4:
            return dt.date(start.year + 1, 1, 1)
        if "-Q" in p:
            return _add_months(start, 3)
        if "-W" in p:
            return start + dt.timedelta(days=7)
        if len(p) == 7:
            return _add_months(start, 1)
        return _add_months(start, 3)
    if granularity == "year":
        return dt.date(start.year + 1, 1, 1)
    if granularity == "month":
        return _add_months(start, 1)
    return start + dt.timedelta(days=_PERIOD_DAYS.get(granularity, 1))


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def nice_ticks(top: float, n: int = 4) -> list[int]:
    """Round y-axis ticks from 0 to at least ``top``."""
    if top <= 0:
        return [0, 1]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 5, 10) if s * mag >= raw)
    step = max(1, int(step))
    return list(range(0, int(math.ceil(top / step)) * step + 1, step))


def time_chart(buckets: list[dict[str, Any]], granularity: str, width: int = 900,
               height: int = 180, left: int = 40, bottom: int = 22) -> dict[str, Any]:
    """Stacked cooperation/conflict bars placed on a real time axis (x proportional to the
    date, each bar as wide as its period), a y axis with round ticks and dated x ticks.

    ``t0``/``t1`` (ISO days) are the domain, so the page's brush turns pixels into dates.
    """
    out: dict[str, Any] = {"width": width, "height": height, "left": left, "bottom": bottom,
                           "bars": [], "xticks": [], "yticks": []}
    if not buckets:
        return out
    spans = [(_day(b["start"]), _end(b, granularity), b) for b in buckets]
    t0 = min(s for s, _, _ in spans)
    t1 = max(e for _, e, _ in spans)
    if (t1 - t0).days < 7:  # a single day would fill the chart: show about a week around it
        t0 -= dt.timedelta(days=3)
        t1 += dt.timedelta(days=3)
    days = max(1, (t1 - t0).days)
    plot_w = width - left - 8
    top = max(b["count"] for b in buckets) or 1
    ticks = nice_ticks(top)
    ymax = ticks[-1]

    def x(d: dt.date) -> float:
        return left + (d - t0).days / days * plot_w

    def y(v: float) -> float:
        return height - v / ymax * height

    for s, e, b in sorted(spans, key=lambda t: (t[2].get("coarse", False), t[0])):
        x0, x1 = x(s), x(e)
        w = max(2.0, x1 - x0 - (1.0 if x1 - x0 > 4 else 0.0))
        coop, conf = b["cooperation"], b["conflict"]
        other = b["count"] - coop - conf
        out["bars"].append({
            "x": round(x0, 1), "w": round(w, 1), "period": b["period"], "count": b["count"],
            "coarse": bool(b.get("coarse")), "from": s.isoformat(),
            "to": (e - dt.timedelta(days=1)).isoformat(),
            "coop_y": round(y(coop), 1), "coop_h": round(height - y(coop), 1),
            "conf_y": round(y(coop + conf), 1), "conf_h": round(y(coop) - y(coop + conf), 1),
            "other_y": round(y(b["count"]), 1),
            "other_h": round(y(coop + conf) - y(b["count"]), 1) if other > 0 else 0,
            "cooperation": coop, "conflict": conf,
            "goldstein": b.get("goldstein_mean")})
    out["yticks"] = [{"v": v, "y": round(y(v), 1)} for v in ticks]
    out["xticks"] = [{"x": round(x(d), 1), "label": label} for d, label in _date_ticks(t0, t1)]
    out["t0"], out["t1"], out["plot_w"] = t0.isoformat(), t1.isoformat(), plot_w
    return out


def _date_ticks(t0: dt.date, t1: dt.date, most: int = 10) -> list[tuple[dt.date, str]]:
    """Calendar ticks (years, quarters, months, weeks or days) that fit about ``most``."""
    days = (t1 - t0).days
    ticks: list[tuple[dt.date, str]] = []
    if days > 365 * 3:
        step = max(1, math.ceil(days / 365 / most))
        for yr in range(t0.year + (t0 != dt.date(t0.year, 1, 1)), t1.year + 1, step):
            ticks.append((dt.date(yr, 1, 1), str(yr)))
    elif days > 75:
        step = max(1, math.ceil(days / 30 / most))
        d = _add_months(t0.replace(day=1), 0 if t0.day == 1 else 1)
        while d <= t1:
            ticks.append((d, d.strftime("%Y-%m") if d.month == 1 or not ticks else
                          d.strftime("%b")))
            d = _add_months(d, step)
    else:
        step = max(1, math.ceil(days / most))
        d = t0
        while d <= t1:
            ticks.append((d, d.isoformat() if not ticks else d.strftime("%d %b")))
            d += dt.timedelta(days=step)
    return ticks


# -- network ----------------------------------------------------------------------------------

def force_layout(net: dict[str, Any], width: int = 900, height: int = 600,
                 iterations: int = 200, seed: int = 1) -> dict[str, Any]:
    """Fruchterman-Reingold positions (deterministic seed) for the network's nodes; edges as
    curved paths that end at the target's rim (no self-loops: the query leaves them out)."""
    nodes = net["nodes"]
    edges = [e for e in net["edges"] if e["source"] != e["target"]]
    pos = _packed_layout([x["id"] for x in nodes],
                         [(e["source"], e["target"], e["weight"]) for e in edges],
                         width, height, iterations, seed)
    top = max((x["weight"] for x in nodes), default=1)
    placed = []
    for x in nodes:
        px, py = pos[x["id"]]
        placed.append({**x, "x": round(px, 1), "y": round(py, 1),
                       "r": round(5 + 12 * math.sqrt(x["weight"] / top), 1)})
    radius = {p["id"]: p["r"] for p in placed}
    wtop = max((e["weight"] for e in edges), default=1)
    lines = []
    pairs = {(e["source"], e["target"]) for e in edges}
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        d = math.hypot(x2 - x1, y2 - y1) or 1
        ux, uy = (x2 - x1) / d, (y2 - y1) / d
        rr = radius[e["target"]] + 4
        ex, ey = x2 - ux * rr, y2 - uy * rr
        bend = 0.15 if (e["target"], e["source"]) in pairs else 0.0  # both ways: two arcs
        mx, my = (x1 + ex) / 2 - uy * d * bend, (y1 + ey) / 2 + ux * d * bend
        kind = ("conflict" if e["conflict"] > e["cooperation"] else
                "cooperation" if e["cooperation"] else "neutral")
        lines.append({**e, "d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}",
                      "w": round(1 + 5 * e["weight"] / wtop, 1), "kind": kind})
    return {"width": width, "height": height, "nodes": placed, "edges": lines}


def _components(ids: list[str], edges: list[tuple[str, str, int]]) -> list[list[str]]:
    """Connected components (union-find), largest first."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _packed_layout(ids: list[str], edges: list[tuple[str, str, int]], width: int, height: int,
                   iterations: int, seed: int) -> dict[str, list[float]]:
    """Each connected component laid out on its own (a force layout of several components
    pushes the small ones to the corners and squeezes the big one), then packed in rows,
    each in a square cell whose side grows with the root of its size."""
    comps = _components(ids, edges)
    if not comps:
        return {}
    total = sum(len(c) for c in comps)
    unit = math.sqrt(0.85 * width * height / total)
    cells = [max(90.0, unit * len(c) ** 0.6) for c in comps]
    for _ in range(20):  # shrink until the rows fit the canvas
        x = y = row_h = 0.0
        spots = []
        for side in cells:
            if x + side > width and x > 0:
                x, y, row_h = 0.0, y + row_h, 0.0
            spots.append((x, y, side))
            x += side
            row_h = max(row_h, side)
        if y + row_h <= height:
            break
        cells = [max(40.0, c * 0.9) for c in cells]
    pos: dict[str, list[float]] = {}
    for comp, (cx, cy, side) in zip(comps, spots, strict=True):
        members = set(comp)
        sub = tuple((a, b, w) for a, b, w in edges if a in members and b in members)
        pts = _fr_positions((tuple(comp), sub, 1000, 1000, iterations, seed))
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        pad = min(45.0, side * 0.25)
        scale = (side - 2 * pad) / span
        ox = cx + pad + (side - 2 * pad - (max(xs) - min(xs)) * scale) / 2
        oy = cy + pad + (side - 2 * pad - (max(ys) - min(ys)) * scale) / 2
        for node, (px, py) in zip(comp, pts, strict=True):
            pos[node] = [ox + (px - min(xs)) * scale, oy + (py - min(ys)) * scale]
    return pos


@lru_cache(maxsize=256)
def _fr_positions(key: tuple[Any, ...]) -> tuple[tuple[float, float], ...]:
    """Fruchterman-Reingold with numpy (all pairs per step), cached: a page asks for the same
    network again and again until the store changes."""
    import numpy as np

    ids, edges, width, height, iterations, seed = key
    n = len(ids)
    if n == 0:
        return ()
    rnd = np.random.default_rng(seed)
    p = np.column_stack([rnd.uniform(0.2, 0.8, n) * width, rnd.uniform(0.2, 0.8, n) * height])
    if n == 1:
        return ((width / 2, height / 2),)
    index = {x: i for i, x in enumerate(ids)}
    pairs = [(index[a], index[b], w) for a, b, w in edges if a in index and b in index]
    src = np.array([a for a, _, _ in pairs], dtype=int)
    dst = np.array([b for _, b, _ in pairs], dtype=int)
    wgt = 1 + np.log1p(np.array([w for _, _, w in pairs], dtype=float)) / 3
    k = math.sqrt(width * height / n) * 0.9
    temp = width / 8
    centre = np.array([width / 2, height / 2])
    for _ in range(iterations):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 0.01)
        disp = (delta / dist[:, :, None] * (k * k / dist)[:, :, None]).sum(axis=1)
        if len(pairs):
            d = p[src] - p[dst]
            dl = np.maximum(np.linalg.norm(d, axis=1), 0.01)
            f = (d / dl[:, None]) * (dl * dl / k * wgt)[:, None]
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        disp += (centre - p) * 0.15  # a pull to the middle keeps components together
        length = np.maximum(np.linalg.norm(disp, axis=1), 0.01)
        p += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.97
    return tuple((float(x), float(y)) for x, y in p)


# -- map --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def country_rings() -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Natural Earth 1:110m countries (world-atlas TopoJSON) as (name, rings of lon/lat)."""
    raw = resources.files("newsgraph.web").joinpath(
        "static/vendor/world-atlas/countries-110m.json").read_text("utf-8")
    topo = json.loads(raw)
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx: list[int]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return tuple(out)

    shapes = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", "")
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        shapes.append((name, tuple(ring(r) for p in polys for r in p)))
    return tuple(shapes)


def outline_paths(xy: Any, west: float, east: float, south: float,
                  north: float) -> list[dict[str, str]]:
    """SVG path data of the countries that reach into the view (projected by ``xy``)."""
    out = []
    for name, rings in country_rings():
        parts = []
        for r in rings:
            lons = [p[0] for p in r]
            lats = [p[1] for p in r]
            if max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north:
                continue
            if max(lons) - min(lons) > 270:  # a ring across the antimeridian: skip its seam
                continue
            pts = [xy(lon, lat) for lon, lat in r]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        if parts:
            out.append({"name": name, "d": "".join(parts)})
    return out


def cluster_points(dots: list[dict[str, Any]], gap: float = 6.0) -> list[dict[str, Any]]:
    """Dots whose circles overlap merged into one marker (weighted centre, summed events),
    heaviest first, so nearby cities do not hide each other; each keeps its members."""
    groups: list[dict[str, Any]] = []
    for d in sorted(dots, key=lambda d: -d["events"]):
        for g in groups:
            if math.hypot(g["x"] - d["x"], g["y"] - d["y"]) < g["r"] + d["r"] + gap:
                g["members"].append(d)
                g["events"] += d["events"]
                break
        else:
            groups.append({"x": d["x"], "y": d["y"], "r": d["r"], "events": d["events"],
                           "members": [d]})
    for g in groups:
        total = sum(m["events"] for m in g["members"])
        g["x"] = round(sum(m["x"] * m["events"] for m in g["members"]) / total, 1)
        g["y"] = round(sum(m["y"] * m["events"] for m in g["members"]) / total, 1)
        g["r"] = round(max(m["r"] for m in g["members"]) + 2 * (len(g["members"]) - 1), 1)
        g["label"] = g["members"][0]["name"] + (f" +{len(g['members']) - 1}"
                                                 if len(g["members"]) > 1 else "")
        g["kind"] = g["members"][0]["kind"]
    return groups
