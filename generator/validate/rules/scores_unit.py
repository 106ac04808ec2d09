"""A score file's unit exists, is active that year, and belongs to the file's group. An unknown
unit is answered with the closest ids and names in the registry."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.suggestions import unit_hint

ID = "scores.unit"


def check(sf, ds):
    if ds.registry is None:
        return
    unit = ds.units.get(sf.unit)
    if unit is None:
        vi, en = unit_hint(sf.unit, ds)
        yield problem(sf, ("unit",), ID, f"Đơn vị `{sf.unit}` không có trong `scores/units.yaml`.{vi}",
                      f"Unit `{sf.unit}` is not in `scores/units.yaml`.{en}",
                      "Dùng mã đơn vị trong danh mục (tệp điểm mang tên theo mã), hoặc thêm đơn vị vào danh mục trước.",
                      "Use the unit's id from the registry (the score file is named after it), or add the unit first.")
        return
    if unit.group != sf.group:
        yield problem(sf, ("group",), ID, f"Đơn vị `{sf.unit}` thuộc nhóm `{unit.group}`, không phải `{sf.group}`.",
                      f"Unit `{sf.unit}` belongs to group `{unit.group}`, not `{sf.group}`.",
                      f"Chuyển tệp vào `scores/{sf.year}/{unit.group}/`.", f"Move the file to `scores/{sf.year}/{unit.group}/`.")
    if not unit.active_in(sf.year):
        yield problem(sf, ("year",), ID, f"Đơn vị `{sf.unit}` không hoạt động trong năm {sf.year}.",
                      f"Unit `{sf.unit}` is not active in {sf.year}.",
                      "Kiểm tra năm, hoặc năm đầu và năm cuối (`first_year`, `last_year`) của đơn vị trong danh mục.",
                      "Check the year, or the unit's `first_year` and `last_year` in the registry.")


RULE = Rule(ID, Scope.SCORE_FILE, "Đơn vị tồn tại và đúng nhóm", "The unit exists and is in the group", check)
