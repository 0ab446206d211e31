"""Titles and descriptions that stand for a person the article names.

"The president-elect", "the Republican nominee", "the FBI director": a definite
description with a role noun, after the article named one known person holding that role,
is that person (event coders code "the president-elect met Obama" as Trump). Only a
unique earlier person of that role qualifies; with two candidates in the story ("the
candidate" with Clinton and Trump) the description keeps its role and no name.
"""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.records import ActorMention

#: roles a description may carry over to a named office holder
_OFFICE = frozenset({"GOV", "PTY", "LEG", "COP", "SPY", "JUD", "MIL"})


def _definite(span: Span) -> bool:
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ == "the"


def resolve_descriptions(mentions: list[ActorMention], spans: dict[int, Span]) -> None:
    """Point definite role descriptions of a person at the one known person of that role
    named before them in the article (mentions in text order)."""
    known: list[ActorMention] = []
    for m in sorted(mentions, key=lambda x: x.start):
        if m.kind == "person" and m.via.startswith("knowledge"):
            known.append(m)
            continue
        span = spans.get(m.start)
        if span is None or m.kind != "person" or not m.via.startswith("role") or \
                not m.roles or m.roles[0] not in _OFFICE or not _definite(span):
            continue
        role = m.roles[0]
        fits = {k.name: k for k in known if role in k.roles and
                (m.country is None or k.country == m.country)}
        if len(fits) == 1:
            k = next(iter(fits.values()))
            m.name, m.country, m.roles = k.name, k.country, list(k.roles)
            m.via = "description"
