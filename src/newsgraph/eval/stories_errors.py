"""Why reports of one story did not meet: ``newsgraph eval stories --errors``.

For every pair of articles of one story that share no event cluster, the furthest test of
``resolve/compatibility.compatible`` any pair of their members passes, in its order:

- ``no dated member``: one of the articles has no member with a comparable date (no events
  coded, or all undated): no resolution rule can link it;
- ``stance``, ``type``, ``unidentified actors``, ``participants``, ``date``: the first test
  every member pair fails is that one (a pair that passes the stance test but differs in
  type counts as ``type``, and so on);
- ``evidence``: some member pair agrees in stance, type, participants and date, but neither
  the evidence words nor the articles' story terms are alike enough.

Pairs that share a cluster count as ``linked``. Also given: the *attainable* coverage, that
of joining every dated member of one story (of one story only) whatever its coding, and of
joining those of one story and one PLOVER type: how far resolution alone can go on the
events as coded. Read on the tune stories only (``eval/splits.py``).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from newsgraph.resolve.candidates import _MEMBER_COLS, _from_member_row
from newsgraph.resolve.compatibility import Mention, _one_side_missing, compatible
from newsgraph.resolve.dates import dates_compatible

#: the outcomes in the order of ``compatible``'s tests (a pair's outcome is the furthest)
STAGES = ("no dated member", "stance", "type", "unidentified actors", "participants", "date",
          "evidence", "compatible")


def stage(a: Mention, b: Mention) -> int:
    """The index in ``STAGES`` of the first test two dated members fail (the last: none)."""
    if a.stance != b.stance:
        return 1
    if a.root != b.root and (a.plover_type is None or a.plover_type != b.plover_type):
        return 2
    if "~" in a.source_key + b.source_key:
        return 3
    if (a.source_key, a.target_key) != (b.source_key, b.target_key) \
            and not _one_side_missing(a, b):
        return 4
    if not dates_compatible(a.window, b.window):
        return 5
    return 7 if compatible(a, b) else 6


def members(conn: sqlite3.Connection) -> dict[str, list[tuple[str, Mention]]]:
    """Article id -> its dated members (cluster id, mention) as stored."""
    out: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for r in conn.execute(f"SELECT {_MEMBER_COLS} FROM event_cluster_members "
                          "WHERE lo IS NOT NULL ORDER BY event_id"):
        m = _from_member_row(r)
        out[m.article_id].append((str(r[1]), m))
    return out


def _coverage(groups: Iterable[set[str]], arts: set[str]) -> float:
    return max((len(arts & g) for g in groups), default=0) / len(arts) if arts else 0.0


def diagnose(conn: sqlite3.Connection, story_of: dict[str, str], stories: list[str],
             groups: dict[str, set[str]]) -> dict[str, object]:
    """Pair outcomes, examples per outcome and the attainable coverages for ``stories``.

    ``groups`` is the event-cluster grouping the score used (``eval.stories.event_groups``):
    a pair sharing one of its clusters is linked, copies included.
    """
    by_article = members(conn)
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for cid, arts in groups.items():
        for a in arts:
            clusters_of[a].add(cid)
    outcomes: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    any_type: list[float] = []
    one_type: list[float] = []
    for story in sorted(stories):
        arts = {a for a, s in story_of.items() if s == story}
        dated = {a for a in arts if by_article.get(a)}
        any_type.append(len(dated) / len(arts) if arts else 0.0)
        by_type: dict[str, set[str]] = defaultdict(set)
        for a in dated:
            for _cid, m in by_article[a]:
                by_type[m.plover_type or f"r{m.root}"].add(a)
        one_type.append(max(_coverage(by_type.values(), arts), 1 / len(arts)))
        for x, y in itertools.combinations(sorted(arts), 2):
            if clusters_of[x] & clusters_of[y]:
                outcomes["linked"] += 1
                continue
            mx, my = by_article.get(x, []), by_article.get(y, [])
            if not mx or not my:
                outcomes[STAGES[0]] += 1
                continue
            best = max(stage(a, b) for _, a in mx for _, b in my)
            outcomes[STAGES[best]] += 1
            if len(examples[STAGES[best]]) < 3:
                ma, mb = next((a, b) for _, a in mx for _, b in my if stage(a, b) == best)
                examples[STAGES[best]].append((story, _describe(ma), _describe(mb)))
    n = len(any_type)
    return {"outcomes": dict(outcomes), "examples": dict(examples),
            "attainable_any_type": sum(any_type) / n if n else 0.0,
            "attainable_one_type": sum(one_type) / n if n else 0.0}


def _describe(m: Mention) -> str:
    w = m.window
    days = f"{w.lo}..{w.hi}{' weak' if w.weak else ''}" if w else "undated"
    words = " ".join(sorted(m.terms)[:10])
    return f"{m.source_key} {m.plover_type or m.root} {m.stance} {days} [{words}]"
