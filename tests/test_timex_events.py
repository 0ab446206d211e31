"""Event dating: clause attachment first, then the sentence, the narrative, the article date."""

from __future__ import annotations

from newsgraph.extract.timex import event_date
from newsgraph.pipeline import Pipeline


def _date(pipeline: Pipeline, text: str, verb: str,
          published: str | None = "2024-03-13") -> tuple[str | None, str, str | None]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    doc = pipeline.nlp(doc)
    timexes = doc._.ng_timexes
    tok = next(t for t in doc if t.text == verb)
    return event_date(tok, timexes, published)


def test_timex_in_nested_clause_dates_its_own_verb(pipeline: Pipeline) -> None:
    text = "Police said on Monday that soldiers attacked the village last March."
    assert _date(pipeline, text, "attacked")[:2] == ("2023-03", "month")
    assert _date(pipeline, text, "said")[:2] == ("2024-03-11", "day")


def test_governing_clause_date_is_inherited(pipeline: Pipeline) -> None:
    text = "The ministry said on Monday that troops had arrested five protesters."
    assert _date(pipeline, text, "arrested")[0] == "2024-03-11"


def test_narrative_date_carries_to_the_next_sentence(pipeline: Pipeline) -> None:
    text = ("Rebels attacked the town on Friday. They burned the market and killed two "
            "guards.")
    assert _date(pipeline, text, "burned")[:3] == ("2024-03-08", "day", "Friday")


def test_narrative_date_stops_at_a_paragraph_break(pipeline: Pipeline) -> None:
    # past the break the narrative's Friday does not carry; the story's day (its lead) does
    text = ("The council met on Monday. It discussed the budget. Members voted.\n\n"
            "Rebels attacked the town on Friday.\n\nThey burned the market and killed two "
            "guards.")
    assert _date(pipeline, text, "burned") == ("2024-03-11", "day", "Monday")
    text = "Rebels attacked the town.\n\nThey burned the market and killed two guards."
    assert _date(pipeline, text, "burned")[1] == "publication"


def test_publication_date_stands_in_flagged(pipeline: Pipeline) -> None:
    text = "The government rejects the request."
    assert _date(pipeline, text, "rejects") == ("2024-03-13", "publication", None)
    assert _date(pipeline, text, "rejects", None) == (None, "unknown", None)


def test_future_clause_weekday_points_forward(pipeline: Pipeline) -> None:
    text = "The ministers will meet on Friday."
    assert _date(pipeline, text, "meet")[0] == "2024-03-15"


def test_timex_in_verbless_sentence_terminates(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A date in a sentence without a verb (a headline, a byline) must not hang the tense walk."""
    from newsgraph.pipeline import analyze

    a = analyze("Monday, March 4.\n\nTalks in Canberra: Japan and Australia. The ministers met "
                "on Friday and signed a pact.", published="2024-03-06", pipeline=pipeline)
    assert any(t.text.startswith("Monday") for t in a.timexes)
