"""Event dates as ranges of days, and when two reports' dates can be one event's date.

A mention's date is a TIMEX3 value of some precision; ``date_window`` turns it into the days
it allows (a day, a week, a month, ...; a publication date standing in for a missing event
date is *weak*), and ``dates_compatible`` says whether two such ranges can hold the same
event (see ``resolve/events.py`` for the rule in full).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEAK_DAYS_BEFORE = 3  # a publication date stands for an event up to this many days earlier
DAY_TOLERANCE = 1  # two day-precision reports may differ by this much (time zones, "overnight")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass(frozen=True, slots=True)
class Window:
    """The days an event date allows: ``lo``..``hi`` inclusive; ``weak`` for publication."""

    lo: dt.date
    hi: dt.date
    weak: bool = False

    @property
    def days(self) -> int:
        return (self.hi - self.lo).days + 1


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def date_window(value: str | None, precision: str) -> Window | None:
    """Days allowed by a TIMEX3 ``value`` of ``precision``; None when it cannot be compared.

    Decades and values with unresolved parts (``X``) return None: they are too vague to
    merge on.
    """
    if not value or "X" in value or precision in ("decade", "unknown"):
        return None
    # ASCII digits only: str.isdigit() also takes "²" and other digits int() refuses
    if not (value[:4].isascii() and value[:4].isdigit()) or not 10 <= int(value[:4]) <= 9990:
        return None  # windows widen by up to a year: years near 1 and 9999 overflowed
    try:
        if precision == "publication":
            day = dt.date.fromisoformat(value[:10])
            return Window(day - dt.timedelta(days=WEAK_DAYS_BEFORE), day, weak=True)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Window(day, day)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return Window(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
            return Window(monday, monday + dt.timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            return Window(dt.date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return Window(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            y = int(m[1])
            first, last = _SEASONS[m[2]]
            end_y, end_m = (y + 1, last - 12) if last > 12 else (y, last)
            return Window(dt.date(y, first, 1), _month_end(end_y, end_m))
        if m := re.fullmatch(r"(\d{4})", value):
            y = int(m[1])
            return Window(dt.date(y, 1, 1), dt.date(y, 12, 31))
    except (ValueError, OverflowError):  # impossible calendar dates, or before year 1
        return None
    return None


def dates_compatible(a: Window | None, b: Window | None) -> bool:
    """Whether two mention dates can be the same event's date (see the module docstring)."""
    if a is None or b is None:
        return False
    if a.weak and b.weak:
        return abs((a.hi - b.hi).days) <= DAY_TOLERANCE
    a_lo, a_hi = (a.lo - _TOL, a.hi + _TOL) if a.lo == a.hi else (a.lo, a.hi)
    b_lo, b_hi = (b.lo - _TOL, b.hi + _TOL) if b.lo == b.hi else (b.lo, b.hi)
    return a_lo <= b_hi and b_lo <= a_hi


_TOL = dt.timedelta(days=DAY_TOLERANCE)
