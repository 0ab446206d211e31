"""Near-duplicate articles (wire copies, syndication, updated versions) with MinHash LSH.

An article whose word 3-gram set has an estimated Jaccard similarity of at least
``THRESHOLD`` with an article seen earlier is a duplicate of the earliest such article. The
duplicate is stored as an article row pointing at its original (``duplicate_of``) and is not
run through the NLP again. Signatures are deterministic (fixed seed, fixed hash) and kept in
the store, so detection is incremental across runs: the index is rebuilt from the store in
ingest order and a copy ingested next week still finds its original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
#: pinned so stored signatures stay comparable across datasketch versions
SCHEME = "affine32"
#: estimated Jaccard similarity of word 3-gram sets above which two texts are one story
THRESHOLD = 0.6
SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+")


def shingle_set(text: str, n: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word ``n``-grams: robust to changed punctuation, spacing and line breaks."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of ``text`` (same text, same signature, on every machine)."""
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(sorted(shingle_set(text)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype="<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


class DuplicateIndex:
    """LSH over the signatures of every original article seen so far, in ingest order."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.order: dict[str, int] = {}
        self.signatures: dict[str, MinHash] = {}

    def load(self, rows: Iterable[tuple[str, bytes]]) -> DuplicateIndex:
        """Add stored ``(article id, signature)`` rows, given in ingest order."""
        for article_id, data in rows:
            self.add(article_id, from_bytes(data))
        return self

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id in self.order:
            return
        self.order[article_id] = len(self.order)
        self.signatures[article_id] = mh
        self.lsh.insert(article_id, mh)

    def original_of(self, article_id: str, mh: MinHash) -> str | None:
        """The earliest indexed article this one nearly duplicates, or ``None``."""
        candidates = [c for c in self.lsh.query(mh) if c != article_id
                      and self.signatures[c].jaccard(mh) >= self.threshold]
        return min(candidates, key=self.order.__getitem__) if candidates else None

    def check(self, article_id: str, text: str) -> tuple[str | None, MinHash]:
        """Return ``(original id or None, signature)``; originals join the index."""
        mh = signature(text)
        original = self.original_of(article_id, mh)
        if original is None:
            self.add(article_id, mh)
        return original, mh
