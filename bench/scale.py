"""Articles/s of the Ray runner with 1 and 2 workers against the local runner, one run.

    .venv/bin/python bench/scale.py [--articles 5000] [--workers 1 2] [--local 1 2]

Writes a generated corpus (bench/corpus.py, never gold data) as JSONL, runs the local runner
(Parquet shards) with each ``--local`` process count and the Ray runner with each
``--workers`` count on one local Ray (a count given twice, ``--workers 2 2``, measures a
second run on the Ray the first one warmed), and prints for every run:

- total: articles / wall time of the whole run (worker start, model load, tail included;
  Ray's own start-up, printed once, is not);
- fixed: seconds from the start of the run to the first partition, and the model load
  (wall and CPU seconds, the mean over workers);
- steady: articles / (last partition end - first partition start), i.e. throughput once
  the workers run, tail included; ``tail`` is how long the first worker to run out of work
  sat idle before the last one finished;
- CPU per article: the workers' own CPU seconds per article in their partitions (the
  comparable figure on a shared machine); the CPU of every process of the run (driver,
  pool or Ray's own processes, workers, start-up and model loads included) per article, and
  the overhead beyond the partitions; and the whole machine's busy CPU per article
  (``/proc/stat``, other jobs included);
- the CPU of the worker processes against every other process of the run (driver, Ray's
  own), as a share: what Ray costs beyond the work;
- model loads, which must equal the worker count;
- load average (1 min) before and after the run.

Timings come from ``NEWSGRAPH_TIMING_LOG`` (``runner/partition.py``): one line per model
load and per partition, written by whichever process ran it. Needs
``pip install 'newsgraph[ray]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import iter_corpus  # noqa: E402

from newsgraph.config import Config  # noqa: E402
from newsgraph.runner.local import run_local  # noqa: E402


def busy_cpu() -> float:
    """Busy CPU seconds of the whole machine since boot (all cores, ``/proc/stat``)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:  # not Linux: no machine-wide figure
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree() -> dict[int, tuple[str, float]]:
    """``pid -> (name, CPU seconds)`` of this process and all its live descendants."""
    procs: dict[int, tuple[int, str, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = tail.split()
        procs[int(entry.name)] = (int(fields[1]), head.split("(", 1)[1],
                                  (int(fields[11]) + int(fields[12])) / tick)
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    out: dict[int, tuple[str, float]] = {}
    todo = [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in procs:
            out[pid] = procs[pid][1:]
        todo.extend(children.get(pid, []))
    return out


class TreeCPU:
    """CPU used by this process tree between ``start`` and ``stop``, by process name.

    Samples ``/proc`` every half second and keeps each process's last figure, so processes
    that end during the run (Ray workers are reaped without adding to a parent's children
    times) count up to their last sample."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        initial = not self.last  # processes already running count from their figure now
        for pid, (name, cpu) in tree().items():
            self.first.setdefault(pid, cpu if initial else 0.0)
            self.last[pid] = (name, cpu)

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def start(self) -> TreeCPU:
        self._sample()
        self._thread.start()
        return self

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self._sample()
        by_name: dict[str, float] = {}
        for pid, (name, cpu) in self.last.items():
            by_name[name] = by_name.get(name, 0.0) + cpu - self.first[pid]
        return by_name

    def of(self, pid: int) -> float:
        """CPU seconds of one process over the measured span."""
        return self.last[pid][1] - self.first[pid] if pid in self.last else float("nan")


def loadavg() -> float:
    return os.getloadavg()[0]


def measure(name: str, n: int, run: Callable[[Path], None], tmp: Path) -> dict[str, Any]:
    """Run once with a fresh timing log and summarise it."""
    log = tmp / f"timing-{name}.log"
    log.unlink(missing_ok=True)  # the same run repeated starts a fresh log
    os.environ["NEWSGRAPH_TIMING_LOG"] = str(log)
    la0, cpu0, t0 = loadavg(), busy_cpu(), time.time()
    own = TreeCPU().start()
    run(log)
    by_name = own.stop()
    t1, cpu1, la1 = time.time(), busy_cpu(), loadavg()
    del os.environ["NEWSGRAPH_TIMING_LOG"]
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    loads = [x for x in lines if x["kind"] == "load"]
    parts = [x for x in lines if x["kind"] == "partition"]
    done = sum(p["n"] for p in parts)
    assert done == n, (name, done, n)
    start = min(p["t0"] for p in parts)
    end = max(p["t1"] for p in parts)
    last_by_pid: dict[int, float] = {}
    for p in parts:
        last_by_pid[p["pid"]] = max(last_by_pid.get(p["pid"], 0.0), p["t1"])
    per_worker = []
    for pid in sorted(last_by_pid):
        mine = [p for p in parts if p["pid"] == pid]
        per_worker.append(f"pid {pid}: {sum(p['n'] for p in mine)} art, partitions "
                          f"{sum(p['t1'] - p['t0'] for p in mine):.1f} s wall "
                          f"{sum(p['cpu'] for p in mine):.1f} s CPU, process "
                          f"{own.of(pid):.1f} s CPU")
    worker_cpu = sum(own.of(pid) for pid in last_by_pid)
    return {"name": name, "per_worker": per_worker, "worker_cpu": worker_cpu,
            "others_cpu": sum(by_name.values()) - worker_cpu,
            "wall": t1 - t0, "total": n / (t1 - t0),
            "to_first": start - t0, "loads": len(loads),
            "load_wall": statistics.mean(x["t1"] - x["t0"] for x in loads) if loads else 0.0,
            "load_cpu": statistics.mean(x["cpu"] for x in loads) if loads else 0.0,
            "steady": n / (end - start), "tail": end - min(last_by_pid.values()),
            "workers": len(last_by_pid), "after_last": t1 - end,
            "cpu_art": sum(p["cpu"] for p in parts) / n,
            "busy_wall_art": sum(p["t1"] - p["t0"] for p in parts) / n,
            "machine_cpu_art": (cpu1 - cpu0) / n, "own_cpu_art": sum(by_name.values()) / n,
            "own_top": sorted(by_name.items(), key=lambda kv: -kv[1])[:8],
            "fixed_cpu": sum(x["cpu"] for x in loads), "la": (la0, la1)}


def describe(r: dict[str, Any]) -> str:
    return (f"{r['name']}: total {r['total']:.2f} art/s ({r['wall']:.1f} s); "
            f"steady {r['steady']:.2f} art/s; fixed {r['to_first']:.1f} s to first partition "
            f"(model load {r['load_wall']:.1f} s wall, {r['load_cpu']:.1f} s CPU), "
            f"tail {r['tail']:.1f} s, after last partition {r['after_last']:.1f} s; "
            f"worker CPU {1000 * r['cpu_art']:.1f} ms/art (in-partition wall "
            f"{1000 * r['busy_wall_art']:.1f} ms/art), this run's processes "
            f"{1000 * r['own_cpu_art']:.1f} ms/art (overhead beyond the partitions "
            f"{1000 * (r['own_cpu_art'] - r['cpu_art']):.1f} ms/art), machine CPU "
            f"{1000 * r['machine_cpu_art']:.1f} ms/art; model loads {r['loads']} "
            f"(workers {r['workers']}); load avg {r['la'][0]:.2f} -> {r['la'][1]:.2f}\n"
            f"  worker processes {r['worker_cpu']:.1f} s CPU; every other process of the run "
            f"(driver, Ray's own) {r['others_cpu']:.1f} s = "
            f"{r['others_cpu'] / r['worker_cpu']:.1%} of the workers'\n"
            f"  CPU s by process: "
            + ", ".join(f"{name} {cpu:.1f}" for name, cpu in r["own_top"])
            + "".join(f"\n  {line}" for line in r["per_worker"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--local", type=int, nargs="*", default=[1],
                    help="process counts of the local runner to compare against")
    ap.add_argument("--lines-per-chunk", type=int, default=None,
                    help="Ray work piece size (default: the runner's choice)")
    args = ap.parse_args()
    config = Config()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "in"
        src.mkdir()
        with open(src / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for i, (text, pub) in enumerate(iter_corpus(args.articles)):
                fh.write(json.dumps({"text": text, "published": pub, "url": f"bench:{i}"}) + "\n")
        n = args.articles
        print(f"corpus: {n} generated articles (JSONL); {os.cpu_count()} cores; "
              f"load avg {loadavg():.2f}", flush=True)

        for p in args.local:
            def local(_log: Path, p: int = p) -> None:
                stats = run_local([src], config=config, out=tmp / f"local-{p}", n_process=p)
                assert stats["added"] == n, stats
            results.append(measure(f"local runner, {p} process(es)", n, local, tmp))
            print(describe(results[-1]), flush=True)

        if args.workers:
            from newsgraph.runner.ray_runner import init_ray, run_ray

            t0 = time.perf_counter()
            init_ray(num_cpus=max(args.workers))
            print(f"ray start-up (not in the timings): {time.perf_counter() - t0:.1f} s",
                  flush=True)
            idle = TreeCPU().start()
            time.sleep(10)
            idle_cpu = sum(idle.stop().values()) / 10
            print(f"ray idle, 10 s: driver and Ray's processes use {idle_cpu:.0%} of a core",
                  flush=True)
            extra: dict[str, Any] = ({"lines_per_chunk": args.lines_per_chunk}
                                     if args.lines_per_chunk else {})
            for k, w in enumerate(args.workers):
                def ray_run(log: Path, w: int = w, k: int = k) -> None:
                    res = run_ray([src], tmp / f"ray-{k}-{w}", config=config, workers=w,
                                  timing_log=str(log), **extra)
                    assert res["rows"] == n, res
                results.append(measure(f"ray, {w} worker(s)", n, ray_run, tmp))
                print(describe(results[-1]), flush=True)

    by = {r["name"]: r for r in results}
    base = by.get("local runner, 1 process(es)")
    one = by.get("ray, 1 worker(s)")
    for r in results:
        w = r["workers"]
        if base and r is not base:
            print(f"{r['name']} per worker vs local 1 process: total "
                  f"{r['total'] / w / base['total']:.0%}, steady "
                  f"{r['steady'] / w / base['steady']:.0%}, CPU/article "
                  f"{base['cpu_art'] / r['cpu_art']:.0%}")
        if one and r["name"].startswith("ray") and r is not one:
            # on a machine with `w` free cores: one worker runs at 1 / (its CPU per article);
            # w workers share the cores with everything else the run does
            bound = min(w, w * one["cpu_art"] / r["own_cpu_art"])
            print(f"speed-up {r['name']} / 1 worker: total {r['total'] / one['total']:.2f}x, "
                  f"steady {r['steady'] / one['steady']:.2f}x; CPU bound with {w} free "
                  f"cores {bound:.2f}x (one worker's partition CPU/article x {w} / this "
                  f"run's CPU per article)")
    l1, l2 = by.get("local runner, 1 process(es)"), by.get("local runner, 2 process(es)")
    if l1 and l2:
        print(f"speed-up local 2 processes / 1: total {l2['total'] / l1['total']:.2f}x, "
              f"steady {l2['steady'] / l1['steady']:.2f}x")


if __name__ == "__main__":
    main()
