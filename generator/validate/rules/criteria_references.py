"""A criteria set refers to things that exist: its group, its appraising agencies, and, through
`replaces`, criteria of the previous set of the same group. An unknown id is answered with the
closest ids (a unit's name written for its id: that unit's id)."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import located_criteria
from generator.validate.rules.suggestions import did_you_mean, unit_hint

ID = "criteria.references"


def check(cs, ds):
    if ds.registry is not None:
        if cs.group not in ds.groups:
            vi, en = did_you_mean(cs.group, {g.id: (g.name, g.name_en) for g in ds.groups.values()})
            yield problem(cs, ("group",), ID, f"Nhóm `{cs.group}` không có trong `scores/units.yaml`.{vi}",
                          f"Group `{cs.group}` is not in `scores/units.yaml`.{en}",
                          "Dùng mã một nhóm trong danh mục, hoặc thêm nhóm vào danh mục trước.",
                          "Use a group id from the registry, or add the group to it first.")
        agencies = [(("appraised_by",), cs.appraised_by)] + [
            (loc + ("appraised_by",), node.appraised_by) for node, loc, _ in located_criteria(cs) if node.appraised_by]
        for loc, agency in agencies:
            if agency not in ds.agencies and agency not in ds.units:
                vi, en = unit_hint(agency, ds)
                yield problem(cs, loc, ID, f"Cơ quan thẩm định `{agency}` không có trong danh mục.{vi}",
                              f"Appraising agency `{agency}` is not in the registry.{en}",
                              "Dùng mã một cơ quan trong `agencies` (hoặc một đơn vị trong `units`) của "
                              "`scores/units.yaml`, không dùng tên.",
                              "Use the id of an agency under `agencies` (or of a unit under `units`) in "
                              "`scores/units.yaml`, not its name.")
    previous = ds.previous_set(cs)
    old_ids = [c.id for c, _ in previous.walk()] if previous else []
    for node, loc, _ in located_criteria(cs):
        for j, old in enumerate(node.replaces):
            if old not in old_ids:
                where = f"bộ {previous.group}/{previous.year}" if previous else "bộ trước (không có bộ nào)"
                where_en = f"set {previous.group}/{previous.year}" if previous else "previous set (there is none)"
                vi, en = did_you_mean(old, old_ids)
                yield problem(cs, loc + ("replaces", j), ID,
                              f"Tiêu chí {node.id} kế tục `{old}`, nhưng {where} không có mã này.{vi}",
                              f"Criterion {node.id} replaces `{old}`, which is not in the {where_en}.{en}",
                              "Dùng mã của tiêu chí trong bộ tiêu chí năm trước; tiêu chí mới thì bỏ `replaces`.",
                              "Use an id from the previous set; a new criterion has no `replaces`.")
    later = [c for c in ds.sets_of(cs.group) if c.year > cs.year]
    if cs.until is not None and (cs.until < cs.year or (later and cs.until >= later[0].year)):
        yield problem(cs, ("until",), ID, "Năm `until` nhỏ hơn năm bắt đầu hoặc chồng lên bộ tiêu chí sau.",
                      "`until` is before `year` or overlaps the next set.",
                      "Đặt `until` từ năm của bộ này đến trước năm của bộ kế tiếp.",
                      "Set `until` between this set's year and the year before the next set.")


RULE = Rule(ID, Scope.CRITERIA_SET, "Tham chiếu của bộ tiêu chí tồn tại", "A criteria set's references exist", check)
