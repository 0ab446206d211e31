"""A deterministic benchmark corpus made from the bundled samples (never from gold data).

Paragraphs of the sample articles are recombined with varied state names and dates, so the
corpus has the length and style of news without repeating whole texts verbatim.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from newsgraph.clean import clean
from newsgraph.records import RawDocument

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STATES = ["Australia", "Japan", "France", "Germany", "Indonesia", "India", "New Zealand",
          "South Korea", "Canada", "Brazil", "Kenya", "Mexico", "Vietnam", "Poland"]
DATES = ["2023-02-14", "2023-07-30", "2024-01-09", "2024-05-21", "2024-11-02", "2025-03-18"]


def sample_paragraphs() -> list[str]:
    """Clean body paragraphs of every bundled sample."""
    paras: list[str] = []
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix not in (".txt", ".html"):
            continue
        kind = "html" if path.suffix == ".html" else "text"
        art = clean(RawDocument(path.read_bytes(), str(path), kind))  # type: ignore[arg-type]
        paras.extend(p for p in art.text.split("\n\n") if len(p.split()) > 8)
    return paras


def make_corpus(n: int, seed: int = 7, paragraphs: int = 9) -> list[tuple[str, str]]:
    """``n`` (text, published) pairs of about 250-400 words each."""
    return list(iter_corpus(n, seed, paragraphs))


def _novel_name(rng: random.Random) -> str:
    """An invented surname: a long stream keeps meeting words the vocabulary has not seen."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3)).title()


def iter_corpus(n: int, seed: int = 7, paragraphs: int = 9,
                novel: bool = False) -> Iterator[tuple[str, str]]:
    """The corpus as a stream (nothing held in memory). ``novel`` adds a sentence with an
    unseen name and number per article, as real news does, to exercise vocabulary growth."""
    rng = random.Random(seed)
    paras = sample_paragraphs()
    names = re.compile("|".join(re.escape(s) for s in STATES))
    for i in range(n):
        chosen = rng.sample(paras, k=min(paragraphs, len(paras)))
        swap = dict(zip(STATES, rng.sample(STATES, k=len(STATES)), strict=True))
        body = "\n\n".join(names.sub(lambda m, s=swap: s[m.group(0)], p)  # type: ignore[misc]
                             for p in chosen)
        if novel:
            body += (f"\n\nMinister {_novel_name(rng)} {_novel_name(rng)} said {i * 37 + 11} "
                     f"officials from {_novel_name(rng)}-{i} would attend the meeting.")
        yield (f"Title: Bench article {i}\n\n{body}", rng.choice(DATES))


def long_article(target_bytes: int = 200_000, seed: int = 3) -> str:
    """One article of about ``target_bytes`` bytes (sample paragraphs, shuffled)."""
    rng = random.Random(seed)
    paras = sample_paragraphs()
    out: list[str] = []
    size = 0
    while size < target_bytes:
        p = rng.choice(paras)
        out.append(p)
        size += len(p.encode()) + 2
    return "Title: A very long article\n\n" + "\n\n".join(out)
