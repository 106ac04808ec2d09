"""The parts a criteria set declares (the list form of `parts:`) have unique ids."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import located_parts

ID = "criteria.part-ids"


def check(cs, ds):
    seen: set[str] = set()
    for part, loc, _ in located_parts(cs):
        if part.id in seen:
            yield problem(cs, loc + ("id",), ID, f"Mã phần `{part.id}` bị lặp trong `parts`.",
                          f"Part id `{part.id}` appears twice in `parts`.",
                          "Đặt mã khác cho một trong hai phần (mã phần dùng làm tên cột trong dữ liệu mở).",
                          "Give one of the two parts another id (part ids name the open data columns).")
        seen.add(part.id)


RULE = Rule(ID, Scope.CRITERIA_SET, "Mã các phần không trùng", "Part ids are unique", check)
