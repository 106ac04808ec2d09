"""`parportal import ANNEX.csv|.xlsx --year Y --group G`: a decision's published results table,
as a secretariat types it, into the year's round file (`announced:` of the group).

A year without score files becomes a year "as published" (`compute.published`); a computed year
gets its announced figures reconciled (`compute.reconcile`). The table is one header row and a row
per unit; columns are recognised by their Vietnamese or English header (`HEADERS`), diacritics and
case aside; any other column of numbers is a column of the annex (points per field or part). Units
are found by id or by name (the name the unit had that year, or a former one). Numbers keep the
decimals they were typed with: "81,330" stays 81.330. Every problem of the table is reported at once
as `file:row` (CSV) or `sheet!cell` (XLSX), in Vietnamese and English, and nothing is written unless
the table is valid and the data with it passes `parportal check`.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.core import paths
from generator.core.suggest import closest, fold, slug
from generator.load import Dataset, load
from generator.load.model import ROUND_FILE
from generator.pipeline.build import load_and_validate
from generator.validate.canonical import fix_text

# Header words (folded: no diacritics, lower case) → field of an `announced` row
HEADERS = {
    "unit": ("don vi", "ten don vi", "ma don vi", "co quan", "ten co quan", "unit", "unit name", "unit id"),
    "index": ("chi so", "chi so cchc", "chi so cai cach hanh chinh", "par index", "index", "ket qua chi so"),
    "rank": ("hang", "xep hang", "thu hang", "thu tu xep hang", "rank", "ranking"),
    "band": ("xep loai", "muc xep loai", "band", "classification"),
    "points": ("diem", "diem dat", "tong diem", "tong diem dat", "diem dat duoc", "points", "total points"),
    "max": ("diem toi da", "tong diem toi da", "toi da", "max", "maximum"),
    "note": ("ghi chu", "note", "notes"),
}
IGNORED = ("stt", "tt", "so thu tu", "no", "#")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


@dataclass
class Problem:
    where: str
    vi: str
    en: str
    warning: bool = False

    def text(self) -> str:
        kind = "cảnh báo/warning" if self.warning else "lỗi/error"
        return f"{self.where}: {kind}\n    {self.vi}\n    {self.en}"


@dataclass
class AnnexResult:
    target: str
    rows: list[dict] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)


def read_table(path: Path) -> tuple[list[tuple[str, list[tuple[str, object, int]]]], str]:
    """The table's rows as (where, [(cell place, value, decimals shown)]) and its kind; a cell's
    decimals are those its number format shows (XLSX) or it was typed with (CSV: -1, read from the text)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for r, row in enumerate(sheet.iter_rows(), 1):
            cells = []
            for c, cell in enumerate(row, 1):
                value = cell.value
                shown = -1
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    fmt = cell.number_format or "General"
                    shown = len(fmt.split(".")[1].split(";")[0].rstrip("_)% ")) if "." in fmt else -1
                cells.append((f"{sheet.title}!{cell.column_letter if hasattr(cell, 'column_letter') else c}{r}",
                              value, shown))
            rows.append((f"{sheet.title}!{r}", cells))
        book.close()
        return rows, "xlsx"
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    rows = []
    for r, row in enumerate(csv.reader(io.StringIO(text), dialect), 1):
        rows.append((f"{path.name}:{r}", [(f"{path.name}:{r}", value, -1) for value in row]))
    return rows, "csv"


def number(value: object, shown: int) -> Decimal | None:
    """A figure as printed: "86,92" and "86.92" are 86.92, "81,330" keeps its three decimals; a
    spreadsheet number keeps the decimals its format shows. None for a cell that is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return exact.quantize(Decimal(1).scaleb(-shown)) if shown >= 0 else exact
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _header(cells) -> dict[int, str] | None:
    """Which field each column holds, if this row is the header (it names the unit column)."""
    found: dict[int, str] = {}
    for i, (_, value, _) in enumerate(cells):
        key = fold(str(value or ""))
        for name, words in HEADERS.items():
            if key in words and name not in found.values():
                found[i] = name
                break
        else:
            if key and key not in IGNORED:
                found[i] = "column:" + str(value).strip()
    return found if "unit" in found.values() else None


def import_annex(root: Path, path: Path, year: int, group: str, decision: dict | None = None,
                 dry_run: bool = False) -> AnnexResult:
    """Read the table at `path` as the annex of `group`'s results in `year` and, unless `dry_run`
    or any problem, write it into scores/<year>/ky-danh-gia.yaml."""
    rel = f"{paths.SCORES_DIR}/{year}/{ROUND_FILE}"
    result = AnnexResult(rel)
    ds = load(root, cache=False).dataset
    if group not in ds.groups:
        result.problems.append(Problem(
            path.name, f"Nhóm `{group}` không có trong `scores/units.yaml`.", f"Group `{group}` is not in `scores/units.yaml`."))
        return result
    try:
        rows, _ = read_table(path)
    except Exception as err:  # a file that is no table: said, never a traceback
        result.problems.append(Problem(path.name, f"Không đọc được bảng: {err}", f"The table cannot be read: {err}"))
        return result
    header_at = next((i for i, (_, cells) in enumerate(rows) if _header(cells)), None)
    if header_at is None:
        result.problems.append(Problem(
            path.name, "Không thấy dòng tiêu đề có cột đơn vị (“Đơn vị”, “Tên đơn vị”, “Unit”).",
            "No header row naming the unit column (“Đơn vị”, “Tên đơn vị”, “Unit”)."))
        return result
    header = _header(rows[header_at][1])
    extra = [(i, name.removeprefix("column:")) for i, name in sorted(header.items()) if name.startswith("column:")]
    result.columns = [{"id": slug(name) or f"cot-{i + 1}", "name": name} for i, name in extra]
    units = _unit_names(ds, year)
    bands = {b.id: (b.name, b.name_en) for b in ds.bands_for(year, group)}
    seen: dict[str, str] = {}
    for where, cells in rows[header_at + 1:]:
        values = {header[i]: (place, value, shown) for i, (place, value, shown) in enumerate(cells) if i in header}
        if all(v[1] in (None, "") for v in values.values()):
            continue
        place, value, _ = values.get("unit", (where, None, -1))
        unit = units.get(fold(str(value or "")))
        if unit is None:
            hint = closest(str(value or ""), {u: names for u, names in _aliases(ds, year).items()}, n=1)
            result.problems.append(Problem(
                place, f"Không nhận ra đơn vị “{value}”." + (f" Có phải `{hint[0]}`?" if hint else ""),
                f"Unit “{value}” is not recognised." + (f" Did you mean `{hint[0]}`?" if hint else "")))
            continue
        if unit in seen:
            result.problems.append(Problem(place, f"Đơn vị `{unit}` đã có ở {seen[unit]}.",
                                           f"Unit `{unit}` is already at {seen[unit]}."))
            continue
        seen[unit] = place
        row: dict = {"unit": unit}
        for name in ("index", "rank", "band", "points", "max", "note"):
            if name not in values or values[name][1] in (None, ""):
                continue
            cell, raw, shown = values[name]
            if name == "note":
                row["note"] = str(raw).strip()
            elif name == "band":
                found = next((b for b, words in bands.items() if fold(str(raw)) in (fold(b), *map(fold, words))), None)
                if found is None:
                    result.problems.append(Problem(
                        cell, f"Xếp loại “{raw}” không có trong các xếp loại của năm ({', '.join(n for n, _ in bands.values())}).",
                        f"Band “{raw}” is not among the year's bands ({', '.join(e for _, e in bands.values())})."))
                else:
                    row["band"] = found
            else:
                figure = number(raw, shown)
                if figure is None or (name == "rank" and figure != figure.to_integral_value()):
                    result.problems.append(Problem(
                        cell, f"“{raw}” không phải số{' nguyên' if name == 'rank' else ''} (cột {name}).",
                        f"“{raw}” is not a {'whole ' if name == 'rank' else ''}number (column {name})."))
                else:
                    row[name] = int(figure) if name == "rank" else figure
        for (i, name), column in zip(extra, result.columns):
            cell = cells[i] if i < len(cells) else (where, None, -1)
            if cell[1] in (None, ""):
                continue
            figure = number(cell[1], cell[2])
            if figure is None:
                result.problems.append(Problem(cell[0], f"“{cell[1]}” không phải số (cột “{name}”).",
                                               f"“{cell[1]}” is not a number (column “{name}”)."))
            else:
                row.setdefault("columns", {})[column["id"]] = figure
        result.rows.append(row)
    if not result.rows and result.ok:
        result.problems.append(Problem(path.name, "Bảng không có dòng đơn vị nào.", "The table has no unit rows."))
    if not result.ok:
        return result
    text = _round_text(root, rel, year, group, result, decision)
    result.problems += _check(root, rel, text)
    if result.ok and not dry_run:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
        result.written = True
    return result


def _aliases(ds: Dataset, year: int) -> dict[str, list[str]]:
    """Each unit's names a table may use: its name that year, its current and former names."""
    return {u.id: [u.name_in(year), u.name, *(f.name for f in u.former_names)] for u in ds.units.values()}


def _unit_names(ds: Dataset, year: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for uid, names in _aliases(ds, year).items():
        for name in (uid, *names):
            found.setdefault(fold(name), uid)
    return found


def _round_text(root: Path, rel: str, year: int, group: str, result: AnnexResult, decision: dict | None) -> str:
    """The round file with the group's `announced` (and `columns`, and the decision when given)
    replaced, the rest of it (comments included) kept, in canonical form."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    yaml = YAML()
    yaml.width = 4096
    # a figure as it was typed: 81.330 stays 81.330 (a plain scalar, read back as that Decimal)
    def decimal(rep, value: Decimal):
        text = format(value, "f")
        return rep.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)

    yaml.representer.add_representer(Decimal, decimal)
    target = root / rel
    if target.is_file():
        data = yaml.load(target.read_text(encoding="utf-8"))
    else:
        data = CommentedMap([("year", year), ("groups", CommentedMap())])
        data.yaml_set_start_comment(f"yaml-language-server: $schema=../../generator/schemas/{paths.SCHEMA_FILES['round']}")
    groups = data.setdefault("groups", CommentedMap())
    item = groups.setdefault(group, CommentedMap())
    if decision:
        item["decision"] = CommentedMap(decision)

    def flow(mapping: dict) -> CommentedMap:
        made = CommentedMap(mapping)
        made.fa.set_flow_style()
        return made

    if result.columns:
        item["columns"] = CommentedSeq([flow(c) for c in result.columns])
    rows = CommentedSeq()
    for row in result.rows:
        if "columns" in row:
            row = {**row, "columns": flow(row["columns"])}
        rows.append(flow(row))
    item["announced"] = rows
    out = io.StringIO()
    yaml.dump(data, out)
    return fix_text(out.getvalue().encode("utf-8"), rel)


def _check(root: Path, rel: str, text: str) -> list[Problem]:
    """What `parportal check` would say of the data with the new round file: its errors, refused."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR):
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, symlinks=True)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text(text, encoding="utf-8")
        _, diags = load_and_validate(copy)
    return [Problem(f"{d.path}:{d.line}:{d.col} [{d.rule}]", d.message_vi, d.message_en)
            for d in diags if d.path == rel and d.severity.name == "ERROR"]
