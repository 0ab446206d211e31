"""Unnamed attackers: whose side a gunman, a bomber or an attacker is on.

A role noun such as "gunman" or "the suicide attacker" says a person used force but not for
whom. PETRARCH2's agents give such nouns the catch-all ``UAF`` (unidentified armed force),
which no event codebook that codes sides by sector keeps: the real-news codebook codes the
attacker of an insurgent attack as that insurgency (``AFGINS`` in a Taliban story) and a
lone shooter as a criminal (``CRM``). The article says which: when it names an armed
non-state group (insurgents, rebels) with a country, an unnamed attacker acts for that
group; when it names none, the attacker is a criminal of the country the mention already
carries (its own place or the story's home).
"""

from __future__ import annotations

from newsgraph.records import ActorMention

#: the catch-all role of an unidentified armed person (PETRARCH2's agents)
UNIDENTIFIED = "UAF"
#: roles of armed non-state groups an unnamed attacker may act for, most specific first
ARMED_GROUPS = ("INS", "REB")


def _armed_group(mentions: list[ActorMention]) -> ActorMention | None:
    """The armed non-state group the article names most often (first named on a tie)."""
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], ActorMention] = {}
    for m in mentions:
        # (any kind: "Al-Shabab militants", a group's named spokesman, name its side)
        if m.roles and m.roles[0] in ARMED_GROUPS and m.country and len(m.country) == 3 and \
                UNIDENTIFIED not in m.roles:
            key = (m.country, m.roles[0])
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, m)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[best]


def side_attackers(mentions: list[ActorMention]) -> None:
    """Give each mention coded ``UAF`` the side the article makes it fight for: the
    article's armed group (its country and role) or, with none named, ``CRM``."""
    unnamed = [m for m in mentions if m.roles and m.roles[0] == UNIDENTIFIED]
    if not unnamed:
        return
    group = _armed_group(mentions)
    for m in unnamed:
        if group is not None:
            if m.country is None or "+home" in m.via:  # its own phrase's country first
                m.country = group.country
            m.roles = [group.roles[0], *[r for r in m.roles[1:] if r != group.roles[0]]]
            m.via += "+armed-group"
        else:
            m.roles = ["CRM", *m.roles[1:]]
            m.via += "+criminal"
