"""A static check for regular expressions that backtrack super-linearly (ReDoS), timing-free.

Python's ``re`` is a backtracking engine: a pattern that can split one run of characters
between two repeats, or that restarts a broad repeat from many start positions, costs
O(n^2) or worse on a crafted input (issue 25: the anonymous-speaker rule took 43.8 s on
20,000 ``a|`` pieces). Timing a regex in a unit test is flaky, so this module reads the
compiled pattern's parse tree and flags the three shapes that cause it:

- ``nested``: an unbounded repeat inside another unbounded repeat whose iterations can
  meet inside the inner repeat's characters (``(a+)+``, ``(\\w+\\s?)*``): exponential;
- ``adjacent``: two unbounded repeats in one sequence whose characters overlap, with only
  optional items between them (``\\s*\\[?\\s*``, ``.*\\s*$``): every split of a run is tried;
- ``restart``: in search mode (not anchored at ``^``/``\\A``), an unbounded repeat followed
  by something that can fail, whose characters include the pattern's first characters
  (``\\bsome\\b.*\\bsource``, ``\\s+or``): each of n start positions rescans O(n).

Characters are approximated by a sample alphabet (ASCII printable, whitespace, a few
non-ASCII letters, marks and controls), which is enough to decide overlap for the classes
this project writes. The check is conservative in one direction only: what it passes has
none of the three shapes; a flagged pattern may still be safe on its real, bounded input,
and such a pattern is listed with its reason by the caller.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the parser's own module
import re._parser as P  # noqa: N812
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_ALPHABET = [chr(c) for c in range(32, 127)] + list("\t\n\r\x0b\x0c\x00\x85\xa0") + list(
    "éÉßıİſKçñ—–“”‘’…•\u202e\u200b")
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
_CATEGORY = {
    C.CATEGORY_DIGIT: lambda ch: bool(re.match(r"\d", ch)),
    C.CATEGORY_NOT_DIGIT: lambda ch: not re.match(r"\d", ch),
    C.CATEGORY_SPACE: lambda ch: bool(re.match(r"\s", ch)),
    C.CATEGORY_NOT_SPACE: lambda ch: not re.match(r"\s", ch),
    C.CATEGORY_WORD: lambda ch: bool(re.match(r"\w", ch)),
    C.CATEGORY_NOT_WORD: lambda ch: not re.match(r"\w", ch),
}


@dataclass(frozen=True)
class Finding:
    """One risky shape in one pattern."""

    shape: str  # "nested", "adjacent" or "restart"
    where: str  # the sub-pattern, as the parser prints it


def _chars_of_in(items: list[tuple[Any, Any]], ignorecase: bool) -> frozenset[str]:
    negate = bool(items) and items[0][0] is C.NEGATE
    out = set()
    for ch in _ALPHABET:
        cands = {c for c in (ch, ch.lower(), ch.upper()) if len(c) == 1} if ignorecase \
            else {ch}
        hit = False
        for op, av in items:
            if op is C.LITERAL:
                hit = chr(av) in cands
            elif op is C.RANGE:
                hit = any(av[0] <= ord(c) <= av[1] for c in cands)
            elif op is C.CATEGORY:
                hit = _CATEGORY[av](ch)
            else:
                continue
            if hit:
                break
        if hit != negate:
            out.add(ch)
    return frozenset(out)


_CAP = 20000


def _strings(data: list[tuple[Any, Any]]) -> list[str] | None:
    """The strings a repeat-free sub-pattern matches, with multiplicity (an alternation that
    lists a word twice matches it twice); a class stands for one sample character, a run
    ``x+`` for one ``x``. ``None`` when the set is open-ended or over ``_CAP``."""
    out = [""]
    for op, av in data:
        if op is C.LITERAL:
            opts = [chr(av)]
        elif op is C.IN or op is C.ANY or op is C.NOT_LITERAL:
            opts = [" "] if op is C.IN and av == [(C.CATEGORY, C.CATEGORY_SPACE)] else ["\x01"]
        elif op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        elif op is C.SUBPATTERN:
            sub = _strings(av[3].data)
            if sub is None:
                return None
            opts = sub
        elif op is C.BRANCH:
            opts = []
            for b in av[1]:
                sub = _strings(b.data)
                if sub is None:
                    return None
                opts += sub
        elif op in _REPEATS and av[:2] in ((0, 1), (1, C.MAXREPEAT)):
            sub = _strings(av[2].data)
            if sub is None:
                return None
            opts = ([""] if av[0] == 0 else []) + sub
        else:
            return None
        out = [a + b for a in out for b in opts]
        if len(out) > _CAP:
            return None
    return out


def _ambiguous(body: list[tuple[Any, Any]]) -> bool:
    """Whether a repeat's iterations can be cut two ways: its body matches one string twice,
    or a string that is two of its strings in a row ("the last " and "the ", "last ")."""
    strings = _strings(body)
    if strings is None:
        return False
    seen = set(strings)
    if len(seen) < len(strings) or "" in seen:
        return True
    return any(s[:i] in seen and s[i:] in seen for s in seen for i in range(1, len(s)))


class _Info:
    """What a node can match: its characters, whether it may be empty, its first characters."""

    def __init__(self, chars: frozenset[str], nullable: bool, first: frozenset[str],
                 last: frozenset[str], unbounded: bool) -> None:
        self.chars, self.nullable, self.first, self.last = chars, nullable, first, last
        self.unbounded = unbounded  # holds an unbounded repeat somewhere inside


_EMPTY = frozenset[str]()


class _Checker:
    def __init__(self, flags: int) -> None:
        self.ignorecase = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.findings: list[Finding] = []

    def item(self, op: Any, av: Any) -> _Info:
        if op is C.LITERAL:
            c = _chars_of_in([(C.LITERAL, av)], self.ignorecase) or frozenset({chr(av)})
            return _Info(c, False, c, c, False)
        if op is C.NOT_LITERAL:
            c = frozenset(_ALPHABET) - _chars_of_in([(C.LITERAL, av)], self.ignorecase)
            return _Info(c, False, c, c, False)
        if op is C.ANY:
            c = frozenset(_ALPHABET) if self.dotall else frozenset(_ALPHABET) - {"\n"}
            return _Info(c, False, c, c, False)
        if op is C.IN:
            c = _chars_of_in(av, self.ignorecase)
            return _Info(c, False, c, c, False)
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            if op is not C.AT:
                self.seq(av[1].data)  # a lookaround's own shapes count too
            return _Info(_EMPTY, True, _EMPTY, _EMPTY, False)
        if op is C.SUBPATTERN:
            return self.seq(av[3].data)
        if op is C.ATOMIC_GROUP:
            return self.seq(av.data)
        if op is C.BRANCH:
            infos = [self.seq(b.data) for b in av[1]]
            return _Info(frozenset().union(*(i.chars for i in infos)),
                         any(i.nullable for i in infos),
                         frozenset().union(*(i.first for i in infos)),
                         frozenset().union(*(i.last for i in infos)),
                         any(i.unbounded for i in infos))
        if op in _REPEATS:
            lo, hi, body = av
            inner = self.seq(body.data)
            unbounded = hi == C.MAXREPEAT
            if unbounded and op is not C.POSSESSIVE_REPEAT and (inner.unbounded and (
                    inner.last & inner.first or inner.nullable) or _ambiguous(body.data)):
                self.findings.append(Finding("nested", str(body)))
            return _Info(inner.chars, lo == 0 or inner.nullable, inner.first, inner.last,
                         unbounded or inner.unbounded)
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            c = frozenset(_ALPHABET)
            return _Info(c, True, c, c, False)
        raise ValueError(f"unknown regex node {op}")

    def seq(self, data: list[tuple[Any, Any]]) -> _Info:
        infos = [self.item(op, av) for op, av in data]
        # adjacent: an unbounded repeat, optional items, then an overlapping unbounded repeat
        for i, (op, av) in enumerate(data):
            if op not in _REPEATS or av[1] != C.MAXREPEAT or op is C.POSSESSIVE_REPEAT:
                continue
            for j in range(i + 1, len(data)):
                op2, av2 = data[j]
                if op2 in _REPEATS and av2[1] == C.MAXREPEAT and infos[i].chars & infos[j].chars:
                    self.findings.append(Finding("adjacent", f"{data[i]} ... {data[j]}"))
                    break
                if not infos[j].nullable:
                    break
        chars = frozenset().union(*(i.chars for i in infos)) if infos else _EMPTY
        first: set[str] = set()
        for info in infos:
            first |= info.first
            if not info.nullable:
                break
        last: set[str] = set()
        for info in reversed(infos):
            last |= info.last
            if not info.nullable:
                break
        return _Info(chars, all(i.nullable for i in infos), frozenset(first), frozenset(last),
                     any(i.unbounded for i in infos))

    def restart(self, data: list[tuple[Any, Any]], before: list[_Info], followed: bool,
                barred: frozenset[str]) -> None:
        """Flag an unbounded repeat that a later start position would rescan (search mode):
        one that can fail after it, whose run can hold a later start, because everything
        the pattern matches before it can be made of the repeat's own characters, and no
        look-behind (``\\b``, ``(?<![...])``) bars a start after such a character."""
        infos = [self.item(op, av) for op, av in data]
        for i, (op, av) in enumerate(data):
            tail = followed or i + 1 < len(data)  # anything after the repeat can fail
            path = before + infos[:i]
            if op in _REPEATS:
                body = _Checker(self._flags()).seq(av[2].data)
                if av[1] == C.MAXREPEAT and op is not C.POSSESSIVE_REPEAT and tail and \
                        not body.chars <= barred and \
                        all(x.nullable or x.chars <= body.chars for x in path):
                    self.findings.append(Finding("restart", str(av[2])))
                self.restart(av[2].data, path, tail, barred)
            elif op is C.SUBPATTERN:
                self.restart(av[3].data, path, tail, barred)
            elif op is C.ATOMIC_GROUP:
                self.restart(av.data, path, tail, barred)
            elif op is C.BRANCH:
                for b in av[1]:
                    self.restart(b.data, path, tail, barred)

    def _flags(self) -> int:
        return (re.IGNORECASE if self.ignorecase else 0) | (re.DOTALL if self.dotall else 0)


def _anchored(data: list[tuple[Any, Any]]) -> bool:
    """Whether every match must start at the string's (or, with MULTILINE, a line's) start."""
    for op, av in data:
        if op is C.AT:
            if av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                return True
            continue
        if op is C.SUBPATTERN:
            return _anchored(av[3].data)
        if op is C.BRANCH:
            return all(_anchored(b.data) for b in av[1])
        return False
    return False


_WORD = frozenset(c for c in _ALPHABET if re.match(r"\w", c))


def _barred(checker: _Checker, data: list[tuple[Any, Any]],
            first: frozenset[str]) -> frozenset[str]:
    """Characters that may not stand just before a match's start: a leading ``\\b`` before
    word characters bars word characters, a leading ``(?<![...])`` bars its class."""
    barred: set[str] = set()
    for op, av in data:
        if op is C.AT and av is C.AT_BOUNDARY and first <= _WORD:
            barred |= _WORD
        elif op is C.ASSERT_NOT and av[0] == -1 and len(av[1].data) == 1:
            barred |= checker.item(*av[1].data[0]).chars
        elif op not in (C.AT, C.ASSERT, C.ASSERT_NOT):
            break
    return frozenset(barred)


def findings(pattern: re.Pattern[str], search: bool = True) -> list[Finding]:
    """The risky shapes in ``pattern`` (empty when it backtracks at most linearly);
    ``search=False`` for a pattern only ever used with ``match``/``fullmatch``."""
    tree = P.parse(pattern.pattern, pattern.flags)
    checker = _Checker(tree.state.flags)
    top = checker.seq(tree.data)
    if search and not _anchored(tree.data):
        checker.restart(tree.data, [], False, _barred(checker, tree.data, top.first))
    # a repeat can reach a "restart" finding once per sequence it sits in: report each once
    seen: set[Finding] = set()
    return [f for f in checker.findings if not (f in seen or seen.add(f))]


def audit(patterns: Iterable[tuple[str, re.Pattern[str]]],
          search: bool = True) -> dict[str, list[Finding]]:
    """``findings`` for each named pattern that has any."""
    out: dict[str, list[Finding]] = {}
    for name, pattern in patterns:
        found = findings(pattern, search)
        if found:
            out[name] = found
    return out
