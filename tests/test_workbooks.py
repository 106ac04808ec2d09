"""The public downloads as a reader opens them: every CSV of a rendered site with a byte order mark
and one way of writing numbers and booleans; every .xlsx read back by python-calamine (a reader the
build does not use) with numbers as numbers, and by openpyxl for its frozen header, filter and
formats; the source sheet; the same bytes from the same data, whatever the clock says."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from generator.compute import compute
from generator.core.buildinfo import BuildInfo
from generator.core.escape import csv_cell
from generator.load import load
from generator.render import render
from generator.render import site_paths as P
from generator.render import workbooks as W
from generator.render.opendata import UNIT_COLUMNS
from tests.conftest import MINI
from tests.test_render import INFO

NUMBER = re.compile(r"-?\d+(\.\d*[1-9])?")  # the CSV number rule: no exponent, fraction or trailing zero
FRACTION = re.compile(r"-?\d+/\d+")
EXPONENT = re.compile(r"-?\d+(\.\d+)?[eE][-+]?\d+")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("wb") / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    ds = load(root).dataset
    res = compute(ds)
    render(ds, res, INFO, root, root / "build/docs", root / "build/cache", root / "build/ready")
    docs = root / "build/docs"
    package = json.loads((docs / P.DATAPACKAGE).read_text(encoding="utf-8"))
    return ds, res, docs, package


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    assert data.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _fields(package: dict, rel: str) -> list[dict]:
    """The schema fields datapackage.json gives the file `rel` (a resource or a file series)."""
    by_name = {r["name"]: r for r in package["resources"]}
    path = rel.removeprefix(P.DATA_DIR + "/")
    for r in package["resources"]:
        if r["path"] == path:
            return r["schema"]["fields"]
    for series in package["x-file-series"]:
        if re.fullmatch(re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(series["path"])), path):
            return by_name[series["columns_of"]]["schema"]["fields"] if "columns_of" in series else \
                series["schema"]["fields"]
    raise AssertionError(f"{rel} is not described in datapackage.json")


def test_every_csv_has_a_bom_and_one_way_of_writing_values(site):
    _, _, docs, package = site
    files = sorted(p for p in docs.rglob("*") if p.name.endswith((".csv", ".csv.gz")))
    kinds = {p.relative_to(docs).parts[1] for p in files}
    assert {"chi-so-cchc.csv", "xep-hang", "moi-nam", "tieu-chi", "don-vi"} <= kinds, kinds
    numbers = booleans = 0
    for file in files:
        header, *rows = _csv_rows(file)
        fields = _fields(package, file.relative_to(docs).as_posix())
        assert header == [f["name"] for f in fields], file
        for row in rows:
            for cell, field in zip(row, fields, strict=True):
                assert cell not in ("True", "False", "None"), (file, field["name"], cell)
                assert not FRACTION.fullmatch(cell) and not EXPONENT.fullmatch(cell), (file, field["name"], cell)
                if not cell:
                    continue
                if field["type"] in ("number", "integer"):
                    assert NUMBER.fullmatch(cell), (file, field["name"], cell)
                    numbers += 1
                if field["type"] == "integer":
                    assert "." not in cell, (file, field["name"], cell)
                if field["type"] == "boolean":
                    assert [cell] in (field["trueValues"], field["falseValues"]), (file, field["name"], cell)
                    booleans += 1
    assert numbers > 1000 and booleans > 100  # the checks above ran on real cells


def _xlsx_files(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.xlsx"))


def test_every_spreadsheet_reads_back_as_its_csv_with_numbers_as_numbers(site):
    ds, res, docs, package = site
    files = _xlsx_files(docs)
    expected = {P.UNITS_XLSX} | {P.ranking_xlsx(r.year, r.group) for r in res.rankings} | {
        P.all_years_xlsx(g) for g in {r.group for r in res.rankings}}
    assert {f.relative_to(docs).as_posix() for f in files} == expected
    checked_numbers = 0
    for file in files:
        rel = file.relative_to(docs).as_posix()
        book = CalamineWorkbook.from_path(str(file))
        assert book.sheet_names == [W.DATA_SHEET, W.SOURCE_SHEET]
        table = book.get_sheet_by_name(W.DATA_SHEET).to_python(skip_empty_area=False)
        header, *rows = _csv_rows(docs / rel.replace(".xlsx", ".csv"))
        assert table[0] == header
        fields = _fields(package, rel)
        assert len(table) - 1 == len(rows), rel
        for got, want in zip(table[1:], rows):
            for value, text, field in zip(got, want, fields):
                if text == "":
                    assert value == "", (rel, field["name"])
                elif field["type"] in ("number", "integer"):
                    assert isinstance(value, (int, float)) and not isinstance(value, bool), (rel, field["name"], value)
                    assert value == float(Decimal(text)), (rel, field["name"], value, text)
                    checked_numbers += 1
                elif field["type"] == "boolean":
                    assert value is (text == "true"), (rel, field["name"], value)
                else:
                    assert value == text, (rel, field["name"])
    assert checked_numbers > 100


def test_header_frozen_filter_set_and_numbers_formatted(site):
    _, _, docs, _ = site
    for file in _xlsx_files(docs):
        book = openpyxl.load_workbook(file)
        sheet = book[W.DATA_SHEET]
        assert sheet.freeze_panes == "A2", file
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", file
        header = [c.value for c in sheet[1]]
        assert all(c.font.b for c in sheet[1])
        for row in sheet.iter_rows(min_row=2):
            for name, cell in zip(header, row):
                if name in ("year", "rank"):
                    assert cell.value is None or (isinstance(cell.value, int) and cell.number_format == W.INTEGER_FORMAT)
                if name in ("index", "points", "max") and cell.value is not None:
                    assert cell.number_format == W.NUMBER_FORMAT and isinstance(cell.value, (int, float)), (file, name)
    book = openpyxl.load_workbook(docs / P.UNITS_XLSX)
    sheet = book[W.DATA_SHEET]
    header = [c.value for c in sheet[1]]
    assert header == [c[0] for c in UNIT_COLUMNS]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        assert cells["index_change"].value is None or cells["index_change"].number_format == W.SIGNED_NUMBER_FORMAT
        assert isinstance(cells["ranked"].value, bool)


def test_source_sheet_names_commit_date_licence_and_every_column(site):
    ds, _, docs, _ = site
    for file in _xlsx_files(docs):
        rows = CalamineWorkbook.from_path(str(file)).get_sheet_by_name(W.SOURCE_SHEET).to_python()
        text = "\n".join(" | ".join(str(v) for v in row) for row in rows)
        assert INFO.commit in text and INFO.date in text and "CC BY 4.0" in text and W.LICENCE["path"] in text
        assert ds.registry.province.name in text and f"{INFO.repository}/tree/{INFO.commit}" in text
        header = CalamineWorkbook.from_path(str(file)).get_sheet_by_name(W.DATA_SHEET).to_python()[0]
        meanings = {row[0]: row for row in rows if row and row[0] in header}
        assert set(meanings) == set(header), file
        assert all(row[2] and row[3] for row in meanings.values())  # Vietnamese and English


def _book(rows, info=INFO, columns=UNIT_COLUMNS[:5]) -> bytes:
    return W.workbook_bytes("Bảng thử", columns, rows, info, province="Tỉnh Thử", demo=True, csv_path="data/x.csv")


def test_same_data_same_bytes_whatever_the_clock(monkeypatch):
    rows = [(2023, "so-nganh", "so-noi-vu", "Sở Nội vụ", "final")]
    first = _book(rows)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)
    monkeypatch.setattr(dt, "datetime", Later)  # openpyxl's own clock: datetime.datetime.now
    assert _book(rows) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}  # SOURCE_DATE_EPOCH 1700000000
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2023-11-14T22:13:20Z") == 2 and "2031" not in core
    assert _book(rows, BuildInfo(INFO.commit, False, 1700086400, INFO.repository)) != first  # a day later


def test_hostile_text_is_text_and_exact():
    texts = ["=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)", "-2+3", "<b>&amp;</b>", " lề trái", "phải ",
             "a_x0041_b", "dòng\nmới\r\nnữa", "chuông\x07", "Huyện Đông Lộc"]
    rows = [(2023, "g", "u", text, "final") for text in texts]
    book = CalamineWorkbook.from_filelike(io.BytesIO(_book(rows)))
    got = [row[3] for row in book.get_sheet_by_name(W.DATA_SHEET).to_python()[1:]]
    want = [csv_cell(t).replace("\x07", "\ufffd") for t in texts]
    assert got == want
    assert got[0].startswith("'=") and got[1] == "'+1+2" and got[3] == "'-2+3"
    sheet = openpyxl.load_workbook(io.BytesIO(_book(rows)))[W.DATA_SHEET]
    assert all(cell.data_type == "s" for cell in sheet["D"][1:])  # text, never a formula


def test_a_number_is_its_exact_decimal_in_the_sheet():
    rows = [(2023, "g", "u", "n", Decimal("85.10")), (2023, "g", "u", "n", Decimal("0.1")),
            (2023, "g", "u", "n", Decimal("1E+2")), (2023, "g", "u", "n", None)]
    columns = UNIT_COLUMNS[:4] + [("index", "number", "Chỉ số", "Index")]
    sheet = zipfile.ZipFile(io.BytesIO(_book(rows, columns=columns))).read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'<c r="E\d+" s="\d+"><v>([^<]*)</v>', sheet) == ["85.1", "0.1", "100"]
    assert '<c r="E5"' not in sheet  # no value: no cell
