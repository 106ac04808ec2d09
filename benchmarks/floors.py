#!/usr/bin/env python3
"""Floors: what reading a dataset's score files and writing its generated pages cost on this
machine, before any of the generator's own work.

    python benchmarks/floors.py ROOT [--settle SECONDS] [--json FILE]

ROOT is a dataset built once (`run.py --keep` leaves one: its `build/docs` and `build/ready` are
what the generator's stages wrote). One process, one step after another, each timed with
`os.times()` (user and system CPU) and the wall clock:

* ``read``          the bytes of every file under scores/ (the score files and the registry);
* ``split``         each file decoded and split into lines (the least any reader of text does);
* ``libyaml-events`` libyaml's C parser run over each file, events only (no Python values);
* ``libyaml-load``  `yaml.load(…, CSafeLoader)`: the issue's "C YAML loader" lever;
* ``reader``        the generator's own fast reader (`yamlsource._fast_parse`: the canonical
                    layout line by line, libyaml where it does not apply), without the model;
* ``format``        every criterion result of the published criterion tables
                    (`build/docs/data/tieu-chi/*.csv.gz`, read as text beforehand) written the
                    four ways the portal publishes it, from fields already formatted: a row of
                    HTML (one f-string), a line of the criterion table and one of the unit's CSV
                    (comma-joined, no quoting) and a JSON row (`json.dumps` of 150 rows at once,
                    about a unit-year). About the least a design in Python pays per result to
                    publish it so; validating, computing and writing the numbers come on top;
* ``format-polars`` the same four forms made by polars in bulk, from the tables held as columns
                    (`concat_str` for the HTML, `write_csv`, `write_ndjson`): what a columnar
                    redesign would pay instead. Only when polars can be imported; it is not a
                    dependency (run with `PYTHONPATH` pointing to a virtualenv that has it);
* ``write``         every file of `build/docs` and `build/ready`, held in memory, written again
                    into a fresh folder beside ROOT (same filesystem), after `--settle` seconds
                    without deletions (file creation is slow here after many deletions; see the
                    README), then removed.

Any design that reads these files as YAML and publishes these pages pays at least the cheapest
reader, the cheapest format step and the write, so their sum (the last line) is a floor to set
beside the issue's budget: two cores give at most 2 × T seconds of CPU in T seconds. Nothing
here is extrapolated: every figure is measured over all the files.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from run import SETTLE_SECONDS  # noqa: E402  (benchmarks/run.py: how long file creation stays slow)

from generator.load.yamlsource import _fast_parse  # noqa: E402
from generator.render.opendata import CRITERION_COLUMNS, UNIT_CSV_COLUMNS  # noqa: E402

OUTPUT_DIRS = ("build/docs", "build/ready")  # what the generator's stages write (docs and ready unit pages)
CRITERION_TABLES = "build/docs/data/tieu-chi"  # `site_paths.criteria_csv` under the docs folder
# where the columns of a unit's CSV are in a criterion table's rows
UNIT_CSV_FIELDS = tuple([c[0] for c in CRITERION_COLUMNS].index(c[0]) for c in UNIT_CSV_COLUMNS)


def timed(step: Callable[[], object]) -> dict:
    """Run `step()`; its wall time and this process's user and system CPU meanwhile."""
    t0, w0 = os.times(), time.perf_counter()
    step()
    t1, w1 = os.times(), time.perf_counter()
    user, system = t1.user - t0.user, t1.system - t0.system
    return {"wall": w1 - w0, "user": user, "system": system, "cpu": user + system}


def score_files(root: Path) -> list[Path]:
    """The data files under scores/: every score file and the unit registry."""
    return sorted((root / "scores").rglob("*.yaml"))


def output_files(root: Path) -> list[tuple[str, bytes]]:
    """(path under ROOT, bytes) of every file the generator's stages wrote, in path order."""
    found = []
    for top in OUTPUT_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return found


def criterion_tables(root: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The header and the rows (without header) of every published criterion table, one list per table."""
    header: list[str] = []
    tables = []
    for path in sorted((root / CRITERION_TABLES).glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        tables.append(rows[1:])
    return header, tables


def format_all(tables: list[list[list[str]]], chunk: int = 150) -> int:
    """Each row written four ways (see the module's docstring), `chunk` rows at a time (about a
    unit-year: memory is reused, as a design that writes as it goes reuses it); the characters made."""
    made = 0
    for table in tables:
        for start in range(0, len(table), chunk):
            rows = table[start:start + chunk]
            html = "".join([f'<tr class="pp-depth-{r[5]}"><th scope="row"><span class="pp-cid">{r[3]}</span> {r[4]}</th>\n'
                            f'<td>{r[13]}</td>\n<td>{r[14]}</td>\n'
                            f'<td>{r[16]}</td>\n<td>{r[10]}</td></tr>\n' for r in rows])
            lines = "".join([",".join(r) + "\n" for r in rows])
            unit = "".join([",".join([r[i] for i in UNIT_CSV_FIELDS]) + "\n" for r in rows])
            api = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
            made += len(html) + len(lines) + len(unit) + len(api)
    return made


def polars_frames(tables: list[list[list[str]]], header: list[str]) -> list:
    """Each table as a polars DataFrame of text columns (made before timing: a columnar design
    holds its data as columns from the start)."""
    import polars as pl

    return [pl.DataFrame(rows, schema=header, orient="row") for rows in tables]


def format_polars(frames: list, header: list[str], rows: int = 20_000) -> int:
    """`format_all`'s four forms made by polars, `rows` rows of a table at a time (large enough
    for bulk work, small enough that memory is reused); the characters made."""
    import polars as pl

    c = pl.col
    made = 0
    for df in (part for frame in frames for part in frame.iter_slices(rows)):
        html = df.select(pl.concat_str([
            pl.lit('<tr class="pp-depth-'), c("depth"), pl.lit('"><th scope="row"><span class="pp-cid">'), c("criterion"),
            pl.lit("</span> "), c("criterion_name"), pl.lit('</th>\n<td>'), c("max"),
            pl.lit('</td>\n<td>'), c("self_points"), pl.lit('</td>\n<td>'), c("points"),
            pl.lit("</td>\n<td>"), c("status"), pl.lit("</td></tr>\n")]).str.join(""))
        made += len(html.item()) + len(df.write_csv())
        made += len(df.select([header[i] for i in UNIT_CSV_FIELDS]).write_csv()) + len(df.write_ndjson())
    return made


def write_all(files: list[tuple[str, bytes]], dest: Path) -> None:
    """Write `files` under `dest`, creating folders as needed."""
    made: set[Path] = set()
    for rel, data in files:
        path = dest / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "wb") as fh:
            fh.write(data)


def measure(root: Path, settle: float) -> dict:
    """Every step's figures, and the files and bytes each step covered."""
    paths = score_files(root)
    raws: list[bytes] = []
    steps = {"read": timed(lambda: raws.extend(p.read_bytes() for p in paths))}
    rels = [p.relative_to(root).as_posix() for p in paths]

    def split() -> None:
        for raw in raws:
            raw.decode("utf-8").split("\n")

    def events() -> None:
        for raw in raws:
            for _ in yaml.parse(raw, Loader=yaml.CSafeLoader):
                pass

    def load() -> None:
        for raw in raws:
            yaml.load(raw, Loader=yaml.CSafeLoader)

    def reader() -> None:
        for raw, rel in zip(raws, rels):
            if _fast_parse(raw, rel) is None:
                raise SystemExit(f"{rel}: not readable by the fast reader (not a valid dataset?)")

    steps["split"] = timed(split)
    steps["libyaml-events"] = timed(events)
    steps["libyaml-load"] = timed(load)
    steps["reader"] = timed(reader)
    inputs = {"files": len(raws), "bytes": sum(map(len, raws))}
    del raws

    header, tables = criterion_tables(root)
    steps["format"] = timed(lambda: format_all(tables))
    try:
        import polars  # noqa: F401
    except ImportError:
        pass
    else:
        frames = polars_frames(tables, header)
        steps["format-polars"] = timed(lambda: format_polars(frames, header))
        del frames
    results = sum(map(len, tables))
    del tables

    outputs = output_files(root)
    written = {"files": len(outputs), "bytes": sum(len(d) for _, d in outputs)}
    time.sleep(settle)
    with tempfile.TemporaryDirectory(prefix="floors-", dir=root.parent) as tmp:
        steps["write"] = timed(lambda: write_all(outputs, Path(tmp)))
    return {"inputs": inputs, "results": results, "outputs": written, "steps": steps}


def report(figures: dict) -> str:
    i, o, s, n = figures["inputs"], figures["outputs"], figures["steps"], figures["results"]
    lines = [f"score files: {i['files']:,}, {i['bytes'] / 1e6:.1f} MB; criterion results: {n:,}; "
             f"generated files: {o['files']:,}, {o['bytes'] / 1e6:.0f} MB",
             f"{'step':<16}{'wall s':>9}{'user s':>9}{'sys s':>9}{'CPU s':>9}  CPU per item"]
    for name, f in s.items():
        if name.startswith("format"):
            per = f"{f['cpu'] / max(n, 1) * 1e6:.2f} µs/result"
        else:
            per = f"{f['cpu'] / max(o['files'] if name == 'write' else i['files'], 1) * 1000:.3f} ms/file"
        lines.append(f"{name:<16}{f['wall']:>9.2f}{f['user']:>9.2f}{f['system']:>9.2f}{f['cpu']:>9.2f}  {per}")
    reader = min(("libyaml-load", "reader"), key=lambda k: s[k]["cpu"])
    formatter = min((k for k in s if k.startswith("format")), key=lambda k: s[k]["cpu"])
    floor = s["read"]["cpu"] + s[reader]["cpu"] + s[formatter]["cpu"] + s["write"]["cpu"]
    lines.append(f"floor (read + {reader} + {formatter} + write): {floor:.2f} s of CPU, "
                 f"at least {floor / 2:.2f} s of wall on two cores")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="What reading the score files and writing the pages cost here.")
    ap.add_argument("root", type=Path, help="a dataset built once (build/docs and build/ready present)")
    ap.add_argument("--settle", type=float, default=SETTLE_SECONDS,
                    help=f"seconds to wait before the write (file creation is slow after deletions; "
                         f"default {SETTLE_SECONDS})")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to FILE")
    args = ap.parse_args(argv)
    missing = [d for d in OUTPUT_DIRS if not (args.root / d).is_dir()]
    if missing or not (args.root / "scores").is_dir():
        ap.error(f"{args.root} has no scores/ or no {', '.join(missing)}: build it first (run.py --keep DIR)")
    figures = measure(args.root, args.settle)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
