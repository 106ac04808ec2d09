"""`parportal export workbook`: a `Book` written as an .xlsx file staff can fill in.

Vietnamese headers with English beneath, the fixed columns locked (sheet protection without a
password: it prevents slips, not intent, and the import finds edited locked cells anyway),
editable cells unlocked and yellow with Excel data validation, a sheet that explains every
column, frozen panes, A4 landscape print set-up with the header rows repeated, for a unit's
self-assessment an evidence sheet (one document a row: criterion from a list, dates validated), and a hidden
sheet `_nguon` recording what the workbook was exported from (file, commit, criteria set, and
each row's locked and current values). Reproducible: the zip entries and the document
properties carry the commit's date (or SOURCE_DATE_EPOCH), so one commit gives one file.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.core.buildinfo import BuildInfo, build_info
from generator.workflow.workbook.numbers import plain
from generator.workflow.workbook.rows import (
    DONE_LABEL,
    EVIDENCE,
    EVIDENCE_COLUMNS,
    EVIDENCE_SHEET,
    FORMAT_VERSION,
    NOT_DONE_LABEL,
    STATUS_LABEL,
    STATUS_ORDER,
    Book,
    Limits,
    Row,
)

HEADER_VI_ROW, HEADER_EN_ROW, FIRST_ROW = 4, 5, 6
META_SHEET = "_nguon"
GUIDE_SHEET = "Hướng dẫn"
NUMERIC_LOCKED = {"max", "scale"}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
NOT_HERE_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest time a zip entry can carry


def encode(value) -> str | None:
    """A current value as the hidden sheet records it (typed, exact)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "b:" + ("true" if value else "false")
    if isinstance(value, Decimal):
        return "n:" + plain(value)
    if isinstance(value, int):
        return "n:" + str(value)
    return "s:" + str(value)


def decode(text: str | None):
    if text is None:
        return None
    kind, _, body = text.partition(":")
    if kind == "b":
        return body == "true"
    if kind == "n":
        return Decimal(body)
    return body


def editable(row: Row, key: str, edit: str) -> bool:
    """Whether this row's cell of an editable column takes a value."""
    return edit in ("status", "text") or key in row.values


def cell_value(row: Row, key: str, edit: str):
    value = row.values.get(key)
    if value is None:
        return None
    if edit == "status":
        return STATUS_LABEL.get(value, value)
    if isinstance(value, bool):
        return DONE_LABEL if value else NOT_DONE_LABEL
    return value


def locked_value(key: str, text: str):
    if text == "":
        return None
    if key in NUMERIC_LOCKED or key.startswith("figself"):
        try:
            return Decimal(text)
        except ArithmeticError:
            return text
    return text


def put(ws, row: int, column: int, value):
    """A cell holding `value`; text is always text, never a formula (a name from a data file that
    begins with "=" stays words on the sheet)."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def sha256_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _validation_formula(cell: str, limits: Limits) -> str:
    low, high = plain(limits.low), plain(limits.high)
    checks = [f"ISNUMBER({cell})", f"{cell}>={low}", f"{cell}<={high}"]
    if limits.integer:
        checks.append(f"INT({cell})={cell}")
    elif limits.step:
        checks.append(f"MOD(ROUND({cell}*10000,0),ROUND({plain(limits.step)}*10000,0))=0")
    else:
        checks.append(f"ROUND({cell},4)={cell}")
    return "AND(" + ",".join(checks) + ")"


def _limits_words(limits: Limits) -> tuple[str, str]:
    vi_low, vi_high = plain(limits.low).replace(".", ","), plain(limits.high).replace(".", ",")
    if limits.integer:
        return f"Số nguyên từ {vi_low} đến {vi_high}.", f"A whole number from {plain(limits.low)} to {plain(limits.high)}."
    if limits.step:
        step_vi = plain(limits.step).replace(".", ",")
        return (f"Số từ {vi_low} đến {vi_high}, bước {step_vi}.",
                f"A number from {plain(limits.low)} to {plain(limits.high)} in steps of {plain(limits.step)}.")
    return f"Số từ {vi_low} đến {vi_high}.", f"A number from {plain(limits.low)} to {plain(limits.high)}."


def _list_validation(choices: list[str], title: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    dv.showErrorMessage = dv.showInputMessage = True
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.error = "Chọn một giá trị trong danh sách. / Pick a value from the list."
    dv.promptTitle = title[:32]
    dv.prompt = ("Chọn trong danh sách / pick from the list: " + ", ".join(choices))[:255]
    return dv


def _add_validations(ws, book: Book) -> None:
    columns = {c.key: (n, c) for n, c in enumerate(book.columns, 1)}
    groups: dict[tuple, list[str]] = {}
    for r, row in enumerate(book.rows, FIRST_ROW):
        for key, (n, col) in columns.items():
            if col.edit is None or not editable(row, key, col.edit):
                continue
            ref = f"{get_column_letter(n)}{r}"
            if col.edit == "status":
                groups.setdefault(("status", row.na_allowed), []).append(ref)
            elif col.edit in ("value", "figure", "result"):
                if row.binary and key == "value":
                    groups.setdefault(("binary",), []).append(ref)
                elif key in row.limits:
                    groups.setdefault(("number", n, row.limits[key]), []).append(ref)
    for group, refs in groups.items():
        if group[0] == "status":
            labels = [STATUS_LABEL[s] for s in STATUS_ORDER if group[1] or s != "not_applicable"]
            dv = _list_validation(labels, "Trạng thái / Status")
        elif group[0] == "binary":
            dv = _list_validation([DONE_LABEL, NOT_DONE_LABEL], "Đạt / Không đạt")
        else:
            limits = group[2]
            dv = DataValidation(type="custom", formula1=_validation_formula(refs[0], limits), allow_blank=True)
            vi, en = _limits_words(limits)
            dv.showErrorMessage = dv.showInputMessage = True
            dv.errorTitle = "Giá trị không hợp lệ"
            dv.error = f"{vi} / {en}"[:255]
            dv.promptTitle = "Nhập số / Enter a number"
            dv.prompt = f"{vi} / {en}"[:255]
        dv.sqref = " ".join(refs)
        ws.add_data_validation(dv)


def _data_sheet(wb: Workbook, book: Book, source_line: str) -> None:
    ws = wb.active
    ws.title = book.sheet
    put(ws, 1, 1, book.title_vi).font = Font(bold=True, size=14)
    put(ws, 2, 1, book.title_en)
    ws["A2"].font = Font(italic=True, color="595959")
    ws["A3"] = source_line
    ws["A3"].font = Font(size=9, color="595959")
    for n, col in enumerate(book.columns, 1):
        letter = get_column_letter(n)
        ws.column_dimensions[letter].width = col.width
        for r, text, font in ((HEADER_VI_ROW, col.vi, Font(bold=True)),
                              (HEADER_EN_ROW, col.en, Font(italic=True, color="595959"))):
            cell = ws.cell(r, n, text)
            cell.font, cell.fill, cell.border = font, HEADER_FILL, BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(book.rows, FIRST_ROW):
        for n, col in enumerate(book.columns, 1):
            if col.edit is None:
                cell = put(ws, r, n, locked_value(col.key, row.locked.get(col.key, "")))
            elif editable(row, col.key, col.edit):
                cell = put(ws, r, n, cell_value(row, col.key, col.edit))
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
            else:
                cell = ws.cell(r, n, None)
                cell.fill = NOT_HERE_FILL
            cell.alignment, cell.border = wrap, BORDER
    first_free = next(n for n, c in enumerate(book.columns, 1) if c.key == "name")
    ws.freeze_panes = ws.cell(FIRST_ROW, first_free)
    _add_validations(ws, book)
    _protect_and_print(ws)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.left.text = book.default_name


EVIDENCE_SPARE_ROWS = 30   # blank rows to add documents in


def evidence_rows(book: Book) -> list[tuple[str, str, dt.date, str | None, str | None]]:
    """The evidence sheet's filled rows: (criterion, number, date, title, url), in criterion order."""
    out = []
    for row in book.rows:
        for number, date, title, url in json.loads(row.values.get(EVIDENCE) or "[]"):
            out.append((row.cid, number, dt.date.fromisoformat(date), title, url))
    return out


def _evidence_sheet(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(EVIDENCE_SHEET)
    ws["A1"] = f"Tài liệu kiểm chứng — {book.title_vi}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Evidence documents — {book.title_en}"
    ws["A2"].font = Font(italic=True, color="595959")
    ws["A3"] = ("Mỗi tài liệu một dòng; thêm tài liệu ở các dòng trống; xóa nội dung dòng để bỏ một tài liệu. / "
                "One document a row; add documents in the blank rows; clear a row to remove a document.")
    ws["A3"].font = Font(size=9, color="595959")
    for n, col in enumerate(EVIDENCE_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(n)].width = col.width
        for r, text, font in ((HEADER_VI_ROW, col.vi, Font(bold=True)),
                              (HEADER_EN_ROW, col.en, Font(italic=True, color="595959"))):
            cell = ws.cell(r, n, text)
            cell.font, cell.fill, cell.border = font, HEADER_FILL, BORDER
    filled = evidence_rows(book)
    last = FIRST_ROW + len(filled) + EVIDENCE_SPARE_ROWS - 1
    for r in range(FIRST_ROW, last + 1):
        values = filled[r - FIRST_ROW] if r - FIRST_ROW < len(filled) else (None,) * 5
        for n, value in enumerate(values, 1):
            cell = put(ws, r, n, value)
            cell.protection = Protection(locked=False)
            cell.fill, cell.border = EDITABLE_FILL, BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if n == 3:
                cell.number_format = "DD/MM/YYYY"
    if book.rows:
        ids = DataValidation(type="list", allow_blank=True,
                             formula1=f"'{book.sheet}'!$A${FIRST_ROW}:$A${FIRST_ROW + len(book.rows) - 1}")
        ids.showErrorMessage = ids.showInputMessage = True
        ids.errorTitle, ids.error = "Mã tiêu chí", "Chọn mã tiêu chí trong danh sách. / Pick a criterion id from the list."
        ids.promptTitle, ids.prompt = "Mã tiêu chí", "Tiêu chí của tài liệu / the document's criterion"
        ids.sqref = f"A{FIRST_ROW}:A{last}"
        ws.add_data_validation(ids)
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                           allow_blank=True)
    dates.showErrorMessage = dates.showInputMessage = True
    dates.errorTitle, dates.error = "Ngày", "Một ngày dd/mm/yyyy, từ 2000 đến 2100. / A date, dd/mm/yyyy."
    dates.promptTitle, dates.prompt = "Ngày ban hành", "dd/mm/yyyy"
    dates.sqref = f"C{FIRST_ROW}:C{last}"
    ws.add_data_validation(dates)
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    _protect_and_print(ws)


def _protect_and_print(ws) -> None:
    """A sheet to fill in: protected (locked cells stay so; widths and heights may still change) and
    printed A4 landscape, one page wide, the two header rows on every page, numbered."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{HEADER_VI_ROW}:{HEADER_EN_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "Trang &P / &N"


def _guide_sheet(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    lines = [
        ("Cách dùng bảng tính này", "How to use this workbook"),
        (f"1. Điền các ô màu vàng của trang “{book.sheet}”; các ô khác bị khóa.",
         f"1. Fill in the yellow cells of the sheet “{book.sheet}”; the other cells are locked."),
        ("2. Không thêm, xóa hay đổi thứ tự dòng; không sửa trang ẩn _nguon.",
         "2. Do not add, delete or reorder rows; do not edit the hidden sheet _nguon."),
        ("3. Số thập phân gõ dạng số (7,5 theo cài đặt tiếng Việt của máy); số gõ dạng chữ “7,5” vẫn được đọc, kèm "
         "cảnh báo; “1.250” bị từ chối vì không rõ là 1250 hay 1,25.",
         "3. Type decimals as numbers; text such as “7,5” is read as 7.5 with a warning; “1.250” is refused as "
         "ambiguous (1250 or 1.25)."),
        (f"4. Gửi tệp cho Văn phòng/thư ký Hội đồng; thư ký nhập bằng: parportal import <tệp>.xlsx (ghi vào {book.target}).",
         f"4. Send the file to the secretariat, who imports it with: parportal import <file>.xlsx (written to {book.target})."),
        ("Mọi lỗi được báo theo ô (trang!ô) cùng mã tiêu chí và đơn vị; không có gì được ghi khi bảng còn lỗi.",
         "Every problem is reported by cell (sheet!cell) with the criterion and unit; nothing is written while "
         "the workbook has a problem."),
    ]
    for r, (vi, en) in enumerate(lines, 1):
        ws.cell(r, 1, vi).font = Font(bold=r == 1)
        ws.cell(r, 2, en).font = Font(bold=r == 1, italic=True, color="595959")
    start = len(lines) + 2
    heads = [("Cột", "Column"), ("Tiêu đề", "Header"), ("Header", "Header (English)"), ("Sửa được", "Editable"),
             ("Cách điền", "What to enter"), ("What to enter", "What to enter (English)")]
    for n, (vi, en) in enumerate(heads, 1):
        ws.cell(start, n, vi).font = Font(bold=True)
        ws.cell(start + 1, n, en).font = Font(italic=True, color="595959")
    for r, (n, col) in enumerate(enumerate(book.columns, 1), start + 2):
        ws.cell(r, 1, get_column_letter(n))
        ws.cell(r, 2, col.vi)
        ws.cell(r, 3, col.en)
        ws.cell(r, 4, "Có / yes" if col.edit else "Không (khóa) / no (locked)")
        ws.cell(r, 5, col.help_vi or "Thông tin cố định từ bộ tiêu chí hoặc dữ liệu đã có.")
        ws.cell(r, 6, col.help_en or "Fixed, from the criteria set or the data recorded.")
    r = start + 2 + len(book.columns)
    if book.evidence:
        ws.cell(r + 1, 1, f"Trang “{EVIDENCE_SHEET}” / The evidence sheet").font = Font(bold=True)
        for k, (n, col) in enumerate(enumerate(EVIDENCE_COLUMNS, 1), r + 2):
            ws.cell(k, 1, get_column_letter(n))
            ws.cell(k, 2, col.vi)
            ws.cell(k, 3, col.en)
            ws.cell(k, 4, "Có / yes")
            ws.cell(k, 5, col.help_vi)
            ws.cell(k, 6, col.help_en)
        r += 2 + len(EVIDENCE_COLUMNS)
    r += 1
    ws.cell(r, 1, "Trạng thái / Status").font = Font(bold=True)
    for k, code in enumerate(STATUS_ORDER, r + 1):
        ws.cell(k, 2, STATUS_LABEL[code])
        ws.cell(k, 3, code)
    for letter, width in zip("ABCDEF", (10, 40, 34, 16, 60, 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def meta_pairs(book: Book, root: Path, commit: str, dirty: bool) -> list[tuple[str, str]]:
    cs = book.criteria_set
    return [("format", FORMAT_VERSION), ("kind", book.kind), ("year", str(book.year)), ("group", book.group),
            ("unit", book.unit or ""), ("agency", book.agency or ""), ("sheet", book.sheet),
            ("criteria_set", cs.id), ("criteria_file", cs.path), ("criteria_sha256", sha256_of(root / cs.path)),
            ("file", book.target), ("file_sha256", sha256_of(root / book.target)), ("commit", commit),
            ("dirty", "true" if dirty else "false"), ("first_row", str(FIRST_ROW))]


ROWS_MARK = "rows"


def _meta_sheet(wb: Workbook, book: Book, pairs: list[tuple[str, str]]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws.cell(1, 1, "parportal-workbook")
    ws.cell(1, 2, "Nguồn của bảng tính: không sửa / Where this workbook came from: do not edit")
    for r, (key, value) in enumerate(pairs, 2):
        ws.cell(r, 1, key)
        ws.cell(r, 2, value)
    r = len(pairs) + 3
    ws.cell(r, 1, ROWS_MARK)
    for k, col in enumerate(("sheet_row", "unit", "criterion", "locked", "values"), 2):
        ws.cell(r, k, col)
    for n, row in enumerate(book.rows):
        at = r + 1 + n
        ws.cell(at, 1, ROWS_MARK)
        ws.cell(at, 2, FIRST_ROW + n)
        ws.cell(at, 3, row.unit)
        ws.cell(at, 4, row.cid)
        ws.cell(at, 5, json.dumps(row.locked, ensure_ascii=False, sort_keys=True))
        ws.cell(at, 6, json.dumps({k: encode(v) for k, v in row.values.items()}, ensure_ascii=False, sort_keys=True))
    ws.protection.sheet = True


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(data: bytes, epoch: int) -> bytes:
    """The same workbook with every zip entry and document date set to `epoch`."""
    stamp = dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), dt.timezone.utc)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(3), body)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body, compresslevel=9)
    return out.getvalue()


def workbook_bytes(book: Book, root: Path, info: BuildInfo | None = None) -> bytes:
    """The workbook's bytes; `info` (the commit and its date) read from git when not given."""
    info = info or build_info(root, None)
    pairs = meta_pairs(book, root, info.commit, info.dirty)
    where = f"{book.target} @ {info.commit[:10] if info.commit else 'chưa commit / not committed'}"
    source = (f"Bộ tiêu chí / Criteria set: {book.criteria_set.path} · Xuất từ / Exported from: {where}"
              + (" (có thay đổi chưa commit / with uncommitted changes)" if info.dirty else ""))
    wb = Workbook()
    _data_sheet(wb, book, source)
    if book.evidence:
        _evidence_sheet(wb, book)
    _guide_sheet(wb, book)
    _meta_sheet(wb, book, pairs)
    stamp = dt.datetime.fromtimestamp(max(info.epoch, ZIP_EPOCH_MIN), dt.timezone.utc).replace(tzinfo=None)
    wb.properties.creator = "parportal"
    wb.properties.title = book.title_vi
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible(buffer.getvalue(), info.epoch)
