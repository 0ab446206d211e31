"""Clean: raw bytes to an ``Article`` (clean text, metadata, removed boilerplate)."""

from __future__ import annotations

import hashlib
import re

from newsgraph.clean.clutter import (
    HTML_SKIP,
    drop_title_like_line,
    drop_title_line,
    headline_lines,
    remove_clutter,
    split_inline_clutter,
    split_paragraphs,
)
from newsgraph.clean.decode import decode_bytes, repair_mojibake, scrub
from newsgraph.clean.layout import Placed, trim_by_layout
from newsgraph.clean.outlet import outlet_from_url
from newsgraph.clean.published import parse_published
from newsgraph.config import Config
from newsgraph.errors import BadDate, SkipCode, SkipError
from newsgraph.records import Article, PublishedSource, RawDocument, Removed

__all__ = ["clean", "clean_html_body", "html_rules", "looks_like_html", "content_hash"]

_HTML_HINT = re.compile(r"<\s*(html|body|head|article|div|p|!doctype)\b", re.IGNORECASE)
_FRONT_KEY = re.compile(r"^(title|published|date|outlet|source|author|authors|url)\s*:\s*(.+)$",
                        re.IGNORECASE)


def content_hash(data: bytes | str) -> str:
    """Short stable hash used for article ids and raw-input keys."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` holds HTML markup."""
    return bool(_HTML_HINT.search(text[:2000]))


def clean(raw: RawDocument, config: Config | None = None) -> Article:
    """Decode, extract and de-clutter one document; raise ``SkipError`` when it is unusable."""
    # trafilatura, the language model and the date lexicon load on the first clean, not when
    # ``content_hash`` is imported (the store and the CLI need only that)
    from newsgraph.clean.html import extract_html
    from newsgraph.clean.language import identify

    cfg = config or Config()
    if len(raw.data) > cfg.max_bytes:
        raise SkipError(SkipCode.TOO_LARGE,
                        f"{len(raw.data)} bytes is over the limit of {cfg.max_bytes}")
    decoded = decode_bytes(raw.data)
    removed: list[Removed] = []
    meta: dict[str, str] = {}
    authors: list[str] = []
    captions: list[str] = []
    placed: dict[str, Placed] = {}
    kind = raw.kind
    if kind == "unknown":
        kind = "html" if looks_like_html(decoded) else "text"
    if kind == "html":
        ext = extract_html(decoded, url=raw.url)
        body = ext.text
        removed.extend(ext.removed)
        authors = ext.authors
        captions = ext.captions
        placed = ext.placed
        for key, value in (("title", ext.title), ("outlet", ext.outlet),
                           ("published", ext.published), ("url", ext.url)):
            if value:
                meta[key] = value
    else:
        meta, body = _front_matter(decoded)
        if "author" in meta:
            authors = [a.strip() for a in re.split(r";|,|\band\b", meta["author"]) if a.strip()]
    title = raw.title or meta.get("title")
    if kind == "html":
        kept, dropped = clean_html_body(body, captions, title, placed)
        removed.extend(dropped)
    else:
        # a page saved as one line keeps its share buttons and credits inline: cut them out
        # first, so the paragraph rules read what is left as they read HTML text
        paragraphs, inline = split_inline_clutter(split_paragraphs(repair_mojibake(body)))
        removed.extend(inline)
        kept, dropped = remove_clutter(paragraphs)
        removed.extend(dropped)
        headline = drop_title_line(kept, title)
        if headline is not None:
            removed.append(headline)
        elif title is None and headline_lines(kept):
            # a plain text that opens with its headline: the headline is the title. It stays
            # in the text for now: the 5W1H summary reads the first paragraph as the headline
            # (extract/summary.py); dropping it (and the dek) waits for the summary to read
            # ``Article.title`` instead
            title = kept[0]
    text = "\n\n".join(kept)
    if len(text) < cfg.min_chars:
        raise SkipError(SkipCode.NO_TEXT,
                        f"only {len(text)} characters of text after cleaning "
                        f"(minimum {cfg.min_chars})")
    lang, prob = identify(text)
    if lang != "en" and prob >= cfg.language_threshold:
        raise SkipError(SkipCode.NOT_ENGLISH, f"language identified as {lang!r} (p={prob:.2f})")
    published, source = _published(raw, meta, text)
    # metadata comes straight from the input (JSON strings, feed fields, file names): a lone
    # surrogate there cannot be stored or printed, so it is replaced here, once for every path
    url = scrub(raw.url or meta.get("url"))
    return Article(
        id=content_hash(text),
        text=text,
        title=scrub(title),
        url=url,
        # the input's outlet, else the URL's registered domain (clean/outlet.py)
        outlet=scrub(raw.outlet or meta.get("outlet")) or outlet_from_url(url),
        authors=[str(scrub(a)) for a in authors],
        published=published,
        published_source=source,
        language=lang if prob >= cfg.language_threshold else "en",
        origin=str(scrub(raw.origin)),
        source_hash=content_hash(raw.data),
        removed=removed,
    )


def clean_html_body(text: str, captions: list[str] | None, title: str | None,
                    placed: dict[str, Placed] | None = None) -> tuple[list[str], list[Removed]]:
    """The paragraphs of an HTML body that stay: mojibake repaired, the clutter rules that pay
    on extracted HTML (all but ``HTML_SKIP``), the headline line dropped, and, given where each
    paragraph sat on the page (``placed``), link runs and furniture outside the body's
    container (``clean/layout.py``). ``clean()`` and the extraction eval both call this, so
    the eval scores what the pipeline keeps."""
    return html_rules(split_paragraphs(repair_mojibake(text)), captions, title, placed)


def html_rules(paragraphs: list[str], captions: list[str] | None, title: str | None,
               placed: dict[str, Placed] | None,
               skip: frozenset[str] = HTML_SKIP) -> tuple[list[str], list[Removed]]:
    """``clean_html_body`` after the mojibake repair; ``skip`` names rules left out (the
    eval's ablation passes ``HTML_SKIP`` plus or minus one rule)."""
    kept, removed = remove_clutter(paragraphs, captions, drop_repeated=False, skip=skip)
    headline = None
    if "title-repeated" not in skip:
        headline = drop_title_line(kept, title)
    if headline is None and "title-like-line" not in skip:
        headline = drop_title_like_line(kept, title)
    if headline is not None:
        removed.append(headline)
    kept, cut = trim_by_layout(kept, placed or {}, skip)
    removed.extend(cut)
    return kept, removed


def _published(raw: RawDocument, meta: dict[str, str],
               text: str = "") -> tuple[str | None, PublishedSource]:
    """The document's own date wins (metadata, then a dateline in the text, then the day its
    URL's path names); the user's date fills in for documents without one."""
    from newsgraph.clean.dateline import find_dateline
    from newsgraph.clean.published import date_from_url

    for value, source in ((raw.published, "metadata"), (meta.get("published"), "metadata"),
                          (find_dateline(text), "text"),
                          (date_from_url(raw.url or meta.get("url")), "url"),
                          (raw.user_published, "user")):
        if value:
            try:
                iso = parse_published(value)
            except BadDate:
                if source == "user":
                    raise
                continue
            if iso:
                return iso, source  # type: ignore[return-value]
    return None, "unknown"


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Read ``Key: value`` header lines (Title, Published, Outlet, Author, URL) before a blank line.

    Plain-text articles saved by scrapers and our samples often start this way; a text without
    such a header is returned unchanged.
    """
    lines = text.lstrip("\n").split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return meta, "\n".join(lines[i + 1:])
            break
        m = _FRONT_KEY.match(line.strip())
        if not m:
            break
        key = m[1].lower()
        key = {"date": "published", "source": "outlet", "authors": "author"}.get(key, key)
        meta[key] = m[2].strip()
    return {}, text
