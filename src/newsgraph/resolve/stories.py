"""Stories: articles about the same main event, grouped across outlets.

Event clusters join mentions of one event; a *story* joins whole articles, so a user sees
"this story: 7 outlets, first seen, last seen" even where the articles' events were coded
differently or not at all (a sports result, a product change). The grouping uses
article-level signals only:

- **story terms**: the words of the title (counted twice) and the lead (the first
  ``LEAD_CHARS`` characters of the text), each occurrence weighted by how rare the word is
  in English (``WEIGHT_ZIPF`` minus its Zipf frequency from the ``wordfreq`` package's
  shipped tables, so "the", "said", "people" weigh nothing and "Toblerone", "Croydon",
  "derail" much): the fixed weights make a pair's score depend on the two articles alone,
  never on what else the store holds;
- **dates**: the two articles' days (published, else ingested) at most ``MAX_DAYS`` apart.

Two articles are *linked* when their dates allow it, their ``INDEX_TERMS`` heaviest terms
share one, and the cosine of their term vectors (each cut to its ``MAX_TERMS`` heaviest, as
stored) is at least ``MIN_COSINE``; a near-duplicate is linked to its original. A story is a
connected component of that relation and its id the hash of its smallest article id, so,
as for event clusters, the partition and the ids do not depend on the order articles
arrive in. Adding an article looks up candidates through the index of heaviest terms by day
(``story_terms``), merges the stories it links to, and rewrites that one story's row.

The constants were set on the tune stories of Giveme5W1H (``newsgraph eval stories``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
from collections.abc import Mapping
from functools import lru_cache

from newsgraph.clean import content_hash

LEAD_CHARS = 600
WEIGHT_ZIPF = 6.0  # a word at least this frequent (Zipf scale) weighs nothing
MIN_COSINE = 0.35
MAX_DAYS = 2
INDEX_TERMS = 8
MAX_TERMS = 40
_WORD = re.compile(r"[a-z][a-z'’-]+")


@lru_cache(maxsize=1 << 16)
def weight(word: str) -> float:
    """How much one occurrence of ``word`` says about a story: rarer words say more."""
    from wordfreq import zipf_frequency  # shipped frequency tables; loaded on first use

    return max(0.0, WEIGHT_ZIPF - zipf_frequency(word, "en"))


@lru_cache(maxsize=1 << 17)
def _term(token: str) -> tuple[str, float] | None:
    """A raw token's story term and weight (None for a short or common word): the
    normalisation and the weight in one cached step, as every article repeats most words."""
    w = token.strip("'’-")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) < 3:
        return None
    wt = weight(w)
    return (w, wt) if wt > 0 else None


def story_terms(title: str | None, text: str) -> dict[str, float]:
    """The weighted terms of an article's title and lead, cut to the ``MAX_TERMS``
    heaviest, weights rounded as stored, heaviest first (ties by the term)."""
    return dict(_story_terms(title or "", text[:LEAD_CHARS]))


@lru_cache(maxsize=64)
def _story_terms(title: str, lead: str) -> tuple[tuple[str, float], ...]:
    # remembered for the last few articles: a save computes them for the article's
    # mentions (``events.article_topic``) and for its story
    vec: dict[str, float] = {}
    get = vec.get
    for token in _WORD.findall(f"{title} {title} {lead}".lower()):
        got = _term(token)
        if got is not None:
            vec[got[0]] = get(got[0], 0.0) + got[1]
    top = sorted(vec.items(), key=_heaviest)[:MAX_TERMS]
    rounded = [(k, round(v, 3)) for k, v in top]
    rounded.sort(key=_heaviest)  # rounding ties some: the order ``index_terms`` reads
    return tuple(rounded)


def _heaviest(kv: tuple[str, float]) -> tuple[float, str]:
    return (-kv[1], kv[0])


def index_terms(vec: Mapping[str, float]) -> list[str]:
    """The terms an article is looked up by: its ``INDEX_TERMS`` heaviest."""
    return [k for k, _ in sorted(vec.items(), key=_heaviest)[:INDEX_TERMS]]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    num = sum(v * b.get(k, 0.0) for k, v in a.items())
    den = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return num / den if den else 0.0


def _cosine_to(a: Mapping[str, float], a_norm: float, b: Mapping[str, float],
               b_norm: float | None = None) -> float:
    """``cosine(a, b)`` with ``a``'s norm given (one article against many candidates), and
    ``b``'s if known (``_stored``)."""
    num = sum(v * a.get(k, 0.0) for k, v in b.items())
    if b_norm is None:
        b_norm = math.sqrt(sum(v * v for v in b.values()))
    den = a_norm * b_norm
    return num / den if den else 0.0


@lru_cache(maxsize=2048)
def _stored(text: str) -> tuple[dict[str, float], float]:
    """A stored ``story_articles.terms`` value decoded, with its norm; remembered, as the
    articles of the last few days are every new article's candidates. Read only."""
    vec = decode(text)
    return vec, math.sqrt(sum(v * v for v in vec.values()))


def linked(a: Mapping[str, float], a_day: str, b: Mapping[str, float], b_day: str) -> bool:
    """Whether two articles (terms and day) report one story; symmetric."""
    days = abs((dt.date.fromisoformat(a_day) - dt.date.fromisoformat(b_day)).days)
    if days > MAX_DAYS or not set(index_terms(a)) & set(index_terms(b)):
        return False
    return cosine(a, b) >= MIN_COSINE


def _encode(vec: Mapping[str, float]) -> str:
    return " ".join(f"{k} {v:g}" for k, v in vec.items())


def decode(text: str) -> dict[str, float]:
    parts = text.split()
    return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}


def story_id_for(min_article_id: str) -> str:
    """A story's id: stable whatever order its articles arrived in."""
    return content_hash(f"story:{min_article_id}")


def add_story(conn: sqlite3.Connection, article_id: str) -> str | None:
    """Put a stored article into its story (inside the caller's transaction); returns the
    story id, None for an unknown article. An article already in a story is left there."""
    got = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                       (article_id,)).fetchone()
    if got is not None:
        return str(got[0])
    row = conn.execute(
        "SELECT title, text, COALESCE(published, substr(ingested_at, 1, 10)), "
        "COALESCE(outlet, id), duplicate_of FROM articles WHERE id = ?",
        (article_id,)).fetchone()
    if row is None:
        return None
    title, text, day, outlet, original = row
    day = str(day)[:10]
    vec = story_terms(title, text or "")
    keys = index_terms(vec)
    norm = math.sqrt(sum(v * v for v in vec.values()))
    stories: set[str] = set()
    if keys:
        lo = (dt.date.fromisoformat(day) - dt.timedelta(days=MAX_DAYS)).isoformat()
        hi = (dt.date.fromisoformat(day) + dt.timedelta(days=MAX_DAYS)).isoformat()
        marks = ",".join("?" * len(keys))
        for sid, terms in conn.execute(
                "SELECT s.story_id, s.terms FROM story_articles s WHERE s.article_id IN "
                f"(SELECT DISTINCT article_id FROM story_terms WHERE term IN ({marks}) "
                "AND day BETWEEN ? AND ?)", [*keys, lo, hi]):
            # found through the index, so the day is near and an index term is shared
            # (what ``linked`` asks first): only the cosine is left to test
            if str(sid) not in stories and _cosine_to(vec, norm, *_stored(str(terms))) \
                    >= MIN_COSINE:
                stories.add(str(sid))
    if original:
        orig = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                            (original,)).fetchone()
        if orig is not None:
            stories.add(str(orig[0]))
    least = article_id
    for sid in sorted(stories):
        first = conn.execute("SELECT min(article_id) FROM story_articles WHERE story_id = ?",
                             (sid,)).fetchone()[0]
        least = min(least, str(first))
    new_id = story_id_for(least)
    copy = int(bool(original))
    # the row the story gets, from its stored row and the articles joining it, where it is
    # stored already: a full count reads every article of the story, and a long-running
    # story (or the bench's) grows to thousands
    grown = _grown_row(conn, new_id, sorted(stories - {new_id}),
                       (article_id, day, str(outlet), copy)) if new_id in stories else None
    for sid in sorted(stories - {new_id}):
        conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (new_id, sid))
        conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
    conn.execute(
        "INSERT INTO story_articles (article_id, story_id, day, outlet, copy, terms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, new_id, day, str(outlet), copy, _encode(vec)))
    conn.executemany("INSERT OR IGNORE INTO story_terms (term, day, article_id) VALUES (?, ?, ?)",
                     [(k, day, article_id) for k in keys])
    if grown is not None:
        _write_story(conn, new_id, *grown)
    else:
        _refresh_story(conn, new_id)
    return new_id


_StoryRow = tuple[str | None, int, int, int, str | None, str | None]


def _grown_row(conn: sqlite3.Connection, sid: str, merged: list[str],
               joining: tuple[str, str, str, int]) -> _StoryRow | None:
    """What ``_refresh_story`` will compute for stored story ``sid`` once the articles of
    the ``merged`` stories and the ``joining`` article (id, day, outlet, copy) are in it,
    from its stored row and index lookups (migration 018), before they are written; None
    where that cannot be told so (no stored row, a day missing): refresh it in full."""
    row = conn.execute("SELECT title, n_articles, n_outlets, n_independent, first_seen, "
                       "last_seen FROM stories WHERE id = ?", (sid,)).fetchone()
    best = conn.execute("SELECT copy, day, article_id FROM story_articles WHERE story_id = ? "
                        "ORDER BY copy, day, article_id LIMIT 1", (sid,)).fetchone()
    if row is None or best is None or row[4] is None or row[5] is None or best[1] is None:
        return None
    title, n, outlets, independent, first, last = row
    moved: list[tuple[str, str, str, int]] = []
    for k in range(0, len(merged), 500):
        some = merged[k:k + 500]
        marks = ",".join("?" * len(some))
        moved += conn.execute("SELECT article_id, day, outlet, copy FROM story_articles "
                              f"WHERE story_id IN ({marks})", some).fetchall()
    moved.append(joining)
    top = (int(best[0]), str(best[1]), str(best[2]))
    lead = top
    seen: set[str] = set()
    seen_own: set[str] = set()
    for aid, day, outlet, copy in moved:
        if day is None:
            return None
        n += 1
        first, last = min(first, day), max(last, day)
        if outlet not in seen:
            seen.add(outlet)
            if conn.execute("SELECT 1 FROM story_articles WHERE story_id = ? AND outlet = ? "
                            "LIMIT 1", (sid, outlet)).fetchone() is None:
                outlets += 1
        if not copy and outlet not in seen_own:
            seen_own.add(outlet)
            if conn.execute("SELECT 1 FROM story_articles WHERE story_id = ? AND outlet = ? "
                            "AND copy = 0 LIMIT 1", (sid, outlet)).fetchone() is None:
                independent += 1
        lead = min(lead, (int(copy), str(day), str(aid)))
    if lead != top:
        got = conn.execute("SELECT title FROM articles WHERE id = ?", (lead[2],)).fetchone()
        if got is None:
            return None
        title = got[0]
    return title, n, outlets, independent, first, last


def _write_story(conn: sqlite3.Connection, sid: str, title: str | None, n: int, outlets: int,
                 independent: int, first: str | None, last: str | None) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO stories (id, title, n_articles, n_outlets, n_independent, "
        "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sid, title, n, outlets, independent, first, last))


def refresh_story(conn: sqlite3.Connection, sid: str) -> None:
    """Rewrite a story's row from its articles; drop it when none is left (an article taken
    out by ``Store.replace``)."""
    if conn.execute("SELECT 1 FROM story_articles WHERE story_id = ? LIMIT 1",
                    (sid,)).fetchone() is None:
        conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
        return
    _refresh_story(conn, sid)


def _refresh_story(conn: sqlite3.Connection, sid: str) -> None:
    """Rewrite a story's row from its articles."""
    n, outlets, independent, first, last = conn.execute(
        "SELECT count(*), count(DISTINCT outlet), "
        "count(DISTINCT CASE WHEN copy = 0 THEN outlet END), min(day), max(day) "
        "FROM story_articles WHERE story_id = ?", (sid,)).fetchone()
    title = conn.execute(
        "SELECT a.title FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? ORDER BY s.copy, s.day, s.article_id LIMIT 1", (sid,)).fetchone()
    _write_story(conn, sid, title[0] if title else None, n, outlets, independent, first, last)


def rebuild_stories(conn: sqlite3.Connection) -> int:
    """Regroup every stored article into stories (after a migration, a bulk load or a rule
    change); returns the story count. Call inside a transaction."""
    conn.execute("DELETE FROM story_terms")
    conn.execute("DELETE FROM story_articles")
    conn.execute("DELETE FROM stories")
    for (aid,) in conn.execute("SELECT id FROM articles ORDER BY rowid").fetchall():
        add_story(conn, str(aid))
    return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])
