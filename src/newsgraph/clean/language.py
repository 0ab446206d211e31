"""Language identification with py3langid (model shipped inside the package, no download)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: characters looked at; enough for a stable guess, cheap on long articles
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """Return ``(ISO 639-1 code, probability)`` for the start of ``text``."""
    lang, prob = _identifier().classify(text[:SAMPLE_CHARS])
    return str(lang), float(prob)
