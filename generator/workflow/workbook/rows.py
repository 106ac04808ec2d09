"""What a workbook holds: its kind, its columns, and one row per criterion (or per unit ×
criterion) with the fixed values it shows and the current values staff may change.

Built from the loaded dataset, the same way at export and at import: the import compares the
rows it would export now with those the workbook recorded, so that a criterion renamed or
re-weighted since, or a locked cell edited, is found and named.

Three kinds of workbook, each writing one YAML file:

* `self`: a unit's self-assessment for a year → `scores/<year>/<group>/<unit>.yaml`
  (status, self-assessed points or done/not done, raw figures, note, and the evidence documents on
  a sheet of their own; survey criteria are left out);
* `appraisal`: an agency's appraisal of its criteria for every unit of a group (the council's
  table is the one of the set's default appraising agency) → `scores/<year>/<group>/tham-dinh/<agency>.yaml`
  (appraised points, appraised figures, reason; the unit's own values shown beside, locked);
* `survey`: the survey organiser's table → `scores/<year>/<group>/dieu-tra/<agency>.yaml` (result).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from generator.core import paths
from generator.load import Dataset
from generator.load.model import (
    APPRAISAL_FOLDER,
    SURVEY_FOLDER,
    BinaryRule,
    CriteriaSet,
    Criterion,
    DeductionRule,
    ManualRule,
    RateRule,
    SurveyRule,
)
from generator.render.words import STATUS, rule_words
from generator.workflow.scaffold import ScaffoldError, find_unit
from generator.workflow.workbook.numbers import plain

FORMAT_VERSION = "1"
STATUS_ORDER = ("done", "in_progress", "not_due", "failed", "not_applicable")
STATUS_LABEL = {s: STATUS[s][0] for s in STATUS_ORDER}     # the Vietnamese words of the drop-down
DONE_LABEL, NOT_DONE_LABEL = "Đạt", "Không đạt"
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    width: float
    edit: str | None = None     # None: locked; else what is typed: status, value, figure, text, result
    help_vi: str = ""
    help_en: str = ""


@dataclass(frozen=True)
class Limits:
    """What an editable number cell accepts."""

    low: Decimal
    high: Decimal
    step: Decimal | None        # None: any value with at most 4 decimals
    integer: bool = False


@dataclass
class Row:
    unit: str
    cid: str
    locked: dict[str, str]                      # column key -> the cell's text ("" for empty)
    values: dict[str, object]                   # editable column key -> current value (None: none)
    limits: dict[str, Limits] = field(default_factory=dict)
    binary: bool = False                        # the value column is done / not done
    na_allowed: bool = False
    figures: tuple[str, ...] = ()               # the criterion's figure names, in order (columns fig1..)

    @property
    def key(self) -> tuple[str, str]:
        return self.unit, self.cid


@dataclass
class Book:
    kind: str                   # self | appraisal | survey
    year: int
    group: str
    unit: str | None
    agency: str | None
    criteria_set: CriteriaSet
    target: str                 # the YAML file it writes, repo-relative
    sheet: str
    title_vi: str
    title_en: str
    columns: list[Column]
    rows: list[Row]
    evidence: bool = False      # has the evidence sheet (a unit's self-assessment)

    @property
    def default_name(self) -> str:
        who = self.unit if self.kind == "self" else f"{self.agency}-{self.group}"
        prefix = {"self": "tu-danh-gia", "appraisal": "tham-dinh", "survey": "dieu-tra"}[self.kind]
        return f"{prefix}-{who}-{self.year}.xlsx"


EVIDENCE = "evidence"
EVIDENCE_SHEET = "Tài liệu kiểm chứng"
EVIDENCE_COLUMNS = [
    Column("cid", "Mã tiêu chí", "Criterion id", 12, "criterion",
           "Chọn mã tiêu chí trong danh sách; mỗi tài liệu một dòng.", "Pick the criterion id; one document a row."),
    Column("number", "Số, ký hiệu văn bản", "Document number", 22, "text",
           "Ví dụ 12/KH-UBND (bắt buộc).", "E.g. 12/KH-UBND (required)."),
    Column("date", "Ngày ban hành", "Date issued", 14, "date",
           "Ngày dd/mm/yyyy (bắt buộc).", "A date, dd/mm/yyyy (required)."),
    Column("title", "Trích yếu", "Title", 45, "text", "Trích yếu văn bản (tùy chọn).", "The document's title (optional)."),
    Column("url", "Liên kết", "Link", 40, "text",
           "Liên kết tới văn bản trên hệ thống chính thức (tùy chọn), không dùng ổ chia sẻ cá nhân.",
           "Link to the document in the official system (optional), not a personal drive."),
]


def evidence_text(items) -> str | None:
    """A criterion's evidence as one comparable text (JSON of [number, date, title, url]); None if none."""
    listed = [[e.number, e.date.isoformat(), e.title, e.url] for e in items]
    return json.dumps(listed, ensure_ascii=False) if listed else None


class WorkbookError(ScaffoldError):
    """A refusal to export, in Vietnamese and English."""


# --------------------------------------------------------------------------- words for fixed columns

def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _how(crit: Criterion, cs: CriteriaSet) -> str:
    vi, en = rule_words(crit, cs)
    return f"{one_line(vi)} / {one_line(en)}"


def _max_text(crit: Criterion) -> str:
    return plain(crit.rule.floor) if isinstance(crit.rule, DeductionRule) else plain(crit.max)


def _fixed(ds: Dataset, cs: CriteriaSet, crit: Criterion) -> dict[str, str]:
    agency = crit.appraised_by or cs.appraised_by
    return {"cid": crit.id, "name": one_line(crit.name), "max": _max_text(crit), "how": _how(crit, cs),
            "evidence": one_line(crit.evidence), "agency": one_line(ds.agency_name(agency)),
            "na": YES if crit.may_be_not_applicable else NO}


def _fixed_columns() -> list[Column]:
    return [
        Column("cid", "Mã tiêu chí", "Criterion id", 9),
        Column("name", "Tên tiêu chí", "Criterion", 42),
        Column("max", "Điểm tối đa (điểm trừ: mức thấp nhất)", "Maximum (deduction: lowest)", 11),
        Column("how", "Cách chấm", "How it is scored", 40),
        Column("evidence", "Tài liệu kiểm chứng cần có", "Evidence expected", 30),
        Column("agency", "Cơ quan thẩm định", "Appraising agency", 20),
        Column("na", "Được giảm trừ (không áp dụng)", "Not applicable allowed", 11),
    ]


def _fill_value_and_figures(row, crit, cs, value, figures: dict) -> None:
    """The editable value (where the criterion is scored by hand or done / not done) and figure
    cells of a row, with the limits the workbook validates them by."""
    limits = _value_limits(crit, cs)
    if limits is not None or row.binary:
        row.values["value"] = value
        if limits is not None:
            row.limits["value"] = limits
    for k, fid in enumerate(row.figures, 1):
        row.values[f"fig{k}"] = figures.get(fid)
        row.limits[f"fig{k}"] = FIGURE_LIMIT


def _value_limits(crit: Criterion, cs: CriteriaSet) -> Limits | None:
    rule = crit.rule
    if isinstance(rule, ManualRule):
        return Limits(Decimal(0), crit.max, rule.step or cs.step)
    if isinstance(rule, DeductionRule):
        return Limits(rule.floor, Decimal(0), rule.step or cs.step)
    return None


FIGURE_LIMIT = Limits(Decimal(0), Decimal(10**12), Decimal(1), integer=True)


def _figure_columns(count: int, with_self: bool, edit_help: tuple[str, str]) -> list[Column]:
    cols: list[Column] = []
    for k in range(1, count + 1):
        cols.append(Column(f"figname{k}", f"Số liệu {k}: tên", f"Figure {k}: name", 22))
        if with_self:
            cols.append(Column(f"figself{k}", f"Số liệu {k}: đơn vị báo cáo", f"Figure {k}: as reported", 12))
        cols.append(Column(f"fig{k}", f"Số liệu {k}: giá trị", f"Figure {k}: value", 12, "figure", *edit_help))
    return cols


def _figure_cells(crit: Criterion, count: int) -> dict[str, str]:
    names = list(crit.rule.figures.items()) if isinstance(crit.rule, RateRule) else []
    return {f"figname{k}": (f"{names[k - 1][0]}: {one_line(names[k - 1][1])}" if k <= len(names) else "")
            for k in range(1, count + 1)}


def _figure_count(crits: list[Criterion]) -> int:
    return max((len(c.rule.figures) for c in crits if isinstance(c.rule, RateRule)), default=0)


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return DONE_LABEL if value else NOT_DONE_LABEL
    return plain(value) if isinstance(value, Decimal) else str(value)


# --------------------------------------------------------------------------- the three kinds

def _set_for(ds: Dataset, group: str, year: int) -> CriteriaSet:
    cs = ds.set_for(group, year)
    if cs is None:
        raise WorkbookError(f"Không có bộ tiêu chí nào áp dụng cho nhóm {group} năm {year}.",
                            f"No criteria set applies to group {group} in {year}.")
    return cs


def self_book(ds: Dataset, unit_id: str, year: int) -> Book:
    unit = find_unit(ds, unit_id)
    if not unit.active_in(year):
        raise WorkbookError(f"Đơn vị {unit.id} không được đánh giá năm {year}.",
                            f"Unit {unit.id} is not assessed in {year}.")
    cs = _set_for(ds, unit.group, year)
    crits = [c for c in cs.leaves() if not isinstance(c.rule, SurveyRule)]
    count = _figure_count(crits)
    sf = ds.score_file_of.get((year, unit.id))
    columns = _fixed_columns() + [
        Column("status", "Trạng thái", "Status", 18, "status",
               "Chọn trong danh sách: Đã thực hiện, Đang thực hiện, Chưa đến hạn, Không đạt, Không áp dụng (giảm trừ: "
               "chỉ với tiêu chí được giảm trừ).",
               "Pick from the list: done, in progress, not yet due, failed, not applicable (only where allowed)."),
        Column("value", "Điểm tự chấm (hoặc Đạt / Không đạt)", "Self-assessed points (or done / not done)", 14, "value",
               "Số điểm từ 0 đến điểm tối đa, đúng bước điểm; tiêu chí đạt/không đạt: chọn Đạt hoặc Không đạt; "
               "điểm trừ: số âm đến mức thấp nhất. Tiêu chí tính theo tỷ lệ: để trống, điền số liệu.",
               "Points from 0 to the maximum, on the step; done/not done criteria: pick Đạt or Không đạt; "
               "deductions: a negative number down to the lowest. Rate criteria: leave empty, fill in the figures."),
        *_figure_columns(count, False, ("Số liệu gốc (số nguyên, không âm) của tiêu chí tính theo tỷ lệ.",
                                        "Raw figure (a whole number, not negative) of a rate criterion.")),
        Column("note", "Ghi chú", "Note", 30, "text", "Ghi chú của đơn vị (tùy chọn).", "The unit's note (optional)."),
    ]
    rows = []
    for crit in crits:
        entry = sf.scores.get(crit.id) if sf else None
        row = Row(unit.id, crit.id, {**_fixed(ds, cs, crit), **_figure_cells(crit, count)}, {},
                  binary=isinstance(crit.rule, BinaryRule), na_allowed=crit.may_be_not_applicable,
                  figures=tuple(crit.rule.figures) if isinstance(crit.rule, RateRule) else ())
        row.values["status"] = entry.status if entry else None
        row.values["note"] = entry.note if entry else None
        row.values[EVIDENCE] = evidence_text(entry.evidence if entry else [])
        _fill_value_and_figures(row, crit, cs, entry.self_value if entry else None,
                                (entry.figures or {}) if entry else {})
        rows.append(row)
    name = one_line(unit.name_in(year))
    return Book("self", year, unit.group, unit.id, None, cs, f"{paths.SCORES_DIR}/{year}/{unit.group}/{unit.id}.yaml",
                "Tự đánh giá", f"Tự đánh giá Chỉ số CCHC năm {year}: {name} ({unit.id})",
                f"Self-assessment, PAR Index {year}: {one_line(unit.name_en)} ({unit.id})", columns, rows, evidence=True)


def _group_units(ds: Dataset, group: str, year: int) -> list:
    if group not in ds.groups:
        raise WorkbookError(f"Không có nhóm {group} trong {paths.REGISTRY_FILE}.",
                            f"No group {group} in {paths.REGISTRY_FILE}.")
    return [u for u in ds.units.values() if u.group == group and u.active_in(year)]


def _unit_columns() -> list[Column]:
    return [Column("unit", "Mã đơn vị", "Unit id", 18), Column("unitname", "Tên đơn vị", "Unit", 28)]


def agency_book(ds: Dataset, agency_id: str, year: int, group: str) -> Book:
    """An appraising agency's table (its criteria × the group's units), or the survey organiser's."""
    units = _group_units(ds, group, year)
    cs = _set_for(ds, group, year)
    agency = ds.agencies.get(agency_id)
    if agency is None and agency_id != cs.appraised_by and not any(c.appraised_by == agency_id for c in cs.leaves()):
        known = ", ".join(sorted(ds.agencies)) or "—"
        raise WorkbookError(f"Không có cơ quan {agency_id} trong agencies của {paths.REGISTRY_FILE} (có: {known}).",
                            f"No agency {agency_id} under agencies in {paths.REGISTRY_FILE} (known: {known}).")
    survey = agency is not None and agency.role == "survey"
    if survey:
        crits = [c for c in cs.leaves() if isinstance(c.rule, SurveyRule)]
    else:
        crits = [c for c in cs.leaves()
                 if not isinstance(c.rule, SurveyRule) and (c.appraised_by or cs.appraised_by) == agency_id]
    if not crits:
        raise WorkbookError(f"Bộ tiêu chí {cs.id} không giao tiêu chí nào cho {agency_id}.",
                            f"The criteria set {cs.id} assigns no criterion to {agency_id}.")
    folder = SURVEY_FOLDER if survey else APPRAISAL_FOLDER
    target = f"{paths.SCORES_DIR}/{year}/{group}/{folder}/{agency_id}.yaml"
    own = next((af for af in ds.agency_files if af.path == target), None)
    count = 0 if survey else _figure_count(crits)
    columns = _unit_columns() + _fixed_columns()
    if survey:
        columns += [Column("scale", "Thang kết quả", "Scale of the result", 10),
                    Column("result", "Kết quả điều tra", "Survey result", 14, "result",
                           "Kết quả điều tra theo thang của tiêu chí (từ 0 đến thang).",
                           "The survey result on the criterion's scale (0 to the scale).")]
    else:
        columns += [
            Column("ownstatus", "Trạng thái (đơn vị báo)", "Status (as reported)", 16),
            Column("ownvalue", "Điểm tự chấm", "Self-assessed", 11),
            Column("value", "Điểm thẩm định (hoặc Đạt / Không đạt)", "Appraised points (or done / not done)", 14,
                   "value", "Điểm thẩm định từ 0 đến điểm tối đa, đúng bước điểm; đạt/không đạt: chọn Đạt hoặc Không đạt. "
                   "Để trống nếu giữ điểm tự chấm. Tiêu chí tính theo tỷ lệ: điền số liệu.",
                   "Appraised points from 0 to the maximum, on the step; done/not done: pick Đạt or Không đạt. "
                   "Leave empty to keep the self-assessed value. Rate criteria: fill in the figures."),
            *_figure_columns(count, True, ("Số liệu gốc sau thẩm định (số nguyên, không âm).",
                                           "Raw figure after appraisal (a whole number, not negative).")),
            Column("reason", "Lý do (khi khác tự đánh giá)", "Reason (where it differs)", 30, "text",
                   "Bắt buộc khi giá trị thẩm định khác giá trị tự đánh giá.",
                   "Required where the appraised value differs from the self-assessed one."),
        ]
    rows = []
    for unit in units:
        sf = ds.score_file_of.get((year, unit.id))
        mine = own.units.get(unit.id, {}) if own else {}
        for crit in crits:
            entry = mine.get(crit.id)
            fixed = {"unit": unit.id, "unitname": one_line(unit.name_in(year)), **_fixed(ds, cs, crit)}
            row = Row(unit.id, crit.id, fixed, {}, binary=isinstance(crit.rule, BinaryRule),
                      figures=tuple(crit.rule.figures) if isinstance(crit.rule, RateRule) else ())
            if survey:
                row.locked["scale"] = plain(crit.rule.scale)
                row.values["result"] = entry.result if entry else None
                row.limits["result"] = Limits(Decimal(0), crit.rule.scale, None)
            else:
                own_entry = sf.scores.get(crit.id) if sf else None
                row.locked["ownstatus"] = STATUS_LABEL.get(own_entry.status, "") if own_entry and own_entry.status else ""
                row.locked["ownvalue"] = _value_text(own_entry.self_value) if own_entry else ""
                row.locked.update(_figure_cells(crit, count))
                for k in range(1, count + 1):
                    fid = row.figures[k - 1] if k <= len(row.figures) else None
                    got = (own_entry.figures or {}).get(fid) if own_entry and fid else None
                    row.locked[f"figself{k}"] = "" if got is None else str(got)
                _fill_value_and_figures(row, crit, cs, entry.appraised if entry else None,
                                        (entry.appraised_figures or {}) if entry else {})
                row.values["reason"] = entry.reason if entry else None
            rows.append(row)
    name = one_line(ds.agency_name(agency_id))
    group_obj = ds.groups[group]
    if survey:
        sheet, vi, en = "Điều tra", f"Kết quả điều tra xã hội học năm {year}", f"Survey results {year}"
    elif agency is not None and agency.role == "council":
        sheet, vi, en = "Thẩm định", f"Bảng thẩm định của Hội đồng năm {year}", f"The council's appraisal {year}"
    else:
        sheet, vi, en = "Thẩm định", f"Thẩm định tiêu chí được giao năm {year}", f"Appraisal of assigned criteria {year}"
    return Book("survey" if survey else "appraisal", year, group, None, agency_id, cs, target, sheet,
                f"{vi}: {name} ({agency_id}), nhóm {one_line(group_obj.name)}",
                f"{en}: {agency_id}, group {one_line(group_obj.name_en)}", columns, rows)


def council_of(ds: Dataset, group: str, year: int) -> str:
    """The agency that appraises the criteria no other agency is assigned: the set's default."""
    _group_units(ds, group, year)
    return _set_for(ds, group, year).appraised_by


def survey_agency_of(ds: Dataset, group: str) -> str:
    found = [a.id for a in ds.agencies.values() if a.role == "survey" and (not a.groups or group in a.groups)]
    if len(found) != 1:
        listed = ", ".join(found) or "—"
        raise WorkbookError(f"Cần đúng một đơn vị điều tra (role: survey) cho nhóm {group}; có: {listed}. Dùng --agency.",
                            f"Exactly one survey organiser (role: survey) is needed for group {group}; found: {listed}. "
                            "Use --agency.")
    return found[0]
