"""Cleaning: decoding, boilerplate removal, front matter, HTML extraction, language."""

from __future__ import annotations

import codecs

import pytest

from newsgraph.clean import clean
from newsgraph.clean.clutter import remove_clutter
from newsgraph.clean.decode import decode_bytes
from newsgraph.errors import SkipCode, SkipError
from newsgraph.records import RawDocument

BODY = ("The foreign ministers of Australia and Japan met in Canberra on Tuesday to discuss "
        "maritime security and trade, officials said after the meeting ended.")


def _skip_code(data: bytes, kind: str = "text") -> str:
    with pytest.raises(SkipError) as info:
        clean(RawDocument(data=data, origin="t", kind=kind))  # type: ignore[arg-type]
    return info.value.code.value


def test_empty_and_whitespace_are_skipped() -> None:
    assert _skip_code(b"") == SkipCode.EMPTY.value
    assert _skip_code(b"  \n\t ") == SkipCode.EMPTY.value


def test_binary_inputs_are_skipped() -> None:
    assert _skip_code(b"%PDF-1.7 \x00\x01 binary") == SkipCode.BINARY.value
    assert _skip_code(b"abc\x00def" * 50) == SkipCode.BINARY.value
    assert _skip_code(bytes(range(1, 32)) * 40) == SkipCode.BINARY.value


def test_encodings_decode() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "Zürich".encode()) == "Zürich"
    assert decode_bytes("Zürich talks".encode("utf-16")) == "Zürich talks"
    latin = ("Les négociations à Zürich ont commencé. " * 5).encode("latin-1")
    assert "négociations" in decode_bytes(latin)
    assert decode_bytes(b"a\r\nb\rc") == "a\nb\nc"


def test_too_short_after_cleaning() -> None:
    assert _skip_code(b"Hello there.") == SkipCode.NO_TEXT.value


def test_non_english_is_skipped() -> None:
    german = ("Die Bundesregierung hat am Dienstag neue Gespräche mit Frankreich angekündigt. "
              "Der Kanzler sagte, die Verhandlungen würden in der nächsten Woche beginnen.")
    assert _skip_code(german.encode()) == SkipCode.NOT_ENGLISH.value


def test_clutter_rules_keep_body_and_record_removed() -> None:
    caption = "Foreign Minister Penny Wong arrives in Tokyo."
    paras = [
        caption,
        BODY,
        "Subscribe now for full access to all our journalism.",
        "Photo credit: John Smith/AFP",
        "Related articles",
        "Japan and Australia deepen ties",
        "What the new pact means for trade",
        "The two sides agreed to meet again next year, the ministry said.",
        caption,
    ]
    kept, removed = remove_clutter(paras)
    # a short paragraph printed twice keeps its first copy: in plain text a caption shown twice
    # cannot be told from a live blog's entry repeated under "key events", and dropping both
    # copies loses the entry (HTML drops every copy of a <figcaption> text: see below)
    assert kept == [caption, BODY,
                    "The two sides agreed to meet again next year, the ministry said."]
    kinds = [r.kind for r in removed]
    assert kinds.count("duplicate") == 1
    assert remove_clutter(paras, captions=[caption])[0] == kept[1:]
    assert {"subscribe", "credit", "related"} <= set(kinds)
    related = next(r for r in removed if r.kind == "related")
    assert "What the new pact means for trade" in related.text


def test_credit_tail_is_cut_from_caption_line() -> None:
    kept, removed = remove_clutter(["Delegates gather at the summit in Jakarta. Photo: Jane Doe / "
                                    "Getty Images"])
    assert kept == ["Delegates gather at the summit in Jakarta."]
    assert removed and removed[0].kind == "credit"


def test_front_matter_sets_metadata() -> None:
    text = f"Title: Talks in Canberra\nOutlet: Test Wire\nPublished: 2024-03-05\n\n{BODY}"
    art = clean(RawDocument(data=text.encode(), origin="t", kind="text"))
    assert art.title == "Talks in Canberra"
    assert art.outlet == "Test Wire"
    assert art.published == "2024-03-05"
    assert art.published_source == "metadata"
    assert art.text == BODY


def test_user_date_only_fills_in() -> None:
    art = clean(RawDocument(data=BODY.encode(), origin="t", kind="text",
                            user_published="2024-01-02"))
    assert (art.published, art.published_source) == ("2024-01-02", "user")
    undated = clean(RawDocument(data=BODY.encode(), origin="t", kind="text"))
    assert (undated.published, undated.published_source) == (None, "unknown")


def test_html_extraction_drops_furniture() -> None:
    html = f"""<!doctype html><html><head><title>Talks</title>
    <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
    <nav><a href="/">Home</a><a href="/world">World</a></nav>
    <article><h1>Talks in Canberra</h1><p>{BODY}</p>
    <div class="related-articles"><h3>Related</h3>
    <ul><li><a href="/x">Other story</a></li></ul></div>
    <p class="paywall-prompt">Subscribe now for full access.</p>
    <p>The two sides agreed to meet again next year in Tokyo, the ministry said.</p></article>
    <script>var x = 1;</script></body></html>"""
    art = clean(RawDocument(data=html.encode(), origin="t.html", kind="html"))
    assert BODY in art.text
    assert "Subscribe" not in art.text and "Other story" not in art.text and "Home" not in art.text
    assert art.published == "2024-03-05"
    # trafilatura drops the related box and the nav itself (no record of them); the prompt it
    # keeps is removed by our rules and recorded
    assert "subscribe" in {r.kind for r in art.removed}


def test_article_id_is_content_hash() -> None:
    a = clean(RawDocument(data=BODY.encode(), origin="a", kind="text"))
    b = clean(RawDocument(data=(BODY + "\n").encode(), origin="b", kind="text"))
    assert a.id == b.id


def test_control_characters_are_category_cc_less_whitespace() -> None:
    """The one-pass control scan finds exactly the characters of category Cc other than tab,
    newline, vertical tab and form feed (what the per-character category test found)."""
    import unicodedata

    from newsgraph.clean.decode import _CONTROLS

    every = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    want = [ch for ch in every if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v"]
    sample = "".join(chr(c) for c in range(0x3000)) + "".join(want)
    assert _CONTROLS.findall(sample) == [ch for ch in sample if ch in set(want)]


SCRAPED = """Port workers end strike after pay deal

Dock workers at the country's largest container port returned to work on Thursday after union \
leaders accepted a pay offer, ending a nine-day strike that had left ships waiting offshore.

The agreement raises wages by 6 percent this year and a further 4 percent next year, the union \
said in a statement.

Premium - South Korean diplomat charged over export licences
Premium - Rail operator posts first annual profit in a decade
Premium - Central bank holds rates as inflation cools
Premium - Why the harbour toll is rising again

Subscribe to Premium

Shipping lines said it would take about two weeks to clear the backlog of vessels, and port \
officials asked importers for patience.

Photo: Dana Ruiz/Harbour Daily

Share this article on Facebook, X or email
"""


def test_scraped_plain_text_loses_headlines_and_prompts_keeps_body() -> None:
    art = clean(RawDocument(data=SCRAPED.encode(), origin="scraped.txt", kind="text"))
    assert art.title == "Port workers end strike after pay deal"
    paras = art.text.split("\n\n")
    assert len(paras) == 4 and paras[0] == art.title
    assert paras[1].startswith("Dock workers") and paras[1].endswith("waiting offshore.")
    assert paras[3].endswith("asked importers for patience.")
    assert "Premium" not in art.text and "Photo" not in art.text and "Share" not in art.text
    rules = {r.rule for r in art.removed}
    assert {"headline-list", "call-to-action", "photo-credit"} <= rules
    related = next(r for r in art.removed if r.rule == "headline-list")
    assert related.text.count("Premium - ") == 4


def test_first_line_headline_becomes_the_title() -> None:
    from newsgraph.clean.clutter import headline_lines

    text = ("Floods close schools across the north\n\n"
            "Rivers burst their banks after a week of rain, with more forecast for the weekend\n\n"
            f"{BODY}\n\nThe ministry said schools would reopen on Monday.")
    art = clean(RawDocument(data=text.encode(), origin="floods.txt", kind="text"))
    assert art.title == "Floods close schools across the north"
    assert headline_lines(text.split("\n\n")) == ["first-line-headline", "dek"]
    # a text that opens with a sentence has no headline to take
    plain = clean(RawDocument(data=f"{BODY}\n\nThe talks resume on Monday.".encode(),
                              origin="b.txt", kind="text"))
    assert plain.title is None and plain.text.startswith("The foreign ministers")


def test_live_blog_repeated_entries_keep_one_copy() -> None:
    entries = [f"{h}:00 Counting in district {n} is complete and the result is due within the "
               "hour, officials said." for h, n in ((9, 4), (10, 7), (11, 2))]
    text = "\n\n".join([*entries, BODY, *entries])
    art = clean(RawDocument(data=text.encode(), origin="live.txt", kind="text"))
    assert art.text.split("\n\n") == [*entries, BODY]
    assert [r.kind for r in art.removed] == ["duplicate"] * 3


def test_labelled_lines_of_body_text_stay() -> None:
    # one "Label - text" line or two unpunctuated subheadings are not a headline list
    paras = ["Background - the dispute began in March", BODY, "What happens next",
             "The two sides agreed to meet again next year, the ministry said."]
    assert remove_clutter(paras)[0] == paras


def test_mojibake_with_control_bytes_is_repaired_before_they_are_stripped() -> None:
    raw = "It is manageable\u00e2\u0080\u0094work that pays, the minister said in Canberra."
    assert "manageable\u2014work" in decode_bytes(raw.encode())


def test_page_declaring_a_wrong_charset_decodes_by_its_bytes() -> None:
    html = ('<html><head><meta charset="iso-8859-1"></head><body><p>Talks in Zürich — '
            '“fine”</p></body></html>')
    assert "Zürich — “fine”" in decode_bytes(html.encode())


def test_original_date_wins_over_updated() -> None:
    from newsgraph.clean.dateline import find_dateline

    assert find_dateline("Updated: March 5, 2025\nPublished: June 1, 2016\n\nBody") == \
        "2016-06-01"
    assert find_dateline("Updated March 5, 2025\n\nThe talks began.") is None
    html = ("<html><head><meta property='article:published_time' content='2016-06-01'>"
            "<meta property='article:modified_time' content='2025-03-05'></head><body>"
            f"<article><p>{BODY}</p><p>{BODY}</p></article></body></html>")
    assert clean(RawDocument(data=html.encode(), origin="d.html", kind="html")).published == \
        "2016-06-01"


BYLINE_PAGES = [
    # specific: a class naming the author's name; a <time> inside it is pruned first
    '<html><body><article><p class="author-name">By Jane Doe <time>5 March</time></p>'
    '<p>{body}</p></article></body></html>',
    # a byline inside a sidebar is pruned; the generic id one below it is read
    '<html><body><div class="sidebar"><span class="author">Sidebar Writer</span></div>'
    '<div id="post-author">Ann Smith</div><p>{body}</p></body></html>',
    # last resort: any element with a writer class; a too-short first candidate is passed over
    '<html><body><section class="writer">AB</section><em class="Byline">Kim Lee and Raj Patel'
    '</em><p>{body}</p></body></html>',
    # an <author> element, and a page with no byline at all
    '<html><body><author>Maria Garcia</author><p>{body}</p></body></html>',
    '<html><body><div class="comments"><span class="author">A Commenter</span></div>'
    '<p>{body}</p></body></html>',
]


def _example_pages() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "examples"
    pages = [p.read_text("utf-8") for p in sorted(root.glob("*.html"))]
    return [page.format(body=BODY) for page in BYLINE_PAGES] + pages


def test_metadata_matches_trafilatura() -> None:
    """``html._metadata`` skips trafilatura's unused metadata fields for speed; the fields it
    returns must be trafilatura's answer."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from newsgraph.clean.html import _DATE_PARAMS, _metadata

    authors = []
    for page in _example_pages():
        tree = load_html(page).getroottree().getroot()
        ours = _metadata(tree, "https://example.org/a")
        authors.append(ours["author"])
        theirs = extract_metadata(tree, "https://example.org/a", dict(_DATE_PARAMS), False,
                                  set())
        assert ours == {key: getattr(theirs, key) for key in ours}
    # the synthetic pages reach each search, the pruning and the empty answer
    assert authors[:5] == ["Jane Doe", "Ann Smith", "Kim Lee; Raj Patel", "Maria Garcia", None]



def test_author_matches_trafilatura() -> None:
    """``html._author`` binds trafilatura's author XPaths to the page's classes and ids
    (``clean/regex_xpath.py``); its answer must be ``extract_author``'s."""
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    from newsgraph.clean.html import _author

    for page in _example_pages():
        tree = load_html(page).getroottree().getroot()
        assert _author(tree) == extract_author(tree)

def test_decode_fast_path_finds_controls_and_c1() -> None:
    """The byte-level scans of ``decode_bytes`` see what the character scans saw."""
    pad = "x" * 200  # a stray control or two in a page, not a binary
    assert decode_bytes(f"a\x01b\r\nc{pad}".encode()) == f"ab\nc{pad}"
    # a C1 control in UTF-8 is seen and handed to ftfy, which reads it as Windows-1252
    assert decode_bytes(f"a\u0085b{pad}".encode()) == f"a\u2026b{pad}"
    assert decode_bytes("caf\u00e9 \u2014 ok".encode()) == "caf\u00e9 \u2014 ok"
    assert decode_bytes("It\u00e2\u20ac\u2122s".encode()) == "It\u2019s"  # mojibake repaired
    with pytest.raises(SkipError):
        decode_bytes(b" \n\t ")


def test_notice_prefilter_keeps_case_insensitive_matches() -> None:
    # the lower-case word test before the notice patterns must not hide a match that
    # re.IGNORECASE finds: upper case, and letters (long s, dotted capital I) that only the
    # regex folds to ASCII
    paras = ["SUBSCRIBE NOW for the full story", "\u017fubscribe now to keep reading",
             "LOG \u0130N TO CONTINUE", "This does not constitute financial advice.",
             "The council met on Tuesday to discuss the budget for next year."]
    kept, removed = remove_clutter(paras, drop_repeated=False)
    assert kept == [paras[-1]]
    assert [r.rule for r in removed] == ["subscribe-prompt"] * 3 + ["disclaimer"]


def test_inline_clutter_of_a_flattened_page_is_cut_out() -> None:
    """A page saved as one line: share buttons, credits, caption markers and advert labels
    are cut out where they stand; the text around them, captions included, stays whole."""
    from newsgraph.clean.clutter import split_inline_clutter

    flat = ("United won the cup final 2-1 in extra time Click to share on WhatsApp (Opens in "
            "new window) Click to share on Twitter (Opens in new window) THE mayor led the "
            "celebrations in the city centre on Sunday. Image copyright Getty Images Image "
            "caption Fans gathered in the main square The police said the crowd was calm. "
            "Advertisement Continue reading the main story The parade ends on Monday.")
    kept, removed = split_inline_clutter([flat])
    assert kept == ["United won the cup final 2-1 in extra time",
                    "THE mayor led the celebrations in the city centre on Sunday.",
                    "Fans gathered in the main square The police said the crowd was calm.",
                    "The parade ends on Monday."]
    assert [r.rule for r in removed] == ["inline-share", "inline-share", "inline-image-credit",
                                         "inline-caption-marker", "inline-advert"]
    assert removed[0].text == "Click to share on WhatsApp (Opens in new window)"
    # a short paragraph, or one without furniture, is left as it is
    body = "The minister said the talks would resume, and he would share on Monday a plan."
    assert split_inline_clutter([body, "Share this video"]) == ([body, "Share this video"], [])


def test_plain_text_clean_drops_inline_share_buttons() -> None:
    text = ("The two leaders met in Geneva on Monday and agreed to resume the talks Click to "
            "share on Facebook (Opens in new window) The ministers will meet again next month, "
            "the foreign ministry said in a statement (Photo: Reuters) on Tuesday evening.")
    art = clean(RawDocument(data=text.encode(), origin="t", kind="text"))
    assert "Click to share" not in art.text and "(Photo: Reuters)" not in art.text
    assert "agreed to resume the talks\n\nThe ministers will meet again" in art.text
    assert {r.rule for r in art.removed} >= {"inline-share", "inline-photo-credit"}


def test_inline_newsletter_box_and_player_notice_are_cut_out() -> None:
    from newsgraph.clean.clutter import split_inline_clutter

    flat = ("Get politics updates directly to your inbox + Subscribe Thank you for subscribing! "
            "Could not subscribe, try again later Invalid Email The two leaders met at the "
            "White House today. Media playback is not supported on this device Fans gathered "
            "outside the stadium after the final whistle.")
    kept, removed = split_inline_clutter([flat])
    assert kept == ["The two leaders met at the White House today.",
                    "Fans gathered outside the stadium after the final whistle."]
    assert [r.rule for r in removed] == ["inline-subscribe", "inline-player"]


def test_author_read_off_the_page_or_from_the_pruned_copy() -> None:
    """``_author_on_page`` answers from the page itself where the prune cannot change the
    answer, and defers to the pruned copy (``_PRUNE``) where something below a candidate
    would be deleted (a ``<time>`` inside the byline)."""
    from trafilatura.utils import load_html

    from newsgraph.clean.html import _PRUNE, _author_on_page, _author_xpaths

    xpaths = _author_xpaths()
    assert xpaths is not None
    find, discard = xpaths
    got = []
    for page in BYLINE_PAGES:
        tree = load_html(page.format(body=BODY)).getroottree().getroot()
        values: dict[str, set[str]] = {}
        got.append(_author_on_page(tree, find.bind(tree, values), discard.bind(tree, values)))
    # a <time> in the byline: only the pruned copy says; the sidebar's byline is passed over
    assert got == [_PRUNE, "Ann Smith", "Kim Lee; Raj Patel", "Maria Garcia", None]


def test_parse_html_builds_trafilaturas_tree() -> None:
    """``parse_html`` parses as ``trafilatura.utils.load_html`` does (same markup, same
    refusals), every element an ``lxml.html.HtmlElement``."""
    import lxml.html
    from lxml import etree
    from trafilatura.utils import load_html

    from newsgraph.clean.parse import parse_html

    pages = _example_pages() + [
        "<p>one paragraph</p>",  # a dubious fragment: refused by both
        "just text",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
        "<!DOCTYPE html>\n<html/>\n<body><form><input value='x'><label>L</label></form>"
        "<p>a form</p><!-- a comment --><?php echo 1; ?><p>&copy; text</p></body>",
    ]
    for page in pages:
        ours, theirs = parse_html(page), load_html(page)
        assert (ours is None) == (theirs is None), page
        if ours is not None and theirs is not None:
            assert etree.tostring(ours) == etree.tostring(theirs)
            assert {type(el) for el in ours.iter()} == {lxml.html.HtmlElement}


def test_newsletter_box_without_its_marks_is_cut_whole() -> None:
    """The box's 'Thank you for subscribing' goes with it when the page drops the '!' (or the
    '+'): no stray thank-you is left before the lead."""
    from newsgraph.clean.clutter import split_inline_clutter

    flat = ("Get weather updates directly to your inbox Subscribe Thank you for subscribing "
            "A powerful storm flooded hundreds of homes in Cornwall today, officials said.")
    kept, removed = split_inline_clutter([flat])
    assert kept == ["A powerful storm flooded hundreds of homes in Cornwall today, officials "
                    "said."]
    assert [r.rule for r in removed] == ["inline-subscribe"]
