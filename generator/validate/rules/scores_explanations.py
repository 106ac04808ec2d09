"""A unit's explanations (`explanations:` in its score file) are for leaf criteria of the set that
applies, once the file has been appraised, and are not dated before the file was submitted."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.registry_agencies import did_you_mean

ID = "scores.explanation"


def check(sf, ds):
    cs = ds.set_for(sf.group, sf.year)
    if cs is None or not sf.explanations:
        return
    leaves = ds.leaves_of(cs)
    for cid, told in sf.explanations.items():
        at = ("explanations", cid)
        if cid not in leaves:
            vi, en = did_you_mean(cid, leaves)
            yield problem(sf, at, ID, f"Giải trình cho `{cid}`, không phải tiêu chí lá của bộ {cs.group}/{cs.year}.{vi}",
                          f"An explanation for `{cid}`, which is not a leaf criterion of set {cs.group}/{cs.year}.{en}",
                          f"Dùng mã tiêu chí lá trong `criteria/{cs.group}/{cs.year}.yaml`.",
                          f"Use a leaf criterion id from `criteria/{cs.group}/{cs.year}.yaml`.", key=True)
        if sf.stage == "self":
            yield problem(sf, at, ID, "Đơn vị giải trình khi tệp còn ở giai đoạn tự đánh giá.",
                          "An explanation while the file is still at the self-assessment stage.",
                          "Giải trình sau khi có kết quả thẩm định sơ bộ (`stage: appraised`).",
                          "Explain once the preliminary appraisal is out (`stage: appraised`).", key=True, warning=True)
        if sf.submitted is not None and told.date < sf.submitted:
            yield problem(sf, at + ("date",), ID,
                          f"Giải trình ngày {told.date.isoformat()} trước ngày nộp tệp ({sf.submitted.isoformat()}).",
                          f"The explanation ({told.date.isoformat()}) is dated before the file was submitted "
                          f"({sf.submitted.isoformat()}).", "Sửa ngày giải trình.", "Correct the explanation's date.")


RULE = Rule(ID, Scope.SCORE_FILE, "Giải trình đúng tiêu chí và thời điểm", "Explanations fit criteria and dates", check)
