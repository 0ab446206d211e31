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
becomes a sense; patterns that need words before the verb, negation, or actor slots before the
verb cannot be said in our constraint language and are skipped and counted. The discards file's
phrases suppress the events of their sentence (or, with ``+``, of their story).

Matching: an expected coding counts as matched when one predicted event of its sentence has
the expected CAMEO code and a source and target whose codes agree with the expected ones (the
country part always; the sector part when the expected code has one). Looser shares (code
only; source and target only) are reported beside it.
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
from newsgraph.reference import RoleNoun

DEFAULT_DIR = Path("../shared/data/events/petrarch2")
_CODE = re.compile(r"\[([^\]\s<>]+)[^\]]*\]")


@dataclass(slots=True)
class PetrRecord:
    id: str
    text: str
    codings: list[tuple[str, str, str]]  # (source, target, cameo)


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
        out.append(PetrRecord(s.get("id", ""), " ".join(raw.split()), codings))
    return out


def _name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).strip()


def parse_actors(text: str, out: ActorDictionary) -> None:
    """``NAME [CODE]`` entries with ``+ALIAS`` lines and indented ``[CODE <date]`` blocks."""
    current: list[str] = []
    code: str | None = None

    def flush() -> None:
        if not current or not code or not code.isalpha():
            return
        up = code.upper()
        if len(up) == 3:
            for n in current:
                out.countries[n.lower()] = up
        else:
            out.actors.append(NamedActor(name=current[0], kind="organisation", country=up[:3],
                                         roles=(up[3:6],), aliases=tuple(current[1:])))

    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip() or body.lstrip().startswith("<!--"):
            continue
        if body.startswith("+"):
            if current:
                current.append(_name(body[1:]))
            continue
        if body[:1].isspace():
            m = _CODE.search(body)
            if m and code is None:
                code = m.group(1)
            continue
        flush()
        m = _CODE.search(body)
        current = [_name(body[: m.start()] if m else body)]
        code = m.group(1) if m else None
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
    code = raw.split(":", 1)[0].strip()
    return None if code in ("---", "") else code


def _synsets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` blocks and their ``+MEMBER`` lines, embedded synsets expanded."""
    raw: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if body.startswith("&"):
            current = body.split()[0]
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

    base: list[tuple[str, str]] = []
    variants: list[list[tuple[str, str]]] = [[]]
    i = 0
    try:
        while i < len(words):
            w = words[i]
            low = w.lower()
            if low in _FILLERS:
                pass
            elif low in _PARTICLES and i == 0:
                base.append(("prt", low))
            elif low in _PREPS:
                nxt = next((x for x in words[i + 1:] if x.lower() not in _FILLERS), None)
                if nxt is not None and nxt.lower() not in _PREPS:
                    i = words.index(nxt, i + 1)
                    if low == "to" and not nxt.startswith("&"):
                        # "to reconsider": an open complement, or a to-phrase's object
                        variants = [[("xcomp", alts(nxt))], [("pobj", f"to:{alts(nxt)}")]]
                    else:
                        base.append(("pobj", f"{low}:{alts(nxt)}"))
                else:
                    base.append(("prep", low))
            else:
                base.append(("obj", alts(w)))
            i += 1
    except ValueError:
        return None
    return [tuple(base + v) for v in variants]


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
        lem = lemma(parts[0].lower())
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
            pat = stripped[1:m.start() if m else None].replace("_", " ").split()
            code = _code(m.group(1)) if m else block_code
            if "*" not in pat:
                stats.skipped_patterns += 1
                continue
            star = pat.index("*")
            after = pat[star + 1:]
            words = [w for w in after if w not in _SLOTS]
            senses = _pattern_senses(words, synsets, lemma) if words else None
            if star > 0 or senses is None or any(w.lower() == "not" for w in words):
                stats.skipped_patterns += 1
                continue
            stats.patterns += 1
            stats.loosened += len(words) < len(after)
            for lem, own in block:
                for cons in senses:
                    add(lem, own + cons, code)
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


def _code_of(m: Any) -> str:
    role = next((r for r in m.roles if len(r) == 3), "")
    return f"{m.country or ''}{role}"


def _agrees(ours: str, expected: str) -> bool:
    if len(expected) <= 3:
        return ours[:3] == expected
    return ours[:3] == expected[:3] and ours[3:6] == expected[3:6]


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


def evaluate(folder: Path, *, verbs: bool = True) -> dict[str, float]:
    """Share of expected codings matched (full, code only, actors only) and extra events, with
    the PETR.Validate dictionaries loaded (``verbs`` False: our own lexicon codes instead)."""
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
    try:
        docs = [pipe.text_doc(r.text, r.id, "1995-01-01") for r in records]
        full = code = actors = expected = extra = 0
        for r, d in zip(records, nlp.pipe(docs), strict=True):
            evs = [(_code_of(e.source[0]) if e.source else "",
                    _code_of(e.target[0]) if e.target else "", e.cameo)
                   for e in d._.ng_events or []]
            extra += max(0, len(evs) - len(r.codings))
            for src, tar, cameo in r.codings:
                expected += 1
                full += any(c == cameo and _agrees(s, src) and _agrees(t, tar) for s, t, c in evs)
                code += any(c == cameo for _, _, c in evs)
                actors += any(_agrees(s, src) and _agrees(t, tar) for s, t, _ in evs)
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
