"""Publication dates written at the top of an article's text (datelines).

Wire copy and many sites open with a dateline: ``CANBERRA, March 5, 2024 (Wire) -`` or a
first line ``March 5, 2024 —``. Only the opening of the text is read, and only complete dates
(day, month and year) count: a yearless ``March 5`` cannot anchor anything without guessing
the year, so it is left alone rather than resolved against today.
"""

from __future__ import annotations

import datetime as dt
import re

from newsgraph.extract.timex_lex import MONTH, month_number

_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATE = (rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:(?P<mon>{MONTH})\s+{_DAY},?"
         rf"\s+{_YEAR}|{_DAY.replace('<d>', '<d2>')}\s+(?P<mon2>{MONTH}),?\s+"
         rf"{_YEAR.replace('<y>', '<y2>')}|(?P<iso>\d{{4}}-\d\d-\d\d))")
_DASH = r"(?:-{1,2}|–|—|:)"
# a place in capitals ("NEW YORK") or up to three capitalised words ("New York")
_PLACE = r"(?-i:[A-Z][A-Z.'’ -]{1,40}|[A-Z][a-z.]+(?: [A-Z][a-z.]+){0,2})"
# "CITY, March 5, 2024 (Agency) -", "CITY (Agency) March 5, 2024 -", "March 5, 2024 —"
_DATELINE = re.compile(
    rf"^\s*(?:(?:{_PLACE}),?\s+(?:\([^)\n]{{1,40}}\)\s+)?)?{_DATE}"
    rf"\s*(?:\([^)\n]{{1,40}}\)\s*)?{_DASH}", re.IGNORECASE)
#: one whitespace run between the label and the date (two optional ``\s*`` around an optional
#: colon backtracked on long runs of spaces); "Updated" lines never count
_LINE_DATE = re.compile(rf"^\s*(?:(?:Published|Posted):?\s*|:\s*)?{_DATE}\s*$", re.IGNORECASE)
#: "Published March 5, 2024" / "Originally published: ..." anywhere in the opening lines
_PUBLISHED_LINE = re.compile(
    rf"^\s*(?:Originally\s+)?(?:Published|Posted)(?:\s+on)?:?\s*{_DATE}", re.IGNORECASE)
#: lines read for a "Published" date: a byline block is a few short lines
HEAD_LINES = 6


def find_dateline(text: str) -> str | None:
    """The ISO date of a dateline at the very top of ``text``, or ``None``.

    The original date wins over an "Updated" one: a "Published ..." line among the first
    lines is taken before a bare date, and a line that says "Updated ..." never counts (a page
    of 2016 updated in 2025 is a 2016 page).
    """
    head = text[:600]
    lines = head.split("\n")[:HEAD_LINES]
    m = next((hit for line in lines if (hit := _PUBLISHED_LINE.match(line))), None)
    if m is None:
        m = _DATELINE.match(head)
    if m is None:
        m = _LINE_DATE.match(lines[0])
    if m is None:
        return None
    if m["iso"]:
        try:
            return dt.date.fromisoformat(m["iso"]).isoformat()
        except ValueError:
            return None
    mon = m["mon"] or m["mon2"]
    day = m["d"] or m["d2"]
    year = m["y"] or m["y2"]
    try:
        return dt.date(int(year), month_number(mon), int(day)).isoformat()
    except (ValueError, KeyError):
        return None
