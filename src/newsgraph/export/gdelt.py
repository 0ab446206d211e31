"""GDELT 2.0 event and mention tables, tab separated, from our clusters and mentions.

One event row per cluster (GDELT's events are deduplicated too), its fields taken from the
cluster's representative mention; NumMentions/NumSources/NumArticles are the cluster's
counts. The mentions table links every mention to its event. The column mapping is in
``docs/exports.md``. All code columns are strings: ``042`` stays ``042``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from newsgraph.export._rows import Filters, clusters, fraction_date, mentions, sqldate, timestamp

EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]
assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16


def global_event_id(cluster_id: str | None, event_id: str) -> str:
    """A positive 60-bit integer from the cluster id (the event id for unclustered rows)."""
    return str(int((cluster_id or event_id)[:15], 16))


def _clean(value: Any) -> str:
    """A field without tabs or line breaks (they would break the table)."""
    if value is None:
        return ""
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _actor(actors: list[dict[str, Any]]) -> list[str]:
    if not actors:
        return [""] * 10
    a = actors[0]
    country = a["country"] if a["country"] and a["country"] != "IGO" else ""
    roles = (a["roles"] + ["", "", ""])[:3]
    return [a["code"], a["name"].upper(), country, "", "", "", "", *roles]


def action_geo(rep: dict[str, Any]) -> list[str]:
    """GDELT's ActionGeo_* fields from the event's location (FIPS codes, GDELT geo types:
    1 country, 2 US state, 3 US city, 4 world city; ADM1 = FIPS country + admin1 code)."""
    if not rep.get("loc_name"):
        return ["0", "", "", "", "", "", "", ""]
    feature, fips, us = rep["loc_feature"], rep["loc_fips"] or "", rep["loc_country"] == "USA"
    geo_type = {"country": "1", "adm1": "2" if us else "5"}.get(feature, "3" if us else "4")
    admin1 = rep["loc_admin1"] or ""
    adm1 = f"{fips}{admin1}" if admin1 and feature != "country" else ""
    lat = "" if rep["loc_lat"] is None else f"{rep['loc_lat']:.4f}"
    lon = "" if rep["loc_lon"] is None else f"{rep['loc_lon']:.4f}"
    return [geo_type, rep["loc_name"], fips, adm1, "", lat, lon, ""]


def event_row(c: dict[str, Any]) -> list[str]:
    """The 61 GDELT fields of one cluster."""
    rep = c["rep"]
    date = sqldate(c["date"], c["date_precision"])
    cameo = str(c["cameo"])
    row = [
        global_event_id(c["id"], rep["id"]), date, date[:6], date[:4],
        fraction_date(c["date"], c["date_precision"]),
        *_actor(rep["source"]), *_actor(rep["target"]),
        "1" if rep["in_lead"] else "0", cameo, cameo[:3], cameo[:2], str(c["quad_class"]),
        f"{c['goldstein']:g}", str(c["n_mentions"]), str(c["n_outlets"]), str(c["n_articles"]),
        "",  # AvgTone: not computed
        *(["0", "", "", "", "", "", "", ""] * 2),  # actor home places: not recorded
        *action_geo(rep),
        timestamp(rep["ingested_at"]), rep["url"] or rep["origin"],
    ]
    return [_clean(v) for v in row]


def _sentence_id(text_before: str | None) -> str:
    """1-based sentence number, counted by sentence-final punctuation before the evidence."""
    return str(1 + len(re.findall(r"[.!?][\"'”’)]?\s", text_before or "")))


def mention_row(m: dict[str, Any], text_before: str | None = None) -> list[str]:
    """The 16 GDELT mention fields of one event mention."""
    seen = m["published"] or m["ingested_at"]
    row = [
        global_event_id(m["cluster_id"], m["id"]),
        timestamp(m["first_seen"]) if m["first_seen"] else timestamp(seen),
        timestamp(seen), "1", m["outlet"] or "", m["url"] or m["origin"],
        _sentence_id(text_before),
        str(m["source"][0]["start"]) if m["source"] else "-1",
        str(m["target"][0]["start"]) if m["target"] else "-1",
        str(m["trigger_start"]), "1", str(round(100 * m["confidence"])), str(m["doc_len"]),
        "", "", "",
    ]
    return [_clean(v) for v in row]


def _write(out: TextIO, header: list[str], rows: Iterator[list[str]]) -> int:
    out.write("\t".join(header) + "\n")
    n = 0
    for row in rows:
        out.write("\t".join(row) + "\n")
        n += 1
    return n


def export_events(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the GDELT event table (with a header line); returns the row count."""
    with path.open("w", encoding="utf-8", newline="") as out:
        return _write(out, EVENT_COLUMNS, (event_row(c) for c in clusters(conn, f)))


def export_mentions(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the GDELT mentions table (with a header line); returns the row count."""
    def rows() -> Iterator[list[str]]:
        for m in mentions(conn, f, copies=True):  # a syndicated copy is a mention too
            before = conn.execute("SELECT substr(text, 1, ?) FROM articles WHERE id = ?",
                                  (m["ev_start"], m["article_id"])).fetchone()[0]
            yield mention_row(m, before)

    with path.open("w", encoding="utf-8", newline="") as out:
        return _write(out, MENTION_COLUMNS, rows())
