"""The article's home country: evidence for actors whose own words carry no country.

"Police said", "the Justice Department", "protesters", "Senator Feinstein": a domestic
story names its own country's bodies without the country. Event coders give them the
country the article is about. We read it, in this order:

1. the dateline ("WASHINGTON (AFP) -", "SEOUL, Nov 3 (Reuters) -"): a capital or a city
   at the very start of the text, followed by a comma, a parenthesis or a dash;
2. the outlet's web domain (``.co.uk`` -> GBR, ``nytimes.com`` -> USA), when known;
3. the country the resolved actors of the article name most, when it dominates (at least
   three mentions and 60% of the national mentions: a story about two states has none);
   a state's consulates and envoys, abroad by trade, cast no vote.

The sentence's own places still come first (``fill_person_countries`` runs before): the
home country is the fallback for mentions left without one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.records import ActorMention

#: sectors a domestic body or person may have; IGO identifiers and the like get no country
_DOMESTIC = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "CVL", "CRM", "MED",
                       "BUS", "EDU", "LAB", "REL", "SPY", "ELI", "AGR", "HLH", "REF", "INS",
                       "REB"})
#: national top-level domains that are no country's in practice (.tv, .io, .co, .me, .fm)
_GENERIC_TLD = frozenset({"tv", "io", "co", "me", "fm", "ly", "ai", "am", "cc", "ws"})
#: outlets on generic domains whose home country is plain (wire services have none)
OUTLETS = {
    "nytimes.com": "USA", "washingtonpost.com": "USA", "wsj.com": "USA", "cnn.com": "USA",
    "foxnews.com": "USA", "nbcnews.com": "USA", "cbsnews.com": "USA", "abcnews.go.com": "USA",
    "usatoday.com": "USA", "latimes.com": "USA", "politico.com": "USA", "thehill.com": "USA",
    "npr.org": "USA", "bloomberg.com": "USA", "huffpost.com": "USA", "breitbart.com": "USA",
    "theguardian.com": "GBR", "telegraph.co.uk": "GBR", "independent.co.uk": "GBR",
    "dailymail.co.uk": "GBR", "thetimes.co.uk": "GBR", "ft.com": "GBR", "economist.com": "GBR",
    "smh.com.au": "AUS", "abc.net.au": "AUS", "nzherald.co.nz": "NZL", "stuff.co.nz": "NZL",
    "cbc.ca": "CAN", "theglobeandmail.com": "CAN", "dw.com": "DEU", "spiegel.de": "DEU",
    "france24.com": "FRA", "lemonde.fr": "FRA", "timesofindia.indiatimes.com": "IND",
    "thehindu.com": "IND", "hindustantimes.com": "IND", "dawn.com": "PAK",
    "japantimes.co.jp": "JPN", "koreaherald.com": "KOR", "koreatimes.co.kr": "KOR",
    "scmp.com": "HKG", "straitstimes.com": "SGP", "haaretz.com": "ISR",
    "timesofisrael.com": "ISR", "jpost.com": "ISR", "rt.com": "RUS", "tass.com": "RUS",
    "chinadaily.com.cn": "CHN", "globaltimes.cn": "CHN", "xinhuanet.com": "CHN",
    "rappler.com": "PHL", "inquirer.net": "PHL", "news24.com": "ZAF",
}
_TLD = {"uk": "GBR", "us": "USA", "au": "AUS", "nz": "NZL", "ca": "CAN", "ie": "IRL",
        "de": "DEU", "fr": "FRA", "it": "ITA", "es": "ESP", "nl": "NLD", "be": "BEL",
        "ch": "CHE", "at": "AUT", "se": "SWE", "no": "NOR", "dk": "DNK", "fi": "FIN",
        "pl": "POL", "ru": "RUS", "ua": "UKR", "in": "IND", "pk": "PAK", "jp": "JPN",
        "kr": "KOR", "cn": "CHN", "tw": "TWN", "hk": "HKG", "sg": "SGP", "my": "MYS",
        "ph": "PHL", "id": "IDN", "th": "THA", "vn": "VNM", "za": "ZAF", "ng": "NGA",
        "ke": "KEN", "eg": "EGY", "il": "ISR", "tr": "TUR", "ir": "IRN", "sa": "SAU",
        "ae": "ARE", "qa": "QAT", "br": "BRA", "ar": "ARG", "mx": "MEX", "cl": "CHL",
        "pe": "PER", "gr": "GRC", "pt": "PRT", "cz": "CZE", "hu": "HUN", "ro": "ROU"}
#: nouns of a state's missions and envoys abroad ("the German consulate in Mazar-i-Sharif")
_DIPLOMATIC = frozenset({"diplomat", "diplomats", "ambassador", "ambassadors", "envoy",
                         "envoys", "embassy", "embassies", "consul", "consuls", "consulate",
                         "consulates", "mission", "missions"})
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'\- ]{1,40}?)(?:,[^\n(]{0,40}?)?\s*(?:\(|\u2014|--| - )")


def domain_country(url: str | None) -> str | None:
    """The home country an outlet's domain tells: a known outlet, or a national TLD."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    for k in range(host.count(".") + 1):
        part = host.split(".", k)[-1]
        if part in OUTLETS:
            return OUTLETS[part]
    tld = host.rsplit(".", 1)[-1]
    return None if tld in _GENERIC_TLD else _TLD.get(tld)


def dateline(text: str, lex: Lexicon) -> tuple[int, str] | None:
    """(end offset, country) of a dateline at the start of the text ("WASHINGTON (AFP) -",
    "SEOUL, Nov 3 (Reuters) -"): its place is where the story is filed from, no actor."""
    m = _DATELINE.match(text[:80])
    if m is None:
        return None
    place = m.group(1).strip().lower()
    iso = lex.capitals.get(place) or lex.names.get(place) or (
        lex.cities.get(place) if m.group(1).strip().isupper() else None)
    if iso is None:
        return None
    # the agency in parentheses belongs to the dateline too
    close = text.find(")", m.end() - 1, m.end() + 40) if text[m.end() - 1] == "(" else -1
    return (close + 1 if close >= 0 else m.end()), iso


def dateline_country(text: str, lex: Lexicon) -> str | None:
    """The country of a dateline city at the start of the text."""
    got = dateline(text, lex)
    return got[1] if got else None


def dominant_country(mentions: Iterable[ActorMention]) -> str | None:
    """The country most of the article's national mentions name, when it dominates."""
    votes: Counter[str] = Counter()
    for m in mentions:
        c = m.country
        if not c or c[:3] in ("IGO", "NGO", "IMG") or "+home" in m.via or \
                m.via in ("pronoun", "definite"):
            continue
        if not _DIPLOMATIC.isdisjoint(m.text.lower().split()):
            continue  # a consulate or envoy acts abroad by trade: no vote for home
        votes[c] += 1
    if not votes:
        return None
    (top, n), *rest = votes.most_common(2) + [("", 0)]
    total = sum(votes.values())
    if n >= 3 and n >= 0.6 * total and n > 2 * rest[0][1]:
        return top
    return None


def home_country(text: str, url: str | None, mentions: list[ActorMention],
                 lex: Lexicon) -> str | None:
    """The article's home country by dateline, outlet, then dominant actors (or None)."""
    return dateline_country(text, lex) or domain_country(url) or dominant_country(mentions)


def fill_home(mentions: list[ActorMention], home: str | None) -> None:
    """Give the home country to mentions of a domestic sector, a person or a named
    organisation of unknown code that have none."""
    if home is None:
        return
    for m in mentions:
        if m.country:
            continue
        if m.kind == "person" or (m.roles and all(r in _DOMESTIC for r in m.roles)) or (
                m.kind == "organisation" and not m.roles and m.via.startswith("org")):
            m.country = home
            m.via += "+home"
