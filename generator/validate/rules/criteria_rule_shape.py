"""Each criterion's scoring rule is well formed: leaves have a rule, parents do not; tiers are
ordered and within the max; rates use declared figures; deductions have max 0 and a negative floor."""
from __future__ import annotations

from generator.load.model import DeductionRule, ManualRule, RateRule, TiersRule
from generator.validate.rules.base import Rule, Scope, num, problem
from generator.validate.rules.criteria_index import located_criteria
from generator.validate.rules.suggestions import did_you_mean

ID = "criteria.rule"


def _rule_problems(cs, node, loc):
    rule = node.rule
    at = loc + ("rule",)
    if isinstance(rule, DeductionRule):
        if node.max != 0:
            yield (loc + ("max",), "Tiêu chí điểm trừ phải có `max: 0`.", "A deduction criterion must have `max: 0`.",
                   "Đặt `max: 0` và ghi mức trừ nhiều nhất ở `rule.floor`.",
                   "Set `max: 0` and put the lowest value in `rule.floor`.")
        if rule.floor >= 0:
            yield (at + ("floor",), "Mức trừ nhiều nhất (`floor`) của điểm trừ phải là số âm.",
                   "A deduction's `floor` must be negative.", "Ví dụ: `floor: -2`.", "For example: `floor: -2`.")
        return
    if node.max <= 0:
        yield (loc + ("max",), f"Tiêu chí {node.id} phải có điểm tối đa (`max`) lớn hơn 0.",
               f"Criterion {node.id} needs a `max` above 0.",
               "Đặt điểm tối đa dương, hoặc dùng `type: deduction` cho điểm trừ.",
               "Give a positive `max`, or use `type: deduction`.")
    if isinstance(rule, ManualRule):
        step = rule.step or cs.step
        if step <= 0 or node.max % step != 0:
            yield (at, f"Bước điểm {num(step)} không chia hết điểm tối đa {num(node.max)}.",
                   f"The step {num(step)} does not divide the max {num(node.max)}.",
                   "Chọn bước điểm chia hết điểm tối đa (ví dụ `0.25` hoặc `0.5`).",
                   "Choose a step that divides the max (e.g. `0.25`).")
    if isinstance(rule, RateRule):
        names = set(rule.figures)
        used = [rule.rate.numerator, rule.rate.denominator] + [n for c in rule.checks for n in [c.whole, *c.parts]]
        for name in sorted(set(used) - names):
            vi, en = did_you_mean(name, sorted(names))
            yield (at + ("figures",), f"Số liệu `{name}` được dùng nhưng chưa khai báo trong `figures`.{vi}",
                   f"Figure `{name}` is used but not declared under `figures`.{en}",
                   f"Thêm `{name}: <mô tả>` vào `figures`, hoặc sửa tên cho khớp.",
                   f"Add `{name}: <description>` under `figures`, or correct the name.")
    if isinstance(rule, TiersRule):
        mins = [t.min for t in rule.tiers]
        if mins != sorted(set(mins), reverse=True) or mins[-1] != 0:
            yield (at + ("tiers",), "Các mức phải xếp theo `min` giảm dần, không trùng nhau, và mức cuối có `min: 0`.",
                   "Tiers must be in decreasing `min`, without repeats, ending with `min: 0`.",
                   "Sắp xếp lại các mức, thêm mức cuối `- {min: 0, points: 0}`.",
                   "Reorder the tiers and end with `- {min: 0, points: 0}`.")
        for i, tier in enumerate(rule.tiers):
            if tier.points > node.max:
                yield (at + ("tiers", i, "points"), f"Điểm của mức ({num(tier.points)}) vượt điểm tối đa {num(node.max)}.",
                       f"Tier points {num(tier.points)} exceed the max {num(node.max)}.",
                       "Giảm điểm của mức, hoặc tăng điểm tối đa (`max`).", "Lower the tier's points or raise the `max`.")
        if rule.tiers and max(t.points for t in rule.tiers) != node.max:
            yield (at + ("tiers",), "Mức cao nhất phải cho đủ điểm tối đa.", "The top tier must give the full max.",
                   f"Đặt `points` của mức cao nhất là {num(node.max)}.", f"Give the top tier {num(node.max)} points.")


def check(cs, ds):
    for node, loc, _ in located_criteria(cs):
        if node.criteria and node.rule is not None:
            yield problem(cs, loc + ("rule",), ID, f"Tiêu chí {node.id} có tiêu chí con nên không có cách chấm (`rule`).",
                          f"Criterion {node.id} has sub-criteria, so it cannot have a `rule`.",
                          "Chuyển cách chấm xuống các tiêu chí con; điểm của tiêu chí này là tổng điểm của chúng.",
                          "Move the rule to the sub-criteria; this criterion's points are their sum.")
        elif not node.criteria and node.rule is None:
            yield problem(cs, loc, ID, f"Tiêu chí {node.id} chưa có cách chấm (`rule`).",
                          f"Criterion {node.id} has no `rule`.",
                          "Thêm `rule: {type: manual}` (hoặc `binary`, `tiers`, `proportional`, `survey`, `deduction`).",
                          "Add `rule: {type: manual}` (or `binary`, `tiers`, `proportional`, `survey`, `deduction`).")
        elif node.rule is not None:
            for where, vi, en, hvi, hen in _rule_problems(cs, node, loc):
                yield problem(cs, where, ID, vi, en, hvi, hen)


RULE = Rule(ID, Scope.CRITERIA_SET, "Cách chấm hợp lệ", "Scoring rules are well formed", check)
