"""The article page's evidence pieces (``web.segments``): one sweep, the same pieces as the
scan of every span per piece it replaced (issue 25: that was quadratic, 31.3 s for a 162 kB
article with 12k timexes), and bidi controls from stored text are isolated in pages."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.web import evidence_spans, segments


def _reference(text: str, events: list[dict[str, Any]], quotes: list[dict[str, Any]],
               timexes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The old, quadratic definition: every span tested against every piece."""
    spans = evidence_spans(events, quotes, timexes)
    n = len(text)
    cuts = {0, n}
    for lo, hi, _k, _i in spans:
        cuts.update((max(0, min(lo, n)), max(0, min(hi, n))))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        over = [(k, i) for lo, hi, k, i in spans if lo <= a and b <= hi]
        out.append({"text": text[a:b], "start": a,
                    "ev": sorted({i for k, i in over if k == "ev"}),
                    "q": sorted({i for k, i in over if k == "q"}),
                    "trig": any(k == "trig" for k, _ in over),
                    "tx": next((i for k, i in over if k == "tx"), None)})
    return out


POS = st.integers(-3, 40)
EVENTS = st.lists(st.tuples(POS, POS, POS, POS, st.sampled_from(["e1", "e2", "e3"])).map(
    lambda t: {"ev_start": t[0], "ev_end": t[1], "trigger_start": t[2], "trigger_end": t[3],
               "id": t[4]}), max_size=5)
QUOTES = st.lists(st.tuples(POS, POS, st.sampled_from(["q1", "q2"])).map(
    lambda t: {"content_start": t[0], "content_end": t[1], "id": t[2]}), max_size=4)
TIMEXES = st.lists(st.tuples(POS, POS, st.sampled_from(["2024", "2024-05", "PAST_REF"])).map(
    lambda t: {"start": t[0], "end": t[1], "value": t[2]}), max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=36), EVENTS, QUOTES, TIMEXES)
def test_sweep_gives_the_pieces_of_the_span_by_span_scan(
        text: str, events: list[dict[str, Any]], quotes: list[dict[str, Any]],
        timexes: list[dict[str, Any]]) -> None:
    assert segments(text, events, quotes, timexes) == _reference(text, events, quotes, timexes)


def test_many_timexes_each_piece_sees_only_its_own() -> None:
    text = "On 3 May 2024 they met. " * 500
    timexes = [{"start": i * 24 + 3, "end": i * 24 + 13, "value": "2024-05-03"}
               for i in range(500)]
    segs = segments(text, [], [], timexes)
    assert "".join(s["text"] for s in segs) == text
    assert sum(s["tx"] is not None for s in segs) == 500


def test_bidi_controls_in_stored_text_never_reach_a_page(tmp_path: Any) -> None:
    from markupsafe import Markup

    from newsgraph.web import _env, no_bidi

    page = _env.from_string("<h1>{{ t }}</h1><p title='{{ t }}'>{{ m }}</p>").render(
        t="evil\u202egpj.exe\u2066x\u2069", m=Markup("<b>ok\u202e</b>"))
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert ch not in page
    assert "evil\ufffdgpj.exe" in page and "<b>ok\ufffd</b>" in page
    assert no_bidi(3) == 3 and no_bidi("plain") == "plain"
