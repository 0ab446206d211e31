"""Articles/s of the Ray runner with 1 and 2 workers against the local runner, one run.

    .venv/bin/python bench/scale.py [--articles 5000] [--workers 1 2] [--append]

Writes a generated corpus (bench/corpus.py, never gold data) as JSONL, runs the local runner
(one process, Parquet shards) and the Ray runner with each worker count on a local Ray, and
prints articles/s, the speed-up over one worker, per-worker throughput against the local
runner, and the number of model loads (it must equal the worker count). Ray start-up is
outside the timings; worker start-up and model loading are inside them. Needs
``pip install 'newsgraph[ray]'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import iter_corpus  # noqa: E402

from newsgraph.config import Config  # noqa: E402
from newsgraph.runner.local import run_local  # noqa: E402
from newsgraph.runner.ray_runner import init_ray, run_ray  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--append", action="store_true", help="append results to bench/RESULTS.md")
    args = ap.parse_args()
    config = Config()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "in"
        src.mkdir()
        with open(src / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for i, (text, pub) in enumerate(iter_corpus(args.articles)):
                fh.write(json.dumps({"text": text, "published": pub, "url": f"bench:{i}"}) + "\n")
        n = args.articles
        lines.append(f"corpus: {n} generated articles (JSONL)")

        t0 = time.perf_counter()
        stats = run_local([src], config=config, out=tmp / "local")
        t_local = time.perf_counter() - t0
        assert stats["added"] == n, stats
        local_rate = n / t_local
        lines.append(f"local runner, 1 process: {t_local:.1f} s, {local_rate:.2f} art/s")

        init_ray(num_cpus=max(max(args.workers), 2))
        rates: dict[int, float] = {}
        for w in args.workers:
            log = tmp / f"loads-{w}.log"
            t0 = time.perf_counter()
            res = run_ray([src], tmp / f"ray-{w}", config=config, workers=w,
                          batch_size=args.batch_size, load_log=str(log))
            elapsed = time.perf_counter() - t0
            assert res["rows"] == n, res
            loads = len(log.read_text().split())
            rates[w] = n / elapsed
            lines.append(
                f"ray, {w} worker(s): {elapsed:.1f} s, {rates[w]:.2f} art/s, "
                f"{rates[w] / w / local_rate:.0%} of the local runner per worker, "
                f"model loads {loads} (workers {w})")
        if 1 in rates and len(rates) > 1:
            top = max(rates)
            lines.append(f"speed-up {top} workers / 1: {rates[top] / rates[1]:.2f}x")
    print("\n".join(lines))
    if args.append:
        cmd = " ".join([".venv/bin/python bench/scale.py", *sys.argv[1:]])
        machine = (f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs), "
                   f"Python {platform.python_version()}")
        with open(Path(__file__).with_name("RESULTS.md"), "a", encoding="utf-8") as fh:
            fh.write(f"\n## scale-out (Ray) — {dt.date.today().isoformat()}\n\n"
                     f"`{cmd}` on {machine}\n\n")
            fh.write("\n".join(f"- {ln}" for ln in lines) + "\n")


if __name__ == "__main__":
    main()
