"""The scoring engine against hand-computed results (golden mini dataset and rule edges)."""
from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

from generator.compute import compute
from generator.compute.frames import criteria_frame, units_frame
from generator.compute.history import criterion_changes
from generator.compute.points import compute_unit_year
from generator.compute.rank import competition_ranks, name_key, rank_group
from generator.compute.rounding import round_fraction
from generator.load import load
from tests.builders import criteria_set, score_file

MINI = Path(__file__).parent / "fixtures/mini"




def test_golden_2023_indices_ranks_and_parts(results):
    ranking = next(r for r in results.rankings if r.year == 2023)
    table = [(e.unit, e.rank, results.unit_year(e.unit, 2023).index) for e in ranking.entries]
    assert table == [("so-tai-chinh", 1, D("89.74")), ("so-noi-vu", 2, D("84.75")),
                     ("so-tu-phap", 2, D("84.75")), ("thanh-tra-tinh", None, D("100.00"))]
    noi_vu = results.unit_year("so-noi-vu", 2023)
    # 1.1 appraised 1.5 (self 2); 1.2 done 1; 1.3.1 rate 98 % -> tier 95 -> 1.5; 1.3.2 30/40 x 1 = 0.75;
    # 2.1 8.5; 2.2 -0.5; survey 80 % x 3 = 2.40 and 90 % x 2 = 1.80
    assert noi_vu.points == D("16.95") and noi_vu.max == 20
    assert noi_vu.self_points == D("17.45") and noi_vu.gap == D("-0.5")
    assert (noi_vu.appraised_points, noi_vu.appraised_max) == (D("12.75"), 15)
    assert (noi_vu.survey_points, noi_vu.survey_max) == (D("4.20"), 5)
    assert noi_vu.band == "kha"
    tai_chinh = results.unit_year("so-tai-chinh", 2023)
    assert tai_chinh.max == 19  # 1.3.2 not applicable leaves the maximum
    assert tai_chinh.index_exact == Fraction(1705, 19)
    assert ranking.stats.average == D("86.41") and ranking.stats.median == D("84.75")
    assert (ranking.stats.highest, ranking.stats.lowest, ranking.stats.count) == (D("89.74"), D("84.75"), 3)


def test_golden_2022_ties_and_rank_after_tie(results):
    ranking = next(r for r in results.rankings if r.year == 2022)
    assert [(e.unit, e.rank) for e in ranking.entries] == [
        ("so-tai-chinh", 1), ("so-noi-vu", 2), ("so-tu-phap", 2), ("so-ngoai-vu", 4), ("thanh-tra-tinh", None)]


def test_change_since_last_year_and_renamed_unit_history(results):
    ranking = next(r for r in results.rankings if r.year == 2023)
    entry = next(e for e in ranking.entries if e.unit == "so-tai-chinh")
    assert (entry.index_change, entry.rank_change) == (D("-0.26"), 0)
    history = next(h for h in results.histories if h.unit == "so-tai-chinh")
    assert [(e.year, e.name, e.index) for e in history.entries] == [
        (2022, "Sở Tài chính - Vật giá", D("90.00")), (2023, "Sở Tài chính", D("89.74"))]


def test_criterion_comparison_goes_through_replaces(results, dataset):
    new, old = (next(u for u in results.unit_years if u.unit == "so-noi-vu" and u.year == y) for y in (2023, 2022))
    changes = criterion_changes(dataset.set_for(new.group, 2023), dataset.set_for(old.group, 2022), new, old)
    by_id = {c.id: c for c in changes}
    assert by_id["1.1"].comparable and by_id["1.1"].delta == D("-0.5")  # 2 -> 1.5 appraised
    assert by_id["1.3.1"].previous_ids == ("1.3",) and by_id["1.3.1"].why_not == "max-changed"
    assert by_id["3.2"].why_not == "new" and by_id["3.2"].delta is None


def test_progress_of_year_in_progress(results):
    assert results.open_years == (2024,) and results.final_years == (2022, 2023)
    p = results.progress[0]
    assert (p.criteria, p.done, p.in_progress, p.not_due, p.failed) == (6, 2, 2, 1, 1)
    # done 1.1 = 2, failed 2.1 = 4, deduction 0; 1.3.1 in progress has figures 100/120 -> 83 % -> 0
    assert (p.points, p.appraised_max) == (D("6"), 15)


def test_not_evaluated_is_never_zero(tmp_path):
    import shutil
    shutil.copytree(MINI, tmp_path / "m")
    (tmp_path / "m/scores/2023/so-nganh/so-tu-phap.yaml").unlink()
    res = compute(load(tmp_path / "m").dataset)
    ranking = next(r for r in res.rankings if r.year == 2023)
    assert ranking.not_evaluated == ("so-tu-phap",)
    assert "so-tu-phap" not in {e.unit for e in ranking.entries}


@pytest.mark.parametrize("received,on_time,points,tier", [
    (100, 100, "2", "100"), (100, 95, "1.5", "95"), (1000, 949, "1", "90"), (100, 90, "1", "90"),
    (1000, 899, "0", "0"), (3, 2, "0", "0"),
])
def test_tiers_at_bracket_edges(received, on_time, points, tier):
    cs = criteria_set([{"id": "a", "max": "2", "rule": {"type": "tiers", "figures": {"r": "r", "o": "o"},
                        "rate": {"numerator": "o", "denominator": "r"},
                        "tiers": [{"min": "100", "points": "2"}, {"min": "95", "points": "1.5"},
                                  {"min": "90", "points": "1"}, {"min": "0", "points": "0"}]}}])
    uy = compute_unit_year(score_file("u", {"a": {"figures": {"r": received, "o": on_time}}}), cs, None)
    leaf = uy.criteria[1]
    assert leaf.points == D(points) and leaf.tier_min == D(tier)
    assert leaf.rate == Fraction(on_time, received) * 100


def test_proportional_and_survey_round_points_half_up():
    cs = criteria_set([
        {"id": "p", "max": "1", "rule": {"type": "proportional", "figures": {"n": "n", "d": "d"},
                                         "rate": {"numerator": "n", "denominator": "d"}}},
        {"id": "s", "max": "3", "rule": {"type": "survey"}}], survey=D(3))
    uy = compute_unit_year(score_file("u", {"p": {"figures": {"n": 1, "d": 8}}, "s": {"result": "80.125"}}), cs, None)
    p, s = uy.criteria[1], uy.criteria[2]
    assert p.points == D("0.13")  # 0.125 -> half up
    assert s.points == D("2.40")  # 2.40375 -> 2.40


def test_binary_manual_and_deduction_floor_and_clamp():
    cs = criteria_set([{"id": "b", "max": "1", "rule": {"type": "binary"}},
                       {"id": "m", "max": "1", "rule": {"type": "manual"}},
                       {"id": "d", "max": "0", "rule": {"type": "deduction", "floor": "-2"}}])
    uy = compute_unit_year(score_file("u", {"b": {"self": False}, "m": {"self": "0.5"}, "d": {"self": "-2"}}), cs, None)
    assert uy.points == D("-1.5")
    assert uy.index == D("0.00")  # deductions never push an index below 0
    full = compute_unit_year(score_file("u", {"b": {"self": True}, "m": {"self": "1"}, "d": {"self": "0"}}), cs, None)
    assert full.index == D("100.00")


def test_survey_missing_rescales_or_counts_zero():
    leaves = [{"id": "m", "max": "6", "rule": {"type": "manual"}}, {"id": "s", "max": "4", "rule": {"type": "survey"}}]
    sf = score_file("u", {"m": {"self": "3"}})
    assert compute_unit_year(sf, criteria_set(leaves, survey=D(4)), None).index == D("50.00")
    assert compute_unit_year(sf, criteria_set(leaves, survey=D(4), survey_missing="count_zero"), None).index == D("30.00")


def _unit(points: str, unit: str, cs):
    return compute_unit_year(score_file(unit, {"m": {"self": points}}), cs, None)


def test_ties_shared_on_published_index_or_broken_on_unrounded():
    leaves = [{"id": "m", "max": "3", "rule": {"type": "manual", "step": "0.0001"}}]
    shared = criteria_set(leaves)
    unrounded = criteria_set(leaves, ties="unrounded")
    # 2.5335/3 = 84.4500 %, 2.5334/3 = 84.4466.. %: both publish as 84.45
    a, b = _unit("2.5335", "a", shared), _unit("2.5334", "b", shared)
    assert a.index == b.index == D("84.45")
    assert [e.rank for e in rank_group(2023, "g", shared, [a, b], [], {}).entries] == [1, 1]
    a2, b2 = _unit("2.5335", "a", unrounded), _unit("2.5334", "b", unrounded)
    assert [(e.unit, e.rank) for e in rank_group(2023, "g", unrounded, [b2, a2], [], {}).entries] == [("a", 1), ("b", 2)]


def test_rounding_modes():
    assert round_fraction(Fraction(84745, 1000), 2, "half_up") == D("84.75")
    assert round_fraction(Fraction(84745, 1000), 2, "half_even") == D("84.74")
    assert round_fraction(Fraction(84749, 1000), 2, "down") == D("84.74")
    assert round_fraction(Fraction(-1, 200), 2, "half_up") == D("-0.01")
    assert round_fraction(Fraction(2, 3), 0, "half_up") == D("1")


def test_competition_ranking_and_vietnamese_name_order():
    assert competition_ranks([("a", 5), ("b", 7), ("c", 5), ("d", 1)]) == {"b": 1, "a": 2, "c": 2, "d": 4}
    names = ["Sở Tư pháp", "Sở Đào tạo", "Sở Du lịch", "Sở Ăn uống", "Sở An ninh"]
    assert sorted(names, key=name_key) == ["Sở An ninh", "Sở Ăn uống", "Sở Du lịch", "Sở Đào tạo", "Sở Tư pháp"]


def test_bands_follow_the_published_index():
    bands = [{"id": "a", "name": "A", "name_en": "A", "min": "90"}, {"id": "b", "name": "B", "name_en": "B", "min": "0"}]
    cs = criteria_set([{"id": "m", "max": "100", "rule": {"type": "manual", "step": "0.001"}}], bands=bands)
    assert _unit("89.995", "u", cs).band == "a"  # publishes as 90.00
    assert _unit("89.994", "u", cs).band == "b"


def test_frames_are_long_and_exact(results):
    units = units_frame(results)
    crit = criteria_frame(results)
    assert len(units) == len(results.unit_years)
    assert len(crit) == sum(len(u.criteria) for u in results.unit_years)
    row = units[(units.unit == "so-tai-chinh") & (units.year == 2023)].iloc[0]
    assert row["index"] == D("89.74") and row["index_exact"] == "1705/19" and row["rank"] == 1
    for frame in (units, crit):
        for column in frame.columns:
            assert frame[column].dtype.kind != "f", column


@pytest.mark.parametrize("root", [MINI, Path(__file__).parent.parent], ids=["mini", "demo"])
def test_every_parent_rolls_up_its_children_and_the_fields_are_the_top_level(root):
    """Over every unit-year of the golden and demo data: the criteria come in their set's order,
    each parent holds the sums of its children, the fields are the top-level criteria, and the
    unit-year's totals are the sums over its applicable leaves, split into their parts."""
    ds = load(root).dataset
    for uy in compute(ds).unit_years:
        cs = ds.set_for(uy.group, uy.year)
        assert [(c.id, c.depth) for c in uy.criteria] == [(c.id, d) for c, d in cs.walk()]
        for c in uy.criteria:
            kids = [k for k in uy.criteria if k.parent == c.id]
            assert c.is_leaf == (not kids)
            if c.is_leaf:
                continue
            applicable = [k for k in kids if k.applicable]
            assert c.max == sum((k.max for k in kids), start=D(0))
            assert c.applicable == bool(applicable)
            assert c.part == ("survey" if {k.part for k in kids} == {"survey"} else "appraised")
            if applicable:
                assert c.points == sum((k.points for k in applicable if k.points is not None), start=D(0))
                assert c.self_points == sum((k.self_points for k in applicable if k.self_points is not None),
                                            start=D(0))
        assert [(f.id, f.points, f.max, f.self_points) for f in uy.fields] == [
            (c.id, c.points or 0, c.max, c.self_points or 0) for c in uy.criteria if c.depth == 0]
        leaves = [c for c in uy.criteria if c.is_leaf and c.applicable]

        def total(part, attr):
            return sum((getattr(c, attr) for c in leaves if part in (None, c.part) and getattr(c, attr) is not None),
                       start=D(0))
        assert (uy.points, uy.max, uy.self_points) == (total(None, "points"), total(None, "max"),
                                                       total(None, "self_points"))
        assert (uy.appraised_points, uy.appraised_max) == (total("appraised", "points"), total("appraised", "max"))
        assert (uy.survey_points, uy.survey_max) == (total("survey", "points"), total("survey", "max"))
