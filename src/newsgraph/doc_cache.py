"""Per-document values several components read: computed once per ``Doc``, not once per use.

spaCy rebuilds ``doc.text`` from the tokens on every access (a join over the whole article),
and the components asked for it about six times per article (actors twice, places, timex,
quotes, summary). The text is kept in ``doc.user_data`` under one key; the pipeline seeds it
with the clean text the doc was made from (``seed_text``), so no component builds it at all.
A token's text and whitespace never change after tokenisation, so the cached value cannot go
stale for the doc's lifetime.
"""

from __future__ import annotations

from spacy.tokens import Doc

_TEXT_KEY = "_ng_doc_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built at most once per document."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def seed_text(doc: Doc, text: str) -> None:
    """Record ``text`` as the doc's text when it is (the tokenizer keeps every character, so
    the doc made from ``text`` has it; the length check guards any other tokenizer)."""
    last = doc[-1] if len(doc) else None
    end = last.idx + len(last.text_with_ws) if last is not None else 0
    if end == len(text):
        doc.user_data[_TEXT_KEY] = text

