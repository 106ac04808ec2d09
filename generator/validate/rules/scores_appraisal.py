"""Appraisal changes carry a reason, appear only once the file has been appraised, and
actually change something."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "scores.appraisal"


def check(sf, ds):
    for cid, entry in sf.scores.items():
        changed = entry.appraised is not None or entry.appraised_figures is not None
        at = ("scores", cid)
        if changed and sf.stage == "self":
            key = "appraised" if entry.appraised is not None else "appraised_figures"
            yield problem(sf, at + (key,), ID, "Tệp đang ở giai đoạn tự đánh giá (`stage: self`) nhưng đã có giá trị "
                          "thẩm định.",
                          "The file is at the self-assessment stage (`stage: self`) but holds appraised values.",
                          "Đặt `stage: appraised` (hoặc `stage: final`) khi Hội đồng đã thẩm định.",
                          "Set `stage: appraised` (or `stage: final`) once the council has appraised it.", key=True)
        if changed and not entry.reason:
            key = "appraised" if entry.appraised is not None else "appraised_figures"
            yield problem(sf, at + (key,), ID, f"Tiêu chí {cid}: Hội đồng thay đổi điểm nhưng không ghi lý do.",
                          f"Criterion {cid}: the council changed the value without a reason.",
                          "Thêm `reason:` nêu lý do thay đổi (ví dụ tài liệu kiểm chứng còn thiếu).",
                          "Add `reason:` saying why it changed (e.g. missing evidence).", key=True)
        if entry.reason and not changed:
            yield problem(sf, at + ("reason",), ID, f"Tiêu chí {cid} có lý do thẩm định nhưng không có điểm thẩm định.",
                          f"Criterion {cid} has an appraisal reason but no appraised value.",
                          "Thêm `appraised:` (hoặc `appraised_figures:`), hoặc đổi tên khóa `reason` thành `note` nếu "
                          "đó là ghi chú.",
                          "Add `appraised:` (or `appraised_figures:`), or rename the key `reason` to `note` if it is "
                          "a note.", key=True, warning=True)
        same_value = entry.appraised is not None and entry.appraised == entry.self_value \
            and type(entry.appraised) is type(entry.self_value)
        same_figures = entry.appraised_figures is not None and entry.appraised_figures == entry.figures
        if same_value or same_figures:
            key = "appraised" if same_value else "appraised_figures"
            yield problem(sf, at + (key,), ID, f"Tiêu chí {cid}: giá trị thẩm định trùng giá trị tự đánh giá.",
                          f"Criterion {cid}: the appraised value equals the self-assessed one.",
                          f"Chỉ ghi `{key}` khi Hội đồng thay đổi; bỏ dòng này (giá trị đã có ở phần tự đánh giá).",
                          f"Write `{key}` only when the council changed it; leave it out (the self-assessed value "
                          "already says it).", key=True, warning=True)


RULE = Rule(ID, Scope.SCORE_FILE, "Thay đổi thẩm định có lý do", "Appraisal changes have reasons", check)
