"""The maxima of the parts a criteria set declares (the list form of `parts:`) add up: the top
parts to the set's total, sub-parts to their part, a part's fields and criteria to the part."""
from __future__ import annotations

from decimal import Decimal

from generator.validate.rules.base import Rule, Scope, num, problem
from generator.validate.rules.criteria_index import located_criteria, located_parts, parts_set_aside

ID = "criteria.part-maxima"


def check(cs, ds):
    if not cs.declares_parts or parts_set_aside(cs):
        return
    maxima = {node.id: node.max for node, _, _ in located_criteria(cs)}
    top = sum((p.max for p in cs.parts), start=Decimal(0))
    if top != cs.total:
        yield problem(cs, ("parts",), ID,
                      f"Tổng điểm tối đa các phần là {num(top)}, khác tổng điểm {num(cs.total)}.",
                      f"The parts add up to {num(top)}, not the total {num(cs.total)}.",
                      "Sửa điểm tối đa (`max`) của các phần hoặc tổng điểm (`total`).",
                      "Correct the parts' `max` or the `total`.", key=True)
    for part, loc, _ in located_parts(cs):
        if part.parts:
            children = sum((p.max for p in part.parts), start=Decimal(0))
            if children != part.max:
                yield problem(cs, loc + ("max",), ID,
                              f"Phần `{part.id}`: điểm tối đa {num(part.max)} khác tổng các phần con {num(children)}.",
                              f"Part `{part.id}`: max {num(part.max)} differs from its sub-parts' sum {num(children)}.",
                              "Sửa điểm tối đa (`max`) của phần hoặc của các phần con cho khớp.",
                              "Correct the `max` of the part or of its sub-parts.")
        elif part.criteria and all(c in maxima for c in part.criteria):  # unknown ids: criteria.part-members
            listed = sum((maxima[c] for c in part.criteria), start=Decimal(0))
            if listed != part.max:
                yield problem(cs, loc + ("max",), ID,
                              f"Phần `{part.id}`: điểm tối đa {num(part.max)} khác tổng điểm tối đa các lĩnh vực, "
                              f"tiêu chí của phần ({', '.join(part.criteria)}) là {num(listed)}.",
                              f"Part `{part.id}`: max {num(part.max)} differs from the sum of its fields' and "
                              f"criteria's maxima ({', '.join(part.criteria)}), {num(listed)}.",
                              "Sửa điểm tối đa (`max`) của phần, hoặc danh sách `criteria` của phần.",
                              "Correct the part's `max`, or its `criteria` list.")


RULE = Rule(ID, Scope.CRITERIA_SET, "Điểm tối đa các phần cộng đúng", "Part maxima add up", check)
