"""Quotation-mark spans in plain text: pure functions, no spaCy.

Direct speech is found by its marks before any parsing, because parsers split sentences badly
around quotes. The scanner pairs opening and closing double quotation marks (curly or
straight) and joins a quotation that runs over several paragraphs: by news convention such a
paragraph has no closing mark and the next one opens again.

Some archives (the New York Times' among them) type a double quotation mark as two
apostrophes; the scanner reads such a pair as one straight double mark, two characters wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "“"
_CLOSE = "”"
_STRAIGHT = '"'
_APOS_PAIR = "''"
_MARK_CHARS = re.compile("[" + re.escape(_OPEN + _CLOSE + _STRAIGHT + "'") + "]")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation including its marks: ``text[start:end]`` starts and ends with a mark."""

    start: int
    end: int
    open_ended: bool = False  # the last paragraph never closed it (the span ends at the break)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of text separated by line breaks."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def _marks_in(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """The double marks of one paragraph: (position, "open" or "close", width in characters)."""
    out: list[tuple[int, str, int]] = []
    inside = False
    i = start
    while i < end:
        # only the marks and apostrophes act: jump to the next one (a scan in C, where a
        # step per character made this the quote finder's largest cost)
        found = _MARK_CHARS.search(text, i, end)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        width = 1
        if ch == "'" and i + 1 < end and text.startswith(_APOS_PAIR, i):
            # two apostrophes are a straight double mark; of three, a closing pair is the last two
            if inside and i + 2 < end and text[i + 2] == "'":
                i += 1
                continue
            ch, width = _STRAIGHT, 2
        nxt = text[i + width] if i + width < end else " "
        if ch == _OPEN or (ch == _CLOSE and not inside and prev.isspace() and nxt.isalnum()):
            # a closing mark typed at the start of a quotation is an opening one
            out.append((i, "open", 1))
            inside = True
        elif ch == _CLOSE:
            out.append((i, "close", 1))
            inside = False
        elif ch == _STRAIGHT:
            # a straight mark opens after a space/start and closes otherwise
            opening = not inside and (prev.isspace() or prev in "([{—–-/")
            out.append((i, "open" if opening else "close", width))
            inside = opening
        i += width
    return out


def inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The words inside the quotation ``text[start:end]``: its marks dropped (an open-ended
    quotation has no closing mark to drop)."""
    first = start + (2 if text.startswith(_APOS_PAIR, start) else 1)
    last = end
    if end - 2 >= first and text.startswith(_APOS_PAIR, end - 2):
        last = end - 2
    elif end - 1 > first and text[end - 1] in (_CLOSE, _STRAIGHT):
        last = end - 1
    return first, last


def quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quotations in ``text``, multi-paragraph ones joined into one span."""
    spans: list[QuoteSpan] = []
    carry: int | None = None  # start of a quotation continued from an earlier paragraph
    _last_end = 0
    for pstart, pend in paragraph_spans(text):
        marks = _marks_in(text, pstart, pend)
        if carry is not None and not (marks and marks[0][:2] == (pstart, "open")):
            # the continuation never came: the open quotation ends with its paragraph
            spans.append(QuoteSpan(carry, _last_end, open_ended=True))
            carry = None
        open_at: int | None = carry
        depth = 0
        first = True
        for pos, kind, width in marks:
            if kind == "open":
                if open_at is None:
                    open_at = pos
                elif not (first and carry is not None):
                    depth += 1  # a quotation inside a quotation: its marks stay inside
            elif open_at is not None:
                if depth:
                    depth -= 1
                else:
                    spans.append(QuoteSpan(open_at, pos + width))
                    open_at = None
                    carry = None
            first = False
        carry = open_at
        _last_end = pend
    if carry is not None:
        spans.append(QuoteSpan(carry, _last_end, open_ended=True))
    return spans
