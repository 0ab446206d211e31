"""The actor step alone: CPU and wall milliseconds per article over the throughput corpus.

    .venv/bin/python bench/actors.py [--articles 300] [--rounds 3] [--profile]

Parses the corpus of ``throughput.py`` once with the statistical model (our components off),
then runs ``newsgraph_actors`` over the parsed docs: the first pass as ``throughput.py``
times it (it builds the per-doc caches), then ``--rounds`` more. ``--profile`` prints the
cProfile of one further pass, by own time. CPU time is the figure to compare on a shared
machine; compare two trees by running each in turn, more than once.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402

from newsgraph.clean import clean  # noqa: E402
from newsgraph.config import Config  # noqa: E402
from newsgraph.nlp import COMPONENTS  # noqa: E402
from newsgraph.records import RawDocument  # noqa: E402
from newsgraph.runner.partition import worker_pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    config = Config()
    pipe = worker_pipeline(config)
    nlp = pipe.nlp
    raws = [RawDocument(t.encode(), f"bench:{i}", "text", user_published=p)
            for i, (t, p) in enumerate(make_corpus(args.articles))]
    articles = [clean(r, config) for r in raws]
    with nlp.select_pipes(disable=list(COMPONENTS)):
        docs = list(nlp.pipe([pipe.make_doc(a) for a in articles],
                             batch_size=config.batch_size))
    actors = nlp.get_pipe("newsgraph_actors")
    for label in ["first pass", *(f"round {k + 1}" for k in range(args.rounds))]:
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            actors(d)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(f"actors {label}: CPU {1000 * cpu / len(docs):.2f} ms/article, "
              f"wall {1000 * wall / len(docs):.2f} ms/article", flush=True)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for d in docs:
            actors(d)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
