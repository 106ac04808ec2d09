"""An agency's appraisal or survey file (scores/<year>/<group>/tham-dinh|dieu-tra/<agency>.yaml)
records only what is that agency's to record: a registered agency of the right role, units of
the group active that year, leaf criteria the criteria set assigns to it (survey criteria for a
survey file), values that fit each criterion's rule, a reason wherever the appraisal differs from
the self-assessment, and responses that answer an explanation (accepted with a value, or
rejected with a reason, not before the explanation)."""
from __future__ import annotations

from types import SimpleNamespace

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import waiting_problem
from generator.validate.rules.registry_agencies import did_you_mean
from generator.validate.rules.scores_values import _value_problems

ID = "agency.file"


def _assigned(crit, cs) -> str:
    return crit.appraised_by or cs.appraised_by


def _same(a, b) -> bool:
    return a is not None and a == b and type(a) is type(b)


def check(af, ds):
    survey = af.kind == "survey"
    agency = ds.agencies.get(af.agency)
    if agency is None:
        vi, en = did_you_mean(af.agency, ds.agencies)
        yield problem(af, ("agency",), ID, f"Cơ quan `{af.agency}` chưa có trong danh sách `agencies` của "
                      f"`scores/units.yaml`.{vi}", f"Agency `{af.agency}` is not listed under agencies in "
                      f"scores/units.yaml.{en}", "Thêm cơ quan vào `agencies` (mã, tên, vai trò) hoặc sửa mã.",
                      "Add the agency under `agencies` (id, name, role) or correct the id.")
    elif survey != (agency.role == "survey"):
        folder = "dieu-tra" if survey else "tham-dinh"
        yield problem(af, ("agency",), ID,
                      f"Cơ quan `{af.agency}` có vai trò `{agency.role}`, không ghi được tệp trong thư mục {folder}/.",
                      f"Agency `{af.agency}` has the role `{agency.role}` and cannot write files under {folder}/.",
                      "Tệp điều tra xã hội học (`dieu-tra/`) là của cơ quan có vai trò `survey`; tệp thẩm định "
                      "(`tham-dinh/`) là của các cơ quan khác.",
                      "Survey files (`dieu-tra/`) belong to the `survey` role; appraisal files (`tham-dinh/`) to the others.")
    elif agency.groups and af.group not in agency.groups:
        yield problem(af, ("group",), ID, f"Cơ quan `{af.agency}` không thẩm định nhóm `{af.group}`.",
                      f"Agency `{af.agency}` does not appraise group `{af.group}`.",
                      f"Thêm `{af.group}` vào `groups` của cơ quan trong `scores/units.yaml`, hoặc chuyển tệp.",
                      f"Add `{af.group}` to the agency's `groups` in `scores/units.yaml`, or move the file.")
    waiting = waiting_problem(af, ds, ID)
    if waiting is not None:
        yield waiting
        return
    cs = ds.set_for(af.group, af.year)
    if cs is None:
        yield problem(af, ("year",), ID, f"Không có bộ tiêu chí nào áp dụng cho nhóm `{af.group}` năm {af.year}.",
                      f"No criteria set applies to group `{af.group}` in {af.year}.",
                      f"Thêm `criteria/{af.group}/{af.year}.yaml` hoặc sửa năm, nhóm.",
                      f"Add `criteria/{af.group}/{af.year}.yaml` or correct the year and group.")
        return
    leaves = ds.leaves_of(cs)
    for uid, entries in af.units.items():
        unit = ds.units.get(uid)
        if unit is None or unit.group != af.group or not unit.active_in(af.year):
            if unit is None:
                vi, en = did_you_mean(uid, [u for u, x in ds.units.items() if x.group == af.group])
                what_vi, what_en = f"Đơn vị `{uid}` không có trong danh mục.{vi}", f"Unit `{uid}` is not in the registry.{en}"
            elif unit.group != af.group:
                what_vi = f"Đơn vị `{uid}` thuộc nhóm `{unit.group}`, không thuộc nhóm `{af.group}` của tệp."
                what_en = f"Unit `{uid}` is in group `{unit.group}`, not in this file's group `{af.group}`."
            else:
                what_vi = f"Đơn vị `{uid}` không được đánh giá năm {af.year}."
                what_en = f"Unit `{uid}` is not assessed in {af.year}."
            yield problem(af, ("units", uid), ID, what_vi, what_en,
                          "Ghi đơn vị trong tệp của đúng năm và nhóm, với mã trong `scores/units.yaml`.",
                          "Record the unit in the file of its year and group, with its id from `scores/units.yaml`.",
                          key=True)
            continue
        own = ds.score_file_of.get((af.year, uid))
        if own is None:
            yield problem(af, ("units", uid), ID, f"Đơn vị `{uid}` chưa có tệp tự đánh giá năm {af.year}: giá trị "
                          "ghi ở đây chưa được tính.", f"Unit `{uid}` has no self-assessment file for {af.year}: the "
                          "values recorded here do not count yet.",
                          f"Đơn vị nộp `scores/{af.year}/{af.group}/{uid}.yaml` trước.",
                          f"The unit submits `scores/{af.year}/{af.group}/{uid}.yaml` first.", key=True, warning=True)
        for cid, entry in entries.items():
            yield from _entry(af, ds, cs, leaves, uid, cid, entry, own, survey)
        if survey:
            missing = [c.id for c in leaves.values() if c.rule.type == "survey" and c.id not in entries]
            if missing:
                yield problem(af, ("units", uid), ID, f"Đơn vị `{uid}` thiếu kết quả điều tra: {', '.join(missing)}.",
                              f"Unit `{uid}` lacks survey results for: {', '.join(missing)}.",
                              "Ghi kết quả cho mọi tiêu chí điều tra của đơn vị, hoặc bỏ đơn vị nếu chưa điều tra.",
                              "Record every survey criterion of the unit, or leave the unit out until surveyed.",
                              key=True)


def _entry(af, ds, cs, leaves, uid, cid, entry, own, survey):
    at = ("units", uid, cid)
    crit = leaves.get(cid)
    if crit is None:
        known = [c.id for c in leaves.values()]
        vi, en = did_you_mean(cid, known)
        yield problem(af, at, ID, f"Tiêu chí `{cid}` không phải tiêu chí lá của bộ {cs.group}/{cs.year}.{vi}",
                      f"Criterion `{cid}` is not a leaf criterion of set {cs.group}/{cs.year}.{en}",
                      f"Dùng mã tiêu chí lá trong `criteria/{cs.group}/{cs.year}.yaml`.",
                      f"Use a leaf criterion id from `criteria/{cs.group}/{cs.year}.yaml`.", key=True)
        return
    is_survey = crit.rule.type == "survey"
    if survey and not is_survey:
        yield problem(af, at, ID, f"Tiêu chí {cid} không phải tiêu chí điều tra xã hội học.",
                      f"Criterion {cid} is not a survey criterion.",
                      "Tệp điều tra chỉ ghi kết quả các tiêu chí điều tra (cách chấm `survey`).",
                      "A survey file records only survey criteria (rule `survey`).", key=True)
        return
    if not survey and (is_survey or _assigned(crit, cs) != af.agency):
        who = "đơn vị điều tra xã hội học" if is_survey else f"`{_assigned(crit, cs)}`"
        who_en = "the survey organiser" if is_survey else f"`{_assigned(crit, cs)}`"
        yield problem(af, at, ID, f"Tiêu chí {cid} do {who} thẩm định, không phải `{af.agency}`.",
                      f"Criterion {cid} is appraised by {who_en}, not by `{af.agency}`.",
                      f"Ghi tiêu chí này trong tệp của cơ quan được giao (xem `appraised_by` trong "
                      f"`criteria/{cs.group}/{cs.year}.yaml`).",
                      f"Record it in the file of the agency it is assigned to (see `appraised_by` in "
                      f"`criteria/{cs.group}/{cs.year}.yaml`).", key=True)
        return
    if survey:
        for key in ("appraised", "appraised_figures", "reason", "response"):
            if getattr(entry, key) is not None:
                yield problem(af, at + (key,), ID, f"Tệp điều tra chỉ ghi kết quả (result), không ghi `{key}`.",
                              f"A survey file records the result only, not `{key}`.",
                              f"Bỏ `{key}`; ghi `result:` theo thang của tiêu chí.",
                              f"Drop `{key}`; write `result:` on the criterion's scale.", key=True)
        if entry.result is None:
            yield problem(af, at, ID, f"Tiêu chí {cid}: thiếu kết quả điều tra `result`.",
                          f"Criterion {cid}: the survey result `result` is missing.",
                          "Ghi `result:` theo thang của tiêu chí.", "Write `result:` on the criterion's scale.", key=True)
    elif entry.result is not None:
        yield problem(af, at + ("result",), ID, "Tệp thẩm định không ghi kết quả điều tra `result`.",
                      "An appraisal file does not record a survey result `result`.",
                      "Kết quả điều tra do đơn vị điều tra ghi trong tệp `dieu-tra/` của mình.",
                      "The survey organiser records results in its own `dieu-tra/` file.", key=True)
    checked = SimpleNamespace(self_value=None, appraised=entry.appraised, figures=None,
                              appraised_figures=entry.appraised_figures, result=entry.result)
    for key, vi, en, hvi, hen in _value_problems(cs, crit, checked):
        yield problem(af, at + (key,), ID, vi, en, hvi, hen)
    if survey:
        return
    if entry.appraised is None and entry.appraised_figures is None:
        yield problem(af, at, ID, f"Tiêu chí {cid}: thiếu giá trị thẩm định.",
                      f"Criterion {cid}: the appraised value is missing.",
                      "Ghi `appraised:` (hoặc `appraised_figures:` với tiêu chí tính theo tỷ lệ), kể cả khi bằng "
                      "giá trị tự đánh giá.",
                      "Write `appraised:` (or `appraised_figures:` for rate criteria), even where it equals the "
                      "self-assessment.", key=True)
    mine = own.scores.get(cid) if own is not None else None
    differs = mine is not None and (
        (entry.appraised is not None and not _same(entry.appraised, mine.self_value))
        or (entry.appraised_figures is not None and entry.appraised_figures != mine.figures))
    if differs and not entry.reason:
        yield problem(af, at, ID, f"Tiêu chí {cid} của `{uid}`: giá trị thẩm định khác giá trị tự đánh giá nhưng "
                      "không ghi lý do.", f"Criterion {cid} of `{uid}`: the appraised value differs from the "
                      "self-assessment without a reason.", "Thêm `reason:` nêu lý do (ví dụ kiểm chứng còn thiếu).",
                      "Add `reason:` saying why (e.g. missing evidence).", key=True)
    response = entry.response
    if response is None:
        return
    rat = at + ("response",)
    explanation = own.explanations.get(cid) if own is not None else None
    if explanation is None:
        yield problem(af, rat, ID, f"Tiêu chí {cid} của `{uid}`: có trả lời giải trình nhưng đơn vị chưa giải trình.",
                      f"Criterion {cid} of `{uid}`: a response, but the unit has not explained.",
                      "Đơn vị ghi giải trình dưới `explanations:` trong tệp của mình, hoặc bỏ `response`.",
                      "The unit writes its explanation under `explanations:` in its file, or drop `response`.",
                      key=True, warning=True)
    elif response.date < explanation.date:
        yield problem(af, rat + ("date",), ID,
                      f"Trả lời ngày {response.date.isoformat()} trước ngày đơn vị giải trình "
                      f"({explanation.date.isoformat()}).",
                      f"The response ({response.date.isoformat()}) is dated before the explanation "
                      f"({explanation.date.isoformat()}).", "Sửa ngày trả lời hoặc ngày giải trình.",
                      "Correct the date of the response or of the explanation.")
    if not response.accepted and not response.reason:
        yield problem(af, rat + ("accepted",), ID, f"Tiêu chí {cid} của `{uid}`: không chấp nhận giải trình nhưng "
                      "không ghi lý do.", f"Criterion {cid} of `{uid}`: the explanation is rejected without a reason.",
                      "Thêm `reason:` vào `response`.", "Add `reason:` to the `response`.", key=True)
    if not response.accepted and (response.appraised is not None or response.appraised_figures is not None):
        yield problem(af, rat + ("accepted",), ID, f"Tiêu chí {cid}: giải trình không được chấp nhận nhưng có giá "
                      "trị mới.", f"Criterion {cid}: the explanation is rejected, yet a new value is given.",
                      "Đặt `accepted: true` nếu chấp nhận, hoặc bỏ giá trị mới.",
                      "Set `accepted: true` if it is accepted, or drop the new value.", key=True)
    answer = SimpleNamespace(self_value=None, appraised=response.appraised, figures=None,
                             appraised_figures=response.appraised_figures, result=None)
    for key, vi, en, hvi, hen in _value_problems(cs, crit, answer):
        yield problem(af, rat + (key,), ID, vi, en, hvi, hen)


RULE = Rule(ID, Scope.AGENCY_FILE, "Tệp thẩm định, điều tra của cơ quan hợp lệ",
            "An agency's appraisal or survey file is valid", check)
