"""Spreadsheet (.xlsx) copies of the public tables that readers open in Excel or LibreOffice: the
unit-year table, each ranking and each group's years (`opendata`, `pages.all_years_pages`).

Each workbook has two sheets:

* "Dữ liệu (Data)": the CSV's columns and rows; numbers are numbers (not text), shown with
  `NUMBER_FORMAT`, which Excel and LibreOffice display with the reader's own separators (86,92
  in Vietnamese), years and ranks as plain integers (2023, not 2.023); booleans are logical cells;
  the header row is frozen and has filters. Text is written as text, with a leading formula
  character neutralised as in the CSV (`core.escape.csv_cell`).
* "Nguồn (Source)": what the table is, the source commit and repository, the build date, the
  licence, and the meaning of every column, in Vietnamese and English.

openpyxl writes the workbook (package, styles, sheet views, filter, document properties); the
data rows, tens of thousands at national scale, are formatted here into the sheet's `sheetData`
(`_rows_xml`, 20× faster than openpyxl's cell objects, with the numbers' exact decimal text, where
openpyxl would write a Decimal through a float). Same data and build info → same bytes: the
document's created/modified time is the build's (SOURCE_DATE_EPOCH), every zip entry has that
time too, in openpyxl's fixed order.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from decimal import Decimal

from generator.core.buildinfo import BuildInfo
from generator.core.cells import number_text
from generator.core.escape import csv_cell

DATA_SHEET = "Dữ liệu (Data)"
SOURCE_SHEET = "Nguồn (Source)"
NUMBER_FORMAT = "#,##0.00##"  # 2 decimals, up to 4 when the value has them (points have at most 4)
SIGNED_NUMBER_FORMAT = "+#,##0.00##;-#,##0.00##;0.00"
INTEGER_FORMAT = "0"           # years and ranks: no thousands separator
SIGNED_INTEGER_FORMAT = "+0;-0;0"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
MAX_ROWS = 1_048_575  # a sheet's rows below its header (Excel's limit)

# (name, Table Schema type, Vietnamese, English) as in `opendata.UNIT_COLUMNS`
Column = tuple[str, str, str, str]

_WIDTHS = {"string": 14, "integer": 8, "number": 11, "boolean": 8}
_WIDE = {"unit_name": 34, "name": 34, "source": 44, "unit": 26, "criteria_set": 16}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")  # Excel reads "_x0041_" in a cell as "A": keep it literal


def _letters(index: int) -> str:
    """The column letters of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xml_text(text: str) -> str:
    """Text as the content of an XML element, as Excel reads it back: a leading formula character
    neutralised, markup escaped, characters XML cannot hold replaced (U+FFFD), Excel's own
    escapes kept literal."""
    text = csv_cell(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # XML would read a bare carriage return as a line feed
    return _XML_ILLEGAL.sub("\ufffd", text)


def _rows_xml(columns: list[Column], rows, styles: list[int | None], first: int = 2) -> str:
    """`<row>` elements of `rows` from sheet row `first`: numbers as numbers (the exact decimal
    text, style `styles[i]`), booleans as logical cells, text inline, None as no cell."""
    letters = [_letters(i) for i in range(len(columns))]
    kinds = [kind for _, kind, _, _ in columns]
    style_attrs = [f' s="{s}"' if s is not None else "" for s in styles]
    parts = []
    append = parts.append
    for n, row in enumerate(rows, first):
        append(f'<row r="{n}">')
        for letter, kind, style, value in zip(letters, kinds, style_attrs, row):
            if value is None:
                continue
            kind_of = type(value)
            if kind_of is bool:
                append(f'<c r="{letter}{n}" t="b"><v>{1 if value else 0}</v></c>')
            elif kind_of is int or kind_of is Decimal:
                append(f'<c r="{letter}{n}"{style}><v>{number_text(value)}</v></c>')
            elif kind_of is str:
                space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
                append(f'<c r="{letter}{n}" t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>')
            else:
                raise TypeError(f"no spreadsheet cell for {kind_of.__name__}: {value!r}")
        append("</row>")
    return "".join(parts)


def _format_of(name: str, kind: str) -> str | None:
    if name.endswith("_change"):
        return SIGNED_INTEGER_FORMAT if kind == "integer" else SIGNED_NUMBER_FORMAT
    return {"integer": INTEGER_FORMAT, "number": NUMBER_FORMAT}.get(kind)


def _stamp(info: BuildInfo) -> tuple[dt.datetime, tuple[int, int, int, int, int, int]]:
    """The build's time (naive UTC) and the zip date of every entry (zip dates start in 1980)."""
    when = dt.datetime.fromtimestamp(info.epoch, dt.timezone.utc).replace(tzinfo=None)
    return when, max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]


class _FixedZip(zipfile.ZipFile):
    """The archive openpyxl writes into: every entry with the build's date and fixed attributes,
    and the data rows put into the data sheet as it is added."""

    def __init__(self, file, date_time: tuple, sheet: str, rows_xml: str) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date_time, self._sheet, self._rows = date_time, sheet, rows_xml

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        arcname = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if isinstance(data, str):
            data = data.encode("utf-8")
        if arcname == self._sheet:
            head, tail = data.rsplit(b"</sheetData>", 1)
            data = head + self._rows.encode("utf-8") + b"</sheetData>" + tail
        entry = zipfile.ZipInfo(arcname, date_time=self._date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 0
        entry.external_attr = 0o644 << 16
        super().writestr(entry, data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """openpyxl's write-only sheets come from a temporary file: its bytes, not its mtime."""
        with open(filename, "rb") as f:
            self.writestr(arcname or os.path.basename(filename), f.read())


def workbook_bytes(title: str, columns: list[Column], rows: list[tuple], info: BuildInfo, *,
                   province: str, demo: bool, csv_path: str) -> bytes:
    """One table as .xlsx (the module's docstring): `rows` of values in `columns` order (None, bool,
    int, Decimal or str), `title` naming the table, `csv_path` the same table's CSV on the site."""
    from openpyxl import Workbook  # imported when a workbook is written: a build without open data never pays it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    if len(rows) > MAX_ROWS:
        raise ValueError(f"{title}: {len(rows)} rows do not fit one sheet ({MAX_ROWS})")
    wb = Workbook(write_only=True)
    data = wb.create_sheet(DATA_SHEET)
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{_letters(len(columns) - 1)}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for i, (name, kind, _, _) in enumerate(columns):
        data.column_dimensions[_letters(i)].width = max(_WIDE.get(name, _WIDTHS.get(kind, 12)), len(name) + 4)
        cell = WriteOnlyCell(data, value=name)
        cell.font = bold
        header.append(cell)
    data.append(header)
    styles = []  # the style of each column's numbers, registered with the workbook (never a cell of openpyxl's)
    for name, kind, _, _ in columns:
        number_format = _format_of(name, kind)
        if number_format is None:
            styles.append(None)
            continue
        cell = WriteOnlyCell(data)
        cell.number_format = number_format
        styles.append(cell.style_id)

    source = wb.create_sheet(SOURCE_SHEET)
    source.column_dimensions["A"].width = 34
    source.column_dimensions["B"].width = 12
    source.column_dimensions["C"].width = 60
    source.column_dimensions["D"].width = 60
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(*values, strong=False):
        cells = []
        for value in values:
            cell = WriteOnlyCell(source, value=csv_cell(value) if isinstance(value, str) else value)
            cell.alignment = wrap
            if strong:
                cell.font = bold
            cells.append(cell)
        source.append(cells)

    repository = info.repository or ""
    line("Bảng / Table", title, strong=True)
    line("Tỉnh / Province", province)
    if demo:
        line("Dữ liệu minh họa / Demonstration data", "Dữ liệu của một tỉnh giả định / data of a fictional province")
    line("Commit nguồn / Source commit", info.commit or "chưa commit / not committed")
    if info.dirty:
        line("", "Dữ liệu có thay đổi chưa commit / the data had uncommitted changes")
    line("Kho dữ liệu / Data repository", repository or "—")
    if repository and info.commit:
        line("Tệp nguồn tại commit / Source files at the commit", f"{repository.rstrip('/')}/tree/{info.commit}")
    line("Ngày dựng / Built", info.date)
    line("Giấy phép / Licence", f"{LICENCE['title']} (CC BY 4.0): {LICENCE['path']}")
    line("Cùng bảng dạng CSV / Same table as CSV", csv_path)
    line("Số / Numbers", "Ô số là số, hiện theo định dạng vùng của máy (tiếng Việt: 86,92) / numbers are numbers, "
                         "shown with the computer's own separators (English: 86.92)")
    line()
    line("Cột / Column", "Kiểu / Type", "Ý nghĩa", "Meaning", strong=True)
    for name, kind, vi, en in columns:
        line(name, kind, vi, en)

    when, date_time = _stamp(info)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "parportal"
    wb.properties.title = csv_cell(title)
    buffer = io.BytesIO()
    archive = _FixedZip(buffer, date_time, "xl/worksheets/sheet1.xml", _rows_xml(columns, rows, styles))
    ExcelWriter(wb, archive).save()
    return buffer.getvalue()
