"""newsgraph: raw news in, an evidence-linked event database out.

The public surface is small: ``analyze`` (pure, one article), ``Pipeline`` (batches),
``Store`` (the SQLite file) and the records in ``newsgraph.records``.
"""

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
