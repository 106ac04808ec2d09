"""Each appraised or surveyed value is recorded in one place: not in two agencies' files, and not
both in an agency's file and in the unit's own file (`appraised`, `appraised_figures`, `reason`,
`result`). Each problem names both places, file and line."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "dataset.recorded-once"
_APPRAISAL_KEYS = ("appraised", "appraised_figures", "reason")


def _where(obj, loc) -> str:
    mark = obj.source.key(loc)
    return f"{obj.path}:{mark.line}:{mark.col}"


def check(ds, _):
    for (year, uid), by_criterion in sorted(ds.agency_entries.items()):
        own = ds.score_file_of.get((year, uid))
        for cid, pairs in sorted(by_criterion.items()):
            first_file = pairs[0][0]
            for af, _entry in pairs[1:]:
                if af.group != first_file.group:
                    continue  # a unit in another group's file: `agency.file` says so
                other = _where(first_file, ("units", uid, cid))
                yield problem(af, ("units", uid, cid), ID,
                              f"Tiêu chí {cid} của `{uid}` năm {year} đã được ghi ở {other}.",
                              f"Criterion {cid} of `{uid}` in {year} is already recorded at {other}.",
                              "Mỗi giá trị chỉ ghi ở một nơi: giữ ở tệp của cơ quan được giao tiêu chí, xóa ở nơi kia.",
                              "Record each value once: keep it in the file of the agency assigned the criterion, "
                              "and remove the other.", key=True)
            if own is None or own.group != first_file.group:
                continue
            mine = own.scores.get(cid)
            if mine is None:
                continue
            keys = ("result",) if first_file.kind == "survey" else _APPRAISAL_KEYS
            for key in keys:
                if getattr(mine, key) is not None:
                    other = _where(first_file, ("units", uid, cid))
                    yield problem(own, ("scores", cid, key), ID,
                                  f"Tiêu chí {cid}: `{key}` ghi trong tệp của đơn vị, trong khi cơ quan đã ghi ở "
                                  f"{other}.",
                                  f"Criterion {cid}: `{key}` is in the unit's file, while the agency recorded it at "
                                  f"{other}.",
                                  "Tệp của đơn vị chỉ ghi phần tự đánh giá; giá trị thẩm định, điều tra nằm trong tệp "
                                  "của cơ quan. Chuyển nội dung sang tệp đó rồi xóa ở đây.",
                                  "The unit's file holds its self-assessment only; appraised and survey values live "
                                  "in the agency's file. Move it there, then remove it here.", key=True)


RULE = Rule(ID, Scope.DATASET, "Mỗi giá trị thẩm định, điều tra ghi ở một nơi",
            "Each appraised or survey value is recorded once", check)
