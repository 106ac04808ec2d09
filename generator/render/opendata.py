"""Open data: CSV tables (and .xlsx copies of those a spreadsheet reader opens), a versioned
static JSON API (/data/api/v2/) and a Frictionless data package. Exact values are written as
text, never through floating point: decimals in CSV ("89.74"), decimals and exact fractions in
the JSON API ("89.74", "1705/19").

Every CSV cell is written by the one rule of `core.cells` (numbers with a decimal point, no
exponent, no trailing zeros, no fractions; `true`/`false`; a UTF-8 byte order mark first), and
the tables a spreadsheet reader opens (the unit-year table, each ranking, each group's years) are
also written as .xlsx (`render.workbooks`).

Sized for a national portal (thousands of units × 150 criteria × years), so every criterion
result is formatted once and written once per format, without pandas, and nothing is stored
twice in one format (the small criterion tables, compressed and not, are the one exception):

* `chi-so-cchc.csv` — one row per unit and year (and the same rows per ranking in `xep-hang/`).
* `tieu-chi/{year}-{group}.csv.gz` — one row per criterion, one file per year and group (one
  criteria set each, each far below spreadsheet and hosting size limits), gzip-compressed
  reproducibly (no file name, mtime 0, fixed OS byte): the long table repeats names and ids on
  every row, so it shrinks about 12× (level 3: as fast as level 1, a fifth smaller). A table of
  at most `PLAIN_TABLE_MAX_BYTES` is also written uncompressed (`tieu-chi/{year}-{group}.csv`).
* `don-vi/{unit}.csv` — the same rows for one unit, all years, uncompressed (the file a unit
  page links for spreadsheet users), with the columns a reader of one unit needs: names, points,
  reasons, notes; not what the file name or the criteria set already say.
* `api/v2/units/{unit}.json` — everything a unit page shows, compact JSON; criterion results
  as rows under one `criteria_columns` header, without what the criteria set already says
  (name, depth, parent, rule, part, nominal maximum): `criteria_set_url` points to it.
* copies of the source YAML (`nguon/`) only when no page can link the file in the repository at
  the built commit (no repository or commit known, or data files with uncommitted changes).
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from generator.compute.frames import fraction_text
from generator.compute.rounding import RATE_DECIMALS, shown_rate_scaled
from generator.compute.types import CriterionResult, Reconciliation, Results, UnitYear
from generator.core.buildinfo import BuildInfo
from generator.core.cells import CSV_BOM, FALSE, NUMBER_TEXTS, TRUE, csv_text, decimal_text, number_text, scaled_text
from generator.core.escape import FORMULA_STARTS, csv_cell
from generator.core.files import read_regular
from generator.load import Dataset, no_gc
from generator.machinery import NO_MEMO, Memo, fork_map, split, workers_for
from generator.render import site_paths as P
from generator.render.keys import unit_keys
from generator.render.packed import Packed, pack, unpack
from generator.render.staging import Staging
from generator.render.workbooks import DATA_SHEET, LICENCE, MEDIA_TYPE, SOURCE_SHEET, workbook_bytes

API_VERSION = "2.0.0"
GZIP_LEVEL = 3  # 500 units, 79 MB of CSV: 6.2 MB in 0.3 s CPU (level 1: 7.9 MB, 0.3 s; 6: 3.8 MB, 1.0 s)

# (name, Table Schema type, Vietnamese, English) of every column; the CSV header is the names.
UNIT_COLUMNS = [
    ("year", "integer", "Năm đánh giá", "Year assessed"),
    ("group", "string", "Mã nhóm đơn vị", "Unit group id"),
    ("unit", "string", "Mã đơn vị", "Unit id"),
    ("unit_name", "string", "Tên đơn vị trong năm đó", "Unit name in that year"),
    ("stage", "string", "Giai đoạn: self (tự đánh giá), appraised (đã thẩm định), final (chính thức)",
     "Stage: self-assessed, appraised or final"),
    ("criteria_set", "string", "Bộ tiêu chí đã áp dụng (nhóm/năm)", "Criteria set applied (group/year)"),
    ("ranked", "boolean", "Đơn vị có được xếp hạng không", "Whether the unit is ranked"),
    ("rank", "integer", "Thứ hạng trong nhóm (trống: không xếp hạng hoặc chưa chính thức)",
     "Rank in the group (empty: unranked or not final)"),
    ("index", "number", "Chỉ số CCHC đã làm tròn (%)", "PAR Index, rounded (%)"),
    ("points", "number", "Tổng điểm đạt được", "Total points"),
    ("max", "number", "Tổng điểm tối đa áp dụng", "Applicable maximum points"),
    ("self_points", "number", "Tổng điểm tự đánh giá", "Self-assessed points"),
    ("gap", "number", "Chênh lệch điểm đạt được − tự đánh giá", "Points minus self-assessed points"),
    ("appraised_points", "number", "Điểm phần thẩm định", "Points of the appraised part"),
    ("appraised_max", "number", "Điểm tối đa phần thẩm định", "Maximum of the appraised part"),
    ("survey_points", "number", "Điểm phần điều tra xã hội học", "Points of the survey part"),
    ("survey_max", "number", "Điểm tối đa phần điều tra", "Maximum of the survey part"),
    ("band", "string", "Mã xếp loại", "Band id"),
    ("index_change", "number", "Thay đổi chỉ số so với năm chính thức trước",
     "Index change against the previous final year"),
    ("rank_change", "integer", "Số bậc tăng (+) hoặc giảm (−)", "Places gained (+) or lost (−)"),
    ("source", "string", "Tệp điểm nguồn trong kho dữ liệu", "Source score file in the data repository"),
]
# A year known only from its decision (`compute.published`), one row per unit, as printed; the
# annex's own columns (points per field or part) follow as `column:<id>`.
PUBLISHED_COLUMNS = [
    ("year", "integer", "Năm đánh giá", "Year assessed"),
    ("group", "string", "Mã nhóm đơn vị", "Unit group id"),
    ("unit", "string", "Mã đơn vị", "Unit id"),
    ("name", "string", "Tên đơn vị trong năm đó", "Unit name in that year"),
    ("as_published", "boolean", "Như công bố: chép từ quyết định, không tính lại (luôn true)",
     "As published: copied from the decision, not recomputed (always true)"),
    ("index", "number", "Chỉ số như quyết định in, theo quy ước số của CSV", "Index as printed, by the CSV number rule"),
    ("index_as_printed", "string", "Chỉ số đúng như bản in, giữ số chữ số thập phân (81.330)",
     "Index exactly as printed, its decimals kept (81.330)"),
    ("rank", "integer", "Thứ hạng như quyết định in", "Rank as printed"),
    ("band", "string", "Mã xếp loại", "Band id"),
    ("points", "number", "Điểm đạt như quyết định in", "Points as printed"),
    ("max", "number", "Điểm tối đa được áp dụng như quyết định in", "Applicable maximum as printed"),
    ("note", "string", "Ghi chú", "Note"),
    ("source", "string", "Tệp nguồn (kỳ đánh giá) trong kho dữ liệu", "Source (round) file in the data repository"),
]
# A group's every final year, one row per unit and year (`pages.all_years_pages`, `P.all_years_csv`)
ALL_YEARS_COLUMNS = [
    ("year", "integer", "Năm đánh giá", "Year assessed"),
    ("group", "string", "Mã nhóm đơn vị", "Unit group id"),
    ("unit", "string", "Mã đơn vị", "Unit id"),
    ("name", "string", "Tên đơn vị trong năm đó", "Unit name in that year"),
    ("index", "number", "Chỉ số CCHC đã làm tròn (%)", "PAR Index, rounded (%)"),
    ("rank", "integer", "Thứ hạng trong nhóm (trống: không xếp hạng)", "Rank in the group (empty: unranked)"),
    ("band", "string", "Mã xếp loại", "Band id"),
]
CRITERION_COLUMNS = [
    ("year", "integer", "Năm đánh giá", "Year assessed"),
    ("group", "string", "Mã nhóm đơn vị", "Unit group id"),
    ("unit", "string", "Mã đơn vị", "Unit id"),
    ("criterion", "string", "Mã tiêu chí trong bộ tiêu chí", "Criterion id in the criteria set"),
    ("criterion_name", "string", "Tên tiêu chí", "Criterion name"),
    ("depth", "integer", "Cấp trong cây tiêu chí (0: lĩnh vực)", "Depth in the criteria tree (0: field)"),
    ("parent", "string", "Mã tiêu chí cha", "Parent criterion id"),
    ("is_leaf", "boolean", "Tiêu chí lá (được chấm trực tiếp)", "Leaf criterion (scored directly)"),
    ("rule", "string", "Cách tính điểm của tiêu chí lá", "Scoring rule of a leaf"),
    ("part", "string", "Phần: appraised (thẩm định) hoặc survey (điều tra)", "Part: appraised or survey"),
    ("status", "string", "Trạng thái trong năm đang đánh giá", "Status during an open year"),
    ("applicable", "boolean", "Tiêu chí có áp dụng cho đơn vị không", "Whether the criterion applies to the unit"),
    ("nominal_max", "number", "Điểm tối đa trong bộ tiêu chí", "Maximum in the criteria set"),
    ("max", "number", "Điểm tối đa áp dụng (0: không áp dụng)", "Applicable maximum (0: not applicable)"),
    ("self_points", "number", "Điểm tự đánh giá", "Self-assessed points"),
    ("appraised_points", "number", "Điểm thẩm định (chỉ khi Hội đồng thay đổi)",
     "Appraised points (only where changed)"),
    ("points", "number", "Điểm được tính", "Points that count"),
    ("gap", "number", "Chênh lệch điểm được tính − tự đánh giá", "Points minus self-assessed points"),
    ("rate_percent", "number", "Tỷ lệ (%) đã dùng để tính điểm, làm tròn 2 chữ số thập phân như trên trang "
     "(giá trị chính xác trong JSON API)", "Rate (%) that gave the points, rounded to 2 decimals as on pages "
     "(the exact value is in the JSON API)"),
    ("appraised_by", "string", "Cơ quan thẩm định", "Appraising agency"),
    ("reason", "string", "Lý do của Hội đồng thẩm định", "Appraisal council's reason"),
    ("note", "string", "Ghi chú của đơn vị", "The unit's note"),
    ("preliminary_points", "number", "Điểm thẩm định sơ bộ, khi trả lời giải trình đã đổi điểm",
     "Points of the preliminary appraisal, where the response to an explanation changed them"),
    ("appraisal_source", "string", "Tệp thẩm định hoặc điều tra của cơ quan trong kho dữ liệu",
     "The agency's appraisal or survey file in the data repository"),
    ("appraisal_document", "string", "Văn bản thẩm định hoặc báo cáo điều tra (số, ngày)",
     "Appraisal document or survey report (number, date)"),
    ("explanation_date", "string", "Ngày đơn vị giải trình", "Date of the unit's explanation"),
    ("explanation", "string", "Nội dung giải trình của đơn vị", "The unit's explanation"),
    ("response_date", "string", "Ngày trả lời giải trình", "Date of the response"),
    ("response", "string", "Trả lời giải trình: accepted (chấp nhận) hoặc rejected (không chấp nhận)",
     "Response to the explanation: accepted or rejected"),
    ("response_reason", "string", "Lý do của trả lời giải trình", "Reason given with the response"),
    ("source", "string", "Tệp điểm nguồn trong kho dữ liệu", "Source score file in the data repository"),
]
STEP_COLUMNS = ["preliminary_points", "appraisal_source", "appraisal_document", "explanation_date", "explanation",
                "response_date", "response", "response_reason"]
_NO_STEPS = "," * len(STEP_COLUMNS)  # the step columns of a criterion with no trail: all empty
# The unit's own CSV (linked from its page): the criterion table without what the file name, the
# unit-year table or the criteria set already say (group, unit, parent, is_leaf, rule, part,
# nominal_max, source) or what is a difference of two columns (gap).
_UNIT_CSV_NAMES = ["year", "criterion", "criterion_name", "depth", "status", "applicable", "max", "self_points",
                   "appraised_points", "points", "rate_percent", "appraised_by", "reason", "note", *STEP_COLUMNS]
UNIT_CSV_COLUMNS = [next(c for c in CRITERION_COLUMNS if c[0] == name) for name in _UNIT_CSV_NAMES]
# One criterion result in the JSON API: what the unit scored. What the criteria set defines (name,
# depth, parent, rule, part, nominal maximum, expected evidence) is in the criteria set's JSON.
JSON_CRITERION_COLUMNS = ["id", "status", "applicable", "max", "self_points", "appraised_points", "points",
                          "rate_percent", "tier_min", "figures", "appraised_figures", "survey_result", "reason",
                          "note", "appraised_by", "evidence", "appraisal"]


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _default(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return fraction_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_text(data) -> str:
    """Compact JSON (no indentation), keys in insertion order."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)


def json_bytes(data) -> bytes:
    """`json_text` in UTF-8, with one trailing newline."""
    return (json_text(data) + "\n").encode("utf-8")


def json_with(head: dict, key: str, value: bytes) -> bytes:
    """`json_text` of `head` in UTF-8 with one more key, last, whose value is JSON already: the
    same bytes as `json_bytes({**head, key: ...})` without its newline, without encoding the value again."""
    text = json_text(head)
    return f'{text[:-1]}{"," if head else ""}{json_text(key)}:'.encode("utf-8") + value + b"}"


class GzipStream:
    """gzip written piece by piece, with a fixed header: no file name, mtime 0, OS 255
    ("unknown"), so the same pieces compress to the same file on every machine with the same
    zlib. A national criterion table need not be held whole in memory."""

    def __init__(self, level: int = GZIP_LEVEL) -> None:
        self._deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
        xfl = 2 if level == 9 else 4 if level == 1 else 0
        self._parts = [b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + bytes((xfl, 255))]
        self._crc = 0
        self._size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(self._deflate.compress(data))
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)

    def close(self) -> bytes:
        self._parts.append(self._deflate.flush())
        self._parts.append(struct.pack("<II", self._crc, self._size & 0xFFFFFFFF))
        return b"".join(self._parts)


PLAIN_TABLE_MAX_BYTES = 5_000_000  # a criterion table this small is also published uncompressed (for spreadsheets)


class CriterionTable:
    """One year and group of the criterion table as it grows: compressed (`GzipStream`), and kept
    uncompressed as long as it stays within `PLAIN_TABLE_MAX_BYTES`."""

    def __init__(self) -> None:
        self._gzip = GzipStream()
        self._plain: list[bytes] | None = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._gzip.write(data)
        self._size += len(data)
        if self._plain is not None:
            if self._size > PLAIN_TABLE_MAX_BYTES:
                self._plain = None
            else:
                self._plain.append(data)

    def close(self) -> tuple[bytes, bytes | None]:
        """(the gzip file, the plain CSV or None when it is too large)."""
        return self._gzip.close(), None if self._plain is None else b"".join(self._plain)


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    stream = GzipStream(level)
    stream.write(data)
    return stream.close()


def _q(text: str | None) -> str:
    """A text field as the csv module writes it (QUOTE_MINIMAL): quoted only if it must be, a
    leading formula character neutralised (`core.escape.csv_cell`)."""
    if text is None:
        return ""
    if text and text[0] in FORMULA_STARTS:
        text = csv_cell(text)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


_QUOTED: dict[str, str] = {}  # status and agency ids as CSV fields
# A criterion row's four numbers (str of max, self, appraised, points) as CSV cells: a national
# table repeats a few thousand such quadruples millions of times.
_VALUES: dict[tuple, str] = {}
_TEXTS_MAX = 200_000


def _criterion_rows(uy: UnitYear, defs: dict[str, tuple[str, str, str]]) -> tuple[str, str, list[list]]:
    """Every criterion of one unit-year, formatted once: the lines of the criterion table
    (CRITERION_COLUMNS), the lines of the unit's CSV (UNIT_CSV_COLUMNS) and the JSON rows
    (JSON_CRITERION_COLUMNS).

    `defs` caches, per criterion id of the unit-year's criteria set, the CSV text of what the set
    defines (id, name, depth, parent, is_leaf, rule, part; nominal max; id, name, depth): the
    same for every unit (compute takes them from the set)."""
    quoted, nums, known_values = _QUOTED, NUMBER_TEXTS, _VALUES
    if len(known_values) >= _TEXTS_MAX:
        known_values.clear()
    year = uy.year
    head = f"{year},{_q(uy.group)},{_q(uy.unit)},"
    tail = "," + _q(uy.source) + "\n"
    lines = []
    unit_lines = []
    rows = []
    c: CriterionResult
    for c in uy.criteria:
        cid = c.spec.id  # c.id, c.reason, …: properties; read once here, the loop runs millions of times
        reason, note, figures, appraised_figures, result, evidence, trail, preliminary = c.extra
        d = defs.get(cid)
        if d is None:
            d = defs[cid] = (",".join((_q(c.id), _q(c.name), str(c.depth), _q(c.parent), TRUE if c.is_leaf else FALSE,
                                        _q(c.rule), _q(c.part))),
                              "" if c.nominal_max is None else number_text(c.nominal_max),
                              ",".join((_q(c.id), _q(c.name), str(c.depth))))
        # JSON (unchanged API): str(), 3× faster than format(…, "f") and the same text unless it
        # uses an exponent; CSV: `core.cells`' number rule of that text
        v = c.max
        mx = None if v is None else str(v)
        if mx and "E" in mx:
            mx = format(v, "f")
        v = c.self_points
        sp = None if v is None else str(v)
        if sp and "E" in sp:
            sp = format(v, "f")
        v = c.points
        pt = None if v is None else str(v)
        if pt and "E" in pt:
            pt = format(v, "f")
        v = c.appraised_points
        ap = None if v is None else str(v)
        if ap and "E" in ap:
            ap = format(v, "f")
        if pt is None or sp is None:
            gap = ""
        elif pt == sp:  # not appraised
            gap = "0"
        else:
            gap = decimal_text(str(c.points - c.self_points))
        rate = c.rate
        if rate is None:
            shown = ""
        else:
            num, den = rate.numerator, rate.denominator
            shown = scaled_text(shown_rate_scaled(num, den), RATE_DECIMALS)
            rate = str(num) if den == 1 else f"{num}/{den}"  # `fraction_text`
        status = c.status
        status = (quoted.get(status) or quoted.setdefault(status, _q(status))) if status else ""
        by = trail.agency if trail is not None and trail.agency else c.spec.appraised_by
        agency = (quoted.get(by) or quoted.setdefault(by, _q(by))) if by else ""
        values = known_values.get(key := (mx, sp, ap, pt))
        if values is None:
            values = known_values[key] = (f"{(nums.get(mx) or decimal_text(mx)) if mx else ''},"
                                          f"{(nums.get(sp) or decimal_text(sp)) if sp else ''},"
                                          f"{(nums.get(ap) or decimal_text(ap)) if ap else ''},"
                                          f"{(nums.get(pt) or decimal_text(pt)) if pt else ''}")
        steps = _NO_STEPS if trail is None else _step_cells(trail, preliminary)
        texts = (f"{shown},{agency},{_q(reason) if reason else ''},"
                 f"{_q(note) if note else ''}{steps}")
        applicable = TRUE if c.applicable else FALSE
        lines.append(f"{head}{d[0]},{status},{applicable},{d[1]},{values},{gap},{texts}{tail}")
        unit_lines.append(f"{year},{d[2]},{status},{applicable},{values},{texts}\n")
        rows.append([
            cid, c.status, c.applicable, mx, sp, ap, pt, rate, None if c.tier_min is None else format(c.tier_min, "f"),
            dict(figures) if figures else None, dict(appraised_figures) if appraised_figures else None,
            None if result is None else format(result, "f"), reason, note, by,
            [{"number": n, "date": d, "title": t, "url": u} for n, d, t, u in evidence] if evidence else [],
            None if trail is None else _trail_json(trail, preliminary)])
    return "".join(lines), "".join(unit_lines), rows


def _step_cells(trail, preliminary: Decimal | None) -> str:
    """The STEP_COLUMNS of a criterion with a trail, each with its leading comma."""
    document = f"{trail.document[0]} ({trail.document[1]})" if trail.document else None
    told = trail.explanation
    answer = trail.response
    cells = (None if preliminary is None else number_text(preliminary), trail.source or None, document,
             told[0] if told else None, told[1] if told else None, answer[0] if answer else None, ("accepted" if answer[1] else "rejected") if answer else None,
             answer[2] if answer else None)
    return "".join("," + (_q(v) if v else "") for v in cells)


def _announced_json(rec: Reconciliation | None) -> dict | None:
    """The results as the decision announced them (its figures keep the decimals it printed, as
    strings: "91.651", "81.33"), each beside the recomputed ones, with every difference and its
    likely cause (`compute.reconcile`); None where no announcement is recorded."""
    if rec is None:
        return None
    return {"decision": rec.decision, "source": rec.source, "entries": [
        {"unit": row.unit, "announced": row.row is not None, "index": row.announced_index, "rank": row.announced_rank,
         "band": row.announced_band, "recomputed_index": row.computed_index, "recomputed_rank": row.computed_rank,
         "recomputed_band": row.computed_band, "note": row.note,
         "differences": [{"what": what, "cause": cause} for what, cause in row.differences]} for row in rec.rows]}


def _decision_json(ds: Dataset, year: int, group: str) -> dict | None:
    """The results decision and the council's report of a group's year (scores/<year>/ky-danh-gia.yaml)."""
    found = ds.round_group(year, group)
    if found is None or found.decision is None:
        return None
    report = found.council_report
    return {**found.decision.model_dump(mode="json"), "source": ds.round_of[year].path,
            "council_report": report.model_dump(mode="json") if report else None}


def _trail_json(trail, preliminary: Decimal | None) -> dict:
    """A criterion's path beyond the unit's file, in the JSON API: the agency, its file and
    document, the preliminary points, the explanation and the response."""
    told, answer = trail.explanation, trail.response
    return {
        "agency": trail.agency or None, "source": trail.source or None,
        "document": {"number": trail.document[0], "date": trail.document[1]} if trail.document else None,
        "changed": trail.changed, "preliminary_points": _dec(preliminary),
        "explanation": {"date": told[0], "text": told[1],
                        "evidence": [{"number": n, "date": d, "title": t, "url": u} for n, d, t, u in told[2]]}
        if told else None,
        "response": {"date": answer[0], "accepted": answer[1], "reason": answer[2]} if answer else None,
    }


def parts_json(uy: UnitYear) -> dict:
    """The parts of a unit-year by part id (parents before their sub-parts): name, parent part,
    points and applicable maximum (null points: nothing of the part applies, e.g. no survey yet)."""
    return {p.id: {"name": p.name, "name_en": p.name_en, "parent": p.parent,
                   "points": _dec(p.points) if p.applicable else None, "max": _dec(p.max)} for p in uy.parts}


def part_column_specs(cs) -> list[tuple[str, str, str, str]]:
    """The ranking table's columns for the parts a set declares, part_<id>_points and part_<id>_max,
    as table columns (name, type, Vietnamese and English description)."""
    return [(f"part_{p.id}_{what}", "number", f"{p.name}: {'điểm' if what == 'points' else 'điểm tối đa áp dụng'}",
             f"{p.name_en or p.name}: {'points' if what == 'points' else 'applicable maximum'}")
            for p, _, _ in cs.walk_parts() for what in ("points", "max")]


def part_cells(uy: UnitYear) -> tuple:
    """A unit-year's part columns (`part_column_specs`), as numbers: empty points where nothing of a part applies."""
    return tuple(v for p in uy.parts for v in (p.points if p.applicable else None, p.max))


def _unit_year_json(uy: UnitYear, entry, info: BuildInfo, criteria_set_url: str, copies: bool,
                    declared: bool = False) -> dict:
    """One year of a unit's JSON, but its criteria (`json_with` adds them, last); `parts` where the
    criteria set declares its parts (`CriteriaSet.declares_parts`)."""
    return {
        "year": uy.year, "stage": uy.stage, "criteria_set": uy.criteria_set,
        "criteria_set_url": criteria_set_url,
        "name": uy.name, "index": _dec(uy.index), "index_exact": fraction_text(uy.index_exact),
        "rank": entry.rank if entry else None, "band": uy.band,
        "points": _dec(uy.points), "max": _dec(uy.max), "self_points": _dec(uy.self_points), "gap": _dec(uy.gap),
        "appraised_points": _dec(uy.appraised_points), "appraised_max": _dec(uy.appraised_max),
        "survey_points": _dec(uy.survey_points) if uy.survey_present else None, "survey_max": _dec(uy.survey_max),
        "index_change": _dec(entry.index_change) if entry else None,
        "rank_change": entry.rank_change if entry else None,
        "source": uy.source, "source_url": info.source_url(uy.source),
        "source_copy": _from_units(P.source_copy(uy.source)) if copies else None,
        "fields": [{"id": f.id, "name": f.name, "points": _dec(f.points), "max": _dec(f.max), "index": _dec(f.index),
                    "self_points": _dec(f.self_points)} for f in uy.fields],
        **({"parts": parts_json(uy)} if declared else {}),
    }


def _from_units(path: str) -> str:
    """A site path as a URL relative to the API's units/ folder, where unit JSON files are."""
    return posixpath.relpath(path, posixpath.dirname(P.unit_json("x")))


def _unit_row(uy: UnitYear, entry) -> tuple:
    """A row of the unit-year table (UNIT_COLUMNS), as values (`core.cells` writes them)."""
    return (uy.year, uy.group, uy.unit, uy.name, uy.stage, uy.criteria_set, uy.ranked, entry.rank if entry else None,
            uy.index, uy.points, uy.max, uy.self_points, uy.gap, uy.appraised_points, uy.appraised_max,
            uy.survey_points, uy.survey_max, uy.band, entry.index_change if entry else None,
            entry.rank_change if entry else None, uy.source)


def write_open_data(ds: Dataset, res: Results, info: BuildInfo, out: Staging, memo: Memo = NO_MEMO) -> list[str]:
    """Write every open-data file under `out` (the docs folder); return their paths. A unit's files
    whose inputs are unchanged since an earlier build of this process come from `memo`."""
    with no_gc():  # millions of short strings and rows, no cycles: see `load.no_gc`
        return _write_open_data(ds, res, info, out, memo)


PARALLEL_MIN_UNITS = 100  # below this, forking costs more than it saves


@dataclass
class _Units:
    """What formatting the units needs; inherited by forked workers (never pickled)."""

    ds: Dataset
    info: BuildInfo
    out: Staging
    meta: dict
    entries: dict
    copies: bool
    years_of: dict[str, list[UnitYear]]
    histories: dict
    memo: Memo
    unit_keys: dict[str, tuple | None]       # `keys.unit_keys` without rankings (empty without a memo)
    unit_csv_header: bytes = (CSV_BOM + ",".join(c[0] for c in UNIT_CSV_COLUMNS) + "\n").encode("utf-8")
    # per criteria set, per criterion id: the CSV text of what the set defines (`_criterion_rows`)
    defs: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(dict))


def _format_units(job: _Units, unit_ids: list[str], table) -> list[str]:
    """Write the JSON and CSV files of `unit_ids` (in order), and the copies of their score files
    when copies are needed; hand each unit-year's lines of the criterion table to
    `table(year_group, bytes)`; return the paths written."""
    written = []
    for unit_id in unit_ids:
        files, lines = job.memo.get("open_data_unit", _unit_key(job, unit_id), lambda: _format_unit(job, unit_id))
        for year_group, data in lines:
            table(year_group, data)
        for rel, data in files:
            job.out.write_bytes(rel, data)
            written.append(rel)
        if job.copies:
            written.extend(_copy_source(job.ds, job.out, job.memo, uy.source) for uy in job.years_of.get(unit_id, ()))
    return written


def _copy_source(ds: Dataset, out: Staging, memo: Memo, rel: str) -> str:
    """Copy the data file `rel` into `nguon/` (`P.source_copies_needed`); return the copy's path."""
    out.write_bytes(P.source_copy(rel), memo.get("source", ds.digests.get(rel), lambda: read_regular(ds.root / rel)))
    return P.source_copy(rel)


def _unit_key(job: _Units, unit_id: str) -> tuple | None:
    """What a unit's files are made from: its own files (`unit_keys`), its history and its rank,
    index change and rank change of each year. Not the rest of its group: a point moved elsewhere
    in the group that moves none of these leaves the unit's files as they were."""
    own = job.unit_keys.get(unit_id)
    if own is None:
        return None
    history = job.histories.get(unit_id)
    ranks = []
    for uy in job.years_of.get(unit_id, ()):
        entry = job.entries.get((uy.unit, uy.year))
        ranks.append((uy.year, entry.rank, entry.index_change, entry.rank_change) if entry else (uy.year,))
    return own, repr(history.entries) if history else None, tuple(ranks)


def _format_unit(job: _Units, unit_id: str) -> tuple[list[tuple[str, bytes | Packed]],
                                                   list[tuple[tuple[int, str], bytes | Packed]]]:
    """One unit's files (path, bytes) and its criterion-table lines per (year, group); `Packed`
    when the memo keeps them (`parportal serve`)."""
    ds, info, copies, entries = job.ds, job.info, job.copies, job.entries
    keep = job.memo is not NO_MEMO
    csv_parts = [job.unit_csv_header]
    json_years = []
    lines = []
    for uy in sorted(job.years_of.get(unit_id, ()), key=lambda u: u.year):
        entry = entries.get((uy.unit, uy.year))
        table_lines, unit_lines, json_rows = job.memo.get(
            "open_data_rows", ds.unit_year_keys.get(uy.source),
            lambda: tuple(pack(text, keep) for text in _criterion_texts(uy, job.defs[uy.criteria_set])))
        lines.append(((uy.year, uy.group), table_lines))
        csv_parts.append(unpack(unit_lines))
        cs = ds.set_for(uy.group, uy.year)
        json_years.append(json_with(_unit_year_json(uy, entry, info, _from_units(P.criteria_json(cs.group, cs.year)),
                                                    copies, cs.declares_parts), "criteria", unpack(json_rows)))
    unit = ds.units.get(unit_id)
    if unit is None:  # scores of a unit not in the registry (not valid data): in the tables only
        return [], lines
    history = job.histories.get(unit.id)
    head = {**job.meta, "unit": unit.model_dump(mode="json"),
            "history": [{"year": e.year, "unit": e.unit, "name": e.name, "group": e.group, "index": _dec(e.index),
                         "rank": e.rank, "band": e.band, "index_change": _dec(e.index_change),
                         "rank_change": e.rank_change, "as_published": e.as_published}
                        for e in (history.entries if history else ())],
            "criteria_columns": JSON_CRITERION_COLUMNS}
    return [(P.unit_json(unit.id), pack(json_with(head, "years", b"[" + b",".join(json_years) + b"]") + b"\n", keep)),
            (P.unit_csv(unit.id), pack(b"".join(csv_parts), keep))], lines


def _criterion_texts(uy: UnitYear, defs: dict[str, tuple[str, str, str]]) -> tuple[bytes, bytes, bytes]:
    """`_criterion_rows` as written, in UTF-8: the criterion-table lines, the unit CSV lines and
    the JSON rows."""
    lines, unit_lines, rows = _criterion_rows(uy, defs)
    return lines.encode("utf-8"), unit_lines.encode("utf-8"), json_text(rows).encode("utf-8")


def _unit_chunk(job: _Units, unit_ids: list[str]) -> tuple[list[str], int, list[tuple[tuple[int, str], bytes]], tuple]:
    """In a forked worker: `_format_units`, returning the table lines, the files it changed and
    what it added to the memo."""
    job.out.changed = 0
    job.memo.mark()
    lines: list[tuple[tuple[int, str], bytes]] = []
    written = _format_units(job, unit_ids, lambda key, data: lines.append((key, data)))
    return written, job.out.changed, lines, job.memo.report()


def _write_open_data(ds: Dataset, res: Results, info: BuildInfo, out: Staging, memo: Memo) -> list[str]:
    written: list[str] = []
    meta = {"api_version": API_VERSION, "commit": info.commit or None, "built": info.date,
            "demo": ds.registry.province.demo, "province": ds.registry.province.name}

    def put(rel: str, data: bytes) -> None:
        out.write_bytes(rel, data)
        written.append(rel)

    def put_json(rel: str, data) -> None:
        put(rel, json_bytes(data))

    entries = {(e.unit, r.year): e for r in res.rankings for e in r.entries}

    # One pass over every criterion result, unit by unit: each unit's CSV and JSON are written
    # as soon as its years are formatted, and the criterion table of each year and group is
    # compressed as it grows (its rows come in unit order), so memory holds little at a time.
    # With many units, chunks of units are formatted in forked workers (in order), while this
    # process compresses the tables.
    criterion_header = CSV_BOM + ",".join(c[0] for c in CRITERION_COLUMNS) + "\n"
    # A table whose unit-years are all unchanged since an earlier build (`memo`) is not written again.
    year_groups = sorted({(u.year, u.group) for u in res.unit_years})
    table_keys = {yg: ds.year_group_keys.get(yg) if memo is not NO_MEMO else None for yg in year_groups}
    tables: dict[tuple[int, str], CriterionTable] = {}
    for yg in year_groups:
        if not memo.has("criteria_table", table_keys[yg]):
            tables[yg] = CriterionTable()
            tables[yg].write(criterion_header.encode("utf-8"))

    def table(year_group: tuple[int, str], data: bytes | Packed) -> None:
        if year_group in tables:
            tables[year_group].write(unpack(data))
    years_of: dict[str, list[UnitYear]] = defaultdict(list)
    for uy in res.unit_years:
        years_of[uy.unit].append(uy)
    job = _Units(ds, info, out, meta, entries, P.source_copies_needed(info), years_of, {h.unit: h for h in res.histories},
                 memo, unit_keys(ds, info, {}) if memo is not NO_MEMO else {})
    unit_ids = sorted(set(ds.units) | set(years_of))
    workers = workers_for(len(unit_ids), PARALLEL_MIN_UNITS) if not memo.warm else 1  # as unit pages
    if workers <= 1:
        written.extend(_format_units(job, unit_ids, table))
    else:
        # Small chunks: each answer carries its units' criterion-table lines until this process
        # compresses them (3,500 units, peak RSS: 2,155 MiB with 8 chunks, 2,051 MiB with 64).
        for files, changed, lines, made in fork_map(_unit_chunk, job, split(unit_ids, workers * 32), workers):
            memo.adopt(made)
            written.extend(files)
            out.produced.update(files)
            out.changed += changed
            for key, data in lines:
                table(key, data)
    units = sorted(ds.units.values(), key=lambda u: u.id)
    plain_tables = []
    for yg in year_groups:
        compressed, plain = memo.get("criteria_table", table_keys[yg], lambda: tables[yg].close())
        put(P.criteria_csv(*yg), compressed)
        if plain is not None:
            put(P.criteria_plain_csv(*yg), plain)
            plain_tables.append(yg)
    unit_rows = [_unit_row(uy, entries.get((uy.unit, uy.year)))
                 for uy in sorted(res.unit_years, key=lambda u: (u.year, u.group, u.unit))]
    province = ds.registry.province

    def put_table(csv_rel: str, xlsx_rel: str, title: str, columns: list, rows: list) -> None:
        """A table as CSV and as .xlsx (`workbooks`); in `parportal serve`, a workbook whose CSV
        and build are unchanged is not made again."""
        data = csv_text([c[0] for c in columns], rows).encode("utf-8")
        put(csv_rel, data)
        key = None if memo is NO_MEMO else (xlsx_rel, title, hashlib.sha256(data).digest(), info, province.name,
                                             province.demo)
        put(xlsx_rel, memo.get("workbook", key, lambda: workbook_bytes(
            title, columns, rows, info, province=province.name, demo=province.demo, csv_path=csv_rel)))

    put_table(P.UNITS_CSV, P.UNITS_XLSX, f"Chỉ số CCHC theo đơn vị và năm — {province.name}", UNIT_COLUMNS, unit_rows)

    put_json(f"{P.API_DIR}/index.json", {**meta, "endpoints": {
        "years": "years.json", "groups": "groups.json", "units": "units.json",
        "unit": "units/{unit}.json", "results": "results/{year}/{group}.json",
        "published": "published/{year}/{group}.json",
        "criteria_set": "criteria-sets/{group}/{year}.json",
        "criteria_table_csv_gz": posixpath.relpath(P.criteria_csv("{year}", "{group}"), P.API_DIR),
        "unit_csv": posixpath.relpath(P.unit_csv("{unit}"), P.API_DIR),
        "datapackage": posixpath.relpath(P.DATAPACKAGE, P.API_DIR)}})
    put_json(f"{P.API_DIR}/years.json", {**meta, "years": [
        {"year": y, "final": y in res.final_years,
         "groups": sorted({u.group for u in res.unit_years if u.year == y})}
        for y in sorted({u.year for u in res.unit_years})],
        "as_published": [{"year": py.year, "group": py.group, "url": f"published/{py.year}/{py.group}.json"}
                         for py in res.published]})
    put_json(f"{P.API_DIR}/groups.json", {**meta, "groups": [
        g.model_dump(mode="json") for g in ds.registry.groups]})
    put_json(f"{P.API_DIR}/units.json", {**meta, "units": [
        {**u.model_dump(mode="json"), "url": f"units/{u.id}.json"} for u in units]})
    by_key = {(u.unit, u.year): u for u in res.unit_years}
    unit_rows_of = defaultdict(list)
    for row in unit_rows:
        unit_rows_of[(row[0], row[1])].append(row)
    reconciled = {(rec.year, rec.group): rec for rec in res.reconciliations}
    for r in res.rankings:
        cs = ds.set_for(r.group, r.year)
        declared = cs is not None and cs.declares_parts
        put_json(P.ranking_json(r.year, r.group), {
            **meta, "year": r.year, "group": r.group, "criteria_set": r.criteria_set, "ties": r.ties,
            "stats": {"count": r.stats.count, "average": r.stats.average, "median": r.stats.median,
                      "highest": r.stats.highest, "lowest": r.stats.lowest,
                      "field_averages": dict(r.stats.field_averages), "band_counts": dict(r.stats.band_counts)},
            "not_evaluated": list(r.not_evaluated),
            "decision": _decision_json(ds, r.year, r.group),
            "entries": [{"unit": e.unit, "rank": e.rank, "field_ranks": dict(e.field_ranks),
                         "index": by_key[(e.unit, r.year)].index,
                         "index_exact": by_key[(e.unit, r.year)].index_exact,
                         "band": by_key[(e.unit, r.year)].band,
                         "index_change": e.index_change, "rank_change": e.rank_change,
                         **({"parts": parts_json(by_key[(e.unit, r.year)])} if declared else {})} for e in r.entries],
            "announced": _announced_json(reconciled.get((r.year, r.group))),
            **({"parts": [{"id": p.id, "name": p.name, "name_en": p.name_en, "parent": parent.id if parent else None,
                           "max": p.max, "criteria": list(p.criteria)} for p, _, parent in cs.walk_parts()]}
               if declared else {})})
        rows = unit_rows_of[(r.year, r.group)]
        columns = UNIT_COLUMNS
        if declared:  # the columns of every part the set declares, after the common ones
            rows = [row + part_cells(by_key[(row[2], r.year)]) for row in rows]
            columns = UNIT_COLUMNS + part_column_specs(cs)
        group = ds.groups.get(r.group)
        put_table(P.ranking_csv(r.year, r.group), P.ranking_xlsx(r.year, r.group),
                  f"Xếp hạng Chỉ số CCHC năm {r.year} — {group.name if group else r.group}", columns, rows)
    for py in res.published:
        group = ds.groups.get(py.group)
        extra = [(f"column:{cid}", "number", name, name_en or name) for cid, name, name_en, _ in py.columns]
        rows = [(py.year, py.group, e.unit, e.name, True, e.index, format(e.index, "f"), e.rank, e.band, e.points, e.max,
                 e.note, py.source,
                 *(dict(e.columns).get(cid) for cid, *_ in py.columns)) for e in py.entries]
        put_table(P.published_csv(py.year, py.group), P.published_xlsx(py.year, py.group),
                  f"Chỉ số CCHC năm {py.year} — {group.name if group else py.group}, như công bố",
                  PUBLISHED_COLUMNS + extra, rows)
        put_json(P.published_json(py.year, py.group), {
            **meta, "year": py.year, "group": py.group, "as_published": True, "decision": _decision_json(ds, py.year, py.group),
            "source": py.source,
            "columns": [{"id": cid, "name": name, "name_en": name_en, "max": mx} for cid, name, name_en, mx in py.columns],
            "entries": [{"unit": e.unit, "name": e.name, "index": e.index, "rank": e.rank, "band": e.band,
                         "points": e.points, "max": e.max, "columns": dict(e.columns), "note": e.note}
                        for e in py.entries]})
    for cs in ds.criteria_sets:
        put_json(P.criteria_json(cs.group, cs.year),
                 {**meta, "criteria_set": cs.model_dump(mode="json", by_alias=True)})
    if job.copies:  # what the units' chunks did not copy: the registry, the criteria sets
        copied = {uy.source for uy in res.unit_years}
        written.extend(_copy_source(ds, out, memo, rel) for rel in ds.files if rel not in copied)
    put_json(P.DATAPACKAGE, datapackage(ds, info, year_groups, plain_tables, res.published))
    return written


def _field(name: str, kind: str, vi: str, en: str) -> dict:
    field = {"name": name, "type": kind, "title": vi, "description": f"{vi} / {en}"}
    if kind == "boolean":  # `core.cells`: booleans are written one way
        field.update(trueValues=[TRUE], falseValues=[FALSE])
    return field


# What the datapackage says of the ranking CSV's extra columns, where some criteria set declares its parts.
PART_COLUMNS_NOTE = ("Bộ tiêu chí quy định các phần của chỉ số (parts): thêm cột part_<mã phần>_points (điểm, trống "
                     "khi phần không áp dụng) và part_<mã phần>_max (điểm tối đa áp dụng) cho mọi phần, kể cả phần "
                     "con / Where the criteria set declares its parts: columns part_<part id>_points (empty when "
                     "nothing of the part applies) and part_<part id>_max (applicable maximum) for every part, "
                     "sub-parts included")


def _schema(columns: list[tuple[str, str, str, str]]) -> dict:
    return {"fields": [_field(*column) for column in columns], "missingValues": [""]}


# How every CSV is written (`core.cells.csv_text`, the hand-made lines of `_criterion_rows`): the
# byte order mark is part of UTF-8 here (readers such as frictionless and pandas skip it).
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def datapackage(ds: Dataset, info: BuildInfo, year_groups: list[tuple[int, str]],
                plain_tables: list[tuple[int, str]] = (), published: tuple = ()) -> dict:
    """The Frictionless data package: the unit-year table and each part of the criterion table as
    resources (a part also published uncompressed, `plain_tables`, once more); the per-ranking and per-unit CSV files (many, same columns each) as file series
    under `x-file-series` with the resource whose columns they have, or their own schema."""
    province = ds.registry.province
    csv_resource = {"profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                    "dialect": CSV_DIALECT}
    criterion_schema = _schema(CRITERION_COLUMNS)
    # the first sheet holds the table, its header the field names; the second says where it comes from
    xlsx_resource = {"profile": "tabular-data-resource", "format": "xlsx", "mediatype": MEDIA_TYPE,
                     "description": f"Trang tính đầu «{DATA_SHEET}»: bảng; trang «{SOURCE_SHEET}»: nguồn, giấy phép, "
                                    f"ý nghĩa các cột / first sheet: the table; second: source, licence, columns"}

    def rel(path: str) -> str:
        return path.removeprefix(P.DATA_DIR + "/")

    return {
        "profile": "tabular-data-package",
        "name": "chi-so-cchc",
        "title": f"Chỉ số cải cách hành chính — {province.name}",
        "description": "Kết quả Chỉ số CCHC theo đơn vị, năm và tiêu chí / PAR Index results by unit, year and criterion."
                       + (" Dữ liệu minh họa / demonstration data." if province.demo else ""),
        "version": API_VERSION,
        "created": f"{info.date}T00:00:00Z",
        "sources": [{"title": "Kho dữ liệu / data repository", "path": province.repository or ""}],
        "licenses": [LICENCE],
        "resources": [
            {"name": "chi-so-cchc", "path": rel(P.UNITS_CSV), **csv_resource,
             "title": "Chỉ số theo đơn vị và năm / index by unit and year", "schema": _schema(UNIT_COLUMNS)},
            {"name": "chi-so-cchc-xlsx", "path": rel(P.UNITS_XLSX), **xlsx_resource,
             "title": "Chỉ số theo đơn vị và năm, dạng Excel / index by unit and year, as a spreadsheet",
             "schema": _schema(UNIT_COLUMNS)},
        ] + [
            {"name": f"tieu-chi-{year}-{group}", "path": rel(P.criteria_csv(year, group)), **csv_resource,
             "compression": "gz",
             "title": f"Điểm theo tiêu chí, năm {year}, nhóm {group} / points by criterion, {year}, group {group}",
             "schema": criterion_schema}
            for year, group in year_groups
        ] + [
            {"name": f"nhu-cong-bo-{py.year}-{py.group}", "path": rel(P.published_csv(py.year, py.group)), **csv_resource,
             "title": f"Kết quả năm {py.year}, nhóm {py.group}, như quyết định công bố (không tính lại) / results of "
                      f"{py.year}, group {py.group}, as the decision published them (not recomputed)",
             "schema": _schema(PUBLISHED_COLUMNS + [(f"column:{cid}", "number", name, name_en or name)
                                                    for cid, name, name_en, _ in py.columns])}
            for py in published
        ] + [
            {"name": f"tieu-chi-{year}-{group}-khong-nen", "path": rel(P.criteria_plain_csv(year, group)), **csv_resource,
             "title": f"Điểm theo tiêu chí, năm {year}, nhóm {group}, không nén / points by criterion, {year}, "
                      f"group {group}, uncompressed",
             "description": f"Các dòng của tieu-chi-{year}-{group}, không nén / the rows of tieu-chi-{year}-{group}, "
                            "uncompressed",
             "schema": criterion_schema}
            for year, group in plain_tables
        ],
        "x-file-series": [
            {"name": "xep-hang", "path": rel(P.ranking_csv("{year}", "{group}")), "columns_of": "chi-so-cchc",
             "title": "Các dòng của một bảng xếp hạng / the rows of one ranking",
             **({"x-part-columns": PART_COLUMNS_NOTE} if any(cs.declares_parts for cs in ds.criteria_sets) else {})},
            {"name": "xep-hang-xlsx", "path": rel(P.ranking_xlsx("{year}", "{group}")), "columns_of": "chi-so-cchc",
             **xlsx_resource, "title": "Một bảng xếp hạng, dạng Excel / one ranking as a spreadsheet"},
            {"name": "moi-nam", "path": rel(P.all_years_csv("{group}")), **csv_resource,
             "title": "Mọi đơn vị của một nhóm qua các năm chính thức / every unit of a group, every final year",
             "schema": _schema(ALL_YEARS_COLUMNS)},
            {"name": "moi-nam-xlsx", "path": rel(P.all_years_xlsx("{group}")), **xlsx_resource,
             "title": "Mọi đơn vị của một nhóm qua các năm, dạng Excel / every unit of a group, every year, "
                      "as a spreadsheet",
             "schema": _schema(ALL_YEARS_COLUMNS)},
            {"name": "don-vi", "path": rel(P.unit_csv("{unit}")),
             "title": "Điểm theo tiêu chí của một đơn vị, mọi năm / one unit's points by criterion, every year",
             "schema": _schema(UNIT_CSV_COLUMNS)},
        ],
    }
