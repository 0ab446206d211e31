"""Publication dates given by users, metadata or front matter, normalised to ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from newsgraph.errors import BadDate

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | dt.date | None) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD``; ``None`` stays ``None``.

    Only unambiguous forms are accepted (ISO dates and datetimes, or what dateparser reads
    with English settings and no relative base), so a typo never becomes today's date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = _ISO.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError as exc:
            raise BadDate(f"not a valid date: {value!r}") from exc
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "PARSERS": ["absolute-time", "custom-formats"]},
    )
    if parsed is None:
        raise BadDate(f"not a date with day, month and year: {value!r}")
    return str(parsed.date().isoformat())
