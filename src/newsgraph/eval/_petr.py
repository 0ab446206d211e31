"""The PETRARCH unit-test records as an event-coder check (``newsgraph eval events --petr``).

The records (``PETR.UnitTest.records.xml``) give sentences about fictional actors (Arnor,
Gondor ...) with the expected ``(source, target, CAMEO code)`` codings under four small
validation dictionaries. The actor and agent dictionaries are loaded here as an in-memory
user actor dictionary (the same mechanism as ``Config.actor_dictionaries``): a three-letter
code names a state, a longer one a named actor of ``code[:3]`` with sector ``code[3:6]``;
agents (``PRESIDENT [~GOV]``) become role nouns. The verb dictionary is translated into a
user verb dictionary (``reference.UserVerbs``) laid over the coder in place of its own lexicon:
each verb of a block takes the block's code, and each pattern that reads as constraints on the
verb's dependents (object words, a preposition and its object, a particle, an open complement)
becomes a sense. Words before the verb ("&NEGATVAUXVRB EVER *", "INDICATED WOULD *") become a
``before`` expression over the sentence's words before the verb, and ``%`` (conjoined actors)
a conjoined subject whose members act on each other; patterns with other actor slots before
the verb, or "NOT" after it, cannot be said in our constraint language and are skipped and
counted. A name coded for several actors (``THE_SHIRE [FRO/BIL/SAM]``) becomes a collective
named actor that acts as each member. The discards file's
phrases suppress the events of their sentence (or, with ``+``, of their story).

Verb blocks and patterns keep paired codes (``[032:033]``: the reverse event, target to
source, is coded 033; the coder emits it); an inflected form listed on its own (``MET``,
``LEFT``) holds for that form only. Actor entries with dated blocks become dated named actors,
and each sentence is coded on its record's date.

Matching: PETRARCH writes one coding per (source, target) pair; our events hold actor lists,
so each event counts once per source x target pair (a missing side as none). Actor codes are
compared as ``(country, sectors)``: a PETRARCH code is cut into three-letter parts, agents
written ``[XXX~]`` (``NGO``) that stand before the country moved to the sectors, ``---`` read
as unknown. A pair agrees when the countries are equal (both unknown counts) and, where
sectors are expected, our actor's first role is one of them (PETRARCH stacks sectors such as
``GOVFRM``; ours carry one role per actor); a role of ours where none is expected is not held
against us. An expected coding is matched when a pair of its sentence agrees on source and
target and carries the expected code. Looser shares (code only; source and target only) are
reported beside it; extra events are pairs beyond the expected number.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph import reference as ref
from newsgraph.annotate.actor_dict import ActorDictionary, NamedActor
from newsgraph.reference import Igo, RoleNoun

#: code prefixes of international and non-governmental bodies (not states)
_BODIES = frozenset({"IGO", "NGO", "IMG"})
DEFAULT_DIR = Path("../shared/data/events/petrarch2")
_CODE = re.compile(r"\[([^\]\s<>]+)[^\]]*\]")


@dataclass(slots=True)
class PetrRecord:
    id: str
    text: str
    codings: list[tuple[str, str, str]]  # (source, target, cameo)
    date: str = "1995-01-01"  # ISO; dated actor entries are resolved on it


def load_records(path: Path) -> list[PetrRecord]:
    """Sentences with their expected codings; records expecting no event have none."""
    root = ET.parse(path).getroot()
    out = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        raw = text_el.text if text_el is not None else None
        if not raw or not raw.strip():
            continue
        codings = [(c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", ""))
                   for c in s.findall("EventCoding") if c.get("eventcode")]
        day = s.get("date", "")
        out.append(PetrRecord(s.get("id", ""), " ".join(raw.split()), codings,
                              _petr_date(day) if re.fullmatch(r"\d{8}", day) else "1995-01-01"))
    return out


def _name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).strip()


def _petr_date(raw: str) -> str:
    """``950601`` or ``19950601`` -> ISO; two-digit years below 30 are 20xx (TABARI's rule)."""
    raw = raw.strip()
    if len(raw) == 6:
        raw = ("19" if int(raw[:2]) >= 30 else "20") + raw
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def _restriction(body: str) -> tuple[str, str | None, str | None] | None:
    """A code block ``[CODE]``, ``[CODE <date]``, ``[CODE >date]`` or ``[CODE d1-d2]`` ->
    ``(code, valid_from, valid_to)`` (bounds inclusive)."""
    m = re.search(r"\[\s*([^\]\s<>]+)\s*([^\]]*)\]", body)
    if not m:
        return None
    code, rest = m.group(1), m.group(2).strip()
    d = re.fullmatch(r"([<>])\s*(\d{6}|\d{8})", rest)
    if d:
        day = _petr_date(d.group(2))
        return (code, None, day) if d.group(1) == "<" else (code, day, None)
    d = re.fullmatch(r"(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})", rest)
    if d:
        return code, _petr_date(d.group(1)), _petr_date(d.group(2))
    return code, None, None


def _named(names: list[str], code: str, valid_from: str | None, valid_to: str | None
           ) -> NamedActor:
    up = code.upper()
    if "/" in up:  # "THE_SHIRE [FRO/BIL/SAM]": a name standing for several actors
        members = tuple(m for m in up.split("/") if m.isalpha())
        return NamedActor(name=names[0], kind="group", country=members[0][:3],
                          roles=(members[0][3:6],) if len(members[0]) > 3 else (),
                          aliases=tuple(names[1:]), valid_from=valid_from, valid_to=valid_to,
                          members=members)
    known = up.isalpha()  # "---" codes an actor as nobody (no country, no role)
    return NamedActor(name=names[0], kind="state" if known and len(up) == 3 else "organisation",
                      country=up[:3] if known else None,
                      roles=(up[3:6],) if known and len(up) > 3 else (),
                      aliases=tuple(names[1:]), valid_from=valid_from, valid_to=valid_to)


def parse_actors(text: str, out: ActorDictionary) -> None:
    """``NAME [CODE]`` entries with ``+ALIAS`` lines and indented ``[CODE <date]`` blocks.

    An undated three-letter code names a state (its names join the country names); a longer
    one a named actor of ``code[:3]`` with sector ``code[3:6]``. An entry with dated blocks
    becomes dated named actors: PETRARCH applies the first block whose dates hold, falling back
    to the undated one, and ``ActorDictionary.lookup`` prefers the last valid entry, so the
    undated block goes first and the dated ones follow in reverse order. A leading ``THE`` in
    a name is optional in text ("the AU", "AU").
    """
    current: list[str] = []
    blocks: list[tuple[str, str | None, str | None]] = []

    def flush() -> None:
        if not current or not blocks:
            return
        names = current + [n[4:] for n in current if n.upper().startswith("THE ") and len(n) > 4]
        dated = [b for b in blocks if b[1] or b[2]]
        undated = [b for b in blocks if not (b[1] or b[2])][:1]
        if not dated:
            code = undated[0][0].upper()
            if "/" in code and all(m.isalpha() for m in code.split("/")):
                out.actors.append(_named(names, code, None, None))
                return
            if not code.isalpha():
                return
            if len(code) == 3:
                for n in names:
                    out.countries[n.lower()] = code
            elif code[:3] in _BODIES:
                # "EUROPEAN_UNION [IGOEEU]": an organisation with a fixed code, found inside a
                # longer phrase ("the European Union (EU)") and overriding the shipped table
                for n in names:
                    key = n if len(n) <= 5 and " " not in n else n.lower()
                    out.organisations[key] = Igo(code, n)
            else:
                out.actors.append(_named(names, code, None, None))
            return
        for code, frm, to in undated + dated[::-1]:
            out.actors.append(_named(names, code, frm, to))

    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip() or body.lstrip().startswith("<!"):
            continue
        if body.startswith("+"):
            if current:
                current.append(_name(body[1:]))
            continue
        if body[:1].isspace():
            block = _restriction(body)
            if block is not None and current:
                blocks.append(block)
            continue
        flush()
        m = _CODE.search(body)
        current = [_name(body[: m.start()] if m else body)]
        block = _restriction(body) if m else None
        blocks = [block] if block is not None else []
    flush()


def parse_agents(text: str, out: ActorDictionary) -> None:
    """``NOUN {PLURAL} [~SEC]`` lines -> role nouns (the sector's first three letters)."""
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if not body or body.startswith(("<!--", "!")):
            continue
        m = re.match(r"([^{\[]+?)\s*(\{([^}]*)\})?\s*\[~?([A-Za-z]+)", body)
        if not m or "!" in m.group(1):
            continue
        role = RoleNoun(m.group(4).upper()[:3], "person")
        for n in [m.group(1), *(m.group(3) or "").split(",")]:
            if n.strip():
                out.role_nouns[_name(n).lower()] = role


def petr_dictionary(folder: Path) -> ActorDictionary:
    out = ActorDictionary()
    parse_actors((folder / "PETR.Validate.actors.txt").read_text("utf-8", "replace"), out)
    parse_agents((folder / "PETR.Validate.agents.txt").read_text("utf-8", "replace"), out)
    return out


#: words after the verb that PETRARCH patterns use as prepositions and particles
_PREPS = {"with", "to", "for", "from", "in", "on", "at", "against", "over", "between", "of",
          "about", "upon", "by", "into", "near", "under", "through", "after", "toward"}
_PARTICLES = {"up", "down", "out", "off", "back", "away"}
_FILLERS = {"the", "a", "an", "its", "their", "his", "her", "our"}
_SLOTS = {"$", "+", "^", "%"}


@dataclass(slots=True)
class VerbStats:
    verbs: int = 0  # verb lemmas given a block's default code
    patterns: int = 0  # patterns translated into senses
    loosened: int = 0  # of those, patterns whose actor slots after the verb were dropped
    skipped_patterns: int = 0  # patterns that cannot be expressed
    skipped_verbs: int = 0  # multi-word verbs other than verb + particle


def _code(raw: str) -> str | None:
    """A block or pattern code; a paired ``AAA:BBB`` (the reverse event's code after the
    colon) is kept whole for the coder."""
    code = raw.strip()
    return None if code.split(":", 1)[0] in ("---", "") else code


def _synsets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` blocks and their ``+MEMBER`` lines, embedded synsets expanded."""
    raw: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if body.startswith("&"):
            # "&PREPOSIT1_" is referred to as "&PREPOSIT1": a trailing joiner is no part
            # of the name
            current = body.split()[0].rstrip("_")
            raw[current] = []
        elif body.startswith("+") and current is not None:
            raw[current].append(body[1:].strip())
        elif body:
            current = None

    def expand(name: str, depth: int = 0) -> list[str]:
        out: list[str] = []
        for m in raw.get(name, []):
            out += expand(m, depth + 1) if m.startswith("&") and depth < 4 else [m]
        return out

    return {k: expand(k) for k in raw}


def _pattern_senses(words: list[str], synsets: dict[str, list[str]],
                    lemma: Callable[[str], str]) -> list[tuple[tuple[str, str], ...]] | None:
    """Constraint sets for the words after the verb; None when they cannot be expressed."""
    def alts(w: str) -> str:
        if w.startswith("&"):
            members = synsets.get(w)
            if not members:
                raise ValueError(w)
            heads = {m.replace("_", " ").split()[-1].lower() for m in members}
            return "|".join(sorted(heads | {lemma(h) for h in heads}))
        low = w.lower()
        return "|".join(sorted({low, lemma(low)}))

    def preps(w: str) -> str | None:
        """The preposition(s) a word stands for: itself, or a synset of prepositions
        ("&PREPOSIT1": against, in, on ...)."""
        if w.lower() in _PREPS:
            return w.lower()
        members = [m.lower() for m in synsets.get(w, [])] if w.startswith("&") else []
        return "|".join(members) if members and all(m in _PREPS for m in members) else None

    base: list[tuple[str, str]] = []
    variants: list[list[tuple[str, str]]] = [[]]
    i = 0
    try:
        while i < len(words):
            w = words[i]
            low = w.lower()
            prep = preps(w)
            if low in _FILLERS:
                pass
            elif low in _PARTICLES and i == 0:
                base.append(("prt", low))
            elif prep is not None:
                nxt = next((x for x in words[i + 1:] if x.lower() not in _FILLERS), None)
                if nxt is not None and preps(nxt) is None:
                    i = words.index(nxt, i + 1)
                    if prep == "to" and not nxt.startswith("&"):
                        # "to reconsider": an open complement, or a to-phrase's object
                        variants = [[("xcomp", alts(nxt))], [("pobj", f"to:{alts(nxt)}")]]
                    else:
                        base.append(("pobj", f"{prep}:{alts(nxt)}"))
                else:
                    base.append(("prep", prep))
            else:
                base.append(("obj", alts(w)))
            i += 1
    except ValueError:
        return None
    return [tuple(base + v) for v in variants]


def _pre_verb(raw: str, synsets: dict[str, list[str]]) -> tuple[tuple[str, str], ...] | None:
    """Constraints for the words of a pattern before its verb (``*``); None when they cannot
    be said.

    ``%`` (conjoined actors, who act on each other) becomes a ``compound`` subject; the words
    a ``before`` expression over the sentence's words before the verb, in order, where ``_``
    joins neighbours and a space lets other words in between (TABARI's convention); a synset
    stands for any of its phrases. Other actor slots before the verb are not expressible.
    """
    head = raw.split("*", 1)[0]
    items: list[tuple[str, bool]] = []  # (word, joined to what follows)
    for chunk in head.split():
        parts = chunk.split("_")
        for k, w in enumerate(parts):
            if w:
                items.append((w, k < len(parts) - 1))
    out: list[tuple[str, str]] = []
    if any(w == "%" for w, _ in items):
        out.append(("compound", ""))
        items = [(w, j) for w, j in items if w != "%"]
    if any(w in _SLOTS for w, _ in items):
        return None
    if not items:
        return tuple(out)
    expr = ""
    for w, joined in items:
        if w.startswith("&"):
            members = synsets.get(w)
            if not members:
                return None
            alts = [" ".join(m.replace("_", " ").lower().split()) for m in members]
        else:
            alts = [w.lower()]
        expr += "(?:" + "|".join(re.escape(a) for a in alts) + ")"
        expr += " " if joined else r" (?:\S+ )*?"
    return (*out, ("before", " " + expr + "$"))


def parse_verbs(text: str, lemma: Callable[[str], str]
                ) -> tuple[dict[str, dict[str, list[ref.VerbSense]]], VerbStats]:
    """A PETRARCH verb dictionary -> lexicon parts (verbs only) and what was kept or skipped."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("<!--")]
    synsets = _synsets(lines)
    stats = VerbStats()
    verbs: dict[str, list[ref.VerbSense]] = {}
    block_code: str | None = None
    block: list[tuple[str, tuple[tuple[str, str], ...]]] = []  # (lemma, particle constraint)
    in_block = False

    def add(lem: str, cons: tuple[tuple[str, str], ...], code: str | None) -> None:
        verbs.setdefault(lem, []).append(ref.VerbSense(lem, cons, code))

    def verb_line(body: str) -> None:
        m = _CODE.search(body)
        code = _code(m.group(1)) if m else block_code
        head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).strip().lstrip("+")
        parts = head.replace("_", " ").split()
        if not parts or "+" in head:
            stats.skipped_verbs += 1
            return
        if len(parts) == 2 and parts[1].lower() in _PARTICLES:
            cons: tuple[tuple[str, str], ...] = (("prt", parts[1].lower()),)
        elif len(parts) == 1:
            cons = ()
        else:
            stats.skipped_verbs += 1
            return
        word = parts[0].lower()
        lem = lemma(word)
        if lem != word:
            # an inflected form listed on its own ("MET", "LEFT", "SAYS"): PETRARCH matches
            # forms, so its senses hold for that form only
            cons = (("form", word), *cons)
        block.append((lem, cons))
        add(lem, cons, code)
        stats.verbs += 1

    for line in lines:
        body = line.split("#", 1)[0].rstrip()
        stripped = body.strip()
        if not stripped:
            continue
        if stripped.startswith("---"):
            m = _CODE.search(stripped)
            block_code = _code(m.group(1)) if m else None
            block, in_block = [], True
            continue
        if stripped.startswith("&"):
            in_block = False
            continue
        if not in_block:
            continue
        if stripped.startswith("-"):
            m = _CODE.search(stripped)
            raw = stripped[1:m.start() if m else None]
            pat = raw.replace("_", " ").split()
            code = _code(m.group(1)) if m else block_code
            if "*" not in pat:
                stats.skipped_patterns += 1
                continue
            star = pat.index("*")
            after = pat[star + 1:]
            words = [w for w in after if w not in _SLOTS]
            senses = _pattern_senses(words, synsets, lemma) if words else [()]
            pre = _pre_verb(raw, synsets)
            if senses is None or pre is None or any(w.lower() == "not" for w in words) or \
                    not (words or pre):
                stats.skipped_patterns += 1
                continue
            if code is not None and ("compound", "") in pre and ":" not in code:
                code = f"{code}:{code}"  # conjoined actors act on each other
            stats.patterns += 1
            stats.loosened += len(words) < len(after)
            for lem, own in block:
                for cons in senses:
                    add(lem, own + pre + cons, code)
            continue
        if stripped.startswith("+") and block and "_" not in stripped:
            stats.skipped_verbs += 1
            continue
        verb_line(stripped)
    return {"V": verbs, "N": {}, "L": {}}, stats


def parse_discards(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(sentence phrases, story phrases)``; a leading ``+`` marks a story-level discard."""
    sentence: list[str] = []
    story: list[str] = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        if body.startswith("+"):
            story.append(body[1:].strip().replace("_", " "))
        else:
            sentence.append(body.replace("_", " "))
    return tuple(sentence), tuple(story)


def petr_verbs(folder: Path, lemma: Callable[[str], str]) -> tuple[ref.UserVerbs, VerbStats]:
    """The PETR.Validate verb and discard dictionaries as the coder's only lexicon."""
    table, stats = parse_verbs((folder / "PETR.Validate.verbs.txt")
                               .read_text("utf-8", "replace"), lemma)
    discards, story = parse_discards((folder / "PETR.Validate.discards.txt")
                                     .read_text("utf-8", "replace"))
    return ref.UserVerbs(table, exclusive=True, cameo=False, discards=discards,
                         story_discards=story), stats


def prefix_agents(text: str) -> set[str]:
    """Agent codes written ``[XXX~]``: PETRARCH puts them before the country ("NGOARN")."""
    return {m.group(1).upper() for m in re.finditer(r"\[\s*([A-Za-z]{3})~\s*\]", text)}


def _parts(m: Any) -> tuple[str, tuple[str, ...]]:
    """A predicted actor as ``(country, roles)``; none is ``("", ())``."""
    if m is None:
        return "", ()
    return (m.country or "")[:3], tuple(r for r in m.roles if len(r) == 3)


def split_code(code: str, prefixes: set[str]) -> tuple[str, tuple[str, ...]]:
    """A PETRARCH actor code as ``(country, sectors)``: three-letter chunks, leading prefix
    agents ("NGO" in "NGOARNGOV") moved to the sectors, ``---`` read as unknown."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    lead = []
    while len(chunks) > 1 and chunks[0] in prefixes:
        lead.append(chunks.pop(0))
    country = "" if chunks[0] in ("---", "") else chunks[0]
    return country, tuple(lead + [c for c in chunks[1:] if c != "---"])


def agrees(ours: tuple[str, tuple[str, ...]], expected: tuple[str, tuple[str, ...]]) -> bool:
    """Countries equal (both unknown counts); when sectors are expected, our first role is one
    of them (PETRARCH stacks sectors: GOVFRM, GOVMED; our actors carry a role list)."""
    if ours[0] != expected[0]:
        return False
    return not expected[1] or bool(ours[1]) and ours[1][0] in expected[1]


def event_pairs(e: Any) -> list[tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]]:
    """One ``(source, target)`` pair per source x target actor of an event: PETRARCH writes one
    coding per pair ("France and Germany ..." two codings), our events hold actor lists."""
    return [(_parts(s), _parts(t)) for s in (e.source or [None]) for t in (e.target or [None])]


def _verb_lemmatizer(nlp: Any) -> Callable[[str], str]:
    """The pipeline's own lemma of a dictionary word read as a past-tense verb ("said" ->
    "say", "ties" -> "tie"), so dictionary entries meet the coder's lemmas."""
    from spacy.tokens import Doc

    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma(word: str) -> str:
        doc = Doc(nlp.vocab, words=[word.lower()])
        doc[0].pos_ = "VERB"
        doc[0].tag_ = "VBD"
        return str(lemmatizer(doc)[0].lemma_) or word.lower()

    return lemma


def _show(m: Any) -> str:
    if m is None:
        return "-"
    return f"{m.text}={(m.country or '---')}{''.join(m.roles)}"


def evaluate(folder: Path, *, verbs: bool = True,
             rows: list[str] | None = None) -> dict[str, float]:
    """Share of expected codings matched (full, code only, actors only) and extra events, with
    the PETR.Validate dictionaries loaded (``verbs`` False: our own lexicon codes instead).
    ``rows``, when given, receives one line per record that is not fully matched (the
    expected codings and ours) for error analysis."""
    from newsgraph.annotate.actors import ActorResolver
    from newsgraph.extract.events import EventCoder
    from newsgraph.pipeline import default_pipeline

    records = load_records(folder / "PETR.UnitTest.records.xml")
    pipe = default_pipeline()
    nlp = pipe.nlp
    resolver = nlp.get_pipe("newsgraph_actors")
    coder = nlp.get_pipe("newsgraph_events")
    assert isinstance(resolver, ActorResolver) and isinstance(coder, EventCoder)
    user_verbs, stats = petr_verbs(folder, _verb_lemmatizer(nlp)) if verbs else (None,
                                                                                 VerbStats())
    before = resolver.lex.user
    before_verbs = coder.use_verbs(user_verbs)
    resolver.use_dictionary(petr_dictionary(folder))
    prefixes = prefix_agents((folder / "PETR.Validate.agents.txt").read_text("utf-8", "replace"))
    try:
        docs = [pipe.text_doc(r.text, r.id, r.date) for r in records]
        full = code = actors = expected = extra = 0
        for r, d in zip(records, nlp.pipe(docs), strict=True):
            evs = [(s, t, e.cameo) for e in d._.ng_events or [] for s, t in event_pairs(e)]
            extra += max(0, len(evs) - len(r.codings))
            hits = 0
            for src, tar, cameo in r.codings:
                expected += 1
                xs, xt = split_code(src, prefixes), split_code(tar, prefixes)
                hit = any(c == cameo and agrees(s, xs) and agrees(t, xt) for s, t, c in evs)
                hits += hit
                full += hit
                code += any(c == cameo for _, _, c in evs)
                actors += any(agrees(s, xs) and agrees(t, xt) for s, t, _ in evs)
            if rows is not None and (hits < len(r.codings) or len(evs) > len(r.codings)):
                want = " ".join(f"{s}>{t}:{c}" for s, t, c in r.codings) or "(none)"
                got = " ".join(
                    f"[{e.trigger}:{e.cameo} {'+'.join(_show(s) for s in e.source) or '-'}"
                    f" > {'+'.join(_show(t) for t in e.target) or '-'}]"
                    for e in d._.ng_events or []) or "(none)"
                rows.append(f"{r.id}\t{hits}/{len(r.codings)}\t{r.text}\n  want {want}"
                            f"\n  got  {got}")
    finally:
        resolver.use_dictionary(before)
        coder.use_verbs(before_verbs)
    n = max(expected, 1)
    return {"records": float(len(records)), "codings": float(expected), "matched": full / n,
            "code_matched": code / n, "actors_matched": actors / n,
            "extra_per_record": extra / max(len(records), 1),
            "verbs_loaded": float(stats.verbs), "patterns_loaded": float(stats.patterns),
            "patterns_loosened": float(stats.loosened),
            "patterns_skipped": float(stats.skipped_patterns),
            "verbs_skipped": float(stats.skipped_verbs)}
