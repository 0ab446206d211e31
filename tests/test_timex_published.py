"""Publication dates from datelines at the top of the text, with their source."""

from __future__ import annotations

import pytest

from newsgraph.clean import clean
from newsgraph.clean.dateline import find_dateline
from newsgraph.records import RawDocument

BODY = ("Officials met on Friday to discuss the treaty, and the ministers said talks would "
        "resume next week in the capital after a short recess. ") * 3


@pytest.mark.parametrize(("text", "expected"), [
    ("CANBERRA, March 5, 2024 (Wire) - The minister said", "2024-03-05"),
    ("March 5, 2024 — The minister said", "2024-03-05"),
    ("LONDON (Wire) 5 March 2024 -- Talks resumed", "2024-03-05"),
    ("Published: 2024-03-05\nThe minister said", "2024-03-05"),
    ("CANBERRA, March 5 (Wire) - no year given, so no date", None),
    ("The minister said on March 5, 2024 - in a speech", None),  # not at the top
    ("March 32, 2024 — impossible", None),
])
def test_find_dateline(text: str, expected: str | None) -> None:
    assert find_dateline(text) == expected


def test_dateline_is_the_text_source_and_metadata_wins() -> None:
    text = "CANBERRA, March 5, 2024 (Wire) - " + BODY
    art = clean(RawDocument(text.encode(), origin="t.txt", kind="text"))
    assert (art.published, art.published_source) == ("2024-03-05", "text")
    meta = clean(RawDocument(text.encode(), origin="t.txt", kind="text",
                             published="2024-03-06"))
    assert (meta.published, meta.published_source) == ("2024-03-06", "metadata")
    user = clean(RawDocument(text.encode(), origin="t.txt", kind="text",
                             user_published="2024-01-01"))
    assert user.published_source == "text"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.example.com/politics/2016/11/03/some-story/", "2016-11-03"),
    ("https://example.org/news/2016-11-03/slug.html", "2016-11-03"),
    ("https://example.org/2016/11/03", "2016-11-03"),
    ("https://example.org/2016/11/some-story", None),   # year/month is an archive, not a day
    ("https://example.org/2016/02/30/slug", None),      # no such day
    ("https://example.org/story?d=/2016/11/03/", None),  # a query string is not the path
    ("https://example.org/id/1234567890/story", None),
    (None, None),
])
def test_date_from_url(url: str | None, expected: str | None) -> None:
    from newsgraph.clean.published import date_from_url

    assert date_from_url(url) == expected


def test_url_day_fills_in_after_the_text_and_before_the_user() -> None:
    url = "https://www.example.com/world/2016/11/03/talks/"
    art = clean(RawDocument(BODY.encode(), origin="t.txt", kind="text", url=url,
                            user_published="2016-12-01"))
    assert (art.published, art.published_source) == ("2016-11-03", "url")
    dated = clean(RawDocument(("March 5, 2024 — " + BODY).encode(), origin="t.txt",
                              kind="text", url=url))
    assert (dated.published, dated.published_source) == ("2024-03-05", "text")
    bare = clean(RawDocument(BODY.encode(), origin="t.txt", kind="text",
                             url="https://example.com/talks", user_published="2016-12-01"))
    assert (bare.published, bare.published_source) == ("2016-12-01", "user")
