"""A deterministic benchmark corpus made from the bundled samples (never from gold data).

Paragraphs of the sample articles are recombined with varied state names and dates, so the
corpus has the length and style of news without repeating whole texts verbatim.
"""

from __future__ import annotations

import random
import re
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
    rng = random.Random(seed)
    paras = sample_paragraphs()
    names = re.compile("|".join(re.escape(s) for s in STATES))
    out = []
    for i in range(n):
        chosen = rng.sample(paras, k=min(paragraphs, len(paras)))
        swap = dict(zip(STATES, rng.sample(STATES, k=len(STATES)), strict=True))
        body = "\n\n".join(names.sub(lambda m, s=swap: s[m.group(0)], p)  # type: ignore[misc]
                             for p in chosen)
        out.append((f"Title: Bench article {i}\n\n{body}", rng.choice(DATES)))
    return out
