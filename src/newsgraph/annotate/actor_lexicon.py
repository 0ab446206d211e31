"""Lookups behind actor resolution: countries, demonyms, cities, role nouns, organisations.

The shipped reference tables are merged with the user's dictionaries (which win), once per
resolver, so the resolver asks one object and never the tables directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph import reference as ref
from newsgraph.annotate.actor_dict import ActorDictionary
from newsgraph.annotate.actor_knowledge import Knowledge, knowledge
from newsgraph.reference import Igo, RoleNoun

#: nouns that name a person or group by what they lead or speak for; their sector comes
#: from a role word before them when there is one ("rebel leaders" -> REB)
GENERIC_HEADS = frozenset({
    "leader", "spokesman", "spokeswoman", "spokesperson", "official", "chief", "head",
    "member", "representative", "delegation", "source", "personnel", "group",
})


@dataclass(frozen=True, slots=True)
class CountryHit:
    """A country found in a phrase: which tokens (phrase word indexes) and how."""

    iso3: str
    first: int
    last: int  # inclusive
    via: str  # country, demonym, capital, city


class Lexicon:
    """Reference tables merged with a user dictionary."""

    def __init__(self, user: ActorDictionary | None = None) -> None:
        self.user = user or ActorDictionary()
        self.known: Knowledge = knowledge()
        self.names = {**ref.country_names(), **self.user.countries}
        self.demonyms = {**ref.demonyms(), **self.user.demonyms}
        self.roles: dict[str, RoleNoun] = {**ref.role_nouns(), **self.user.role_nouns}
        #: last parts of hyphenated role nouns ("elect" of "president-elect"): spaCy splits
        #: them, so the resolver looks back over the hyphen only at these words
        self.hyphen_tails = frozenset(k.rsplit("-", 1)[1] for k in self.roles
                                      if "-" in k and " " not in k)
        # a user organisation overrides the shipped one of the same name in any case
        mine = {k.lower() for k in self.user.organisations}
        self.orgs: dict[str, Igo] = {**{k: v for k, v in ref.igos().items()
                                        if k.lower() not in mine}, **self.user.organisations}
        # user names of several words by their first word, longest first
        multi: dict[str, list[tuple[str, ...]]] = {}
        #: the user's names and aliases, built once (the resolver asks per token)
        self.user_names = self.user.person_names()
        for n in self.user_names:
            words = tuple(n.split())
            if len(words) > 1:
                multi.setdefault(words[0], []).append(words)
        self.user_multiword = {k: sorted(v, key=len, reverse=True) for k, v in multi.items()}
        self.members = {a.name: a.members for a in self.user.actors if len(a.members) > 1}
        self.orgs_lower = {k.lower(): v for k, v in self.orgs.items() if not k.isupper()}
        self.ethnic = ref.ethnic_groups()
        # regions rank with cities: a place inside an actor phrase, never a nationality
        self.cities = {**ref.cities(), **ref.regions()}
        self.capitals = _capitals(self.cities)
        self._near = _deletion_index([*self.names, *self.demonyms])
        self.max_words = max(len(k.split()) for k in (*self.names, *self.demonyms))
        # where a gram of several words can match (``country_in`` tries longer grams only
        # there): a name or demonym, with its plural or possessive, starts with the word and
        # the separator after it; a place of several words has the word as its first
        self._name_prefixes = {k[:j] for k in (
            *self.names, *(n + "'s" for n in self.names), *self.demonyms,
            *(d + "s" for d in self.demonyms), *(d + "es" for d in self.demonyms))
            for j in range(1, len(k) + 1)}
        self._place_firsts = {k.split(" ", 1)[0] for k in (*self.capitals, *self.cities)
                              if " " in k}
        self._misspelt: dict[str, str | None] = {}  # word -> ``misspelt``'s answer

    def org(self, text: str) -> Igo | None:
        """A known organisation by exact acronym or case-insensitive full name."""
        text = text.strip()
        if text.startswith("the "):
            text = text[4:]
        return self.orgs.get(text) or self.orgs_lower.get(text.lower())

    def misspelt(self, word: str) -> str | None:
        """The country of a capitalised word one edit away from a name or demonym.

        News copy misspells names ("Ethopia", "Quatar", "Ghanians"); only words of six or
        more letters qualify, and only when one name is that close.
        """
        low = word.lower()
        if len(low) < 6 or not word[:1].isupper() or not low.isalpha() or low in self.cities:
            return None  # a real place's own name ("Columbia") is no misspelling
        if word in self._misspelt:  # words recur across articles: each is worked out once
            return self._misspelt[word]
        keys: set[str] = set()
        for variant in {low, *(low[:k] + low[k + 1:] for k in range(len(low)))}:
            keys |= self._near.get(variant, set())
        isos = {self.names.get(k) or self.demonyms.get(k) for k in keys}
        isos.discard(None)
        got = isos.pop() if len(isos) == 1 else None
        if len(self._misspelt) >= 100_000:
            self._misspelt.clear()
        self._misspelt[word] = got
        return got

    def demonym(self, word: str) -> str | None:
        """``Palestinians``, ``Israelis``, ``Algerians`` -> the singular demonym's country."""
        low = word.lower()
        if low in self.demonyms:
            return self.demonyms[low]
        for suffix in ("s", "es"):
            if low.endswith(suffix) and low[: -len(suffix)] in self.demonyms:
                return self.demonyms[low[: -len(suffix)]]
        return None

    def ethnic_states(self, word: str) -> tuple[str, ...] | None:
        """``Kurds``, ``Shona`` -> the states the ethnic group lives in (None: no such group)."""
        low = word.lower()
        for key in (low, low[:-1] if low.endswith("s") else "",
                    low[:-2] if low.endswith("es") else ""):
            if key in self.ethnic:
                return self.ethnic[key]
        return None

    def country_in(self, words: list[str], *,
                   places: bool | list[bool] = True,
                   fuzzy: bool = False) -> CountryHit | None:
        """The first country named in ``words`` (left to right, longest match at each place).

        Names and demonyms come first; capitals and large cities ("the Foreign Ministry in
        Tokyo") count only when no name or demonym is present.
        """
        low = [w.lower() for w in words]
        prefixes = self._name_prefixes
        names = self.names
        # a hyphenated adjective names its country too ("Vietnamese-led", "Greek-Cypriot")
        for i, w in enumerate(low):
            # a gram of several words starts with the word and " ", "'s" or "-"
            longer = w + " " in prefixes or w + "'s" in prefixes or w + "-" in prefixes
            for n in range(min(self.max_words, len(low) - i) if longer else 1, 0, -1):
                # (one word without a space is its own gram: nothing to join or replace)
                gram = w if n == 1 and " " not in w else \
                    " ".join(low[i:i + n]).replace(" 's", "'s").replace(" - ", "-")
                if gram in names:
                    return CountryHit(names[gram], i, i + n - 1, "country")
                if gram.endswith("'s") and gram[:-2] in names:
                    return CountryHit(names[gram[:-2]], i, i + n - 1, "country")
                iso = self.demonym(gram) if n <= 3 else None
                if iso is None and n == 1 and "-" in gram:
                    iso = self.demonym(gram.split("-", 1)[0])
                if iso is None and n == 1 and fuzzy:
                    iso = self.misspelt(words[i])
                if iso:
                    return CountryHit(iso, i, i + n - 1, "demonym")
        if places is False:
            return None
        ok = places if isinstance(places, list) else [True] * len(low)
        capitals, cities = self.capitals, self.cities
        for i, w in enumerate(low):
            if w.split(" ", 1)[0] not in self._place_firsts:
                # no place of several words starts here: the word alone
                if not ok[i]:
                    continue
                if w in capitals:
                    return CountryHit(capitals[w], i, i, "capital")
                if w in cities and words[i][:1].isupper():
                    return CountryHit(cities[w], i, i, "city")
                continue
            for n in (3, 2, 1):
                gram = " ".join(low[i:i + n])
                if i + n > len(low) or not all(ok[i:i + n]):
                    continue
                if gram in self.capitals:
                    return CountryHit(self.capitals[gram], i, i + n - 1, "capital")
                if gram in self.cities and words[i][:1].isupper():
                    return CountryHit(self.cities[gram], i, i + n - 1, "city")
        return None

    def role_of(self, lemmas: list[str], upto: int) -> tuple[RoleNoun, int] | None:
        """The role noun nearest before or at word ``upto`` (generic heads defer to modifiers).

        "Algerian government forces" -> forces (MIL), "Afghan rebel leaders" -> rebel (REB),
        "Chancellor Olaf Scholz" -> chancellor.
        """
        found: list[tuple[int, RoleNoun, str]] = []
        # "secretary - general", "vice - president": hyphenated titles are one word
        lemmas = [w for w in lemmas]
        for k in range(len(lemmas) - 2):
            if lemmas[k + 1] == "-" and f"{lemmas[k]}-{lemmas[k + 2]}" in self.roles:
                lemmas[k], lemmas[k + 1], lemmas[k + 2] = "", "", f"{lemmas[k]}-{lemmas[k + 2]}"
        i = 0
        while i <= upto and i < len(lemmas):
            if i > 0 and lemmas[i - 1] == "-":  # "director-general": not a general
                i += 1
                continue
            for n in (3, 2, 1):
                gram = " ".join(lemmas[i:i + n])
                if i + n - 1 <= upto and gram in self.roles:
                    found.append((i + n - 1, self.roles[gram], gram))
                    i += n - 1
                    break
            i += 1
        if not found:
            return None
        last, role, gram = found[-1]
        if gram in GENERIC_HEADS and len(found) > 1:
            prev = found[-2][1]
            kind = role.kind if role.kind == "person" else prev.kind
            return RoleNoun(prev.role, kind), last
        return role, last


#: states that no longer exist but that the gazetteer still lists with their old capital
_FORMER_STATES = frozenset({"SCG", "ANT", "YUG", "CSK", "SUN", "DDR"})


def _capitals(cities: dict[str, str]) -> dict[str, str]:
    """Capital -> its state; a capital two states share in the gazetteer ("Belgrade":
    Serbia and Serbia and Montenegro, "Kingston": Jamaica and Norfolk Island) goes to the
    current state with the larger city of that name."""
    seen: dict[str, list[str]] = {}
    for iso, c in ref.countries().items():
        if c.capital and iso not in _FORMER_STATES:
            seen.setdefault(c.capital.lower(), []).append(iso)
    return {cap: (cities.get(cap, isos[0]) if cities.get(cap) in isos else isos[0])
            if len(isos) > 1 else isos[0] for cap, isos in seen.items()}


def _deletion_index(words: list[str]) -> dict[str, set[str]]:
    """Each single-word key and its one-letter deletions -> the key (edit distance 1)."""
    out: dict[str, set[str]] = {}
    for w in words:
        if " " in w or len(w) < 5:
            continue
        for variant in {w, *(w[:k] + w[k + 1:] for k in range(len(w)))}:
            out.setdefault(variant, set()).add(w)
        for suffix in ("s",):  # plural demonyms
            pl = w + suffix
            for variant in {pl, *(pl[:k] + pl[k + 1:] for k in range(len(pl)))}:
                out.setdefault(variant, set()).add(w)
    return out
