"""Per-document caches (``newsgraph.doc_cache``) give exactly what spaCy would, and the
lexicon's pruned look-ups answer as the plain scan does."""

from __future__ import annotations

import random
from pathlib import Path

from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.clean import clean
from newsgraph.doc_cache import (
    QUOTE_MARKS,
    doc_text,
    span_text,
    token_arrays,
    token_sent,
    use_sentence_cache,
)
from newsgraph.extract.quote_marks import _marks_in
from newsgraph.pipeline import Pipeline
from newsgraph.records import RawDocument

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _docs(pipeline: Pipeline) -> list:  # type: ignore[type-arg]
    out = []
    for path in sorted(EXAMPLES.glob("*.txt"))[:4]:
        art = clean(RawDocument(path.read_bytes(), str(path), "text"))
        out.append((art, pipeline.nlp(pipeline.make_doc(art))))
    return out


def test_seeded_text_and_token_sentences_match_spacy(pipeline: Pipeline) -> None:
    for art, doc in _docs(pipeline):
        assert doc_text(doc) == doc.text == art.text
        hooked = {t.i: (t.sent.start, t.sent.end) for t in doc}
        doc.user_token_hooks.pop("sent")  # spaCy's own walk to the boundaries
        plain = {t.i: (t.sent.start, t.sent.end) for t in doc}
        assert hooked == plain
        assert all(token_sent(t) == t.sent for t in doc)
        use_sentence_cache(doc)
        assert all(t.sent == token_sent(t) for t in doc)


def test_token_arrays_and_span_text_match_the_tokens(pipeline: Pipeline) -> None:
    rng = random.Random(3)
    texts = ['The minister said: "We agree."\n\nA second  paragraph \u201cquoted\u201d here.']
    docs = [doc for _, doc in _docs(pipeline)]
    docs += [pipeline.nlp(pipeline.text_doc(t, "t", None)) for t in texts]
    for doc in docs:
        arrays = token_arrays(doc)
        assert arrays.pos == [t.pos for t in doc]
        assert arrays.ent_iob == [t.ent_iob for t in doc]
        assert arrays.idx == [t.idx for t in doc]
        assert arrays.length == [len(t) for t in doc]
        assert arrays.newlines == [t.i for t in doc if "\n" in t.text]
        assert arrays.quotes == [t.i for t in doc if t.text in QUOTE_MARKS]
        assert token_arrays(doc) is arrays  # built once
        for _ in range(200):
            start = rng.randint(0, len(doc) - 1)
            span = doc[start:rng.randint(start + 1, len(doc))]
            assert span_text(span) == span.text
    assert token_arrays(docs[-1]).quotes and token_arrays(docs[-1]).newlines


def _country_in_plain(lex: Lexicon, words: list[str], places: bool | list[bool] = True,
                      fuzzy: bool = False) -> tuple[str, int, int, str] | None:
    """The scan ``country_in`` prunes: every gram at every word, longest first."""
    low = [w.lower() for w in words]
    for i in range(len(low)):
        for n in range(min(lex.max_words, len(low) - i), 0, -1):
            gram = " ".join(low[i:i + n]).replace(" 's", "'s").replace(" - ", "-")
            if gram in lex.names:
                return lex.names[gram], i, i + n - 1, "country"
            if gram.endswith("'s") and gram[:-2] in lex.names:
                return lex.names[gram[:-2]], i, i + n - 1, "country"
            iso = lex.demonym(gram) if n <= 3 else None
            if iso is None and n == 1 and "-" in gram:
                iso = lex.demonym(gram.split("-", 1)[0])
            if iso is None and n == 1 and fuzzy:
                iso = lex.misspelt(words[i])
            if iso:
                return iso, i, i + n - 1, "demonym"
    if places is False:
        return None
    ok = places if isinstance(places, list) else [True] * len(low)
    for i in range(len(low)):
        for n in (3, 2, 1):
            gram = " ".join(low[i:i + n])
            if i + n > len(low) or not all(ok[i:i + n]):
                continue
            if gram in lex.capitals:
                return lex.capitals[gram], i, i + n - 1, "capital"
            if gram in lex.cities and words[i][:1].isupper():
                return lex.cities[gram], i, i + n - 1, "city"
    return None


def test_country_in_pruned_scan_answers_as_the_full_one() -> None:
    lex = Lexicon()
    phrases = [
        "the Democratic People 's Republic of Korea", "Guinea - Bissau troops",
        "Vietnamese-led forces", "South Korea 's navy", "officials in New York City",
        "the Ethopian army", "Bosnia and Herzegovina", "the Foreign Ministry in Tokyo",
        "Greek-Cypriot leaders", "the United States", "Palestinians", "Kingston , Jamaica",
        "a man from Hassan", "the Czech Republic 's president", "Burkina Faso", "",
    ]
    for text in phrases:
        words = text.split(" ") if text else []
        for places in (True, False, [i % 2 == 0 for i in range(len(words))]):
            for fuzzy in (False, True):
                got = lex.country_in(words, places=places, fuzzy=fuzzy)
                want = _country_in_plain(lex, words, places, fuzzy)
                assert (None if got is None else (got.iso3, got.first, got.last, got.via)) \
                    == want, (text, places, fuzzy)


def _marks_plain(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """The step-per-character scan ``_marks_in`` replaces."""
    out: list[tuple[int, str, int]] = []
    inside = False
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        width = 1
        if ch == "'" and i + 1 < end and text.startswith("''", i):
            if inside and i + 2 < end and text[i + 2] == "'":
                i += 1
                continue
            ch, width = '"', 2
        nxt = text[i + width] if i + width < end else " "
        if ch == "\u201c" or (ch == "\u201d" and not inside and prev.isspace() and nxt.isalnum()):
            out.append((i, "open", 1))
            inside = True
        elif ch == "\u201d":
            out.append((i, "close", 1))
            inside = False
        elif ch == '"':
            opening = not inside and (prev.isspace() or prev in "([{\u2014\u2013-/")
            out.append((i, "open" if opening else "close", width))
            inside = opening
        i += width
    return out


def test_marks_found_by_scan_as_step_by_step() -> None:
    rng = random.Random(5)
    alphabet = "ab \n'\"\u201c\u201d(-/x1"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert _marks_in(text, start, end) == _marks_plain(text, start, end), (text, start, end)
