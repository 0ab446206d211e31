"""Publication dates given by users, metadata or front matter, normalised to ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from newsgraph.errors import BadDate

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
#: a day in a URL's path as news sites write it: ``/2016/11/03/`` or ``/2016-11-03/``
_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
#: publication dates outside these are refused: news has no articles from year 1 or 9999, and
#: such dates broke date arithmetic downstream (clustering windows overflowed)
EARLIEST = dt.date(1700, 1, 1)
LATEST = dt.date(2200, 12, 31)


def _in_range(day: dt.date, value: object) -> str:
    if not EARLIEST <= day <= LATEST:
        raise BadDate(f"publication date {value!r} is out of range "
                      f"({EARLIEST.isoformat()} to {LATEST.isoformat()})")
    return day.isoformat()


def parse_published(value: str | dt.date | None) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD``; ``None`` stays ``None``.

    Only unambiguous forms are accepted (ISO dates and datetimes, or what dateparser reads
    with English settings and no relative base), so a typo never becomes today's date.
    Dates outside ``EARLIEST``..``LATEST`` are ``BadDate`` too: a clear error for a date the
    user gave, an unknown date for one a document carries (``clean`` falls through).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), value)
    if isinstance(value, dt.date):
        return _in_range(value, value)
    m = _ISO.match(value)
    if m:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise BadDate(f"not a valid date: {value!r}") from exc
        return _in_range(day, value)
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "PARSERS": ["absolute-time", "custom-formats"]},
    )
    if parsed is None:
        raise BadDate(f"not a date with day, month and year: {value!r}")
    return _in_range(parsed.date(), value)


def date_from_url(url: str | None) -> str | None:
    """The day a news URL's path names (``.../2016/11/03/slug``), else ``None``.

    Many sites put the publication day in the path; a JSONL record or scraped text without a
    date field still carries it there. Only a full year/month/day path counts (a bare year or
    year/month is an archive page, not a day), and an impossible day is no date.
    """
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = _URL_DAY.search(path)
    if m is None:
        return None
    try:  # the pattern's years (19xx, 20xx) lie inside EARLIEST..LATEST
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
