"""Criterion ids are unique within a criteria set."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import located_criteria

ID = "criteria.unique-ids"


def check(cs, ds):
    seen: set[str] = set()
    for node, loc, _ in located_criteria(cs):
        if node.id in seen:
            yield problem(cs, loc + ("id",), ID, f"Mã tiêu chí `{node.id}` bị lặp trong bộ tiêu chí.",
                          f"Criterion id `{node.id}` appears twice in the set.",
                          "Đặt mã khác cho một trong hai tiêu chí.", "Give one of the two criteria another id.")
        seen.add(node.id)


RULE = Rule(ID, Scope.CRITERIA_SET, "Mã tiêu chí không trùng", "Criterion ids are unique", check)
