"""Property tests for the timex finder and normaliser: anchors, determinism, span validity."""

from __future__ import annotations

import datetime as dt
import types
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.timex import find_timexes, normalise

RELATIVE = ["last Friday", "yesterday", "last March", "next week", "two years ago", "on Tuesday",
            "this year", "earlier this month", "in May", "the third quarter", "this summer",
            "today", "tomorrow", "the weekend", "September 5", "last night", "3 p.m.",
            "the nineties", "a year earlier", "the day before"]
ABSOLUTE = ["in June 2019", "March 5, 2024", "the 1990s", "2021-11-02", "in 1999,",
            "the first quarter of 2020", "three years", "every week", "now", "recently"]
TENSES = st.sampled_from([None, "past", "present", "future"])
DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(RELATIVE + ABSOLUTE), min_size=1, max_size=5), TENSES)
def test_no_resolved_value_without_anchor(phrases: list[str], tense: str | None) -> None:
    text = "The talks happened " + ", then ".join(phrases) + "."
    for t in find_timexes(text, None, lambda _c: tense):
        if t.anchor == "none":
            assert "X" in t.value
        else:
            assert t.anchor == "absolute"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RELATIVE), TENSES)
def test_relative_expression_alone_stays_unresolved(expr: str, tense: str | None) -> None:
    norm = normalise(expr, None, tense)
    assert norm is not None
    assert norm.anchor == "none" and "X" in norm.value


class _FrozenDate(dt.date):
    @classmethod
    def today(cls) -> _FrozenDate:
        return cls(1971, 1, 1)


class _FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FrozenDatetime:
        return cls(1971, 1, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(RELATIVE + ABSOLUTE), min_size=1, max_size=4), DATES, TENSES)
def test_deterministic_and_wall_clock_free(phrases: list[str], dct: dt.date,
                                           tense: str | None) -> None:
    text = "Officials said " + " and ".join(phrases) + "."
    first = find_timexes(text, dct, lambda _c: tense)
    assert first == find_timexes(text, dct, lambda _c: tense)
    clock = types.SimpleNamespace(date=_FrozenDate, datetime=_FrozenDatetime,
                                  timedelta=dt.timedelta, time=dt.time)
    with mock.patch("newsgraph.extract.timex_rules.dt", clock), \
            mock.patch("newsgraph.extract.timex.dt", clock):
        frozen = find_timexes(text, dct, lambda _c: tense)
    assert frozen == first


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
       .map(lambda s: s + " last Friday, 3 p.m. and the 1990s"), st.one_of(st.none(), DATES))
def test_spans_are_valid(text: str, dct: dt.date | None) -> None:
    prev_end = 0
    for t in find_timexes(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= prev_end  # non-overlapping, in order
        prev_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
