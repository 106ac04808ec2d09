"""End-to-end fixtures: the demo portal built once per session for real (`parportal build`, hence
`mkdocs build --strict`), one loopback HTTP server, one headless Chromium (Debian's). Without
/usr/bin/chromium the browser tests skip, except in CI (`CI` set), where they fail.
Helpers live in e2e_support.py."""
from __future__ import annotations

import pytest
import yaml

from e2e_support import (Build, Server, _TWIN, chromium_or_skip, copy_data, data_source, git_commit, open_context,
                         parportal_build, serve, start_twin, CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def demo(tmp_path_factory, request) -> Build:
    """The demo portal, built once for the whole session from a committed copy of the data. When
    the reproducibility test will run, its second build starts right away in the background."""
    base = tmp_path_factory.mktemp("demo")
    root = copy_data(data_source(), base / "root")
    commit = git_commit(root)
    build = parportal_build(root, base / "site")
    build.commit = commit
    if any("test_two_builds_of_one_commit" in item.nodeid for item in request.session.items):
        start_twin(build)
    yield build
    for pending in _TWIN.values():
        pending.stop()


@pytest.fixture(scope="session")
def twin(demo: Build) -> Build:
    return start_twin(demo).wait()


@pytest.fixture(scope="session")
def registry(demo: Build) -> dict:
    return yaml.safe_load((demo.root / "scores" / "units.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def server(demo: Build):
    srv = serve(demo.site)
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, server):
    """Open pages of the demo site: `page, watch = visit("xep-hang/index.html")`."""
    contexts = []

    def _visit(rel: str, viewport: dict | None = None, wait: str = "networkidle", srv: Server | None = None,
               color_scheme: str = "light"):
        context, watch = open_context(browser, srv or server, viewport=viewport or {"width": 1280, "height": 900},
                                      color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto((srv or server).page(rel), wait_until=wait)
        return page, watch

    yield _visit
    for context in contexts:
        context.close()
