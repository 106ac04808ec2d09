"""Parts of the index a criteria set declares (`parts:` as a list, nested), beside the two-part
form {appraised, survey}: the model, its messages and canonical form, the sums, the pages and
the open data, on the mini dataset with its 2023 set's parts declared (`conftest.NESTED_PARTS`)."""
from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compute import compute
from generator.compute.points import compute_unit_year
from generator.load import load
from generator.load.model import Part
from generator.render import render
from generator.render import site_paths as P
from generator.validate.canonical import fix_text
from tests.conftest import MINI, NESTED_PARTS, REPO, TWO_PARTS, diagnostics_of, mutate
from tests.test_render import INFO

C23 = "criteria/so-nganh/2023.yaml"


def _nested_copy(target: Path) -> Path:
    shutil.copytree(MINI, target)
    mutate(target, C23, TWO_PARTS, NESTED_PARTS)
    return target


@pytest.fixture(scope="module")
def nested_root(tmp_path_factory) -> Path:
    return _nested_copy(tmp_path_factory.mktemp("parts") / "mini")


@pytest.fixture(scope="module")
def nested_results(nested_root):
    ds = load(nested_root).dataset
    return ds, compute(ds)


@pytest.fixture(scope="module")
def nested_site(nested_root):
    ds, res = load(nested_root).dataset, None
    res = compute(ds)
    render(ds, res, INFO, nested_root, nested_root / "build/docs", nested_root / "build/cache",
           nested_root / "build/ready")
    return nested_root / "build/docs"


# --------------------------------------------------------------------------- model and validation

def test_both_forms_load_and_the_two_part_form_reads_as_two_parts(nested_results):
    two = next(cs for cs in load(MINI).dataset.criteria_sets if cs.year == 2023)
    assert not two.declares_parts
    assert [(p.id, p.max) for p, _, _ in two.walk_parts()] == [("tham-dinh", 15), ("dieu-tra", 5)]
    ds, _ = nested_results
    cs = next(c for c in ds.criteria_sets if c.year == 2023)
    assert cs.declares_parts and all(isinstance(p, Part) for p in cs.parts)
    assert [(p.id, depth, parent.id if parent else None) for p, depth, parent in cs.walk_parts()] == [
        ("diem-tham-dinh", 0, None), ("tac-dong", 0, None), ("hai-long", 1, "tac-dong"),
        ("khao-sat-lanh-dao", 1, "tac-dong")]
    assert cs.appraised_max() == two.appraised_max() == 15


def test_a_set_with_nested_parts_is_clean_and_canonical(tmp_path):
    root = _nested_copy(tmp_path / "mini")
    assert diagnostics_of(root) == []
    text = (root / C23).read_text(encoding="utf-8")
    assert fix_text(text.encode("utf-8"), C23) == text
    # keys out of order in a part are put back in the model's order
    shuffled = text.replace("  - id: tac-dong\n    name: Tác động\n", "  - name: Tác động\n    id: tac-dong\n")
    assert shuffled != text and fix_text(shuffled.encode("utf-8"), C23) == text


def test_a_mistake_in_a_part_is_reported_as_that_form_s_with_a_suggestion(tmp_path):
    root = _nested_copy(tmp_path / "mini")
    line = mutate(root, C23, "    max: 5\n    parts:", "    mx: 5\n    parts:")
    diags = [d for d in diagnostics_of(root) if d.path == C23]
    assert {(d.rule, d.line) for d in diags} == {("schema.missing-key", 17), ("schema.unknown-key", line)}
    assert any("`max`" in d.message_vi and "did you mean `max`" in d.message_en for d in diags)
    assert not any("list" in d.message_en for d in diags)  # not "parts must be a list" as well


def test_a_mistake_in_the_two_part_form_is_reported_as_that_form_s(mini):
    mutate(mini, C23, "  survey: 5", "  survy: 5")
    diags = [d for d in diagnostics_of(mini) if d.path == C23]
    assert {d.rule for d in diags} == {"schema.missing-key", "schema.unknown-key"}
    assert not any("list" in d.message_en for d in diags)


def test_part_rules_report_each_problem_where_it_is_written(tmp_path):
    root = _nested_copy(tmp_path / "mini")
    mutate(root, C23, '        criteria: ["3.2"]\n', '        criteria: ["3.2", "3.1"]\n')
    mutate(root, C23, '    criteria: ["1", "2"]\n', '    criteria: ["1"]\n')
    diags = diagnostics_of(root)
    found = {(d.rule, d.line) for d in diags}
    assert ("criteria.part-members", 31) in found       # 3.1 listed twice: where it is listed again
    assert ("criteria.part-maxima", 30) in found        # so 2 is not 3.2 + 3.1
    assert ("criteria.part-members", 89) in found       # field 2 in no part
    assert ("criteria.part-maxima", 15) in found        # 15 is not field 1's 6
    assert all(d.message_vi and d.message_en and d.hint_vi and d.hint_en for d in diags)


# --------------------------------------------------------------------------- compute

def test_nested_parts_add_up_exactly_and_match_the_two_part_sums(nested_results):
    _, res = nested_results
    two = compute(load(MINI).dataset)
    for uy in res.unit_years:
        old = two.unit_year(uy.unit, uy.year)
        assert (uy.index, uy.points, uy.appraised_points, uy.survey_points) == \
            (old.index, old.points, old.appraised_points, old.survey_points)
        top = uy.top_parts
        assert sum((p.points for p in top), Decimal(0)) == uy.points
        assert sum((p.max for p in top), Decimal(0)) == uy.max
        for part in top:
            subs = uy.sub_parts(part.id)
            if subs:
                assert sum((s.points for s in subs), Decimal(0)) == part.points
                assert sum((s.max for s in subs), Decimal(0)) == part.max
        assert all(type(p.points) is Decimal and type(p.max) is Decimal for p in uy.parts)
    noi_vu = res.unit_year("so-noi-vu", 2023)
    assert [(p.id, p.points, p.max) for p in noi_vu.parts] == [
        ("diem-tham-dinh", Decimal("12.75"), 15), ("tac-dong", Decimal("4.20"), 5),
        ("hai-long", Decimal("2.40"), 3), ("khao-sat-lanh-dao", Decimal("1.80"), 2)]
    # 2024 has no survey yet and the set rescales: the impact part does not apply
    open_year = res.unit_year("so-noi-vu", 2024)
    assert [(p.id, p.applicable, p.max) for p in open_year.parts][1:] == [
        ("tac-dong", False, 0), ("hai-long", False, 0), ("khao-sat-lanh-dao", False, 0)]


def test_two_part_sets_get_their_two_parts_equal_to_the_appraised_and_survey_sums():
    res = compute(load(REPO).dataset)  # the demo: two-part sets, and the districts' 2023 set declaring parts
    seen_declared = False
    for uy in res.unit_years:
        if uy.parts[0].id == "tham-dinh":
            assert [(p.id, p.points, p.max) for p in uy.parts] == [
                ("tham-dinh", uy.appraised_points, uy.appraised_max), ("dieu-tra", uy.survey_points, uy.survey_max)]
        else:
            seen_declared = True
            assert sum((p.points for p in uy.top_parts), Decimal(0)) == uy.points
    assert seen_declared


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_grouping_of_the_fields_into_nested_parts_adds_up(nested_results, data):
    """Whatever parts the fields are grouped in, and however deep, each part's points and maximum
    are the exact sums of its criteria's, and the top parts give the unit's points and maximum."""
    ds, _ = nested_results
    cs = next(c for c in ds.criteria_sets if c.year == 2023)
    leaves = [c.id for c in cs.leaves()]
    owner = data.draw(st.lists(st.integers(0, 2), min_size=len(leaves), max_size=len(leaves)), label="part of leaf")
    nest = data.draw(st.booleans(), label="nest the last two")
    by_leaf = {c.id: c for c in cs.leaves()}

    def leaf_part(i: int) -> Part:
        ids = [cid for cid, o in zip(leaves, owner) if o == i]
        return Part(id=f"p{i}", name=f"Phần {i}", name_en=f"Part {i}",
                    max=sum((by_leaf[c].max for c in ids), Decimal(0)), criteria=ids)

    parts = [leaf_part(i) for i in range(3)]
    if nest:
        parts = [parts[0], Part(id="nested", name="Lồng", name_en="Nested", max=parts[1].max + parts[2].max,
                                parts=parts[1:])]
    changed = cs.model_copy(update={"parts": parts})
    for sf in ds.score_files:
        if sf.year != 2023:
            continue
        uy = compute_unit_year(sf, changed, ds.units.get(sf.unit))
        leaf_results = {c.id: c for c in uy.criteria if c.is_leaf}
        by_id = {p.id: p for p in uy.parts}
        for i in range(3):
            mine = [leaf_results[c] for c, o in zip(leaves, owner) if o == i and leaf_results[c].applicable]
            assert by_id[f"p{i}"].points == sum((c.points for c in mine if c.points is not None), Decimal(0))
            assert by_id[f"p{i}"].max == sum((c.max for c in mine), Decimal(0))
        assert sum((p.points for p in uy.top_parts), Decimal(0)) == uy.points
        assert sum((p.max for p in uy.top_parts), Decimal(0)) == uy.max
        if nest:
            assert by_id["nested"].points == by_id["p1"].points + by_id["p2"].points


# --------------------------------------------------------------------------- pages and open data

def test_ranking_page_has_a_column_per_top_part_with_the_sub_parts(nested_site):
    text = (nested_site / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    table = text[text.index('id="bang-xep-hang"'): text.index("</table>", text.index('id="bang-xep-hang"'))]
    head = table[: table.index("</thead>")]
    assert "Điểm thẩm định" in head and '<span lang="en">Impact</span>' in head
    assert "Hài lòng của người dân · Khảo sát lãnh đạo" in head
    assert "Thẩm định<br>" not in head and "Điều tra XHH" not in head
    # so-noi-vu 2023: 12,75 / 15 and the impact part 4,20 / 5 of 2,40 and 1,80
    assert "12,75 / 15" in table and "4,20 / 5" in table
    assert 'title="Hài lòng của người dân: 2,40 / 3; Khảo sát lãnh đạo: 1,80 / 2"' in table
    assert "2,40 · 1,80" in table


def test_unit_page_has_a_card_per_top_part_and_its_sub_parts(nested_site):
    text = (nested_site.parent / "ready" / P.unit_page("so-noi-vu")).read_text(encoding="utf-8")
    year = text[text.index('id="nam-2023"'):]
    assert "Tác động <span lang=\"en\">Impact</span></div><div class=\"pp-card-value\">4,20/5</div>" in year
    assert "Hài lòng của người dân <span lang=\"en\">(Citizen satisfaction)</span>: 2,40/3" in year
    # 2022 is scored on the two-part set: its cards are as they always were
    older = text[text.index('id="nam-2022"'):]
    assert "Thẩm định <span lang=\"en\">appraised</span>" in older


def test_criteria_set_and_methodology_pages_list_the_parts(nested_site):
    page = (nested_site / P.criteria_page("so-nganh", 2023)).read_text(encoding="utf-8")
    assert ("20 điểm: Điểm thẩm định 15 (mục 1, 2); Tác động 5 (Hài lòng của người dân 3 (mục 3.1), "
            "Khảo sát lãnh đạo 2 (mục 3.2))") in page
    method = (nested_site / P.METHODOLOGY).read_text(encoding="utf-8")
    assert "Điểm thẩm định 15; Tác động 5 (Hài lòng của người dân 3, Khảo sát lãnh đạo 2) = 20" in method
    assert "15 + 5 = 20" in method  # the 2022 set, two parts


def test_open_data_carries_every_declared_part(nested_site):
    data = nested_site
    header, *rows = list(csv.reader(io.StringIO((data / P.ranking_csv(2023, "so-nganh")).read_text("utf-8"))))
    extra = ["part_diem-tham-dinh_points", "part_diem-tham-dinh_max", "part_tac-dong_points", "part_tac-dong_max",
             "part_hai-long_points", "part_hai-long_max", "part_khao-sat-lanh-dao_points",
             "part_khao-sat-lanh-dao_max"]
    assert header[-len(extra):] == extra
    row = dict(zip(header, next(r for r in rows if r[header.index("unit")] == "so-noi-vu")))
    # numbers by the CSV rule (core/cells.py): 4.20 is written 4.2
    assert (row["part_tac-dong_points"], row["part_hai-long_points"], row["part_hai-long_max"]) == ("4.2", "2.4", "3")
    # a year on a two-part set keeps the common columns only
    header22 = next(csv.reader(io.StringIO((data / P.ranking_csv(2022, "so-nganh")).read_text("utf-8"))))
    assert not any(h.startswith("part_") for h in header22)
    ranking = json.loads((data / P.ranking_json(2023, "so-nganh")).read_text("utf-8"))
    assert [(p["id"], p["parent"], p["max"]) for p in ranking["parts"]] == [
        ("diem-tham-dinh", None, "15"), ("tac-dong", None, "5"), ("hai-long", "tac-dong", "3"),
        ("khao-sat-lanh-dao", "tac-dong", "2")]
    entry = next(e for e in ranking["entries"] if e["unit"] == "so-noi-vu")
    assert entry["parts"]["tac-dong"] == {"name": "Tác động", "name_en": "Impact", "parent": None,
                                          "points": "4.20", "max": "5"}
    unit = json.loads((data / P.unit_json("so-noi-vu")).read_text("utf-8"))
    years = {y["year"]: y for y in unit["years"]}
    assert years[2023]["parts"]["khao-sat-lanh-dao"]["points"] == "1.80"
    assert years[2024]["parts"]["tac-dong"]["points"] is None  # no survey yet
    assert "parts" not in years[2022]
    package = json.loads((data / P.DATAPACKAGE).read_text("utf-8"))
    assert "part_<" in json.dumps(package["x-file-series"], ensure_ascii=False)


def test_verify_checks_the_parts_add_up(nested_site, tmp_path):
    """`parportal verify`: each part is the sum of its sub-parts and the top parts the unit's points."""
    from generator.verify import verify
    data = tmp_path / "data"
    shutil.copytree(nested_site / "data", data)
    assert verify(data).problems == []
    path = data / P.ranking_csv(2023, "so-nganh").removeprefix("data/")
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if ",so-noi-vu," in line)
    cells = next(csv.reader(io.StringIO(lines[at])))
    cells[header.index("part_hai-long_points")] = "2.5"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[at] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    found = {(p.path, p.what) for p in verify(data).problems}
    assert (path.relative_to(data).as_posix(), "phần / part tac-dong") in found  # 2.5 + 1.8 is not 4.2
