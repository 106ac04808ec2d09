"""Statuses make sense: not applicable only where the criterion allows it and without values;
a final file has no criterion still in progress or not yet due."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "scores.status"


def check(sf, ds):
    cs = ds.set_for(sf.group, sf.year)
    leaves = ds.leaves_of(cs) if cs else {}
    for cid, entry in sf.scores.items():
        at = ("scores", cid, "status")
        crit = leaves.get(cid)
        if entry.status == "not_applicable":
            if crit is not None and not crit.may_be_not_applicable:
                yield problem(sf, at, ID, f"Tiêu chí {cid} không được phép giảm trừ (not_applicable).",
                              f"Criterion {cid} may not be marked not applicable.",
                              "Chấm điểm tiêu chí này; chỉ tiêu chí có may_be_not_applicable: true mới được giảm trừ.",
                              "Score it; only criteria with may_be_not_applicable: true can be removed.")
            values = [k for k in ("self_value", "appraised", "figures", "appraised_figures", "result")
                      if getattr(entry, k) is not None]
            if values:
                yield problem(sf, at, ID, f"Tiêu chí {cid} được giảm trừ nhưng vẫn có giá trị.",
                              f"Criterion {cid} is not applicable but still has values.",
                              "Xóa các giá trị, hoặc bỏ status: not_applicable.",
                              "Remove the values, or drop status: not_applicable.")
        if sf.stage == "final" and entry.status in ("in_progress", "not_due"):
            yield problem(sf, at, ID, f"Tệp final nhưng tiêu chí {cid} còn '{entry.status}'.",
                          f"The file is final but criterion {cid} is still '{entry.status}'.",
                          "Cập nhật trạng thái (done, failed, not_applicable) hoặc đặt stage: self.",
                          "Update the status (done, failed, not_applicable) or set stage: self.")


RULE = Rule(ID, Scope.SCORE_FILE, "Trạng thái hợp lý", "Statuses make sense", check)
