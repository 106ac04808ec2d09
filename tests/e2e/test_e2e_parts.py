"""Parts a criteria set declares, in Chromium: the demo districts' 2023 set names a score part and an
impact part of three sub-parts (issue 23, item 4). The ranking shows a column per top part whose
points add up to the recomputed index, with the sub-parts named in the header and their points
below each cell; a unit's page shows a card per part; a year on a two-part set is unchanged."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

pytestmark = pytest.mark.e2e


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def test_the_ranking_has_a_column_per_part_that_adds_up_to_the_index(demo, visit):
    page, watch = visit("xep-hang/2023/huyen.html")
    heads = page.locator("table#bang-xep-hang thead th").all_inner_texts()
    assert any(h.startswith("Điểm thẩm định") for h in heads), heads
    impact = next(h for h in heads if h.startswith("Tác động"))
    assert "Hài lòng của người dân và tổ chức · Đánh giá của doanh nghiệp · Khảo sát lãnh đạo và công chức" in impact
    assert not any(h.startswith("Điều tra XHH") for h in heads)
    part_columns = [i for i, h in enumerate(heads) if h.startswith(("Điểm thẩm định", "Tác động"))]
    recomputed = next(i for i, h in enumerate(heads) if h.startswith("Tính lại"))
    rows = page.locator("table#bang-xep-hang tbody tr").evaluate_all(
        "rs => rs.map(r => Array.from(r.cells).map(c => c.innerText))")
    assert len(rows) >= 5
    for cells in rows:
        assert len(cells) == len(heads)
        points = maxima = Decimal(0)
        for i in part_columns:
            got, of = re.match(r"([\d,]+) / ([\d,]+)", cells[i]).groups()
            points, maxima = points + _number(got), maxima + _number(of)
        index = (points / maxima * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert index == _number(cells[recomputed]), (cells[1], points, maxima, cells[recomputed])
        subs = cells[part_columns[1]].split("\n")[-1].split(" · ")
        assert len(subs) == 3 and sum(map(_number, subs)) == _number(cells[part_columns[1]].split(" / ")[0])
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_a_unit_page_shows_a_card_per_part_and_a_two_part_year_as_before(demo, visit):
    page, watch = visit("don-vi/huyen-son-my.html")
    year = page.locator("#nam-2023 ~ .pp-cards").first
    cards = year.locator(".pp-card.pp-part").all_inner_texts()
    assert [c.split("\n")[0] for c in cards] == ["Điểm thẩm định", "Tác động của cải cách hành chính"]
    english = year.locator(".pp-card.pp-part [lang=en]").all_text_contents()  # in the page, shown or not
    assert english[:2] == ["Appraisal score", "Impact of administrative reform"]
    assert re.search(r"\n\d+,\d\d/60\b", cards[0]) and re.search(r"\n\d+,\d\d/40\b", cards[1])
    assert len(year.locator(".pp-part-sub").all()) == 3
    older = page.locator("#nam-2022 ~ .pp-cards").first.inner_text()
    assert "Thẩm định" in older and "Điều tra XHH" in older
    assert not watch.page_errors and not watch.console_errors, watch.problems()
