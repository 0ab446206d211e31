"""One person, one role across an article.

A person named with a title once ("Republican Secretary of State Jon Husted") keeps that
office when later named without it, whatever path resolved the later mention (an alias
copied from a mention with no title, a surname NER called an organisation). Event coders
code a person's role for the article, not for each mention: mentions of a person's name
that carry no role take the role the article's other mentions of that name carry most.
"""

from __future__ import annotations

from collections import Counter

from newsgraph.records import ActorMention


def person_roles(mentions: list[ActorMention]) -> None:
    """Fill the roles of role-less mentions of a person from the name's other mentions
    (the most frequent role list; on a tie, the first in text order)."""
    seen: dict[str, Counter[tuple[str, ...]]] = {}
    for m in sorted(mentions, key=lambda x: x.start):
        if m.kind == "person" and m.roles:
            seen.setdefault(m.name, Counter())[tuple(m.roles)] += 1
    for m in mentions:
        if m.kind != "person" or m.roles or m.name not in seen:
            continue
        roles, _ = seen[m.name].most_common(1)[0]
        m.roles = list(roles)
        if m.country is None:
            m.country = next((o.country for o in mentions
                              if o.name == m.name and tuple(o.roles) == roles and o.country),
                             None)
