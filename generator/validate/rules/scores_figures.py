"""Raw figures are consistent: parts do not exceed their whole (on time + late ≤ received),
and a rate's denominator is not zero."""
from __future__ import annotations

from generator.load import labels
from generator.load.model import RateRule
from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import scored_entries

ID = "scores.figures"


def check(sf, ds):
    for cid, entry, crit in scored_entries(sf, ds):
        if not isinstance(crit.rule, RateRule) or entry.status == "not_applicable":
            continue
        for key in ("figures", "appraised_figures"):
            figures = getattr(entry, key)
            if not figures:
                continue
            for rule_check in crit.rule.checks:
                if rule_check.whole not in figures or any(p not in figures for p in rule_check.parts):
                    continue
                parts = sum(figures[p] for p in rule_check.parts)
                if parts > figures[rule_check.whole]:
                    names = " + ".join(f"`{p}`" for p in rule_check.parts)
                    whole = f"`{rule_check.whole}` = {figures[rule_check.whole]}"
                    yield problem(sf, ("scores", cid, key, rule_check.whole), ID,
                                  f"{names} = {parts} lớn hơn {whole}.", f"{names} = {parts} is more than {whole}.",
                                  "Đối chiếu lại số liệu với báo cáo nguồn (phần không thể lớn hơn tổng).",
                                  "Check the figures against the source report (parts cannot exceed the whole).")
            denominator = crit.rule.rate.denominator
            if figures.get(denominator) == 0:
                yield problem(sf, ("scores", cid, key, denominator), ID,
                              f"Mẫu số `{denominator}` bằng 0 nên không tính được tỷ lệ.",
                              f"The denominator `{denominator}` is 0, so no rate can be computed.",
                              f"Nếu không phát sinh và tiêu chí cho phép, ghi trạng thái {labels.vi('not_applicable')}.",
                              "If nothing arose and the criterion allows it, set `status: not_applicable`.")


RULE = Rule(ID, Scope.SCORE_FILE, "Số liệu gốc nhất quán", "Raw figures are consistent", check)
