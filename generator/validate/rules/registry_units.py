"""The unit registry is consistent: unique ids, known groups, reasons for unranked units,
sensible years, renames and mergers that point at real units, and no unit id that is the name
of a reviewing team (a unit's team would then approve what only that team may)."""
from __future__ import annotations

from generator.core import teams
from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.suggestions import codes, did_you_mean

ID = "registry.consistent"


def check(reg, ds):
    group_ids: set[str] = set()
    for i, group in enumerate(reg.groups):
        if group.id in group_ids:
            yield problem(reg, ("groups", i, "id"), ID, f"Mã nhóm `{group.id}` bị lặp.",
                          f"Group id `{group.id}` is used twice.", "Đặt mã nhóm khác nhau.", "Give each group its own id.")
        group_ids.add(group.id)
    group_names = {g.id: (g.name, g.name_en) for g in reg.groups}
    units = {}
    names = {u.id: (u.name, u.name_en, *(f.name for f in u.former_names)) for u in reg.units}
    for i, unit in enumerate(reg.units):
        at = ("units", i)
        if unit.id in units:
            yield problem(reg, at + ("id",), ID, f"Mã đơn vị `{unit.id}` bị lặp.", f"Unit id `{unit.id}` is used twice.",
                          "Mỗi đơn vị có một mã duy nhất; đơn vị đổi tên giữ mã cũ và ghi tên cũ trong `former_names`.",
                          "Each unit has one id; a renamed unit keeps its id and lists `former_names`.")
        units[unit.id] = unit
        if teams.reserved(unit.id):
            yield problem(reg, at + ("id",), ID,
                          f"Mã đơn vị `{unit.id}` trùng tên một nhóm người duyệt trên GitHub (`{teams.SECRETARIAT}`, "
                          f"`{teams.MAINTAINERS}`, `{teams.APPRAISAL_PREFIX}<nhóm>`): nhóm của đơn vị sẽ duyệt thay "
                          "cho nhóm đó.",
                          f"Unit id `{unit.id}` is the name of a reviewing GitHub team (`{teams.SECRETARIAT}`, "
                          f"`{teams.MAINTAINERS}`, `{teams.APPRAISAL_PREFIX}<group>`): the unit's team would approve "
                          "in that team's place.",
                          "Đặt mã khác cho đơn vị, ví dụ theo tên cơ quan (`so-noi-vu`, `huyen-a`).",
                          "Give the unit another id, e.g. from its name (`so-noi-vu`, `huyen-a`).")
        if unit.group not in group_ids:
            vi, en = did_you_mean(unit.group, group_names)
            yield problem(reg, at + ("group",), ID, f"Nhóm `{unit.group}` không có trong danh sách `groups`.{vi}",
                          f"Group `{unit.group}` is not listed under `groups`.{en}",
                          f"Dùng một trong: {codes(sorted(group_ids))}.", f"Use one of: {codes(sorted(group_ids))}.")
        if not unit.ranked and not unit.unranked_reason:
            yield problem(reg, at + ("ranked",), ID, "Đơn vị không xếp hạng phải có lý do (`unranked_reason`).",
                          "An unranked unit needs an `unranked_reason`.",
                          "Thêm `unranked_reason`, ví dụ: “Đánh giá nhưng không xếp hạng chung theo Quyết định …”.",
                          "Add `unranked_reason`, e.g. “Evaluated but not ranked with the others under decision …”.")
        if unit.last_year is not None and unit.last_year < unit.first_year:
            yield problem(reg, at + ("last_year",), ID, "Năm cuối (`last_year`) nhỏ hơn năm đầu (`first_year`).",
                          "`last_year` is before `first_year`.", "Sửa năm cho đúng.", "Correct the years.")
        untils = [f.until for f in unit.former_names]
        if untils != sorted(set(untils)):
            yield problem(reg, at + ("former_names",), ID, "Các tên cũ phải xếp theo năm tăng dần, không trùng năm.",
                          "Former names must be in increasing years, one per year.",
                          "Sắp xếp `former_names` theo `until`.", "Sort `former_names` by `until`.")
    for i, unit in enumerate(reg.units):
        for j, old in enumerate(unit.merged_from):
            other = units.get(old)
            if other is None or old == unit.id:
                vi, en = did_you_mean(old, {k: v for k, v in names.items() if k != unit.id})
                yield problem(reg, ("units", i, "merged_from", j), ID, f"Đơn vị hợp nhất `{old}` không tồn tại.{vi}",
                              f"Merged unit `{old}` does not exist.{en}", "Dùng mã của một đơn vị khác trong danh mục.",
                              "Use the id of another unit in the registry.")
            elif other.last_year is None or other.last_year >= unit.first_year:
                yield problem(reg, ("units", i, "merged_from", j), ID,
                              f"Đơn vị `{old}` phải kết thúc (`last_year`) trước năm {unit.first_year}.",
                              f"Unit `{old}` must end (`last_year`) before {unit.first_year}.",
                              f"Đặt `last_year` của `{old}` ≤ {unit.first_year - 1}.",
                              f"Set `last_year` of `{old}` to {unit.first_year - 1} or earlier.")

        for j, old in enumerate(unit.split_from):
            other = units.get(old)
            if other is None or old == unit.id:
                vi, en = did_you_mean(old, {k: v for k, v in names.items() if k != unit.id})
                yield problem(reg, ("units", i, "split_from", j), ID, f"Đơn vị `{old}` (`split_from`) không tồn tại.{vi}",
                              f"Unit `{old}` (`split_from`) does not exist.{en}",
                              "Dùng mã của một đơn vị khác trong danh mục.", "Use the id of another unit in the registry.")
            elif other.first_year >= unit.first_year:
                yield problem(reg, ("units", i, "split_from", j), ID,
                              f"Đơn vị `{old}` phải có trước năm {unit.first_year} (`first_year`) thì mới tách ra được.",
                              f"Unit `{old}` must exist before {unit.first_year} (`first_year`) to be split from.",
                              f"Kiểm tra `first_year` của `{unit.id}` và của `{old}`.",
                              f"Check the `first_year` of `{unit.id}` and of `{old}`.")


RULE = Rule(ID, Scope.REGISTRY, "Danh mục đơn vị nhất quán", "The unit registry is consistent", check)
