"""Vocabulary of temporal expressions: regex pieces and small word-to-number readers.

Kept apart from the rules so the finder and the normaliser share one lexicon: a pattern that
finds "the past two months" in an article is the same one that normalises it to ``P2M``.
"""

from __future__ import annotations

import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "tonight": "NI", "overnight": "NI", "midday": "MI"}

_UNITS_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SMALL = {w: i for i, w in enumerate(_UNITS_WORDS)}
TENS = {w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
            "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
            "thirtieth": 30}
# quantities that name no number: their durations keep an X ("several years" -> PXY)
VAGUE = {"a few", "few", "several", "some", "many", "a number of", "numerous"}

_small = "|".join(sorted(SMALL, key=len, reverse=True))
_tens = "|".join(_TENS_WORDS)
_ord_unit = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
NUMWORD = rf"(?:(?:{_tens})(?:[- ](?:{'|'.join(_UNITS_WORDS[1:10])}))?|{_small})"
NUM = (rf"(?:\d+(?:\.\d+)?|{NUMWORD}|a couple of|couple of|a few|few|several|some|many"
       rf"|a number of|numerous|an|a|one)")
ORDWORD = (rf"(?:(?:{_tens.replace('twenty', 'twenty|thirty')})[- ](?:{_ord_unit})|"
           + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")")
DAYNUM = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORDWORD})"
YEARWORD = (rf"(?:(?:nineteen|eighteen|twenty)[- ](?:hundred|(?:{_tens})(?:[- ]"
            rf"(?:{'|'.join(_UNITS_WORDS[1:10])}))?|{'|'.join(_UNITS_WORDS[10:])}|oh[- ]\w+)"
            rf"|two thousand(?:(?: and)? (?:{'|'.join(_UNITS_WORDS[1:])}))?)")
YEAR = rf"(?:1[0-9]\d\d|20\d\d|{YEARWORD})"
MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
         r"december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|"
         r"nov\.?|dec\.?)")
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|"
        r"years?|decades?|century|centuries|weekends?)")


def month_number(word: str) -> int:
    """``"Sept."`` -> 9."""
    low = word.lower().rstrip(".")
    return MONTHS.get(low) or MONTH_ABBR[low]


def number(text: str) -> int | float | None:
    """Read a cardinal written in digits or words; ``None`` for vague quantities."""
    low = re.sub(r"\s+", " ", text.lower().strip())
    if low in VAGUE:
        return None
    if low in ("a", "an", "one"):
        return 1
    if low in ("a couple of", "couple of"):
        return 2
    if re.fullmatch(r"\d+", low):
        return int(low)
    if re.fullmatch(r"\d+\.\d+", low):
        return float(low)
    parts = re.split(r"[- ]", low)
    total = 0
    for p in parts:
        if p in TENS:
            total += TENS[p]
        elif p in SMALL:
            total += SMALL[p]
        elif p == "and":
            continue
        else:
            return None
    return total


def ordinal(text: str) -> int | None:
    """``"3rd"`` or ``"third"`` or ``"twenty-first"`` -> the number."""
    low = text.lower().strip()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", low)
    if m:
        return int(m[1])
    if low in ORDINALS:
        return ORDINALS[low]
    parts = re.split(r"[- ]", low)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return None


def year_number(text: str) -> int | None:
    """``"1989"``, ``"nineteen ninety-six"``, ``"two thousand"`` -> the year."""
    low = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"\d{4}", low):
        return int(low)
    m = re.fullmatch(r"two thousand(?:(?: and)? (.+))?", low)
    if m:
        rest = number(m[1]) if m[1] else 0
        return 2000 + int(rest) if rest is not None else None
    m = re.fullmatch(r"(nineteen|eighteen|twenty)[- ](.+)", low)
    if m:
        century = SMALL.get(m[1]) or 20
        tail = m[2]
        if tail == "hundred":
            return century * 100
        tail = re.sub(r"^oh[- ]", "", tail)
        rest = number(tail)
        return century * 100 + int(rest) if rest is not None and rest < 100 else None
    return None
