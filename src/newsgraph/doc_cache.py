"""Per-document values several components read: computed once per ``Doc``, not once per use.

spaCy rebuilds ``doc.text`` from the tokens on every access (a join over the whole article),
and the components asked for it about six times per article (actors twice, places, timex,
quotes, summary). The text is kept in ``doc.user_data`` under one key; the pipeline seeds it
with the clean text the doc was made from (``seed_text``), so no component builds it at all.
A token's text and whitespace never change after tokenisation, so the cached value cannot go
stale for the doc's lifetime.

``Token.sent`` likewise: spaCy finds a token's sentence by walking out from it to the nearest
boundaries on every call; ``use_sentence_cache`` answers it from one list of sentence starts.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from spacy.attrs import ENT_IOB, IDX, LENGTH, POS
from spacy.tokens import Doc, Span, Token

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



_SENT_KEY = "_ng_sent_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """The token index of each sentence's start, listed once per document (``doc.sents``
    walks every token's boundary flag on each iteration). Read only after the parser."""
    starts: list[int] | None = doc.user_data.get(_SENT_KEY)
    if starts is None:
        starts = doc.user_data[_SENT_KEY] = [s.start for s in doc.sents]
    return starts


def token_sent(tok: Token) -> Span:
    """``tok.sent`` from the document's sentence starts, listed once per document (spaCy
    walks the boundaries out from the token on each call, some hundred times an article):
    the same span, the sentence holding the token. Installed as the doc's ``sent`` token
    hook by ``use_sentence_cache``; read only after the parser has set the boundaries."""
    doc = tok.doc
    starts = sentence_starts(doc)
    k = bisect_right(starts, tok.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k]:end]


def use_sentence_cache(doc: Doc) -> None:
    """Answer ``Token.sent`` on ``doc`` from its cached sentence starts (``token_sent``)."""
    doc.user_token_hooks["sent"] = token_sent


_ARRAYS_KEY = "_ng_token_arrays"


class TokenArrays(NamedTuple):
    """Integer columns of a parsed doc, read in one ``Doc.to_array`` call.

    The actor step asks every token for its part of speech, and the tokens of each phrase for
    their entity tags, character offsets and whether they hold a line break or a quotation
    mark; through ``doc[i].pos_`` each answer builds a ``Token`` and decodes a string. Here
    they are plain lists: ``pos`` (symbol ids, ``spacy.symbols``), ``ent_iob`` (0 none, 1 I,
    2 O, 3 B), ``idx`` and ``length`` (each token's character offset and length), and the
    sorted indexes of the tokens whose text holds a newline (``newlines``) and of those that
    are one quotation mark (``quotes``). The parse never changes after the model has run, so
    the columns cannot go stale; a tuple of lists, so a doc's ``user_data`` still serialises.
    """

    pos: list[int]
    ent_iob: list[int]
    idx: list[int]
    length: list[int]
    newlines: list[int]
    quotes: list[int]


def _token_arrays(doc: Doc) -> TokenArrays:
    rows = doc.to_array([POS, ENT_IOB, IDX, LENGTH]).T.tolist() if len(doc) else [[], [], [], []]
    idx: list[int] = rows[2]
    text = doc_text(doc)
    # every "\n" lies inside a token's text (spaCy's trailing whitespace is a lone space)
    newlines: list[int] = []
    at = text.find("\n")
    while at >= 0:
        k = bisect_right(idx, at) - 1
        if not newlines or newlines[-1] != k:
            newlines.append(k)
        at = text.find("\n", at + 1)
    quotes = [k for k, (i, n) in enumerate(zip(idx, rows[3], strict=True))
              if n == 1 and text[i] in QUOTE_MARKS]
    return TokenArrays(rows[0], rows[1], idx, rows[3], newlines, quotes)


#: the quotation marks a speaker's quotation opens or closes with
QUOTE_MARKS = frozenset({'"', "“", "”"})


def token_arrays(doc: Doc) -> TokenArrays:
    """The doc's ``TokenArrays``, built at most once per document (after the parser)."""
    arrays = doc.user_data.get(_ARRAYS_KEY)
    if not isinstance(arrays, TokenArrays):
        arrays = doc.user_data[_ARRAYS_KEY] = _token_arrays(doc)
    return arrays


def span_text(span: Span) -> str:
    """``span.text`` cut from the doc's cached text: spaCy joins the span's tokens (a Token
    built and two strings decoded per word) on every access. Tokens are contiguous in the
    text, so the characters from the span's first to the end of its last token are the same
    string."""
    return doc_text(span.doc)[span.start_char:span.end_char]
