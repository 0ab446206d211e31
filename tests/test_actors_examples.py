"""Pronoun resolution on the sample articles: every resolution made is listed and checked.

Each expected row is (file, the text starting at the pronoun, the actor it refers to). The
test fails on a wrong resolution, a missing one, and any resolution not listed here, so a
change that starts guessing elsewhere is noticed. Pronouns whose referent is no named actor
("the man ... he", "her client ... He", "the captain ... him") must stay unresolved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.pipeline import Pipeline, analyze

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED = [
    ("01-australia-japan-access-agreement.txt", "it expected the Joint",
     "Department of Foreign Affairs and Trade"),
    ("02-afp-foreign-interference-arrest.txt", "it had not summoned",
     "Department of Foreign Affairs and Trade"),
    ("02-afp-foreign-interference-arrest.txt", 'it would "continue',
     "Department of Foreign Affairs and Trade"),
    ("02-afp-foreign-interference-arrest.txt", "It said in a statement",
     "Chinese embassy in Canberra"),
    ("03-new-zealand-recalls-ambassador.txt", "he told reporters", "Grant Ellison"),
    ("03-new-zealand-recalls-ambassador.txt", "He warned that", "Grant Ellison"),
    ("03-new-zealand-recalls-ambassador.txt", "him before a court", "Grant Ellison"),
    ("04-seoul-tokyo-fishing-boat-talks.txt", "He added that the crew", "Lee Jae-won"),
    ("05-beijing-warns-canberra-port-rules.txt", "it will respond", "China"),
    ("05-beijing-warns-canberra-port-rules.txt", "He did not say",
     "spokesman for China's Ministry of Commerce"),
    ("05-beijing-warns-canberra-port-rules.txt", "he had not received", "David Kerr"),
    ("05-beijing-warns-canberra-port-rules.txt", "he was still willing", "David Kerr"),
    ("05-beijing-warns-canberra-port-rules.txt", "it had briefed",
     "Department of Foreign Affairs and Trade"),
    ("05-beijing-warns-canberra-port-rules.txt", "it lifted two years", "China"),
    ("06-scholz-macron-paris-meeting.html", "She added that", "Katrin Adler"),
    ("06-scholz-macron-paris-meeting.html", "they are expected", "leaders"),
    ("07-uk-court-refuses-india-extradition.html", "him to an Indian prison",
     "British-Indian businessman"),
    ("07-uk-court-refuses-india-extradition.html", "him of defrauding", "Vikram Bhatia"),
    ("07-uk-court-refuses-india-extradition.html", "He was arrested", "Vikram Bhatia"),
    ("07-uk-court-refuses-india-extradition.html", 'she said. "That', "Sarah Lennox"),
    ("07-uk-court-refuses-india-extradition.html", "it was disappointed",
     "India's Ministry of External Affairs"),
    ("07-uk-court-refuses-india-extradition.html", "it has also never", "United Kingdom"),
    ("08-indonesia-australia-maritime-arrangement.html", 'she said, "and', "Catherine Moyes"),
    # inside a quotation "we" is its speaker (actor_coref._speaker)
    ("08-indonesia-australia-maritime-arrangement.html", "we are leaving", "Catherine Moyes"),
    ("08-indonesia-australia-maritime-arrangement.html", "we had last year", "Catherine Moyes"),
]

UNRESOLVED = [
    ("01-australia-japan-access-agreement.txt", "It tells the region"),
    ("02-afp-foreign-interference-arrest.txt", "He did not apply for bail"),
    ("04-seoul-tokyo-fishing-boat-talks.txt", "him.\n\nJapan"),
    ("07-uk-court-refuses-india-extradition.html", "He has always said"),
]


@pytest.mark.parametrize("name", sorted({e[0] for e in EXPECTED}))
def test_pronoun_resolutions_in_examples(pipeline: Pipeline, name: str) -> None:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    a = analyze(path.read_text("utf-8"), pipeline=pipeline)
    text = a.article.text
    got = {(m.start, m.name) for m in a.actors if m.via == "pronoun"}
    want = set()
    for file, at, actor in EXPECTED:
        if file != name:
            continue
        start = text.find(at)
        assert start >= 0, f"{at!r} not found in {name}"
        want.add((start, actor))
    assert got == want
    for file, at in UNRESOLVED:
        if file == name:
            start = text.find(at)
            assert start >= 0
            assert not any(m.start == start for m in a.actors), at
