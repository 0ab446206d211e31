"""An event's own date: calendar grains, week-day arithmetic, the story's day, noun-bound
timexes, the habitual past (issue #19, codebook of the real-news gold)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.timex import calendar_date, event_date, normalise
from newsgraph.extract.timex_rules import WEEKDAYS, weekday_date
from newsgraph.pipeline import Pipeline

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PUBLISHED = "2024-03-14"  # a Thursday


# -- week-day arithmetic ------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(0, 6), st.booleans())
def test_weekday_date_past_and_future(dct: dt.date, wd: int, strict: bool) -> None:
    past = weekday_date(dct, wd, "past", strict)
    future = weekday_date(dct, wd, "future", strict)
    assert past.weekday() == wd and future.weekday() == wd
    lo = 1 if strict else 0
    assert lo <= (dct - past).days <= 6 + lo  # the most recent one (before the anchor if strict)
    assert lo <= (future - dct).days <= 6 + lo


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(DAYS))
def test_on_weekday_follows_the_tense(dct: dt.date, day: str) -> None:
    """Past tense "on Thursday": the latest Thursday on or before publication; future: the
    next on or after; "last"/"next" never the publication day itself."""
    wd = WEEKDAYS[day.lower()]
    past = normalise(f"on {day}", dct, "past")
    future = normalise(f"on {day}", dct, "future")
    last = normalise(f"last {day}", dct, "past")
    nxt = normalise(f"next {day}", dct, "future")
    assert past and future and last and nxt
    got_past = dt.date.fromisoformat(past.value)
    got_future = dt.date.fromisoformat(future.value)
    assert got_past.weekday() == wd and 0 <= (dct - got_past).days <= 6
    assert got_future.weekday() == wd and 0 <= (got_future - dct).days <= 6
    assert 1 <= (dct - dt.date.fromisoformat(last.value)).days <= 7
    assert 1 <= (dt.date.fromisoformat(nxt.value) - dct).days <= 7


# -- calendar grains ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "precision", "want"), [
    ("2016-11-10TNI", "time", ("2016-11-10", "day")),
    ("2016-11-10T16:15", "time", ("2016-11-10", "day")),
    ("2016-W44", "week", ("2016-11", "month")),  # Oct 31 - Nov 6: its Thursday is Nov 3
    ("2016-W42", "week", ("2016-10", "month")),
    ("2016-W44-WE", "week", ("2016-11", "month")),
    ("2016-SU", "season", ("2016", "year")),
    ("1989-Q3", "quarter", ("1989", "year")),
    ("1989-H2", "half", ("1989", "year")),
    ("2016-11-10", "day", ("2016-11-10", "day")),
    ("2016-11", "month", ("2016-11", "month")),
    ("199", "decade", ("199", "decade")),
    ("XXXX-WXX-4", "day", ("XXXX-WXX-4", "day")),
    ("2015-W53", "week", ("2015-12", "month")),
    ("2016-W53", "week", ("2016-W53", "week")),  # 2016 has 52 ISO weeks: kept as found
])
def test_calendar_date(value: str, precision: str, want: tuple[str, str]) -> None:
    assert calendar_date(value, precision) == want


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_week_becomes_the_month_holding_most_of_it(day: dt.date) -> None:
    year, week, _ = day.isocalendar()
    value, precision = calendar_date(f"{year:04d}-W{week:02d}", "week")
    days = [dt.date.fromisocalendar(year, week, d) for d in range(1, 8)]
    months = [f"{d.year:04d}-{d.month:02d}" for d in days]
    assert precision == "month" and months.count(value) >= 4


# -- event dates in text ------------------------------------------------------------------

def _date(pipeline: Pipeline, text: str, verb: str,
          published: str | None = PUBLISHED) -> tuple[str | None, str, str | None]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    doc = pipeline.nlp(doc)
    tok = [t for t in doc if t.text == verb][-1]  # the last one: the event under test
    return event_date(tok, doc._.ng_timexes, published)


LEAD = ("Rebels attacked the northern town of Kiro on Tuesday, officials said. The army sent "
        "reinforcements. Residents fled to the hills.\n\n")


def test_story_day_dates_a_later_past_event(pipeline: Pipeline) -> None:
    assert _date(pipeline, LEAD + "Witnesses said the rebels burned the market.",
                 "burned") == ("2024-03-12", "day", "Tuesday")


def test_present_event_keeps_the_publication_date(pipeline: Pipeline) -> None:
    assert _date(pipeline, LEAD + "The government says it controls the town.",
                 "controls") == (PUBLISHED, "publication", None)


def test_habitual_past_gets_no_date(pipeline: Pipeline) -> None:
    assert _date(pipeline, LEAD + "The rebels have previously attacked the town.",
                 "attacked") == (None, "unknown", None)


def test_story_day_needs_a_day_in_the_lead_within_a_week(pipeline: Pipeline) -> None:
    old = ("Rebels attacked the town on March 1. The army sent reinforcements.\n\n"
           "Witnesses said the rebels burned the market.")
    assert _date(pipeline, old, "burned")[1] == "publication"


def test_noun_bound_timex_dates_its_noun_not_the_clause(pipeline: Pipeline) -> None:
    text = "The rebels said they attacked the base in retaliation for the 2011 raid."
    assert _date(pipeline, text, "attacked") == (PUBLISHED, "publication", None)
    assert _date(pipeline, "Police arrested the leaders of the March protests.",
                 "arrested")[1] == "publication"


def test_same_time_preposition_passes_the_date_through(pipeline: Pipeline) -> None:
    assert _date(pipeline, "The ministers met during the summit talks on Monday.",
                 "met")[:2] == ("2024-03-11", "day")


def test_earlier_in_the_day_is_the_story_day(pipeline: Pipeline) -> None:
    text = ("The minister met voters on Wednesday. During a speech earlier in the day, he "
            "criticised the rebels.")
    assert _date(pipeline, text, "criticised")[:2] == ("2024-03-13", "day")


def test_time_of_day_gives_its_day(pipeline: Pipeline) -> None:
    assert _date(pipeline, "Protesters marched on Wednesday night.",
                 "marched") == ("2024-03-13", "day", "Wednesday night")


def test_future_event_this_evening(pipeline: Pipeline) -> None:
    assert _date(pipeline, "The ministers will meet this evening.",
                 "meet")[:2] == (PUBLISHED, "day")


def test_timex_of_an_embedded_clause_does_not_date_the_matrix_event(pipeline: Pipeline) -> None:
    text = "Obama campaigned for Clinton and said Trump would be unfit to take office in January."
    assert _date(pipeline, text, "campaigned")[1] == "publication"


def test_relative_clause_takes_its_nouns_year(pipeline: Pipeline) -> None:
    text = "Clinton stressed her support of the 2011 raid that killed bin Laden."
    assert _date(pipeline, text, "killed")[:2] == ("2011", "year")
    assert _date(pipeline, text, "stressed")[1] == "publication"


def test_participle_clause_date_still_reaches_the_report(pipeline: Pipeline) -> None:
    text = "Speaking at a press conference on Monday, he said the rebels had attacked the town."
    assert _date(pipeline, text, "attacked")[:2] == ("2024-03-11", "day")


@pytest.mark.parametrize(("text", "years"), [
    ("She praised the 2011 raid on the compound.", ["2011"]),
    ("Her 2008 campaign ended in June.", ["2008"]),
    ("The 2000 Olympics were held in Sydney.", []),  # capitalised: a name, not read here
    ("Police counted 2011 votes.", []),
])
def test_year_before_a_noun(text: str, years: list[str]) -> None:
    from newsgraph.extract.timex import find_timexes

    got = [t.value for t in find_timexes(text, dt.date(2016, 9, 8)) if t.precision == "year"]
    assert got == years


def test_plan_without_a_day_gets_no_date(pipeline: Pipeline) -> None:
    assert _date(pipeline, "The ministers will meet to discuss the crisis.",
                 "meet") == (None, "unknown", None)
    assert _date(pipeline, "Sanctions could follow if the talks fail.",
                 "follow") == (None, "unknown", None)


def test_plan_told_in_a_past_report_keeps_the_reports_date(pipeline: Pipeline) -> None:
    assert _date(pipeline, "The minister said he would welcome talks with the rebels.",
                 "welcome") == (PUBLISHED, "publication", None)


PHRASES = ["last Friday", "yesterday", "last March", "next week", "two years ago", "on Tuesday",
           "this year", "earlier this month", "in May", "the third quarter", "this summer",
           "today", "tomorrow", "the weekend", "September 5", "last night", "3 p.m.",
           "a fortnight ago", "Thursday night", "this afternoon", "late Thursday", "last week",
           "the first half of 2015", "March 5, 2024", "in June 2019"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PHRASES), DATES, st.sampled_from([None, "past", "present", "future"]))
def test_calendar_grains_are_the_golds(phrase: str, dct: dt.date, tense: str | None) -> None:
    """Every resolved point in time comes out as YYYY-MM-DD, YYYY-MM or YYYY, and a day keeps
    the day the expression named."""
    import re

    norm = normalise(phrase, dct, tense)  # type: ignore[arg-type]
    if norm is None or norm.type not in ("DATE", "TIME") or "X" in norm.value \
            or norm.value.endswith("_REF"):
        return
    value, precision = calendar_date(norm.value, norm.precision)
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value), (phrase, norm.value, value)
    assert precision in ("day", "month", "year")
    if re.match(r"\d{4}-\d{2}-\d{2}", norm.value):
        assert value == norm.value[:10]


def test_a_day_after_publication_cannot_date_a_past_event(pipeline: Pipeline) -> None:
    text = "Obama campaigned for Clinton Wed, March 27, 2024 more stories here."
    assert _date(pipeline, text, "campaigned")[1] == "publication"


def test_plan_in_a_noun_complement_is_not_a_report(pipeline: Pipeline) -> None:
    text = ("Trump made suggestions that troops should be withdrawn from Asia, the minister "
            "said.")
    assert _date(pipeline, text, "withdrawn") == (None, "unknown", None)


def test_event_noun_takes_the_day_its_noun_was_dated_with(pipeline: Pipeline) -> None:
    """Mentioned without a date of its own, the raid is the raid the article dates elsewhere
    (before or after), not an event of the clause it sits in ("the toll from the raid rose")."""
    before = ("The army said the raids on Tuesday were a success. "
              "The death toll from the raids rose to twelve on Wednesday.")
    assert _date(pipeline, before, "raids")[:2] == ("2024-03-12", "day")
    after = ("The death toll from the raid rose to twelve on Wednesday, officials said. The "
             "army said the raid late Tuesday, which destroyed a depot, was a success.")
    doc = pipeline.nlp.make_doc(after)
    doc._.ng_published = PUBLISHED
    doc = pipeline.nlp(doc)
    first = next(t for t in doc if t.text == "raid")  # told before the anchor
    assert event_date(first, doc._.ng_timexes, PUBLISHED)[:2] == ("2024-03-12", "day")


def test_far_timex_is_not_an_anchor_for_the_noun(pipeline: Pipeline) -> None:
    """A timex far after the noun may belong to a noun in between: no anchor from it."""
    from newsgraph.extract.timex import ANCHOR_REACH

    text = ("The rebels called it a revenge raid for the shelling of the villages in the "
            "northern hills earlier this month. The raid left a crater on Wednesday.")
    doc = pipeline.nlp(text)
    first = next(t for t in doc if t.lower_ == "raid")
    assert [t.i for t in doc if t.lower_ == "earlier"][0] - first.i > ANCHOR_REACH
    assert _date(pipeline, text, "raid")[0] != "2024-03"


def test_story_day_prefers_the_day_bound_to_an_event_noun(pipeline: Pipeline) -> None:
    """A lead that dates its event on a noun ("the raid late Tuesday") and tells an update on
    a later day ("the toll rose on Wednesday"): the story's undated past events are the raid's,
    so the story's day is the noun's, not the latest day of the lead."""
    text = ("The death toll from the raid rose to twelve on Wednesday, officials said. The "
            "army said the raid late Tuesday, which destroyed a depot, was a success.\n\n"
            "Witnesses said the soldiers burned the market.")
    assert _date(pipeline, text, "burned") == ("2024-03-12", "day", "late Tuesday")



# -- days ahead of publication, event nouns told in the past ------------------------------

def test_a_day_after_publication_cannot_date_an_event_told_as_now(pipeline: Pipeline) -> None:
    """Told in the present simple, an event is news of the day: a later day in its sentence
    is page clutter; a plan keeps it."""
    assert _date(pipeline, "Protesters rally in Washington on March 27, 2024.",
                 "rally")[1] == "publication"
    assert _date(pipeline, "Trump will meet Obama on March 27, 2024.",
                 "meet")[:2] == ("2024-03-27", "day")


def test_event_noun_subject_of_a_past_verb_takes_the_story_day(pipeline: Pipeline) -> None:
    """"Violent clashes broke out": the noun's verb tells it in the past, so it takes the
    story's day as a past verb does, and so does the object of a preposition on the verb; a
    noun inside another noun's phrase ("revenge for the clashes") does not."""
    text = LEAD + "Violent clashes broke out across the city."
    assert _date(pipeline, text, "clashes") == ("2024-03-12", "day", "Tuesday")
    text = LEAD + "Ten people were killed in the clashes."
    assert _date(pipeline, text, "clashes") == ("2024-03-12", "day", "Tuesday")
    text = LEAD + "The rebels called it revenge for the clashes."
    assert _date(pipeline, text, "clashes")[1] == "publication"


def test_a_count_from_a_named_event_is_no_date(pipeline: Pipeline) -> None:
    """"Two days before the election" counts from the election, not from publication."""
    text = "She received a boost two days before the election after the FBI cleared her."
    assert _date(pipeline, text, "cleared")[0] != "2024-03-12"
    text = "She had been cleared by the FBI. Two days before, the inquiry was reopened."
    assert _date(pipeline, text, "reopened")[:2] == ("2024-03-12", "day")


def test_timex_of_a_sibling_clause_dates_its_own_event(pipeline: Pipeline) -> None:
    """A timex in a clause that neither holds nor governs the event's clause (here a relative
    clause on the speaker) dates that clause's event: the attack is not dated by the arrival."""
    text = "The minister, who arrived in Kabul in January, said the rebels had attacked the base."
    assert _date(pipeline, text, "arrived")[:2] == ("2024-01", "month")
    assert _date(pipeline, text, "attacked") == (PUBLISHED, "publication", None)
    # the report the arrival's clause hangs on is not dated by it either
    assert _date(pipeline, text, "said") == (PUBLISHED, "publication", None)


def test_adjunct_participle_dates_its_verbs_event(pipeline: Pipeline) -> None:
    """A subjectless participle clause on the event verb tells its circumstances: its day is
    the event's, beyond the story's week too."""
    text = "Speaking at a press conference on March 1, the minister criticised the rebels."
    assert _date(pipeline, text, "criticised") == ("2024-03-01", "day", "March 1")
    # with a subject of its own the clause tells its own event
    text = "The minister criticised the rebels after the talks had failed on March 1."
    assert _date(pipeline, text, "criticised")[0] != "2024-03-01"


def test_today_closing_a_name_is_no_date() -> None:
    """'USA Today' is an outlet, not the publication day; a sentence's own 'Today' is."""
    from newsgraph.extract.timex import find_timexes
    published = dt.date(2016, 11, 7)
    assert find_timexes("USA Today said the move was stunning.", published) == []
    assert [t.value for t in find_timexes("Rebels said. Today they attacked.", published)] == [
        "2016-11-07"]
