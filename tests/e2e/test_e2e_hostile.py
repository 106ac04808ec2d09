"""Hostile text in the data stays inert: a `<script>`, an `onerror` attribute, a `javascript:`
link and Markdown tricks planted in a score file's note, reason and evidence title and in a
unit's name are shown as text, never run, and never reach the built site as markup."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from e2e_support import copy_data, data_source, parportal_build, serve, site_pages

pytestmark = pytest.mark.e2e

MARK = "__ppXss"
# Each payload is plain text in the data; every one must come out as the same text on the page.
NOTE = ("Ghi chú thử.\n\n"  # blank lines: an attempt to end the HTML block and start Markdown
        f"<script>window.{MARK}=(window.{MARK}||[]).concat('note');alert('note')</script>\n\n"
        "[bấm vào đây](javascript:alert('md-link'))\n\n"
        "<a href=\"javascript:alert('a-link')\">liên kết</a>")
REASON = f"<img src=x onerror=\"window.{MARK}=(window.{MARK}||[]).concat('reason');alert('reason')\">"
EVIDENCE_TITLE = "Kế hoạch \" onmouseover=\"alert('attr')\" <svg onload=alert('evidence')> javascript:alert('text')"
UNIT_NAME = ("Sở Thử <script>alert('name')</script><b onmouseover=alert('name-b')>đậm</b> "
             "[x](javascript:alert('name-md')) $\\alpha$ *nghiêng* {{ jinja }}")

# Raw fragments that would be live markup in an HTML or SVG file.
RAW = [f"<script>window.{MARK}", "<script>alert(", "<img src=x", "<svg onload", "<b onmouseover",
       "href=\"javascript:", "href='javascript:", "href=javascript:", "onmouseover=\"alert('attr')\""]
# What the page must show, as text.
SHOWN = [f"<script>window.{MARK}", "[bấm vào đây](javascript:alert('md-link'))",
         "<a href=\"javascript:alert('a-link')\">liên kết</a>", "<img src=x onerror=", "<svg onload=alert('evidence')>"]


def plant(root: Path) -> tuple[str, str]:
    """Plant the payloads in the newest final score file that has evidence and whose agency file
    (the appraisal recorded for it by the council) has a reason: the reason there, an explanation
    of that criterion in the unit's file and the council's response to it; return (unit id, year)."""
    files = sorted(root.glob("scores/*/*/*.yaml"), key=lambda p: (-int(p.parts[-3]), p.as_posix()))
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("stage") != "final":
            continue
        entries = doc.get("scores") or {}
        with_evidence = [k for k, v in entries.items() if isinstance(v, dict) and v.get("evidence")]
        agency_files = sorted((path.parent / "tham-dinh").glob("*.yaml"))
        found = [(f, agency, cid) for f in agency_files for agency in [yaml.safe_load(f.read_text(encoding="utf-8"))]
                 for cid, v in (agency["units"].get(doc["unit"]) or {}).items() if v.get("reason")]
        if with_evidence and found:
            break
    else:
        pytest.fail("no final score file with evidence and an appraisal reason to plant hostile text in")
    agency_path, agency, cid = found[0]
    entry = agency["units"][doc["unit"]][cid]
    entry["reason"] = REASON
    entry["response"] = {"date": f"{doc['year'] + 1}-01-20", "accepted": False, "reason": REASON}
    agency_path.write_text(yaml.safe_dump(agency, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc.setdefault("explanations", {})[cid] = {"date": f"{doc['year'] + 1}-01-10", "text": NOTE,
                                               "evidence": [{"number": "1/GT", "date": f"{doc['year'] + 1}-01-09",
                                                             "title": EVIDENCE_TITLE}]}
    entries[with_evidence[0]]["note"] = NOTE
    entries[with_evidence[0]]["evidence"][0]["title"] = EVIDENCE_TITLE
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    registry_file = root / "scores" / "units.yaml"
    registry = yaml.safe_load(registry_file.read_text(encoding="utf-8"))
    unit = next(u for u in registry["units"] if u["id"] == doc["unit"])
    unit["name"] = UNIT_NAME
    registry_file.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return doc["unit"], str(doc["year"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, demo):
    base = tmp_path_factory.mktemp("hostile")
    root = copy_data(data_source(), base / "root")
    unit, year = plant(root)
    # Charts whose data did not change are taken from the demo's cache (content-addressed).
    if (demo.root / "build" / "cache").is_dir():
        shutil.copytree(demo.root / "build" / "cache", root / "build" / "cache")
    build = parportal_build(root, base / "site")
    srv = serve(build.site)
    yield build, srv, unit, year
    srv.httpd.shutdown()
    srv.httpd.server_close()


def test_no_raw_payload_in_the_built_site(hostile):
    build, _, unit, _ = hostile
    page = (build.site / "don-vi" / f"{unit}.html").read_text(encoding="utf-8")
    # The payloads did reach the page, escaped (else this test would prove nothing).
    assert f"&lt;script&gt;window.{MARK}" in page
    assert "&lt;img src=x onerror=" in page
    assert "&lt;svg onload=alert(" in page
    assert "Sở Thử &lt;script&gt;alert(" in page
    leaks = []
    for file in sorted(build.site.rglob("*")):
        if file.suffix not in (".html", ".svg", ".xml") or not file.is_file():
            continue  # JSON, CSV and YAML copies hold the text as data, where it belongs
        text = file.read_text(encoding="utf-8", errors="replace")
        for raw in RAW:
            if raw in text:
                at = text.index(raw)
                leaks.append(f"{file.relative_to(build.site)}: {raw!r} in …{text[max(0, at - 80):at + 80]!r}…")
    assert not leaks, "raw markup from the data in the built site:\n" + "\n".join(leaks)


INJECTED = """() => {
  const bad = [...document.querySelectorAll('img[src="x"], svg[onload], b[onmouseover], a[href^="javascript:" i]')]
    .map(e => e.outerHTML.slice(0, 120));
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) bad.push(`${e.tagName} ${a.name}=${a.value}`.slice(0, 120));
    }
  }
  for (const s of document.scripts) if (/alert\\(|__ppXss/.test(s.textContent)) bad.push('script: ' + s.textContent.slice(0, 80));
  return {bad, marker: typeof window.__ppXss === 'undefined' ? null : String(window.__ppXss)};
}"""


def assert_inert(page, watch, rel):
    found = page.evaluate(INJECTED)
    assert found["marker"] is None, f"{rel}: planted script ran: {found['marker']}"
    assert not found["bad"], f"{rel}: markup from the data became live:\n" + "\n".join(found["bad"])
    assert not watch.dialogs, f"{rel}: a dialog opened: {watch.dialogs}"
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_hostile_unit_page_shows_text_and_runs_nothing(hostile, visit):
    build, srv, unit, year = hostile
    rel = f"don-vi/{unit}.html"
    page, watch = visit(rel, srv=srv)
    for summary in page.locator("article details:not([open]) > summary").element_handles():
        summary.click()  # open every year's criteria, as a reader would
    page.wait_for_timeout(200)
    # Hover over everything the payloads might have turned into, to trigger any handler.
    for sel in ("article b", "article a", "article img"):
        for el in page.locator(sel).element_handles()[:60]:
            try:
                el.hover(timeout=500)
            except Exception:  # noqa: BLE001 - hidden or detached elements cannot be hovered
                pass
    assert_inert(page, watch, rel)
    text = page.locator("article").inner_text()
    flat = " ".join(text.split())
    for shown in SHOWN:
        assert " ".join(shown.split()) in flat, f"{rel}: {shown!r} is not shown as text"
    h1 = " ".join(page.locator("article h1").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove()); "
        "return c.textContent; }").split())
    assert h1 == " ".join(UNIT_NAME.split()), f"the unit's name is altered in its heading: {h1!r}"
    assert UNIT_NAME.split(" <")[0] in page.title() and "<script>alert('name')</script>" in page.title(), \
        f"page title mangled: {page.title()!r}"
    assert "&lt;" not in page.title() and "&amp;" not in page.title(), f"double-escaped title: {page.title()!r}"


def test_every_page_naming_the_hostile_unit_is_inert(hostile, visit):
    build, srv, unit, _ = hostile
    pages = [p for p in site_pages(build.site) if "Sở Thử &lt;script&gt;" in (build.site / p).read_text(encoding="utf-8")]
    assert len(pages) >= 3, f"the hostile unit's name should appear on several pages, found {pages}"
    for rel in pages:
        page, watch = visit(rel, srv=srv)
        assert_inert(page, watch, rel)
        flat = " ".join(page.locator("article").inner_text().split())
        # the suggestions of an input (the compare page's <datalist>) are text too, though not drawn
        flat += " ".join(page.locator("article datalist option").evaluate_all("os => os.map(o => o.label)"))
        assert "Sở Thử <script>alert('name')</script>" in flat or "Sở Thử <script>alert(" in flat, \
            f"{rel}: the unit's name is not shown as text"


def test_the_compare_page_shows_the_hostile_name_as_text(hostile, visit):
    """The hostile unit beside another on the compare page: its name, from the list and from its
    JSON, is text in the form and in the table; nothing runs."""
    build, srv, unit, _ = hostile
    other = next(p.stem for p in sorted((build.site / "data/api/v2/units").glob("*.json")) if p.stem != unit)
    page, watch = visit(f"so-sanh/index.html?u={unit}&u={other}", srv=srv)
    page.wait_for_selector("#bang-so-sanh")
    assert_inert(page, watch, "so-sanh/index.html")
    header = page.locator(f"#bang-so-sanh thead th[data-unit='{unit}'] a").evaluate("a => a.textContent")
    assert " ".join(header.split()) == " ".join(UNIT_NAME.split())
    assert " ".join(UNIT_NAME.split()) in " ".join(page.locator("#pp-don-vi-1-ten").inner_text().split())
    option = page.locator(f"#pp-danh-sach-don-vi option[value='{unit}']").evaluate("o => o.label")
    assert option == UNIT_NAME


def test_search_results_show_the_hostile_name_as_text(hostile, visit):
    build, srv, unit, _ = hostile
    page, watch = visit("index.html", srv=srv)
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type("Sở Thử", delay=15)
    result = page.locator(f".md-search-result__list a[href*='don-vi/{unit}.html']").first
    result.wait_for(state="visible", timeout=8000)
    page.wait_for_timeout(300)
    assert_inert(page, watch, "search results")
    shown = " ".join(result.inner_text().split())
    assert "<script>alert('name')</script>" in shown, f"search result does not show the name as text: {shown!r}"
    assert "&lt;" not in shown, f"search result shows escaped entities: {shown!r}"
