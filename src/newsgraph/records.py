"""The typed records that flow between stages and into the store.

Every stage takes and returns these plain dataclasses so the same code runs in the local
runner, in tests and inside a distributed worker. Offsets are always character offsets
into ``Article.text`` (the clean text), so ``article.text[start:end]`` is the supporting
span of any record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PublishedSource = Literal["metadata", "text", "url", "user", "unknown"]
DocKind = Literal["text", "html", "unknown"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
TimexAnchor = Literal["absolute", "publication", "none"]
ActorKind = Literal["person", "organisation", "state", "group", "unknown"]
Modality = Literal["asserted", "negated", "reported", "hypothetical", "conditional", "future",
                   "refused"]


@dataclass(slots=True)
class RawDocument:
    """Bytes as they came from a source, before any decoding or cleaning."""

    data: bytes
    origin: str  # path, URL or "path:line" for JSONL records
    kind: DocKind = "unknown"
    url: str | None = None
    published: str | None = None  # date carried by the container (JSONL field, feed entry)
    user_published: str | None = None  # date the user supplied for inputs that carry none
    title: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class Removed:
    """A piece of boilerplate dropped by the cleaner, kept for audit."""

    kind: str  # caption, related, subscribe, credit, share, advert, duplicate
    text: str
    rule: str


@dataclass(slots=True)
class Article:
    """A cleaned article: the text every offset points into, plus metadata and its origin."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    published_source: PublishedSource = "unknown"
    language: str = "en"
    origin: str = ""
    source_hash: str = ""  # hash of the raw input bytes, for idempotent re-ingest
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None


@dataclass(slots=True)
class Evidence:
    """Where a fact comes from: a span of the article text and who asserts it."""

    article_id: str
    start: int
    end: int
    asserted_by: str | None = None  # speaker or source description; None = the outlet itself
    cue: str | None = None  # "said", "according to", "the paper understands"


@dataclass(slots=True)
class ActorMention:
    """A mention of an actor resolved (as far as the text allows) to a canonical actor."""

    text: str
    start: int
    end: int
    name: str  # canonical name, e.g. "Australian Federal Police"
    kind: ActorKind = "unknown"
    country: str | None = None  # ISO 3166 alpha-3, or an IGO code such as "IGO"
    roles: list[str] = field(default_factory=list)  # GOV, MIL, COP, JUD ...
    via: str = ""  # how it was resolved: "country", "demonym+role", "alias", "pronoun" ...

    @property
    def code(self) -> str:
        """CAMEO-style actor code: country then the first role, e.g. ``AUSCOP``."""
        return (self.country or "") + (self.roles[0] if self.roles else "")


@dataclass(slots=True)
class Timex:
    """A temporal expression normalised to a TIMEX3 value (``2019-03``, ``2020-W32``, ``P3Y``)."""

    text: str
    start: int
    end: int
    type: TimexType
    value: str  # TIMEX3 value; unresolved parts are X, e.g. "XXXX-03"
    precision: str  # day, month, year, week, quarter, season, decade, time, duration, ref
    anchor: TimexAnchor


@dataclass(slots=True)
class Event:
    """A coded event with its actors, modality, date and evidence."""

    article_id: str
    trigger: str
    trigger_start: int
    trigger_end: int
    cameo: str  # leading zeros kept, e.g. "042"
    root: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None
    source: list[ActorMention]
    target: list[ActorMention]
    modality: Modality
    negated: bool
    date: str | None  # TIMEX3 value of the event's own date
    date_precision: str  # day, month, year, ..., "publication" when only the article date
    date_text: str | None  # the timex text the date came from
    evidence: Evidence
    confidence: float = 0.5
    id: str = ""
    location: Place | None = None  # where it happened (see extract/places.py)


@dataclass(slots=True)
class Quote:
    """Who said what: a speaker, a cue and a content span."""

    article_id: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_actor: ActorMention | None
    cue: str | None
    content_start: int
    content_end: int
    kind: Literal["direct", "indirect", "mixed"]
    evidence: Evidence
    anonymous: bool = False
    id: str = ""
    cue_start: int | None = None  # span of the cue words; None for a floating quote
    cue_end: int | None = None


@dataclass(slots=True)
class Skip:
    """An input that was not processed, with the stage, a code and the reason."""

    origin: str
    stage: str
    code: str
    reason: str


@dataclass(slots=True)
class Analysis:
    """Everything extracted from one article."""

    article: Article
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    summary: Summary | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (used by ``--json`` output and the JSONL export)."""
        return asdict(self)


@dataclass(slots=True)
class Place:
    """A place mention resolved to a gazetteer entry (or left with ``country=None``)."""

    text: str
    start: int
    end: int
    name: str
    feature: str  # country, adm1, city
    country: str | None  # ISO alpha-3
    fips: str | None  # FIPS 10-4 country code
    admin1: str | None
    lat: float | None
    lon: float | None
    confidence: float
    via: str  # unique, qualifier, context, population, dateline


@dataclass(slots=True)
class Answer:
    """One 5W1H answer: a text span with the structured value behind it, if any."""

    text: str
    start: int | None  # None when the answer does not come from the text (publication date)
    end: int | None
    value: str | None = None  # actor code, CAMEO code, TIMEX3 value, country ...


@dataclass(slots=True)
class Summary:
    """The story at a glance: the article's main event and its who/what/when/where/why/how."""

    article_id: str
    event_id: str | None  # the coded main event, when the main event is a coded one
    who: Answer | None
    what: Answer | None
    when: Answer | None
    where: Answer | None
    why: Answer | None
    how: Answer | None
