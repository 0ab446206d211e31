"""*Where* of the 5W1H summary: the most specific, most repeated place tied to the event, with
its describing noun phrase and the dateline."""


from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from newsgraph.records import Answer, Place

_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "into", "on", "around",
             "through", "to", "towards", "toward", "off", "over", "within", "throughout"}

#: prepositions that put a name at a place ("on Brexit", "to Mondelez" do not)
_IN_PLACE = {"in", "at", "near", "outside", "inside", "around", "within", "throughout"}

#: prepositions that only take places: what follows "outside" is a site, whatever its tag
_BESIDE = {"outside", "inside", "near", "opposite"}

_PLACE_NOUNS = {"city", "town", "village", "province", "region", "district", "county", "state",
                "capital", "area", "suburb", "island", "port", "neighbourhood", "neighborhood",
                "borough", "municipality", "prefecture", "valley"}

_FEATURE_BONUS = {"city": 0.8, "part": 0.8, "adm1": 0.2, "country": -0.3}

#: how much lower a city may score than the country it lies in and still be preferred
SPECIFIC_MARGIN = 2.5

#: how far into a lead unit a dateline may stand (after bylines and photo credits)
DATELINE_WINDOW = 40


def _hyphen_span(doc: Doc, start: int, end: int) -> Span | None:
    """A place mention with the rest of a hyphenated name: "Mazar" -> "Mazar-i-Sharif"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    e = span.end
    while e < len(doc) and not doc[e - 1].whitespace_ and (doc[e].text == "-" or
                                                           doc[e - 1].text == "-"):
        e += 1
    return doc[span.start:e]


def _described(span: Span) -> int:
    """Start of the describing noun phrase of a place: "northern Afghan city of X"."""
    doc = span.doc
    root = span.root
    s = span.start
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lemma_.lower() in _PLACE_NOUNS:
        noun = root.head.head
        s = min(s, noun.left_edge.i)
        while s < noun.i and (doc[s].pos_ in ("DET", "ADP", "PUNCT") or doc[s].tag_ == "POS"):
            s += 1
    return s


def _where(doc: Doc, clause: set[int], unit: Span, top: list[Span], places: list[Place],
           sal: Counter[str]) -> Answer | None:
    """The most specific, most repeated place tied to the main event (``clause``: its tokens)."""
    cands: list[tuple[int, int, str, str | None, str]] = [
        (p.start, p.end, p.feature, p.country, p.via) for p in places]
    covered = [(p.start, p.end) for p in places]
    for ent in doc.ents:  # facilities, regions and places the gazetteer does not hold
        if ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT") and ent.root.dep_ == "pobj" and \
                ent.root.head.lower_ in _BESIDE and not any(
                    s <= ent.start_char < e for s, e in covered):
            # "protest outside Trump Towers": a building the tagger took for something else
            cands.append((ent.start_char, ent.end_char, "site", None, "entity"))
            continue
        if ent.label_ == "GPE" and not _in_place(ent.root):
            continue  # untagged "GPE"s are often brands and bodies ("Brexit", "F.B.I.")
        if ent.label_ in ("FAC", "LOC", "GPE") and not any(
                s <= ent.start_char < e for s, e in covered):
            cands.append((ent.start_char, ent.end_char,
                          "site" if ent.label_ != "GPE" else "entity", None, "entity"))
    for s, e in _dateline_places(top):  # "WASHINGTON, Nov 6 (Reuters) -": no gazetteer hit
        if not any(cs <= s < ce for cs, ce in covered):
            cands.append((s, e, "city", None, "dateline"))
    cands.extend(_repeated_names(doc, top, cands))
    if not cands:
        return None
    spans = [_hyphen_span(doc, c[0], c[1]) for c in cands]
    names = Counter(sp.text.lower() for sp in spans if sp is not None)
    size = max(doc[-1].idx + len(doc[-1].text), 1)
    ends = {sp.end for sp in spans if sp is not None}
    scored: list[tuple[float, Span, str, str | None, bool]] = []
    for c, span in zip(cands, spans, strict=True):
        if span is None:
            continue
        start, _end, feature, country, via = c
        root = span.root
        score = _FEATURE_BONUS.get(feature, 0.8) + 0.3 * min(names[span.text.lower()] - 1, 4)
        locative = root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE
        if root.dep_ == "pobj" and root.head.lower_ == "of" and \
                root.head.head.lemma_.lower() in _PLACE_NOUNS:
            locative = True
        dateline = via == "dateline" or _dateline(span, top)
        if dateline:
            score += 3.0
        in_top = any(u.start <= root.i < u.end for u in top)
        if unit.start <= root.i < unit.end:
            score += 1.5 + 1.5 * (root.i in clause and locative)
        elif in_top:
            score += 1.0
        else:
            score -= 1.0 + start / size
        if locative:
            score += 0.5
        elif feature != "country" and _names_event(root):
            score += 1.0  # "Croydon tram crash", "Seattle shooting": the event's own place
        elif not dateline:
            score -= 2.0  # "US election", "Croydon tram crash": a modifier, not the scene
        # "Croydon, south London": the second place only says where the first lies
        k = span.start - 1
        while k > 0 and doc[k].pos_ == "ADJ":
            k -= 1
        if k > 0 and doc[k].text == "," and k in ends:
            score -= 1.0
        if in_top and (locative or dateline) and _described_as_part(span):
            feature = "part"  # "Croydon, a large suburb to the south of the city": inside one
        scored.append((score, span, feature, country, in_top and (locative or dateline)))
    if not scored:
        return None
    return _pick_place(doc, scored)

#: nouns naming an incident, whose place modifier is where it happened: "Croydon tram crash"
_EVENT_NOUNS = {"crash", "attack", "bombing", "shooting", "derailment", "blast", "explosion",
                "fire", "protest", "rally", "riot", "raid", "collision", "accident",
                "disaster", "tragedy", "siege", "massacre", "stabbing", "flood", "earthquake",
                "quake", "storm", "clash", "clashes", "shootout", "rescue", "standoff"}

#: nouns that say a place lies inside a larger one
_PART_NOUNS = {"suburb", "district", "borough", "neighbourhood", "neighborhood", "quarter",
               "village", "town"}


def _described_as_part(span: Span) -> bool:
    """"Croydon, a large suburb of London": an apposition naming the place part of another."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    return any(doc[i].lemma_.lower() in _PART_NOUNS
               for i in range(span.end + 1, min(span.end + 5, len(doc))))


def _in_place(tok: Token) -> bool:
    """``tok`` is where something is: "in Interlagos", "the village of Zhongmengchang"."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in _IN_PLACE or (prep.lower_ == "of"
                                         and prep.head.lemma_.lower() in _PLACE_NOUNS)


def _names_event(tok: Token) -> bool:
    """A place that modifies an incident noun, through a chain of compounds."""
    steps = 0
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.i != tok.i and steps < 4:
        tok = tok.head
        steps += 1
    return steps > 0 and tok.lemma_.lower() in _EVENT_NOUNS


def _repeated_names(doc: Doc, top: list[Span], cands: list[tuple[int, int, str, str | None,
                                                                  str]]
                    ) -> list[tuple[int, int, str, str | None, str]]:
    """Untagged mentions, near the top, of names tagged as places elsewhere in the article:
    the tagger misses "Croydon" in "Croydon tram crash" that it finds further down."""
    known: dict[tuple[str, ...], tuple[str, str | None]] = {}
    for s, e, feature, country, via in cands:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or (via == "entity" and not _in_place(span.root)):
            continue  # only names the gazetteer knows or the text puts somewhere
        if any(t.is_alpha and len(t) > 2 for t in span):
            key = tuple(t.lower_ for t in span if not (t.i == span.start and t.pos_ == "DET"))
            if key and key not in known:
                known[key] = (feature, country)
    starts = {s for s, *_ in cands}
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for key in known:
        firsts.setdefault(key[0], []).append(key)
    out: list[tuple[int, int, str, str | None, str]] = []
    for unit in top:
        for tok in unit:
            for key in firsts.get(tok.lower_, ()):
                end = tok.i + len(key)
                if end <= unit.end and tok.idx not in starts and \
                        tuple(t.lower_ for t in doc[tok.i:end]) == key:
                    feature, country = known[key]
                    out.append((tok.idx, doc[end - 1].idx + len(doc[end - 1]), feature, country,
                                "repeat"))
                    starts.add(tok.idx)
    return out


def _pick_place(doc: Doc, scored: list[tuple[float, Span, str, str | None, bool]]
                ) -> Answer | None:
    """The best scored place, or a finer one inside it: a city inside the country named,
    a suburb the text places inside the city ("part")."""
    best = max(scored, key=lambda x: x[0])
    # the coders name the most specific place: the city inside the country named, the
    # suburb the text places inside the city
    finer = {"country": ("city", "site", "part"), "adm1": ("city", "site", "part"),
             "city": ("part",)}.get(best[2], ())
    inner = [x for x in scored if x[4] and x[2] in finer
             and (x[3] is None or x[3] == best[3]) and x[0] >= best[0] - SPECIFIC_MARGIN]
    if inner:
        best = max(inner, key=lambda x: x[0])
    _, span, _, country, _ = best
    s, e = doc[_described(span)].idx, span.end_char
    return Answer(span.doc[_described(span):span.end].text, s, e, country)

#: punctuation after a dateline's place: "WASHINGTON, Nov 6 (Reuters) -", "LONDON --"
_DATELINE_PUNCT = {",", "-", "--", "—", "–", "("}

_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


def _dateline_places(top: list[Span]) -> list[tuple[int, int]]:
    """Upper-case place names opening the story: "WASHINGTON, Nov 6 (Reuters) -", "LONDON --"."""
    out: list[tuple[int, int]] = []
    for unit in top[:3]:
        doc = unit.doc
        for tok in unit[:DATELINE_WINDOW]:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.text not in _DATELINE_PUNCT or not tok.is_alpha or \
                    not tok.is_upper or len(tok) < 3:
                continue
            after = doc[tok.i + 2].lower_[:3] if tok.i + 2 < len(doc) else ""
            if tok.ent_type_ not in ("GPE", "LOC") and nxt.text == "," and after not in _MONTHS:
                continue
            i = tok.i
            while i > unit.start and doc[i - 1].is_alpha and doc[i - 1].is_upper and \
                    len(doc[i - 1]) > 1:
                i -= 1
            out.append((doc[i].idx, tok.idx + len(tok)))
    return out


def _dateline(span: Span, top: list[Span]) -> bool:
    """An upper-case place near the top, followed by dateline punctuation: "LONDON --"."""
    doc = span.doc
    if span.end >= len(doc) or not span.text.isupper() or len(span.text) < 3:
        return False
    if doc[span.end].text not in _DATELINE_PUNCT or not top:
        return False
    return top[0].start <= span.start < top[-1].end and \
        span.start - top[0].start < DATELINE_WINDOW
