""""Did you mean": an unknown key, status, rule type, id or name is answered with what was meant
(`generator.core.suggest`), in both languages, and a misspelt key is renamed, never deleted."""
from __future__ import annotations

import pytest

from generator.core.suggest import closest, fold, slug
from tests.conftest import diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
C23 = "criteria/so-nganh/2023.yaml"
REG = "scores/units.yaml"
DELETE = ("xóa", "bỏ khóa", "remove", "delete")


def test_fold_slug_and_closest():
    assert fold("Sở  Tài chính") == fold("so-tai-chinh") == fold("SO TAI CHINH") == "so tai chinh"
    assert fold("Đông Lộc") == "dong loc" and slug("Sở Tài chính") == "so-tai-chinh"
    assert slug("Số hồ sơ đúng hạn", "_") == "so_ho_so_dung_han"
    assert closest("dnoe", ["done", "in_progress", "not_due", "failed", "not_applicable"]) == ["done"]
    assert closest("evidance", ["status", "self", "evidence", "note"]) == ["evidence"]
    assert closest("Sở Tài chính", {"so-tai-chinh": ("Sở Tài chính",), "so-tu-phap": ("Sở Tư pháp",)}) == ["so-tai-chinh"]
    assert closest("hoàn thành", {"done": ("hoàn thành",), "failed": ("không đạt",)}) == ["done"]
    assert closest("zzzz", ["done", "failed"]) == [] and closest("", ["done"]) == []


def _only(root, rel, rule):
    found = [d for d in diagnostics_of(root) if d.path == rel and d.rule == rule]
    assert len(found) == 1, [(d.rule, d.message_en) for d in diagnostics_of(root)]
    return found[0]


@pytest.mark.parametrize("old,new,wanted", [
    ("    evidence:\n", "    evidance:\n", "evidence"),
    ("    reason: Kế hoạch", "    reasons: Kế hoạch", "reason"),
    ("    reason: Kế hoạch", "    lý do: Kế hoạch", "reason"),  # a key written in Vietnamese
    ('"2.2": {status: done, self: -0.5, note:', '"2.2": {status: done, self: -0.5, ghi chú:', "note"),
])
def test_a_misspelt_key_is_renamed_not_deleted(mini, old, new, wanted):
    mutate(mini, S23, old, new)
    d = _only(mini, S23, "schema.unknown-key")
    assert f"có phải là `{wanted}`?" in d.message_vi and f"did you mean `{wanted}`?" in d.message_en
    assert f"thành `{wanted}`" in d.hint_vi and f"to `{wanted}`" in d.hint_en
    assert not any(word in (d.hint_vi + d.hint_en).lower() for word in DELETE)


def test_an_unknown_key_far_from_any_lists_the_keys_and_moves_text_to_note(mini):
    mutate(mini, S23, '"2.2": {status: done, self: -0.5, note:', '"2.2": {status: done, self: -0.5, xyzzy:')
    d = _only(mini, S23, "schema.unknown-key")
    assert "`status`" in d.hint_vi and "`note`" in d.hint_vi and "`evidence`" in d.hint_en
    assert not any(word in (d.hint_vi + d.hint_en).lower() for word in DELETE)


@pytest.mark.parametrize("written,wanted", [
    ("dnoe", "done"), ("in-progress", "in_progress"), ("hoàn thành", "done"), ("không áp dụng", "not_applicable"),
    ("Chưa đến hạn", "not_due"), ("faild", "failed"),
])
def test_a_status_is_answered_with_the_value_and_its_vietnamese_name(mini, written, wanted):
    mutate(mini, S23, '"1.2": {status: done, self: true}', f'"1.2": {{status: {written}, self: true}}')
    d = _only(mini, S23, "schema.enum")
    assert f"(`{wanted}`)?" in d.message_vi and f"`{wanted}`" in d.message_en
    assert d.hint_vi == f"Sửa thành `status: {wanted}`." and d.hint_en == f"Write `status: {wanted}`."


def test_a_status_far_from_any_lists_them_in_vietnamese(mini):
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1.2": {status: xyz, self: true}')
    d = _only(mini, S23, "schema.enum")
    assert "“đã thực hiện” (`done`)" in d.hint_vi and "“không áp dụng” (`not_applicable`)" in d.hint_vi
    assert " or " not in d.hint_vi and "`not_applicable` (not applicable)" in d.hint_en


def test_a_stage_and_a_rule_type(mini):
    mutate(mini, S23, "stage: final", "stage: finall")
    assert "`final`" in _only(mini, S23, "schema.enum").message_vi
    mutate(mini, C23, "rule: {type: manual, step: 0.5}", "rule: {type: manul, step: 0.5}")
    d = _only(mini, C23, "schema.enum")
    assert "“chấm điểm trực tiếp” (`manual`)" in d.message_vi and d.hint_en == "Write `type: manual`."


def test_a_unit_id_typo_in_a_score_file(mini):
    rel = "scores/2023/so-nganh/so-noi-vuu.yaml"
    (mini / S23).rename(mini / rel)
    mutate(mini, rel, "unit: so-noi-vu", "unit: so-noi-vuu")
    d = _only(mini, rel, "scores.unit")
    assert "Có phải là `so-noi-vu` (Sở Nội vụ)" in d.message_vi  # the closest first
    assert "Did you mean `so-noi-vu` (Department of Home Affairs)" in d.message_en


@pytest.mark.parametrize("old,new,rule,wanted", [
    ("appraised_by: so-tai-chinh", "appraised_by: so-tai-chnh", "criteria.references", "`so-tai-chinh` (Sở Tài chính)"),
    ('replaces: ["1.3"]', 'replaces: ["1.33"]', "criteria.references", "`1.3`"),
    ("rate: {numerator: paid_online, denominator: eligible}", "rate: {numerator: paid_onlin, denominator: eligible}",
     "criteria.rule", "`paid_online`"),
])
def test_ids_in_a_criteria_set(mini, old, new, rule, wanted):
    mutate(mini, C23, old, new)
    d = _only(mini, C23, rule)
    assert f"Có phải là {wanted}?" in d.message_vi and "Did you mean" in d.message_en


def test_a_criterion_id_in_a_score_file(mini):
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1.22": {status: done, self: true}')
    d = _only(mini, S23, "scores.criterion")
    assert "Có phải là `1.2`" in d.message_vi and "Did you mean `1.2`" in d.message_en


def test_a_criterion_id_written_with_a_comma(mini):
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1,2": {status: done, self: true}')
    d = _only(mini, S23, "schema.format")
    assert '`"1.2"`' in d.hint_vi and '`"1.2"`' in d.hint_en


def test_a_figure_name_in_a_score_file(mini):
    mutate(mini, S23, "figures: {paid_online: 30, eligible: 40}", "figures: {paid_onlne: 30, eligible: 40}")
    d = _only(mini, S23, "scores.value")
    assert "Đổi tên `paid_onlne` thành `paid_online`" in d.hint_vi and "Rename `paid_onlne` to `paid_online`" in d.hint_en


def test_ids_in_the_registry(mini):
    mutate(mini, REG, "    group: so-nganh\n    first_year: 2022\n    last_year",
           "    group: so-ngnah\n    first_year: 2022\n    last_year")
    d = _only(mini, REG, "registry.consistent")
    assert "Có phải là `so-nganh`?" in d.message_vi


@pytest.mark.parametrize("name,unit", [("Sở Tài chính", "so-tai-chinh"), ("sở tài chính", "so-tai-chinh"),
                                       ("Department of Finance", "so-tai-chinh")])
def test_a_unit_name_where_its_id_belongs(mini, name, unit):
    mutate(mini, C23, "appraised_by: so-tai-chinh", f"appraised_by: {name}")
    d = _only(mini, C23, "schema.format")
    assert f"`appraised_by: {unit}`" in d.hint_vi and f"`appraised_by: {unit}`" in d.hint_en


def test_numbers_and_dates_as_people_write_them(mini):
    mutate(mini, S23, "date: 2023-01-15", "date: 15/01/2023")
    mutate(mini, S23, '"2.1": {status: done, self: 8.5}', '"2.1":\n    status: done\n    self: "8,5"')
    found = {d.rule: d for d in diagnostics_of(mini) if d.path == S23}
    assert found["schema.format"].hint_vi == "Viết thành `2023-01-15`."
    assert "`8.5`" in found["schema.type"].hint_vi and "dấu phẩy" in found["schema.type"].hint_vi
