"""Maxima add up: children to their parent, fields to the total, and in the two-part form
(`parts: {appraised, survey}`) the parts to the total, survey criteria to the survey part (the
list form of `parts:` is `criteria.part-maxima`'s)."""
from __future__ import annotations

from generator.load.model import SurveyRule
from generator.validate.rules.base import Rule, Scope, num, problem
from generator.validate.rules.criteria_index import located_criteria

ID = "criteria.maxima"


def check(cs, ds):
    for node, loc, _ in located_criteria(cs):
        if node.criteria:
            total = sum((c.max for c in node.criteria), start=0)
            if total != node.max:
                yield problem(cs, loc + ("max",), ID,
                              f"Tiêu chí {node.id}: điểm tối đa {num(node.max)} khác tổng tiêu chí con {num(total)}.",
                              f"Criterion {node.id}: max {num(node.max)} differs from its sub-criteria's sum {num(total)}.",
                              "Sửa điểm tối đa (`max`) của tiêu chí hoặc của các tiêu chí con cho khớp.",
                              "Correct the `max` of the criterion or of its sub-criteria.")
    fields = sum((f.max for f in cs.fields), start=0)
    if fields != cs.total:
        yield problem(cs, ("total",), ID, f"Tổng điểm các lĩnh vực {num(fields)} khác tổng điểm {num(cs.total)}.",
                      f"The fields add up to {num(fields)}, not the total {num(cs.total)}.",
                      "Sửa điểm tối đa (`max`) của các lĩnh vực hoặc tổng điểm (`total`).",
                      "Correct the fields' `max` or the `total`.")
    if cs.declares_parts:
        return
    if cs.parts.appraised + cs.parts.survey != cs.total:
        yield problem(cs, ("parts",), ID,
                      f"Phần thẩm định {num(cs.parts.appraised)} + điều tra {num(cs.parts.survey)} khác tổng {num(cs.total)}.",
                      f"Appraised {num(cs.parts.appraised)} + survey {num(cs.parts.survey)} is not the total {num(cs.total)}.",
                      "Sửa `parts` cho cộng đúng bằng `total`.", "Make `parts` add up to `total`.")
    survey = sum((c.max for c in cs.leaves() if isinstance(c.rule, SurveyRule)), start=0)
    if survey != cs.parts.survey:
        yield problem(cs, ("parts", "survey"), ID,
                      f"Tổng điểm các tiêu chí điều tra xã hội học là {num(survey)}, khác phần điều tra {num(cs.parts.survey)}.",
                      f"Survey criteria add up to {num(survey)}, not the survey part {num(cs.parts.survey)}.",
                      "Sửa `parts.survey`, hoặc điểm tối đa của các tiêu chí có `type: survey`.",
                      "Correct `parts.survey` or the maxima of the `type: survey` criteria.")


RULE = Rule(ID, Scope.CRITERIA_SET, "Điểm tối đa cộng đúng", "Maxima add up", check)
