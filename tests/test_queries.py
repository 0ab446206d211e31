"""The read layer's pure parts: TIMEX bucketing, auto granularity, snippets, text segments."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.store.queries import (
    EventFilter,
    auto_granularity,
    bucket,
    event_where,
    parse_timex,
    split_marks,
)
from newsgraph.web import segments


def test_parse_timex_precisions() -> None:
    assert parse_timex("2024-03-12") == ("day", dt.date(2024, 3, 12))
    assert parse_timex("2024-03") == ("month", dt.date(2024, 3, 1))
    assert parse_timex("2024-W11") == ("week", dt.date(2024, 3, 11))
    assert parse_timex("2024-Q2") == ("quarter", dt.date(2024, 4, 1))
    assert parse_timex("2024-SU") == ("season", dt.date(2024, 6, 1))
    assert parse_timex("2024") == ("year", dt.date(2024, 1, 1))
    assert parse_timex("202") == ("decade", dt.date(2020, 1, 1))
    for bad in (None, "", "XXXX-03", "2024-13", "PRESENT_REF", "P3Y"):
        assert parse_timex(bad) is None


def test_bucket_keeps_coarse_dates_apart() -> None:
    assert bucket("2024-03-12", "month") == ("2024-03", "2024-03-01", False)
    assert bucket("2024-03-12", "week") == ("2024-W11", "2024-03-11", False)
    assert bucket("2024-03", "day") == ("2024-03", "2024-03-01", True)
    assert bucket("2024-W11", "month") == ("2024-W11", "2024-03-11", True)
    assert bucket("2024", "month") == ("2024", "2024-01-01", True)
    assert bucket("2024-Q1", "year") == ("2024", "2024-01-01", False)
    assert bucket("XXXX-03", "year") is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["day", "week", "month", "year"]))
def test_day_buckets_contain_their_day(day: dt.date, granularity: str) -> None:
    got = bucket(day.isoformat(), granularity)
    assert got is not None
    label, start, coarse = got
    assert not coarse and start <= day.isoformat()
    assert (day - dt.date.fromisoformat(start)).days < 366
    if granularity in ("month", "year"):
        assert day.isoformat().startswith(label)


def test_auto_granularity_keeps_bars_few() -> None:
    assert auto_granularity(["2024-03-01", "2024-03-20"]) == "day"
    assert auto_granularity(["2024-01-01", "2024-06-01"]) == "week"
    assert auto_granularity(["2020-01", "2024-06"]) == "month"
    assert auto_granularity(["1990", "2024-06-01"]) == "year"
    assert auto_granularity([None, "XXXX"]) == "month"


def test_split_marks_and_filters() -> None:
    assert split_marks("a \x02b\x03 c") == [("a ", False), ("b", True), (" c", False)]
    where, params = event_where(EventFilter(source="aus", cameo="04", date_to="2024"))
    # filter values are lists of items (``AUS,JPN``), each also upper-cased for codes
    assert where.startswith("WHERE") and "AUS" in json.loads(params["source"])
    assert params["cameo"] == "04"
    assert event_where(EventFilter()) == ("", {})
    assert EventFilter(modality="negated").active() == {"modality": "negated"}


def test_segments_cover_text_and_name_overlapping_records() -> None:
    text = "Japan met China. <b>He</b> said \"no\"."
    events = [{"id": "e1", "ev_start": 0, "ev_end": 16, "trigger_start": 6,
               "trigger_end": 9}]
    quotes = [{"id": "q1", "content_start": 10, "content_end": 36}]
    timexes = [{"start": 27, "end": 31, "value": "2024"}]
    segs = segments(text, events, quotes, timexes)
    assert "".join(s["text"] for s in segs) == text
    trig = next(s for s in segs if s["trig"])
    assert trig["text"] == "met" and trig["ev"] == ["e1"]
    both = [s for s in segs if s["ev"] and s["q"]]
    assert both and "".join(s["text"] for s in both) == "China."
    assert any(s["tx"] == "2024" for s in segs)
