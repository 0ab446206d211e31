"""Every extracted record points at a valid span of its article's clean text (property test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import SkipError
from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Analysis

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

SUBJECTS = ["Australia", "The Japanese government", "Chancellor Olaf Scholz", "The police",
            "New Zealand's foreign minister", "He", "It", "The Department of Foreign Affairs "
            "and Trade (DFAT)", "Seoul", "A source close to the talks"]
VERBS = ["met", "signed an agreement with", "criticised", "arrested two men from",
         "refused to meet", "will visit", "did not recall its ambassador from", "accused",
         "said it would cooperate with", "urged"]
OBJECTS = ["Japan", "France", "the United Nations", "Indonesian officials", "China",
           "the Australian Federal Police", "South Korea"]
TAILS = ["", " last Friday", " in June 2019", " on Tuesday", " two years ago", " next week",
         ", the paper understands", ", a spokeswoman said", ' "with great regret"']


def check_offsets(a: Analysis) -> None:
    text = a.article.text
    n = len(text)
    for m in a.actors:
        assert 0 <= m.start < m.end <= n and text[m.start:m.end] == m.text
    for t in a.timexes:
        assert 0 <= t.start < t.end <= n and text[t.start:t.end] == t.text
    for e in a.events:
        ev = e.evidence
        assert ev.article_id == a.article.id
        assert 0 <= ev.start < ev.end <= n
        assert ev.start <= e.trigger_start < e.trigger_end <= ev.end
        assert text[e.trigger_start:e.trigger_end] == e.trigger
        for m in e.source + e.target:
            assert text[m.start:m.end] == m.text
    for q in a.quotes:
        assert q.evidence.article_id == a.article.id
        assert 0 <= q.content_start < q.content_end <= n
        assert q.evidence.start <= q.content_start and q.content_end <= q.evidence.end
        if q.speaker_start is not None:
            assert q.speaker_end is not None and 0 <= q.speaker_start < q.speaker_end <= n


sentence = st.builds(lambda s, v, o, t: f"{s} {v} {o}{t}.", st.sampled_from(SUBJECTS),
                     st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(TAILS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentence, min_size=2, max_size=8),
       st.sampled_from([None, "2024-03-13", "2019-12-31"]),
       st.booleans())
def test_property_generated_articles(pipeline: Pipeline, sentences: list[str],
                                     published: str | None, quoted: bool) -> None:
    body = " ".join(sentences)
    if quoted:
        body = f'"{sentences[0]}" the minister said. ' + body
    try:
        a = analyze(body, published=published, pipeline=pipeline)
    except SkipError:
        return  # e.g. too short; skipping is a valid, recorded outcome
    check_offsets(a)


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLES.glob("*")
                                        if p.suffix in (".txt", ".html")),
                         ids=lambda p: p.name)
def test_sample_articles_offsets(pipeline: Pipeline, path: Path) -> None:
    from newsgraph.records import RawDocument, Skip

    kind = "html" if path.suffix == ".html" else "text"
    results = list(pipeline.process([RawDocument(path.read_bytes(), str(path), kind)]))
    assert len(results) == 1 and not isinstance(results[0], Skip), results
    check_offsets(results[0])  # type: ignore[arg-type]
