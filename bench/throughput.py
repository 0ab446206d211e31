"""Throughput of the full pipeline against the bare spaCy parse, in one run.

    .venv/bin/python bench/throughput.py --articles 1000 [--processes 2] [--append]

Prints words/s and articles/s for the bare ``nlp.pipe`` (the statistical model alone) and for
the full pipeline (clean + annotate + extract + store), their ratio as ``ratio full/bare: X``,
per-stage time shares and peak RSS. ``--append`` adds the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402

from newsgraph.clean import clean  # noqa: E402
from newsgraph.nlp import COMPONENTS  # noqa: E402
from newsgraph.pipeline import Pipeline, to_analysis  # noqa: E402
from newsgraph.records import RawDocument  # noqa: E402
from newsgraph.store import Store  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--append", action="store_true", help="append results to bench/RESULTS.md")
    args = ap.parse_args()

    corpus = make_corpus(args.articles)
    raws = [RawDocument(t.encode(), f"bench:{i}", "text", user_published=p)
            for i, (t, p) in enumerate(corpus)]
    pipe = Pipeline()
    nlp = pipe.nlp

    # stage 1: clean
    t0 = time.perf_counter()
    articles = [clean(r) for r in raws]
    t_clean = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)

    # bare: the statistical model alone over the clean texts
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=list(COMPONENTS)):
        docs = list(nlp.pipe([pipe.make_doc(a) for a in articles], batch_size=args.batch_size))
    t_bare = time.perf_counter() - t0

    # our components alone, on the parsed docs
    t_comp: dict[str, float] = {}
    for name in COMPONENTS:
        proc = nlp.get_pipe(name)
        t0 = time.perf_counter()
        for d in docs:
            proc(d)
        t_comp[name] = time.perf_counter() - t0
    analyses = [to_analysis(a, d) for a, d in zip(articles, docs, strict=True)]

    # store
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            for an in analyses:
                store.save(an)
            t_store = time.perf_counter() - t0

        # full pipeline end to end, as `newsgraph ingest` runs it
        with Store(Path(tmp) / "full.db") as store:
            t0 = time.perf_counter()
            n_ok = 0
            for res in pipe.process(raws):
                if not hasattr(res, "code"):
                    store.save(res)  # type: ignore[arg-type]
                    n_ok += 1
            t_full = time.perf_counter() - t0

    n = len(articles)
    stage_total = t_clean + t_bare + sum(t_comp.values()) + t_store
    lines = [
        f"corpus: {n} articles, {words} words ({words / n:.0f} words/article)",
        f"bare nlp.pipe: {t_bare:.1f} s, {words / t_bare:,.0f} words/s, {n / t_bare:.2f} art/s",
        f"full pipeline: {t_full:.1f} s, {words / t_full:,.0f} words/s, {n / t_full:.2f} art/s"
        f" ({n_ok} stored)",
        f"ratio full/bare: {t_bare / t_full:.3f}",
        "stage shares: " + ", ".join(
            f"{k} {v / stage_total:.1%}" for k, v in
            [("clean", t_clean), ("spacy model", t_bare), *t_comp.items(), ("store", t_store)]),
        f"peak RSS: {peak_rss_mb():.0f} MB",
    ]
    print("\n".join(lines))
    if args.append:
        cmd = " ".join([".venv/bin/python bench/throughput.py", *sys.argv[1:]])
        machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}")
        with open(Path(__file__).with_name("RESULTS.md"), "a", encoding="utf-8") as fh:
            fh.write(f"\n## throughput — {dt.date.today().isoformat()}\n\n`{cmd}` on {machine}\n\n")
            fh.write("\n".join(f"- {ln}" for ln in lines) + "\n")


if __name__ == "__main__":
    main()
