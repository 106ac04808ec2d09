"""Why a score moved (issue 24, item 1): each criterion against last year through the criteria sets'
`replaces`, the group average of each criterion, and the unit page's "why it moved" section."""
from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal as D
from fractions import Fraction
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.history import change_pairs, change_plan, criterion_changes, previous_years
from generator.compute.rank import criterion_means
from generator.compute.rounding import criterion_average, round_fraction
from generator.pipeline.build import build
from generator.render.pages import moved_most
from generator.render.rows import change_cells
from tests.conftest import MINI, mutate


def test_group_average_of_a_criterion_is_over_ranked_units_it_applies_to_rounded_once(results):
    averages = dict(next(r for r in results.rankings if r.year == 2023).stats.criterion_averages)
    # by hand: 1.1 appraised 1.5, 2, 1.5 -> 5/3; 1.3.2 is not applicable to so-tai-chinh -> (0.75 + 1) / 2
    # (half up: 0.88); the unranked thanh-tra-tinh (1.00) is left out; 2.2 deducts 0.5 from one of three
    assert averages["1.1"] == D("1.67") and averages["1.3.2"] == D("0.88") and averages["2.2"] == D("-0.17")
    assert averages["3.2"] == D("1.52")  # (1.80 + 1.50 + 1.25) / 3 = 1.51666…
    assert list(averages) == ["1", "1.1", "1.2", "1.3", "1.3.1", "1.3.2", "2", "2.1", "2.2", "3", "3.1", "3.2"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=-5, max_value=20, places=2), min_size=1, max_size=40),
       st.sampled_from(["half_up", "half_even", "down"]), st.integers(0, 4))
def test_criterion_average_is_the_exact_mean_rounded_once(values, mode, decimals):
    cs = SimpleNamespace(rounding=SimpleNamespace(points_decimals=decimals, mode=mode))
    got = criterion_average(sum(values, D(0)), len(values), cs)
    exact = sum(Fraction(v) for v in values) / len(values)
    assert got == round_fraction(exact, decimals, mode)
    assert abs(Fraction(got) - exact) <= Fraction(1, 10 ** decimals)  # within one step of the exact mean
    assert min(values) - D(1).scaleb(-decimals) <= got <= max(values) + D(1).scaleb(-decimals)


def test_criterion_means_skip_criteria_that_apply_to_nobody(results, dataset):
    ranked = [results.unit_year("so-tai-chinh", 2023)]  # 1.3.2 does not apply to it
    means = dict(criterion_means(ranked, dataset.set_for("so-nganh", 2023)))
    assert "1.3.2" not in means and means["1.1"] == D("2.00")


def test_previous_year_is_the_units_own_then_the_single_predecessor_in_the_same_group(results, dataset):
    previous = previous_years(dataset, results.unit_years)
    got = previous["scores/2023/so-nganh/so-noi-vu.yaml"]
    assert (got.unit, got.year) == ("so-noi-vu", 2022)
    assert (previous["scores/2024/so-nganh/so-noi-vu.yaml"].year) == 2023  # an in-progress year: last final
    assert not any(p.startswith("scores/2022/") for p in previous)  # the first year has nothing before it

    # a unit that one unit merged into continues it; one that two merged into has no single predecessor
    def uy(unit, year, group="g", final=True):
        return SimpleNamespace(unit=unit, year=year, group=group, final=final, source=f"{year}/{unit}")

    units = {"new": SimpleNamespace(merged_from=("a",)), "a": SimpleNamespace(merged_from=()),
             "both": SimpleNamespace(merged_from=("a", "b")), "b": SimpleNamespace(merged_from=()),
             "moved": SimpleNamespace(merged_from=())}
    years = [uy("a", 2022), uy("b", 2022), uy("new", 2023), uy("both", 2023), uy("moved", 2022, "h"),
             uy("moved", 2023), uy("a", 2021, final=False)]
    found = previous_years(SimpleNamespace(units=units), years)
    assert found["2023/new"].unit == "a"
    assert "2023/both" not in found and "2023/moved" not in found and "2022/a" not in found


def test_change_cells_say_up_down_same_or_why_not_compared():
    assert change_cells(D("2"), None) == ""
    up = change_cells(D("2"), (D("1.5"), None))
    assert up == '<td>1,50</td><td class="pp-up">▲ +0,50</td>\n'
    assert '<td class="pp-down">▼ -0,50</td>' in change_cells(D("1"), (D("1.5"), None))
    assert '<td>0</td>' in change_cells(D("1.5"), (D("1.50"), None))
    split = change_cells(D("1.5"), (D("2.5"), "max-changed"))
    assert split == '<td>2,50</td><td class="pp-nc">đổi điểm tối đa</td>\n'
    assert change_cells(D("1.8"), (None, "new")) == '<td>—</td><td class="pp-nc">mới</td>\n'


def test_the_pairs_and_the_changes_agree(results, dataset):
    new, old = results.unit_year("so-noi-vu", 2023), results.unit_year("so-noi-vu", 2022)
    n, o = dataset.set_for("so-nganh", 2023), dataset.set_for("so-nganh", 2022)
    pairs = change_pairs(change_plan(n, o), new, old)
    changes = criterion_changes(n, o, new, old)
    assert [(p, w) for p, w in pairs] == [(c.previous_points, c.why_not) for c in changes]
    assert [c.id for c in changes] == [c.id for c in new.criteria]


def test_moved_most_ranks_leaf_criteria_by_change_and_by_distance_from_the_group_average(results, dataset):
    new, old = results.unit_year("so-noi-vu", 2023), results.unit_year("so-noi-vu", 2022)
    changes = criterion_changes(dataset.set_for("so-nganh", 2023), dataset.set_for("so-nganh", 2022), new, old)
    ranking = next(r for r in results.rankings if r.year == 2023)
    moved = moved_most(new, [(c.previous_points, c.why_not) for c in changes], ranking)
    # independently: comparable leaves with a change, largest first
    deltas = sorted(((ch.points - ch.previous_points, ch.id) for ch in changes if ch.comparable
                     and any(c.id == ch.id and c.is_leaf for c in new.criteria)
                     and ch.points != ch.previous_points), key=lambda d: -d[0])
    assert [(m.delta, m.id) for m in moved["gained"]] == [d for d in deltas if d[0] > 0][:3]
    assert [(m.delta, m.id) for m in moved["lost"]] == sorted((d for d in deltas if d[0] < 0), key=lambda d: d[0])[:3]
    assert all(m.anchor == "nam-2023-tc-" + m.id.replace(".", "-") for m in moved["gained"] + moved["lost"])
    # 1.1: 1.5 against the group's 1.67; above: 1.2 (1 against 0.67), then 3.2 (1.80 against 1.52)
    below = {m.id: m for m in moved["below"]}
    assert below["1.1"].other == D("1.67") and below["1.1"].delta == D("-0.17")
    assert [(m.id, m.delta) for m in moved["above"][:2]] == [("1.2", D("0.33")), ("3.2", D("0.28"))]
    counts = {en: n for n, vi, en in moved["not_comparable"]}
    assert counts == {"maximum changed": 2, "new in this year's set": 3}  # 1.3.1 (from 1.3), 3.1; 1.3.2, 2.2, 3.2


def test_unit_page_shows_last_year_per_criterion_and_what_moved_most(tmp_path):
    root = tmp_path / "m"

    shutil.copytree(MINI, root)
    assert build(root, out=io.StringIO()).ok
    html = (root / "site/don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    section = html[html.index('id="vi-sao-thay-doi-2023"'):html.index('id="nam-2024"')]
    assert "So với năm 2022: chỉ số" in section and "Thấp hơn trung bình nhóm nhiều nhất" in section
    row = re.search(r'<tr id="nam-2023-tc-1-1".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td(?: class="pp-(?:up|down)")?>(.*?)</td>', row, re.S)  # the number cells
    assert cells[:3] == ["2", "2,00", "<strong>1,50</strong>"]  # max, self, appraised
    assert cells[3] == "2,00" and "▼ -0,50" in cells[4]          # 2022: 2 points; a loss of 0.5
    assert '<td class="pp-nc">đổi điểm tối đa</td>' in re.search(r'<tr id="nam-2023-tc-1-3-1".*?</tr>', html, re.S).group(0)
    y2022 = html[html.index('id="nam-2022"'):]
    assert "Thay đổi<br>" not in y2022 and "vi-sao-thay-doi-2022" not in html  # nothing before 2022
    assert html.count('class="pp-moved"') == 1  # only the year that leads the page

    # an edit of last year's file changes this year's comparison
    mutate(root, "scores/2022/so-nganh/so-noi-vu.yaml", '"1.1": {status: done, self: 2}',
           '"1.1": {status: done, self: 1}')
    assert build(root, out=io.StringIO()).ok
    html = (root / "site/don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="nam-2023-tc-1-1".*?</tr>', html, re.S).group(0)
    assert "▲ +0,50" in row
