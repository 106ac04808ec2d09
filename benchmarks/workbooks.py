#!/usr/bin/env python3
"""What the public spreadsheets (.xlsx) add to a build, measured alone on a synthetic dataset.

    python benchmarks/workbooks.py [--units 3500] [--criteria 120] [--years 5] [--seed 1] [--root DIR]

Writes the dataset (`synth.py`; or uses `--root`, a dataset written before), loads and computes it
as a build does, then runs the two render steps that write spreadsheets, in this process, with
every call of `render.workbooks.workbook_bytes` timed: the open data (`opendata.write_open_data`:
the unit-year table and each ranking, as CSV and .xlsx, beside the criterion tables and the JSON)
and the all-years tables (`pages.SiteWriter.all_years_pages`: each group's CSV, .xlsx and page).
Prints, per kind of workbook, how many, their rows, bytes, and the wall and CPU seconds spent
making them; and the seconds of the two steps whole, so the spreadsheets' share is plain. These
are the only places the build writes spreadsheets, all in the main process, so the sum is what
they add to a cold build (`parportal serve` makes a workbook again only when its table changed).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from generator.compute import compute  # noqa: E402
from generator.core import paths  # noqa: E402
from generator.core.buildinfo import BuildInfo  # noqa: E402
from generator.load import load  # noqa: E402
from generator.render import opendata, pages, workbooks  # noqa: E402
from generator.render.ready import ReadyPages  # noqa: E402
from generator.render.staging import Staging  # noqa: E402
from generator.render.templating import make_environment  # noqa: E402


def _clock() -> tuple[float, float]:
    t = os.times()
    return time.perf_counter(), t.user + t.system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=3500)
    ap.add_argument("--criteria", type=int, default=120)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--root", type=Path, help="a dataset written before (else one is written in a temporary folder)")
    args = ap.parse_args(argv)

    temporary = None
    root = args.root
    if root is None:
        temporary = Path(tempfile.mkdtemp(prefix="parportal-workbooks-"))
        root = temporary / "data"
        root.mkdir()
        start = time.perf_counter()
        counts = synth.generate(root, args.units, args.criteria, args.years, args.seed)
        print(f"dataset: {args.units} units, {counts['files']} files in {time.perf_counter() - start:.1f} s")
    try:
        start = time.perf_counter()
        ds = load(root).dataset
        res = compute(ds)
        print(f"load + compute: {time.perf_counter() - start:.1f} s; {len(res.unit_years)} unit-years, "
              f"{len(res.rankings)} rankings")
        info = BuildInfo(commit="0" * 40, dirty=False, epoch=1700000000, repository="https://example.org/data")

        made = defaultdict(lambda: [0, 0, 0, 0.0, 0.0])  # kind → count, rows, bytes, wall, CPU
        original = workbooks.workbook_bytes

        def timed(title, columns, rows, *a, **k):
            wall, cpu = _clock()
            data = original(title, columns, rows, *a, **k)
            wall2, cpu2 = _clock()
            rest = k["csv_path"].removeprefix("data/")  # chi-so-cchc.csv, xep-hang/…, moi-nam/…
            kind = rest.split("/")[0] + "/" if "/" in rest else rest
            entry = made[kind]
            entry[0] += 1
            entry[1] += len(rows)
            entry[2] += len(data)
            entry[3] += wall2 - wall
            entry[4] += cpu2 - cpu
            return data
        opendata.workbook_bytes = pages.workbook_bytes = timed

        out = root / "build/bench-docs"
        shutil.rmtree(out, ignore_errors=True)
        steps = {}
        wall, cpu = _clock()
        opendata.write_open_data(ds, res, info, Staging(out))
        wall2, cpu2 = _clock()
        steps["open data (write_open_data)"] = (wall2 - wall, cpu2 - cpu)
        env = make_environment(paths.resource(root, paths.TEMPLATES_DIR) / "pages")
        site = pages.SiteWriter(ds, res, info, env, Staging(out), ReadyPages(Staging(root / "build/bench-ready")))
        wall, cpu = _clock()
        site.all_years_pages()
        wall2, cpu2 = _clock()
        steps["all-years tables (all_years_pages)"] = (wall2 - wall, cpu2 - cpu)

        print(f"{'workbooks':<24}{'files':>7}{'rows':>9}{'MB':>8}{'wall s':>9}{'CPU s':>8}")
        total = [0, 0, 0, 0.0, 0.0]
        for kind, (n, rows, size, w, c) in sorted(made.items()):
            print(f"{kind:<24}{n:>7}{rows:>9}{size / 1e6:>8.2f}{w:>9.2f}{c:>8.2f}")
            total = [a + b for a, b in zip(total, (n, rows, size, w, c))]
        print(f"{'all':<24}{total[0]:>7}{total[1]:>9}{total[2] / 1e6:>8.2f}{total[3]:>9.2f}{total[4]:>8.2f}")
        for name, (w, c) in steps.items():
            print(f"step {name}: {w:.2f} s wall, {c:.2f} s CPU (spreadsheets included)")
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
