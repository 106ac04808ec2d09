"""The compare page in Chromium (issue 24, item 3): two to four units named in the address, drawn
side by side from their published JSON with the same figures as their own pages; the form changes
the address (back and reload give the same comparison); one unit, unknown units and too many are
said in words; it fits a phone; without script the form, the list and the links remain; unit
pages, the rankings and the units index lead to it."""
from __future__ import annotations

import json
import posixpath
from urllib.parse import parse_qs, urlsplit

import pytest

from e2e_support import HERE, open_context
from test_e2e_hostile import INJECTED

pytestmark = pytest.mark.e2e

PAGE = "so-sanh/index.html"

# Per year row and unit column of the comparison: index, rank and band as shown.
READ = """() => {
  const t = document.querySelector('#bang-so-sanh');
  if (!t) return null;
  const units = [...t.tHead.rows[0].cells].slice(1).map(c => c.dataset.unit);
  const links = [...t.tHead.rows[0].cells].slice(1).map(c => c.querySelector('a').getAttribute('href'));
  const rows = [];  // [year, cells] in the page's order (an object would sort its year keys)
  for (const tr of t.tBodies[0].rows) {
    rows.push([tr.dataset.year, [...tr.cells].slice(1).map(td => {
      const part = cls => { const e = td.querySelector(cls); return e ? e.textContent.trim() : null; };
      return td.querySelector('.pp-cmp-index') ? {index: part('.pp-cmp-index'), rank: part('.pp-cmp-rank'),
                                                   band: part('.pp-cmp-band')} : null;
    })]);
  }
  const fields = {};
  for (const table of document.querySelectorAll('table[id^="bang-linh-vuc-"]')) {
    const year = table.id.split('-')[3];
    const cols = [...table.tHead.rows[0].cells].slice(1).map(c => c.dataset.unit);
    for (const tr of table.tBodies[0].rows) {
      [...tr.cells].slice(1).forEach((td, i) => {
        fields[`${year} ${cols[i]} ${tr.dataset.field}`] = td.textContent.trim();
      });
    }
  }
  return {units, links, rows, fields};
}"""


def vn(text: str | None) -> str:
    return "—" if text is None else text.replace(".", ",")


def unit_json(demo, uid: str) -> dict:
    return json.loads((demo.site / "data/api/v2/units" / f"{uid}.json").read_text(encoding="utf-8"))


def finals(data: dict) -> dict[int, dict]:
    return {y["year"]: y for y in data["years"] if y["stage"] == "final" and y["index"] is not None}


@pytest.fixture(scope="module")
def picks(demo) -> dict:
    """Units of the demo with final results: two ranked ones of one group, one of another group,
    and more of the first group (for four or five at once)."""
    listing = json.loads((demo.site / "data/api/v2/units.json").read_text(encoding="utf-8"))["units"]
    with_results = [u for u in listing if finals(unit_json(demo, u["id"]))]
    ranked = [u for u in with_results if u["ranked"]]
    first = ranked[0]["group"]
    same = [u["id"] for u in ranked if u["group"] == first]
    other = [u["id"] for u in ranked if u["group"] != first]
    assert len(same) >= 5 and other, "the demo needs five ranked units of one group and one of another"
    return {"same": same, "other": other, "all": [u["id"] for u in listing],
            "names": {u["id"]: u["name"] for u in listing}}


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def expected_cell(demo, data: dict, year: int) -> dict | None:
    """What the comparison must show for a unit in a year, from the published JSON: its index, its
    rank of the ranked units of its group (the year's ranking JSON) and its band's name (the
    criteria set's JSON)."""
    y = finals(data).get(year)
    if y is None:
        return None
    group, set_year = y["criteria_set"].split("/")
    ranking = json.loads((demo.site / "data/api/v2/results" / str(year) / f"{group}.json").read_text(encoding="utf-8"))
    size = sum(1 for e in ranking["entries"] if e["rank"] is not None)
    cs = json.loads((demo.site / "data/api/v2/criteria-sets" / group / f"{set_year}.json").read_text(encoding="utf-8"))
    band = next((b["name"] for b in cs["criteria_set"]["bands"] if b["id"] == y["band"]), None)
    rank = f"hạng {y['rank']}/{size}" if y["rank"] is not None else "không xếp hạng"
    return {"index": vn(y["index"]), "rank": rank, "band": band}


def unit_page_rows(visit, uid: str) -> dict[str, list[str]]:
    """The unit page's own table of years: year → its cells (name then, index, change, rank, places, band)."""
    page, watch = visit(f"don-vi/{uid}.html")
    rows = page.locator("#bang-qua-cac-nam tbody tr").evaluate_all(
        "rs => rs.map(r => [...r.cells].map(c => c.textContent.trim()))")
    assert not watch.problems(), watch.problems()
    return {r[0]: r[1:] for r in rows}


def test_two_units_in_the_address_show_the_figures_of_their_pages(demo, visit, picks):
    a, b = picks["same"][0], picks["other"][0]  # two groups: ranks within each unit's own group
    page, watch = visit(f"{PAGE}?u={a}&u={b}", viewport={"width": 1366, "height": 900})
    shown = page.evaluate(READ)
    assert shown and shown["units"] == [a, b]
    for uid, href in zip(shown["units"], shown["links"]):  # each column links its unit's page
        assert posixpath.normpath(posixpath.join("so-sanh", href)) == f"don-vi/{uid}.html"
    years = sorted({y for uid in (a, b) for y in finals(unit_json(demo, uid))}, reverse=True)
    assert [int(y) for y, _ in shown["rows"]] == years
    for col, uid in enumerate((a, b)):
        data = unit_json(demo, uid)
        own = unit_page_rows(visit, uid)
        for year in years:
            cell, want = dict(shown["rows"])[str(year)][col], expected_cell(demo, data, year)
            assert cell == want, (uid, year, cell, want)
            if want:  # the unit's own page shows the same index, rank and band
                _, index, _, rank, _, band = own[str(year)]
                assert (index, band) == (cell["index"], cell["band"] or "")
                assert cell["rank"].startswith(f"hạng {rank}/"), (uid, year, cell["rank"], rank)
        for year, y in finals(data).items():
            for f in y["fields"]:
                assert shown["fields"][f"{year} {uid} {f['id']}"] == vn(f["index"]), (uid, year, f)
    notes = page.locator(".pp-compare-notes").inner_text()
    assert "nhóm khác nhau" in notes and "thứ hạng trong nhóm" in notes  # said once, in words
    newest = page.locator("details.pp-compare-year").first
    assert newest.evaluate("d => d.open") and "các bộ tiêu chí khác nhau" in newest.inner_text()
    assert page.evaluate(INJECTED)["bad"] == []
    assert not watch.problems(), "\n".join(watch.problems())  # no error, no request outside the site
    assert all(r.startswith(watch.origin) for r in watch.requests)


def test_the_form_changes_the_address_and_back_and_reload_show_the_same(demo, visit, picks):
    a, b, c = picks["same"][:3]
    page, watch = visit(f"{PAGE}?u={a}&u={b}")
    assert page.locator("#pp-don-vi-1").input_value() == a and page.locator("#pp-don-vi-2").input_value() == b
    assert "→ " + picks["names"][b] in page.locator("#pp-don-vi-2-ten").inner_text()
    page.locator("#pp-don-vi-2").fill(picks["names"][c])  # a unit's exact name works as well as its id
    page.locator("#pp-don-vi-3").fill(b)
    years = page.locator("#pp-tu-nam option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    page.locator("#pp-tu-nam").select_option(years[0])  # the newest year only
    page.get_by_role("button", name="So sánh").click()
    page.wait_for_function("() => document.querySelectorAll('#bang-so-sanh thead th').length === 4")
    assert query(page) == {"u": [a, c, b], "tu": [years[0]]}
    shown = page.evaluate(READ)
    assert shown["units"] == [a, c, b] and [y for y, _ in shown["rows"]] == [years[0]]
    assert page.evaluate("document.activeElement.id") == "ket-qua-so-sanh"  # moved to the result
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('#bang-so-sanh thead th').length === 3")
    assert query(page) == {"u": [a, b]} and page.evaluate(READ)["units"] == [a, b]
    assert page.locator("#pp-don-vi-3").input_value() == "" and page.locator("#pp-tu-nam").input_value() == ""
    page.go_forward()
    page.wait_for_function("() => document.querySelectorAll('#bang-so-sanh thead th').length === 4")
    before = page.evaluate(READ)
    page.wait_for_load_state("networkidle")  # nothing of this load cut short by the reload (the icon)
    page.reload(wait_until="networkidle")  # the shared address gives the same comparison
    assert page.evaluate(READ) == before and page.locator("#pp-tu-nam").input_value() == years[0]
    assert page.locator("#pp-don-vi-2").input_value() == c
    assert not watch.problems(), "\n".join(watch.problems())


def test_one_unit_unknown_units_and_too_many_are_said_in_words(demo, visit, picks):
    a, b = picks["same"][:2]
    page, watch = visit(f"{PAGE}?u={a}")
    notes = page.locator(".pp-compare-notes")
    assert "Mới chọn một đơn vị" in notes.inner_text() and picks["names"][a] in notes.inner_text()
    assert page.locator("#bang-so-sanh").count() == 0 and page.locator("#pp-don-vi-1").input_value() == a

    hostile = "<img src=x onerror=alert(1)>"
    page, watch2 = visit(f"{PAGE}?u={a}&u=khong-co-don-vi-nay&u=" + hostile.replace(" ", "%20").replace("=", "%3D"))
    text = " ".join(page.locator(".pp-compare-notes").inner_text().split())
    assert "Không tìm thấy đơn vị" in text and "«khong-co-don-vi-nay»" in text and f"«{hostile}»" in text
    assert "Mới chọn một đơn vị" in text and page.locator("#bang-so-sanh").count() == 0
    found = page.evaluate(INJECTED)
    assert found["bad"] == [] and not watch2.dialogs
    assert not [r for r in watch2.requests if "/units/" in r and a not in r]  # an unknown id is not fetched

    five = picks["same"][:5]
    page, watch3 = visit(f"{PAGE}?u={','.join(five)}")  # ?u=a,b,… as well as ?u=a&u=b
    assert "tối đa 4 đơn vị" in page.locator(".pp-compare-notes").inner_text()
    assert picks["names"][five[4]] in page.locator(".pp-compare-notes").inner_text()
    assert page.evaluate(READ)["units"] == five[:4]
    for w in (watch, watch2, watch3):
        assert not w.problems(), "\n".join(w.problems())


def test_four_units_fit_a_phone(demo, visit, picks):
    four = picks["same"][:3] + picks["other"][:1]
    page, watch = visit(f"{PAGE}?u=" + "&u=".join(four), viewport={"width": 390, "height": 844})
    assert page.evaluate(READ)["units"] == four
    over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert over <= 0, f"the compare page is {over}px wider than a 390-px phone"
    outside = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(e => e.offsetParent && !e.closest('.pp-table-wrap'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert not outside, f"out of the screen: {outside[:5]}"
    wrap = page.locator(".pp-table-wrap", has=page.locator("#bang-so-sanh"))
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "four units should scroll inside their box"
    assert wrap.locator("xpath=preceding-sibling::*[1]").is_visible()  # the swipe hint
    assert not watch.problems(), "\n".join(watch.problems())


def test_without_script_the_form_the_list_and_the_links_remain(demo, browser, server, picks):
    context, watch = open_context(browser, server, viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        a, b = picks["same"][:2]
        page.goto(server.page(f"{PAGE}?u={a}&u={b}"))
        assert page.locator("form#pp-so-sanh input[name=u]").count() == 4
        assert page.locator("#pp-don-vi-1").is_visible() and page.get_by_role("button", name="So sánh").is_visible()
        options = page.locator("#pp-danh-sach-don-vi option").evaluate_all("os => os.map(o => o.value)")
        assert sorted(options) == sorted(picks["all"])
        assert "cần bật JavaScript" in page.locator("#pp-ket-qua").inner_text()
        links = page.locator("article a[href*='moi-nam/']").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert links and all((demo.site / posixpath.normpath(posixpath.join("so-sanh", h))).is_file() for h in links)
        assert page.locator("#bang-so-sanh").count() == 0
        page.locator("#pp-don-vi-1").fill(b)  # no script fills the form from the address: the reader does
        page.locator("#pp-don-vi-3").fill(a)
        page.get_by_role("button", name="So sánh").click()  # a real GET form: the choice goes in the address
        page.wait_for_load_state()
        assert query(page) == {"u": [b, a]}
    finally:
        context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def test_unit_pages_the_rankings_and_the_units_index_lead_to_it(demo, visit, picks):
    a = picks["same"][0]
    page, watch = visit(f"don-vi/{a}.html")
    page.get_by_role("link", name="So sánh với đơn vị khác").click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.endswith("/" + PAGE) and query(page) == {"u": [a]}
    assert page.locator("#pp-don-vi-1").input_value() == a
    assert "chọn thêm ít nhất một đơn vị" in page.locator(".pp-compare-notes").inner_text()
    for rel in ("xep-hang/index.html", "don-vi/index.html"):
        index, w = visit(rel)
        index.locator(f"article a[href$='{PAGE}']").first.click()
        index.wait_for_load_state("networkidle")
        assert urlsplit(index.url).path.endswith("/" + PAGE), rel
        assert "Chọn từ 2 đến 4 đơn vị" in index.locator(".pp-compare-notes").inner_text()
        assert not w.problems(), "\n".join(w.problems())
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_comparison_has_no_serious_accessibility_violation(demo, visit, picks):
    from test_e2e_accessibility import ALL_RULES, BLOCKING, report, violations

    axe = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
    page, _ = visit(f"{PAGE}?u={picks['same'][0]}&u={picks['other'][0]}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    blocking = [v for v in violations(page, axe, ALL_RULES) if v["impact"] in BLOCKING]
    assert not blocking, report(PAGE, blocking)
