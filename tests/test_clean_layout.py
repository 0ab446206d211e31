"""Page-layout rules (clean/layout.py): link runs after the body and furniture outside the
body's container go; the body, its intro and inline links stay."""

from __future__ import annotations

import lxml.html

from newsgraph.clean import clean_html_body
from newsgraph.clean.clutter import drop_title_like_line
from newsgraph.clean.html import extract_html
from newsgraph.clean.layout import body_coverage, locate, place_blocks, trim_by_layout

BODY = ("The council voted on Tuesday to expand the night bus network across the city, after "
        "a year of complaints from shift workers who said the last services left too early.")
PAGE = f"""<html><head><title>Council expands night buses | City Paper</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Council expands night buses</h1>
<p>{BODY}</p>
<p>Members said the <a href="/plan">transport plan</a> would be funded from parking fees, and
that the first routes would open in the spring once drivers had been hired and trained.</p>
<p>{BODY.replace("Tuesday", "Monday")}</p>
</article>
<aside><h3>Get our morning briefing</h3><p>Sign up and never miss a story from us.</p>
<ul><li><a href="/a">Another story about a bridge being closed</a></li>
<li><a href="/b">A second story about a school reopening</a></li></ul></aside>
</body></html>"""


def test_furniture_after_body_dropped_body_kept_whole() -> None:
    ext = extract_html(PAGE)
    kept, _ = clean_html_body(ext.text, ext.captions, ext.title, ext.placed)
    assert BODY in "\n".join(kept)
    assert "transport plan would be funded" in "\n".join(kept)  # inline link text kept
    # as trafilatura's fallbacks sometimes hand it on: the body with the aside and nav after
    tree = lxml.html.fromstring(PAGE)
    placed = place_blocks(tree)
    paras = ["Home", *kept, "Get our morning briefing", "Sign up and never miss a story from us.",
             "- Another story about a bridge being closed",
             "- A second story about a school reopening"]
    got, removed = trim_by_layout(list(paras), placed)
    assert got == kept
    assert {r.rule for r in removed} <= {"outside-body", "link-run-tail"}
    assert "outside-body" in {r.rule for r in removed}


def test_without_layout_nothing_is_trimmed() -> None:
    paras = [BODY, "Get our morning briefing"]
    kept, _ = clean_html_body("\n".join(paras), [], None, None)
    assert kept == paras


def test_title_like_line() -> None:
    kept = ["Council expands night buses", BODY]
    got = drop_title_like_line(kept, "Council expands night buses | City Paper")
    assert got is not None and got.rule == "title-like-line" and kept == [BODY]
    kept = ["Shift workers react", BODY]
    assert drop_title_like_line(kept, "Council expands night buses") is None


FOOTER_PAGE = f"""<html><body><main><article>
<p>{BODY}</p><p>{BODY.replace("Tuesday", "Monday")}</p>
<table><tr><td>Route</td><td>First bus from the depot</td></tr></table>
</article></main>
<footer><p>City Paper Ltd, a division of Example Media Group,<br>
registered in the county under number 12345, all enquiries by post</p></footer>
</body></html>"""


def test_pieces_and_table_rows_are_located() -> None:
    """A ``<br>`` line of a footer and a table row are found on the page, so the position
    rules see them (a footer of ``<br>`` lines used to be invisible and stayed)."""
    placed = place_blocks(lxml.html.fromstring(FOOTER_PAGE))
    paras = [BODY, "| Route | First bus from the depot |",
             "registered in the county under number 12345, all enquiries by post", "};"]
    where = locate(paras, placed)
    assert where[0] is not None and where[0].element.tag == "p"
    assert where[1] is not None and where[1].element.tag == "td"
    assert where[2] is not None and where[2].element.getparent().tag == "footer"
    assert where[3] is None  # too short to be searched for inside a block
    kept = [BODY, BODY.replace("Tuesday", "Monday"), paras[2]]
    got, removed = trim_by_layout(list(kept), placed)
    assert got == kept[:2] and [r.rule for r in removed] == ["outside-body"]


def test_body_coverage() -> None:
    """The share of the body container's text the extraction kept: all of it, or about two
    thirds when the middle one of three paragraphs was pruned."""
    page = (f"<html><body><article><p>{BODY}</p><ul><li>{BODY.lower()}</li></ul>"
            f"<p>{BODY.upper()}</p></article></body></html>")
    placed = place_blocks(lxml.html.fromstring(page))
    assert body_coverage([BODY, BODY.lower(), BODY.upper()], placed) > 0.95
    assert 0.6 < body_coverage([BODY, BODY.upper()], placed) < 0.7
    assert body_coverage(["text found nowhere on the page at all"], placed) == 0.0


def test_place_blocks_leaves_and_link_shares() -> None:
    """A div holding a block is a container (not placed), a div of inline text is a block,
    the innermost block of a text wins, and a block's link share sums every link inside it
    (nested ones too)."""
    tree = lxml.html.fromstring(
        "<html><body><div id='outer'><div id='leaf'>Plain <b>div</b> text</div>"
        "<ul><li><p>Only the <a href='/x'>para</a></p></li>"
        "<li>Two <a href='/a'>links</a> and <span><a href='/b'>one more</a></span></li></ul>"
        "<div>Box <p>inner paragraph</p> tail</div></div></body></html>")
    placed = place_blocks(tree)
    assert placed["Plain div text"].element.get("id") == "leaf"
    assert placed["Only the para"].element.tag == "p"  # not the li around it
    assert placed["Only the para"].link_share == len("para") / len("Only the para")
    share = placed["Two links and one more"].link_share
    assert share == (len("links") + len("one more")) / len("Two links and one more")
    assert "Box inner paragraph tail" not in placed  # a div with a block child
    assert placed["inner paragraph"].link_share == 0.0
    assert not any(w.element.get("id") == "outer" for w in placed.values())


def test_long_blocks_are_containers_whatever_their_whitespace() -> None:
    """A block over 2,000 characters once whitespace is collapsed is not placed (its head
    settles it); one whose raw text is long only through whitespace is."""
    long_words = " ".join(["word"] * 1000)  # 4,999 characters, collapsed the same
    spaced = ("a" + " " * 50) * 100  # 5,100 raw characters, 199 collapsed
    tree = lxml.html.fromstring(f"<html><body><li>{long_words}</li><li>{spaced}</li>"
                                "</body></html>")
    placed = place_blocks(tree)
    assert long_words not in placed
    assert " ".join(spaced.split()) in placed
