"""The finder's keyword gate skips only scans that could not match: results never change."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract import timex
from newsgraph.extract.timex import find_timexes

# words of timex shapes and their neighbours, with case variants and the characters that
# ``re.IGNORECASE`` folds onto ASCII letters (long s, dotless i, Kelvin sign)
WORDS = ["on", "in", "the", "last", "next", "week", "weeks", "month", "year", "years", "Monday",
         "may", "March", "2019", "1990s", "3", "p.m.", "ago", "earlier", "early", "late",
         "spring", "quarter", "half", "century", "every", "day", "today", "noon", "FY19",
         "fiscal", "period", "the past", "recently", "soon", "third", "two", "seconds",
         "ſeconds", "ın", "İn", "WEEK", "\u212aelvin", "weeK", "tonight", "morning", ",", ".",
         '"', "(", ")", "“", "”", ";", "!", "?", "Jan.", "5", "a.m."]


def _ungated(text: str, dct: dt.date | None) -> list[object]:
    """Every rule scanning the whole text: no keyword gate, no runs."""
    saved, segment = timex._NEEDS, timex._SEGMENT
    timex._NEEDS, timex._SEGMENT = [None] * len(saved), None
    try:
        return list(find_timexes(text, dct))
    finally:
        timex._NEEDS, timex._SEGMENT = saved, segment


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
       st.sampled_from([None, dt.date(2024, 3, 13)]))
def test_gate_changes_nothing(words: list[str], dct: dt.date | None) -> None:
    text = " ".join(words)
    assert find_timexes(text, dct) == _ungated(text, dct)


def test_gate_words_are_needed() -> None:
    """Each rule's needed words: a match of the rule contains one of them."""
    samples = {"quarter": "the third quarter of 2020", "century": "the 19th century",
               "deictic": "yesterday morning", "weekday": "last Friday",
               "season": "this summer", "month": "in March"}
    names = [rule.name for _o, rule, _rx in timex._FINDERS]
    for name, text in samples.items():
        needs = timex._NEEDS[names.index(name)]
        assert needs, name
        assert any(w in text.lower() for w in needs), (name, needs)


def test_gated_rules_exist() -> None:
    assert sum(n is not None for n in timex._NEEDS) >= 20


def test_case_traps_are_complete() -> None:
    """Every non-ASCII character that IGNORECASE matches to a gate character is a trap."""
    gate_chars = re.compile(r"[a-z0-9'\-:/.,]", re.IGNORECASE)
    found = set()
    for block in range(0x80, 0x110000, 0x10000):
        chars = "".join(chr(c) for c in range(block, min(block + 0x10000, 0x110000))
                        if not 0xD800 <= c < 0xE000)
        found.update(gate_chars.findall(chars))
        found.update(c for c in chars if any(x.isascii() for x in c.lower()))
    assert all(timex._CASE_TRAPS.match(c) for c in found), found


_PLAIN = [timex._finder(rule.regex.pattern, anchored=False) for _o, rule, _rx in timex._FINDERS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "1990", "'90s", "-", "/", "$5", "12", "Q3", "a.m.",
                                 "FY", "20", "K", "s", "ı", "\n"]), min_size=1, max_size=14),
       st.sampled_from([" ", "", "  ", "-"]))
def test_first_character_lookahead_changes_nothing(words: list[str], sep: str) -> None:
    """Each rule's scan finds exactly the same matches with and without the opening class."""
    text = sep.join(words)
    for (_o, rule, anchored), plain in zip(timex._FINDERS, _PLAIN, strict=True):
        got = [(m.start(), m.end()) for m in anchored.finditer(text)]
        assert got == [(m.start(), m.end()) for m in plain.finditer(text)], rule.name


def test_first_class() -> None:
    assert timex._first_class(r"(?:the )?(?:day|week)") == "[tdw]"
    assert timex._first_class(r"\d+ years") == r"[\d]"
    assert timex._first_class(r"(?:a|b)?") is None  # can match the empty string
    assert timex._first_class(r".x") is None  # any character may open a match
    assert timex._first_class(r"[^a]x") is None
    assert sum(timex._first_class(rule.regex.pattern) is not None for rule in timex.RULES) >= 25


def test_runs_split_at_characters_no_rule_matches() -> None:
    assert timex._SEGMENT is not None
    assert timex._SEGMENT.findall('He said "on Monday" (or May 5); fine!') == [
        "He said ", "on Monday", " ", "or May 5", " fine"]
    for _o, rule, _rx in timex._FINDERS:
        chars = timex._match_chars(rule.regex.pattern)
        assert chars is not None and not any(c in chars for c in '"();!?'), rule.name
