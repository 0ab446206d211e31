"""The recall-mode pass (clean/fallback.py): it runs only where the balanced body covers little
of its container, and its text is taken only when it is 1.1-3x as long."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from newsgraph.clean import fallback
from newsgraph.clean.layout import place_blocks

PARAS = [f"Paragraph {n} of the article says what the council decided about the buses and why "
         f"the routes were chosen." for n in range(1, 5)]
PAGE = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS) + \
    "</article></body></html>"


def _run(monkeypatch: pytest.MonkeyPatch, text: str, wider: str | None) -> tuple[str, int]:
    calls = []

    def fake(tree: Any, **kwargs: Any) -> dict[str, Any] | None:
        calls.append(kwargs)
        assert kwargs["favor_recall"] is True
        return None if wider is None else {"text": wider}

    monkeypatch.setattr(fallback.trafilatura, "bare_extraction", fake)
    tree = lxml.html.fromstring(PAGE)
    return fallback.recall_text(tree, None, text, place_blocks(tree), {}), len(calls)


def test_full_coverage_skips_the_second_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(PARAS)
    assert _run(monkeypatch, text, "anything") == (text, 0)


def test_pruned_body_takes_the_recall_text(monkeypatch: pytest.MonkeyPatch) -> None:
    pruned = "\n".join([PARAS[0], PARAS[3]])  # the middle of the container is missing
    whole = "\n".join(PARAS)
    assert _run(monkeypatch, pruned, whole) == (whole, 1)


def test_recall_text_refused_when_not_longer_or_far_longer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pruned = "\n".join([PARAS[0], PARAS[3]])
    assert _run(monkeypatch, pruned, pruned)[0] == pruned          # nothing more found
    assert _run(monkeypatch, pruned, "\n".join(PARAS * 3))[0] == pruned  # the whole page
    assert _run(monkeypatch, pruned, None)[0] == pruned


def test_wild_text_probe_counts_trafilatura_recovery() -> None:
    """The probe sits on trafilatura's wild-text recovery and counts what ran in this thread:
    a page whose container holds almost nothing sends trafilatura to it."""
    import trafilatura

    assert fallback.PROBED
    scattered = "<html><body>" + "".join(
        f"<div><p>{p}</p></div><nav><a href='/x'>x</a></nav>" for p in PARAS) + \
        "</body></html>"
    before = fallback.wild_text_calls()
    trafilatura.bare_extraction(lxml.html.fromstring(scattered), with_metadata=False)
    assert fallback.wild_text_calls() == before + 1
    whole = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS * 3) + \
        "</article></body></html>"
    trafilatura.bare_extraction(lxml.html.fromstring(whole), with_metadata=False)
    assert fallback.wild_text_calls() == before + 1  # its container held the text


def test_long_text_without_recall_signals_skips_the_second_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A long balanced text that covers little of its container, from a pass without the
    wild-text recovery: recall mode could only add teaser blocks or lists in table cells,
    never the tenth a long text needs to be taken, so it is not run."""
    long_paras = [p * 20 for p in PARAS]
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in long_paras) + \
        "</article></body></html>"
    pruned = "\n".join([long_paras[0], long_paras[3]])
    calls = []
    monkeypatch.setattr(fallback.trafilatura, "bare_extraction",
                        lambda tree, **kw: calls.append(kw) or {"text": "\n".join(long_paras)})
    tree = lxml.html.fromstring(page)
    placed = place_blocks(tree)
    assert len(pruned) > fallback.SHORT_TEXT
    assert fallback.recall_text(tree, None, pruned, placed, {}, wild=False) == pruned
    assert not calls
    # the same page after a pass that used the wild-text recovery: recall runs
    assert fallback.recall_text(tree, None, pruned, placed, {}, wild=True) != pruned
    assert len(calls) == 1
    # a teaser block on the page does not make it run
    teaser = lxml.html.fromstring(page.replace("<article>", "<article class='Teaser'>"))
    assert fallback.recall_text(teaser, None, pruned, place_blocks(teaser), {},
                                wild=False) == pruned
    assert len(calls) == 1
