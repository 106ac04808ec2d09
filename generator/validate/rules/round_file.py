"""A year's round (scores/<year>/ky-danh-gia.yaml) names groups that exist, deadlines in their
order (self-assessment, appraisal, explanation, publication), and a results decision only for a
group whose results of that year are final, not dated after the publication deadline."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.registry_agencies import did_you_mean

ID = "round.file"
ORDER = ("self_assessment", "appraisal", "explanation", "publication")
NAMES = {"self_assessment": ("nộp tự đánh giá", "self-assessment"), "appraisal": ("thẩm định sơ bộ", "appraisal"),
         "explanation": ("giải trình", "explanation"), "publication": ("công bố", "publication")}


def check(ds, _):
    for rnd in ds.rounds:
        for gid, group in rnd.groups.items():
            at = ("groups", gid)
            if gid not in ds.groups:
                vi, en = did_you_mean(gid, ds.groups)
                yield problem(rnd, at, ID, f"Nhóm `{gid}` không có trong `scores/units.yaml`.{vi}",
                              f"Group `{gid}` is not in `scores/units.yaml`.{en}",
                              "Dùng mã một nhóm trong `groups`.", "Use the id of a group under `groups`.", key=True)
                continue
            dates = [(k, getattr(group.deadlines, k)) for k in ORDER if getattr(group.deadlines, k) is not None]
            for (k1, d1), (k2, d2) in zip(dates, dates[1:]):
                if d2 < d1:
                    yield problem(rnd, at + ("deadlines", k2), ID,
                                  f"Hạn {NAMES[k2][0]} ({d2.isoformat()}) trước hạn {NAMES[k1][0]} ({d1.isoformat()}).",
                                  f"The {NAMES[k2][1]} deadline ({d2.isoformat()}) is before the {NAMES[k1][1]} "
                                  f"deadline ({d1.isoformat()}).", "Kiểm tra lại các ngày theo kế hoạch của tỉnh.",
                                  "Check the dates against the province's plan.", warning=True)
            files = [sf for sf in ds.score_files if sf.year == rnd.year and sf.group == gid]
            results_only = not files and bool(group.announced)  # a year known only as published
            if group.decision is not None and not results_only and (not files or any(sf.stage != "final" for sf in files)):
                yield problem(rnd, at + ("decision",), ID,
                              f"Có quyết định công bố nhưng kết quả nhóm `{gid}` năm {rnd.year} chưa chính thức.",
                              f"A results decision, but the results of group `{gid}` in {rnd.year} are not final.",
                              "Đặt `stage: final` cho mọi tệp của nhóm khi kết quả được công bố, hoặc bỏ `decision`.",
                              "Set `stage: final` in every file of the group once the results are announced, or drop "
                              "the `decision`.", key=True)
            due = group.deadlines.publication
            if group.decision is not None and due is not None and group.decision.date > due:
                yield problem(rnd, at + ("decision", "date"), ID,
                              f"Quyết định công bố ký ngày {group.decision.date.isoformat()}, sau hạn công bố "
                              f"{due.isoformat()}.", f"The results decision is dated {group.decision.date.isoformat()}, "
                              f"after the publication deadline {due.isoformat()}.",
                              "Ghi nhận việc công bố muộn, hoặc sửa ngày nếu nhập sai.",
                              "Take note of the late publication, or correct the date if it was mistyped.", warning=True)


RULE = Rule(ID, Scope.DATASET, "Kỳ đánh giá: nhóm, thời hạn, quyết định", "A year's round: groups, deadlines, decision",
            check)
