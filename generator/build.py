"""The pipeline, as a script of stages: load → validate → compute → render → publish."""
from __future__ import annotations

import gc
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths, report
from .buildinfo import BuildInfo, build_info
from .compute import compute
from .diagnostics import has_errors, sort_diagnostics
from .load import load
from .memo import NO_MEMO, Memo
from .model import Province
from .publish import publish
from .render import RenderReport, render
from .validate import validate_for_publication

# The validation the build runs (benchmarks/run.py times `build.validate` as generate() runs it).
validate = validate_for_publication


@dataclass
class StageTimes:
    """Wall and CPU seconds of each stage, and peak memory, for benchmarks."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, fn, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            self.wall[name] = time.perf_counter() - wall
            self.cpu[name] = time.process_time() - cpu
            usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            self.peak_mib[name] = usage / 1024


@dataclass
class BuildResult:
    ok: bool
    times: StageTimes
    rendered: RenderReport | None = None
    info: BuildInfo | None = None
    province: Province | None = None


def generate(root: Path, times: StageTimes | None = None, out=None, memo: Memo = NO_MEMO) -> BuildResult:
    """Stages 1–4: refuse on any error, else write the staging docs folder.

    Load and compute run with the garbage collector off (see `load.no_gc`); in between and
    after, the collector runs as usual, but the objects that exist once the data is loaded are
    frozen (`gc.freeze`) for the rest of the build so that no collection walks the whole
    dataset again; they are unfrozen at the end, so a long-running `serve` frees old builds.

    `memo` (serve) keeps results between the builds of one process, by the content of their inputs."""
    memo.start_build()
    try:
        return _generate(root, times or StageTimes(), out or sys.stdout, memo)  # stdout as it is now, not at import
    finally:
        gc.unfreeze()


def _generate(root: Path, times: StageTimes, out, memo: Memo) -> BuildResult:
    loaded = times.run("load", load, root, memo=memo)
    gc.freeze()
    diags = sort_diagnostics(loaded.diagnostics + times.run("validate", validate, loaded.dataset,
                                                            has_errors(loaded.diagnostics)))
    if has_errors(diags):
        report.print_diagnostics(diags, "text", out, out)
        print("Không xuất bản vì dữ liệu có lỗi. / Not published: the data has errors.", file=out)
        return BuildResult(False, times)
    ds = loaded.dataset
    results = times.run("compute", compute, ds, memo)
    info = build_info(root, ds.registry.province.repository)
    rendered = times.run("render", render, ds, results, info, root, root / paths.STAGING_DIR, root / paths.CACHE_DIR,
                         root / paths.READY_DIR, memo)
    return BuildResult(True, times, rendered, info, ds.registry.province)


def build(root: Path, site_dir: Path | None = None, dirty: bool = False, out=None) -> BuildResult:
    """The whole build: generate, then publish with MkDocs into `site_dir` (default site/)."""
    result = generate(root, out=out)
    if not result.ok:
        return result
    result.times.run("mkdocs", publish, root, result.info, result.province, site_dir or root / paths.SITE_DIR, dirty)
    return result
