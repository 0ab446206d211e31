"""When two event mentions may report one real-world event, and when they conflict.

The rule in full is in ``resolve/events.py``'s docstring; this module holds the parts that
look at two mentions alone (no store): what a mention is (``Mention``), how its actors give
its key (``participant``, ``identifies``, ``type_key``), its date range (``_window``), the
evidence words (``terms``) and story terms (``article_topic``), and the two pairwise tests,
``compatible`` and ``conflicting``. Candidate retrieval (which stored members a mention is
compared with) is ``resolve/candidates.py``; the store side is ``resolve/events.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.resolve.dates import Window, date_window, dates_compatible
from newsgraph.resolve.stories import INDEX_TERMS, cosine
from newsgraph.resolve.stories import MIN_COSINE as STORY_COSINE

SYMMETRIC_ROOTS = frozenset({"04", "05", "06"})
COOPERATIVE_ROOTS = frozenset({"03", "04", "05", "06"})
COOPERATIVE_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONSULT"})
STANCE = {"asserted": "positive", "reported": "positive", "negated": "negative",
          "refused": "negative", "hypothetical": "irrealis", "conditional": "irrealis",
          "future": "irrealis"}
MIN_TERM_OVERLAP = 0.2
#: how alike two mentions' articles must be (cosine of their story terms, ``TOPIC_TERMS``
#: heaviest each) to stand in for the evidence words: two reports of one story name the same
#: rare names and places in their titles and leads ("Croydon", "tram", "derail") where their
#: sentences differ; set above the story link (``stories.MIN_COSINE``), as a mention joins on
#: it alone
MIN_TOPIC_COSINE = 0.55
#: below this cosine of their story terms, two articles are about different stories, and
#: their mentions are not one event even with the same actors and a compatible date: two
#: reports of one happening share their titles' and leads' rare names and places, while
#: one pair of actors (an agency and a candidate) acts again and again in one season
MIN_SAME_EVENT_COSINE = 0.2
TOPIC_TERMS = 16
#: how many evidence words a mention in its article's lead and a mention of another article
#: of the same story (story terms at least ``STORY_COSINE`` alike, the story-record link)
#: must share to be one event where neither the words' share nor the story terms alone
#: reach their thresholds: a lead reports the article's main event, and a headline event
#: retold elsewhere keeps its rare words ("Gaga", "Trump", "protest", "tower"), while
#: a fifth of the union is out of reach for sentences of very different lengths
LEAD_SHARED_TERMS = 3
#: the share of the shorter sentence's content words (``LEAD_SHARED_TERMS`` at least) that
#: the longer one must hold, the other way two sentences' words agree: a short report ("Trump
#: will meet House Speaker Paul Ryan this evening") inside a long one that tells more
#: ("... While in Washington, Trump also plans to meet with House Speaker Paul Ryan, ...")
#: has a small share of the union but most of its own words in the other
MIN_TERM_CONTAINMENT = 0.5
_STOP_WORDS = """that this with from have were been their they them will would said says
about after also into over than then there these those which while when where what more most
other some such only very just year years week weeks month months told according"""
_STOP = frozenset(_STOP_WORDS.split())


def article_topic(vec: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """The story terms an article's mentions carry (``Mention.topic``): the ``TOPIC_TERMS``
    heaviest of its story terms (``stories.story_terms``, title and lead, heaviest first as
    it returns and ``story_articles`` stores them) with their weights (one decimal, as
    stored); a function of the article alone, so clustering stays order-independent."""
    return tuple(sorted((t, round(v, 1)) for t, v in list(vec.items())[:TOPIC_TERMS]))



def terms(text: str) -> frozenset[str]:
    """Content words of an evidence sentence, for the evidence-similarity test."""
    return frozenset(w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP)


@dataclass(frozen=True, slots=True)
class Mention:
    """What clustering needs to know about one event row."""

    event_id: str
    article_id: str
    outlet: str
    source_key: str
    target_key: str
    stance: str
    cameo: str
    root: str
    plover_type: str | None
    window: Window | None
    terms: frozenset[str]
    #: the heaviest story terms of the mention's article (``resolve/stories.py``): what
    #: the article as a whole is about, shared by reports of one story
    topic: tuple[tuple[str, float], ...] = ()
    #: whether its evidence sentence starts in the article's lead (the first
    #: ``stories.LEAD_CHARS`` characters, where the story terms come from): a lead reports
    #: the article's main event, the one other outlets' articles of the story report too
    lead: bool = False
    #: whether it is its article's *main event*: the article's first event (by where its
    #: sentence starts; news tells the main event first); two articles of one story report
    #: one main event,
    #: which their coders may type differently ("tram derails, killing seven": ASSAULT;
    #: "seven dead as tram overturns": another type), see ``_main_events``
    main: bool = False


def identifies(country: str | None, kind: str, name: str) -> bool:
    """Whether a canonical actor names the same actor in any article.

    A country-bound actor does ("Australian police"); so does a named person ("Olaf
    Scholz": two or more capitalised words). A bare role noun without a country ("officials",
    "police", "the ministry") does not, nor an organisation name without a country (which
    country's "Ministry of Foreign Affairs"?), so mentions with such actors stay alone.
    """
    if country is not None:
        return True
    return kind == "person" and sum(w[:1].isupper() for w in name.split()) >= 2


def _surname(name: str) -> str | None:
    words = [w for w in re.findall(r"[\w'’-]+", name) if w[:1].isupper()]
    return words[-1].lower() if words else None


def participant(country: str | None, kind: str, name: str,
                people: dict[str, str] | None = None) -> str | None:
    """What an actor contributes to a mention's key, None when it identifies no one.

    Its country where it has one (reports name one state's people differently: "police",
    "officers", "London Fire Brigade"); for a person without one, the country of a person of
    the same surname the article names with a country (``people``: "Erdogan" after "Turkish
    President Recep Tayyip Erdogan"), else, for a full name, the surname ("@obama"). A bare
    role noun or a lone unplaced name ("officials", "Smith") is left out: the mention keeps
    its other side, or stays alone when it has none (see ``identifies``).
    """
    if country:
        return country
    if kind != "person":
        return None
    last = _surname(name)
    if last and people and last in people:
        return people[last]
    if identifies(country, kind, name) and last:
        return "@" + last
    return None


def type_key(root: str, plover_type: str | None) -> str:
    """The ``target_key`` of a keyed mention: ``*`` and its PLOVER type (else ``r`` and its
    CAMEO root). Mentions meet only where type or root agree (``compatible``), so lookups
    read only the kinds of their own type, not every event of the same states."""
    return "*" + (plover_type or f"r{root}")


def _keys(root: str, plover_type: str | None, sources: Iterable[str],
          targets: Iterable[str]) -> tuple[str, str]:
    """A mention's key: the set of its participants, role-free (outlets disagree on who did
    what to whom far more often than on who was involved: the role is left to the evidence
    words), and its type (``type_key``)."""
    return ",".join(sorted(set(sources) | set(targets))), type_key(root, plover_type)


#: the ``source_key`` of a mention that names no actor at all ("the shooting", "the
#: protests", ``extract/unsided.py``): unlike one whose actors identify no one ("officials",
#: whose key is ``~`` and its own id), it is filed under its type, where other unsided
#: mentions of that type and dates find it; it has no participant, so ``compatible`` asks
#: for the evidence words or the story terms as it does for a key of states alone
UNSIDED = "-"


def mention_keys(root: str, plover_type: str | None, event_id: str, has_actors: bool,
                 sources: Iterable[str], targets: Iterable[str]) -> tuple[str, str]:
    """A stored event's key (``_keys``); an event naming no actor has ``UNSIDED`` and its
    type, one whose actors identify no one its own ``~`` key (it stays alone)."""
    skey, tkey = _keys(root, plover_type, sources, targets)
    if skey:
        return skey, tkey
    if not has_actors:
        return UNSIDED, type_key(root, plover_type)
    return f"~{event_id}", ""


def _keyed(target_key: str) -> bool:
    return target_key.startswith("*")


#: "last Tuesday" written on a Wednesday is yesterday or eight days ago; the day resolved is
#: the nearer one, so its range reaches back a week and the other reports settle it
_LAST_WEEKDAY = re.compile(r"\b(last|past)\s+(monday|tuesday|wednesday|thursday|friday|"
                           r"saturday|sunday)\b", re.IGNORECASE)


def _window(value: str | None, precision: str, text: str | None) -> Window | None:
    w = date_window(value, precision)
    if w is not None and w.days == 1 and text and _LAST_WEEKDAY.search(text):
        return Window(w.lo - dt.timedelta(days=7), w.hi)
    return w


def _one_side_missing(a: Mention, b: Mention) -> bool:
    """One mention names a single participant, and it is one of the other's (the other
    side missing in one report: "Turkey demanded the soldiers' extradition" and "Turkey
    demanded that Greece extradite the soldiers")."""
    if not (_keyed(a.target_key) and _keyed(b.target_key)) or "~" in a.source_key + b.source_key:
        return False
    pa, pb = a.source_key.split(","), b.source_key.split(",")
    return (len(pa) == 1 and pa[0] in pb) or (len(pb) == 1 and pb[0] in pa)


def topic_index(topic: tuple[tuple[str, float], ...]) -> tuple[str, ...]:
    """The story terms a main event is filed and looked up under: its article's
    ``stories.INDEX_TERMS`` heaviest (ties by the term), as a story is looked up by its
    articles' heaviest terms; a function of the topic alone."""
    return tuple(t for t, _ in sorted(topic, key=lambda tv: (-tv[1], tv[0]))[:INDEX_TERMS])


def _main_events(a: Mention, b: Mention) -> bool:
    """Two articles' main events (``Mention.main``) are one event, whatever their type and
    whoever their coders took for its participants, when the articles are about one story:
    story terms at least as alike as the story-record link asks (``stories.MIN_COSINE``,
    0.35: articles of other stories stay under ~0.26 on the tune stories; not equal: one
    article, or a copy)
    with one of their heaviest (``topic_index``) shared, and compatible dates. Outlets
    name the sides of one happening differently as they type it differently ("Sweden's
    Ericsson smashed his Sauber": SWE; "a chaotic Brazilian Grand Prix was suspended":
    BRA; "the meeting at the White House": no side at all), and their leads are what the
    articles share. A mention whose actors identify no one (``~``) stays out. Only one
    mention per article is a main event, so a cluster cannot chain through an article's
    other events this way."""
    if not (a.main and b.main) or not (a.topic and b.topic) or a.topic == b.topic:
        return False
    if not (_keyed(a.target_key) and _keyed(b.target_key)) \
            or "~" in a.source_key + b.source_key:
        return False
    if not dates_compatible(a.window, b.window):
        return False
    if set(topic_index(a.topic)).isdisjoint(topic_index(b.topic)):
        return False
    return cosine(dict(a.topic), dict(b.topic)) >= STORY_COSINE


def _other_stories(a: Mention, b: Mention) -> bool:
    """Whether two mentions' articles are about different stories: both carry story
    terms, not the same ones (one article or a copy), and their cosine is under
    ``MIN_SAME_EVENT_COSINE``. A mention without story terms says nothing either way."""
    if not (a.topic and b.topic) or a.topic == b.topic:
        return False
    return cosine(dict(a.topic), dict(b.topic)) < MIN_SAME_EVENT_COSINE


def compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions may report the same real-world event."""
    if a.stance != b.stance:
        return False
    if _main_events(a, b):
        return True
    partial = (a.source_key, a.target_key) != (b.source_key, b.target_key)
    if partial and not _one_side_missing(a, b):
        return False
    if a.root != b.root and (a.plover_type is None or a.plover_type != b.plover_type):
        return False
    if not dates_compatible(a.window, b.window):
        return False
    assert a.window is not None and b.window is not None
    if _other_stories(a, b):
        return False
    loose = a.window.weak or b.window.weak or max(a.window.days, b.window.days) > 31
    # a key of states alone ("GBR") is met by many events of a day: the evidence words
    # must then agree as well, as they must when the dates agree only loosely
    if loose or partial or "@" not in a.source_key:
        shared = len(a.terms & b.terms)
        union = a.terms | b.terms
        if union and shared / len(union) >= MIN_TERM_OVERLAP:
            return True
        if shared >= LEAD_SHARED_TERMS \
                and shared >= MIN_TERM_CONTAINMENT * min(len(a.terms), len(b.terms)):
            return True
        # the articles' story terms stand in for the words (the same story), not for the
        # date: a publication date and a date given outright agree too loosely for that.
        # Equal story terms are one article (or a copy of it): they say nothing about
        # whether two of its sentences report one event
        if a.window.weak != b.window.weak or not (a.topic and b.topic) or a.topic == b.topic:
            return False
        alike = cosine(dict(a.topic), dict(b.topic))
        # or one story (the story-record link) and a main event: one of them in its lead,
        # and a few words of it in the other
        return alike >= MIN_TOPIC_COSINE or (
            (a.lead or b.lead) and alike >= STORY_COSINE and shared >= LEAD_SHARED_TERMS)
    return True


def _cooperative(m: Mention) -> bool:
    return m.root in COOPERATIVE_ROOTS or m.plover_type in COOPERATIVE_TYPES


def _rejecting(m: Mention) -> bool:
    return m.root == "12" or m.plover_type == "REJECT"


def _participants(m: Mention) -> frozenset[str]:
    # a keyed mention's target_key is its type; a key of separate sides (stores and
    # callers of the older form) names participants on both
    target = () if _keyed(m.target_key) else m.target_key.split(",")
    return frozenset(x for x in (*m.source_key.split(","), *target)
                     if x and not x.startswith("~"))


def conflicting(a: Mention, b: Mention) -> bool:
    """Opposite reports of one event: asserted vs negated, or agreed vs rejected."""
    if not dates_compatible(a.window, b.window):
        return False
    if {a.stance, b.stance} == {"positive", "negative"}:
        return (a.source_key, a.target_key) == (b.source_key, b.target_key) and (
            a.root == b.root or (a.plover_type is not None and a.plover_type == b.plover_type))
    if a.stance == b.stance == "positive" and (
            (_cooperative(a) and _rejecting(b)) or (_rejecting(a) and _cooperative(b))):
        pa, pb = _participants(a), _participants(b)
        return len(pa) >= 2 and pa == pb
    return False
