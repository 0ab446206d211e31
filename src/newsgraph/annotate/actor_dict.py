"""User actor dictionaries (YAML) that extend or override the shipped reference tables.

A dictionary file may hold any of these sections::

    countries:            # extra names -> ISO alpha-3 (override the shipped aliases)
      Nippon: JPN
    demonyms:
      Kiwi: NZL
    role_nouns:           # noun -> [role, kind]
      constable: [COP, person]
    organisations:        # fixed codes, like the shipped igos.tsv
      Quad: {code: IGOQUAD, name: Quadrilateral Security Dialogue}
    actors:               # named actors; office holders may carry validity dates
      - name: Olaf Scholz
        aliases: [Scholz]
        kind: person
        country: DEU
        roles: [GOV]
        valid_from: 2021-12-08
        valid_to: 2025-05-06
      - name: Benelux       # a collective name: one actor per member code
        kind: group
        members: [BEL, NLD, LUX]

Why validity dates: an office holder's country and role are facts about a period. An entry
applies to an article published inside ``[valid_from, valid_to]``; with no publication date,
undated entries win and dated ones apply only when no undated entry names the actor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsgraph.reference import Igo, RoleNoun


@dataclass(frozen=True, slots=True)
class NamedActor:
    """A user-declared actor: canonical name, aliases, and (optionally dated) country/roles."""

    name: str
    kind: str = "person"
    country: str | None = None
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None  # ISO date
    valid_to: str | None = None
    # codes (country + role) of the actors a collective name stands for ("the Benelux":
    # BEL, NLD, LUX): a mention of it acts as each of them, as event coders count actors
    members: tuple[str, ...] = ()

    def valid_on(self, day: str | None) -> bool:
        """True when ``day`` (ISO date) lies in the validity period, or nothing is dated."""
        if day is None or (self.valid_from is None and self.valid_to is None):
            return True
        d = day[:10]
        return (self.valid_from is None or self.valid_from <= d) and \
            (self.valid_to is None or d <= self.valid_to)


@dataclass(slots=True)
class ActorDictionary:
    """Everything the user added; empty by default."""

    countries: dict[str, str] = field(default_factory=dict)  # lower-case name -> ISO3
    demonyms: dict[str, str] = field(default_factory=dict)
    role_nouns: dict[str, RoleNoun] = field(default_factory=dict)
    organisations: dict[str, Igo] = field(default_factory=dict)  # exact name -> code
    actors: list[NamedActor] = field(default_factory=list)

    def merge(self, other: ActorDictionary) -> None:
        """Entries of ``other`` override ours (later files win)."""
        self.countries.update(other.countries)
        self.demonyms.update(other.demonyms)
        self.role_nouns.update(other.role_nouns)
        self.organisations.update(other.organisations)
        self.actors.extend(other.actors)

    def lookup(self, text: str, published: str | None) -> NamedActor | None:
        """The entry naming ``text`` (name or alias) that is valid on ``published``."""
        low = text.lower()
        # an alias given on one entry serves every entry of that name (its other periods)
        names = {a.name.lower() for a in self.actors
                 if low == a.name.lower() or low in (x.lower() for x in a.aliases)}
        hits = [a for a in self.actors if a.name.lower() in names]
        if not hits:
            return None
        if published is None:
            undated = [a for a in hits if a.valid_from is None and a.valid_to is None]
            return (undated or hits)[-1]
        valid = [a for a in hits if a.valid_on(published)]
        return valid[-1] if valid else None

    def person_names(self) -> dict[str, list[NamedActor]]:
        """Lower-cased name or alias -> entries (for spotting names NER missed)."""
        out: dict[str, list[NamedActor]] = {}
        for a in self.actors:
            for n in (a.name, *a.aliases):
                out.setdefault(n.lower(), []).append(a)
        return out


def _date(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(dt.date.fromisoformat(str(v)))


def parse_dictionary(data: Any, origin: str = "<dict>") -> ActorDictionary:
    """Build an ``ActorDictionary`` from parsed YAML; raises ``ValueError`` on bad entries."""
    if data is None:
        return ActorDictionary()
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: an actor dictionary is a mapping of sections")
    out = ActorDictionary()
    for name, iso in (data.get("countries") or {}).items():
        out.countries[str(name).lower()] = str(iso).upper()
    for name, iso in (data.get("demonyms") or {}).items():
        out.demonyms[str(name).lower()] = str(iso).upper()
    for noun, spec in (data.get("role_nouns") or {}).items():
        if not isinstance(spec, (list, tuple)) or len(spec) != 2:
            raise ValueError(f"{origin}: role_nouns.{noun} must be [ROLE, kind]")
        out.role_nouns[str(noun).lower()] = RoleNoun(str(spec[0]).upper(), str(spec[1]))
    for name, spec in (data.get("organisations") or {}).items():
        if not isinstance(spec, dict) or "code" not in spec:
            raise ValueError(f"{origin}: organisations.{name} needs a code")
        out.organisations[str(name)] = Igo(str(spec["code"]).upper(),
                                           str(spec.get("name") or name))
    for i, entry in enumerate(data.get("actors") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{origin}: actors[{i}] needs a name")
        roles = entry.get("roles") or ([entry["role"]] if entry.get("role") else [])
        if entry.get("members") and not entry.get("country"):
            entry = {**entry, "country": str(entry["members"][0])[:3]}
        out.actors.append(NamedActor(
            name=str(entry["name"]),
            kind=str(entry.get("kind") or "person"),
            country=str(entry["country"]).upper() if entry.get("country") else None,
            roles=tuple(str(r).upper() for r in roles),
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
            valid_from=_date(entry.get("valid_from")),
            valid_to=_date(entry.get("valid_to")),
            members=tuple(str(m).upper() for m in entry.get("members") or ()),
        ))
    return out


def load_dictionaries(paths: tuple[str, ...] | list[str]) -> ActorDictionary:
    """Read and merge YAML dictionaries in order (later files override earlier ones)."""
    merged = ActorDictionary()
    for p in paths:
        text = Path(p).read_text("utf-8")
        merged.merge(parse_dictionary(yaml.safe_load(text), str(p)))
    return merged
