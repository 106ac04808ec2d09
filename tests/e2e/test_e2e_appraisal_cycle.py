"""The appraisal cycle in Chromium (issue 21): a unit's page says who appraised each criterion and
in which document, and shows an explanation's path; a ranking page cites the decision, whose page
has the annex; the progress page shows the year's deadlines."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_a_unit_page_shows_who_appraised_and_the_path_of_an_explanation(demo, visit):
    explained = sorted(p for p in (demo.root / "scores" / "2023").glob("*/*.yaml")
                       if "\nexplanations:" in p.read_text(encoding="utf-8"))
    assert explained, "the demo has explanations in 2023"
    unit = explained[0].stem
    page, watch = visit(f"don-vi/{unit}.html")
    trail = page.locator("#nam-2023 ~ details.pp-criteria ol.pp-trail").first
    page.locator("#nam-2023 ~ details.pp-criteria").first.evaluate("d => d.open = true")
    assert trail.is_visible()
    steps = trail.locator(":scope > li").all_inner_texts()
    assert [s.split(" ")[0] for s in steps][:4] == ["Tự", "Thẩm", "Giải", "Trả"], steps
    assert re.search(r"chấp nhận|không chấp nhận", steps[3]) and re.search(r"\d", steps[3])
    row = trail.locator("xpath=ancestor::tr")
    assert "thẩm định: Hội đồng thẩm định" in row.inner_text()
    assert "Văn bản thẩm định" in row.inner_text() and "212/BC-HĐTĐ" in row.inner_text()
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_from_a_ranking_to_its_decision_and_annex(demo, visit):
    page, watch = visit("xep-hang/2023/so-nganh.html")
    ranking = page.locator("table#bang-xep-hang tbody tr").evaluate_all(
        "rs => rs.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim(), r.cells[2].textContent.trim()])")
    page.locator("p.pp-decision-cite a").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("quyet-dinh/2023/so-nganh.html")
    assert "2815/QĐ-UBND" in page.locator("table.pp-decision").inner_text()
    annex = page.locator("table#phu-luc-bang tbody tr").evaluate_all(
        "rs => rs.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim(), r.cells[3].textContent.trim()])")
    ranked = [r for r in annex if r[0] != "—"]
    assert ranked == ranking, (ranked[:3], ranking[:3])
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_the_progress_page_shows_what_is_due_next_and_what_passed(demo, visit):
    page, watch = visit("tien-do/2024.html", viewport={"width": 390, "height": 844})
    table = page.locator("table.pp-calendar").first
    text = table.inner_text()
    assert "đã qua" in text and "còn" in text and "đối chiếu ngày 30/09/2024" in text
    assert page.locator("p.pp-next-due").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    home, _ = visit("index.html")
    assert "sắp đến hạn" in home.locator("ul.pp-due").inner_text()
    assert not watch.page_errors and not watch.console_errors, watch.problems()
