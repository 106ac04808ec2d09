"""The appraisal cycle as data (issue 21): agencies appraise their criteria for every unit in their
own files, the survey organiser records results in its file, units explain, the appraising agency
responds; the counted points, the unit page, the open data and the checker follow each step."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

from generator.compute import compute
from generator.core.diagnostics import Severity
from generator.load import load
from generator.machinery.memo import Memo
from generator.pipeline.build import build, generate
from generator.render import site_paths as P
from tests.conftest import diagnostics_of, mutate

AG = "scores/2023/so-nganh/tham-dinh/so-tai-chinh.yaml"
NOI_VU = "scores/2023/so-nganh/so-noi-vu.yaml"
NOI_VU_131 = '"1.3.1": {appraised_figures: {received: 200, on_time: 196, late: 4}}'
LOWERED = ('"1.3.1":\n      appraised_figures: {received: 200, on_time: 180, late: 20}\n'
           '      reason: Sổ theo dõi ghi 16 hồ sơ trễ hạn chưa được báo cáo.')
EXPLAINED = ('"3.2": {result: 90}\nexplanations:\n  "1.3.1":\n    date: 2023-11-02\n'
             '    text: Mười sáu hồ sơ trễ do lỗi đồng bộ của hệ thống một cửa, đã được xác nhận.\n'
             '    evidence:\n      - {number: 301/CV-SNV, date: 2023-11-18, title: Công văn giải trình}\n')


def _uy(root: Path, unit: str = "so-noi-vu", year: int = 2023):
    res = compute(load(root).dataset)
    return res, res.unit_year(unit, year)


def _criterion(uy, cid: str):
    return next(c for c in uy.criteria if c.id == cid)


def _respond(root: Path, response: str) -> None:
    mutate(root, AG, "      reason: Sổ theo dõi ghi 16 hồ sơ trễ hạn chưa được báo cáo.",
           "      reason: Sổ theo dõi ghi 16 hồ sơ trễ hạn chưa được báo cáo.\n      response: " + response)


def test_confirmations_change_nothing_and_name_the_agency(mini):
    res, uy = _uy(mini)
    c = _criterion(uy, "1.3.1")
    assert (c.points, c.appraised_points) == (D("1.5"), None)  # the figures equal the unit's own
    trail = c.extra.trail
    assert (trail.agency, trail.source, trail.document) == ("so-tai-chinh", AG, ("88/BC-STC", "2023-11-05"))
    assert not trail.changed and trail.explanation is None and trail.response is None
    assert uy.index == D("84.75")  # the golden figure, unchanged


def test_an_agency_lowers_a_value_with_a_reason_and_the_index_follows(mini):
    mutate(mini, AG, NOI_VU_131, LOWERED)
    assert diagnostics_of(mini) == []
    _, uy = _uy(mini)
    c = _criterion(uy, "1.3.1")  # 180/200 = 90 % -> the tier below 95 %
    assert c.self_points == D("1.5") and c.appraised_points == c.points and c.points < D("1.5")
    assert c.reason == "Sổ theo dõi ghi 16 hồ sơ trễ hạn chưa được báo cáo." and c.extra.trail.changed
    assert uy.index < D("84.75")


def test_explanation_accepted_with_new_figures_then_rejected_then_accepted_without_a_value(mini):
    mutate(mini, AG, NOI_VU_131, LOWERED)
    mutate(mini, NOI_VU, '"3.2": {result: 90}\n', EXPLAINED)
    _, lowered = _uy(mini)
    preliminary = _criterion(lowered, "1.3.1").points
    told = _criterion(lowered, "1.3.1").extra.trail.explanation
    assert told[0] == "2023-11-02" and told[2][0][0] == "301/CV-SNV"
    assert _criterion(lowered, "1.3.1").extra.trail.response is None  # explained, not yet answered

    _respond(mini, "{date: 2023-11-05, accepted: true, appraised_figures: {received: 200, on_time: 190, late: 10}}")
    assert diagnostics_of(mini) == []
    _, accepted = _uy(mini)
    c = _criterion(accepted, "1.3.1")  # 95 %: back in the top tier
    assert c.points == D("1.5") and c.extra.preliminary_points == preliminary
    assert c.extra.trail.response == ("2023-11-05", True, None)

    mutate(mini, AG, "{date: 2023-11-05, accepted: true, appraised_figures: {received: 200, on_time: 190, late: 10}}",
           "{date: 2023-11-05, accepted: false, reason: Chưa có xác nhận của đơn vị quản lý hệ thống.}")
    _, rejected = _uy(mini)
    c = _criterion(rejected, "1.3.1")
    assert c.points == preliminary and c.extra.preliminary_points is None
    assert c.extra.trail.response == ("2023-11-05", False, "Chưa có xác nhận của đơn vị quản lý hệ thống.")

    mutate(mini, AG, "{date: 2023-11-05, accepted: false, reason: Chưa có xác nhận của đơn vị quản lý hệ thống.}",
           "{date: 2023-11-05, accepted: true}")  # accepted, no value: the self-assessment stands
    _, restored = _uy(mini)
    c = _criterion(restored, "1.3.1")
    assert c.points == c.self_points == D("1.5") and c.appraised_points is None


def test_the_checker_refuses_bad_responses_and_a_value_recorded_twice(mini):
    mutate(mini, AG, NOI_VU_131, LOWERED)
    _respond(mini, "{date: 2023-11-05, accepted: false}")  # no explanation, no reason
    found = {(d.rule, d.severity, d.message_en.split(":")[0]) for d in diagnostics_of(mini)}
    assert ("agency.file", Severity.WARNING, "Criterion 1.3.1 of `so-noi-vu`") in found  # answers no explanation
    reasons = [d for d in diagnostics_of(mini) if "rejected without a reason" in d.message_en]
    assert len(reasons) == 1 and reasons[0].path == AG and reasons[0].severity is Severity.ERROR

    mutate(mini, NOI_VU, '"3.2": {result: 90}\n', EXPLAINED.replace("2023-11-02", "2023-11-06"))
    early = [d for d in diagnostics_of(mini) if "dated before the explanation" in d.message_en]
    assert len(early) == 1 and early[0].path == AG

    mutate(mini, NOI_VU, "    figures: {received: 200, on_time: 196, late: 4}\n",
           "    figures: {received: 200, on_time: 196, late: 4}\n    appraised_figures: {received: 200, on_time: 100, "
           "late: 100}\n")
    twice = [d for d in diagnostics_of(mini) if d.rule == "dataset.recorded-once"]
    assert len(twice) == 1 and twice[0].path == NOI_VU and f"{AG}:11:" in twice[0].message_en


def test_survey_results_come_from_the_survey_organisers_file(mini):
    before = _uy(mini)[1]
    for unit in ("so-noi-vu", "so-tai-chinh", "so-tu-phap", "thanh-tra-tinh"):
        rel = f"scores/2023/so-nganh/{unit}.yaml"
        text = (mini / rel).read_text(encoding="utf-8")
        kept = [line for line in text.splitlines(keepends=True) if not line.startswith(('  "3.1":', '  "3.2":'))]
        (mini / rel).write_text("".join(kept), encoding="utf-8")
    mutate(mini, "scores/units.yaml", "units:\n", "  - id: vien-khao-sat\n    name: Viện Khảo sát Xã hội\n"
           "    name_en: Social Survey Institute\n    role: survey\nunits:\n")
    survey = mini / "scores/2023/so-nganh/dieu-tra/vien-khao-sat.yaml"
    survey.parent.mkdir()
    survey.write_text(
        "# yaml-language-server: $schema=../../../../generator/schemas/agency-file.schema.json\n"
        "agency: vien-khao-sat\nyear: 2023\ngroup: so-nganh\n"
        "document: {number: 12/BC-VKS, date: 2023-10-30, title: Kết quả điều tra xã hội học năm 2023}\nunits:\n"
        '  so-noi-vu: {"3.1": {result: 80}, "3.2": {result: 90}}\n'
        '  so-tai-chinh: {"3.1": {result: 85}, "3.2": {result: 75}}\n'
        '  so-tu-phap: {"3.1": {result: 90}, "3.2": {result: 62.5}}\n'
        '  thanh-tra-tinh: {"3.1": {result: 100}, "3.2": {result: 100}}\n', encoding="utf-8")
    assert [d for d in diagnostics_of(mini) if d.severity is Severity.ERROR] == []
    _, after = _uy(mini)
    assert (after.index, after.survey_points) == (before.index, before.survey_points)
    assert _criterion(after, "3.1").extra.trail.source == "scores/2023/so-nganh/dieu-tra/vien-khao-sat.yaml"
    mutate(mini, "scores/2023/so-nganh/dieu-tra/vien-khao-sat.yaml", '"3.1": {result: 80}, "3.2"',
           '"3.1": {result: 80}, "1.2": {result: 1}, "3.2"')
    wrong = [d for d in diagnostics_of(mini) if d.rule == "agency.file"]
    assert len(wrong) == 1 and "not a survey criterion" in wrong[0].message_en


def test_unit_page_and_open_data_carry_every_step(mini):
    mutate(mini, AG, NOI_VU_131, LOWERED)
    mutate(mini, NOI_VU, '"3.2": {result: 90}\n', EXPLAINED)
    _respond(mini, "{date: 2023-11-05, accepted: true, appraised_figures: {received: 200, on_time: 190, late: 10}}")
    assert build(mini, out=io.StringIO()).ok
    site = mini / "site"
    html = (site / "don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    row = html[html.index('id="nam-2023-tc-1-3-1"'):]
    row = row[:row.index("</tr>")]
    assert "thẩm định: Sở Tài chính" in row and "88/BC-STC (2023-11-05)" in row
    steps = row[row.index('<ol class="pp-trail"'):]
    assert steps.index("Tự chấm") < steps.index("Thẩm định sơ bộ") < steps.index("Giải trình ngày 2023-11-02") \
        < steps.index("Trả lời ngày 2023-11-05") and "chấp nhận" in steps and "301/CV-SNV" in steps
    with gzip.open(site / P.criteria_csv(2023, "so-nganh"), "rt", encoding="utf-8-sig") as f:
        rows = {(r["unit"], r["criterion"]): r for r in csv.DictReader(f)}
    r = rows[("so-noi-vu", "1.3.1")]
    assert (r["appraised_by"], r["appraisal_source"], r["appraisal_document"]) == (
        "so-tai-chinh", AG, "88/BC-STC (2023-11-05)")
    assert (r["explanation_date"], r["response_date"], r["response"], r["points"]) == (
        "2023-11-02", "2023-11-05", "accepted", "1.5")
    assert D(r["preliminary_points"]) < D(r["points"])
    assert rows[("so-noi-vu", "1.1")]["appraisal_source"] == ""  # the council's inline appraisal: no agency file
    unit = json.loads((site / P.unit_json("so-noi-vu")).read_text(encoding="utf-8"))
    year = next(y for y in unit["years"] if y["year"] == 2023)
    crit = next(dict(zip(unit["criteria_columns"], c)) for c in year["criteria"] if c[0] == "1.3.1")
    assert crit["appraisal"]["response"] == {"date": "2023-11-05", "accepted": True, "reason": None}
    assert crit["appraisal"]["explanation"]["evidence"][0]["number"] == "301/CV-SNV"


def _outputs(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in ("build/docs", "build/ready") for p in sorted((root / d).rglob("*")) if p.is_file()}


def test_an_edit_of_an_agency_file_rebuilds_the_units_it_records(mini, tmp_path, monkeypatch):
    """`parportal serve` keeps results by the content of their inputs: an agency's file is one of
    every unit-year of its group and year, so the memo gives what a cold build gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    memo = Memo()
    assert generate(mini, out=io.StringIO(), memo=memo).ok
    mutate(mini, AG, NOI_VU_131, LOWERED)
    assert generate(mini, out=io.StringIO(), memo=memo).ok
    cold = tmp_path / "cold"
    shutil.copytree(mini, cold, ignore=shutil.ignore_patterns("build"))
    assert generate(cold, out=io.StringIO()).ok
    assert _outputs(mini) == _outputs(cold)
