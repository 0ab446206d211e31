"""Temporal expressions: find them in text and normalise them to TIMEX3 values.

``find_timexes`` is a pure function of the text, the publication date (the anchor) and a tense
oracle, so it is testable without spaCy and independent of the wall clock. Relative
expressions without an anchor keep unresolved ``X`` digits and ``anchor="none"``: we never
resolve against today.

Registered as the spaCy component ``newsgraph_timex`` writing ``doc._.ng_timexes``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.records import Timex

VERSION = "0.1.0"

Tense = str  # "past", "future" or "present"

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MON_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
             "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "several": None, "few": None}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H",
         "minute": "M", "century": "CE"}

_MONTH = (r"(?P<{n}>january|february|march|april|may|june|july|august|september|october|"
          r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_WD = r"(?P<{n}>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?P<{n}>\d{{1,2}}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_YEAR = r"(?P<{n}>(?:1[89]|20)\d\d)"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b" + _YEAR.format(n="y") + r"-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    ("mdy", r"\b" + _MONTH.format(n="mon") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
     + _YEAR.format(n="y") + r"\b"),
    ("dmy", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(n="mon")
     + r",?\s+" + _YEAR.format(n="y") + r"\b"),
    ("md", r"\b" + _MONTH.format(n="mon") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d)"),
    ("dm", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(n="mon")
     + r"\b(?!,?\s+\d)"),
    ("my", r"\b" + _MONTH.format(n="mon") + r",?\s+(?:of\s+)?" + _YEAR.format(n="y") + r"\b"),
    ("rel_month", r"\b(?P<rel>last|next|this|early|late|mid|earlier this|later this)\s+"
     + _MONTH.format(n="mon") + r"\b"),
    ("season", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
     r"(?:\s+(?:of\s+)?" + _YEAR.format(n="y") + r")?\b"),
    ("quarter", r"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
     r"(?:\s+of\s+" + _YEAR.format(n="y") + r")?\b"),
    ("decade", r"\b(?:the\s+)?(?P<dec>(?:1[89]|20)\d)0s\b"),
    ("ago", r"\b" + _NUM.format(n="num") + r"\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("rel_unit", r"\b(?P<rel>last|next|this|past|coming|earlier this|later this)\s+"
     r"(?P<unit>week|month|year|weekend|quarter)\b"),
    ("rel_wd", r"\b(?P<rel>last|next|this|on|coming)\s+" + _WD.format(n="wd") + r"\b"),
    ("wd", r"\b" + _WD.format(n="wd") + r"\b"),
    ("deictic", r"\b(?P<word>today|yesterday|tomorrow|tonight)\b"),
    ("duration", r"\b(?:for|over|within|in)\s+(?:the\s+(?:past|last|next)\s+)?"
     + _NUM.format(n="num") + r"\s+(?P<unit>day|week|month|year|decade|hour)s?\b"),
    ("ref", r"\b(?P<refw>now|currently|recently|at present|nowadays|formerly)\b"),
    ("in_month", r"\b(?:in|since|until|by|during)\s+" + _MONTH.format(n="mon")
     + r"\b(?!,?\s+(?:of\s+)?\d)"),
    ("year", r"\b(?:in|since|until|by|during|of|from|early|late|mid-?)\s*" + _YEAR.format(n="y")
     + r"\b(?!\s*(?:-|\d|%|per|people|troops))"),
]
_REGEX = re.compile("|".join(f"(?P<{name}>{pat.replace('(?P<', f'(?P<{name}_')})"
                             for name, pat in _PATTERNS), re.IGNORECASE)


def _month(name: str) -> int:
    low = name.lower().rstrip(".")
    return MONTHS.get(low) or _MON_ABBR[low]


def _num(word: str) -> int | None:
    low = word.lower()
    return int(low) if low.isdigit() else NUMBER_WORDS.get(low)


def find_timexes(text: str, dct: dt.date | None,
                 tense_at: Callable[[int], Tense] | None = None) -> list[Timex]:
    """All temporal expressions in ``text``, normalised against ``dct`` when given."""
    out: list[Timex] = []
    for m in _REGEX.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        g = {k[len(kind) + 1:]: v for k, v in m.groupdict().items()
             if v is not None and k.startswith(kind + "_")}
        start, end = m.span()
        # leading prepositions are cue words, not part of the expression
        lead = re.match(r"(?:in|since|until|by|during|of|from|for|over|within|on)\s+",
                        text[start:end], re.IGNORECASE)
        if lead and kind not in ("duration",):
            start += lead.end()
        tense = tense_at(start) if tense_at else "past"
        norm = _normalise(kind, g, dct, tense)
        if norm is None:
            continue
        ttype, value, precision, anchor = norm
        out.append(Timex(text[start:end], start, end, ttype, value,  # type: ignore[arg-type]
                         precision, anchor))  # type: ignore[arg-type]
    return out


def _normalise(kind: str, g: dict[str, str], dct: dt.date | None,
               tense: Tense) -> tuple[str, str, str, str] | None:
    """Return ``(type, value, precision, anchor)`` for one match."""
    y = int(g["y"]) if "y" in g else None
    if kind == "iso" or kind in ("mdy", "dmy"):
        month = int(g["m"]) if kind == "iso" else _month(g["mon"])
        try:
            d = dt.date(y or 0, month, int(g["d"]))
        except ValueError:
            return None
        return "DATE", d.isoformat(), "day", "absolute"
    if kind in ("md", "dm"):
        month, day = _month(g["mon"]), int(g["d"])
        if not 1 <= day <= 31:
            return None
        if dct is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none"
        year = _year_for_month(month, dct, tense, day)
        try:
            return "DATE", dt.date(year, month, day).isoformat(), "day", "publication"
        except ValueError:
            return None
    if kind == "my":
        return "DATE", f"{y:04d}-{_month(g['mon']):02d}", "month", "absolute"
    if kind in ("rel_month", "in_month"):
        month = _month(g["mon"])
        if g["mon"].lower() == "may" and kind == "in_month":
            pass  # "in May" is a month; the modal verb never follows a preposition
        rel = g.get("rel", "").lower()
        if dct is None:
            return "DATE", f"XXXX-{month:02d}", "month", "none"
        if rel == "last":
            year = dct.year - 1 if month >= dct.month else dct.year
        elif rel == "next":
            year = dct.year + 1 if month <= dct.month else dct.year
        elif rel in ("this", "earlier this", "later this"):
            year = dct.year
        else:
            year = _year_for_month(month, dct, tense, None)
        return "DATE", f"{year:04d}-{month:02d}", "month", "publication"
    if kind == "season":
        season = SEASONS[g["season"].lower()]
        if y:
            return "DATE", f"{y:04d}-{season}", "season", "absolute"
        rel = (g.get("rel") or "").lower()
        if not rel:
            return None  # bare "spring" is too often not a date ("Arab Spring")
        if dct is None:
            return "DATE", f"XXXX-{season}", "season", "none"
        year = dct.year + {"last": -1, "next": 1}.get(rel, 0)
        return "DATE", f"{year:04d}-{season}", "season", "publication"
    if kind == "quarter":
        q = "1234"[["first", "second", "third", "fourth"].index(g["q"].lower())] \
            if g["q"].lower() in ("first", "second", "third", "fourth") else g["q"][0]
        if y:
            return "DATE", f"{y:04d}-Q{q}", "quarter", "absolute"
        if dct is None:
            return "DATE", f"XXXX-Q{q}", "quarter", "none"
        return "DATE", f"{dct.year:04d}-Q{q}", "quarter", "publication"
    if kind == "decade":
        return "DATE", g["dec"], "decade", "absolute"
    if kind == "year":
        return "DATE", f"{y:04d}", "year", "absolute"
    if kind == "ago":
        n = _num(g["num"])
        unit = g["unit"].lower()
        if n is None:
            return None
        if dct is None:
            return "DATE", _unresolved(unit), _precision(unit), "none"
        return "DATE", _shift(dct, unit, -n), _precision(unit), "publication"
    if kind == "rel_unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        unit_p = "week" if unit == "weekend" else unit
        if dct is None:
            return "DATE", _unresolved(unit_p), _precision(unit_p), "none"
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
        value = _shift(dct, unit_p, step)
        if unit == "weekend":
            value += "-WE"
        return "DATE", value, _precision(unit_p), "publication"
    if kind in ("rel_wd", "wd"):
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if dct is None:
            return "DATE", f"XXXX-WXX-{wd + 1}", "day", "none"
        direction = {"last": "past", "next": "future", "coming": "future"}.get(rel, tense)
        if rel == "this":
            direction = "future" if tense == "future" else "past"
        return "DATE", _weekday(dct, wd, direction).isoformat(), "day", "publication"
    if kind == "deictic":
        word = g["word"].lower()
        if dct is None:
            return "DATE", "XXXX-XX-XX", "day", "none"
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        return "DATE", (dct + dt.timedelta(days=shift)).isoformat(), "day", "publication"
    if kind == "duration":
        n = _num(g["num"])
        unit = g["unit"].lower()
        code = UNITS[unit]
        if unit == "hour":
            return "DURATION", f"PT{n or 'X'}H", "duration", "absolute"
        if code == "DE":
            return "DURATION", f"P{(n or 0) * 10 or 'X'}Y", "duration", "absolute"
        return "DURATION", f"P{n if n is not None else 'X'}{code}", "duration", "absolute"
    if kind == "ref":
        w = g["refw"].lower()
        value = "PAST_REF" if w in ("recently", "formerly") else "PRESENT_REF"
        return "DATE", value, "ref", "absolute"
    return None


def _year_for_month(month: int, dct: dt.date, tense: Tense, day: int | None) -> int:
    """A month named without a year: the nearest one in the direction the tense points."""
    if tense == "future":
        return dct.year + 1 if (month, day or 1) < (dct.month, dct.day if day else 1) else dct.year
    if (month, day or 1) > (dct.month, dct.day if day else 1):
        return dct.year - 1
    return dct.year


def _weekday(dct: dt.date, wd: int, direction: Tense) -> dt.date:
    delta = wd - dct.weekday()
    if direction == "future":
        return dct + dt.timedelta(days=delta if delta > 0 else delta + 7)
    if direction == "present" and delta == 0:
        return dct
    return dct + dt.timedelta(days=delta if delta < 0 else delta - 7)


def _precision(unit: str) -> str:
    return {"day": "day", "week": "week", "month": "month", "year": "year",
            "decade": "decade", "quarter": "quarter"}.get(unit, unit)


def _unresolved(unit: str) -> str:
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX",
            "decade": "XXX", "quarter": "XXXX-QX"}.get(unit, "XXXX")


def _shift(dct: dt.date, unit: str, n: int) -> str:
    """The TIMEX3 value of the unit ``n`` steps from the anchor, at that unit's precision."""
    if unit == "day":
        return (dct + dt.timedelta(days=n)).isoformat()
    if unit == "week":
        d = dct + dt.timedelta(weeks=n)
        iso = d.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if unit == "month":
        d = dct + relativedelta(months=n)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        d = dct + relativedelta(months=3 * n)
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{(dct.year + 10 * n) // 10:03d}"
    return f"{dct.year + n:04d}"


def tense_oracle(doc: Doc) -> Callable[[int], Tense]:
    """Tense of the clause around a character offset, from the governing verb's tag and aux."""

    def tense_at(char: int) -> Tense:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return "past"
        tok = span[0]
        verb = tok
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"will", "shall", "'ll"} or (verb.tag_ == "VB" and "to" in auxes):
            return "future"
        if verb.tag_ in ("VBD", "VBN") or auxes & {"was", "were", "had", "did"}:
            return "past"
        if verb.tag_ == "VBG" and auxes & {"is", "are", "am"}:
            return "future"  # "is meeting on Friday"
        if verb.tag_ in ("VBZ", "VBP"):
            return "present"
        return "past"

    return tense_at


@Language.factory("newsgraph_timex", default_config={})
def make_timex_finder(nlp: Language, name: str) -> TimexFinder:
    return TimexFinder()


class TimexFinder:
    """Runs ``find_timexes`` over the doc with its publication date and a tense oracle."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.ng_published
        dct = dt.date.fromisoformat(published) if published else None
        doc._.ng_timexes = find_timexes(doc.text, dct, tense_oracle(doc))
        return doc


def event_date(verb: Token, timexes: list[Timex],
               published: str | None) -> tuple[str | None, str, str | None]:
    """An event's own date: the timex in the verb's clause, else its sentence, else none.

    Returns ``(value, precision, timex text)``. Without a timex the publication date stands in,
    flagged with precision ``publication``; without that either, ``(None, "unknown", None)``.
    """
    clause = [t for t in verb.subtree]
    c_start, c_end = clause[0].idx, clause[-1].idx + len(clause[-1])
    sent = verb.sent
    dated = [t for t in timexes if t.type == "DATE" and t.value not in ("PRESENT_REF",
                                                                        "PAST_REF")]
    for lo, hi in ((c_start, c_end), (sent.start_char, sent.end_char)):
        inside = [t for t in dated if lo <= t.start and t.end <= hi]
        if inside:
            best = min(inside, key=lambda t: abs(t.start - verb.idx))
            return best.value, best.precision, best.text
    if published:
        dt.date.fromisoformat(published)  # validated upstream; fail loudly if not
        return published, "publication", None
    return None, "unknown", None
