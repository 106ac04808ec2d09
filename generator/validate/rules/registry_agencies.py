"""The agencies of the registry (`agencies:` in scores/units.yaml: the appraisal council, the
departments that appraise their own criteria, the survey organiser) are consistent: unique ids
that are not a unit's (unless the agency is that unit), a unit they are that exists, groups that
exist."""
from __future__ import annotations

from difflib import get_close_matches

from generator.validate.rules.base import Rule, Scope, problem

ID = "registry.agencies"


def did_you_mean(word: str, known) -> tuple[str, str]:
    """(" Có phải …?", " Did you mean …?") for the closest known word, or empty texts."""
    close = get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return (f" Có phải `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")


def check(reg, ds):
    groups = {g.id for g in reg.groups}
    units = {u.id for u in reg.units}
    seen: set[str] = set()
    for i, agency in enumerate(reg.agencies):
        at = ("agencies", i)
        if agency.id in seen:
            yield problem(reg, at + ("id",), ID, f"Mã cơ quan `{agency.id}` bị lặp.",
                          f"Agency id `{agency.id}` is used twice.",
                          "Mỗi cơ quan có một mã duy nhất.", "Give each agency its own id.")
        seen.add(agency.id)
        if agency.id in units and agency.unit != agency.id:
            yield problem(reg, at + ("id",), ID,
                          f"Mã cơ quan `{agency.id}` trùng mã một đơn vị nhưng không ghi là đơn vị đó.",
                          f"Agency id `{agency.id}` is a unit's id, but the agency does not say it is that unit.",
                          f"Thêm `unit: {agency.id}` nếu cơ quan chính là đơn vị này, hoặc đặt mã khác.",
                          f"Add `unit: {agency.id}` if the agency is that unit, or choose another id.")
        if agency.unit is not None and agency.unit not in units:
            vi, en = did_you_mean(agency.unit, units)
            yield problem(reg, at + ("unit",), ID, f"Đơn vị `{agency.unit}` không có trong danh mục.{vi}",
                          f"Unit `{agency.unit}` is not in the registry.{en}",
                          "Dùng mã một đơn vị trong `units`, hoặc bỏ `unit` nếu cơ quan không được đánh giá.",
                          "Use the id of a unit under `units`, or drop `unit` if the agency is not assessed.")
        for j, group in enumerate(agency.groups):
            if group not in groups:
                vi, en = did_you_mean(group, groups)
                yield problem(reg, at + ("groups", j), ID, f"Nhóm `{group}` không có trong danh sách `groups`.{vi}",
                              f"Group `{group}` is not listed under `groups`.{en}",
                              f"Dùng một trong: {', '.join(sorted(groups))}.",
                              f"Use one of: {', '.join(sorted(groups))}.")


RULE = Rule(ID, Scope.REGISTRY, "Cơ quan thẩm định, điều tra nhất quán", "Appraising and surveying agencies are consistent",
            check)
