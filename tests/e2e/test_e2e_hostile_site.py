"""Hostile text where the whole site prints it: the province's name (every page's title and
header), an announcement's front matter (title and description), the repository's URL, and
formulas in names and notes (every CSV). Then generated text from the whole Unicode range and
markup alphabets (hypothesis), planted and built for real: every file is either refused with
file:line or published as inert text. Every page is loaded in Chromium; none may open a dialog
or run a planted script."""
from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from e2e_support import copy_data, data_source, git_commit, open_context, parportal_build, serve, site_pages
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_e2e_hostile import INJECTED

from generator.core.escape import FORMULA_STARTS

pytestmark = pytest.mark.e2e

PROVINCE = "Tỉnh <img src=x onerror=\"alert('province')\"> & \"Thử\" <script>alert('p')</script>"
REPOSITORY = "https://example.org/kho)[x](javascript:alert(1))"  # quotes would be refused: see test_load
ANNOUNCEMENT = ('<script>window.__ppXss="ann";alert(\'ann\')</script> Thông báo & "thử"',
                "\"><img src=x onerror=alert('desc')>")
CRITERION = ("Tiêu chí [x](javascript:alert(5)) <b onmouseover=alert(6)>đậm</b> *nghiêng* | ô",
             "Quyết định <script>alert(7)</script> [y](javascript:alert(8))")
FORMULAS = ('=HYPERLINK("http://evil.example/","bấm")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, doc) -> None:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _final_score_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("scores/*/*/*.yaml") if _load(p).get("stage") == "final")


def plant_site_wide(root: Path) -> dict:
    """Plant the payloads above; return where (unit ids)."""
    registry_file = root / "scores" / "units.yaml"
    registry = _load(registry_file)
    registry["province"]["name"] = PROVINCE
    registry["province"]["repository"] = REPOSITORY
    units = [u for u in registry["units"] if u.get("ranked", True)]
    units[0]["name"] = FORMULAS[1]
    _dump(registry_file, registry)
    scored = _final_score_files(root)[0]
    doc = _load(scored)
    entry = next(v for v in doc["scores"].values() if isinstance(v, dict) and "status" in v)
    entry["note"] = FORMULAS[0]
    _dump(scored, doc)
    # the council's reasons live in the agencies' files (scores/<year>/<group>/tham-dinh/<agency>.yaml)
    for agency_file in sorted(scored.parent.glob("tham-dinh/*.yaml")):
        agency = _load(agency_file)
        with_reason = [v for entries in agency["units"].values() for v in entries.values() if v.get("reason")]
        if with_reason:
            with_reason[0]["reason"] = FORMULAS[2]
            _dump(agency_file, agency)
            break
    criteria_file = sorted(root.glob("criteria/*/*.yaml"))[-1]
    criteria = _load(criteria_file)
    criteria["decision"]["title"] = CRITERION[1]
    leaf = criteria["fields"][0]
    while leaf.get("criteria"):
        leaf = leaf["criteria"][0]
    leaf["name"] = CRITERION[0]
    _dump(criteria_file, criteria)
    (root / "content" / "thong-bao" / "2024-12-01-thong-bao-thu.md").write_text(
        f"---\ntitle: {json.dumps(ANNOUNCEMENT[0], ensure_ascii=False)}\ndate: 2024-12-01\n"
        f"description: {json.dumps(ANNOUNCEMENT[1], ensure_ascii=False)}\n"
        f"summary: {json.dumps(FORMULAS[3])}\n---\n\n# Thông báo thử\n\nNội dung.\n", encoding="utf-8")
    return {"unit": units[0]["id"], "score_file": scored.relative_to(root).as_posix(),
            "criteria": criteria_file.relative_to(root).as_posix()}


@pytest.fixture(scope="module")
def site_wide(tmp_path_factory, demo):
    base = tmp_path_factory.mktemp("hostile-site")
    root = copy_data(data_source(), base / "root")
    where = plant_site_wide(root)
    git_commit(root)  # a commit, so that pages link the repository at it
    if (demo.root / "build" / "cache").is_dir():
        shutil.copytree(demo.root / "build" / "cache", root / "build" / "cache")
    build = parportal_build(root, base / "site")
    srv = serve(build.site)
    yield build, srv, where
    srv.httpd.shutdown()
    srv.httpd.server_close()


def assert_inert(page, watch, rel: str) -> None:
    found = page.evaluate(INJECTED)
    assert found["marker"] is None, f"{rel}: planted script ran: {found['marker']}"
    assert not found["bad"], f"{rel}: markup from the data became live:\n" + "\n".join(found["bad"])
    assert not watch.dialogs, f"{rel}: a dialog opened: {watch.dialogs}"


def test_every_page_is_inert_and_shows_the_province_as_text(site_wide, browser):
    build, srv, _ = site_wide
    pages = site_pages(build.site)
    assert len(pages) >= 40
    for rel in pages:
        context, watch = open_context(browser, srv, viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(srv.page(rel), wait_until="load")
            assert_inert(page, watch, rel)
            title = page.title()
            assert "Tỉnh <img src=x" in title, f"{rel}: the province is not in the title as text: {title!r}"
            assert "&lt;" not in title and "&amp;" not in title, f"{rel}: double-escaped: {title!r}"
            if rel == "index.html":
                header = " ".join(page.locator(".md-header__topic").first.inner_text().split())
                assert "<script>alert('p')</script>" in header, header
        finally:
            context.close()


def test_announcement_front_matter_is_text(site_wide, visit):
    build, srv, _ = site_wide
    rel = "thong-bao/2024-12-01-thong-bao-thu.html"
    page, watch = visit(rel, srv=srv)
    assert_inert(page, watch, rel)
    assert ANNOUNCEMENT[0] in page.title()
    html = (build.site / rel).read_text(encoding="utf-8")
    assert "<script>window.__ppXss" not in html and "<img src=x onerror=alert('desc')>" not in html
    listing, watch = visit("thong-bao/index.html", srv=srv)
    assert_inert(listing, watch, "thong-bao/index.html")
    assert ANNOUNCEMENT[0] in listing.locator("article").inner_text()


def test_criteria_text_is_shown_as_written(site_wide, visit):
    build, srv, where = site_wide
    pages = [p for p in site_pages(build.site) if "Tiêu chí [x](javascript:alert(5))" in
             (build.site / p).read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")]
    assert len(pages) >= 2, pages  # the criteria set's page and the units' pages at least
    group, year = where["criteria"].split("/")[1:]
    rel = f"bo-tieu-chi/{group}/{year.removesuffix('.yaml')}.html"
    assert rel in pages
    page, watch = visit(rel, srv=srv)
    assert_inert(page, watch, rel)
    flat = " ".join(page.locator("article").inner_text().split())
    assert "Tiêu chí [x](javascript:alert(5)) <b onmouseover=alert(6)>đậm</b> *nghiêng* | ô" in flat
    assert "Quyết định <script>alert(7)</script> [y](javascript:alert(8))" in flat


def test_repository_url_is_a_link_not_markdown(site_wide):
    build, _, _ = site_wide
    html = (build.site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPOSITORY}"' in html
    assert 'href="javascript:' not in html


def _cells(file: Path):
    data = file.read_bytes()
    text = (gzip.decompress(data) if file.suffix == ".gz" else data).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        yield from row


def test_no_csv_cell_starts_a_formula(site_wide):
    build, _, _ = site_wide
    files = sorted(build.site.rglob("*.csv")) + sorted(build.site.rglob("*.csv.gz"))
    assert len(files) > 20
    seen, formulas = set(), []
    for file in files:
        for cell in _cells(file):
            seen.add(cell)
            if cell[:1] in FORMULA_STARTS and not _number(cell):
                formulas.append(f"{file.relative_to(build.site)}: {cell[:60]!r}")
    assert not formulas, "cells a spreadsheet would run as formulas:\n" + "\n".join(formulas[:20])
    for payload in FORMULAS[:3]:  # they reached the files, neutralised (else this test proves nothing)
        assert "'" + payload in seen, payload


def _number(cell: str) -> bool:
    try:
        float(cell.replace("/", "", 1))
    except ValueError:
        return False
    return True


# --- generated text ------------------------------------------------------------------------

MARKUP = st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "\"", "'", "<", ">", "&",
                          "](javascript:alert(3))", "[x](", "{{ 7*7 }}", "{% if %}", "*", "_", "`", "#", "|",
                          "<!--", "-->", "]]>", "\\", "$", "=1+1", "@x", "\n", "  ", "Sở", "đ", "ệ"])
TEXT = st.lists(st.one_of(MARKUP, st.text(min_size=1, max_size=6)), min_size=1, max_size=8).map("".join)


@settings(max_examples=2, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(names=st.lists(TEXT, min_size=3, max_size=3), notes=st.lists(TEXT, min_size=3, max_size=3))
def test_generated_names_and_notes_are_refused_or_inert(tmp_path_factory, demo, browser, names, notes):
    """Whatever the text, the build either refuses it naming file:line, or publishes pages that
    stay inert in Chromium."""
    base = tmp_path_factory.mktemp("generated")
    root = copy_data(data_source(), base / "root")
    registry_file = root / "scores" / "units.yaml"
    registry = _load(registry_file)
    for unit, name in zip(registry["units"][:3], names):
        unit["name"] = name
    _dump(registry_file, registry)
    for file, note in zip(_final_score_files(root)[:3], notes):
        doc = _load(file)
        next(v for v in doc["scores"].values() if isinstance(v, dict) and "status" in v)["note"] = note
        _dump(file, doc)
    if (demo.root / "build" / "cache").is_dir():
        shutil.copytree(demo.root / "build" / "cache", root / "build" / "cache")
    build = parportal_build(root, base / "site", check=False)
    assert "Traceback" not in build.output, build.output[-3000:]
    if not (build.site / "index.html").is_file():
        assert "Không xuất bản" in build.output and ".yaml:" in build.output, build.output[-3000:]
        return
    srv = serve(build.site)
    try:
        unit_pages = [f"don-vi/{u['id']}.html" for u in registry["units"][:3]]
        for rel in ["index.html", "don-vi/index.html", *unit_pages]:
            context, watch = open_context(browser, srv, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(srv.page(rel), wait_until="load")
            assert_inert(page, watch, rel)
            context.close()
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
