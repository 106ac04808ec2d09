"""`parportal verify`: every published figure recomputed from the published open data alone.

Each figure the open data publishes is gathered with all its copies (a unit's index is in its
JSON, in `chi-so-cchc.csv`, in the ranking's CSV and JSON, in the all-years table and in the
unit's history; a criterion's points in the unit's JSON, in its CSV and in the criterion table of
the year). A figure that follows from other figures (an index from points and maximum, a parent's
points from its children's, a rank from the indices of the group, a band from the index) is
recomputed from those (`rules`); every copy that differs is a problem at its file and row. A
figure that is given (a manual criterion's points, a survey result, a unit's name) has no rule to
follow, only its copies: the value most copies hold counts, the JSON API's when as many disagree,
and the copies that differ are problems. So one altered figure is named where it was altered, and
a wrong rule in the generator shows wherever its figures do not follow from their inputs.

Files are found from what the data says of itself: `api/v2/index.json` (the API's endpoints)
and `datapackage.json` (the tables and file series).
"""
from __future__ import annotations

import csv
import gzip
import io
import posixpath
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from generator.core.escape import csv_cell
from generator.verify import rules
from generator.verify.reading import (API_INDEX, DATAPACKAGE, Bad, Unreadable, boolean, data_dir, fraction, integer,
                                      number, read_csv, read_json, read_stored, shown, text)

# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One published figure (or file, or row) that does not follow from the data."""

    path: str        # relative to the open-data folder
    row: str         # the CSV line (1 is the header), or where in a JSON file: "entries[2]"
    what: str        # "chỉ số / index"
    context: str     # whose figure: "2023, so-noi-vu"
    expected: str
    found: str

    def line(self, folder: str = "") -> str:
        where = posixpath.join(folder, self.path) if folder else self.path
        about = f" ({self.context})" if self.context else ""
        return f"{where}:{self.row}: {self.what}{about}, phải là / expected {self.expected}, ghi / found {self.found}"

    def sort_key(self) -> tuple:
        return (self.path, (0, int(self.row), "") if self.row.isdigit() else (1, 0, self.row), self.what, self.context)


@dataclass
class Report:
    problems: list[Problem]
    figures: int      # copies of figures compared
    files: int        # files read

    @property
    def ok(self) -> bool:
        return not self.problems


# Names of the figures, Vietnamese / English.
WHAT = {
    "year": "năm / year", "group": "nhóm / group", "unit": "đơn vị / unit", "unit_name": "tên đơn vị / unit name",
    "stage": "giai đoạn / stage", "criteria_set": "bộ tiêu chí / criteria set", "ranked": "được xếp hạng / ranked",
    "rank": "thứ hạng / rank", "index": "chỉ số / index", "index_exact": "chỉ số chính xác / exact index",
    "points": "điểm / points", "max": "điểm tối đa áp dụng / applicable maximum",
    "self_points": "điểm tự đánh giá / self-assessed points", "gap": "chênh lệch / gap",
    "appraised_points": "điểm thẩm định / appraised points", "appraised_max": "tối đa phần thẩm định / appraised maximum",
    "survey_points": "điểm điều tra / survey points", "survey_max": "tối đa phần điều tra / survey maximum",
    "band": "xếp loại / band", "index_change": "thay đổi chỉ số / index change",
    "rank_change": "thay đổi thứ hạng / rank change", "source": "tệp nguồn / source file",
    "status": "trạng thái / status", "applicable": "áp dụng / applicable", "rate_percent": "tỷ lệ / rate",
    "appraised_by": "cơ quan thẩm định / appraising agency", "reason": "lý do / reason", "note": "ghi chú / note",
    "nominal_max": "điểm tối đa của bộ tiêu chí / nominal maximum", "criterion_name": "tên tiêu chí / criterion name",
    "depth": "cấp / depth", "parent": "tiêu chí cha / parent", "is_leaf": "tiêu chí lá / leaf",
    "rule": "cách chấm / rule", "part": "phần / part", "tier_min": "mức đã đạt / tier reached",
    "field_ranks": "thứ hạng lĩnh vực / field rank", "field_index": "chỉ số lĩnh vực / field index",
    "field_points": "điểm lĩnh vực / field points", "field_max": "tối đa lĩnh vực / field maximum",
    "field_self": "điểm tự đánh giá lĩnh vực / field self-assessed points",
    "count": "số đơn vị xếp hạng / ranked units", "average": "trung bình nhóm / group average",
    "median": "trung vị / median", "highest": "cao nhất / highest", "lowest": "thấp nhất / lowest",
    "field_averages": "trung bình lĩnh vực / field average", "band_counts": "số đơn vị mỗi xếp loại / units per band",
    "not_evaluated": "đơn vị chưa đánh giá / units not evaluated", "ties": "cách xử lý đồng hạng / ties",
    "final": "năm chính thức / final year", "groups": "các nhóm / groups", "history": "lịch sử / history",
}
HISTORY_INDEX_CHANGE = "thay đổi chỉ số trong lịch sử / index change in the history"
HISTORY_RANK_CHANGE = "thay đổi thứ hạng trong lịch sử / rank change in the history"
PRESENT, MISSING = "có / present", "không có / missing"

# How each column of the unit-year table is read (CSV cell or JSON value alike).
UNIT_YEAR_COLUMNS = {
    "unit_name": lambda v: text(csv_cell(v) if isinstance(v, str) else v), "stage": text, "criteria_set": text,
    "ranked": boolean, "rank": integer, "index": number, "index_exact": fraction, "points": number, "max": number,
    "self_points": number, "gap": number, "appraised_points": number, "appraised_max": number,
    "survey_points": number, "survey_max": number, "band": text, "index_change": number, "rank_change": integer,
    "source": text, "group": text,
}
TOTALS = ("points", "max", "self_points", "appraised_points", "appraised_max", "survey_points", "survey_max")


def _cell_text(value):
    return text(csv_cell(value) if isinstance(value, str) else value)


RATE_SHOWN_DECIMALS = 2  # the open-data page: a CSV writes a rate rounded half up to 2 decimals, as pages show it

# How each column of a criterion row is read, in the unit's JSON, its CSV and the criterion table.
CRITERION_COLUMNS = {
    "status": text, "applicable": boolean, "max": number, "self_points": number, "appraised_points": number,
    "points": number, "rate_percent": fraction, "appraised_by": text, "reason": _cell_text, "note": _cell_text,
}


# How a CSV row writes what its criteria set says of the criterion.
_SET_COLUMNS = {"criterion_name": _cell_text, "depth": integer, "parent": text, "is_leaf": boolean, "rule": text,
                "part": text, "nominal_max": number}


class Figure:
    """Every published copy of one figure: (value, path, row); and, once worked out, the value
    the data says it must have."""

    __slots__ = ("what", "context", "copies", "expected", "derived", "_agreed")

    def __init__(self, what: str, context: str) -> None:
        self.what, self.context = what, context
        self.copies: list[tuple[object, str, str]] = []
        self.expected = None
        self.derived = False
        self._agreed = _UNSET

    def add(self, value, path: str, row: str) -> None:
        self.copies.append((value, path, row))
        self._agreed = _UNSET

    def add_first(self, value, path: str, row: str) -> None:
        """A copy that counts first on a tie (the registry's word on a unit)."""
        self.copies.insert(0, (value, path, row))
        self._agreed = _UNSET

    def expect(self, value) -> None:
        self.expected, self.derived = value, True

    def value(self):
        """The value the data says: recomputed if it follows from others, else the one most
        copies hold (the first copy's, the JSON API's, when as many hold another)."""
        if self.derived:
            return self.expected
        return self.published()

    def published(self):
        """The value most copies hold (the first copy's on a tie); None without copies."""
        if self._agreed is _UNSET:
            self._agreed = _majority(self.copies)
        return self._agreed


_UNSET = object()


def _majority(copies: list[tuple[object, str, str]]):
    if not copies:
        return None
    first = copies[0][0]
    if all(v == first for v, _, _ in copies):   # the usual case: every copy alike
        return first
    good = [v for v, _, _ in copies if not isinstance(v, Bad)]
    if not good:
        return None
    counts = Counter(good)
    best = max(counts.values())
    return next(v for v in good if counts[v] == best)


# --------------------------------------------------------------------------- criteria sets

@dataclass
class Node:
    id: str
    name: str
    depth: int
    parent: str | None
    rule: dict | None
    max: Decimal
    part: str
    children: list[str] = field(default_factory=list)
    repeated: dict | None = None   # what a CSV row repeats of the node (`Verifier._set_columns`)

    @property
    def leaf(self) -> bool:
        return self.rule is not None or not self.children


@dataclass
class CriteriaSet:
    id: str
    path: str
    decimals: int
    points_decimals: int
    mode: str
    ties: str
    step: Decimal
    survey_missing: str
    bands: list[tuple[str, Decimal]]
    nodes: dict[str, Node]
    order: list[str]          # every criterion, parents before their children
    fields: list[str]


def _criteria_set(data: dict, cs_id: str, path: str) -> CriteriaSet:
    cs = data["criteria_set"]
    rounding = cs.get("rounding") or {}
    nodes: dict[str, Node] = {}
    order: list[str] = []

    def visit(item: dict, depth: int, parent: str | None) -> str:
        node = Node(str(item["id"]), str(item.get("name") or ""), depth, parent, item.get("rule"),
                    Decimal(item["max"]), "")
        nodes[node.id] = node
        order.append(node.id)
        parts = set()
        for child in item.get("criteria") or []:
            node.children.append(visit(child, depth + 1, node.id))
            parts.add(nodes[node.children[-1]].part)
        if node.rule is not None:
            node.part = "survey" if node.rule.get("type") == "survey" else "appraised"
        else:
            node.part = "survey" if parts == {"survey"} else "appraised"
        return node.id

    fields = [visit(item, 0, None) for item in cs["fields"]]
    return CriteriaSet(cs_id, path, int(rounding.get("decimals", 2)), int(rounding.get("points_decimals", 2)),
                       str(rounding.get("mode", "half_up")), str(cs.get("ties", "shared")),
                       Decimal(cs.get("step", "0.25")), str(cs.get("survey_missing", "rescale")),
                       [(str(b["id"]), Decimal(b["min"])) for b in cs.get("bands") or []], nodes, order, fields)


# --------------------------------------------------------------------------- the verifier

SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError, InvalidOperation, ZeroDivisionError)


class _Skip(Exception):
    """A file could not be read; its problem is recorded, what depends on it is skipped."""


class Verifier:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.figures = 0
        self.files: set[str] = set()
        self.unit_years: dict[tuple[int, str], dict[str, Figure]] = {}
        self.totals: dict[tuple[int, str], dict] = {}        # recomputed from the criterion rows
        self.fields: dict[tuple[int, str], list[dict]] = {}  # the unit JSON's fields of a year, as published
        self.sets: dict[str, CriteriaSet | None] = {}
        self.unit_json_years: dict[str, dict[int, int]] = {}  # unit -> year -> position in years[]
        self.histories: dict[str, list] = {}
        self.published_histories: dict[str, list] = {}  # unit -> its years known only as published
        self.ranking_entries: dict[tuple[int, str], list] = {}   # (year, group) -> entries as published
        self.rankings: dict[tuple[int, str], dict] = {}

    # -- problems and figures ----------------------------------------------------
    def problem(self, path: str, row, what: str, context: str, expected, found) -> None:
        self.problems.append(Problem(path, str(row), what, context, expected if isinstance(expected, str) else
                                     shown(expected), found if isinstance(found, str) else shown(found)))

    def compare(self, path: str, row, what: str, context: str, expected, found) -> None:
        """One copy against the value it must have."""
        self.figures += 1
        if found != expected or isinstance(found, Bad):
            self.problem(path, row, what, context, expected, found)

    def settle(self, fig: Figure) -> None:
        """Report every copy of `fig` that differs from the value the data says. A rate is exact in
        the JSON API and, in the CSVs, as the pages show it (`RATE_SHOWN_DECIMALS`, half up)."""
        want = fig.value()
        shown_rate = (Fraction(rules.rounded(want, RATE_SHOWN_DECIMALS, "half_up"))
                      if fig.what == WHAT["rate_percent"] and isinstance(want, Fraction) else None)
        for value, path, row in fig.copies:
            expected = shown_rate if shown_rate is not None and ".csv" in path else want
            self.compare(path, row, fig.what, fig.context, expected, value)

    # -- files ---------------------------------------------------------------------
    def read(self, rel: str, how):
        if _outside(rel):
            self.problem(rel, "-", "tệp / file", "", "trong thư mục dữ liệu mở / inside the open-data folder",
                         "ngoài, không đọc / outside, not read")
            raise _Skip
        self.files.add(rel)
        try:
            return how(self.data / rel)
        except Unreadable as err:
            self.problem(rel, "-", "tệp / file", "", "đọc được / readable", f"{err.vi} / {err.en}")
            raise _Skip from None

    def json(self, rel: str):
        return self.read(rel, read_json)

    def table(self, rel: str, columns: list[str] | None):
        found = self.read(rel, read_csv)
        if columns is not None and found.header != columns:
            missing = [c for c in columns if c not in found.header]
            extra = [c for c in found.header if c not in columns]
            self.problem(rel, 1, "các cột / columns", "datapackage.json",
                         ",".join(columns), ",".join(found.header) + (
                             f" (thiếu / missing {','.join(missing)})" if missing else "") + (
                             f" (thừa / extra {','.join(extra)})" if extra else ""))
        for line, width in found.ragged:
            self.problem(rel, line, "số ô / cells", "", str(len(found.header)), str(width))
        return found

    @contextmanager
    def shape(self, rel: str, context: str = ""):
        """A file whose content is not shaped as the API documents (a list where an object
        belongs, a text where a number does) is a problem of that file; the rest goes on."""
        try:
            yield
        except _Skip:
            pass
        except SHAPE_ERRORS as err:
            self.problem(rel, "-", "cấu trúc / structure", context, "như tài liệu API mô tả / as the API documents",
                         f"{type(err).__name__}: {err}")

    def exists(self, rel: str) -> bool:
        if _outside(rel):
            return False
        path = self.data / rel
        return path.is_file() or path.is_symlink()

    # -- the run ----------------------------------------------------------------
    def run(self) -> Report:
        try:
            self._run()
        except _Skip:
            pass
        self.problems.sort(key=Problem.sort_key)
        return Report(self.problems, self.figures, len(self.files))

    def _run(self) -> None:
        api_dir = posixpath.dirname(API_INDEX)
        endpoints: dict = {}
        with self.shape(API_INDEX):
            found = self.json(API_INDEX).get("endpoints")
            endpoints = found if isinstance(found, dict) else {}

        def endpoint(name: str, default: str) -> str:
            given = endpoints.get(name)
            return posixpath.normpath(posixpath.join(api_dir, given if isinstance(given, str) else default))

        self.unit_json_path = endpoint("unit", "units/{unit}.json")
        self.results_path = endpoint("results", "results/{year}/{group}.json")
        self.set_path = endpoint("criteria_set", "criteria-sets/{group}/{year}.json")
        self.table_path = endpoint("criteria_table_csv_gz", "../../tieu-chi/{year}-{group}.csv.gz")
        self.unit_csv_path = endpoint("unit_csv", "../../don-vi/{unit}.csv")
        self.unit_columns = self.criterion_columns = self.unit_csv_columns = self.all_years_columns = None
        self.ranking_csv_path = self.all_years_path = None
        main: dict = {}
        resources: dict = {}
        with self.shape(DATAPACKAGE):
            package = self.json(DATAPACKAGE)
            resources = {r.get("name"): r for r in package.get("resources") or []}
            series = package.get("x-file-series") or []
            main = resources.get("chi-so-cchc") or {}
            self.unit_columns = _names(main)
            self.criterion_columns = next((_names(r) for name, r in resources.items()
                                           if str(name).startswith("tieu-chi-")), None)
            series = [s for s in series if isinstance(s, dict)]
            named = {s.get("name"): s for s in series if isinstance(s.get("name"), str)}
            ranking = named.get("xep-hang") or next((s for s in series if s.get("columns_of") == "chi-so-cchc"), {})
            self.ranking_csv_path = _path(ranking.get("path"))
            unit_csv = named.get("don-vi") or next((s for s in series if s.get("path") == self.unit_csv_path), {})
            self.unit_csv_columns = _names(unit_csv)
            self.all_years_path = _path((named.get("moi-nam") or {}).get("path"))
            self.all_years_columns = _names(named.get("moi-nam") or {})
            for name, resource in sorted(resources.items(), key=lambda item: str(item[0])):
                if not self.exists(str(resource.get("path"))):
                    self.problem(str(resource.get("path")), "-", "tệp / file", f"datapackage.json: {name}", PRESENT,
                                 MISSING)

        units_rel = endpoint("units", "units.json")
        self.registry: dict[str, dict] = {}
        self.units_path = units_rel
        with self.shape(units_rel):
            self.read_registry(units_rel)
        self.read_unit_table(_path(main.get("path")) or "chi-so-cchc.csv")
        for unit in sorted(set(self.registry) | {u for _, u in self.unit_years}):
            with self.shape(_fill(self.unit_json_path, unit=unit), unit):
                self.read_unit_summary(unit)
        self.year_groups = self._year_groups()
        for (year, group) in sorted(self.year_groups):
            with self.shape(_fill(self.results_path, year=year, group=group)):
                self.read_ranking(year, group)
        self.read_all_years()
        for (year, group), units in sorted(self.year_groups.items()):
            self.check_criteria_table(year, group, units)
        self.settle_unit_years()
        years_rel = endpoint("years", "years.json")
        with self.shape(years_rel):
            self.check_years(years_rel)
        self.check_histories()
        with self.shape(years_rel):
            self.check_published(years_rel, endpoint("published", "published/{year}/{group}.json"), resources)

    # -- years known only as published ---------------------------------------------
    def check_published(self, years_rel: str, pattern: str, resources: dict) -> None:
        """A year known only from its decision is data, not a result: nothing in it is recomputed.
        What must follow is that each copy says the same (the JSON, its CSV, the units' histories)
        and that a history's change between two such consecutive years is their difference."""
        printed: dict[tuple[int, str], dict] = {}
        for item in self.json(years_rel).get("as_published") or []:
            year, group = integer(item.get("year")), text(item.get("group"))
            rel = _fill(pattern, year=year, group=group)
            with self.shape(rel):
                for i, e in enumerate(self.json(rel).get("entries") or []):
                    printed[(year, str(e.get("unit")))] = {"index": number(e.get("index")), "rank": integer(e.get("rank")),
                                                           "band": text(e.get("band")), "group": group}
                    self.figures += 1
            csv_rel = _path((resources.get(f"nhu-cong-bo-{year}-{group}") or {}).get("path"))
            if csv_rel is None:
                self.problem(rel, "-", "tệp / file", f"datapackage.json: nhu-cong-bo-{year}-{group}", PRESENT, MISSING)
                continue
            with self.shape(csv_rel):
                for line, row in self.table(csv_rel, None).rows:
                    want = printed.get((year, str(row.get("unit"))))
                    for key, parse in (("index", number), ("rank", integer), ("band", text)):
                        self.compare(csv_rel, line, key, f"{year}, {row.get('unit')}",
                                     want[key] if want else None, parse(row.get(key)))
        for unit, entries in sorted(self.published_histories.items()):
            before = None
            for rel, row, h in entries:
                year = integer(h.get("year"))
                want = printed.get((year, str(h.get("unit"))))
                for key, parse in (("index", number), ("rank", integer), ("band", text)):
                    self.compare(rel, row, key, f"{year}, {unit}", want[key] if want else None, parse(h.get(key)))
                change = None
                if before and want and before[0] == year - 1 and before[1]["group"] == want["group"]:
                    change = want["index"] - before[1]["index"]
                self.compare(rel, row, HISTORY_INDEX_CHANGE, f"{year}, {unit}", change, number(h.get("index_change")))
                before = (year, want) if want else None

    # -- the registry and the unit-year table ------------------------------------
    def read_registry(self, rel: str) -> None:
        units = self.json(rel).get("units") or []
        for i, unit in enumerate(units):
            if isinstance(unit, dict) and unit.get("id"):
                self.registry[str(unit["id"])] = {**unit, "_row": f"units[{i}]"}

    def uy(self, year: int, unit: str) -> dict[str, Figure]:
        found = self.unit_years.get((year, unit))
        if found is None:
            context = f"{year}, {unit}"
            found = self.unit_years[(year, unit)] = {c: Figure(WHAT[c], context) for c in UNIT_YEAR_COLUMNS}
        return found

    def add_row(self, rel: str, line: int, row: dict[str, str]) -> tuple[int, str] | None:
        """A row of the unit-year table (or one ranking's copy of its rows): its figures as copies."""
        year, unit = integer(row.get("year")), text(row.get("unit"))
        if not isinstance(year, int) or not unit:
            self.problem(rel, line, "năm, đơn vị / year, unit", "", "năm và mã đơn vị / a year and a unit id",
                         f"{row.get('year')!r}, {row.get('unit')!r}")
            return None
        figures = self.uy(year, unit)
        for column, parse in UNIT_YEAR_COLUMNS.items():
            if column in row:
                figures[column].add(parse(row[column]), rel, str(line))
        return year, unit

    def read_unit_table(self, rel: str) -> None:
        self.unit_table_path = rel
        self.table_rows: set[tuple[int, str]] = set()
        try:
            table = self.table(rel, self.unit_columns)
        except _Skip:
            return
        seen: dict[tuple[int, str], int] = {}
        for line, row in table.rows:
            key = self.add_row(rel, line, row)
            if key in seen:
                self.problem(rel, line, "dòng trùng / duplicate row", f"{key[0]}, {key[1]}", "một dòng / one row",
                             f"dòng / line {seen[key]} và / and {line}")
            elif key:
                seen[key] = line
        self.table_rows = set(seen)

    def read_unit_summary(self, unit: str) -> None:
        """A unit's JSON: its years' figures (copies) and its history; the criteria come later."""
        rel = _fill(self.unit_json_path, unit=unit)
        try:
            data = self.json(rel)
        except _Skip:
            return
        try:
            positions = self.unit_json_years[unit] = {}
            for i, year in enumerate(data.get("years") or []):
                y = integer(year.get("year"))
                if not isinstance(y, int):
                    self.problem(rel, f"years[{i}]", WHAT["year"], unit, "một năm / a year", year.get("year"))
                    continue
                positions[y] = i
                figures = self.uy(y, unit)
                row = f"years[{i}]"
                for column, parse in UNIT_YEAR_COLUMNS.items():
                    key = "name" if column == "unit_name" else column
                    if key not in year:
                        continue
                    if column == "survey_points" and year[key] is None:
                        figures["_survey_null"] = (rel, row)   # no survey that year: checked against the criteria
                        continue
                    figures[column].add(parse(year[key]), rel, row)
                self.fields[(y, unit)] = [(f, rel, f"{row}.fields[{j}]") for j, f in enumerate(year.get("fields") or [])]
            entries = [(rel, f"history[{i}]", h) for i, h in enumerate(data.get("history") or [])]
            self.histories[unit] = [e for e in entries if not (isinstance(e[2], dict) and e[2].get("as_published") is True)]
            self.published_histories[unit] = [e for e in entries if e not in self.histories[unit]]
            if unit not in self.registry:
                self.problem(self.units_path, "-", WHAT["unit"], unit, PRESENT, MISSING)
        except (AttributeError, TypeError, KeyError, ValueError) as err:
            self.problem(rel, "-", "cấu trúc / structure", unit, "JSON của đơn vị / a unit's JSON", repr(err))

    def _year_groups(self) -> dict[tuple[int, str], list[str]]:
        """Each year and group, with its units: the group is the unit-year's own (its CSV rows), or
        else the group of its criteria set."""
        out: dict[tuple[int, str], list[str]] = defaultdict(list)
        for (year, unit), figures in sorted(self.unit_years.items()):
            group = figures["group"].published()
            if group is None:
                cs = figures["criteria_set"].published()
                group = cs.split("/")[0] if isinstance(cs, str) else None
            if group is None:
                continue
            out[(year, group)].append(unit)
        for (year, unit) in sorted(self.unit_years):
            if (year, unit) not in self.table_rows:
                self.problem(self.unit_table_path, "-", "dòng / row",
                             f"{year}, {unit}", PRESENT, MISSING)
            if year not in self.unit_json_years.get(unit, {}):
                self.problem(_fill(self.unit_json_path, unit=unit), "years", "năm / year", f"{year}, {unit}",
                             PRESENT, MISSING)
        return dict(out)

    def criteria_set(self, cs_id: str) -> CriteriaSet | None:
        if cs_id not in self.sets:
            group, _, year = cs_id.partition("/")
            rel = _fill(self.set_path, group=group, year=year)
            try:
                self.sets[cs_id] = _criteria_set(self.json(rel), cs_id, rel)
                self.check_set(self.sets[cs_id])
            except _Skip:
                self.sets[cs_id] = None
            except (AttributeError, TypeError, KeyError, ValueError, InvalidOperation) as err:
                self.problem(rel, "-", "cấu trúc / structure", cs_id, "bộ tiêu chí / a criteria set", repr(err))
                self.sets[cs_id] = None
        return self.sets[cs_id]

    def check_set(self, cs: CriteriaSet) -> None:
        """A parent's maximum is the sum of its children's."""
        for cid in cs.order:
            node = cs.nodes[cid]
            if node.children:
                self.compare(cs.path, cid, "điểm tối đa / maximum", f"{cs.id}, {cid}",
                             sum((cs.nodes[c].max for c in node.children), Decimal(0)), node.max)

    # -- rankings ---------------------------------------------------------------------
    def read_ranking(self, year: int, group: str) -> None:
        rel = _fill(self.results_path, year=year, group=group)
        if not self.exists(rel):
            return
        try:
            data = self.json(rel)
            entries = data.get("entries") or []
        except _Skip:
            return
        except AttributeError as err:
            self.problem(rel, "-", "cấu trúc / structure", "", "bảng xếp hạng / a ranking", repr(err))
            return
        self.rankings[(year, group)] = data
        self.ranking_entries[(year, group)] = entries
        for i, entry in enumerate(entries):
            unit = text(entry.get("unit")) if isinstance(entry, dict) else None
            if unit is None:
                self.problem(rel, f"entries[{i}]", WHAT["unit"], "", "mã đơn vị / a unit id", repr(entry))
                continue
            figures = self.uy(year, unit)
            for column in ("rank", "index", "index_exact", "band", "index_change", "rank_change"):
                if column in entry:
                    figures[column].add(UNIT_YEAR_COLUMNS[column](entry[column]), rel, f"entries[{i}]")
        parts = [p for p in data.get("parts") or [] if isinstance(p, dict)]  # a set that declares its parts
        if self.ranking_csv_path:
            csv_rel = _fill(self.ranking_csv_path, year=year, group=group)
            columns = None if self.unit_columns is None else self.unit_columns + [
                f"part_{p.get('id')}_{what}" for p in parts for what in ("points", "max")]
            try:
                table = self.table(csv_rel, columns)
            except _Skip:
                return
            by_unit = {text(e.get("unit")): (i, e) for i, e in enumerate(entries) if isinstance(e, dict)}
            for line, row in table.rows:
                key = self.add_row(csv_rel, line, row)
                if key and (key[0] != year or self.uy(*key)["group"].published() != group):
                    self.problem(csv_rel, line, "dòng / row", f"{key[0]}, {key[1]}",
                                 f"chỉ năm {year}, nhóm {group} / only {year}, {group}", f"{key[0]}")
                if parts and key:
                    self._parts(csv_rel, line, row, parts, key, by_unit.get(key[1]), rel)

    def _parts(self, rel: str, line: int, row: dict, parts: list[dict], key: tuple[int, str], entry, json_rel: str) -> None:
        """A ranking row's parts: each part the sum of its sub-parts, the top parts the unit's points,
        and the same figures in the ranking JSON."""
        context = f"{key[0]}, {key[1]}"
        points = {p.get("id"): number(row.get(f"part_{p.get('id')}_points")) for p in parts}
        for part in parts:
            children = [c.get("id") for c in parts if c.get("parent") == part.get("id")]
            if children and all(_num(points[c]) for c in children):
                self.compare(rel, line, f"phần / part {part.get('id')}", context,
                             sum((points[c] for c in children), Decimal(0)), points[part.get("id")])
        top = [points[p.get("id")] for p in parts if not p.get("parent") and _num(points[p.get("id")])]
        if top:
            self.compare(rel, line, "điểm đạt / points (tổng các phần / sum of the parts)", context,
                         sum(top, Decimal(0)), number(row.get("points")))
        if entry is not None:
            i, e = entry
            published = e.get("parts") if isinstance(e.get("parts"), dict) else {}
            for pid, value in points.items():
                found = published.get(pid, {}).get("points") if isinstance(published.get(pid), dict) else None
                self.compare(json_rel, f"entries[{i}].parts.{pid}", f"phần / part {pid}", context, value, number(found))

    def read_all_years(self) -> None:
        if not self.all_years_path:
            return
        for group in sorted({g for _, g in self.year_groups}):
            rel = _fill(self.all_years_path, group=group)
            if not any(g == group for _, g in self.rankings):
                continue
            try:
                table = self.table(rel, self.all_years_columns)
            except _Skip:
                continue
            for line, row in table.rows:
                year, unit = integer(row.get("year")), text(row.get("unit"))
                if not isinstance(year, int) or not unit:
                    continue
                figures = self.uy(year, unit)
                for column, key in (("unit_name", "name"), ("index", "index"), ("rank", "rank"), ("band", "band"),
                                    ("group", "group")):
                    if key in row:
                        figures[column].add(UNIT_YEAR_COLUMNS[column](row[key]), rel, str(line))

    # -- criteria -------------------------------------------------------------------
    def check_criteria_table(self, year: int, group: str, units: list[str]) -> None:
        """The criterion table of a year and group, unit by unit (its rows come in unit order):
        each unit-year's rows with their copies in the unit's JSON and CSV."""
        rel = _fill(self.table_path, year=year, group=group)
        expected = set(units)
        done: set[str] = set()
        try:
            rows = self._stream(rel)
            current, block = None, []
            for line, row in rows:
                unit = row.get("unit") or ""
                if unit != current:
                    if current is not None:
                        self._unit_year_block(year, group, current, block, rel, expected, done)
                    current, block = unit, []
                block.append((line, row))
            if current is not None:
                self._unit_year_block(year, group, current, block, rel, expected, done)
        except _Skip:
            pass
        for unit in sorted(expected - done):
            with self.shape(_fill(self.unit_json_path, unit=unit), f"{year}, {unit}"):
                self.check_unit_year(year, group, unit, [], rel)

    def _unit_year_block(self, year, group, unit, block, rel, expected, done) -> None:
        if unit in done or unit not in expected:
            for line, row in block:
                self.problem(rel, line, "dòng / row", f"{year}, {unit}, {row.get('criterion')}",
                             "không có / none" if unit not in expected else "các dòng của đơn vị liền nhau / the unit's "
                             "rows together", "dòng thừa / an extra row")
            return
        done.add(unit)
        with self.shape(_fill(self.unit_json_path, unit=unit), f"{year}, {unit}"):
            self.check_unit_year(year, group, unit, block, rel)

    def _stream(self, rel: str):
        """The rows of a gzip-compressed CSV, decompressed as they are read."""
        data = self.read(rel, read_stored)
        try:
            stream = io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(data)), encoding="utf-8-sig", newline="")
            reader = csv.reader(stream)
            header = next(reader, [])
            if self.criterion_columns is not None and header != self.criterion_columns:
                self.problem(rel, 1, "các cột / columns", "datapackage.json", ",".join(self.criterion_columns),
                             ",".join(header))
            last = reader.line_num
            for cells in reader:
                start, last = last + 1, reader.line_num
                if len(cells) != len(header):
                    self.problem(rel, start, "số ô / cells", "", str(len(header)), str(len(cells)))
                    continue
                yield start, dict(zip(header, cells))
        except (OSError, EOFError, UnicodeDecodeError, csv.Error) as err:
            self.problem(rel, "-", "tệp / file", "", "đọc được / readable", f"{type(err).__name__}: {err}")

    def check_unit_year(self, year: int, group: str, unit: str, table_rows: list, table_rel: str) -> None:
        figures = self.uy(year, unit)
        context = f"{year}, {unit}"
        cs_id = figures["criteria_set"].published()
        cs = self.criteria_set(cs_id) if isinstance(cs_id, str) else None
        if cs is None:
            return
        json_rel = _fill(self.unit_json_path, unit=unit)
        copies: dict[str, dict[str, Figure]] = {}
        extra: dict[str, dict] = {}   # JSON-only columns of each criterion: figures, survey result, tier reached

        def row_figures(cid: str) -> dict[str, Figure]:
            found = copies.get(cid)
            if found is None:
                found = copies[cid] = {c: Figure(WHAT[c], f"{context}, {cid}") for c in CRITERION_COLUMNS}
            return found

        sources: list[tuple[str, list[tuple[str, str, dict]]]] = []   # (path, [(criterion, row, values)])
        pos = self.unit_json_years.get(unit, {}).get(year)
        if pos is not None:
            try:
                data = self.json(json_rel)
                unit_year = data["years"][pos]
                names = data["criteria_columns"]
                rows = []
                for j, cells in enumerate(unit_year.get("criteria") or []):
                    values = dict(zip(names, cells))
                    rows.append((str(values.get("id")), f"years[{pos}].criteria[{j}]", values))
                    extra.setdefault(str(values.get("id")), values)
                sources.append((json_rel, rows))
            except _Skip:
                pass
            except (AttributeError, TypeError, KeyError, IndexError) as err:
                self.problem(json_rel, f"years[{pos}]", "cấu trúc / structure", context, "các tiêu chí / criteria",
                             repr(err))
        csv_rel = _fill(self.unit_csv_path, unit=unit)
        try:
            table = self.table(csv_rel, self.unit_csv_columns)
            sources.append((csv_rel, [(row.get("criterion", ""), str(line), row) for line, row in table.rows
                                      if integer(row.get("year")) == year]))
        except _Skip:
            pass
        sources.append((table_rel, [(row.get("criterion", ""), str(line), row) for line, row in table_rows]))

        for path, rows in sources:
            seen: dict[str, str] = {}
            for cid, row, values in rows:
                if cid not in cs.nodes:
                    self.problem(path, row, "tiêu chí / criterion", f"{context}, {cid}",
                                 f"một tiêu chí của bộ {cs.id} / a criterion of {cs.id}", cid)
                    continue
                if cid in seen:
                    self.problem(path, row, "dòng trùng / duplicate row", f"{context}, {cid}", "một dòng / one row",
                                 f"{seen[cid]}, {row}")
                    continue
                seen[cid] = row
                found = row_figures(cid)
                for column, parse in CRITERION_COLUMNS.items():
                    if column in values:
                        found[column].add(parse(values[column]), path, row)
                self._set_columns(cs, cs.nodes[cid], path, row, values, context)
            for cid in cs.order:
                if cid not in seen:
                    self.problem(path, "-", "dòng tiêu chí / criterion row", f"{context}, {cid}", PRESENT, MISSING)
        for cid in cs.order:
            row_figures(cid)
        self.totals[(year, unit)] = self._criteria_rules(cs, copies, extra, context)
        gaps = {row.get("criterion"): (line, row["gap"]) for line, row in table_rows if "gap" in row}
        for cid in cs.order:
            for column, fig in copies[cid].items():
                self.settle(fig)
            if cid in gaps:  # the criterion table's gap: points − self-assessed points
                points, own = copies[cid]["points"].value(), copies[cid]["self_points"].value()
                want = points - own if _num(points) and _num(own) else None
                self.compare(table_rel, gaps[cid][0], WHAT["gap"], f"{context}, {cid}", want, number(gaps[cid][1]))

    def _set_columns(self, cs: CriteriaSet, node: Node, path: str, row: str, values: dict, context: str) -> None:
        """What a criterion row repeats of its criteria set (the CSV files only)."""
        if path.endswith(".json"):
            return
        expected = node.repeated
        if expected is None:
            expected = node.repeated = {
                "criterion_name": _cell_text(node.name), "depth": node.depth, "parent": node.parent,
                "is_leaf": node.leaf, "rule": (node.rule or {}).get("type"), "part": node.part, "nominal_max": node.max}
        for column, want in expected.items():
            if column in values:
                self.compare(path, row, WHAT[column], f"{context}, {node.id}", want, _SET_COLUMNS[column](values[column]))

    def _criteria_rules(self, cs: CriteriaSet, copies: dict, extra: dict, context: str) -> dict:
        """What each criterion's figures must be, from its inputs (`rules`), and the unit-year's
        totals from its criteria."""
        value = {cid: {c: f.published() for c, f in cols.items()} for cid, cols in copies.items()}
        survey_leaves = [cid for cid in cs.order if cs.nodes[cid].leaf and cs.nodes[cid].part == "survey"]
        results = {cid: number((extra.get(cid) or {}).get("survey_result")) for cid in survey_leaves}
        survey_present = any(r is not None for r in results.values())
        survey_off = not survey_present and cs.survey_missing == "rescale"
        for cid in reversed(cs.order):   # children before parents
            node, v, want = cs.nodes[cid], value[cid], copies[cid]
            where = f"{context}, {cid}"
            if node.leaf:
                self._leaf(cs, node, v, want, extra.get(cid) or {}, results.get(cid), survey_off, where)
            else:
                kids = [value[k] for k in node.children]
                applicable = any(k["applicable"] is True for k in kids)
                want["applicable"].expect(applicable)
                want["max"].expect(sum((k["max"] for k in kids if _num(k["max"])), Decimal(0)))
                points = sum((k["points"] for k in kids if k["applicable"] is True and _num(k["points"])), Decimal(0))
                own = sum((k["self_points"] for k in kids if k["applicable"] is True and _num(k["self_points"])),
                          Decimal(0))
                want["points"].expect(points if applicable else None)
                want["self_points"].expect(own if applicable else None)
                changed = any(k["appraised_points"] is not None for k in kids)
                want["appraised_points"].expect(points if changed else None)
            # what the children's sums use is the value the data says (recomputed or agreed)
            value[cid] = {c: f.value() for c, f in want.items()}
        totals = dict.fromkeys(TOTALS, Decimal(0))
        for cid in cs.order:
            node, v = cs.nodes[cid], value[cid]
            if not node.leaf or v["applicable"] is not True:
                continue
            if _num(v["points"]):
                totals["points"] += v["points"]
                totals[f"{node.part}_points"] += v["points"]
            if _num(v["max"]):
                totals["max"] += v["max"]
                totals[f"{node.part}_max"] += v["max"]
            if _num(v["self_points"]):
                totals["self_points"] += v["self_points"]
        totals["survey_present"] = survey_present
        totals["fields"] = {fid: value[fid] for fid in cs.fields}
        return totals

    def _leaf(self, cs: CriteriaSet, node: Node, v: dict, want: dict, extra: dict, result, survey_off: bool,
              where: str) -> None:
        rule = node.rule or {}
        kind = rule.get("type")
        applicable = not (v["status"] == "not_applicable" or (kind == "survey" and survey_off))
        want["applicable"].expect(applicable)
        want["max"].expect(node.max if applicable else Decimal(0))
        if not applicable:
            for column in ("self_points", "appraised_points", "points", "rate_percent"):
                want[column].expect(None)
            return
        appraised = v["appraised_points"]
        json_rel = next((p for _, p, _ in want["points"].copies if p.endswith(".json")), None)
        json_row = next((r for _, p, r in want["points"].copies if p.endswith(".json")), None)
        if kind in ("tiers", "proportional"):
            figures = extra.get("figures") if isinstance(extra.get("figures"), dict) else None
            counted = extra.get("appraised_figures") if isinstance(extra.get("appraised_figures"), dict) else None
            own, _, _ = rules.rate_points(rule, node.max, figures, cs.points_decimals, cs.mode)
            points, rate, tier = rules.rate_points(rule, node.max, counted if counted is not None else figures,
                                                   cs.points_decimals, cs.mode)
            want["self_points"].expect(own)
            want["points"].expect(points)
            want["rate_percent"].expect(rate)
            want["appraised_points"].expect(points if counted is not None or appraised is not None else None)
            if kind == "tiers" and json_rel and "tier_min" in extra:
                self.compare(json_rel, json_row, WHAT["tier_min"], where, tier, number(extra.get("tier_min")))
            return
        want["rate_percent"].expect(None)
        if kind == "survey":
            points = rules.survey_points(rule, node.max, result, cs.points_decimals, cs.mode)
            if points is None and cs.survey_missing == "count_zero":
                points = Decimal(0)
            want["self_points"].expect(points)
            want["points"].expect(points)
            want["appraised_points"].expect(points if appraised is not None else None)
            return
        # manual, binary, deduction: the value is given; it must fit the rule
        want["points"].expect(appraised if appraised is not None else v["self_points"])
        if kind == "deduction":
            low, high = Decimal(rule.get("floor", 0)), Decimal(0)
        else:
            low, high = Decimal(0), node.max
        step = None if kind == "binary" else Decimal(rule.get("step") or cs.step)
        for column in ("self_points", "appraised_points"):
            fig = want[column]
            for value, path, row in fig.copies:
                if not _num(value):
                    continue
                self.figures += 1
                if kind == "binary" and value not in (Decimal(0), node.max):
                    self.problem(path, row, fig.what, where, f"0 hoặc / or {shown(node.max)}", value)
                elif not low <= value <= high:
                    self.problem(path, row, fig.what, where, f"{shown(low)} … {shown(high)}", value)
                elif not rules.on_step(value, step):
                    self.problem(path, row, fig.what, where, f"bội số của / a multiple of {shown(step)}", value)

    # -- unit-years, rankings ------------------------------------------------------
    def settle_unit_years(self) -> None:
        """Every unit-year figure against what the data says, group by group and year."""
        for (year, group), units in sorted(self.year_groups.items()):
            for unit in units:
                with self.shape(_fill(self.unit_json_path, unit=unit), f"{year}, {unit}"):
                    self._unit_year(year, unit)
            with self.shape(_fill(self.results_path, year=year, group=group), f"{year}, {group}"):
                self._ranking(year, group, units)
        for figures in self.unit_years.values():
            for column, fig in figures.items():
                if isinstance(fig, Figure):
                    self.settle(fig)

    def _unit_year(self, year: int, unit: str) -> None:
        f = self.uy(year, unit)
        context = f"{year}, {unit}"
        totals = self.totals.get((year, unit))
        if totals is not None:
            for column in TOTALS:
                f[column].expect(totals[column])
            null = f.get("_survey_null")
            if null is not None:
                self.compare(null[0], null[1], WHAT["survey_points"], context,
                             totals["survey_points"] if totals["survey_present"] else None, None)
            elif totals["survey_present"] is False and f["survey_points"].copies:
                json_copy = next(((p, r) for _, p, r in f["survey_points"].copies if p.endswith(".json")), None)
                if json_copy:
                    self.problem(json_copy[0], json_copy[1], WHAT["survey_points"], context,
                                 "(trống: không có điều tra / empty: no survey)", f["survey_points"].copies[0][0])
        cs_id = f["criteria_set"].value()
        cs = self.sets.get(cs_id) if isinstance(cs_id, str) else None
        points, maximum = f["points"].value(), f["max"].value()
        if _num(points) and _num(maximum):
            exact = rules.index_exact(points, maximum)
            f["index_exact"].expect(exact)
            if cs is not None:
                f["index"].expect(rules.rounded(exact, cs.decimals, cs.mode))
        own = f["self_points"].value()
        if _num(points) and _num(own):
            f["gap"].expect(points - own)
        index = f["index"].value()
        if cs is not None and _num(index):
            f["band"].expect(rules.band_of(cs.bands, index))
        unit_entry = self.registry.get(unit)
        if unit_entry is not None and isinstance(unit_entry.get("ranked"), bool):
            f["ranked"].add_first(unit_entry["ranked"], self.units_path, unit_entry["_row"])
        if cs is not None:
            self._fields(year, unit, cs, totals)

    def _fields(self, year: int, unit: str, cs: CriteriaSet, totals: dict | None) -> None:
        context = f"{year}, {unit}"
        published = self.fields.get((year, unit)) or []
        ids = [f.get("id") if isinstance(f, dict) else None for f, _, _ in published]
        if ids != cs.fields and published:
            rel, row = published[0][1], published[0][2].rsplit(".", 1)[0]
            self.problem(rel, row + ".fields", "các lĩnh vực / fields", context, ",".join(cs.fields),
                         ",".join(map(str, ids)))
        for item, rel, row in published:
            fid = item.get("id") if isinstance(item, dict) else None
            if fid not in cs.fields or totals is None:
                continue
            v = totals["fields"][fid]
            points = v["points"] if _num(v["points"]) else Decimal(0)
            maximum = v["max"] if _num(v["max"]) else Decimal(0)
            own = v["self_points"] if _num(v["self_points"]) else Decimal(0)
            where = f"{context}, {fid}"
            self.compare(rel, row, WHAT["field_points"], where, points, number(item.get("points")))
            self.compare(rel, row, WHAT["field_max"], where, maximum, number(item.get("max")))
            self.compare(rel, row, WHAT["field_self"], where, own, number(item.get("self_points")))
            index = rules.rounded(rules.index_exact(points, maximum), cs.decimals, cs.mode) \
                if v["applicable"] is True and maximum > 0 else None
            self.compare(rel, row, WHAT["field_index"], where, index, number(item.get("index")))

    def _field_values(self, year: int, unit: str) -> dict[str, tuple[Decimal | None, Fraction | None]]:
        """Per field: (published index, exact index from the published points and maximum)."""
        out = {}
        for item, _, _ in self.fields.get((year, unit)) or []:
            if not isinstance(item, dict):
                continue
            index, points, maximum = number(item.get("index")), number(item.get("points")), number(item.get("max"))
            exact = rules.index_exact(points, maximum) if _num(points) and _num(maximum) and maximum > 0 else None
            out[str(item.get("id"))] = (index if _num(index) else None, exact)
        return out

    def _ranking(self, year: int, group: str, units: list[str]) -> None:
        rel = _fill(self.results_path, year=year, group=group)
        final = all(self.uy(year, u)["stage"].value() == "final" for u in units)
        data = self.rankings.get((year, group))
        context = f"{year}, {group}"
        if not final:
            if data is not None:
                self.problem(rel, "-", "bảng xếp hạng / ranking", context,
                             "không có: năm chưa chính thức / none: the year is not final", PRESENT)
            for unit in units:
                for column in ("rank", "index_change", "rank_change"):
                    self.uy(year, unit)[column].expect(None)
            return
        if data is None:
            self.problem(rel, "-", "bảng xếp hạng / ranking", context, PRESENT, MISSING)
            return
        cs_ids = {self.uy(year, u)["criteria_set"].value() for u in units}
        cs = self.sets.get(next(iter(cs_ids))) if len(cs_ids) == 1 else None
        if cs is None:
            return
        self.compare(rel, "criteria_set", WHAT["criteria_set"], context, cs.id, data.get("criteria_set"))
        self.compare(rel, "ties", WHAT["ties"], context, cs.ties, data.get("ties"))
        key = (lambda f: f["index_exact"].value()) if cs.ties == "unrounded" else (lambda f: f["index"].value())
        ranked = [u for u in units if self.uy(year, u)["ranked"].value() is True]
        keys = [(u, key(self.uy(year, u))) for u in ranked]
        ranks = rules.competition_ranks((u, k) for u, k in keys if k is not None)
        for u in units:
            self.uy(year, u)["rank"].expect(ranks.get(u))
        # order: ranked units by rank, the unranked after them
        entries = self.ranking_entries.get((year, group)) or []
        listed = [e.get("unit") for e in entries if isinstance(e, dict)]
        for unit in sorted(set(units) - set(listed)):
            self.problem(rel, "entries", "đơn vị / unit", f"{context}, {unit}", PRESENT, MISSING)
        for i, unit in enumerate(listed):
            if unit not in units:
                self.problem(rel, f"entries[{i}]", "đơn vị / unit", f"{context}, {unit}",
                             "không có: không có kết quả năm này / none: no result this year", PRESENT)
            elif listed.index(unit) != i:
                self.problem(rel, f"entries[{i}]", "dòng trùng / duplicate entry", f"{context}, {unit}",
                             "một dòng / one entry", f"entries[{listed.index(unit)}], entries[{i}]")
        order = [(ranks.get(u) is None, ranks.get(u) or 0) for u in listed if u in units]
        for i in range(1, len(order)):
            if order[i] < order[i - 1]:
                self.problem(rel, f"entries[{i}]", "thứ tự / order", context,
                             "theo thứ hạng, đơn vị không xếp hạng sau cùng / by rank, the unranked last",
                             f"{listed[i]} sau / after {listed[i - 1]}")
                break
        # field ranks
        fields = {u: self._field_values(year, u) for u in units}
        field_ranks = {}
        for fid in cs.fields:
            scored = [(u, fields[u].get(fid, (None, None))) for u in ranked]
            pick = 1 if cs.ties == "unrounded" else 0
            field_ranks[fid] = rules.competition_ranks((u, v[pick]) for u, v in scored if v[0] is not None
                                                       and v[pick] is not None)
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or entry.get("unit") not in units:
                continue
            unit = entry["unit"]
            published = entry.get("field_ranks") if isinstance(entry.get("field_ranks"), dict) else {}
            for fid in cs.fields:
                self.compare(rel, f"entries[{i}]", WHAT["field_ranks"], f"{context}, {unit}, {fid}",
                             field_ranks[fid].get(unit), integer(published.get(fid)))
        # changes against the year before (the same group's ranking)
        before = self.rankings.get((year - 1, group))
        previous = {}
        if before is not None:
            for e in self.ranking_entries.get((year - 1, group)) or []:
                if isinstance(e, dict) and (year - 1, e.get("unit")) in self.unit_years:
                    f = self.uy(year - 1, e["unit"])
                    previous[e["unit"]] = (f["index"].value(), f["rank"].published())
        for unit in units:
            f = self.uy(year, unit)
            prior = previous.get(unit)
            index, rank = f["index"].value(), f["rank"].published()
            f["index_change"].expect(index - prior[0] if prior and _num(index) and _num(prior[0]) else None)
            f["rank_change"].expect(prior[1] - rank if prior and isinstance(prior[1], int) and isinstance(rank, int)
                                    else None)
        self._stats(rel, context, cs, data, units, ranked)
        # units of the group not evaluated this year
        scored = set(units)
        absent = sorted(u for u, entry in self.registry.items() if entry.get("group") == group
                        and _active(entry, year) and u not in scored)
        self.compare(rel, "not_evaluated", WHAT["not_evaluated"], context, ",".join(absent),
                     ",".join(map(str, data.get("not_evaluated") or [])))

    def _stats(self, rel: str, context: str, cs: CriteriaSet, data: dict, units: list[str], ranked: list[str]) -> None:
        stats = data.get("stats") if isinstance(data.get("stats"), dict) else {}
        indices = [self.uy(int(context[:4]), u)["index"].value() for u in ranked]
        indices = [i for i in indices if _num(i)]
        want = {"count": len(ranked), "average": rules.mean(indices, cs.decimals, cs.mode),
                "median": rules.median(indices, cs.decimals, cs.mode),
                "highest": max(indices) if indices else None, "lowest": min(indices) if indices else None}
        for column, value in want.items():
            found = integer(stats.get(column)) if column == "count" else number(stats.get(column))
            self.compare(rel, f"stats.{column}", WHAT[column], context, value, found)
        year = int(context[:4])
        averages = stats.get("field_averages") if isinstance(stats.get("field_averages"), dict) else {}
        for fid in cs.fields:
            values = [self._field_values(year, u).get(fid, (None, None))[0] for u in ranked]
            self.compare(rel, f"stats.field_averages.{fid}", WHAT["field_averages"], f"{context}, {fid}",
                         rules.mean([v for v in values if v is not None], cs.decimals, cs.mode),
                         number(averages.get(fid)))
        counts = stats.get("band_counts") if isinstance(stats.get("band_counts"), dict) else {}
        bands = Counter(self.uy(year, u)["band"].value() for u in ranked)
        for band, _ in cs.bands:
            self.compare(rel, f"stats.band_counts.{band}", WHAT["band_counts"], f"{context}, {band}", bands[band],
                         integer(counts.get(band)))

    # -- years, histories -------------------------------------------------------------
    def check_years(self, rel: str) -> None:
        try:
            data = self.json(rel)
        except _Skip:
            return
        groups: dict[int, set[str]] = defaultdict(set)
        final: dict[int, bool] = defaultdict(lambda: True)
        for (year, group), units in self.year_groups.items():
            groups[year].add(group)
            if not all(self.uy(year, u)["stage"].value() == "final" for u in units):
                final[year] = False
        listed = {}
        for i, item in enumerate(data.get("years") or []):
            if isinstance(item, dict) and isinstance(item.get("year"), int):
                listed[item["year"]] = (i, item)
        for year in sorted(set(groups) | set(listed)):
            if year not in listed:
                self.problem(rel, "years", WHAT["year"], str(year), PRESENT, MISSING)
                continue
            i, item = listed[year]
            if year not in groups:
                self.problem(rel, f"years[{i}]", WHAT["year"], str(year), "không có: không có kết quả / none: no "
                             "results", PRESENT)
                continue
            self.compare(rel, f"years[{i}]", WHAT["final"], str(year), final[year], item.get("final"))
            self.compare(rel, f"years[{i}]", WHAT["groups"], str(year), ",".join(sorted(groups[year])),
                         ",".join(map(str, item.get("groups") or [])))

    def check_histories(self) -> None:
        """A unit's history: its final years and those of the units merged into it, in order,
        with changes between consecutive years of one group."""
        finals: dict[str, list[int]] = defaultdict(list)
        for (year, unit), f in self.unit_years.items():
            if f["stage"].value() == "final":
                finals[unit].append(year)
        for unit in sorted(self.registry):
            lineage, todo = [], [unit]
            while todo:
                uid = todo.pop()
                if uid in lineage:
                    continue
                lineage.append(uid)
                todo.extend((self.registry.get(uid) or {}).get("merged_from") or [])
            found = sorted((year, uid) for uid in lineage for year in finals.get(uid, ()))
            published = self.histories.get(unit)
            if published is None:
                continue
            rel = _fill(self.unit_json_path, unit=unit)
            with self.shape(rel, unit):
                self._history(unit, rel, found, published)

    def _history(self, unit: str, rel: str, found: list[tuple[int, str]], published: list) -> None:
        """One unit's history against its lineage's final years (`check_histories`)."""
        if [(h.get("year"), h.get("unit")) for _, _, h in published if isinstance(h, dict)] != \
                [(y, u) for y, u in found]:
            self.problem(rel, "history", WHAT["history"], unit,
                         ", ".join(f"{y} {u}" for y, u in found) or "(trống / empty)",
                         ", ".join(f"{h.get('year')} {h.get('unit')}" for _, _, h in published
                                   if isinstance(h, dict)) or "(trống / empty)")
            return
        for i, ((year, uid), (_, row, h)) in enumerate(zip(found, published)):
            f = self.uy(year, uid)
            for column, key in (("unit_name", "name"), ("group", "group"), ("index", "index"), ("rank", "rank"),
                                ("band", "band")):
                if key in h:
                    self.compare(rel, row, f[column].what, f[column].context, f[column].value(),
                                 UNIT_YEAR_COLUMNS[column](h[key]))
            prior = found[i - 1] if i else None
            consecutive = prior is not None and prior[0] == year - 1 and \
                self.uy(*prior)["group"].value() == f["group"].value()
            index = f["index"].value()
            before = self.uy(*prior) if prior else None
            change = index - before["index"].value() if consecutive and _num(index) and \
                _num(before["index"].value()) else None
            rank, prior_rank = f["rank"].value(), before["rank"].value() if before else None
            rank_change = prior_rank - rank if consecutive and isinstance(rank, int) and \
                isinstance(prior_rank, int) else None
            self.compare(rel, row, HISTORY_INDEX_CHANGE, f"{year}, {uid}", change,
                         number(h.get("index_change")))
            self.compare(rel, row, HISTORY_RANK_CHANGE, f"{year}, {uid}", rank_change,
                         integer(h.get("rank_change")))


def _path(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _fill(template: str, **values) -> str:
    """A path pattern of the data ("units/{unit}.json") with its placeholders filled; nothing
    else of the pattern is read (`str.format` would follow "{unit.attr}")."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def _outside(rel: str) -> bool:
    """Whether a path the data names leaves the open-data folder (never read)."""
    norm = posixpath.normpath(rel)
    return norm.startswith(("/", "../")) or norm == ".." or "\\" in rel or ":" in norm.split("/")[0]


def _names(resource: dict) -> list[str] | None:
    schema = resource.get("schema") if isinstance(resource, dict) else None
    if not isinstance(schema, dict):
        return None
    return [str(f.get("name")) for f in schema.get("fields") or [] if isinstance(f, dict)]


def _num(value) -> bool:
    return isinstance(value, Decimal)


def _active(entry: dict, year: int) -> bool:
    first, last = entry.get("first_year"), entry.get("last_year")
    return (not isinstance(first, int) or first <= year) and (not isinstance(last, int) or year <= last)


def verify(path: Path) -> Report:
    """Recompute every published figure of the open data under `path` (a built site or its
    `data/` folder); `reading.NotOpenData` if there is none."""
    return Verifier(data_dir(path)).run()
