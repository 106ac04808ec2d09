#!/usr/bin/env python3
"""CI guard against build-time regressions, in about a minute.

    python benchmarks/ci_check.py            # measure, compare with benchmarks/baseline.json
    python benchmarks/ci_check.py --record   # measure and store the ratio as the new baseline

Runs the 50-unit benchmark (synthetic data, 120 criteria, 5 years, seed 1): the generator
stages of a cold build (`generator.pipeline.build.generate()`: load, validate, compute, render; no chart
cache) and one plain `mkdocs build` of the pages they wrote, each in its own subprocess (see
benchmarks/run.py). The portal's own MkDocs stage is not run: it is not what this guards, and
leaving it out keeps the job near a minute. The figure compared is a ratio, so that a slower
or faster CI machine matters less:

    generator stages (load + validate + compute + render, wall) ÷ plain MkDocs build (wall)

Exit status: 0 when the ratio is at most twice the recorded one, 1 when it is above
(a regression), 2 when the build or the baseline failed (no ratio to compare). A ratio above
the limit is measured once more and the lower of the two counts: a regression shows every
time, a neighbour's burst of work (or the disk still writing an earlier job's files) seldom
twice in a row.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

BASELINE = HERE / "baseline.json"
UNITS, CRITERIA, YEARS, SEED = 50, 120, 5, 1
TOLERANCE = 2.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true", help=f"write the measured ratio to {BASELINE.name}")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--timeout", type=float, default=600, help="kill a build after SECONDS (default 600)")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    size, ratio = _measure(args.timeout)
    if ratio is None:
        print("\nCI check: no ratio: the build or the baseline MkDocs build failed (see above).")
        return 2
    cold, base = size["runs"]["generate"], size["runs"]["baseline"]
    if args.record:
        machine = bench.machine_facts()
        args.baseline.write_text(json.dumps({
            "what": "generator stages (load+validate+compute+render, wall) ÷ plain `mkdocs build` of the same pages (wall)",
            "units": UNITS, "criteria": CRITERIA, "years": YEARS, "seed": SEED,
            "generator_over_baseline": round(ratio, 4),
            "generator_wall_s": round(cold["generator_wall"], 2), "baseline_wall_s": round(base["process"]["wall"], 2),
            "recorded": time.strftime("%Y-%m-%d"), "git_commit": machine["git_commit"],
            "machine": {k: machine[k] for k in ("nproc", "cpu_model", "mem_total_gib", "python")},
        }, indent=1, ensure_ascii=False) + "\n")
        print(f"\nRecorded generator ÷ baseline = {ratio:.2f} in {args.baseline} ({time.perf_counter() - start:.0f} s)")
        return 0
    recorded = json.loads(args.baseline.read_text())["generator_over_baseline"]
    limit = TOLERANCE * recorded
    if ratio > limit:
        print(f"\nCI check: {ratio:.2f} is above the limit {limit:.2f}; measuring once more …", flush=True)
        _, again = _measure(args.timeout)
        if again is not None:
            print(f"CI check: measured again: {again:.2f}; the lower of the two counts")
            ratio = min(ratio, again)
    verdict = "OK" if ratio <= limit else "REGRESSION"
    print(f"\nCI check ({time.perf_counter() - start:.0f} s): generator ÷ plain MkDocs = {ratio:.2f} now, "
          f"{recorded:.2f} recorded (limit {limit:.2f} = {TOLERANCE:g} × recorded): {verdict}")
    return 0 if ratio <= limit else 1


def _measure(timeout: float) -> tuple[dict, float | None]:
    """One 50-unit measurement, printed: the size's figures and generator ÷ baseline (None if a build failed)."""
    size = bench.measure_size(UNITS, CRITERIA, YEARS, SEED, keep=None, timeout=timeout,
                              runs=("generate", "baseline"), log=lambda m: print(m, file=sys.stderr, flush=True))
    print(bench.format_size(size), flush=True)
    return size, (size.get("ratios") or {}).get("generator_over_baseline")


if __name__ == "__main__":
    sys.exit(main())
