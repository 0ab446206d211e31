"""Actors, events and quotes on small texts written for these tests (real spaCy pipeline)."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline, analyze


def run(pipeline: Pipeline, text: str, published: str | None = "2024-03-13"):  # type: ignore[no-untyped-def]
    return analyze(text, published=published, pipeline=pipeline)


def test_actor_codes_for_states_institutions_and_titles(pipeline: Pipeline) -> None:
    a = run(pipeline, "The Australian Federal Police arrested two men in Sydney on Monday. "
                      "German Chancellor Olaf Scholz met Japanese officials in Berlin. "
                      "Tokyo refused to comment on the case.")
    codes = {m.text: m.code for m in a.actors}
    assert codes["Australian Federal Police"] == "AUSCOP"
    assert codes["German Chancellor Olaf Scholz"] == "DEUGOV"
    assert codes["Tokyo"] == "JPNGOV"
    scholz = next(m for m in a.actors if m.text == "German Chancellor Olaf Scholz")
    assert scholz.name == "Olaf Scholz" and scholz.kind == "person"


def test_alias_and_pronoun_resolution(pipeline: Pipeline) -> None:
    a = run(pipeline, "South Korean Foreign Minister Lee Jae-won arrived in Canberra on Monday. "
                      "Lee met Australian officials. He said the talks were useful.")
    lee = [m for m in a.actors if m.name == "Lee Jae-won"]
    assert {m.via for m in lee} >= {"alias", "pronoun"}
    assert all(m.country == "KOR" for m in lee)


def test_event_coding_with_actors_and_date(pipeline: Pipeline) -> None:
    a = run(pipeline, "Australia and Japan signed a defence agreement in Tokyo last Friday.")
    ev = next(e for e in a.events if e.trigger == "signed")
    assert ev.cameo == "057" and ev.quad_class == 1
    # a state named as the actor of its act is its government (codebook; issue 20)
    assert {m.code for m in ev.source} == {"AUSGOV", "JPNGOV"}
    assert ev.date == "2024-03-08" and ev.date_precision == "day"
    assert a.article.text[ev.evidence.start:ev.evidence.end].startswith("Australia and Japan")


def test_event_without_own_date_uses_publication_flagged(pipeline: Pipeline) -> None:
    a = run(pipeline, "The Indonesian government rejected the Australian request for talks.")
    ev = next(e for e in a.events if e.trigger == "rejected")
    assert ev.cameo.startswith("12")
    assert (ev.date, ev.date_precision) == ("2024-03-13", "publication")
    undated = run(pipeline, "The Indonesian government rejected the Australian request.",
                  published=None)
    ev2 = next(e for e in undated.events if e.trigger == "rejected")
    assert ev2.date is None and ev2.date_precision == "unknown"


def test_modality_negation_future_conditional(pipeline: Pipeline) -> None:
    a = run(pipeline, "France did not sign the agreement with Germany. "
                      "China will impose sanctions on Australia next month. "
                      "If Canberra does not withdraw the complaint, Beijing would expel "
                      "Australian diplomats.")
    by_trigger = {e.trigger: e for e in a.events}
    assert by_trigger["sign"].negated and by_trigger["sign"].modality == "negated"
    assert by_trigger["impose"].modality == "future"
    assert by_trigger["expel"].modality in ("conditional", "hypothetical")


def test_statement_verb_alone_is_no_event(pipeline: Pipeline) -> None:
    a = run(pipeline, "The Japanese foreign minister said the weather in Tokyo was mild.")
    assert a.events == []


def test_direct_and_indirect_quotes(pipeline: Pipeline) -> None:
    text = ('"We will not accept this decision," Foreign Minister Penny Wong said on Tuesday. '
            "A police spokeswoman said officers were not in a position to comment.")
    a = run(pipeline, text)
    direct = next(q for q in a.quotes if q.kind == "direct")
    assert a.article.text[direct.content_start:direct.content_end].startswith("We will not")
    assert direct.speaker == "Penny Wong"
    indirect = next(q for q in a.quotes if q.kind == "indirect")
    assert "officers were not in a position" in a.article.text[
        indirect.content_start:indirect.content_end]
    assert indirect.speaker == "A police spokeswoman"
