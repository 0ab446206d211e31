"""The pipeline: raw documents -> clean articles -> spaCy -> analyses (pure, no storage).

``Pipeline.process`` streams: it cleans documents one by one, parses them in batches with
``nlp.pipe`` and yields an ``Analysis`` or a ``Skip`` per input, in input order. An exception
while parsing a batch is isolated to the one document that caused it, recorded as a skip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from itertools import islice
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from newsgraph.clean import clean, looks_like_html
from newsgraph.config import Config
from newsgraph.doc_cache import seed_text, use_sentence_cache
from newsgraph.errors import SkipCode, SkipError
from newsgraph.nlp import load_pipeline
from newsgraph.records import Analysis, Article, RawDocument, Skip

if TYPE_CHECKING:  # datasketch (and the scipy it imports) loads only where dedup is used
    from newsgraph.resolve.duplicates import DuplicateIndex


class Pipeline:
    """Holds the loaded spaCy pipeline; create once and reuse for every batch."""

    def __init__(self, config: Config | None = None, *, memory_zone: bool = True) -> None:
        self.config = config or Config()
        self.nlp = load_pipeline(self.config.models)
        from newsgraph.annotate.actors import apply_config

        apply_config(self.nlp, self.config)  # user actor dictionaries (YAML)
        from newsgraph.extract.events import apply_config as apply_verbs

        apply_verbs(self.nlp, self.config)  # user verb dictionaries (TSV)
        self.memory_zone = memory_zone

    def make_doc(self, article: Article) -> Doc:
        """Tokenise the clean text and attach what our components need to read."""
        doc = self.text_doc(article.text, article.id, article.published)
        doc._.ng_url = article.url
        return doc

    def text_doc(self, text: str, article_id: str, published: str | None) -> Doc:
        """A Doc for text that needs no cleaning (gold sentences in the evaluations)."""
        doc = self.nlp.make_doc(text)
        seed_text(doc, text)  # the components read the text often: never rebuilt from tokens
        use_sentence_cache(doc)  # and ask tokens for their sentence some hundred times
        doc._.ng_article_id = article_id
        doc._.ng_published = published
        return doc

    def analyze_articles(self, articles: Iterable[Article]) -> Iterator[Analysis | Skip]:
        """Run the spaCy pipeline over clean articles, in batches, preserving order."""
        it = iter(articles)
        while batch := list(islice(it, self.config.batch_size)):
            yield from self._analyze_batch(batch)

    def _zone(self) -> AbstractContextManager[object]:
        """``nlp.memory_zone()`` where spaCy has it (3.8+): strings and lexemes a batch adds
        to the vocab are freed after it, so memory stays flat on an endless stream. Docs are
        invalid after the zone, so everything is copied into plain records inside it."""
        zone = getattr(self.nlp, "memory_zone", None)
        return zone() if zone is not None and self.memory_zone else nullcontext()

    def _analyze_batch(self, batch: list[Article]) -> list[Analysis | Skip]:
        with self._zone():
            try:
                docs = list(self.nlp.pipe([self.make_doc(a) for a in batch]))
                return [to_analysis(a, d) for a, d in zip(batch, docs, strict=True)]
            except Exception:  # isolate the failing document below, keep the rest
                pass
        with self._zone():
            return list(self._one_by_one(batch))

    def _one_by_one(self, batch: list[Article]) -> Iterator[Analysis | Skip]:
        for article in batch:
            try:
                doc = self.nlp(self.make_doc(article))
            except Exception as exc:  # recorded, never raised: one bad text must not stop a batch
                yield Skip(article.origin, "annotate", SkipCode.INTERNAL.value,
                           f"{type(exc).__name__}: {exc}")
                continue
            yield to_analysis(article, doc)

    def clean_all(self, raws: Iterable[RawDocument | Skip]) -> Iterator[Article | Skip]:
        """Clean each raw document, turning problems into skips."""
        for raw in raws:
            if isinstance(raw, Skip):
                yield raw
                continue
            try:
                yield clean(raw, self.config)
            except SkipError as exc:
                yield Skip(raw.origin, "clean", exc.code.value, exc.reason)
            except Exception as exc:  # a cleaning bug is recorded, not raised
                yield Skip(raw.origin, "clean", SkipCode.INTERNAL.value,
                           f"{type(exc).__name__}: {exc}")

    def process(self, raws: Iterable[RawDocument | Skip],
                duplicates: DuplicateIndex | None = None) -> Iterator[Analysis | Skip]:
        """Clean and analyse a stream of raw documents; skips pass through in order.

        With a ``duplicates`` index, a near-duplicate of an earlier article comes out as an
        ``Analysis`` with ``duplicate_of`` set and no records: it is not parsed again.
        """
        pending: list[Article] = []
        for item in self.clean_all(raws):
            if isinstance(item, Article) and duplicates is not None:
                item.duplicate_of, _ = duplicates.check(item.id, item.text)
            if isinstance(item, Skip) or item.duplicate_of:
                yield from self.analyze_articles(pending)
                pending = []
                yield item if isinstance(item, Skip) else Analysis(article=item)
                continue
            pending.append(item)
            if len(pending) >= self.config.batch_size:
                yield from self.analyze_articles(pending)
                pending = []
        yield from self.analyze_articles(pending)


def to_analysis(article: Article, doc: Doc) -> Analysis:
    """Collect what the components wrote on the doc into one ``Analysis`` record."""
    return Analysis(
        article=article,
        actors=list(doc._.ng_actors or []),
        events=list(doc._.ng_events or []),
        quotes=list(doc._.ng_quotes or []),
        timexes=list(doc._.ng_timexes or []),
        places=list(doc._.ng_places or []),
        summary=doc._.ng_summary,
    )


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """A process-wide pipeline for the convenience API (the model is loaded once)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def analyze(text_or_html: str, published: str | dt.date | None = None, *,
            url: str | None = None, pipeline: Pipeline | None = None) -> Analysis:
    """Analyse one article given as text or HTML; nothing is stored.

    ``published`` anchors relative dates; without it they stay unresolved. Raises
    ``SkipError`` when the input is unusable (empty, binary, not English, no body).
    """
    pipe = pipeline or default_pipeline()
    if isinstance(published, dt.date):
        published = published.isoformat()
    raw = RawDocument(
        data=text_or_html.encode("utf-8", errors="surrogatepass"),
        origin=url or "<analyze>",
        kind="html" if looks_like_html(text_or_html) else "text",
        url=url,
        user_published=published,
    )
    article = clean(raw, pipe.config)
    result = next(pipe.analyze_articles([article]))
    if isinstance(result, Skip):
        raise SkipError(SkipCode(result.code), result.reason)
    return result
