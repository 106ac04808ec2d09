"""The same unit is not scored twice in one year (for instance under two group folders)."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "dataset.duplicate-score"


def check(ds, _):
    seen = {}
    for sf in ds.score_files:
        key = (sf.year, sf.unit)
        if key in seen:
            yield problem(sf, ("unit",), ID, f"Đơn vị `{sf.unit}` đã được chấm năm {sf.year} ở `{seen[key]}`.",
                          f"Unit `{sf.unit}` is already scored for {sf.year} in `{seen[key]}`.",
                          "Giữ một tệp duy nhất cho mỗi đơn vị mỗi năm: gộp nội dung vào một tệp rồi xóa tệp kia.",
                          "Keep one file per unit and year: merge the content into one and delete the other.")
        else:
            seen[key] = sf.path


RULE = Rule(ID, Scope.DATASET, "Mỗi đơn vị một tệp mỗi năm", "One score file per unit and year", check)
