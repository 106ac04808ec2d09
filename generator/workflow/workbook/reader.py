"""`parportal import FILE.xlsx`: a filled-in workbook written back into the YAML files.

Every cell is checked first, and every problem reported at once, each at `sheet!cell` with the
row's unit and criterion, in Vietnamese and English: a value out of range or off the step, an
unknown status, a row for a criterion or unit that does not exist (or that the export did not
hold), a workbook of another criteria set or whose rows have changed since it was exported
(naming what changed), an edited locked cell, a value changed both in the workbook and in the
repository since the export. Then the changes are applied to the files with the canonical
formatter (`generator.validate.canonical`: comments and everything the workbook does not carry
are kept), and the would-be data is loaded and validated in a temporary copy by the same code as
`parportal check`: a new error there refuses the import too. Nothing is written unless all of it
is valid. A cell left as exported changes nothing, so an import without edits changes no byte.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from generator.core import paths
from generator.core.diagnostics import Diagnostic
from generator.core.suggest import closest, fold
from generator.load import load
from generator.pipeline.build import load_and_validate
from generator.validate.canonical import Document, Map, Scalar, Seq, canonical_text, plain_node, text_node
from generator.workflow.scaffold import ScaffoldError, score_file_text
from generator.workflow.workbook.numbers import Read, date_of, decimal_of, plain
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
    Column,
    Row,
    agency_book,
    self_book,
)
from generator.workflow.workbook.writer import (
    FIRST_ROW,
    HEADER_VI_ROW,
    META_SHEET,
    NUMERIC_LOCKED,
    ROWS_MARK,
    decode,
    editable,
    sha256_of,
)


@dataclass(frozen=True)
class Problem:
    where: str                  # "Tự đánh giá!H7", or a file:line for what the checker found
    unit: str | None
    cid: str | None
    vi: str
    en: str
    warning: bool = False

    def text(self) -> str:
        who = ", ".join(x for x in (f"đơn vị/unit {self.unit}" if self.unit else "",
                                    f"tiêu chí/criterion {self.cid}" if self.cid else "") if x)
        label = "cảnh báo/warning" if self.warning else "lỗi/error"
        head = f"{self.where}" + (f" ({who})" if who else "") + f": {label}"
        return f"{head}\n    {self.vi}\n    {self.en}"


@dataclass(frozen=True)
class Change:
    where: str
    unit: str
    cid: str
    column: Column
    old: object
    new: object


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    files: list[str] = field(default_factory=list)     # written (or, with --dry-run, to be written)
    target: str = ""

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _norm(value):
    """A value as compared: 2 and 2.0 are one number; true is not 1."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, Decimal)):
        return ("n", Decimal(value).normalize())
    return ("s", value)


def _shown(value) -> str:
    if value is None:
        return "(trống / empty)"
    if isinstance(value, bool):
        return DONE_LABEL if value else NOT_DONE_LABEL
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, str) and value in STATUS_LABEL:
        return f"{STATUS_LABEL[value]} ({value})"
    return str(value)


def _cell_text(raw) -> str:
    """A locked cell's content as the hidden sheet records it."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float, Decimal)):
        found = decimal_of(raw)
        return plain(found.value) if found.value is not None else str(raw)
    return str(raw)


# --------------------------------------------------------------------------- reading the workbook

@dataclass
class _Meta:
    pairs: dict[str, str]
    rows: dict[tuple[str, str], tuple[int, dict, dict]]   # (unit, cid) -> (sheet row, locked, values)


def _open(data: bytes, name: str):
    from openpyxl import load_workbook
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise _Refused(Problem(name, None, None, f"Không đọc được tệp như một bảng tính .xlsx ({err}).",
                               f"The file cannot be read as an .xlsx workbook ({err}).")) from err


def _meta(wb, name: str) -> _Meta:
    if META_SHEET not in wb.sheetnames:
        raise _Refused(Problem(name, None, None,
                               f"Bảng tính không có trang ẩn {META_SHEET}: không phải bảng tính do parportal export "
                               "workbook xuất ra (hoặc trang đó đã bị xóa). Xuất lại bảng tính rồi điền.",
                               f"The workbook has no hidden sheet {META_SHEET}: it was not exported by parportal export "
                               "workbook (or that sheet was deleted). Export it again and fill that in."))
    ws = wb[META_SHEET]
    pairs: dict[str, str] = {}
    rows: dict[tuple[str, str], tuple[int, dict, dict]] = {}
    for values in ws.iter_rows(min_row=2, values_only=True):
        key = values[0] if values else None
        if key == ROWS_MARK:
            if values[1] == "sheet_row":
                continue
            try:
                rows[(str(values[2] or ""), str(values[3]))] = (int(values[1]), json.loads(values[4]),
                                                                json.loads(values[5]))
            except (TypeError, ValueError, IndexError) as err:
                raise _Refused(Problem(f"{META_SHEET}!A{len(pairs) + len(rows) + 2}", None, None,
                                       "Trang ẩn _nguon đã bị sửa; xuất lại bảng tính.",
                                       f"The hidden sheet _nguon was edited ({err}); export the workbook again.")) from err
        elif key:
            pairs[str(key)] = "" if len(values) < 2 or values[1] is None else str(values[1])
    if pairs.get("format") != FORMAT_VERSION or pairs.get("kind") not in ("self", "appraisal", "survey"):
        raise _Refused(Problem(f"{META_SHEET}!B2", None, None,
                               f"Bảng tính có định dạng {pairs.get('format')!r}, parportal này đọc định dạng "
                               f"{FORMAT_VERSION}. Xuất lại bảng tính.",
                               f"The workbook's format is {pairs.get('format')!r}; this parportal reads format "
                               f"{FORMAT_VERSION}. Export the workbook again."))
    return _Meta(pairs, rows)


def _book_now(root: Path, meta: _Meta, name: str):
    loaded = load(root)
    ds = loaded.dataset
    p = meta.pairs
    try:
        year = int(p["year"])
        if p["kind"] == "self":
            book = self_book(ds, p["unit"], year)
        else:
            book = agency_book(ds, p["agency"], year, p["group"])
    except ScaffoldError as err:
        raise _Refused(Problem(name, p.get("unit") or None, None, err.vi, err.en)) from err
    except (KeyError, ValueError) as err:
        raise _Refused(Problem(f"{META_SHEET}!A1", None, None, "Trang ẩn _nguon đã bị sửa; xuất lại bảng tính.",
                               f"The hidden sheet _nguon was edited ({err}); export the workbook again.")) from err
    relevant = {paths.REGISTRY_FILE, book.criteria_set.path, book.target}
    broken = [d for d in loaded.diagnostics if d.is_error and d.path in relevant]
    if broken:
        d = broken[0]
        raise _Refused(Problem(f"{d.path}:{d.line}:{d.col}", None, None,
                               f"Tệp dữ liệu đang có lỗi ({d.message_vi}); sửa theo parportal check rồi nhập lại.",
                               f"The data file has an error ({d.message_en}); fix it as parportal check says, then "
                               "import again."))
    return ds, book


# --------------------------------------------------------------------------- one cell

def _status(raw, row: Row) -> Read:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Read()
    text = str(raw).strip()
    choices = {code: (STATUS_LABEL[code], code.replace("_", " ")) for code in STATUS_ORDER}
    found = closest(text, choices, n=2)
    if found and fold(text) in {fold(n) for n in (found[0], *choices[found[0]])}:
        code = found[0]
        if code == "not_applicable" and not row.na_allowed:
            return Read(error=(f"Tiêu chí {row.cid} không được giảm trừ: không chọn “{STATUS_LABEL[code]}”.",
                               f"Criterion {row.cid} may not be marked not applicable."))
        return Read(code)
    listed = ", ".join(STATUS_LABEL[s] for s in STATUS_ORDER)
    hint_vi = f" Có phải: {', '.join(STATUS_LABEL[f] for f in found)}?" if found else ""
    hint_en = f" Did you mean: {', '.join(found)}?" if found else ""
    return Read(error=(f"Trạng thái “{text}” không có trong danh sách ({listed}).{hint_vi}",
                       f"Unknown status “{text}” (choose one of: {', '.join(STATUS_ORDER)}).{hint_en}"))


_TRUE_WORDS = {fold(w) for w in (DONE_LABEL, "true", "có", "x", "yes", "done")}
_FALSE_WORDS = {fold(w) for w in (NOT_DONE_LABEL, "false", "không", "no", "not done")}


def _binary(raw) -> Read:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Read()
    if isinstance(raw, bool):
        return Read(raw)
    key = fold(str(raw))
    if key in _TRUE_WORDS:
        return Read(True)
    if key in _FALSE_WORDS:
        return Read(False)
    return Read(error=(f"“{raw}”: tiêu chí đạt/không đạt, chọn {DONE_LABEL} hoặc {NOT_DONE_LABEL}.",
                       f"“{raw}”: a done/not-done criterion; pick {DONE_LABEL} (done) or {NOT_DONE_LABEL} (not done)."))


def _number(raw, row: Row, key: str) -> Read:
    found = decimal_of(raw)
    if found.value is None or found.error:
        return found
    value, limits = found.value, row.limits[key]
    low, high = plain(limits.low), plain(limits.high)
    if not limits.low <= value <= limits.high:
        return Read(error=(f"{plain(value)} ngoài khoảng cho phép {low} đến {high}.",
                           f"{plain(value)} is out of range: {low} to {high}."))
    if limits.integer and value != value.to_integral_value():
        return Read(error=(f"{plain(value)}: số liệu phải là số nguyên.", f"{plain(value)}: a figure is a whole number."))
    if limits.integer:
        return Read(int(value), warning=found.warning)
    if limits.step and value % limits.step != 0:
        below = (value / limits.step).to_integral_value(rounding=ROUND_FLOOR) * limits.step
        return Read(error=(f"{plain(value)} không đúng bước điểm {plain(limits.step)} (ví dụ {plain(below)} hoặc "
                           f"{plain(below + limits.step)}).",
                           f"{plain(value)} is off the step of {plain(limits.step)} (e.g. {plain(below)} or "
                           f"{plain(below + limits.step)})."))
    if value.as_tuple().exponent < -4:
        return Read(error=(f"{plain(value)} có quá 4 chữ số thập phân.", f"{plain(value)} has more than 4 decimals."))
    return Read(value, warning=found.warning)


def _text(raw) -> Read:
    if raw is None:
        return Read()
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        raw = _cell_text(raw)
    text = str(raw).replace("\r\n", "\n").strip()
    return Read(text or None)


def _read_cell(raw, row: Row, col: Column) -> Read:
    if col.edit == "status":
        return _status(raw, row)
    if col.edit == "text":
        return _text(raw)
    if col.key == "value" and row.binary:
        return _binary(raw)
    return _number(raw, row, col.key)


# --------------------------------------------------------------------------- the whole sheet

def _check_sheet(ws, book: Book, meta: _Meta, ds, result: ImportResult) -> list[Change]:
    from openpyxl.utils import get_column_letter
    sheet = ws.title
    cols = book.columns
    commit = (meta.pairs.get("commit") or "")[:10]
    at_vi = f" (bảng tính xuất tại commit {commit})" if commit else ""
    at_en = f" (the workbook was exported at commit {commit})" if commit else ""
    letters = {c.key: get_column_letter(n) for n, c in enumerate(cols, 1)}
    problems = result.problems

    def at(key: str, r: int) -> str:
        return f"{sheet}!{letters[key]}{r}"

    for n, col in enumerate(cols, 1):
        have = ws.cell(HEADER_VI_ROW, n).value
        if have != col.vi:
            problems.append(Problem(f"{sheet}!{get_column_letter(n)}{HEADER_VI_ROW}", None, None,
                                    f"Cột {get_column_letter(n)} là “{have}”, cần là “{col.vi}”: các cột của bảng đã khác "
                                    "bản xuất hiện nay (bộ tiêu chí đổi?). Xuất lại bảng tính.",
                                    f"Column {get_column_letter(n)} is “{have}”, expected “{col.en}”: the columns differ "
                                    "from what export writes now (the criteria set changed?). Export again."))
            return []
    now = {row.key: row for row in book.rows}
    leaves = {c.id for c in book.criteria_set.leaves()}
    seen: dict[tuple[str, str], int] = {}
    changes: list[Change] = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        cells = {c.key: ws.cell(r, n).value for n, c in enumerate(cols, 1)}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        cid = _cell_text(cells.get("cid")).strip()
        unit = _cell_text(cells.get("unit")).strip() if "unit" in letters else book.unit
        key = (unit, cid)
        where_id = at("cid", r)
        if key in seen:
            problems.append(Problem(where_id, unit, cid, f"Dòng trùng với dòng {seen[key]}.",
                                    f"This row repeats row {seen[key]}."))
            continue
        seen[key] = r
        recorded = meta.rows.get(key)
        if recorded is None:
            if cid not in leaves:
                vi, en = f"Không có tiêu chí “{cid}” trong bộ {book.criteria_set.id}.", \
                    f"No criterion “{cid}” in the set {book.criteria_set.id}."
            elif unit not in ds.units:
                vi, en = f"Không có đơn vị “{unit}” trong danh mục.", f"No unit “{unit}” in the registry."
            else:
                vi, en = "Dòng này không có trong bảng đã xuất (thêm tay?): xóa dòng.", \
                    "This row was not in the exported workbook (added by hand?): delete it."
            problems.append(Problem(at("unit", r) if "unit" in letters and cid in leaves else where_id, unit, cid, vi, en))
            continue
        sheet_row, locked_then, values_then = recorded
        row = now.get(key)
        if row is None:
            problems.append(Problem(where_id, unit, cid,
                                    f"Từ khi xuất bảng, tiêu chí {cid} hoặc đơn vị {unit} không còn trong bảng (bộ tiêu "
                                    "chí hay danh mục đã đổi). Xuất lại bảng tính.",
                                    f"Since the export, criterion {cid} or unit {unit} is no longer in the table (the "
                                    "criteria set or registry changed). Export the workbook again."))
            continue
        for col in cols:
            if col.edit is not None:
                continue
            shown = _cell_text(cells[col.key])
            then = locked_then.get(col.key, "")
            if col.key in NUMERIC_LOCKED or col.key.startswith("figself"):
                same = shown == then or (decimal_of(shown).value is not None and decimal_of(then).value is not None
                                         and decimal_of(shown).value == decimal_of(then).value)
            else:
                same = shown == then
            if not same:
                problems.append(Problem(at(col.key, r), unit, cid,
                                        f"Ô khóa “{col.vi}” đã bị sửa: “{then}” thành “{shown}”. Trả lại giá trị cũ; "
                                        "chỉ điền các ô màu vàng.",
                                        f"The locked cell “{col.en}” was edited: “{then}” became “{shown}”. Put it back; "
                                        "fill in the yellow cells only."))
            now_text = row.locked.get(col.key, "")
            if now_text != then:
                problems.append(Problem(at(col.key, r), unit, cid,
                                        f"Từ khi xuất bảng{at_vi}, “{col.vi}” đã đổi: “{then}” thành “{now_text}”. Xuất "
                                        "lại bảng tính và điền lại.",
                                        f"Since the export{at_en}, “{col.en}” changed: “{then}” became “{now_text}”. "
                                        "Export the workbook again and fill it in again."))
        for n, col in enumerate(cols, 1):
            if col.edit is None:
                continue
            raw = cells[col.key]
            if ws.cell(r, n).data_type == "f":
                problems.append(Problem(at(col.key, r), unit, cid, f"Ô chứa công thức “{raw}”: gõ giá trị, không gõ công thức.",
                                        f"The cell holds the formula “{raw}”: type the value, not a formula."))
                continue
            if not editable(row, col.key, col.edit):
                if raw is not None and str(raw).strip():
                    problems.append(Problem(at(col.key, r), unit, cid,
                                            f"Ô “{col.vi}” không nhận giá trị với tiêu chí này (ô màu xám); xóa “{raw}”.",
                                            f"“{col.en}” takes no value for this criterion (a grey cell); delete “{raw}”."))
                continue
            read = _read_cell(raw, row, col)
            if read.error:
                problems.append(Problem(at(col.key, r), unit, cid, *read.error))
                continue
            if read.warning:
                problems.append(Problem(at(col.key, r), unit, cid, *read.warning, warning=True))
            wanted, then, current = read.value, decode(values_then.get(col.key)), row.values.get(col.key)
            if _norm(wanted) == _norm(then) or _norm(wanted) == _norm(current):
                continue   # not edited, or already so
            if _norm(current) != _norm(then):
                problems.append(Problem(at(col.key, r), unit, cid,
                                        f"Giá trị này đã đổi trong kho từ khi xuất bảng ({_shown(then)} thành "
                                        f"{_shown(current)}), và bảng tính ghi {_shown(wanted)}: không biết giữ giá trị "
                                        "nào. Xuất lại bảng tính.",
                                        f"This value changed in the repository since the export ({_shown(then)} → "
                                        f"{_shown(current)}) and the workbook says {_shown(wanted)}: which one to keep "
                                        "is not known. Export the workbook again."))
                continue
            changes.append(Change(at(col.key, r), unit, cid, col, current, wanted))
    missing = [k for k in meta.rows if k not in seen]
    for unit, cid in missing:
        problems.append(Problem(f"{sheet}!{letters['cid']}{meta.rows[(unit, cid)][0]}", unit, cid,
                                "Dòng đã bị xóa khỏi bảng tính; giá trị của tiêu chí này được giữ nguyên.",
                                "The row was deleted from the workbook; this criterion's values are kept as they are.",
                                warning=True))
    for key in now:
        if key not in meta.rows:
            problems.append(Problem(sheet, key[0], key[1],
                                    "Tiêu chí hoặc đơn vị này được thêm từ khi xuất bảng; bảng tính không có nó.",
                                    "This criterion or unit was added since the export; the workbook does not hold it.",
                                    warning=True))
    return changes


EVIDENCE_COLUMN = Column(EVIDENCE, "Tài liệu kiểm chứng", "Evidence", 0, "evidence")


def describe(value, column: Column) -> str:
    """A value of a change as the import prints it."""
    if column.key == EVIDENCE:
        return _evidence_shown(value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value) if isinstance(value, Decimal) else str(value)


def _evidence_shown(text: str | None) -> str:
    items = json.loads(text) if text else []
    return "; ".join(f"{number} ({date})" for number, date, _, _ in items) or "(không có / none)"


def _check_evidence(ws, book: Book, meta: _Meta, result: ImportResult) -> list[Change]:
    """The evidence sheet: one document a row, grouped by criterion in the order written; a
    criterion's list changes when its rows differ from the export's (three-way, as a cell)."""
    from openpyxl.utils import get_column_letter
    sheet = ws.title
    letters = {c.key: get_column_letter(n) for n, c in enumerate(EVIDENCE_COLUMNS, 1)}
    rows = {row.cid: row for row in book.rows}
    listed: dict[str, list] = {}
    first_cell: dict[str, str] = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        cells = {c.key: ws.cell(r, n).value for n, c in enumerate(EVIDENCE_COLUMNS, 1)}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        at = {k: f"{sheet}!{letters[k]}{r}" for k in letters}
        cid = _cell_text(cells["cid"]).strip()
        if cid not in rows:
            result.problems.append(Problem(at["cid"], book.unit, cid or None,
                                           f"“{cid}” không phải mã một tiêu chí của trang “{book.sheet}”.",
                                           f"“{cid}” is not the id of a criterion on the sheet “{book.sheet}”."))
            continue
        number = _text(cells["number"]).value
        if number is None:
            result.problems.append(Problem(at["number"], book.unit, cid, "Thiếu số, ký hiệu văn bản.",
                                           "The document number is missing."))
        date = date_of(cells["date"])
        if date.error:
            result.problems.append(Problem(at["date"], book.unit, cid, *date.error))
        elif date.value is None:
            result.problems.append(Problem(at["date"], book.unit, cid, "Thiếu ngày ban hành.", "The date is missing."))
        elif date.warning:
            result.problems.append(Problem(at["date"], book.unit, cid, *date.warning, warning=True))
        if number is None or date.value is None:
            continue
        listed.setdefault(cid, []).append([number, date.value.isoformat(), _text(cells["title"]).value,
                                           _text(cells["url"]).value])
        first_cell.setdefault(cid, at["cid"])
    changes = []
    for cid, row in rows.items():
        wanted = json.dumps(listed[cid], ensure_ascii=False) if cid in listed else None
        then = decode(meta.rows.get((row.unit, cid), (0, {}, {}))[2].get(EVIDENCE))
        current = row.values.get(EVIDENCE)
        if wanted == then or wanted == current:
            continue
        where = first_cell.get(cid, f"{sheet}!A{FIRST_ROW}")
        if current != then:
            result.problems.append(Problem(where, row.unit, cid,
                                           f"Tài liệu kiểm chứng của tiêu chí này đã đổi trong kho từ khi xuất bảng "
                                           f"({_evidence_shown(then)} thành {_evidence_shown(current)}) và cũng bị sửa "
                                           "trong bảng tính. Xuất lại bảng tính.",
                                           f"This criterion's evidence changed in the repository since the export "
                                           f"({_evidence_shown(then)} → {_evidence_shown(current)}) and in the "
                                           "workbook too. Export the workbook again."))
            continue
        changes.append(Change(where, row.unit, cid, EVIDENCE_COLUMN, current, wanted))
    return changes


# --------------------------------------------------------------------------- writing the YAML

_FIELDS = {"self": {"status": ("status",), "value": ("self",), "note": ("note",)},
           "appraisal": {"value": ("appraised",), "reason": ("reason",)},
           "survey": {"result": ("result",)}}


def _path_of(book: Book, change: Change, row: Row) -> tuple[list[str], tuple[str, ...]]:
    entry = ["scores", change.cid] if book.kind == "self" else ["units", change.unit, change.cid]
    key = change.column.key
    if key.startswith("fig") and key[3:].isdigit():
        fid = row.figures[int(key[3:]) - 1]
        return entry, ("figures" if book.kind == "self" else "appraised_figures", fid)
    return entry, _FIELDS[book.kind][key]


def _node_of(value) -> Scalar:
    if isinstance(value, bool):
        return plain_node("true" if value else "false")
    if isinstance(value, Decimal):
        return plain_node(plain(value))
    if isinstance(value, int):
        return plain_node(str(value))
    if value in STATUS_LABEL:
        return plain_node(value)
    return text_node(value)


def _evidence_node(text: str) -> Seq:
    items = []
    for number, date, title, url in json.loads(text):
        item = Map(False, -1, -1)
        item.items.append((Scalar("number", "", -1, -1), text_node(number)))
        item.items.append((Scalar("date", "", -1, -1), plain_node(date)))
        if title:
            item.items.append((Scalar("title", "", -1, -1), text_node(title)))
        if url:
            item.items.append((Scalar("url", "", -1, -1), text_node(url)))
        items.append(item)
    return Seq(False, -1, -1, items)


def _map(doc: Document, parent: Map, key: str) -> Map:
    found = doc.entry(parent, key)
    if found is not None and isinstance(found[1], Map):
        if found[1].flow and not found[1].items:
            found[1].flow = False
        return found[1]
    made = Map(False, -1, -1)
    doc.set(parent, key, made)
    return made


def _apply(text: str, rel: str, book: Book, changes: list[Change], rows: dict) -> str:
    doc = Document.parse(text)
    if not isinstance(doc.root, Map):
        raise ValueError(f"{rel} is not a mapping")
    for change in changes:
        if change.column.key == EVIDENCE:
            node = doc.root
            for key in ("scores", change.cid):
                node = _map(doc, node, key)
            node.flow = False   # a list of documents reads best as a block
            if change.new is None:
                Document.remove(node, EVIDENCE)
            else:
                doc.set(node, EVIDENCE, _evidence_node(change.new))
            continue
        entry_path, field_path = _path_of(book, change, rows[(change.unit, change.cid)])
        node = doc.root
        for key in entry_path + list(field_path[:-1]):
            node = _map(doc, node, key)
        if change.new is None:
            Document.remove(node, field_path[-1])
            if len(field_path) > 1 and not node.items:   # the last figure cleared: no empty figures map
                parent = doc.root
                for key in entry_path:
                    parent = doc.entry(parent, key)[1]
                Document.remove(parent, field_path[0])
        else:
            doc.set(node, field_path[-1], _node_of(change.new))
    return doc.render(rel)


def _new_file_text(ds, book: Book) -> str:
    if book.kind == "self":
        return score_file_text(ds, book.unit, book.year)[1]
    text = f"agency: {book.agency}\nyear: {book.year}\ngroup: {book.group}\nunits: {{}}\n"
    return canonical_text(text, book.target, "agency")


def _row_at_line(text: str, book: Book, line: int) -> tuple[str, str] | None:
    """The (unit, criterion) whose entry holds 1-based `line` of the would-be file."""
    doc = Document.parse(text)
    top = doc.root
    if not isinstance(top, Map):
        return None
    found = None
    if book.kind == "self":
        scores = doc.entry(top, "scores")
        for k, _ in (scores[1].items if scores and isinstance(scores[1], Map) else []):
            if 0 <= k.line < line:
                found = (book.unit, k.value)
    else:
        units = doc.entry(top, "units")
        for u, entries in (units[1].items if units and isinstance(units[1], Map) else []):
            if 0 <= u.line < line:
                found = (u.value, None)
                for k, _ in (entries.items if isinstance(entries, Map) else []):
                    if 0 <= k.line < line:
                        found = (u.value, k.value)
    return found


def _copy_for_check(root: Path, book: Book, into: Path) -> None:
    """What the checker needs to judge `book`'s file: the registry, the group's criteria sets and
    the year's scores (one year, not the whole history: at national scale a year is what is read)."""
    registry = root / paths.REGISTRY_FILE
    if registry.is_file():
        (into / paths.REGISTRY_FILE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(registry, into / paths.REGISTRY_FILE)
    for rel in (f"{paths.CRITERIA_DIR}/{book.group}", f"{paths.SCORES_DIR}/{book.year}"):
        if (root / rel).is_dir():
            shutil.copytree(root / rel, into / rel, symlinks=True)


def _errors(root: Path) -> list[Diagnostic]:
    saved = os.environ.get("PARPORTAL_CACHE")
    os.environ["PARPORTAL_CACHE"] = "0"   # a temporary copy: nothing worth caching
    try:
        _, found = load_and_validate(root)
    finally:
        if saved is None:
            os.environ.pop("PARPORTAL_CACHE", None)
        else:
            os.environ["PARPORTAL_CACHE"] = saved
    return [d for d in found if d.is_error and (d.path.startswith(paths.CRITERIA_DIR + "/")
                                                or d.path.startswith(paths.SCORES_DIR + "/"))]


def _validate(root: Path, rel: str, text: str, book: Book, cells: dict[tuple[str, str], str]) -> list[Problem]:
    """Errors `parportal check` would report with `text` in `rel`, that it does not report now
    (both judged on the same copy of the year's data, before and after)."""
    with tempfile.TemporaryDirectory(prefix="parportal-import-") as tmp:
        copy = Path(tmp) / "data"
        _copy_for_check(root, book, copy)
        known = {(d.path, d.rule, d.message_en) for d in _errors(copy)}
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        after = _errors(copy)
    problems = []
    for d in after:
        if (d.path, d.rule, d.message_en) in known:
            continue
        hit = _row_at_line(text, book, d.line) if d.path == rel else None
        where = cells.get(hit) if hit else None
        unit, cid = hit if hit else (None, None)
        place = f"{where} → " if where else ""
        problems.append(Problem(f"{place}{d.path}:{d.line}:{d.col} [{d.rule}]", unit, cid,
                                f"{d.message_vi} {d.hint_vi}".strip(), f"{d.message_en} {d.hint_en}".strip()))
    return problems


def import_workbook(root: Path, xlsx: Path, dry_run: bool = False) -> ImportResult:
    result = ImportResult()
    name = xlsx.name
    try:
        wb = _open(xlsx.read_bytes(), name)
        meta = _meta(wb, name)
        ds, book = _book_now(root, meta, name)
    except _Refused as refused:
        result.problems.append(refused.problem)
        return result
    except OSError as err:
        result.problems.append(Problem(name, None, None, f"Không đọc được tệp ({err}).", f"Cannot read the file ({err})."))
        return result
    result.target = book.target
    p = meta.pairs
    if p.get("criteria_set") != book.criteria_set.id:
        result.problems.append(Problem(f"{META_SHEET}!B9", None, None,
                                       f"Bảng tính được xuất theo bộ tiêu chí {p.get('criteria_set')}; nay áp dụng bộ "
                                       f"{book.criteria_set.id}. Xuất lại bảng tính theo bộ mới.",
                                       f"The workbook was exported for the criteria set {p.get('criteria_set')}; the set "
                                       f"{book.criteria_set.id} applies now. Export the workbook again."))
        return result
    commit = p.get("commit") or ""
    if p.get("file_sha256", "") != sha256_of(root / book.target):
        result.problems.append(Problem(book.target, None, None,
                                       f"Tệp đã đổi từ khi xuất bảng tính (commit {commit[:10] or '—'}): ô nào không sửa "
                                       "trong bảng tính thì giữ giá trị hiện có trong kho.",
                                       f"The file changed since the workbook was exported (commit {commit[:10] or '—'}): "
                                       "cells not edited in the workbook keep the repository's current values.",
                                       warning=True))
    if book.sheet not in wb.sheetnames:
        result.problems.append(Problem(name, None, None, f"Bảng tính không có trang “{book.sheet}”.",
                                       f"The workbook has no sheet “{book.sheet}”."))
        return result
    changes = _check_sheet(wb[book.sheet], book, meta, ds, result)
    if book.evidence:
        if EVIDENCE_SHEET in wb.sheetnames:
            changes += _check_evidence(wb[EVIDENCE_SHEET], book, meta, result)
        else:
            result.problems.append(Problem(name, book.unit, None,
                                           f"Trang “{EVIDENCE_SHEET}” đã bị xóa; tài liệu kiểm chứng giữ nguyên.",
                                           f"The sheet “{EVIDENCE_SHEET}” was deleted; the evidence is kept as it is.",
                                           warning=True))
    result.changes = changes
    if not result.ok or not changes:
        return result
    rows = {row.key: row for row in book.rows}
    target = root / book.target
    exists = target.is_file()
    before_text = target.read_text(encoding="utf-8") if exists else _new_file_text(ds, book)
    new_text = _apply(before_text, book.target, book, changes, rows)
    cells = {}
    for change in changes:
        cells.setdefault((change.unit, change.cid), change.where)
    result.problems += _validate(root, book.target, new_text, book, cells)
    if not result.ok:
        return result
    if exists and new_text.encode("utf-8") == target.read_bytes():
        return result
    result.files.append(book.target)
    if not dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.parportal-import")
        tmp.write_text(new_text, encoding="utf-8", newline="\n")
        if exists:
            tmp.chmod(target.stat().st_mode & 0o777)
        tmp.replace(target)
    return result
