"""A reader for brat standoff annotation (``.ann`` beside a ``.txt``), enough for attribution.

Only what attribution gold needs: text-bound ``T`` lines (label, possibly discontinuous
character spans joined by ``;``, covered text) and ``E`` event lines tying roles to ``T`` ids.
Relations, notes and attributes are ignored. It is a reader for an evaluation, not a product
feature, so it is strict about shape and quiet about everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class TextBound:
    """A ``T`` line: ``T3<TAB>Content 115 290;300 310<TAB>covered text``."""

    id: str
    label: str
    spans: Spans
    text: str

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass(frozen=True, slots=True)
class EventLine:
    """An ``E`` line: a typed trigger plus role -> ``T`` id arguments."""

    id: str
    type: str
    trigger: str
    args: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Standoff:
    """One annotation file, parsed."""

    textbounds: dict[str, TextBound] = field(default_factory=dict)
    events: list[EventLine] = field(default_factory=list)


def parse_spans(field_: str) -> Spans:
    """``"115 290;300 310"`` -> ``((115, 290), (300, 310))``."""
    spans = []
    for part in field_.split(";"):
        a, b = part.split()
        spans.append((int(a), int(b)))
    return tuple(spans)


def parse_ann(text: str) -> Standoff:
    """Parse the text of an ``.ann`` file; unknown line kinds are skipped."""
    out = Standoff()
    for line in text.splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        ident = cols[0]
        if ident.startswith("T") and len(cols) >= 2:
            label, _, spans = cols[1].partition(" ")
            out.textbounds[ident] = TextBound(ident, label, parse_spans(spans),
                                              cols[2] if len(cols) > 2 else "")
        elif ident.startswith("E") and len(cols) >= 2 and cols[1].split():
            parts = cols[1].split()
            etype, _, trigger = parts[0].partition(":")
            args = tuple(tuple(p.split(":", 1)) for p in parts[1:] if ":" in p)
            out.events.append(EventLine(ident, etype, trigger,
                                        args))  # type: ignore[arg-type]
    return out


@dataclass(frozen=True, slots=True)
class Attribution:
    """One gold attribution: content spans, and source / cue spans when annotated."""

    content: Spans
    source: Spans | None
    cue: Spans | None


def attributions(ann: Standoff) -> list[Attribution]:
    """The events with a ``Content`` argument, as (content, source, cue) span sets."""
    result = []
    for ev in ann.events:
        roles: dict[str, Spans] = {}
        for role, tid in ev.args:
            tb = ann.textbounds.get(tid)
            if tb is not None:
                role = role.rstrip("0123456789")
                roles[role] = roles.get(role, ()) + tb.spans
        if "Content" in roles:
            result.append(Attribution(roles["Content"], roles.get("Source"), roles.get("Cue")))
    return result


@dataclass(slots=True)
class GoldDoc:
    """A gold document: its text and the attributions of its chosen annotator file."""

    name: str
    text: str
    attributions: list[Attribution]
    annotator_file: str


def read_corpus(root: Path) -> list[GoldDoc]:
    """A PolNeAR-style split: ``text/<name>.txt`` and ``attributions/<name>_<ann>.ann``.

    Where several annotators' files exist for one document the first in sorted order is used,
    so the choice is deterministic and independent of the file system's listing order.
    """
    docs = []
    ann_files = sorted((root / "attributions").glob("*.ann"))
    for txt in sorted((root / "text").glob("*.txt")):
        name = txt.stem
        mine = [a for a in ann_files if a.stem.rsplit("_", 1)[0] == name]
        if not mine:
            continue
        text = txt.read_text(encoding="utf-8")
        ann = parse_ann(mine[0].read_text(encoding="utf-8"))
        docs.append(GoldDoc(name, text, attributions(ann), mine[0].name))
    return docs
