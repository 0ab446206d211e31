"""A large fuzz campaign over every parser, normaliser and ``analyze()``, run by hand.

    PYTHONPATH=src:tests .venv/bin/python scripts/fuzz_all.py --total 100000 --analyze 3000

The checks are the ones the property tests run (``tests/hostile/targets.py``); here each
target gets a share of ``--total`` by its weight (cheap ones most), and ``analyze()`` gets
``--analyze`` inputs of its own. Every call is counted; a failing check is shrunk by
hypothesis and reported, and the campaign goes on with the next target. Prints a table and,
with ``--json``, the figures for ``docs/reliability.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hostile.targets import (  # noqa: E402
    ANALYZE_OUTCOMES,
    TARGETS,
    analyze_inputs,
    make_analyze_check,
)


def run_target(name: str, strategy: st.SearchStrategy[Any], check: Any, n: int,
               seconds: float | None) -> dict[str, Any]:
    calls = 0
    start = time.monotonic()

    def counted(value: Any) -> None:
        nonlocal calls
        calls += 1
        check(value)

    error = None
    try:
        settings_ = settings(max_examples=n, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck),
                             phases=[Phase.generate, Phase.shrink])
        given(strategy)(settings_(counted))()  # type: ignore[arg-type]
    except Exception as exc:  # a bug found: keep the shrunk example, go on
        error = f"{type(exc).__name__}: {exc}"[:2000]
        traceback.print_exc()
    elapsed = time.monotonic() - start
    return {"target": name, "inputs": calls, "seconds": round(elapsed, 1),
            "per_input_ms": round(1000 * elapsed / max(calls, 1), 2), "error": error}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--total", type=int, default=100_000,
                    help="inputs over the cheap entry points, shared by weight")
    ap.add_argument("--analyze", type=int, default=2000, help="inputs for analyze()")
    ap.add_argument("--only", nargs="*", help="target names to run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    weights = sum(t.weight for t in TARGETS)
    rows = []
    for t in TARGETS:
        if args.only and t.name not in args.only:
            continue
        n = max(1, args.total * t.weight // weights)
        rows.append(run_target(t.name, t.strategy, t.check, n, None))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if args.analyze and (not args.only or "analyze" in args.only):
        from newsgraph.pipeline import Pipeline
        from test_evidence import check_offsets

        check = make_analyze_check(Pipeline(), check_offsets)
        rows.append(run_target("analyze", analyze_inputs, check, args.analyze, None))
        rows[-1]["outcomes"] = dict(ANALYZE_OUTCOMES)
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    total = sum(r["inputs"] for r in rows)
    failures = [r for r in rows if r["error"]]
    if args.json:
        print(json.dumps({"targets": rows, "total_inputs": total,
                          "failures": len(failures)}, indent=2))
    else:
        print(f"{'target':14} {'inputs':>8} {'seconds':>8} {'ms/input':>9}  result")
        for r in rows:
            print(f"{r['target']:14} {r['inputs']:>8} {r['seconds']:>8} "
                  f"{r['per_input_ms']:>9}  {'FAIL ' + r['error'][:60] if r['error'] else 'ok'}")
        print(f"{'total':14} {total:>8}  failures: {len(failures)}")
        if ANALYZE_OUTCOMES:
            print("analyze() outcomes:", dict(ANALYZE_OUTCOMES))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
