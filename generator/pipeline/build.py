"""The pipeline, as a script of stages: load → validate → compute → render → publish.

`build` holds the build lock (`lock.py`) and publishes the site whole or not at all
(`generator.publish.publish_site`). On a large dataset validation's rules run in a worker process
while this process computes (`load_check_compute`); the results are used only once validation has
found no error."""
from __future__ import annotations

import gc
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.compute import Results, compute
from generator.core import paths, report
from generator.core.buildinfo import BuildInfo, build_info
from generator.core.diagnostics import Diagnostic, has_errors, sort_diagnostics
from generator.load import Dataset, load
from generator.load.model import Province
from generator.machinery import NO_MEMO, Memo
from generator.pipeline.lock import BuildLock
from generator.publish import publish_site
from generator.render import RenderReport, render
from generator.validate import begin_validate_for_publication, validate


@dataclass
class StageTimes:
    """Wall and CPU seconds of each stage, and peak memory, for benchmarks."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, fn, *args, **kwargs):
        """`fn(*args, **kwargs)`, its time added to stage `name` (a stage can run in two parts)."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
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
    after, the collector runs as usual, but the objects that exist once the data is loaded, and
    again once it is computed, are frozen (`gc.freeze`) for the rest of the build so that no
    collection walks the whole dataset or its results again (at 3,500 units one such walk took
    about 2.7 s); they are unfrozen at the end, so a long-running `serve` frees old builds.

    `memo` (serve) keeps results between the builds of one process, by the content of their inputs."""
    memo.start_build()
    try:
        return _generate(root, times or StageTimes(), out or sys.stdout, memo)  # stdout as it is now, not at import
    finally:
        gc.unfreeze()


@dataclass
class Checked:
    """Stages 1–3: the dataset, every diagnostic, and the results (None if there is an error)."""

    dataset: Dataset
    diagnostics: list[Diagnostic]
    results: Results | None


def load_and_validate(root: Path) -> tuple[Dataset, list[Diagnostic]]:
    """Stages 1–2 alone (`check`, `results`, `diff`): the dataset and the diagnostics of both."""
    loaded = load(root)
    return loaded.dataset, loaded.diagnostics + validate(loaded.dataset, partial=loaded.partial)


def load_check_compute(root: Path, times: StageTimes, memo: Memo = NO_MEMO) -> Checked:
    """Load, validate and compute.

    On a large dataset the validation rules run in worker processes, and this process computes
    meanwhile on the core that would otherwise wait (compute is serial; at 3,500 units it is the
    longest serial stage). The results are kept only if validation then finds no error: compute
    on data that validation rejects may fail or give nonsense, and that data is never published.
    A dataset that failed to load is validated only. The loaded objects, then the results, are
    frozen (`gc.freeze`, see `generate`) for the rest of the build; the caller unfreezes them."""
    loaded = times.run("load", load, root, memo=memo)
    gc.freeze()
    ds = loaded.dataset
    known = has_errors(loaded.diagnostics)
    begun = times.run("validate", begin_validate_for_publication, ds, known, spare_cpus=0 if known else 1,
                      partial=loaded.partial)
    results: Results | None = None
    failure: Exception | None = None
    if begun.in_background and not known:
        try:
            results = times.run("compute", compute, ds, memo)
            gc.freeze()
        except Exception as err:  # raised again below unless validation explains it
            failure = err
        except BaseException:  # interrupted (Ctrl-C in serve): the validation workers stop too
            begun.stop()
            raise
    diags = sort_diagnostics(loaded.diagnostics + times.run("validate", begun.finish))
    if has_errors(diags):
        return Checked(ds, diags, None)
    if failure is not None:
        raise failure
    if results is None:
        results = times.run("compute", compute, ds, memo)
        gc.freeze()
    return Checked(ds, diags, results)


def _generate(root: Path, times: StageTimes, out, memo: Memo) -> BuildResult:
    checked = load_check_compute(root, times, memo)
    if checked.results is None:
        report.print_diagnostics(checked.diagnostics, "text", out, out)
        print("Không xuất bản vì dữ liệu có lỗi. / Not published: the data has errors.", file=out)
        return BuildResult(False, times)
    ds, results = checked.dataset, checked.results
    info = build_info(root, ds.registry.province.repository)
    rendered = times.run("render", render, ds, results, info, root, root / paths.STAGING_DIR, root / paths.CACHE_DIR,
                         root / paths.READY_DIR, memo)
    return BuildResult(True, times, rendered, info, ds.registry.province)


def build(root: Path, site_dir: Path | None = None, dirty: bool = False, out=None) -> BuildResult:
    """The whole build: generate, then publish with MkDocs into `site_dir` (default site/), which is
    replaced whole only if MkDocs succeeds (`publish.publish_site`). Holds the build lock throughout
    (`lock.py`): a second build of the same data waits for this one."""
    with BuildLock(root):
        result = generate(root, out=out)
        if not result.ok:
            return result
        result.times.run("mkdocs", publish_site, root, result.info, result.province,
                         site_dir or root / paths.SITE_DIR, dirty)
        return result
