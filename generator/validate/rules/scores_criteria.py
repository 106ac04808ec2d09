"""A criteria set applies to the file's group and year, and every scored criterion is one of
its leaf criteria."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "scores.criterion"


def check(sf, ds):
    cs = ds.set_for(sf.group, sf.year)
    if cs is None:
        yield problem(sf, ("year",), ID, f"Không có bộ tiêu chí nào áp dụng cho nhóm '{sf.group}' năm {sf.year}.",
                      f"No criteria set applies to group '{sf.group}' in {sf.year}.",
                      f"Thêm criteria/{sf.group}/{sf.year}.yaml hoặc sửa năm.",
                      f"Add criteria/{sf.group}/{sf.year}.yaml or correct the year.")
        return
    leaves = ds.leaves_of(cs)
    for cid in sf.scores:
        if cid in leaves:
            continue
        if any(c.id == cid and c.criteria for c, _ in cs.walk()):
            vi = f"'{cid}' có tiêu chí con; hãy chấm điểm từng tiêu chí con."
            en = f"'{cid}' has sub-criteria; score each sub-criterion instead."
        else:
            vi = f"Tiêu chí '{cid}' không có trong bộ tiêu chí {cs.group}/{cs.year}."
            en = f"Criterion '{cid}' is not in criteria set {cs.group}/{cs.year}."
        yield problem(sf, ("scores", cid), ID, vi, en,
                      f"Dùng mã tiêu chí trong criteria/{cs.group}/{cs.year}.yaml (ví dụ '{min(leaves)}').",
                      f"Use a criterion id from criteria/{cs.group}/{cs.year}.yaml (e.g. '{min(leaves)}').", key=True)


RULE = Rule(ID, Scope.SCORE_FILE, "Tiêu chí có trong bộ tiêu chí áp dụng", "Criteria exist in the set that applies", check)
