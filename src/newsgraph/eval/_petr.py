"""The PETRARCH unit-test records as an event-coder check (``newsgraph eval events --petr``).

The records (``PETR.UnitTest.records.xml``) give sentences about fictional actors (Arnor,
Gondor ...) with the expected ``(source, target, CAMEO code)`` codings under four small
validation dictionaries. The actor and agent dictionaries are loaded here as an in-memory
user actor dictionary (the same mechanism as ``Config.actor_dictionaries``): a three-letter
code names a state, a longer one a named actor of ``code[:3]`` with sector ``code[3:6]``;
agents (``PRESIDENT [~GOV]``) become role nouns. The verb dictionary is NOT loaded: our own
lexicon codes the events, so the score measures the coder, not PETRARCH's patterns.

Matching: an expected coding counts as matched when one predicted event of its sentence has
the expected CAMEO code and a source and target whose codes agree with the expected ones (the
country part always; the sector part when the expected code has one). Looser shares (code
only; source and target only) are reported beside it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _code_of(m: Any) -> str:
    role = next((r for r in m.roles if len(r) == 3), "")
    return f"{m.country or ''}{role}"


def _agrees(ours: str, expected: str) -> bool:
    if len(expected) <= 3:
        return ours[:3] == expected
    return ours[:3] == expected[:3] and ours[3:6] == expected[3:6]


def evaluate(folder: Path) -> dict[str, float]:
    """Share of expected codings matched (full, code only, actors only) and extra events."""
    from newsgraph.annotate.actors import ActorResolver
    from newsgraph.pipeline import default_pipeline

    records = load_records(folder / "PETR.UnitTest.records.xml")
    nlp = default_pipeline().nlp
    resolver = nlp.get_pipe("newsgraph_actors")
    assert isinstance(resolver, ActorResolver)
    before = resolver.lex.user
    resolver.use_dictionary(petr_dictionary(folder))
    try:
        docs = []
        for r in records:
            d = nlp.make_doc(r.text)
            d._.ng_article_id = r.id
            d._.ng_published = "1995-01-01"
            docs.append(d)
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
    n = max(expected, 1)
    return {"records": float(len(records)), "codings": float(expected), "matched": full / n,
            "code_matched": code / n, "actors_matched": actors / n,
            "extra_per_record": extra / max(len(records), 1)}
