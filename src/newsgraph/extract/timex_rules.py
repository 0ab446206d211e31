"""TIMEX3 rules: one regex per expression shape and the function that gives its value.

A rule's regex serves twice: ``finditer`` over an article finds candidates (the finder in
``timex.py``) and ``fullmatch`` over a single expression normalises it (``normalise``). Values
follow TIMEX3: ``2019-03-05``, ``2019-03``, ``2020-W32``, ``2020-W32-WE``, ``1989-Q3``,
``1989-H2``, ``2018-SU``, ``199`` (a decade), ``19`` (a century), ``PRESENT_REF``, durations
``P3Y``/``PT2H``/``PXM``, times ``2024-03-05T15:00`` or ``2024-03-05TMO``, sets ``P1W`` or
``XXXX-WXX-1``.

Relative expressions are resolved against the anchor (the publication date) and the tense
of their clause: ``None`` when no context exists, which picks the reading most common in news
(past for weekdays, the anchor's year for months). Without an anchor they keep ``X`` digits
and ``anchor="none"``; nothing here reads the wall clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from newsgraph.extract.timex_lex import (
    DAYNUM,
    MONTH,
    NUM,
    ORDWORD,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    month_number,
    number,
    ordinal,
    year_number,
)

Tense = str | None  # "past", "future", "present" or None (no context)


class Norm(NamedTuple):
    """A normalised expression: TIMEX3 type and value, its precision and what anchored it."""

    type: str  # DATE, TIME, DURATION, SET
    value: str
    precision: str
    anchor: str  # absolute, publication, none


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a relative expression is resolved against."""

    dct: dt.date | None
    tense: Tense = None


Handler = Callable[[dict[str, str], Ctx], "Norm | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    find: bool = True  # whether the finder looks for this shape in running text


def _ws(pattern: str) -> str:
    """Let a literal space in a pattern match any run of whitespace (outside ``[...]``)."""
    out, depth = [], 0
    for i, ch in enumerate(pattern):
        if ch == "[" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif ch == "]" and (i == 0 or pattern[i - 1] != "\\"):
            depth -= 1
        if ch == " " and depth == 0:
            nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
            out.append(r"\s" if nxt in "?*" else r"\s+")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# value helpers

UNIT_CODE = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
             "weekend": "W", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y",
             "decade": "Y", "century": "Y"}
UNIT_SCALE = {"decade": 10, "century": 100, "fortnight": 2}


def unit_name(word: str) -> str:
    low = word.lower()
    if low == "centuries":
        return "century"
    return low[:-1] if low.endswith("s") and low[:-1] in UNIT_CODE else low


def week_value(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def shift_quarter(year: int, q: int, n: int) -> tuple[int, int]:
    idx = year * 4 + (q - 1) + n
    return idx // 4, idx % 4 + 1


def shift(dct: dt.date, unit: str, n: int) -> str:
    """The TIMEX3 value of the ``unit`` that lies ``n`` steps from the anchor."""
    if unit in ("day", "night"):
        return (dct + dt.timedelta(days=n)).isoformat()
    if unit in ("week", "weekend"):
        value = week_value(dct + dt.timedelta(weeks=n))
        return value + "-WE" if unit == "weekend" else value
    if unit == "fortnight":
        return week_value(dct + dt.timedelta(weeks=2 * n))
    if unit == "month":
        d = dct + relativedelta(months=n)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        y, q = shift_quarter(*quarter_of(dct), n)
        return f"{y:04d}-Q{q}"
    if unit == "decade":
        return f"{dct.year // 10 + n:03d}"
    if unit == "century":
        return f"{dct.year // 100 + n:02d}"
    if unit in ("hour", "minute", "second"):
        return dct.isoformat()
    return f"{dct.year + n:04d}"


UNRESOLVED = {"day": "XXXX-XX-XX", "night": "XXXX-XX-XX", "week": "XXXX-WXX",
              "weekend": "XXXX-WXX-WE", "fortnight": "XXXX-WXX", "month": "XXXX-XX",
              "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX",
              "hour": "XXXX-XX-XX", "minute": "XXXX-XX-XX", "second": "XXXX-XX-XX"}
PRECISION = {"night": "day", "weekend": "week", "fortnight": "week", "hour": "day",
             "minute": "day", "second": "day"}


def relative(ctx: Ctx, unit: str, n: int, ttype: str = "DATE") -> Norm:
    """``n`` units from the anchor, or the unresolved value when there is no anchor."""
    precision = PRECISION.get(unit, unit)
    if ctx.dct is None:
        return Norm(ttype, UNRESOLVED.get(unit, "XXXX"), precision, "none")
    return Norm(ttype, shift(ctx.dct, unit, n), precision, "publication")


def duration(n: int | float | None, unit: str) -> str:
    code = UNIT_CODE.get(unit, "X")
    scale = UNIT_SCALE.get(unit, 1)
    if n is None:
        amount = "X"
    else:
        total = n * scale
        amount = str(int(total)) if float(total).is_integer() else str(total)
    if unit in ("hour", "minute", "second"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


def _low(g: dict[str, str], key: str) -> str:
    return re.sub(r"\s+", " ", (g.get(key) or "").lower()).strip()


PAST_WORDS = {"last", "past", "previous", "prior", "the past", "the last", "the previous",
              "late last", "early last", "sometime last", "earlier last", "this past",
              "the preceding", "preceding", "mid last", "the latest", "the most recent",
              "latest", "most recent"}
FUTURE_WORDS = {"next", "coming", "the coming", "the next", "following", "the following",
                "early next", "late next", "sometime next", "later next", "this coming",
                "upcoming", "the upcoming", "mid next"}


def direction(rel: str) -> int:
    if rel in PAST_WORDS:
        return -1
    if rel in FUTURE_WORDS:
        return 1
    return 0


# ---------------------------------------------------------------------------------------------
# handlers

def _iso(g: dict[str, str], ctx: Ctx) -> Norm | None:
    try:
        d = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError:
        return None
    if g.get("H"):
        value = f"{d.isoformat()}T{g['H']}:{g['M']}" + (f":{g['S']}" if g.get("S") else "")
        return Norm("TIME", value, "time", "absolute")
    return Norm("DATE", d.isoformat(), "day", "absolute")


def _slash(g: dict[str, str], ctx: Ctx) -> Norm | None:
    y = int(g["y"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    try:
        d = dt.date(y, int(g["m"]), int(g["d"]))
    except ValueError:
        return None
    return Norm("DATE", d.isoformat(), "day", "absolute")


FUTURE_BIAS = 2


def _nearest_year(month: int, day: int | None, ctx: Ctx) -> int:
    """The year of a month (and day) named without one, nearest the anchor in tense direction."""
    assert ctx.dct is not None
    dct = ctx.dct
    here = (month, day or 0)
    now = (dct.month, dct.day if day else 0)
    if ctx.tense == "past":
        return dct.year - 1 if here > now else dct.year
    if ctx.tense == "future":
        return dct.year + 1 if here < now else dct.year
    # no context: news mostly reports the past, so the next occurrence is chosen only when
    # it lies much nearer than the last one (a story in November about "January")
    day_ = min(day or 15, 28)
    this = dt.date(dct.year, month, day_)
    past = this if this <= dct else dt.date(dct.year - 1, month, day_)
    future = this if this > dct else dt.date(dct.year + 1, month, day_)
    if (future - dct).days * FUTURE_BIAS < (dct - past).days:
        return future.year
    return past.year


def _month_day(g: dict[str, str], ctx: Ctx) -> Norm | None:
    month = month_number(g["mon"])
    day = ordinal(g["d"])
    if day is None or not 1 <= day <= 31:
        return None
    if g.get("y"):
        y = year_number(g["y"])
        if y is None:
            return None
        try:
            return Norm("DATE", dt.date(y, month, day).isoformat(), "day", "absolute")
        except ValueError:
            return None
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none")
    rel = _low(g, "rel")
    if rel in ("next", "this coming", "coming"):
        ctx = Ctx(ctx.dct, "future")
    elif rel in ("last", "this past", "past"):
        ctx = Ctx(ctx.dct, "past")
    year = _nearest_year(month, day, ctx)
    try:
        return Norm("DATE", dt.date(year, month, day).isoformat(), "day", "publication")
    except ValueError:
        return None


def _month_year(g: dict[str, str], ctx: Ctx) -> Norm | None:
    y = year_number(g["y"])
    if y is None:
        return None
    return Norm("DATE", f"{y:04d}-{month_number(g['mon']):02d}", "month", "absolute")


def _month(g: dict[str, str], ctx: Ctx) -> Norm | None:
    month = month_number(g["mon"])
    rel = _low(g, "rel") or _low(g, "rel2")
    yrel = _low(g, "yrel")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{month:02d}", "month", "none")
    dct = ctx.dct
    if yrel:
        year = dct.year + direction(yrel)
    elif direction(rel) < 0:
        # the month just ended is "last month"; "last February" said in March is a year back
        year = dct.year - 1 if month >= dct.month - 1 else dct.year
    elif direction(rel) > 0:
        year = dct.year + 1 if month <= dct.month else dct.year
    elif rel in ("this", "earlier this", "later this"):
        year = dct.year
    else:
        year = _nearest_year(month, None, ctx)
    return Norm("DATE", f"{year:04d}-{month:02d}", "month", "publication")


def _season(g: dict[str, str], ctx: Ctx) -> Norm | None:
    season = SEASONS[_low(g, "s")]
    if g.get("y"):
        y = year_number(g["y"])
        if y is None:
            return None
        return Norm("DATE", f"{y:04d}-{season}", "season", "absolute")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{season}", "season", "none")
    way = direction(_low(g, "rel"))
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    if way < 0:
        year = ctx.dct.year if start + 3 <= ctx.dct.month else ctx.dct.year - 1
    elif way > 0:
        year = ctx.dct.year if start > ctx.dct.month else ctx.dct.year + 1
    else:
        year = ctx.dct.year
    return Norm("DATE", f"{year:04d}-{season}", "season", "publication")


def _half(g: dict[str, str], ctx: Ctx) -> Norm | None:
    h = 1 if (_low(g, "h") or _low(g, "h2")) in ("first", "1st") else 2
    if g.get("y"):
        y = year_number(g["y"])
        if y is None:
            return None
        return Norm("DATE", f"{y:04d}-H{h}", "half", "absolute")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-H{h}", "half", "none")
    year = ctx.dct.year + direction(_low(g, "yrel"))
    return Norm("DATE", f"{year:04d}-H{h}", "half", "publication")


_Q_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
          "4th": 4, "final": 4}
_YEAR_BACK = re.compile(r"year[- ]earlier|year[- ]ago|a year (?:ago|earlier|before)|last year|"
                        r"prior[- ]year|previous year|year before")
_YEAR_NEXT = re.compile(r"next year")


def _quarter(g: dict[str, str], ctx: Ctx) -> Norm | None:
    lead, tail = _low(g, "lead"), _low(g, "tail")
    if g.get("period") and not set(re.split(r"[ -]", lead)) - {"the", "that", ""}:
        return None  # "the period" alone names no reporting period
    words = f"{lead} {tail}"
    q = _Q_ORD.get(_low(g, "q")) if g.get("q") else None
    explicit = year_number(g.get("y1") or g.get("y2") or "") if (g.get("y1") or g.get("y2")) \
        else None
    year_shift = -1 if _YEAR_BACK.search(words) else 1 if _YEAR_NEXT.search(words) else 0
    if explicit is not None and q is not None:
        return Norm("DATE", f"{explicit:04d}-Q{q}", "quarter", "absolute")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-Q{q or 'X'}", "quarter", "none")
    cy, cq = quarter_of(ctx.dct)
    if q is not None:
        if re.search(r"\bthis\b|\bcurrent\b", lead) and not year_shift:
            year = cy
        elif ctx.tense == "future":
            year = cy + 1 if q < cq else cy
        else:
            year = cy - 1 if q > cq else cy
        return Norm("DATE", f"{year + year_shift:04d}-Q{q}", "quarter", "publication")
    # no ordinal: "the quarter", "the latest quarter", "this quarter", "next quarter"
    if re.search(r"\b(?:this|current|present)\b", lead):
        step = 0
    elif re.search(r"\b(?:next|coming|following)\b", lead):
        step = 1
    elif ctx.tense == "future" and not re.search(r"\b(?:last|latest|past|previous|prior|most "
                                                 r"recent)\b", lead):
        step = 0
    else:
        step = -1  # the quarter a report speaks of is the latest completed one
    y, qq = shift_quarter(cy, cq, step)
    if explicit is not None:
        y = explicit
    return Norm("DATE", f"{y + year_shift:04d}-Q{qq}", "quarter", "publication")


def _decade(g: dict[str, str], ctx: Ctx) -> Norm | None:
    word = _low(g, "dec")
    m = re.fullmatch(r"(\d{3})0'?s", word)
    if m:
        return Norm("DATE", m[1], "decade", "absolute")
    names = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    m2 = re.fullmatch(r"(nineteen|eighteen|twenty)[- ]?(\w+)", word)
    if m2 and m2[2] in names:
        century = {"nineteen": 19, "eighteen": 18, "twenty": 20}[m2[1]]
        return Norm("DATE", f"{century}{names[m2[2]]}", "decade", "absolute")
    m3 = re.fullmatch(r"'?(\d)0'?s", word)
    tens = int(m3[1]) if m3 else names.get(word.removeprefix("the "))
    if tens is None:
        return None
    if ctx.dct is None:
        return Norm("DATE", f"XX{tens}", "decade", "none")
    century = ctx.dct.year // 100
    if tens * 10 > ctx.dct.year % 100:
        century -= 1  # "the nineties" written in 2005 are the 1990s
    return Norm("DATE", f"{century}{tens}", "decade", "publication")


def _century(g: dict[str, str], ctx: Ctx) -> Norm | None:
    n = ordinal(g["n"])
    if n is None or not 1 <= n <= 30:
        return None
    return Norm("DATE", f"{n - 1:02d}", "century", "absolute")


def _year(g: dict[str, str], ctx: Ctx) -> Norm | None:
    y = year_number(g["y"])
    if y is None:
        return None
    return Norm("DATE", f"{y:04d}", "year", "absolute")


def _fiscal_short(g: dict[str, str], ctx: Ctx) -> Norm | None:
    yy = int(g["yy"])
    century = 1900 if yy >= 50 else 2000
    return Norm("DATE", f"{century + yy:04d}", "year", "absolute")


def _ago(g: dict[str, str], ctx: Ctx) -> Norm | None:
    unit = unit_name(g["u"])
    n = number(g["n"]) if g.get("n") else None
    sign = 1 if _low(g, "dir") in ("later", "after", "from now", "hence", "on") else -1
    if n is None:
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "ref", "absolute")
    if not float(n).is_integer():
        return None
    return relative(ctx, unit, sign * int(n))


def _rel_unit(g: dict[str, str], ctx: Ctx) -> Norm | None:
    unit = unit_name(_low(g, "u").split()[-1])
    rel = _low(g, "rel")
    step = direction(rel)
    if unit == "weekend" and step == 0 and ctx.dct is not None and ctx.dct.weekday() < 5:
        # on a weekday "the weekend" has passed unless the clause looks ahead
        if rel == "this":
            step = -1 if ctx.tense == "past" else 0
        elif ctx.tense != "future":
            step = -1
    return relative(ctx, unit, step)


def _year_adj(g: dict[str, str], ctx: Ctx) -> Norm | None:
    return relative(ctx, "year", -1)


def _the_unit_dir(g: dict[str, str], ctx: Ctx) -> Norm | None:
    unit = unit_name(_low(g, "u"))
    sign = -1 if _low(g, "dir") in ("before", "earlier", "previous", "prior", "preceding") \
        else 1
    return relative(ctx, unit, sign)


def _year_end(g: dict[str, str], ctx: Ctx) -> Norm | None:
    return relative(ctx, "year", 0)


_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}


def _deictic(g: dict[str, str], ctx: Ctx) -> Norm | None:
    word = _low(g, "w")
    pod = _low(g, "pod").replace("-", "").replace(" ", "")
    pod = pod.removeprefix("mid").removeprefix("late").removeprefix("early") or pod
    shift_days = _DEICTIC.get(word, 0)
    code = PARTS_OF_DAY.get(pod) or (PARTS_OF_DAY["night"] if word == "tonight" else None)
    if word == "last" and not code:
        return None
    if ctx.dct is None:
        return Norm("TIME" if code else "DATE", "XXXX-XX-XX" + (f"T{code}" if code else ""),
                    "time" if code else "day", "none")
    day = (ctx.dct + dt.timedelta(days=shift_days)).isoformat()
    if code:
        return Norm("TIME", f"{day}T{code}", "time", "publication")
    return Norm("DATE", day, "day", "publication")


def weekday_date(dct: dt.date, wd: int, way: str, strict: bool) -> dt.date:
    """The weekday ``wd`` before (``way="past"``) or after the anchor; strict skips today."""
    delta = wd - dct.weekday()
    if way == "future":
        if delta > 0 or (delta == 0 and not strict):
            return dct + dt.timedelta(days=delta)
        return dct + dt.timedelta(days=delta + 7)
    if delta < 0 or (delta == 0 and not strict):
        return dct + dt.timedelta(days=delta)
    return dct + dt.timedelta(days=delta - 7)


def _weekday(g: dict[str, str], ctx: Ctx) -> Norm | None:
    wd = WEEKDAYS[_low(g, "wd").rstrip("s")]
    rel = _low(g, "rel")
    pod = _low(g, "pod")
    clock = _low(g, "clock")
    plural = bool(g.get("pl")) or pod.endswith("s") and pod != "s"
    code = PARTS_OF_DAY.get(pod.rstrip("s")) if pod else None
    suffix = f"T{code}" if code else ""
    if clock:
        suffix = "T12:00" if clock == "noon" else "T24:00"
    if plural or rel in ("every", "each"):
        return Norm("SET", f"XXXX-WXX-{wd + 1}{suffix}", "set", "absolute")
    ttype = "TIME" if suffix else "DATE"
    precision = "time" if suffix else "day"
    if ctx.dct is None:
        return Norm(ttype, f"XXXX-WXX-{wd + 1}{suffix}", precision, "none")
    d_ = direction(rel)
    if d_ < 0:
        day = weekday_date(ctx.dct, wd, "past", strict=True)
    elif d_ > 0:
        day = weekday_date(ctx.dct, wd, "future", strict=True)
    elif rel == "this":
        day = weekday_date(ctx.dct, wd, "past" if ctx.tense == "past" else "future", False)
    else:
        way = "future" if ctx.tense in ("future", "present") else "past"
        day = weekday_date(ctx.dct, wd, way, strict=False)
    if rel in ("the previous", "the following", "the next"):
        pass  # relative to a narrative day we do not track; the anchor stands in
    return Norm(ttype, day.isoformat() + suffix, precision, "publication")


def _clock(g: dict[str, str], ctx: Ctx) -> Norm | None:
    if g.get("named"):
        hh, mm = (12, 0) if _low(g, "named") == "noon" else (24, 0)
    else:
        hh, mm = int(g["h"]), int(g.get("mi") or 0)
        ap = _low(g, "ap").replace(".", "")
        if ap:
            if not 1 <= hh <= 12:
                return None
            hh = hh % 12 + (12 if ap == "pm" else 0)
        if hh > 24 or mm > 59:
            return None
    word = _low(g, "w")
    if ctx.dct is None:
        return Norm("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}", "time", "none")
    day = ctx.dct + dt.timedelta(days=_DEICTIC.get(word, 0))
    return Norm("TIME", f"{day.isoformat()}T{hh:02d}:{mm:02d}", "time", "publication")


def _clock_date(g: dict[str, str], ctx: Ctx) -> Norm | None:
    """"5 p.m. EST Nov. 9": the day from the date part, the hour from the clock part."""
    day = normalise(g["date"], ctx.dct, ctx.tense)
    clock = normalise(g["clk"], ctx.dct, ctx.tense)
    if day is None or clock is None or day.precision != "day" or "T" not in clock.value:
        return None
    return Norm("TIME", day.value + clock.value[clock.value.index("T"):], "time", day.anchor)


def _part_of_day(g: dict[str, str], ctx: Ctx) -> Norm | None:
    pod = _low(g, "pod").replace("-", "").replace(" ", "")
    code = PARTS_OF_DAY.get(pod.removeprefix("mid").removeprefix("early")
                            .removeprefix("late") or pod) or PARTS_OF_DAY.get(pod)
    if code is None:
        return None
    if ctx.dct is None:
        return Norm("TIME", f"XXXX-XX-XXT{code}", "time", "none")
    return Norm("TIME", f"{ctx.dct.isoformat()}T{code}", "time", "publication")


def _duration(g: dict[str, str], ctx: Ctx) -> Norm | None:
    unit = unit_name(g["u"])
    n = number(g["n"]) if g.get("n") else None
    return Norm("DURATION", duration(n, unit), "duration", "absolute")


def _vague_plural(g: dict[str, str], ctx: Ctx) -> Norm | None:
    lead = _low(g, "lead")
    unit = unit_name(g["u"])
    if lead in ("recent", "the recent", "in recent", "past"):
        return Norm("DATE", "PAST_REF", "ref", "absolute")
    if lead in ("future", "coming"):
        return Norm("DATE", "FUTURE_REF", "ref", "absolute")
    return Norm("DURATION", duration(None, unit), "duration", "absolute")


_ADVERB_SETS = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W",
                "biweekly": "P2W", "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M",
                "annually": "P1Y", "yearly": "P1Y", "semiannually": "P6M",
                "biannually": "P6M"}


def _set(g: dict[str, str], ctx: Ctx) -> Norm | None:
    if g.get("adv"):
        return Norm("SET", _ADVERB_SETS[_low(g, "adv")], "set", "absolute")
    word = _low(g, "u")
    if word.rstrip("s") in WEEKDAYS:
        return Norm("SET", f"XXXX-WXX-{WEEKDAYS[word.rstrip('s')] + 1}", "set", "absolute")
    if word in SEASONS:
        return Norm("SET", f"XXXX-{SEASONS[word]}", "set", "absolute")
    n = number(g["n"]) if g.get("n") else 1
    return Norm("SET", duration(n, unit_name(word)), "set", "absolute")


def _ref(value: str) -> Handler:
    def handler(g: dict[str, str], ctx: Ctx) -> Norm | None:
        return Norm("DATE", value, "ref", "absolute")
    return handler


# ---------------------------------------------------------------------------------------------
# patterns

_MOD = (r"(?:(?:the )?(?:very )?(?:early|late|mid|middle of|end of|beginning of|start of|"
        r"close of|turn of|rest of|remainder of|balance of|first part of|latter part of|"
        r"part of|much of|most of|all of|a good part of|a large part of)"
        r"[- ]?(?:the )?|(?:earlier|later|sometime|some time|so far) )?")
_REL = (r"(?:this past|this coming|this|last|next|past|coming|previous|prior|following|"
        r"upcoming|late last|early last|early next|late next|sometime next|sometime last|"
        r"earlier this|later this|early this|late this|so far this)")
_APPROX = (r"(?:(?:about|nearly|almost|around|roughly|approximately|some|more than|less than|"
           r"over|under|up to|at least|at most|no more than|no less than|fewer than|just|only|"
           r"another|an additional|an extra|the first|the last|the past|the next|the final|"
           r"the remaining|the latest|the same|the full|a full|a further) )?")

_Q_LEAD_WORD = (r"(?:the|its|their|this|that|last|next|current|present|latest|most recent|"
                r"previous|prior|past|same|comparable|corresponding|year-earlier|year-ago|"
                r"year earlier|year ago|prior-year|prior year's|fiscal|calendar|final|"
                rf"this year's|last year's|next year's|(?P<y1>{YEAR})(?:'s)?)")

RULES_SRC: list[tuple[str, str, Handler, bool]] = [
    ("iso", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)"
     r"(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?", _iso, True),
    ("slash", r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)", _slash, True),
    ("month_day", rf"(?:(?:(?P<rel>this coming|this past|this|last|next|on) )?{WEEKDAY},? )?"
     rf"(?:(?:early|late|mid)[- ])?(?P<mon>{MONTH}) (?:the )?(?P<d>{DAYNUM})"
     rf"(?:(?:,|of)? (?P<y>{YEAR}))?", _month_day, True),
    ("day_month", rf"(?:{WEEKDAY},? )?(?:the )?(?P<d>{DAYNUM}) (?:of )?(?P<mon>{MONTH})"
     rf"(?:,? (?P<y>{YEAR}))?", _month_day, True),
    ("month_year", rf"{_MOD}(?P<mon>{MONTH}),? (?:of )?(?P<y>{YEAR})", _month_year, True),
    ("month_rel_year", rf"{_MOD}(?P<mon>{MONTH}),? (?:of )?(?P<yrel>last|this|next) year",
     _month, True),
    ("month", rf"(?:(?P<rel>{_REL}) )?{_MOD}(?P<mon>{MONTH})", _month, True),
    ("half", rf"(?:the |its )?(?:(?P<h>first|second|last|latter|1st|2nd) half|(?P<h2>first|"
     r"last|final) (?:two|2) quarters)(?: of "
     rf"(?:(?:fiscal |the year )?(?P<y>{YEAR})|(?P<yrel>this|last|next) year|the year))?",
     _half, True),
    ("quarter", rf"(?P<lead>(?:{_Q_LEAD_WORD}[ -]){{0,6}})"
     r"(?:[a-z]+ (?=(?:first|second|third|fourth)"
     r"[ -]quarter))?(?:(?P<q>first|second|third|fourth|"
     r"1st|2nd|3rd|4th|final)[ -])?quarter(?P<tail>(?: of (?:fiscal |the year )?(?P<y2>"
     rf"{YEAR})| (?:of )?(?:last|this|next) year| a year (?:ago|earlier)| of the year)?)",
     _quarter, True),
    ("period", rf"(?P<lead>(?:(?:the|that|latest|most recent|year-earlier|year-ago|"
     rf"year earlier|comparable|corresponding|same|prior-year|(?P<y1>{YEAR}))[ -]){{1,6}})"
     r"(?P<period>period)(?P<tail>(?: a year (?:ago|earlier)| last year)?)", _quarter, True),
    ("decade", rf"{_MOD}(?:the )?(?P<dec>\d{{3}}0'?s|'?\d0'?s|(?:nineteen|eighteen|twenty)[- ]?"
     r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|twenties|"
     r"thirties|forties|fifties|sixties|seventies|eighties|nineties)", _decade, True),
    ("century", rf"(?:the )?(?P<n>{ORDWORD}|\d{{1,2}}(?:st|nd|rd|th)) century", _century, True),
    ("fiscal_short", r"(?:fiscal|fy)[ ']?'?(?P<yy>\d\d)", _fiscal_short, True),
    ("year", rf"{_MOD}(?:(?:the )?(?:fiscal|calendar|model|school|crop|financial) (?:year )?|"
     rf"the year |fy ?)?(?P<y>{YEAR})(?:'s)?", _year, True),
    ("ago", rf"{_APPROX}(?:(?P<n>{NUM})[ -])?(?P<u>{UNIT})(?: or so)? (?P<dir>ago|earlier|"
     r"later|before|after|previously|from now|hence)", _ago, True),
    ("the_unit_dir", r"(?:the )?(?P<u>day|night|week|weekend|month|year) (?P<dir>before|after|"
     r"earlier|later)", _the_unit_dir, True),
    ("the_dir_unit", r"the (?P<dir>previous|next|following|prior|preceding) "
     r"(?P<u>day|night|week|weekend|month|year)", _the_unit_dir, True),
    ("in_the_unit", r"(?:earlier|later|early|late) in the (?P<u>day|week|month|year)",
     _rel_unit, True),
    ("year_end", r"(?:the )?year[- ]end|(?:the )?year's end|(?:the )?end of the year",
     _year_end, True),
    ("rel_unit", rf"{_MOD}(?P<rel>(?:the )?{_REL}|the|that|the current|the present|the same|"
     r"the latest|the most recent)(?: (?:fiscal|calendar|full|financial|business|trading))? "
     r"(?P<u>day|week|weekend|month|year|decade|century)(?:'s)?(?: or so)?", _rel_unit, True),
    ("deictic", r"(?:(?:early|late|later|earlier|mid)[- ])?(?P<w>today|yesterday|tomorrow|"
     r"tonight)(?:(?:'s)? (?P<pod>morning|afternoon|evening|night))?", _deictic, True),
    ("pod_deictic", r"(?P<pod>(?:mid|early|late)?[- ]?(?:morning|afternoon|evening)) "
     r"(?P<w>yesterday|today|tomorrow)", _deictic, True),
    ("this_pod", r"(?:(?:early|late|later|earlier) )?(?P<w>this|last) (?P<pod>morning|"
     r"afternoon|evening|night)", _deictic, True),
    ("weekday", rf"(?:(?P<rel>{_REL}|the previous|the following|the next|the last|every|each|"
     rf"on|early|late|earlier|later) )?(?:(?P<clock>noon|midnight) )?(?P<wd>{WEEKDAY})(?P<pl>s)?"
     r"(?:(?:'s)? (?P<pod>morning|afternoon|evening|night|nights))?", _weekday, True),
    ("clock", r"(?:(?:at|about|around) )?(?P<h>\d{1,2})(?::(?P<mi>\d\d))? ?(?P<ap>[ap]\.?m\.?)"
     r"(?: (?:[A-Z]{2,4}|GMT|UTC))?(?: (?P<w>today|yesterday|tomorrow))?", _clock, True),
    ("clock_date", r"(?P<clk>\d{1,2}(?::\d\d)? ?[ap]\.?m\.?(?: [A-Z]{2,4})?|noon|midnight),?"
     rf"(?: on)? (?P<date>{WEEKDAY}|{MONTH} {DAYNUM}(?:,? {YEAR})?|today|yesterday|tomorrow)",
     _clock_date, True),
    ("named_clock", r"(?P<named>noon|midnight)(?: (?P<w>today|yesterday|tomorrow))?", _clock,
     True),
    ("part_of_day", r"(?:the )?(?P<pod>(?:mid|early|late)?[- ]?(?:morning|afternoon|evening)"
     r"|overnight)", _part_of_day, False),
    # each word of the lead-in is one repeat, "the" among them: "(the )?(last|the) " repeated
    # cut "the last the last ..." 2^n ways (20 of them took 51 s; issue 25). Lead-ins of the
    # quarter, period and duration rules are capped at 6 words: an unbounded one is rescanned
    # from every word a finder tries (quadratic: 36 kB of "the last " took 173 s)
    ("duration", rf"{_APPROX}(?:(?:a |an )?(?:past|last|next|first|coming|previous|following|"
     r"final|remaining|latest|initial|ensuing|same|year-earlier|year-ago|entire|whole|full|"
     rf"the) ){{0,6}}(?P<n>{NUM})(?:(?: to | or |-| and )(?:{NUM}))?[ -](?:(?:trading|"
     rf"business|working|calendar|school) )?(?P<u>{UNIT})(?: or so| ahead| running| straight|"
     r"| in a row| (?:period|term|span|stretch|stint|spell|window|interval))?", _duration, True),
    ("year_adj", r"year[- ](?:earlier|ago)|prior[- ]year", _year_adj, False),
    ("vague_plural", r"(?P<lead>(?:in )?recent|the recent|the past few|the last few|future|"
     r"the next few|the coming|coming|the|past|the past|the last)? ?(?P<u>seconds|minutes|"
     r"hours|days|weeks|months|quarters|years|decades|centuries)(?: (?:and|or) "
     r"(?:months|years|weeks|days))?(?: ahead| to come)?", _vague_plural, True),
    ("set", rf"(?:every|each|per) (?:other )?(?:(?P<n>{NUM}) )?(?P<u>{UNIT}|{WEEKDAY}|"
     rf"{SEASON})|(?:once|twice|thrice|{NUM} times) (?:a|an|per|each|every) (?P<u2>{UNIT})"
     r"|(?P<adv>hourly|daily|nightly|weekly|biweekly|fortnightly|monthly|quarterly|annually|"
     r"yearly|semiannually|biannually)", _set, True),
    ("season", rf"(?:(?P<rel>{_REL}|the|this|that|early|late|mid) )?(?:the )?(?:(?:early|late|"
     rf"mid)[- ])?(?P<s>{SEASON})(?:,? (?:of )?(?P<y>{YEAR}))?", _season, True),
    ("present_ref", r"now|right now|just now|currently|current|nowadays|these days|at present|"
     r"presently|at the moment|at this time|for the time being|this time|today's|"
     r"(?:this|the present|the current) (?:[a-z]+ )?(?:moment|juncture)", _ref(
         "PRESENT_REF"), True),
    ("past_ref", r"recently|recent|lately|previously|formerly|the past|in the past|"
     r"more recently|until recently|past years|the time|a while ago|some time ago|long ago|"
     r"earlier", _ref("PAST_REF"), True),
    ("future_ref", r"the future|future|soon|shortly|the near future|the near term|"
     r"the short term|the long term|the longer term|the long run|the short run|eventually|"
     r"someday|one day|in the coming|the coming|sometime|from time to time|later|"
     r"a later date|a future date|as soon as possible", _ref(
         "FUTURE_REF"), True),
]

# shapes the finder skips in running text because they are mostly not temporal there
NO_FIND = {"the time", "earlier", "later", "sometime", "one day", "this time", "the coming",
           "in the coming", "from time to time", "future", "today's", "the past"}


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(_ws(pattern), re.IGNORECASE)


RULES: list[Rule] = [Rule(name, _compile(p), h, f) for name, p, h, f in RULES_SRC]


@lru_cache(maxsize=1 << 14)
def normalise(text: str, dct: dt.date | None, tense: Tense = None) -> Norm | None:
    """TIMEX3 type and value of one expression, or ``None`` when no rule reads it.

    The first rule whose pattern covers the whole expression decides; dateparser reads what
    none covers (absolute calendar dates in unusual layouts), anchored on ``dct``.
    Remembered: a pure function of its arguments (``Norm`` is immutable), and a day's news
    repeats the same few expressions ("Monday", "last year") against the same anchor.
    """
    try:
        return _normalise(text, dct, tense)
    except (ValueError, OverflowError):
        # an anchor at the edge of the calendar (year 1, year 9999) cannot be shifted by a
        # year: the expression keeps its unanchored reading rather than failing the article
        return _normalise(text, None, tense) if dct is not None else None


def _normalise(text: str, dct: dt.date | None, tense: Tense) -> Norm | None:
    clean = re.sub(r"\s+", " ", text.strip()).rstrip(",;:")
    clean = re.sub(r"^(?:its|their|his|her|our|this|the)\s+(?=(?:fiscal|latest|current)\b)",
                   "the ", clean, flags=re.IGNORECASE)
    ctx = Ctx(dct, tense)
    norm = _apply_rules(clean, ctx)
    if norm is None:
        bare = _CUES.sub("", clean)
        bare = _TAILS.sub("", bare)
        if bare and bare != clean:
            norm = _apply_rules(bare, ctx)
    return norm if norm is not None else _dateparser(clean, dct, tense)


_CUES = re.compile(r"^(?:(?:in|on|at|for|within|during|over|since|until|till|by|from|through|"
                   r"throughout|before|after|around|about|approximately|roughly|nearly|almost|"
                   r"some|as of|as early as|as late as|no later than|sometime in)\s+)+",
                   re.IGNORECASE)
_TAILS = re.compile(r"(?<!\s)\s+(?:or\s+(?:so|later|earlier|more|less|longer|sooner|thereabouts)|"
                    r"and\s+beyond)$", re.IGNORECASE)


def _apply_rules(clean: str, ctx: Ctx) -> Norm | None:
    """The first rule whose pattern covers all of ``clean`` and yields a value."""
    for rule in RULES:
        m = rule.regex.fullmatch(clean)
        if m is None:
            continue
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        if rule.name == "set" and g.get("u2"):
            g["u"] = g["u2"]
        norm = rule.handler(g, ctx)
        if norm is not None:
            return norm
    return None


def _dateparser(text: str, dct: dt.date | None, tense: Tense) -> Norm | None:
    """Calendar dates no rule covers, read by dateparser against the anchor (never today)."""
    if not re.search(r"\d", text) and not re.search(MONTH, text, re.IGNORECASE):
        return None
    if dct is None:
        return None  # dateparser fills missing parts from its base: only an anchor may do so
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(dct, dt.time())
    prefer = {"past": "past", "future": "future"}.get(tense or "", "current_period")
    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "STRICT_PARSING": False,
        "RETURN_AS_TIMEZONE_AWARE": False})
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    anchor = "publication"
    if data.period == "year":
        return Norm("DATE", f"{d.year:04d}", "year", anchor)
    if data.period == "month":
        return Norm("DATE", f"{d.year:04d}-{d.month:02d}", "month", anchor)
    if data.period == "time":
        t = data.date_obj
        return Norm("TIME", f"{d.isoformat()}T{t.hour:02d}:{t.minute:02d}", "time", anchor)
    return Norm("DATE", d.isoformat(), "day", anchor)
