"""How much the quote component adds to the spaCy pipeline's time (run by hand, not a test).

Usage: PYTHONPATH=src python scripts/quotes_speed.py [TEXT_FOLDER]
Parses every ``*.txt`` in the folder with the statistical model and the actor component, then
times the quote component alone on the same parsed documents, best of three runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsgraph.extract.quotes import QuoteFinder
from newsgraph.nlp import load_pipeline

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/quotes/polnear/dev/text")
texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
nlp = load_pipeline()
ours = ["newsgraph_timex", "newsgraph_quotes", "newsgraph_events"]
t0 = time.perf_counter()
with nlp.select_pipes(disable=ours):
    docs = list(nlp.pipe(texts))
base = time.perf_counter() - t0
finder = QuoteFinder()
runs = []
for _ in range(3):
    t1 = time.perf_counter()
    for doc in docs:
        finder(doc)
    runs.append(time.perf_counter() - t1)
quote = min(runs)
print(f"{len(texts)} texts: spaCy model + actors {base:.2f} s; quotes {quote:.2f} s "
      f"(+{100 * quote / base:.1f}%)")
