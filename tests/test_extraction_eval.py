"""Extraction: the benchmark metric on small texts, mojibake repair, and the gold-data gate."""

from __future__ import annotations

from pathlib import Path

from newsgraph.clean import clean
from newsgraph.clean.clutter import drop_title_line, remove_clutter
from newsgraph.clean.decode import repair_mojibake
from newsgraph.eval.extraction import ours, page_scores, score, shingles
from newsgraph.records import RawDocument

#: WCXB check half (406 pages never read for rules), measured F1 0.9469 on merged main
#: (2026-12-02, with the recall pass of clean/fallback.py); plain trafilatura 0.9384 in the
#: same run. The floor pins the held-out figure, not the tuned one.
WCXB_CHECK_FLOOR = 0.944
#: Zyte benchmark (181 pages), measured 0.9655; plain trafilatura 0.9598
ZYTE_FLOOR = 0.963


def test_shingles_are_a_multiset_of_word_4grams() -> None:
    assert shingles("a b c d a b c d") == {"a b c d": 2, "b c d a": 1, "c d a b": 1,
                                           "d a b c": 1}
    assert shingles("two words") == {"two words": 1}


def test_page_scores() -> None:
    assert page_scores("one two three four five", "one two three four five") == (1.0, 1.0)
    p, r = page_scores("one two three four five", "one two three four")
    assert (p, r) == (1.0, 0.5)
    assert page_scores("one two three four", "") == (0.0, 0.0)


def test_mojibake_is_repaired_and_clean_text_untouched() -> None:
    assert repair_mojibake("He said â€œnoâ€\x9d.") == "He said “no”."
    fine = "Café talks — “fine” — in Zürich."
    assert repair_mojibake(fine) == fine
    art = clean(RawDocument(data="The ministerâ€™s plan was rejected on Tuesday in "
                            "Canberra after long talks.".encode(), origin="m", kind="text"))
    assert "minister’s plan" in art.text


def test_extraction_keeps_body_and_drops_prompts() -> None:
    body = " ".join(["Ministers met in Canberra on Tuesday to discuss trade."] * 6)
    html = (f"<html><body><article><h1>Talks</h1><p>{body}</p>"
            "<p>Like this story? Share it with a friend!</p></article></body></html>")
    text = ours(html.encode(), None)
    assert "Ministers met in Canberra" in text and "Share it" not in text


def test_extraction_gate(shared_data: Path) -> None:
    check = score(shared_data / "extraction" / "wcxb-dev-articles", "newsgraph", ours,
                  part="check")
    assert check.pages == 406
    assert check.f1 >= WCXB_CHECK_FLOOR
    zyte = score(shared_data / "extraction" / "zyte-article-benchmark", "newsgraph", ours)
    assert zyte.pages == 181
    assert zyte.f1 >= ZYTE_FLOOR


def test_inline_links_and_furniture_named_containers_keep_their_text() -> None:
    # the former class/id pre-pass dropped inline links named like furniture ("I absolutely
    # adore . When ...") and whole posts whose container was named "related" or "share"
    body = " ".join(["The harbour walk runs for six kilometres along the old docks."] * 5)
    html = ("<html><body><div class='share-wrapper related-posts'><article>"
            f"<p>{body}</p><p>I absolutely adore <a class='promo-link' href='/x'>Lisbon</a>. "
            "When the ferry leaves at dawn the whole river turns gold.</p>"
            f"<p>{body}</p></article></div></body></html>")
    text = ours(html.encode(), None)
    assert "I absolutely adore Lisbon. When the ferry" in text
    assert text.count("harbour walk") == 10


def test_related_link_lines_are_removed_and_body_lines_kept() -> None:
    paras = ["Read more: Markets slide as trade talks stall",
             "[Related: Ministers meet in Tokyo]",
             "More: the minister said she would return, and talks resumed on Friday in Tokyo "
             "after a break of several weeks in which officials of both governments worked "
             "on the text of the agreement.",
             "The minister said talks would resume."]
    kept, removed = remove_clutter(paras)
    assert kept == paras[2:]
    assert [r.rule for r in removed] == ["related-link-line"] * 2


def test_title_line_is_dropped_once() -> None:
    kept = ["Talks  resume", "Talks resume", "Body."]
    dropped = drop_title_line(kept, "Talks resume")
    assert dropped is not None and dropped.kind == "headline"
    assert kept == ["Talks resume", "Body."]
    assert drop_title_line(kept, None) is None
