"""Place mentions resolved offline, by context rather than by population alone.

Registered as the spaCy component ``newsgraph_places`` writing ``doc._.ng_places``.
A name with several gazetteer entries ("Georgia", "Paris", "Wellington") is resolved in this
order: an explicit qualifier ("Paris, Texas"); the countries of the article's unambiguous
places and actors; only then population. ``event_location`` picks an event's place: the one
attached to its clause, else its sentence, else the dateline, else none.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy import symbols as sym
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.doc_cache import doc_text, token_arrays
from newsgraph.geo.gazetteer import GazetteerEntry, fold, lookup, qualifiers
from newsgraph.records import Place

VERSION = "0.1.0"

_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z.'\- ]{2,40}?)"
                       r"(?:,\s*(?P<qual>[A-Z][A-Za-z. ]{1,30}?))?"
                       r"\s*(?:\(|—|–|-{1,2}\s|,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
                       r"Nov|Dec))")
_LOCATIVE_PREPS = {"in", "at", "near", "to", "from", "outside", "inside", "into", "across"}
_PLACE_NOUNS = {"town", "city", "village", "capital", "province", "region", "port", "district"}
_DIRECTIONS = re.compile(r"^(?:(?:north|south|east|west|central|upper|lower)(?:ern)?|"
                         r"(?:north|south)-?(?:east|west)(?:ern)?)\s+", re.IGNORECASE)
#: a candidate this many times more populous wins over actor-country context
POPULATION_DOMINANCE = 5
#: a city this many times larger wins even over place context
CITY_DOMINANCE = 20


@Language.factory("newsgraph_places", default_config={})
def make_place_resolver(nlp: Language, name: str) -> PlaceResolver:
    return PlaceResolver()


class PlaceResolver:
    """Finds GPE/LOC/FAC entities and the dateline, and resolves each to the gazetteer."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[tuple[int, int, str, str | None, str]] = []  # start, end, text, qual, via
        m = _DATELINE.match(doc_text(doc))
        if m:
            mentions.append((m.start("place"), m.end("place"), m["place"].strip(), m["qual"],
                             "dateline"))
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            if mentions and ent.start_char < mentions[0][1] and mentions[0][4] == "dateline":
                continue
            qual = None
            if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
                nxt = doc[ent.end + 1]
                for width in (2, 1):
                    cand = doc[nxt.i: nxt.i + width]
                    if fold(cand.text) in qualifiers():
                        qual = cand.text
                        break
            text = ent.text
            start = ent.start_char
            if ent[0].lower_ == "the" and len(ent) > 1:
                start = ent[1].idx
                text = doc_text(doc)[start:ent.end_char]
            mentions.append((start, ent.end_char, text, qual, "ent"))
        mentions.extend(_untagged_places(doc, mentions))
        candidates = [(mt, _lookup(mt[2])) for mt in mentions]
        context: Counter[str] = Counter()
        for (start, end, *_rest), cands in candidates:
            # a country named as an actor ("U.S. negotiators") says nothing about where;
            # cities, regions and countries in locative position do
            if len({c.country for c in cands}) == 1 and (
                    cands[0].feature != "country" or _locative_at(doc, start, end)):
                context[cands[0].country] += 1
        actor_context: Counter[str] = Counter()
        for actor in doc._.ng_actors or []:
            if actor.country and len(actor.country) == 3 and actor.country != "IGO":
                actor_context[actor.country] += 1
        places = []
        for (start, end, text, qual, via), cands in candidates:
            if not cands:
                continue
            entry, how, conf = _choose(cands, qual, context, actor_context)
            if via == "dateline":
                how = "dateline"
            places.append(Place(text, start, end, entry.name, entry.feature, entry.country,
                                entry.fips, entry.admin1, entry.lat, entry.lon, conf, how))
        doc._.ng_places = places
        return doc


def _lookup(text: str) -> list[GazetteerEntry]:
    """Gazetteer candidates, retried without a leading direction ("Western Cambodia")."""
    found = lookup(text)
    if not found:
        stripped = _DIRECTIONS.sub("", text)
        if stripped != text:
            found = lookup(stripped)
    return found


_PROPN = int(sym.PROPN)


def _untagged_places(doc: Doc, known: list[tuple[int, int, str, str | None, str]]
                     ) -> list[tuple[int, int, str, str | None, str]]:
    """Proper nouns in locative position that NER missed or mislabelled ("near the town of X")."""
    taken = [(s, e) for s, e, *_ in known]
    out: list[tuple[int, int, str, str | None, str]] = []
    # only proper nouns qualify: the rest are skipped from the doc's part-of-speech column,
    # before a Token is built for them
    for i, pos_id in enumerate(token_arrays(doc).pos):
        if pos_id != _PROPN:
            continue
        tok = doc[i]
        if tok.dep_ != "pobj" or tok.ent_type_ in ("PERSON", "ORG"):
            continue
        head = tok.head
        locative = head.lower_ in _LOCATIVE_PREPS or (
            head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_NOUNS)
        if not locative:
            continue
        left = tok.i
        while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ == "compound":
            left -= 1
        span = doc[left: tok.i + 1]
        if any(s < span.end_char and span.start_char < e for s, e in taken):
            continue
        if lookup(span.text):
            out.append((span.start_char, span.end_char, span.text, None, "untagged"))
    return out


def _choose(cands: list[GazetteerEntry], qual: str | None, context: Counter[str],
            actor_context: Counter[str]) -> tuple[GazetteerEntry, str, float]:
    """The best candidate and how it was chosen.

    Other places in the article are strong evidence; the countries of the article's actors
    are weak evidence (a U.S. delegation in Geneva is not in Geneva, New York), used only
    between candidates of comparable size.
    """
    primaries = [c for c in cands if c.primary]
    cands = primaries or cands
    if len({(c.country, c.feature) for c in cands}) == 1:
        return cands[0], "unique", 0.9
    if qual is not None:
        country, admin1 = qualifiers()[fold(qual)]
        fitting = [c for c in cands if c.country == country and
                   (admin1 is None or c.admin1 == admin1)]
        if fitting:
            return fitting[0], "qualifier", 0.85
    scored = sorted(cands, key=lambda c: (-context.get(c.country, 0), -c.population))
    best = scored[0]
    biggest = max(cands, key=lambda c: c.population)
    # a town of the article's country does not outweigh a city twenty times its size
    # ("Frankfurt" in a US story is still Frankfurt am Main, not Frankfort, Kentucky)
    swamped = (best.feature == biggest.feature == "city"
               and biggest.population > CITY_DOMINANCE * best.population)
    if context.get(best.country, 0) > 0 and not swamped and any(
            context.get(c.country, 0) == 0 for c in cands):
        return best, "context", 0.7
    supported = [c for c in cands if actor_context.get(c.country, 0) > 0]
    if supported:
        pick = max(supported, key=lambda c: (actor_context[c.country], c.population))
        if pick.population * POPULATION_DOMINANCE >= biggest.population:
            return pick, "context", 0.6
    return biggest, "population", 0.5


@Language.factory("newsgraph_event_places", default_config={})
def make_event_locator(nlp: Language, name: str) -> EventLocator:
    return EventLocator()


class EventLocator:
    """Gives each coded event its action location (runs after the event coder)."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        places: list[Place] = doc._.ng_places or []
        for event in doc._.ng_events or []:
            span = doc.char_span(event.trigger_start, event.trigger_end,
                                 alignment_mode="expand")
            if span is not None:
                event.location = event_location(span.root, places)
        return doc


def event_location(verb: Token, places: list[Place]) -> Place | None:
    """The place of an event: attached to its clause, else in its sentence, else the dateline."""
    if not places:
        return None
    sent = verb.sent
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char]
    clause = {t.idx for t in verb.subtree}
    attached = []
    for p in in_sent:
        tok = verb.doc.char_span(p.start, p.end, alignment_mode="expand")
        if tok is None or tok.root.idx not in clause:
            continue
        head = tok.root.head
        if tok.root.dep_ == "pobj" and head.lower_ in _LOCATIVE_PREPS:
            attached.append(p)
    if attached:
        return min(attached, key=lambda p: abs(p.start - verb.idx))
    locative = [p for p in in_sent if _is_locative(verb.doc, p)]
    if locative:
        return min(locative, key=lambda p: abs(p.start - verb.idx))
    return next((p for p in places if p.via == "dateline"), None)


def _is_locative(doc: Doc, p: Place) -> bool:
    return _locative_at(doc, p.start, p.end)


def _locative_at(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return bool(span is not None and span.root.dep_ == "pobj"
                and span.root.head.lower_ in _LOCATIVE_PREPS)
