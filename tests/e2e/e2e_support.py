"""Helpers of the end-to-end tests (the fixtures are in conftest.py): building the demo for real,
serving it on loopback, watching what a browser page does, and which built page is of which type.

The data is copied from the repository root into a throw-away git repository with a fixed commit
date, so a build states a commit and a date like a real one and never touches the working tree's
`build/` or `site/`. Chromium is Debian's (/usr/bin/chromium, `make chromium`): Playwright never
downloads a browser.
"""
from __future__ import annotations

import fnmatch
import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
DATA_DIRS = ("criteria", "scores", "content")
# Date of the throw-away commit the demo is built from: the build states it on every page.
COMMIT_DATE = "2025-11-20T08:00:00+00:00"
COMMIT_EPOCH = 1763625600


def data_source() -> Path:
    """The demo data: the repository root (criteria/, scores/, content/). PARPORTAL_E2E_DATA may
    name another root holding the same folders, to run the suite on another province's data."""
    return Path(os.environ.get("PARPORTAL_E2E_DATA") or REPO).resolve()


def copy_data(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in DATA_DIRS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    missing = [n for n in ("criteria", "scores") if not (target / n).is_dir()]
    if missing:
        pytest.fail(f"no {' or '.join(missing)}/ under {source}: the demo data must exist (python -m generator.demo)")
    return target


def git_commit(root: Path) -> str:
    """Make `root` a git repository with one commit at COMMIT_DATE; return its hash."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "e2e", "GIT_AUTHOR_EMAIL": "e2e@example.invalid",
           "GIT_COMMITTER_NAME": "e2e", "GIT_COMMITTER_EMAIL": "e2e@example.invalid",
           "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "demo data"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)
    return subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


@dataclass
class Build:
    root: Path
    site: Path
    output: str
    seconds: float
    commit: str = ""


def _command(root: Path, site: Path, hash_seed: str) -> tuple[list[str], dict[str, str]]:
    exe = Path(sys.executable).with_name("parportal")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from generator.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PARPORTAL_SERVE_ROOT")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED=hash_seed)
    return [*cmd, "build", "--root", str(root), "--site-dir", str(site)], env


class PendingBuild:
    """`parportal build` running in a child process, as `make site` runs it."""

    def __init__(self, root: Path, site: Path, hash_seed: str = "0") -> None:
        cmd, env = _command(root, site, hash_seed)
        self.root, self.site = root, site
        self.log = site.parent / f"{site.name}.build.log"
        self.start = time.perf_counter()
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=str(root), env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait(self, check: bool = True) -> Build:
        code = self.proc.wait(timeout=900)
        output = self.log.read_text(encoding="utf-8", errors="replace")
        if check and code != 0:
            pytest.fail(f"parportal build failed ({code}) for {self.root}:\n{output[-4000:]}")
        return Build(self.root, self.site, output, time.perf_counter() - self.start)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def parportal_build(root: Path, site: Path, hash_seed: str = "0", check: bool = True) -> Build:
    return PendingBuild(root, site, hash_seed).wait(check)


def clone(source: Path, target: Path) -> str:
    """A fresh clone of the demo's commit (no build/ folder, so no chart cache); its HEAD."""
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True, capture_output=True)
    return subprocess.run(["git", "-C", str(target), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


_TWIN: dict[str, PendingBuild] = {}
TWIN_SEED = "4242"


def start_twin(demo: Build) -> PendingBuild:
    """The second build of the demo's commit, for the reproducibility test: a fresh clone with an
    empty chart cache and another hash seed."""
    if "twin" not in _TWIN:
        base = demo.root.parent
        clone(demo.root, base / "twin")
        _TWIN["twin"] = PendingBuild(base / "twin", base / "twin-site", hash_seed=TWIN_SEED)
    return _TWIN["twin"]


# ---------------------------------------------------------------------------------------- server
class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".svg": "image/svg+xml",
                      ".json": "application/json", ".csv": "text/csv; charset=utf-8", ".yaml": "text/plain; charset=utf-8"}

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@dataclass
class Server:
    url: str
    httpd: ThreadingHTTPServer

    def page(self, rel: str) -> str:
        return self.url + rel


def serve(directory: Path) -> Server:
    """A static server on 127.0.0.1 (loopback only) on a free port, in a daemon thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True, name=f"http {directory}").start()
    return Server(f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)


# ---------------------------------------------------------------------------------------- browser
def chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = (f"{CHROMIUM} not found: the browser tests need Debian's chromium (`make chromium`); "
               "Playwright never downloads a browser")
    if os.environ.get("CI"):
        pytest.fail(message + " — CI is set, so this is a failure, not a skip")
    pytest.skip(message)


@dataclass
class Watch:
    """Everything that went wrong while a page was open."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors] + [f"page error: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed]
                + [f"request leaving 127.0.0.1: {m}" for m in self.foreign]
                + [f"dialog opened: {m}" for m in self.dialogs])


def local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or url.startswith(origin)


def open_context(browser, server: Server, **options):
    """A fresh browser context whose every request is watched; anything not served by our
    loopback server is aborted (the site must work offline) and recorded."""
    context = browser.new_context(service_workers="block", locale="vi-VN", **options)
    watch = Watch(server.url.rstrip("/"))

    def route(r):
        if local(r.request.url, watch.origin):
            r.continue_()
        else:
            watch.foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)

    def on_request(req):
        watch.requests.append(req.url)
        if not local(req.url, watch.origin) and req.url not in watch.foreign:
            watch.foreign.append(req.url)

    def on_failed(req):
        if local(req.url, watch.origin):
            watch.failed.append(f"{req.url} ({req.failure})")

    def on_response(resp):
        if resp.status >= 400:
            watch.failed.append(f"{resp.url} (HTTP {resp.status})")

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_page(page):
        page.on("console", lambda m: watch.console_errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        page.on("dialog", on_dialog)

    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    context.on("page", on_page)
    return context, watch


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# Page type → glob(s) of the built HTML files of that type (relative to site/).
PAGE_TYPES = {
    "home": ["index.html"],
    "rankings-index": ["xep-hang/index.html"],
    "ranking": ["xep-hang/*/*.html"],
    "decision": ["quyet-dinh/*/*.html"],
    "reconciliation": ["doi-chieu/*.html"],
    "units-index": ["don-vi/index.html"],
    "compare": ["so-sanh/index.html"],
    "unit": ["don-vi/*.html"],
    "criteria-index": ["bo-tieu-chi/index.html"],
    "criteria-set": ["bo-tieu-chi/*/[0-9][0-9][0-9][0-9].html"],
    "criteria-changes": ["bo-tieu-chi/*/[0-9][0-9][0-9][0-9]-thay-doi.html"],
    "progress": ["tien-do/*.html"],
    "methodology": ["phuong-phap.html"],
    "announcements-index": ["thong-bao/index.html"],
    "announcement": ["thong-bao/*.html"],
    "open-data": ["du-lieu/index.html"],
    "maps-index": ["ban-do/index.html"],
    "map": ["ban-do/*.html"],
    "api-doc": ["du-lieu/api.html"],
    "about": ["gioi-thieu.html"],
    "not-found": ["404.html"],
}
INDEXES = {"don-vi/index.html", "thong-bao/index.html", "ban-do/index.html"}


def pages_of(kind: str, pages: list[str]) -> list[str]:
    found = [p for p in pages if any(fnmatch.fnmatchcase(p, g) for g in PAGE_TYPES[kind])]
    if kind in ("unit", "announcement", "map"):
        found = [p for p in found if p not in INDEXES]
    return found
