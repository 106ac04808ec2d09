"""Statuses make sense: not applicable only where the criterion allows it and without values;
a final file has no criterion still in progress or not yet due."""
from __future__ import annotations

from generator.load import labels
from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import applicable_set

ID = "scores.status"
_FINAL = ["done", "failed", "not_applicable"]


def check(sf, ds):
    cs = applicable_set(sf, ds)
    leaves = ds.leaves_of(cs) if cs else {}
    for cid, entry in sf.scores.items():
        at = ("scores", cid, "status")
        crit = leaves.get(cid)
        if entry.status == "not_applicable":
            if crit is not None and not crit.may_be_not_applicable:
                yield problem(sf, at, ID,
                              f"Tiêu chí {cid} không được giảm trừ: không ghi được {labels.vi('not_applicable')}.",
                              f"Criterion {cid} may not be marked `not_applicable`.",
                              "Chấm điểm tiêu chí này; chỉ tiêu chí có `may_be_not_applicable: true` trong bộ tiêu chí "
                              "mới được giảm trừ.",
                              "Score it; only criteria with `may_be_not_applicable: true` in the set can be removed.")
            values = [k for k in ("self_value", "appraised", "figures", "appraised_figures", "result")
                      if getattr(entry, k) is not None]
            if values:
                yield problem(sf, at, ID,
                              f"Tiêu chí {cid} được đánh dấu {labels.vi('not_applicable')} nhưng vẫn có điểm hoặc số liệu.",
                              f"Criterion {cid} is marked `not_applicable` but still has points or figures.",
                              "Nếu tiêu chí có phát sinh, ghi trạng thái đúng (ví dụ “đã thực hiện” (`done`)) để điểm "
                              "được tính; nếu không phát sinh, điểm và số liệu không được tính, chuyển điều cần giữ "
                              "sang `note`.",
                              "If it did arise, set the right status (e.g. `done`) so that it counts; if not, the points "
                              "and figures do not count: move what should be kept to `note`.")
        if sf.stage == "final" and entry.status in ("in_progress", "not_due"):
            yield problem(sf, at, ID,
                          f"Tệp là kết quả chính thức (`stage: final`) nhưng tiêu chí {cid} còn {labels.vi(entry.status)}.",
                          f"The file is final (`stage: final`) but criterion {cid} is still {labels.en(entry.status)}.",
                          f"Cập nhật trạng thái ({labels.vi_list(_FINAL)}), hoặc đặt `stage: self`.",
                          f"Update the status ({labels.en_list(_FINAL)}), or set `stage: self`.")


RULE = Rule(ID, Scope.SCORE_FILE, "Trạng thái hợp lý", "Statuses make sense", check)
