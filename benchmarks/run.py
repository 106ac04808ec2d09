#!/usr/bin/env python3
"""Build benchmark: where the time and memory of `parportal build` go, against plain MkDocs.

    python benchmarks/run.py [--sizes 50,500,3500] [--criteria 120] [--years 5] [--seed 1]
                             [--keep DIR] [--json FILE] [--timeout SECONDS] [--profile FILE]

For each size (units × criteria × years) this generates a synthetic dataset
(`benchmarks/synth.py`) and measures, each build in its own subprocess so that peak memory
belongs to that build alone:

* ``cold``      the first `parportal build` (no chart cache, empty site/);
* ``generate``  instead of ``cold``: the generator stages only (`generator.pipeline.build.generate()`, no
                MkDocs), for the CI check and for sizes where the MkDocs stage takes too long;
* ``stages``    instead of ``cold``: load, validate and compute only (no render, no MkDocs), run
                as `generate()` runs them: for the largest size, where the render stage alone
                takes longer than a benchmark session;
* ``nochange``  the same build again with nothing changed (no chart should be drawn);
* ``dirty``     one score file edited (one binary criterion flipped), then the build with
                MkDocs ``--dirty`` (`parportal build --dirty`);
* ``serve``     `parportal serve` running: one score file of the largest group edited (an
                evidence title, then a yes/no criterion), seconds until the served unit page shows it;
* ``baseline``  plain ``mkdocs build`` of a copy of the same generated pages (build/docs after
                the cold build, and each ready unit page of build/ready as a Markdown page of its
                HTML at the same path) with a minimal configuration: theme Material, the same nav and
                Markdown extensions, the search plugin; no hooks, no theme overrides, not strict.

Per stage of the generator (load, validate, compute, render, split into pages / charts / open
data, and mkdocs) it prints wall time, CPU time (the process and the chart worker processes it
waited for) and the peak RSS reached by the end of the stage; per run, the whole subprocess's
wall, CPU and peak RSS (``ru_maxrss`` from ``wait4``: the largest single process of the tree);
and the pages and bytes in site/. Ratios: generator stages ÷ baseline MkDocs process and whole
build process ÷ baseline MkDocs process.

The build runs through `generator.pipeline.build.build()` — the function behind `parportal build` — in a
child process (``run.py _child``), which wraps `render_charts` and `write_open_data` with timers
to split the render stage; nothing in the generator is changed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAGES = ("load", "validate", "compute", "render", "mkdocs")
GENERATOR_STAGES = ("load", "validate", "compute", "render")
RENDER_PARTS = ("pages", "charts", "open_data")


# =========================================================================== the child: one build

def child_main(argv: list[str]) -> int:
    """Run one build in this process and write its figures as JSON (`--result`)."""
    ap = argparse.ArgumentParser(prog="run.py _child")
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--site-dir", type=Path, required=True)
    ap.add_argument("--dirty", action="store_true")
    ap.add_argument("--generate-only", action="store_true", help="stages 1-4 only (no MkDocs)")
    ap.add_argument("--until-compute", action="store_true", help="stages 1-3 only (no render, no MkDocs)")
    ap.add_argument("--result", type=Path, required=True)
    args = ap.parse_args(argv)

    import resource

    def self_cpu() -> float:
        return time.process_time()

    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ru.ru_utime + ru.ru_stime

    def rss_mib() -> tuple[float, float]:
        return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

    stages: dict[str, dict] = {}
    parts: dict[str, dict] = {}

    def measure(store: dict, name: str, fn, *a, **kw):
        """`fn(*a, **kw)`, its figures added to `store[name]` (a stage can run in two parts:
        validation begins, compute runs while its workers check, then validation finishes)."""
        wall, cpu, ccpu = time.perf_counter(), self_cpu(), children_cpu()
        try:
            return fn(*a, **kw)
        finally:
            own, kids = rss_mib()
            got = {"wall": time.perf_counter() - wall, "cpu": self_cpu() - cpu,
                   "children_cpu": children_cpu() - ccpu, "peak_mib": own, "children_peak_mib": kids}
            before = store.get(name)
            if before:
                got.update({k: before[k] + got[k] for k in ("wall", "cpu", "children_cpu")})
            store[name] = got

    import generator.pipeline.build as B

    # StageTimes subclass: the generator's own stage boundaries, with child CPU and RSS added.
    class BenchTimes(B.StageTimes):
        def run(self, name, fn, *a, **kw):
            return super().run(name, measure, stages, name, fn, *a, **kw)

    B.StageTimes = BenchTimes
    rendered: list = []
    original_render = getattr(B, "render", None)
    if callable(original_render):  # keep the RenderReport even when MkDocs fails afterwards
        def render_and_keep(*a, **kw):
            rendered.append(original_render(*a, **kw))
            return rendered[-1]
        B.render = render_and_keep
    split = []
    try:
        import generator.render as R
        for attr, part in (("render_charts", "charts"), ("write_open_data", "open_data")):
            original = getattr(R, attr, None)
            if callable(original):
                setattr(R, attr, lambda *a, _f=original, _p=part, **kw: measure(parts, _p, _f, *a, **kw))
                split.append(part)
    except Exception as err:  # the split is a bonus; the stages still come from StageTimes
        print(f"render split unavailable: {err!r}", file=sys.stderr)

    start = time.perf_counter()
    error = None
    result = None
    try:
        if args.until_compute:
            import gc
            from types import SimpleNamespace
            times = B.StageTimes()
            try:  # as generate() runs them
                checked = B.load_check_compute(args.root.resolve(), times)
            finally:
                gc.unfreeze()  # load_check_compute froze the loaded objects
            result = SimpleNamespace(ok=checked.results is not None, times=times, rendered=None)
            if checked.results is None:
                error = f"{sum(d.is_error for d in checked.diagnostics)} errors in the data"
        elif args.generate_only:
            result = B.generate(args.root.resolve(), out=sys.stderr)
        else:
            result = B.build(args.root.resolve(), args.site_dir.resolve(), dirty=args.dirty, out=sys.stderr)
    except Exception as err:
        error = f"{type(err).__name__}: {err}"
    total = time.perf_counter() - start
    # Fall back on the generator's own StageTimes where the subclass did not record a stage.
    if result is not None:
        t = result.times
        for name, wall in t.wall.items():
            stages.setdefault(name, {"wall": wall, "cpu": t.cpu.get(name), "children_cpu": None,
                                     "peak_mib": t.peak_mib.get(name), "children_peak_mib": None})
    report = None
    r = getattr(result, "rendered", None) or (rendered[-1] if rendered else None)
    if r is not None:
        report = asdict(r) if is_dataclass(r) else {k: getattr(r, k) for k in dir(r) if not k.startswith("_")}
    if "render" in stages and split:
        rest = dict(stages["render"])
        for p in split:
            if p in parts:
                for k in ("wall", "cpu", "children_cpu"):
                    rest[k] = (rest[k] or 0) - (parts[p][k] or 0)
        parts["pages"] = rest
    # MkDocs logs a warning on every --dirty build, so a strict build with --dirty always ends in
    # Abort *after* writing the site: the figures are complete, the exit status is not.
    dirty_abort = bool(args.dirty and error and "with 1 warnings in strict mode" in error and "mkdocs" in stages
                       and all(s in stages for s in GENERATOR_STAGES))
    out = {"ok": (bool(result and result.ok) and error is None) or dirty_abort, "error": error,
           "dirty_strict_abort": dirty_abort, "build_seconds": total,
           "stages": stages, "render_parts": parts if split else {}, "render_split": split, "report": report}
    args.result.write_text(json.dumps(out, indent=1, default=str))
    return 0 if out["ok"] else 1


# =========================================================================== the parent: measurements

def yaml_safe_loader():
    import yaml
    return yaml.SafeLoader


def yaml_safe_dumper():
    import yaml
    return yaml.SafeDumper


@dataclass
class Proc:
    """One subprocess: wall, CPU of the tree, and the largest RSS of any process in it."""

    argv: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    peak_mib: float = 0.0
    returncode: int | None = None
    signal: int | None = None
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""


def run_proc(argv: list[str], log_dir: Path, name: str, timeout: float | None = None, cwd: Path | None = None) -> Proc:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    proc = Proc(argv)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd or REPO, start_new_session=True)
        timer = None
        if timeout:
            def kill() -> None:
                proc.timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        proc.wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is gone
    proc.cpu = usage.ru_utime + usage.ru_stime
    proc.peak_mib = usage.ru_maxrss / 1024
    code = os.waitstatus_to_exitcode(status)
    proc.returncode, proc.signal = (code, None) if code >= 0 else (None, -code)
    proc.stdout = out_path.read_text(errors="replace")[-4000:]
    proc.stderr = err_path.read_text(errors="replace")[-4000:]
    return proc


def run_timed(argv: list[str], log_dir: Path, name: str, timeout: float | None = None,
              cwd: Path | None = None) -> tuple[Proc, dict]:
    """`run_proc`, and what every run reports of its process: wall and CPU time, peak memory, how
    it ended, and the machine's load average before and after."""
    load_before = os.getloadavg()
    proc = run_proc(argv, log_dir, name, timeout, cwd)
    return proc, {"wall": proc.wall, "cpu": proc.cpu, "peak_mib": proc.peak_mib, "returncode": proc.returncode,
                  "signal": proc.signal, "timed_out": proc.timed_out, "loadavg_before": load_before[0],
                  "loadavg_after": os.getloadavg()[0]}


def tree_stats(folder: Path, since: float | None = None) -> dict:
    """Files, HTML pages and bytes under `folder`; with `since`, also those (re)written after it."""
    files = html = size = new_files = new_bytes = 0
    if folder.is_dir():
        for dirpath, _, names in os.walk(folder):
            for n in names:
                st = os.stat(os.path.join(dirpath, n))
                files += 1
                size += st.st_size
                html += n.endswith(".html")
                if since is not None and st.st_mtime >= since:
                    new_files += 1
                    new_bytes += st.st_size
    out = {"files": files, "html_pages": html, "bytes": size}
    if since is not None:
        out.update(written_files=new_files, written_bytes=new_bytes)
    return out


def build_once(root: Path, site: Path, logs: Path, name: str, dirty: bool = False,
               timeout: float | None = None, profile: Path | None = None, generate_only: bool = False,
               until_compute: bool = False) -> dict:
    result_file = logs / f"{name}.json"
    result_file.unlink(missing_ok=True)
    argv = [sys.executable]
    if profile:
        argv += ["-m", "cProfile", "-o", str(profile)]
    argv += [str(HERE / "run.py"), "_child", "--root", str(root), "--site-dir", str(site), "--result", str(result_file)]
    if dirty:
        argv.append("--dirty")
    if generate_only:
        argv.append("--generate-only")
    if until_compute:
        argv.append("--until-compute")
    since = time.time() - 0.01
    proc, facts = run_timed(argv, logs, name, timeout)
    data = json.loads(result_file.read_text()) if result_file.exists() else {"ok": False, "stages": {}}
    data["process"] = facts
    if not data.get("ok"):
        data["stderr_tail"] = proc.stderr[-2000:]
    data["site"] = tree_stats(site, since)
    data["staging"] = tree_stats(root / "build" / "docs")
    gen = [data["stages"][s]["wall"] for s in GENERATOR_STAGES if s in data["stages"]]
    data["generator_wall"] = sum(gen) if len(gen) == len(GENERATOR_STAGES) else None
    data["partial_wall"] = sum(gen) if gen and len(gen) < len(GENERATOR_STAGES) else None
    return data


class _PyTag(str):
    """A `!!python/...` tag of mkdocs.yml (e.g. the toc extension's slugify), kept as written."""


class _ConfigLoader(yaml_safe_loader()):
    pass


class _ConfigDumper(yaml_safe_dumper()):
    pass


def _keep_tag(loader, suffix, node):
    return _PyTag(suffix)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_ConfigDumper.add_representer(_PyTag, lambda dumper, tag: dumper.represent_scalar(
    "tag:yaml.org,2002:python/" + str(tag), ""))


def baseline_config(docs: Path, site: Path) -> dict:
    """A minimal MkDocs configuration for the same pages: Material, same nav, Markdown
    extensions and search plugin options; no custom_dir, no hooks, no extra, not strict."""
    import yaml
    portal = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    search = next((p for p in portal.get("plugins") or [] if p == "search" or (isinstance(p, dict) and "search" in p)),
                  "search")
    config = {"site_name": "Baseline", "docs_dir": str(docs), "site_dir": str(site), "use_directory_urls": False,
              "theme": {"name": "material", "language": portal.get("theme", {}).get("language", "vi")},
              "plugins": [search], "nav": portal.get("nav")}
    for key in ("markdown_extensions", "not_in_nav"):
        if key in portal:
            config[key] = portal[key]
    return config


def write_baseline_config(path: Path, config: dict) -> None:
    import yaml
    path.write_text(yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_ready_pages(ready: Path, docs: Path) -> int:
    """The same pages as the portal: its unit pages are ready HTML outside MkDocs (build/ready),
    so the baseline gets each one as a Markdown page of that HTML at the same path, in place of
    the frame the portal renders them into."""
    manifest = ready / "pages.json"
    if not manifest.exists():
        return 0
    pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    for p in pages:
        target = docs / (p["page"][: -len(".html")] + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        body = (ready / p["page"]).read_text(encoding="utf-8")
        target.write_text(f"---\ntitle: {json.dumps(p['title'], ensure_ascii=False)}\n---\n\n{body}", encoding="utf-8")
    from generator.render.site_paths import UNIT_SHELL
    (docs / UNIT_SHELL).unlink(missing_ok=True)
    return len(pages)


def run_baseline(root: Path, logs: Path, timeout: float | None = None) -> dict:
    work = root / "baseline"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root / "build" / "docs", work / "docs")
    add_ready_pages(root / "build" / "ready", work / "docs")
    cfg = work / "mkdocs.yml"
    write_baseline_config(cfg, baseline_config(work / "docs", work / "site"))
    since = time.time() - 0.01
    proc, facts = run_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], logs, "baseline", timeout,
                            cwd=work)
    return {"ok": proc.returncode == 0, "process": facts,
            "site": tree_stats(work / "site", since), "stderr_tail": "" if proc.returncode == 0 else proc.stderr[-2000:]}


# The issue's own yardstick (issue 6): a plain MkDocs + Material build of 3,500 pages holding one
# 120-row table each, search on, took "about 150 s" on the machine where the targets were set
# (the generator's stages in 20 s, the whole build in 60 s). `reference` builds the same kind of
# site here, as many pages as units, so the targets can be read in this machine's seconds.
ISSUE_REFERENCE = {"pages": 3500, "seconds": 150.0, "generator_target": 20.0, "whole_target": 60.0}


def write_reference(work: Path, pages: int, rows: int = 120) -> None:
    """The issue's reference site: `pages` Markdown pages of one `rows`-row table each (Material,
    search, Vietnamese, a navigation of the home page only), deterministic."""
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Reference\n\nThe plain MkDocs reference build of issue 6.\n", encoding="utf-8")
    for i in range(pages):
        body = "\n".join(f"| {r // 10 + 1}.{r % 10 + 1} | Tiêu chí số {r + 1} về cải cách hành chính | {r % 4},{25 * (r % 4):02d} "
                         f"| {(r * 7) % 4},50 | Đạt |" for r in range(rows))
        (docs / f"p{i:05d}.md").write_text(
            f"# Đơn vị số {i + 1}\n\nChỉ số cải cách hành chính năm 2024.\n\n"
            f"| Mã | Tiêu chí | Tối đa | Điểm | Trạng thái |\n|---|---|---:|---:|---|\n{body}\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: Reference\ntheme:\n  name: material\n  language: vi\n  font: false\nnav:\n  - index.md\n"
        "plugins:\n  - search\nmarkdown_extensions:\n  - tables\n", encoding="utf-8")


def run_reference(root: Path, logs: Path, pages: int, timeout: float | None = None) -> dict:
    work = root / "reference"
    write_reference(work, pages)
    proc, facts = run_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")], logs,
                            "reference", timeout, cwd=work)
    return {"ok": proc.returncode == 0, "pages": pages, "process": facts,
            "stderr_tail": "" if proc.returncode == 0 else proc.stderr[-2000:]}


_BINARY = re.compile(r'^(  "[^"]+": )\{status: (done|failed), self: (true|false)\}$', re.M)


def edit_one_score(root: Path) -> str | None:
    """Flip one binary criterion (done/true ⇄ failed/false) in the newest final score file of the
    first group and unit: a small, always-valid change that moves an index and a ranking."""
    scores = root / "scores"
    years = sorted((p for p in scores.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    for ydir in reversed(years):
        for file in sorted(ydir.glob("*/*.yaml")):
            text = file.read_text(encoding="utf-8")
            if "stage: final" not in text:
                break
            m = _BINARY.search(text)
            if m:
                flipped = "{status: failed, self: false}" if m.group(3) == "true" else "{status: done, self: true}"
                file.write_text(text[:m.start()] + m.group(1) + flipped + text[m.end():], encoding="utf-8")
                return f"{file.relative_to(root)}: {m.group(0).strip()} → {flipped}"
    return None


# =========================================================================== serve

def _serve_file(root: Path) -> Path:
    """A score file of the newest final year in the largest group, with evidence and a yes/no criterion."""
    scores = root / "scores"
    for ydir in sorted((p for p in scores.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: -int(p.name)):
        groups = sorted((g for g in ydir.iterdir() if g.is_dir()), key=lambda g: (-len(list(g.glob("*.yaml"))), g.name))
        for file in sorted(groups[0].glob("*.yaml")) if groups else ():
            text = file.read_text(encoding="utf-8")
            if "stage: final" in text and "  title: " in text and _BINARY.search(text):
                return file
    raise SystemExit("no score file to edit for the serve run")


def run_serve(root: Path, logs: Path, edits: int = 2, timeout: float = 600) -> dict:
    """`parportal serve` as a user runs it: wait for the first page, then edit one score file of
    the largest group and time until the served unit page shows it, `edits` times for each kind of
    edit: an evidence title (text only: that unit's page changes) and a yes/no criterion flipped
    (the index moves, so every rank and average of the group may: every page of the group)."""
    import socket
    import urllib.request

    file = _serve_file(root)
    unit = re.search(r"^unit: (\S+)", file.read_text(encoding="utf-8"), re.M).group(1)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/don-vi/{unit}.html"

    def get() -> str:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def cards(body: str) -> list[str]:
        return re.findall(r'pp-card-value">(.*?)</div>', body)

    def wait(shown, start: float) -> float | None:
        while time.perf_counter() - start < timeout:
            if shown(get()):
                return time.perf_counter() - start
            time.sleep(0.25)  # as often as a person looks; more often steals the server's CPU
        return None

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", PYTHONUNBUFFERED="1")
    log_file = logs / "serve.log"
    out = {"file": str(file.relative_to(root)), "unit": unit, "text_edits": [], "points_edits": []}
    with open(log_file, "w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen([str(Path(sys.executable).with_name("parportal")), "serve", "--root", str(root),
                                 "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=REPO, start_new_session=True)
        try:
            out["first_page"] = wait(lambda body: "<h1" in body, start)
            for i in range(edits):
                for kind in ("text", "points"):
                    time.sleep(2)  # the server is idle again
                    text = file.read_text(encoding="utf-8")
                    before = cards(get())
                    if kind == "text":
                        marker = f"Văn bản sửa lần {i + 1} ({time.time_ns()})"
                        text = re.sub(r"^(\s+title: ).*$", lambda m: m.group(1) + marker, text, count=1, flags=re.M)
                        shown = lambda body, marker=marker: marker in body  # noqa: E731
                    else:
                        m = _BINARY.search(text)
                        flipped = "{status: failed, self: false}" if m.group(3) == "true" else "{status: done, self: true}"
                        text = text[:m.start()] + m.group(1) + flipped + text[m.end():]
                        shown = lambda body, before=before: bool(body) and cards(body) != before  # noqa: E731
                    start = time.perf_counter()
                    file.write_text(text, encoding="utf-8")
                    out[f"{kind}_edits"].append(wait(shown, start))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            out["peak_mib"] = usage.ru_maxrss / 1024
    out["server_log"] = [line for line in log_file.read_text(errors="replace").splitlines() if "rebuilt in" in line]
    out["ok"] = out.get("first_page") is not None and None not in out["text_edits"] + out["points_edits"]
    return out


# =========================================================================== machine facts

def machine_facts() -> dict:
    from importlib import metadata
    facts: dict = {"nproc": None, "cpu_count": os.cpu_count(), "cpu_model": None, "mem_total_gib": None,
                   "cgroup_memory_max": None, "python": sys.version.split()[0], "platform": platform.platform(),
                   "packages": {}}
    try:
        facts["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        facts["nproc"] = len(os.sched_getaffinity(0))
    try:
        models = re.findall(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        facts["cpu_model"] = models[0].strip() if models else platform.processor() or None
    except OSError:
        pass
    try:
        kb = int(re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M).group(1))
        facts["mem_total_gib"] = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    try:
        raw = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        facts["cgroup_memory_max"] = raw if raw == "max" else f"{int(raw) / 1024 ** 3:.1f} GiB"
    except (OSError, ValueError):
        pass
    for pkg in ("parportal", "mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions",
                "pydantic", "pydantic-core", "pyyaml", "pandas", "numpy"):
        try:
            facts["packages"][pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    def git(*a: str) -> str | None:
        try:
            out = subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), *a], capture_output=True, text=True,
                                 timeout=20)  # --no-optional-locks: `status` must not rewrite the index
            return out.stdout.strip() if out.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            return None
    facts["git_commit"] = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--", "generator", "site_templates", "mkdocs.yml")
    facts["generator_tree_modified_files"] = len(status.splitlines()) if status is not None else None
    return facts


# =========================================================================== one size

def measure_size(units: int, criteria: int, years: int, seed: int, keep: Path | None, timeout: float | None,
                 runs: tuple[str, ...] = ("cold", "baseline", "nochange", "dirty", "serve"), log=print,
                 profile: Path | None = None) -> dict:
    sys.path.insert(0, str(HERE))
    import synth

    base = keep / f"units-{units}" if keep else Path(tempfile.mkdtemp(prefix=f"parportal-bench-{units}-"))
    removed = any(base.iterdir()) if base.is_dir() else False
    shutil.rmtree(base, ignore_errors=True)
    removed_at = time.monotonic()
    root, logs = base / "data", base / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True)
    t0 = time.perf_counter()
    counts = synth.generate(root, units, criteria, years, seed)
    size = {"units": units, "criteria": criteria, "years": years, "seed": seed, "dataset": counts,
            "synth_seconds": time.perf_counter() - t0, "data_bytes": tree_stats(root)["bytes"], "runs": {},
            "dir": str(base) if keep else None}
    log(f"[{units} units] dataset: {counts['files']} files, {size['data_bytes'] / 1e6:.1f} MB in {size['synth_seconds']:.1f} s")
    site = root / "site"
    if removed:
        settle(removed_at, log, units)
    try:
        first = "stages" if "stages" in runs else "generate" if "generate" in runs else "cold"
        log(f"[{units} units] " + {"stages": "load, validate, compute (no render, no MkDocs)",
                                   "generate": "generator stages (no MkDocs)", "cold": "cold build"}[first] + " …")
        size["runs"][first] = cold = build_once(root, site, logs, first, timeout=timeout,
                                                generate_only=first == "generate", until_compute=first == "stages")
        log(f"[{units} units]   {_status(cold)}")
        if not cold.get("ok") or first == "stages":
            return size
        if "baseline" in runs:
            log(f"[{units} units] baseline mkdocs …")
            size["runs"]["baseline"] = b = run_baseline(root, logs, timeout)
            log(f"[{units} units]   {'ok' if b['ok'] else 'FAILED'} {b['process']['wall']:.1f} s")
        if "reference" in runs:
            log(f"[{units} units] the issue's reference: plain mkdocs, {units} pages of one 120-row table …")
            size["runs"]["reference"] = ref = run_reference(root, logs, units, timeout)
            log(f"[{units} units]   {'ok' if ref['ok'] else 'FAILED'} {ref['process']['wall']:.1f} s")
        if "nochange" in runs:
            log(f"[{units} units] rebuild, nothing changed …")
            size["runs"]["nochange"] = r = build_once(root, site, logs, "nochange", timeout=timeout)
            log(f"[{units} units]   {_status(r)}")
        if "dirty" in runs:
            size["edit"] = edit_one_score(root)
            log(f"[{units} units] edited {size['edit']}; rebuild with --dirty …")
            size["runs"]["dirty"] = r = build_once(root, site, logs, "dirty", dirty=True, timeout=timeout)
            log(f"[{units} units]   {_status(r)}")
        if "serve" in runs:
            log(f"[{units} units] parportal serve: edits shown after …")
            size["runs"]["serve"] = r = run_serve(root, logs)
            log(f"[{units} units]   first page {_f(r.get('first_page'), '.1f')} s; text edits "
                + ", ".join(_f(x) for x in r["text_edits"]) + " s; points edits "
                + ", ".join(_f(x) for x in r["points_edits"]) + " s")
        if profile:
            log(f"[{units} units] cold build under cProfile → {profile} …")
            shutil.rmtree(root / "build", ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
            size["runs"]["profiled"] = r = build_once(root, site, logs, "profiled", timeout=timeout, profile=profile)
            log(f"[{units} units]   {_status(r)}")
    finally:
        ratios(size)
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    return size


# After many deletions, creating a file costs this machine's ext4 (no journal) several times more
# for about 35 s: it steps over the inodes freed in the last seconds one by one (README: "Creating
# files on this machine"). A cold build right after removing an earlier dataset would pay for it.
SETTLE_SECONDS = 40


def settle(removed_at: float, log, units: int) -> None:
    """Wait until `SETTLE_SECONDS` have passed since an earlier dataset was removed."""
    wait = SETTLE_SECONDS - (time.monotonic() - removed_at)
    if wait > 0:
        log(f"[{units} units] waiting {wait:.0f} s after removing the earlier dataset (file creation is slow meanwhile) …")
        time.sleep(wait)


def _status(run: dict) -> str:
    p = run["process"]
    if p.get("timed_out"):
        return f"TIMED OUT after {p['wall']:.0f} s (peak {p['peak_mib']:.0f} MiB)"
    if p.get("signal"):
        return f"KILLED by signal {p['signal']} after {p['wall']:.0f} s (peak {p['peak_mib']:.0f} MiB)"
    if not run.get("ok"):
        return f"FAILED ({run.get('error') or 'see stderr'}) after {p['wall']:.0f} s"
    return f"ok {p['wall']:.1f} s wall, peak {p['peak_mib']:.0f} MiB"


def ratios(size: dict) -> None:
    cold, base = size["runs"].get("cold") or size["runs"].get("generate"), size["runs"].get("baseline")
    if not cold or not base or not cold.get("ok") or not base.get("ok"):
        return
    b = base["process"]["wall"]
    full = "mkdocs" in cold["stages"]
    size["ratios"] = {
        "generator_over_baseline": cold["generator_wall"] / b if cold.get("generator_wall") is not None else None,
        "whole_over_baseline": cold["process"]["wall"] / b if full else None,
        "mkdocs_stage_over_baseline": cold["stages"]["mkdocs"]["wall"] / b if full else None,
    }
    for name in ("nochange", "dirty"):
        run = size["runs"].get(name)
        if run and run.get("ok") and run.get("generator_wall") is not None:
            size["ratios"][f"{name}_generator_over_baseline"] = run["generator_wall"] / b
            size["ratios"][f"{name}_whole_over_baseline"] = run["process"]["wall"] / b


# =========================================================================== printing

def _f(x, spec=".2f") -> str:
    return "—" if x is None else format(x, spec)


def _cpu(st: dict) -> float | None:
    if st.get("cpu") is None:
        return None
    return st["cpu"] + (st.get("children_cpu") or 0)


def format_size(size: dict) -> str:
    d = size["dataset"]
    lines = [f"\n== {size['units']} units × {size['criteria']} criteria × {size['years']} years "
             f"({d['score_files']} score files, {d['criteria_sets']} criteria sets, {size['data_bytes'] / 1e6:.1f} MB of YAML; "
             f"generated in {size['synth_seconds']:.1f} s)"]
    head = f"{'run':<10} {'stage':<13} {'wall s':>9} {'cpu s':>9} {'peak MiB':>9}  notes"
    lines += [head, "-" * len(head)]
    for name in ("cold", "generate", "stages", "nochange", "dirty", "profiled"):
        run = size["runs"].get(name)
        if not run:
            continue
        label = name
        st = run.get("stages", {})
        for s in STAGES:
            if s not in st:
                continue
            x = st[s]
            note = ""
            if s == "render" and run.get("report"):
                rep = run["report"]
                ch = rep.get("charts") or {}
                note = (f"{rep.get('pages')} pages, {rep.get('data_files')} data files, charts {ch.get('drawn')} drawn / "
                        f"{ch.get('reused')} reused, {rep.get('changed_files')} staging files changed")
            lines.append(f"{label:<10} {s:<13} {_f(x['wall']):>9} {_f(_cpu(x)):>9} {_f(x.get('peak_mib'), '.0f'):>9}  {note}")
            label = ""
            if s == "render":
                for part in RENDER_PARTS:
                    if part in run.get("render_parts", {}):
                        y = run["render_parts"][part]
                        extra = "(render minus charts and open data)" if part == "pages" else ""
                        lines.append(f"{'':<10} {'  ' + part:<13} {_f(y['wall']):>9} {_f(_cpu(y)):>9} "
                                     f"{_f(y.get('peak_mib'), '.0f'):>9}  {extra}")
        if run.get("partial_wall") is not None:
            lines.append(f"{'':<10} {'Σ measured':<13} {_f(run['partial_wall']):>9} "
                         f"{_f(sum(_cpu(st[s]) or 0 for s in GENERATOR_STAGES if s in st)):>9} {'':>9}  "
                         "the stages above only")
        if run.get("generator_wall") is not None:
            lines.append(f"{'':<10} {'generator Σ':<13} {_f(run['generator_wall']):>9} "
                         f"{_f(sum(_cpu(st[s]) or 0 for s in GENERATOR_STAGES)):>9} {'':>9}  load+validate+compute+render")
        p, s = run["process"], run.get("site", {})
        note = (f"site/: {s.get('html_pages')} HTML pages, {s.get('files')} files, {s.get('bytes', 0) / 1e6:.1f} MB; "
                f"written this run: {s.get('written_files')} files, {s.get('written_bytes', 0) / 1e6:.1f} MB")
        if not run.get("ok"):
            note = _status(run)
        lines.append(f"{label:<10} {'process':<13} {_f(p['wall']):>9} {_f(p['cpu']):>9} {_f(p['peak_mib'], '.0f'):>9}  {note}")
        if run.get("dirty_strict_abort"):
            lines.append(f"{'':<10} {'':<13} {'':>9} {'':>9} {'':>9}  NB: exit status 1: MkDocs' own --dirty warning "
                         "aborts the strict build after the site is written")
        if p.get("loadavg_before") is not None:
            lines.append(f"{'':<10} {'':<13} {'':>9} {'':>9} {'':>9}  machine load average (1 min) "
                         f"{p['loadavg_before']:.1f} before, {p['loadavg_after']:.1f} after")
        lines.append("")
    b = size["runs"].get("baseline")
    if b:
        p, s = b["process"], b["site"]
        note = (f"plain mkdocs build: {s['html_pages']} HTML pages, {s['files']} files, {s['bytes'] / 1e6:.1f} MB"
                if b["ok"] else f"FAILED: {b.get('stderr_tail', '')[-300:]}")
        lines.append(f"{'baseline':<10} {'process':<13} {_f(p['wall']):>9} {_f(p['cpu']):>9} {_f(p['peak_mib'], '.0f'):>9}  {note}")
        if p.get("loadavg_before") is not None:
            lines.append(f"{'':<10} {'':<13} {'':>9} {'':>9} {'':>9}  machine load average (1 min) "
                         f"{p['loadavg_before']:.1f} before, {p['loadavg_after']:.1f} after")
    r = size.get("ratios")
    if r:
        lines.append(f"\nratios to the baseline (plain mkdocs build of the same pages, {_f(b['process']['wall'])} s):")
        lines.append(f"  generator stages ÷ baseline     {_f(r['generator_over_baseline'])}   (cold build)")
        if r.get("whole_over_baseline") is not None:
            lines.append(f"  whole build ÷ baseline          {_f(r['whole_over_baseline'])}   (cold `parportal build` process)")
            lines.append(f"  portal mkdocs stage ÷ baseline  {_f(r['mkdocs_stage_over_baseline'])}")
        for name in ("nochange", "dirty"):
            if f"{name}_whole_over_baseline" in r:
                lines.append(f"  {name}: generator ÷ baseline {_f(r[f'{name}_generator_over_baseline'])}, "
                             f"whole ÷ baseline {_f(r[f'{name}_whole_over_baseline'])}")
    lines += _reference_lines(size)
    if size.get("edit"):
        lines.append(f"dirty edit: {size['edit']}")
    serve = size["runs"].get("serve")
    if serve:
        lines.append(f"\nparportal serve ({serve['file']}, page of {serve['unit']}): first page after "
                     f"{_f(serve.get('first_page'), '.1f')} s, peak {_f(serve.get('peak_mib'), '.0f')} MiB; "
                     f"an edit shown on the page after (s):")
        lines.append("  evidence title (text only)      " + "  ".join(_f(x) for x in serve["text_edits"]))
        lines.append("  yes/no criterion flipped        " + "  ".join(_f(x) for x in serve["points_edits"]))
        lines += ["  server: " + line.split("INFO: ", 1)[-1] for line in serve["server_log"]]
    return "\n".join(lines)


def _reference_lines(size: dict) -> list[str]:
    """The reference build, and the issue's targets in this machine's seconds (scaled by the
    reference's time against the issue's 150 s) when the reference has the issue's 3,500 pages."""
    ref = size["runs"].get("reference")
    if not ref:
        return []
    p = ref["process"]
    if not ref["ok"]:
        return [f"\nreference  process       FAILED: {ref.get('stderr_tail', '')[-300:]}"]
    lines = [f"\nreference (the issue's yardstick: plain mkdocs, {ref['pages']} pages of one 120-row table, search): "
             f"{_f(p['wall'])} s wall, {_f(p['cpu'])} s CPU, peak {_f(p['peak_mib'], '.0f')} MiB"]
    cold = size["runs"].get("cold") or size["runs"].get("generate")
    if ref["pages"] == ISSUE_REFERENCE["pages"] and cold and cold.get("ok"):
        scale = p["wall"] / ISSUE_REFERENCE["seconds"]
        lines.append(f"  the issue measured {ISSUE_REFERENCE['seconds']:.0f} s for it: this machine runs it at {_f(scale)} × "
                     f"that time, so its targets here are")
        lines.append(f"  generator stages ≤ {_f(ISSUE_REFERENCE['generator_target'] * scale, '.1f')} s: measured "
                     f"{_f(cold.get('generator_wall'), '.1f')} s")
        if "mkdocs" in cold.get("stages", {}):
            lines.append(f"  whole build      ≤ {_f(ISSUE_REFERENCE['whole_target'] * scale, '.1f')} s: measured "
                         f"{_f(cold['process']['wall'], '.1f')} s")
    return lines


def format_machine(m: dict) -> str:
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    return (f"machine: {m['nproc']} CPUs (nproc) of {m['cpu_model']}; {m['mem_total_gib']} GiB RAM "
            f"(cgroup limit {m['cgroup_memory_max']}); Python {m['python']}; {m['platform']}\n"
            f"packages: {pk}\ngit: {m['git_commit']} ({m['generator_tree_modified_files']} modified files in "
            f"generator/, site_templates/, mkdocs.yml)")


# =========================================================================== main

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description="Benchmark `parportal build` against plain MkDocs.")
    ap.add_argument("--sizes", default="50,500,3500", help="unit counts, comma-separated (default 50,500,3500)")
    ap.add_argument("--criteria", type=int, default=120)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep datasets, sites and logs under DIR/units-N")
    ap.add_argument("--json", type=Path, help="write every figure as JSON to FILE")
    ap.add_argument("--timeout", type=float, default=None, help="kill any one build after SECONDS")
    ap.add_argument("--runs", default="cold,baseline,nochange,dirty,serve",
                    help="which runs (default: cold,baseline,nochange,dirty,serve); `generate` instead of `cold` "
                    "measures the generator stages without MkDocs; `reference` adds the issue's plain MkDocs "
                    "yardstick (as many pages as units, one 120-row table each)")
    ap.add_argument("--profile", type=Path, help="also run a cold build under cProfile, writing FILE "
                    "(with several sizes, FILE gets a -N suffix)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = tuple(r.strip() for r in args.runs.split(","))
    machine = machine_facts()
    print(format_machine(machine), flush=True)
    results = {"machine": machine, "config": {"criteria": args.criteria, "years": args.years, "seed": args.seed,
                                              "timeout": args.timeout, "runs": runs}, "sizes": []}

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    for n in sizes:
        profile = None
        if args.profile:
            profile = args.profile if len(sizes) == 1 else args.profile.with_name(f"{args.profile.stem}-{n}{args.profile.suffix}")
        size = measure_size(n, args.criteria, args.years, args.seed, args.keep, args.timeout, runs, log, profile)
        results["sizes"].append(size)
        print(format_size(size), flush=True)
        if args.json:  # after every size, so a long run keeps what it measured
            args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return 0 if all((s["runs"].get("cold") or s["runs"].get("generate") or s["runs"].get("stages") or {}).get("ok")
                    for s in results["sizes"]) else 1


if __name__ == "__main__":
    sys.exit(main())
