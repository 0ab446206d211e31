"""Descriptions by what a known person was or is outside office: "the former secretary of
state", "the billionaire businessman", "the former senator".

A definite description whose role is not the office its person holds on the article's date
names them by a past office ("former") or by an occupation (``BUS``: "the businessman"). When
exactly one person the article named from the shipped knowledge ever held that role (the
tables keep every dated role and the undated one), the description is that person, coded as
the person is on the article's date: in November 2016 "the former secretary of state" is
Hillary Clinton the candidate (``USAPTY``), "the billionaire businessman" Donald Trump the
candidate. A current office title ("the senator") is left to the office holders of the date
(``actor_coref``): a past holder is no reading of it.
"""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.annotate.actor_knowledge import knowledge
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.records import ActorMention

#: title words that say the office is no longer held
FORMER = frozenset({"former", "ex", "ex-"})
#: roles that describe what a person does rather than an office they are elected to
OCCUPATIONS = frozenset({"BUS", "MED", "EDU", "MIL"})


def title_role(span: Span, lex: Lexicon) -> str | None:
    """The role of the description's own role noun, before "former" makes it ``ELI``."""
    words = [t for t in span if not t.is_punct or t.text == "-"]
    lemmas = [t.lemma_.lower() if t.lower_ not in lex.roles else t.lower_ for t in words]
    head = next((k for k, t in enumerate(words) if t.i == span.root.i), len(words) - 1)
    hit = lex.role_of(lemmas, head)
    return hit[0].role if hit is not None and hit[0].kind == "person" else None


def past_holder(m: ActorMention, span: Span, known: list[ActorMention],
                lex: Lexicon) -> ActorMention | None:
    """The one known person of the article the description names by a past office or an
    occupation (see the module's docstring), or None."""
    former = any(t.lower_ in FORMER for t in span)
    role = title_role(span, lex)
    if role is None or not (former or role in OCCUPATIONS):
        return None
    tables = knowledge()
    fits = {k.name: k for k in known if k.kind == "person"
            and (m.country is None or k.country == m.country)
            and role in tables.held_roles(k.name)
            and (former or role not in k.roles)}
    return next(iter(fits.values())) if len(fits) == 1 else None
