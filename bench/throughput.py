"""Throughput of the full pipeline against the bare spaCy parse, in one run.

    .venv/bin/python bench/throughput.py [--articles 1000] [--processes 2] [--append]
    .venv/bin/python bench/throughput.py --stream 5000 [--processes 2] [--append]   # memory

Prints words/s and articles/s for the bare ``nlp.pipe`` (the statistical model alone) and for
the full pipeline as ``newsgraph run --db`` runs it (clean + annotate + extract + store), their
ratio as ``ratio full/bare: X``, per-stage time shares (wall, then the same in CPU time,
which other jobs on a shared machine disturb far less), the speed-up of ``--processes`` worker
processes over one, the time for one 200 kB article, and peak RSS. ``--stream N`` instead
runs N generated articles (each with unseen names, as real news has) through the local runner
into a database and prints RSS at intervals, to show memory stays flat. ``--append`` adds the
figures to bench/RESULTS.md. Timings on a shared machine are noisy: compare ratios measured in
the same run.
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
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import iter_corpus, long_article, make_corpus  # noqa: E402

from newsgraph.clean import clean  # noqa: E402
from newsgraph.config import Config  # noqa: E402
from newsgraph.nlp import COMPONENTS  # noqa: E402
from newsgraph.pipeline import to_analysis  # noqa: E402
from newsgraph.records import Analysis, RawDocument, Skip  # noqa: E402
from newsgraph.runner.local import new_stats, store_records, write_results  # noqa: E402
from newsgraph.runner.partition import worker_pipeline  # noqa: E402
from newsgraph.runner.records import Record, record_from  # noqa: E402
from newsgraph.store import Store  # noqa: E402


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Clock:
    """Wall and CPU seconds of a block: on a shared machine the CPU figures are the steady
    ones (other jobs stretch wall time by whatever they take at that moment)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def run_to_store(records: list[Record], config: Config, db: Path, n_process: int,
                 chunk_size: int | None = None) -> Clock:
    """Wall and CPU time for the local runner to process ``records`` into a fresh database
    (CPU of this process only: with workers it leaves out theirs)."""
    with Store(db) as store:
        stats = new_stats()
        with Clock() as clock:
            store_records(store, records, config, stats, n_process=n_process,
                          chunk_size=chunk_size)
    assert stats["added"] == len(records), stats
    return clock


def throughput(args: argparse.Namespace) -> list[str]:
    corpus = make_corpus(args.articles)
    raws = [RawDocument(t.encode(), f"bench:{i}", "text", user_published=p)
            for i, (t, p) in enumerate(corpus)]
    config = Config(batch_size=args.batch_size)
    with Clock() as c_load:  # the runner's own cached pipeline, so the full run reuses it
        pipe = worker_pipeline(config)
    nlp = pipe.nlp

    with Clock() as c_clean:
        articles = [clean(r, config) for r in raws]
    t_clean = c_clean.wall
    words = sum(len(a.text.split()) for a in articles)

    # bare: the statistical model alone over the clean texts
    with Clock() as c_bare, nlp.select_pipes(disable=list(COMPONENTS)):
        docs = list(nlp.pipe([pipe.make_doc(a) for a in articles], batch_size=args.batch_size))
    t_bare = c_bare.wall

    # our components alone, on the parsed docs
    c_comp: dict[str, Clock] = {}
    for name in COMPONENTS:
        proc = nlp.get_pipe(name)
        with Clock() as c_comp[name]:
            for d in docs:
                proc(d)
    t_comp = {k: v.wall for k, v in c_comp.items()}
    with Clock() as c_collect:
        analyses = [to_analysis(a, d) for a, d in zip(articles, docs, strict=True)]
    t_collect = c_collect.wall
    del docs

    records = [record_from(r) for r in raws]
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            with Clock() as c_store:  # one commit per partition, as the runner writes
                for k in range(0, len(analyses), 64):
                    part: list[Analysis | Skip] = list(analyses[k:k + 64])
                    write_results(store, part, new_stats())
            t_store = c_store.wall
        # full pipeline end to end, as `newsgraph run --db` runs it (one process)
        c_full = run_to_store(records, config, Path(tmp) / "full.db", 1, args.chunk_size)
        t_full = c_full.wall
        t_multi = t_start = None
        if args.processes > 1:
            t_multi = run_to_store(records, config, Path(tmp) / "multi.db", args.processes,
                                   args.chunk_size).wall
            # the one-off cost inside that figure: starting the workers (each loads its
            # model) and one article each
            t_start = run_to_store(records[:args.processes], config, Path(tmp) / "start.db",
                                   args.processes, 1).wall

    # one very long article
    big = long_article(200_000)
    t0 = time.perf_counter()
    result = next(pipe.process([RawDocument(big.encode(), "bench:long", "text",
                                            user_published="2024-01-01")]))
    t_long = time.perf_counter() - t0
    assert not hasattr(result, "code"), result

    n = len(articles)
    stage_total = t_clean + t_bare + sum(t_comp.values()) + t_collect + t_store
    cpu_total = (c_clean.cpu + c_bare.cpu + sum(c.cpu for c in c_comp.values())
                 + c_collect.cpu + c_store.cpu)
    lines = [
        f"corpus: {n} articles, {words} words ({words / n:.0f} words/article); "
        f"model load {c_load.wall:.1f} s (once, not in any figure below)",
        f"bare nlp.pipe: {t_bare:.1f} s, {words / t_bare:,.0f} words/s, {n / t_bare:.2f} art/s",
        f"full pipeline (1 process): {t_full:.1f} s, {words / t_full:,.0f} words/s, "
        f"{n / t_full:.2f} art/s",
        f"ratio full/bare: {t_bare / t_full:.3f}",
        "stage shares: " + ", ".join(
            f"{k} {v / stage_total:.1%}" for k, v in
            [("clean", t_clean), ("spacy model", t_bare), *t_comp.items(),
             ("collect", t_collect), ("store", t_store)]),
        f"CPU time: bare {c_bare.cpu:.1f} s, full {c_full.cpu:.1f} s, "
        f"ratio full/bare (CPU): {c_bare.cpu / c_full.cpu:.3f}",
        "stage shares (CPU): " + ", ".join(
            f"{k} {v / cpu_total:.1%}" for k, v in
            [("clean", c_clean.cpu), ("spacy model", c_bare.cpu),
             *((k, c.cpu) for k, c in c_comp.items()), ("collect", c_collect.cpu),
             ("store", c_store.cpu)]),
    ]
    if t_multi is not None:
        assert t_start is not None
        lines.append(f"full pipeline ({args.processes} processes): {t_multi:.1f} s, "
                     f"{n / t_multi:.2f} art/s, speed-up {t_full / t_multi:.2f}x "
                     "(includes starting the workers and loading their models)")
        lines.append(f"starting {args.processes} workers (model loads) and one article each: "
                     f"{t_start:.1f} s; speed-up without that one-off cost "
                     f"{t_full / (t_multi - t_start):.2f}x")
    lines += [
        f"200 kB article ({len(big.encode()) // 1000} kB, {len(big.split())} words): "
        f"{t_long:.1f} s",
        f"peak RSS: {peak_rss_mb():.0f} MB (main process), "
        f"{peak_rss_mb(children=True):.0f} MB (largest worker)",
    ]
    return lines


def worker_rss_mb() -> list[float]:
    """Current RSS of each child process (the runner's workers), from /proc."""
    out: list[float] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for pid in kids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
    return out


def stream(args: argparse.Namespace) -> list[str]:
    """RSS at intervals while N articles stream through the local runner into a database
    (with ``--processes`` > 1 the workers' RSS too: the writer holds no model)."""
    config = Config(batch_size=args.batch_size)
    n = args.stream
    step = max(n // 20, 1)

    def records() -> Iterator[Record]:
        for i, (text, pub) in enumerate(iter_corpus(n, seed=11, novel=True)):
            yield record_from(RawDocument(text.encode(), f"stream:{i}", "text",
                                          user_published=pub))

    samples: list[tuple[int, float, list[float]]] = []
    done = 0

    def sample(_: object) -> None:
        nonlocal done
        done += 1
        if done % step == 0:
            samples.append((done, rss_mb(), worker_rss_mb()))

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        stats = new_stats()
        t0 = time.perf_counter()
        store_records(store, records(), config, stats, n_process=args.processes,
                      chunk_size=args.chunk_size, on_result=sample)
        elapsed = time.perf_counter() - t0
        db_mb = (Path(tmp) / "s.db").stat().st_size / 2**20
    base = samples[min(1, len(samples) - 1)]
    # the workers may have exited by the last sample: compare with the last one they are in
    last_w = next((w for _, _, w in reversed(samples) if len(w) == len(base[2])), base[2])
    total = [m + sum(w) for _, m, w in samples]
    lines = [
        f"stream: {n} articles (each with unseen names), {args.processes} process(es), in "
        f"{elapsed:.0f} s, {n / elapsed:.2f} art/s, {stats['added']} stored, database "
        f"{db_mb:,.0f} MiB",
        "RSS (MB) after articles, writer" + (" + workers" if args.processes > 1 else "")
        + ": " + ", ".join(f"{i}: {m:.0f}" + "".join(f"+{x:.0f}" for x in w)
                          for i, m, w in samples),
        f"RSS growth from {base[0]} to {n} articles: writer {samples[-1][1] - base[1]:+.0f} MB"
        + (f", workers {sum(last_w) - sum(base[2]):+.0f} MB in all (last sample with them)"
           if args.processes > 1 else ""),
        f"peak RSS: writer {peak_rss_mb():.0f} MB"
        + (f", largest worker {peak_rss_mb(children=True):.0f} MB; largest sampled sum of "
           f"all processes {max(total):.0f} MB" if args.processes > 1 else ""),
    ]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--chunk-size", type=int, default=None,
                    help="articles per partition (default: the runner's, 64 in-process and "
                         "16 per worker task)")
    ap.add_argument("--processes", type=int, default=2,
                    help="worker processes for the multi-process run (1 to leave it out)")
    ap.add_argument("--stream", type=int, default=0,
                    help="instead: stream this many articles and print RSS at intervals")
    ap.add_argument("--append", action="store_true", help="append results to bench/RESULTS.md")
    args = ap.parse_args()

    lines = stream(args) if args.stream else throughput(args)
    print("\n".join(lines))
    if args.append:
        cmd = " ".join([".venv/bin/python bench/throughput.py", *sys.argv[1:]])
        machine = (f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs), "
                   f"Python {platform.python_version()}")
        title = "memory on a long stream" if args.stream else "throughput"
        with open(Path(__file__).with_name("RESULTS.md"), "a", encoding="utf-8") as fh:
            fh.write(f"\n## {title} — {dt.date.today().isoformat()}\n\n`{cmd}` on {machine}\n\n")
            fh.write("\n".join(f"- {ln}" for ln in lines) + "\n")


if __name__ == "__main__":
    main()
