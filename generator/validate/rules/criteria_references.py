"""A criteria set refers to things that exist: its group, its appraising agencies, and, through
`replaces`, criteria of the previous set of the same group."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import located_criteria

ID = "criteria.references"


def check(cs, ds):
    if ds.registry is not None:
        if cs.group not in ds.groups:
            yield problem(cs, ("group",), ID, f"Nhóm '{cs.group}' không có trong scores/units.yaml.",
                          f"Group '{cs.group}' is not in scores/units.yaml.",
                          "Thêm nhóm vào danh mục hoặc sửa mã nhóm.", "Add the group to the registry or fix the id.")
        agencies = [(("appraised_by",), cs.appraised_by)] + [
            (loc + ("appraised_by",), node.appraised_by) for node, loc, _ in located_criteria(cs) if node.appraised_by]
        for loc, agency in agencies:
            if agency not in ds.agencies and agency not in ds.units:
                yield problem(cs, loc, ID, f"Cơ quan thẩm định '{agency}' không có trong danh mục.",
                              f"Appraising agency '{agency}' is not in the registry.",
                              "Dùng mã một cơ quan trong agencies (hoặc một đơn vị trong units) của scores/units.yaml.",
                              "Use the id of an agency under agencies (or of a unit under units) in scores/units.yaml.")
    previous = ds.previous_set(cs)
    old_ids = {c.id for c, _ in previous.walk()} if previous else set()
    for node, loc, _ in located_criteria(cs):
        for j, old in enumerate(node.replaces):
            if old not in old_ids:
                where = f"bộ {previous.group}/{previous.year}" if previous else "bộ trước (không có)"
                where_en = f"set {previous.group}/{previous.year}" if previous else "previous set (there is none)"
                yield problem(cs, loc + ("replaces", j), ID,
                              f"Tiêu chí {node.id} kế tục '{old}', nhưng {where} không có mã này.",
                              f"Criterion {node.id} replaces '{old}', which is not in the {where_en}.",
                              "Dùng mã của tiêu chí trong bộ tiêu chí năm trước, hoặc xóa replaces nếu là tiêu chí mới.",
                              "Use an id from the previous set, or remove replaces for a new criterion.")
    later = [c for c in ds.sets_of(cs.group) if c.year > cs.year]
    if cs.until is not None and (cs.until < cs.year or (later and cs.until >= later[0].year)):
        yield problem(cs, ("until",), ID, "Năm 'until' không hợp lệ hoặc chồng lên bộ tiêu chí sau.",
                      "'until' is before 'year' or overlaps the next set.",
                      "Đặt until giữa năm bắt đầu và trước năm của bộ kế tiếp.",
                      "Set until between this set's year and before the next set's year.")


RULE = Rule(ID, Scope.CRITERIA_SET, "Tham chiếu của bộ tiêu chí tồn tại", "A criteria set's references exist", check)
