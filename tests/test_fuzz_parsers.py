"""Property tests over every parser and normaliser: no undocumented exception escapes.

The targets live in ``tests/hostile/targets.py`` and are shared with ``scripts/fuzz_all.py``,
which runs the same checks with far more examples. Here each target gets a small budget
(``NEWSGRAPH_FUZZ_EXAMPLES``, default 60) so the suite stays quick.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import HealthCheck, given, settings

from hostile.targets import TARGETS, Target

EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_target_survives_hostile_input(target: Target) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(target.strategy)
    def run(value: object) -> None:
        target.check(value)

    run()


def test_brat_event_line_without_fields_is_skipped() -> None:
    """Found by fuzzing: an ``E`` line with an empty second column raised IndexError."""
    from newsgraph.eval.brat import parse_ann

    ann = parse_ann("E1\t\t\nT1\tContent 0 4\tthis\nE2\tAttr:T1 Content:T1\n")
    assert [e.id for e in ann.events] == ["E2"] and ann.textbounds["T1"].spans == ((0, 4),)


def test_analyze_survives_hostile_input(pipeline: object) -> None:
    """The whole ``analyze()`` entry point: documented errors only, offsets always valid."""
    from hostile.targets import analyze_inputs, make_analyze_check
    from test_evidence import check_offsets

    check = make_analyze_check(pipeline, check_offsets)

    @settings(max_examples=max(20, EXAMPLES), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(analyze_inputs)
    def run(value: tuple[str, object]) -> None:
        check(value)

    run()


def test_warc_response_without_target_uri_is_a_skip(tmp_path: object) -> None:
    """Found by fuzzing: warcio raised AttributeError for a response record without a
    WARC-Target-URI; the archive now ends with a BAD_ARCHIVE skip instead."""
    from pathlib import Path

    from newsgraph.config import Config
    from newsgraph.errors import SkipCode
    from newsgraph.ingest.warc import read_archive
    from newsgraph.records import Skip

    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>"
    rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
           b"Content-Type: application/http; msgtype=response\r\n"
           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body + b"\r\n\r\n")
    path = Path(str(tmp_path)) / "no-uri.warc"
    path.write_bytes(rec)
    out = list(read_archive(path, Config()))
    assert len(out) == 1 and isinstance(out[0], Skip)
    assert out[0].code == SkipCode.BAD_ARCHIVE.value


def test_timex_anchor_at_calendar_edges_does_not_raise() -> None:
    """Found by fuzzing: "March" against a publication date of 0001-01-01 or 9999-12-31
    raised ValueError (year out of range) and cost the article an E199 skip."""
    import datetime as dt

    from newsgraph.extract.timex import find_timexes, normalise

    for dct in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        for text in ("March", "last year", "next week", "in two years", "Friday"):
            norm = normalise(text, dct, None)
            assert norm is None or norm.value
        assert all(t.value for t in find_timexes("They met in March, a year ago.", dct))


@pytest.mark.parametrize("html", ['<iframe src="data:text/html,<script>">',
                                  "<iframe>", '<object data="x">'])
def test_html_fragment_with_inner_root_is_a_skip(html: str) -> None:
    """Found by fuzzing: load_html returned the <iframe> itself, htmldate then dropped that
    "root" and lxml raised AssertionError, which escaped ``analyze()``."""
    from newsgraph.clean.html import extract_html
    from newsgraph.errors import SkipError

    with contextlib.suppress(SkipError):
        ext = extract_html(html)
        assert ext.text.strip()


def test_quote_evidence_covers_content_with_edge_whitespace(pipeline: object) -> None:
    """Found by the fuzz campaign: a straight opening mark followed by a space gave content
    starting one character before its sentence, outside the quote's evidence span."""
    from newsgraph.pipeline import Pipeline, analyze
    from test_evidence import check_offsets

    text = ('Australia met Japan. Australia met Japan. " Australia met Japan. \u201d '
            "Australia urged Japan.")
    assert isinstance(pipeline, Pipeline)
    check_offsets(analyze(text, pipeline=pipeline))
