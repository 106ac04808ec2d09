"""Workbooks for staff without git: `parportal export workbook` and `parportal import`.

Workbooks are read back with python-calamine (a Rust reader with nothing in common with the
openpyxl that wrote them) and, for what calamine does not expose (protection, validation,
frozen panes, print set-up), with zipfile + ElementTree on the raw XML; edits are made with
openpyxl as a spreadsheet program would, outside the project's writer."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from generator.cli import main as cli
from generator.load import load
from generator.workflow.workbook.numbers import date_of, decimal_of
from generator.workflow.workbook.reader import import_workbook
from generator.workflow.workbook.rows import agency_book, self_book
from generator.workflow.workbook.writer import FIRST_ROW, workbook_bytes
from tests.conftest import MINI, REPO, mutate

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
SELF_FILE = "scores/2024/so-nganh/so-noi-vu.yaml"
AGENCY_FILE = "scores/2023/so-nganh/tham-dinh/so-tai-chinh.yaml"


# --------------------------------------------------------------------------- helpers

def export_self(root: Path, unit: str, year: int, out: Path) -> Path:
    out.write_bytes(workbook_bytes(self_book(load(root).dataset, unit, year), root))
    return out


def export_agency(root: Path, agency: str, year: int, group: str, out: Path) -> Path:
    out.write_bytes(workbook_bytes(agency_book(load(root).dataset, agency, year, group), root))
    return out


def edit(src: Path, dst: Path, sheet: str, cells: dict[str, object]) -> Path:
    """Change cells as a spreadsheet program would (openpyxl, not the project's writer)."""
    wb = load_workbook(src)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(dst)
    return dst


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def calamine_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def xml_of(path: Path, member: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(member))


def columns_of(rows: list[list]) -> dict[str, int]:
    """Column index by English header (the row under the Vietnamese one)."""
    return {name: n for n, name in enumerate(rows[FIRST_ROW - 2])}


def errors_at(result) -> dict[str, str]:
    return {p.where: p.en for p in result.problems if not p.warning}


# --------------------------------------------------------------------------- numbers typed as text

@pytest.mark.parametrize("raw, value, warned", [
    (7.5, Decimal("7.5"), False), (2, Decimal(2), False), (0.1, Decimal("0.1"), False),
    ("7,5", Decimal("7.5"), True), ("0,25", Decimal("0.25"), True), ("-0,5", Decimal("-0.5"), True),
    ("7.5", Decimal("7.5"), True), (" 12 ", Decimal(12), True), ("1.250,5", Decimal("1250.5"), True),
])
def test_numbers_typed_as_text_are_read_with_a_warning(raw, value, warned):
    read = decimal_of(raw)
    assert read.error is None and read.value == value and isinstance(read.value, Decimal)
    assert (read.warning is not None) is warned


@pytest.mark.parametrize("raw", ["1.250", "1,250", "12.345.678"])
def test_ambiguous_numbers_are_refused_saying_why(raw):
    read = decimal_of(raw)
    assert read.value is None and read.error is not None
    vi, en = read.error
    assert "không rõ nghĩa" in vi and "thousands" in en and raw in en
    if raw == "1.250":
        assert "1250" in en and "1.25" in en and "1,25" in vi


@pytest.mark.parametrize("raw", ["abc", "7,5,5", "=A1*2", True])
def test_what_is_not_a_number_is_an_error(raw):
    assert decimal_of(raw).error is not None


def test_dates_from_cells_and_text():
    import datetime as dt
    assert date_of(dt.datetime(2025, 3, 15)).value == dt.date(2025, 3, 15)
    assert date_of("15/03/2025").value == dt.date(2025, 3, 15) and date_of("15/03/2025").warning
    assert date_of("2025-03-15").value == dt.date(2025, 3, 15)
    assert date_of("31/02/2025").error and date_of("hôm qua").error


# --------------------------------------------------------------------------- export

def test_export_is_reproducible_and_dated_from_the_source(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    a = export_self(mini, "so-noi-vu", 2024, tmp_path / "a.xlsx").read_bytes()
    b = export_self(mini, "so-noi-vu", 2024, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2023-11-14T22:13:20Z") == 2  # created and modified
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    assert export_self(mini, "so-noi-vu", 2024, tmp_path / "c.xlsx").read_bytes() != a


def test_second_reader_sees_the_self_assessment(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    meta = CalamineWorkbook.from_path(str(path)).sheets_metadata
    assert [(m.name, m.visible) for m in meta] == [("Tự đánh giá", SheetVisibleEnum.Visible),
                                                   ("Tài liệu kiểm chứng", SheetVisibleEnum.Visible),
                                                   ("Hướng dẫn", SheetVisibleEnum.Visible),
                                                   ("_nguon", SheetVisibleEnum.Hidden)]
    rows = calamine_rows(path, "Tự đánh giá")
    assert rows[FIRST_ROW - 3][:3] == ["Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa (điểm trừ: mức thấp nhất)"]
    col = columns_of(rows)
    for name in ("Criterion id", "Criterion", "How it is scored", "Evidence expected", "Appraising agency",
                 "Not applicable allowed", "Status", "Note"):
        assert name in col
    data = {r[col["Criterion id"]]: r for r in rows[FIRST_ROW - 1:]}
    assert list(data) == ["1.1", "1.2", "1.3.1", "1.3.2", "2.1", "2.2"]   # survey criteria left out
    assert data["1.1"][col["Status"]] == "Đã thực hiện" and data["1.1"][col["Self-assessed points (or done / not done)"]] == 2
    assert data["1.1"][col["Maximum (deduction: lowest)"]] == 2
    assert data["1.1"][col["Evidence expected"]] == "Kế hoạch CCHC năm và báo cáo thực hiện"
    assert data["1.2"][col["Status"]] == "Chưa đến hạn"
    assert data["1.3.1"][col["Appraising agency"]] == "Sở Tài chính"
    assert data["1.3.1"][col["Figure 1: value"]] == 120 and data["1.3.1"][col["Figure 3: value"]] == 2
    assert data["1.3.2"][col["Not applicable allowed"]] == "Có" and data["2.1"][col["Not applicable allowed"]] == "Không"
    assert data["2.2"][col["Maximum (deduction: lowest)"]] == -2
    hidden = {r[0]: r[1] for r in calamine_rows(path, "_nguon") if r[0] and r[0] != "rows"}
    assert hidden["kind"] == "self" and hidden["unit"] == "so-noi-vu" and hidden["file"] == SELF_FILE
    assert hidden["criteria_set"] == "so-nganh/2023" and hidden["criteria_file"] == "criteria/so-nganh/2023.yaml"
    assert len(hidden["file_sha256"]) == 64 and len(hidden["criteria_sha256"]) == 64 and "commit" in hidden


def test_locked_cells_validation_panes_and_print_setup_in_the_xml(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    sheet = xml_of(path, "xl/worksheets/sheet1.xml")
    protection = sheet.find("m:sheetProtection", NS)
    assert protection is not None and protection.get("sheet") == "1" and protection.get("password") is None
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane.get("topLeftCell") == f"B{FIRST_ROW}" and pane.get("state") == "frozen"
    assert sheet.find("m:pageSetup", NS).get("orientation") == "landscape"
    assert sheet.find("m:pageSetup", NS).get("paperSize") == "9"
    validations = sheet.findall("m:dataValidations/m:dataValidation", NS)
    by_cells = {v.get("sqref"): v for v in validations}
    lists = [v.find("m:formula1", NS).text for v in validations if v.get("type") == "list"]
    assert any("Không áp dụng (giảm trừ)" in f for f in lists)          # 1.3.2 may be not applicable
    assert any("Đã thực hiện" in f and "Không áp dụng" not in f for f in lists)
    assert any("Đạt,Không đạt" in f for f in lists)
    step = by_cells["I6"]  # 1.1: 0..2 in steps of 0.5
    assert step.get("type") == "custom" and "I6<=2" in step.find("m:formula1", NS).text
    assert "ROUND(0.5*10000,0)" in step.find("m:formula1", NS).text
    # editable cells are unlocked, fixed ones keep the default (locked)
    styles = xml_of(path, "xl/styles.xml")
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    cells = {c.get("r"): c for c in sheet.iter(f"{{{NS['m']}}}c")}

    def unlocked(ref):
        xf = xfs[int(cells[ref].get("s", 0))]
        prot = xf.find("m:protection", NS)
        return prot is not None and prot.get("locked") == "0"
    assert unlocked("H6") and unlocked("I6") and unlocked("P6")     # status, points, note
    assert not unlocked("A6") and not unlocked("C6") and not unlocked("I8")  # id, max, points of a rate criterion
    workbook = xml_of(path, "xl/workbook.xml")
    names = {d.get("name"): d.text for d in workbook.iter(f"{{{NS['m']}}}definedName")}
    assert names["_xlnm.Print_Titles"].endswith("$4:$5")


def test_agency_table_has_a_row_per_unit_and_criterion(mini, tmp_path):
    path = export_agency(mini, "so-tai-chinh", 2023, "so-nganh", tmp_path / "wb.xlsx")
    rows = calamine_rows(path, "Thẩm định")
    col = columns_of(rows)
    data = [(r[col["Unit id"]], r[col["Criterion id"]]) for r in rows[FIRST_ROW - 1:]]
    assert data == [("so-noi-vu", "1.3.1"), ("so-tai-chinh", "1.3.1"), ("so-tu-phap", "1.3.1"),
                    ("thanh-tra-tinh", "1.3.1")]   # so-ngoai-vu ended in 2022
    first = rows[FIRST_ROW - 1]
    assert first[col["Figure 1: as reported"]] == 200 and first[col["Figure 1: value"]] == 200


# --------------------------------------------------------------------------- import

def test_round_trip_without_edit_changes_no_byte(mini, tmp_path):
    before = tree(mini)
    for path in (export_self(mini, "so-noi-vu", 2024, tmp_path / "a.xlsx"),
                 export_self(mini, "so-tu-phap", 2023, tmp_path / "b.xlsx"),
                 export_self(mini, "so-tai-chinh", 2024, tmp_path / "c.xlsx"),     # no file yet
                 export_agency(mini, "so-tai-chinh", 2023, "so-nganh", tmp_path / "d.xlsx")):
        result = import_workbook(mini, path)
        assert result.ok and result.changes == [] and result.files == [], [p.text() for p in result.problems]
        resaved = edit(path, tmp_path / "resaved.xlsx", "Hướng dẫn", {})   # saved again by another program
        result = import_workbook(mini, resaved)
        assert result.ok and result.changes == [] and result.files == []
    assert tree(mini) == before


def test_round_trip_every_kind_on_the_demo_data(tmp_path):
    root = tmp_path / "demo"
    for folder in ("criteria", "scores"):
        shutil.copytree(REPO / folder, root / folder)
    before = tree(root)
    ds = load(root).dataset
    books = [self_book(ds, "so-tu-phap", 2024), agency_book(ds, "hoi-dong-huyen", 2024, "huyen"),
             agency_book(ds, "trung-tam-khao-sat", 2024, "huyen"), agency_book(ds, "so-tai-chinh", 2023, "huyen")]
    assert [b.kind for b in books] == ["self", "appraisal", "survey", "appraisal"]
    for n, book in enumerate(books):
        path = tmp_path / f"{n}.xlsx"
        path.write_bytes(workbook_bytes(book, root))
        assert len(calamine_rows(path, book.sheet)) == FIRST_ROW - 1 + len(book.rows)
        result = import_workbook(root, path)
        assert result.ok and result.changes == [], [p.text() for p in result.problems]
    assert tree(root) == before


def test_edits_are_written_in_canonical_form_keeping_comments(mini, tmp_path):
    mutate(mini, SELF_FILE, '  "2.1": {status: failed, self: 4}', '  # chờ văn bản của UBND\n  "2.1": {status: failed, self: 4}')
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    others = {k: v for k, v in tree(mini).items() if k != SELF_FILE}
    edited = edit(path, tmp_path / "e.xlsx", "Tự đánh giá", {
        "I6": 1.5, "P6": "Đã ban hành: xem 8/KH-SNV", "H7": "Đã thực hiện", "I7": "Đạt", "K8": 119,
        "H9": "Không áp dụng (giảm trừ)", "I10": "7,5", "I11": -0.5})
    result = import_workbook(mini, edited)
    assert result.ok, [p.text() for p in result.problems]
    assert [p.where for p in result.problems] == ["Tự đánh giá!I10"]   # the warning: 7,5 typed as text
    assert result.files == [SELF_FILE]
    text = (mini / SELF_FILE).read_text(encoding="utf-8")
    assert "  # chờ văn bản của UBND\n" in text and text.startswith("# yaml-language-server:")
    data = yaml.safe_load(text)["scores"]
    assert data["1.1"]["self"] == 1.5 and data["1.1"]["note"] == "Đã ban hành: xem 8/KH-SNV"
    assert data["1.1"]["evidence"][0]["number"] == "8/KH-SNV"            # not carried, kept
    assert data["1.2"] == {"status": "done", "self": True}
    assert data["1.3.1"]["figures"] == {"received": 119, "on_time": 100, "late": 2}
    assert data["1.3.2"] == {"status": "not_applicable"}
    assert data["2.1"]["self"] == 7.5 and data["2.2"]["self"] == -0.5
    assert "self: 7.5" in text and "7,5" not in text
    fix = CliRunner().invoke(cli, ["fix", "--check", "--root", str(mini), str(mini / SELF_FILE)])
    assert fix.exit_code == 0, fix.output
    assert {k: v for k, v in tree(mini).items() if k != SELF_FILE} == others


def test_every_problem_is_reported_at_its_cell_and_nothing_is_written(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    before = tree(mini)
    wb = load_workbook(path)
    ws = wb["Tự đánh giá"]
    ws["I6"] = 1.3                     # off the step of 0.5
    ws["H7"] = "Xong rồi"              # unknown status
    ws["C6"] = 5                       # a locked cell (the maximum)
    ws["K8"] = "1.250"                 # ambiguous
    ws["I10"] = 12                     # out of range
    ws["H11"] = "Không áp dụng (giảm trừ)"  # 2.2 may not be not applicable
    ws["I8"] = 1                       # points of a rate criterion: a grey cell
    ws["A13"], ws["B13"], ws["I13"] = "9.9", "Thêm tay", 1      # a criterion that does not exist
    ws["P7"] = "ghi chú hợp lệ"        # fine on its own
    wb.save(tmp_path / "bad.xlsx")
    result = import_workbook(mini, tmp_path / "bad.xlsx")
    assert not result.ok and result.files == []
    errors = errors_at(result)
    assert set(errors) == {"Tự đánh giá!I6", "Tự đánh giá!H7", "Tự đánh giá!C6", "Tự đánh giá!K8",
                           "Tự đánh giá!I10", "Tự đánh giá!H11", "Tự đánh giá!I8", "Tự đánh giá!A13"}
    assert "off the step of 0.5" in errors["Tự đánh giá!I6"]
    assert "Unknown status" in errors["Tự đánh giá!H7"]
    assert "locked cell" in errors["Tự đánh giá!C6"] and "“2” became “5”" in errors["Tự đánh giá!C6"]
    assert "ambiguous" in errors["Tự đánh giá!K8"]
    assert "out of range: 0 to 9" in errors["Tự đánh giá!I10"]
    assert "No criterion “9.9”" in errors["Tự đánh giá!A13"]
    by_cell = {p.where: p for p in result.problems}
    assert (by_cell["Tự đánh giá!I6"].unit, by_cell["Tự đánh giá!I6"].cid) == ("so-noi-vu", "1.1")
    assert all(p.vi and p.en and p.vi != p.en for p in result.problems)
    assert tree(mini) == before


def test_evidence_sheet_lists_adds_and_removes_documents(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    rows = calamine_rows(path, "Tài liệu kiểm chứng")
    assert rows[FIRST_ROW - 3][:3] == ["Mã tiêu chí", "Số, ký hiệu văn bản", "Ngày ban hành"]
    first = rows[FIRST_ROW - 1]
    assert first[:2] == ["1.1", "8/KH-SNV"] and str(first[2]).startswith("2024-01-10")
    sheet = xml_of(path, "xl/worksheets/sheet2.xml")
    kinds = {v.get("type"): v for v in sheet.findall("m:dataValidations/m:dataValidation", NS)}
    assert kinds["date"].find("m:formula1", NS).text == "DATE(2000,1,1)"
    assert kinds["list"].find("m:formula1", NS).text == f"'Tự đánh giá'!$A${FIRST_ROW}:$A${FIRST_ROW + 5}"
    import datetime as dt
    bad = edit(path, tmp_path / "bad.xlsx", "Tài liệu kiểm chứng", {
        "A7": "9.9", "B7": "1/QĐ", "C7": dt.datetime(2024, 2, 1),     # no such criterion
        "A8": "2.1", "C8": dt.datetime(2024, 2, 1),                   # no number
        "A9": "2.1", "B9": "2/QĐ", "C9": "31/02/2024"})               # no such date
    before = tree(mini)
    result = import_workbook(mini, bad)
    assert set(errors_at(result)) == {"Tài liệu kiểm chứng!A7", "Tài liệu kiểm chứng!B8", "Tài liệu kiểm chứng!C9"}
    assert tree(mini) == before
    good = edit(path, tmp_path / "good.xlsx", "Tài liệu kiểm chứng", {
        "A6": None, "B6": None, "C6": None, "D6": None,                # 1.1's document removed
        "A7": "2.1", "B7": "15/BC-SNV", "C7": "20/03/2024", "D7": "Báo cáo quý I",
        "E7": "https://vanban.example.gov.vn/15-bc-snv"})
    result = import_workbook(mini, good)
    assert result.ok and result.files == [SELF_FILE], [p.text() for p in result.problems]
    scores = yaml.safe_load((mini / SELF_FILE).read_text(encoding="utf-8"))["scores"]
    assert "evidence" not in scores["1.1"]
    assert scores["2.1"]["evidence"] == [{"number": "15/BC-SNV", "date": dt.date(2024, 3, 20), "title": "Báo cáo quý I",
                                          "url": "https://vanban.example.gov.vn/15-bc-snv"}]
    assert "    evidence:\n      - number: 15/BC-SNV\n" in (mini / SELF_FILE).read_text(encoding="utf-8")


def test_unknown_unit_row_and_the_checkers_refusal_map_to_cells(mini, tmp_path):
    path = export_agency(mini, "so-tai-chinh", 2023, "so-nganh", tmp_path / "wb.xlsx")
    before = tree(mini)
    edited = edit(path, tmp_path / "e.xlsx", "Thẩm định", {"A10": "so-khong-co", "C10": "1.3.1", "O10": 5})
    result = import_workbook(mini, edited)
    assert "No unit “so-khong-co”" in errors_at(result)["Thẩm định!A10"]
    # valid cells, but the checker refuses the result: an appraisal that differs without a reason
    edited = edit(path, tmp_path / "f.xlsx", "Thẩm định", {"O6": 150})
    result = import_workbook(mini, edited)
    assert not result.ok and result.files == []
    (problem,) = [p for p in result.problems if not p.warning]
    assert problem.where.startswith(f"Thẩm định!O6 → {AGENCY_FILE}:") and "[agency.file]" in problem.where
    assert (problem.unit, problem.cid) == ("so-noi-vu", "1.3.1") and "without a reason" in problem.en
    assert tree(mini) == before
    edited = edit(path, tmp_path / "g.xlsx", "Thẩm định", {"O6": 150, "V6": "Trùng 50 hồ sơ"})
    result = import_workbook(mini, edited)
    assert result.ok and result.files == [AGENCY_FILE]
    entry = yaml.safe_load((mini / AGENCY_FILE).read_text(encoding="utf-8"))["units"]["so-noi-vu"]["1.3.1"]
    assert entry == {"appraised_figures": {"received": 150, "on_time": 196, "late": 4}, "reason": "Trùng 50 hồ sơ"}


def test_a_unit_without_a_file_gets_one_from_its_workbook(mini, tmp_path):
    rel = "scores/2024/so-nganh/so-tai-chinh.yaml"
    assert not (mini / rel).exists()
    path = export_self(mini, "so-tai-chinh", 2024, tmp_path / "wb.xlsx")
    result = import_workbook(mini, edit(path, tmp_path / "e.xlsx", "Tự đánh giá",
                                        {"H6": "Đang thực hiện", "I6": 0.5, "H10": "Đã thực hiện", "I10": 9}))
    assert result.ok and result.files == [rel], [p.text() for p in result.problems]
    text = (mini / rel).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server:") and "# 1.1 Ban hành và thực hiện kế hoạch CCHC năm" in text
    scores = yaml.safe_load(text)["scores"]
    assert scores["1.1"] == {"status": "in_progress", "self": 0.5} and scores["2.1"] == {"status": "done", "self": 9}
    assert CliRunner().invoke(cli, ["check", "--root", str(mini)]).exit_code == 0


def test_a_criterion_changed_since_the_export_is_named(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    mutate(mini, "criteria/so-nganh/2023.yaml", "name: Báo cáo CCHC đúng hạn", "name: Báo cáo CCHC định kỳ đúng hạn")
    mutate(mini, "criteria/so-nganh/2023.yaml", "max: 9\n        rule: {type: manual}",
           "max: 9\n        rule: {type: manual, step: 1}")
    before = tree(mini)
    result = import_workbook(mini, edit(path, tmp_path / "e.xlsx", "Tự đánh giá", {"I6": 1}))
    errors = errors_at(result)
    assert "“Báo cáo CCHC đúng hạn” became “Báo cáo CCHC định kỳ đúng hạn”" in errors["Tự đánh giá!B7"]
    assert "Since the export" in errors["Tự đánh giá!D10"] and "steps of 1" in errors["Tự đánh giá!D10"]
    assert tree(mini) == before


def test_a_workbook_of_another_criteria_set_is_refused(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    text = (mini / "criteria/so-nganh/2023.yaml").read_text(encoding="utf-8")
    (mini / "criteria/so-nganh/2024.yaml").write_text(
        text.replace("year: 2023", "year: 2024").replace("thử nghiệm 2023", "thử nghiệm 2024"), encoding="utf-8")
    before = tree(mini)
    result = import_workbook(mini, path)
    assert not result.ok
    assert "exported for the criteria set so-nganh/2023" in result.problems[0].en
    assert "so-nganh/2024 applies now" in result.problems[0].en
    assert tree(mini) == before


def test_a_value_changed_on_both_sides_is_a_conflict(mini, tmp_path):
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    mutate(mini, SELF_FILE, '"2.1": {status: failed, self: 4}', '"2.1": {status: failed, self: 5}')
    before = tree(mini)
    result = import_workbook(mini, edit(path, tmp_path / "e.xlsx", "Tự đánh giá", {"I10": 6}))
    assert "changed in the repository since the export (4 → 5)" in errors_at(result)["Tự đánh giá!I10"]
    assert tree(mini) == before
    # a cell left as exported keeps what the repository has now
    result = import_workbook(mini, edit(path, tmp_path / "f.xlsx", "Tự đánh giá", {"I6": 1}))
    assert result.ok and result.files == [SELF_FILE]
    assert yaml.safe_load((mini / SELF_FILE).read_text(encoding="utf-8"))["scores"]["2.1"]["self"] == 5


def test_text_from_the_data_stays_text_and_formulas_are_refused(mini, tmp_path):
    mutate(mini, "criteria/so-nganh/2023.yaml", "name: Báo cáo CCHC đúng hạn", 'name: "=HYPERLINK(\\"http://x.example\\")"')
    mutate(mini, SELF_FILE, '"2.1": {status: failed, self: 4}', '"2.1": {status: failed, self: 4, note: "=1+1"}')
    path = export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx")
    sheet = xml_of(path, "xl/worksheets/sheet1.xml")
    assert sheet.find(".//m:f", NS) is None                       # no formula anywhere
    rows = {r[0]: r for r in calamine_rows(path, "Tự đánh giá")[FIRST_ROW - 1:]}
    assert rows["1.2"][1] == '=HYPERLINK("http://x.example")' and rows["2.1"][15] == "=1+1"
    assert import_workbook(mini, path).changes == []
    result = import_workbook(mini, edit(path, tmp_path / "f.xlsx", "Tự đánh giá", {"P6": "=A6", "I10": "=2*3"}))
    errors = errors_at(result)
    assert "formula" in errors["Tự đánh giá!P6"] and "formula" in errors["Tự đánh giá!I10"]


def test_not_a_workbook_of_parportal(mini, tmp_path):
    other = tmp_path / "other.xlsx"
    load_workbook(export_self(mini, "so-noi-vu", 2024, tmp_path / "wb.xlsx"))  # sanity
    from openpyxl import Workbook
    Workbook().save(other)
    result = import_workbook(mini, other)
    assert not result.ok and "_nguon" in result.problems[0].en
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    assert not import_workbook(mini, tmp_path / "junk.xlsx").ok


# --------------------------------------------------------------------------- the property: results see exactly the edits

SELF_2023 = "scores/2023/so-nganh/so-tu-phap.yaml"
STATUSES = ["Đã thực hiện", "Đang thực hiện", "Chưa đến hạn", "Không đạt", "Không áp dụng (giảm trừ)"]
CODES = dict(zip(STATUSES, ["done", "in_progress", "not_due", "failed", "not_applicable"]))
# (criterion, row) of so-tu-phap's 2023 self-assessment; the value column is I, figures K, M, O
MANUAL = {"1.1": (6, Decimal("0.5"), 0, 2), "2.1": (10, Decimal("0.25"), 0, 9), "2.2": (11, Decimal("0.5"), -2, 0)}


@st.composite
def edits(draw):
    cells: dict[str, object] = {}
    expected: dict[tuple[str, ...], object] = {}
    for cid, (row, step, low, high) in MANUAL.items():
        if draw(st.booleans()):
            steps = draw(st.integers(int(low / step), int(high / step)))
            value = steps * step
            as_text = draw(st.booleans())
            cells[f"I{row}"] = format(value, "f").replace(".", ",") if as_text else float(value)
            expected[(cid, "self")] = value
    if draw(st.booleans()):
        done = draw(st.booleans())
        cells["I7"] = "Đạt" if done else "Không đạt"
        expected[("1.2", "self")] = done
    if draw(st.booleans()):   # 1.3.2: paid online of eligible (1.3.1 is appraised by so-tai-chinh)
        eligible = draw(st.integers(1, 500))
        paid = draw(st.integers(0, eligible))
        cells["K9"], cells["M9"] = paid, eligible
        expected[("1.3.2", "figures")] = {"paid_online": paid, "eligible": eligible}
    # a final file takes done, failed (or not applicable where allowed); the others now and then,
    # which the checker refuses, and then so must the import
    usual = ["Đã thực hiện", "Không đạt"] * 3
    for row, cid in ((6, "1.1"), (7, "1.2"), (9, "1.3.2")):
        if draw(st.booleans()):
            label = draw(st.sampled_from(usual + STATUSES if cid == "1.3.2" else usual + STATUSES[:4]))
            cells[f"H{row}"] = label
            expected[(cid, "status")] = CODES[label]
    return cells, expected


def _results(root: Path) -> tuple[int, str]:
    out = CliRunner().invoke(cli, ["results", "--root", str(root), "--year", "2023", "--format", "json"])
    return out.exit_code, out.output


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits())
def test_property_results_see_exactly_the_edits(tmp_path_factory, generated):
    cells, expected = generated
    tmp = tmp_path_factory.mktemp("prop")
    root, twin = tmp / "data", tmp / "twin"
    shutil.copytree(MINI, root)
    path = export_self(root, "so-tu-phap", 2023, tmp / "wb.xlsx")
    edited = edit(path, tmp / "e.xlsx", "Tự đánh giá", cells)
    # the second reader sees the edits as typed
    rows = {r[0]: r for r in calamine_rows(edited, "Tự đánh giá")[FIRST_ROW - 1:]}
    if ("1.2", "self") in expected:
        assert rows["1.2"][8] == ("Đạt" if expected[("1.2", "self")] else "Không đạt")
    # the same edits made independently: PyYAML on the data, into a twin tree
    shutil.copytree(MINI, twin)
    data = yaml.safe_load((twin / SELF_2023).read_text(encoding="utf-8"))
    for (cid, key), value in expected.items():
        entry = data["scores"][cid]
        entry[key] = float(value) if isinstance(value, Decimal) and value != int(value) else \
            int(value) if isinstance(value, Decimal) else value
    (twin / SELF_2023).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = tree(root)
    result = import_workbook(root, edited)
    twin_check = CliRunner().invoke(cli, ["check", "--root", str(twin)])
    assert result.ok == (twin_check.exit_code == 0), ([p.text() for p in result.problems], twin_check.output)
    event("refused" if not result.ok else "imported")
    if not result.ok:
        assert tree(root) == before
        return
    after = tree(root)
    assert {k for k in after if after[k] != before[k]} <= {SELF_2023}
    loaded = load(root).dataset.score_file_of[(2023, "so-tu-phap")].scores
    original = load(MINI, cache=False).dataset.score_file_of[(2023, "so-tu-phap")].scores
    for cid, entry in loaded.items():
        for attr, key in (("status", "status"), ("self_value", "self"), ("figures", "figures")):
            want = expected.get((cid, key), getattr(original[cid], attr))
            got = getattr(entry, attr)
            assert got == want and type(got) is type(want), (cid, key, got, want)
    assert _results(root) == _results(twin)


# --------------------------------------------------------------------------- the command line

def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=180, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})


def test_cli_export_edit_import(mini, tmp_path):
    out = tmp_path / "tu-danh-gia.xlsx"
    done = _run("export", "workbook", "--root", str(mini), "--unit", "Sở Nội vụ", "--year", "2024", "-o", str(out),
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    again = _run("export", "workbook", "--root", str(mini), "--unit", "so-noi-vu", "--year", "2024",
                 "-o", str(tmp_path / "again.xlsx"), cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "again.xlsx").read_bytes() == out.read_bytes()
    before = tree(mini)
    same = _run("import", "--root", str(mini), str(out), cwd=tmp_path)
    assert same.returncode == 0 and "No changes" in same.stdout and tree(mini) == before
    bad = edit(out, tmp_path / "bad.xlsx", "Tự đánh giá", {"I6": 3, "H7": "xong", "B6": "Tên khác"})
    refused = _run("import", "--root", str(mini), str(bad), cwd=tmp_path)
    assert refused.returncode == 1 and tree(mini) == before
    for cell in ("Tự đánh giá!I6", "Tự đánh giá!H7", "Tự đánh giá!B6"):
        assert cell in refused.stderr
    assert "3 lỗi; không ghi tệp nào" in refused.stderr and "nothing was written" in refused.stderr
    good = edit(out, tmp_path / "good.xlsx", "Tự đánh giá", {"I6": 1.5, "I10": "8,25"})
    dry = _run("import", "--dry-run", "--root", str(mini), str(good), cwd=tmp_path)
    assert dry.returncode == 0 and "would write" in dry.stdout and tree(mini) == before
    wrote = _run("import", "--root", str(mini), str(good), cwd=tmp_path)
    assert wrote.returncode == 0, wrote.stderr
    assert "Tự đánh giá!I10" in wrote.stderr and "7,5" not in wrote.stderr     # the text warning
    text = (mini / SELF_FILE).read_text(encoding="utf-8")
    assert "self: 1.5" in text and '"2.1": {status: failed, self: 8.25}' in text
    assert _run("check", "--root", str(mini), cwd=tmp_path).returncode == 0


def test_cli_exports_every_units_workbook_for_a_release(mini, tmp_path):
    done = _run("export", "workbook", "--root", str(mini), "--all-units", "--year", "2024", "-o",
                str(tmp_path / "rel"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "rel").iterdir())
    assert names == [f"tu-danh-gia-{u}-2024.xlsx" for u in ("so-noi-vu", "so-tai-chinh", "so-tu-phap", "thanh-tra-tinh")]
    one = tmp_path / "one.xlsx"
    assert _run("export", "workbook", "--root", str(mini), "--unit", "so-tu-phap", "--year", "2024", "-o", str(one),
                cwd=tmp_path).returncode == 0
    assert one.read_bytes() == (tmp_path / "rel" / "tu-danh-gia-so-tu-phap-2024.xlsx").read_bytes()


def test_cli_export_refuses_unclear_requests(mini, tmp_path):
    both = _run("export", "workbook", "--root", str(mini), "--unit", "so-noi-vu", "--council", "--year", "2024",
                cwd=tmp_path)
    assert both.returncode == 2
    unknown = _run("export", "workbook", "--root", str(mini), "--agency", "so-khong-co", "--group", "so-nganh",
                   "--year", "2023", cwd=tmp_path)
    assert unknown.returncode == 1 and "so-khong-co" in unknown.stderr and "Traceback" not in unknown.stderr
