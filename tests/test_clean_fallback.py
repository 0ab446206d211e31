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
