"""newsgraph: raw news in, an evidence-linked event database out.

The public surface is small: ``analyze`` (pure, one article), ``Pipeline`` (batches),
``Store`` (the SQLite file) and the records in ``newsgraph.records``.

The names are loaded on first use (PEP 562): ``import newsgraph.cli`` must not pay for spaCy
and trafilatura before ``--help`` or a listing command runs (issue 25: 1.9 s of start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.config import Config
    from newsgraph.pipeline import Pipeline, analyze
    from newsgraph.records import (
        ActorMention,
        Analysis,
        Article,
        Event,
        Evidence,
        Quote,
        RawDocument,
        Skip,
        Timex,
    )
    from newsgraph.store import Store

__version__ = "0.1.0"

__all__ = [
    "ActorMention", "Analysis", "Article", "Config", "Event", "Evidence", "Pipeline", "Quote",
    "RawDocument", "Skip", "Store", "Timex", "analyze", "__version__",
]

_HOME = {"Config": "newsgraph.config", "Pipeline": "newsgraph.pipeline",
         "analyze": "newsgraph.pipeline", "Store": "newsgraph.store",
         **{n: "newsgraph.records" for n in ("ActorMention", "Analysis", "Article", "Event",
                                            "Evidence", "Quote", "RawDocument", "Skip",
                                            "Timex")}}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
