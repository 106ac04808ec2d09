"""A criteria set applies to the file's group and year, and every scored criterion is one of
its leaf criteria. An unknown id is answered with the closest leaf ids; a criteria set that
would apply but has errors of its own is named, and the file waits for it (`broken_set`)."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import waiting_problem
from generator.validate.rules.suggestions import did_you_mean

ID = "scores.criterion"


def check(sf, ds):
    waiting = waiting_problem(sf, ds, ID)
    if waiting is not None:
        yield waiting
        return
    cs = ds.set_for(sf.group, sf.year)
    if cs is None:
        yield problem(sf, ("year",), ID, f"Không có bộ tiêu chí nào áp dụng cho nhóm `{sf.group}` năm {sf.year}.",
                      f"No criteria set applies to group `{sf.group}` in {sf.year}.",
                      f"Thêm `criteria/{sf.group}/{sf.year}.yaml` hoặc sửa năm.",
                      f"Add `criteria/{sf.group}/{sf.year}.yaml` or correct the year.")
        return
    leaves = ds.leaves_of(cs)
    for cid in sf.scores:
        if cid in leaves:
            continue
        parent = next((c for c, _ in cs.walk() if c.id == cid and c.criteria), None)
        if parent is not None:
            children = [c.id for c, _ in parent.walk() if c.is_leaf]
            vi = f"`{cid}` có tiêu chí con nên không chấm trực tiếp: chấm từng tiêu chí con ({', '.join(children)})."
            en = f"`{cid}` has sub-criteria, so it is not scored itself: score each of them ({', '.join(children)})."
            hint_vi = f"Ghi điểm dưới mã của các tiêu chí con trong `criteria/{cs.group}/{cs.year}.yaml`."
            hint_en = f"Write the points under the sub-criteria's ids from `criteria/{cs.group}/{cs.year}.yaml`."
        else:
            mean_vi, mean_en = did_you_mean(cid, {c.id: (c.name,) for c in leaves.values()})
            vi = f"Tiêu chí `{cid}` không có trong bộ tiêu chí {cs.group}/{cs.year}.{mean_vi}"
            en = f"Criterion `{cid}` is not in criteria set {cs.group}/{cs.year}.{mean_en}"
            hint_vi = f"Dùng mã một tiêu chí lá trong `criteria/{cs.group}/{cs.year}.yaml` (ví dụ `\"{min(leaves)}\"`)."
            hint_en = f"Use the id of a leaf criterion from `criteria/{cs.group}/{cs.year}.yaml` (e.g. `\"{min(leaves)}\"`)."
        yield problem(sf, ("scores", cid), ID, vi, en, hint_vi, hint_en, key=True)


RULE = Rule(ID, Scope.SCORE_FILE, "Tiêu chí có trong bộ tiêu chí áp dụng", "Criteria exist in the set that applies", check)
