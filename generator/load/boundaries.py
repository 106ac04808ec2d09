"""Boundary files: the shapes of a group's units, for its maps.

`content/ban-do/<group>.geojson` (`paths.BOUNDARIES_DIR`) is a GeoJSON FeatureCollection (RFC
7946: WGS 84 longitude, latitude) with one feature per unit of the group: geometry Polygon or
MultiPolygon, and the unit's id from `scores/units.yaml` in the property `don_vi`
(`UNIT_PROPERTY`). Other properties are ignored (nothing from the file is shown on the site but
the shapes and the optional top-level `nguon`, the source and licence of the boundaries, as
text). A group with a boundary file gets a map per final year; that is all that makes a group
"a place".

The file is read strictly, as the build reads it: UTF-8, JSON with no duplicate key, no NaN or
Infinity and no number out of range; under `MAX_BYTES`, `MAX_FEATURES` and `MAX_POSITIONS`, so a
huge or hostile file is refused before it costs time. Every ring has four or more positions of
two (or three) numbers within longitude and latitude ranges, and ends where it starts. A unit
that is not in the registry, or not in the group, or twice in the file is an error; a current
unit of the group missing from the file is a warning (it is not drawn). Every problem names the
file, line and column (a JSON path is located in the text only when there is a problem to show).
"""
from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.core import files, paths
from generator.core.diagnostics import Diagnostic, Severity

SUFFIX = ".geojson"
UNIT_PROPERTY = "don_vi"       # the property naming the unit (its id in scores/units.yaml)
SOURCE_KEY = "nguon"           # optional: where the boundaries come from, their licence (text)
MAX_BYTES = 5 * 1024 * 1024    # a district or commune map simplified for the web is far smaller
MAX_FEATURES = 5_000
MAX_POSITIONS = 250_000
MAX_SOURCE_CHARS = 300
MAX_REPORTED = 30              # problems reported per file; then one line says how many more
MAX_DEPTH = 64                 # nesting the locator follows (GeoJSON needs about 8)

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class UnitShape:
    """One unit's polygons: each a tuple of rings (the outer ring first, then holes)."""

    unit: str
    polygons: tuple[tuple[Ring, ...], ...]


@dataclass(frozen=True)
class BoundaryMap:
    """A valid boundary file: its group, path, content digest (of its bytes), source note and the
    shape of each unit in it (in the file's order)."""

    group: str
    path: str
    digest: str
    source: str
    shapes: tuple[UnitShape, ...] = field(repr=False)

    @property
    def units(self) -> frozenset[str]:
        return frozenset(s.unit for s in self.shapes)


def boundary_file(group: str) -> str:
    """The repository path of a group's boundary file."""
    return f"{paths.BOUNDARIES_DIR}/{group}{SUFFIX}"


# ---------------------------------------------------------------------------------------- entry

def boundary_maps(base, rels: list[str], registry, scores) -> tuple[list[BoundaryMap], list[Diagnostic]]:
    """The boundary files among `rels` (paths under `base` as `files.walk` lists them) read and
    checked against `registry` (None: its units are not checked) and the groups' newest years
    with score files (`scores`, the loaded score files): the valid maps and every problem."""
    groups = {g.id for g in registry.groups} if registry else None
    newest: dict[str, int] = {}
    for sf in scores:
        newest[sf.group] = max(newest.get(sf.group, sf.year), sf.year)
    maps, found = [], []
    for rel in rels:
        if not rel.startswith(paths.BOUNDARIES_DIR + "/"):
            continue
        file = PurePosixPath(rel)
        if file.name.startswith("."):
            continue  # .gitkeep and the like: no boundaries
        group = file.name[:-len(SUFFIX)] if file.name.endswith(SUFFIX) else ""
        if len(file.parts) != 3 or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", group):
            found.append(_error(rel, 1, 1, "map.layout",
                                f"{paths.BOUNDARIES_DIR}/ chỉ chứa tệp ranh giới <mã nhóm>{SUFFIX}.",
                                f"{paths.BOUNDARIES_DIR}/ holds only boundary files named <group id>{SUFFIX}.",
                                f"Đổi tên thành {boundary_file('<mã nhóm>')} (ví dụ {boundary_file('huyen')}), hoặc "
                                "chuyển tệp ra khỏi thư mục này.",
                                f"Rename it {boundary_file('<group id>')} (e.g. {boundary_file('huyen')}), or move it "
                                "out of this folder."))
            continue
        if groups is not None and group not in groups:
            found.append(_error(rel, 1, 1, "map.layout", f"Không có nhóm '{group}' trong {paths.REGISTRY_FILE}.",
                                f"There is no group '{group}' in {paths.REGISTRY_FILE}.",
                                f"Đặt tên tệp theo mã một nhóm: {', '.join(sorted(groups))}.",
                                f"Name the file after a group's id: {', '.join(sorted(groups))}."))
            continue
        try:
            size = os.lstat(base / rel).st_size
            raw = b"" if size > MAX_BYTES else files.read_regular(base / rel)
        except OSError:
            continue  # `discover` has said what it is
        if size > MAX_BYTES or len(raw) > MAX_BYTES:
            found.append(_too_large(rel, max(size, len(raw))))
            continue
        units = None
        if registry is not None:
            year = newest.get(group)
            units = {u.id: (u.group, year is None or ((u.last_year is None or u.last_year >= year)
                                                      and u.first_year <= year)) for u in registry.units}
        got, problems = parse_boundaries(rel, group, raw, units)
        found += problems
        if got is not None:
            maps.append(got)
    return sorted(maps, key=lambda m: m.group), found


def parse_boundaries(rel: str, group: str, raw: bytes,
                     units: dict[str, tuple[str, bool]] | None) -> tuple[BoundaryMap | None, list[Diagnostic]]:
    """One boundary file from its bytes: the map (None if it has an error) and its problems.
    `units`: every unit id of the registry → (its group, whether it is current in the group's
    newest year); None checks no unit."""
    if len(raw) > MAX_BYTES:
        return None, [_too_large(rel, len(raw))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[:err.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        return None, [_error(rel, line, len(before) - (before.rfind("\n") + 1) + 1, "map.encoding",
                             f"Byte 0x{raw[err.start]:02x} không hợp lệ trong UTF-8.",
                             f"Byte 0x{raw[err.start]:02x} is not valid UTF-8.",
                             "Lưu tệp GeoJSON với mã hóa UTF-8.", "Save the GeoJSON file as UTF-8.")]
    text = text.removeprefix("\ufeff")
    try:
        doc = json.loads(text, object_pairs_hook=_object, parse_constant=_constant, parse_float=_float,
                         parse_int=_int)
    except json.JSONDecodeError as err:
        return None, [_error(rel, err.lineno, err.colno, "map.json", f"JSON không hợp lệ: {err.msg}.",
                             f"Invalid JSON: {err.msg}.",
                             "Kiểm tra dấu phẩy, ngoặc và dấu nháy quanh vị trí này (JSON không cho phép dấu phẩy "
                             "thừa hay chú thích).",
                             "Check the commas, brackets and quotes around here (JSON allows no trailing comma and "
                             "no comment).")]
    except (_Refused, RecursionError, ValueError):
        return None, [_strict_problem(rel, text)]
    checker = _Checker(rel, group, units)
    checker.collection(doc)
    diags = checker.diagnostics(text)
    if any(d.is_error for d in diags):
        return None, diags
    return BoundaryMap(group, rel, hashlib.sha256(raw).hexdigest(), checker.source, tuple(checker.shapes)), diags


# ------------------------------------------------------------------------- strict JSON reading

class _Refused(ValueError):
    """Raised by the decoder's hooks: something JSON's grammar allows Python to read but a
    boundary file may not hold; `_Locator` finds where."""


def _object(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _Refused("duplicate key")
    return dict(pairs)


def _constant(name):
    raise _Refused(name)


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(text)
    return value


def _int(text):
    if len(text.lstrip("-")) > 20:
        raise _Refused(text)
    return int(text)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class _Locator:
    """Where values are in the text. Walks the tokens once, keeping the JSON path of each value,
    and records the positions of the paths asked for (`find`), or the first token that strict
    reading refuses (`first_refused`): a duplicate key, a NaN or Infinity, a number out of range
    or nesting deeper than MAX_DEPTH. Used only when there is a problem to show."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.lines, offset)
        start = self.lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def _walk(self):
        """(offset, path, kind, token) of every value ("value") and key ("key")."""
        stack: list[list] = []  # frames: [kind "{" or "[", current key or index, keys seen, awaiting key]
        for m in _TOKEN.finditer(self.text):
            token = m.group()
            if token in ",:":
                if token == "," and stack:
                    frame = stack[-1]
                    if frame[0] == "[":
                        frame[1] += 1
                    else:
                        frame[3] = True
                continue
            if token in "]}":
                if stack:
                    stack.pop()
                continue
            path = tuple(f[1] for f in stack)
            if stack and stack[-1][0] == "{" and stack[-1][3]:
                frame = stack[-1]
                key = _string(token)
                yield m.start(), path + (key,), "key", frame[2]
                frame[2].add(key)
                frame[1], frame[3] = key, False
                continue
            yield m.start(), path, "value", token
            if token in "{[":
                stack.append(["{", None, set(), True] if token == "{" else ["[", 0, None, False])

    def find(self, wanted: set[tuple]) -> dict[tuple, tuple[int, int]]:
        found: dict[tuple, tuple[int, int]] = {}
        for offset, path, kind, _ in self._walk():
            if kind == "value" and path in wanted and path not in found:
                found[path] = self.position(offset)
                if len(found) == len(wanted):
                    break
        return found

    def first_refused(self) -> tuple[int, int, str]:
        for offset, path, kind, token in self._walk():
            if kind == "key":
                if path[-1] in token:
                    return (*self.position(offset), f"key:{path[-1]}")
                continue
            if len(path) >= MAX_DEPTH:
                return (*self.position(offset), "depth")
            if token in ("NaN", "Infinity", "-Infinity"):
                return (*self.position(offset), f"constant:{token}")
            if token[:1] in "-0123456789" and not _number_ok(token):
                return (*self.position(offset), f"number:{token}")
        return 1, 1, "depth"  # a decoder's own limit (nesting) reached before any of the above


def _string(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token


def _number_ok(token: str) -> bool:
    try:
        if re.fullmatch(r"-?\d+", token):
            return len(token.lstrip("-")) <= 20
        return math.isfinite(float(token))
    except ValueError:
        return True  # not a number: the decoder has said so


def _strict_problem(rel: str, text: str) -> Diagnostic:
    line, col, what = _Locator(text).first_refused()
    kind, _, detail = what.partition(":")
    shown = _shown(detail)
    if kind == "key":
        return _error(rel, line, col, "map.json", f"Khóa '{shown}' bị lặp trong cùng một đối tượng.",
                      f"The key '{shown}' appears twice in one object.",
                      "Xóa một trong hai khóa: JSON chỉ giữ một giá trị cho mỗi khóa.",
                      "Remove one of them: JSON keeps one value per key.")
    if kind == "constant":
        return _error(rel, line, col, "map.json", f"'{shown}' không phải số JSON hợp lệ.",
                      f"'{shown}' is not a valid JSON number.",
                      "Mỗi tọa độ là một số hữu hạn; xuất lại tệp từ phần mềm GIS.",
                      "Every coordinate is a finite number; export the file again from the GIS software.")
    if kind == "number":
        return _error(rel, line, col, "map.json", f"Số '{shown}' quá lớn.", f"The number '{shown}' is out of range.",
                      "Tọa độ là kinh độ và vĩ độ (độ thập phân, WGS 84).",
                      "Coordinates are longitude and latitude (decimal degrees, WGS 84).")
    return _error(rel, line, col, "map.json", f"Tệp lồng nhau quá sâu (quá {MAX_DEPTH} cấp).",
                  f"The file is nested too deeply (over {MAX_DEPTH} levels).",
                  "Một tệp GeoJSON chỉ cần khoảng 8 cấp; xuất lại tệp từ phần mềm GIS.",
                  "A GeoJSON file needs about 8 levels; export the file again from the GIS software.")


def _shown(value: object, limit: int = 60) -> str:
    """Untrusted text for a message: printable, no lone surrogate, at most `limit` characters."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ------------------------------------------------------------------------------- the checks

_EXAMPLE = ('{"type": "Feature", "properties": {"' + UNIT_PROPERTY + '": "huyen-a"}, '
            '"geometry": {"type": "Polygon", "coordinates": [[[106.1, 16.2], [106.3, 16.2], [106.2, 16.4], '
            '[106.1, 16.2]]]}}')


class _Checker:
    """Walks a decoded boundary file, collecting the shapes and the problems (with JSON paths,
    located in the text at the end)."""

    def __init__(self, rel: str, group: str, units: dict[str, tuple[str, bool]] | None) -> None:
        self.rel, self.group, self.units = rel, group, units
        self.problems: list[tuple[tuple, str, str, str, str, str, Severity]] = []
        self.shapes: list[UnitShape] = []
        self.source = ""
        self.positions = 0
        self.seen: dict[str, int] = {}

    def problem(self, path: tuple, rule: str, vi: str, en: str, hint_vi: str, hint_en: str,
                warning: bool = False) -> None:
        self.problems.append((path, rule, vi, en, hint_vi, hint_en, Severity.WARNING if warning else Severity.ERROR))

    def diagnostics(self, text: str) -> list[Diagnostic]:
        if not self.problems:
            return []
        shown = self.problems[:MAX_REPORTED]
        where = _Locator(text).find({p[0] for p in shown})
        out = []
        for path, rule, vi, en, hint_vi, hint_en, severity in shown:
            line, col = where.get(path, (1, 1))
            out.append(Diagnostic(self.rel, line, col, rule, vi, en, hint_vi, hint_en, severity))
        if len(self.problems) > MAX_REPORTED:
            more = len(self.problems) - MAX_REPORTED
            out.append(_error(self.rel, 1, 1, "map.limit", f"Còn {more} lỗi khác trong tệp này chưa hiện.",
                              f"{more} more problems in this file are not shown.",
                              "Sửa các lỗi trên rồi chạy lại parportal check.",
                              "Fix the problems above and run parportal check again."))
        return out

    # -- the collection ------------------------------------------------------------------
    def collection(self, doc) -> None:
        hint_vi = ('Tệp bắt đầu bằng {"type": "FeatureCollection", "features": [...]}, mỗi phần tử một đơn vị, ví dụ '
                   + _EXAMPLE)
        hint_en = 'The file is {"type": "FeatureCollection", "features": [...]}, one feature per unit, e.g. ' + _EXAMPLE
        if not isinstance(doc, dict):
            self.problem((), "map.shape", "Tệp phải là một FeatureCollection của GeoJSON (một đối tượng JSON).",
                         "The file must be a GeoJSON FeatureCollection (a JSON object).", hint_vi, hint_en)
            return
        if doc.get("type") != "FeatureCollection":
            self.problem(("type",) if "type" in doc else (), "map.shape",
                         "'type' của tệp phải là \"FeatureCollection\".", "The file's 'type' must be \"FeatureCollection\".",
                         hint_vi, hint_en)
        source = doc.get(SOURCE_KEY)
        if source is not None:
            if not isinstance(source, str) or len(source) > MAX_SOURCE_CHARS or not source.isprintable():
                self.problem((SOURCE_KEY,), "map.shape",
                             f"'{SOURCE_KEY}' (nguồn ranh giới) phải là văn bản một dòng, tối đa {MAX_SOURCE_CHARS} ký tự.",
                             f"'{SOURCE_KEY}' (the boundaries' source) must be one line of text, at most "
                             f"{MAX_SOURCE_CHARS} characters.",
                             f'Ví dụ: "{SOURCE_KEY}": "Sở Tài nguyên và Môi trường, 2024".',
                             f'For example: "{SOURCE_KEY}": "Department of Natural Resources and Environment, 2024".')
            else:
                self.source = source
        features = doc.get("features")
        if not isinstance(features, list):
            self.problem(("features",) if "features" in doc else (), "map.shape",
                         "Thiếu danh sách 'features' (mỗi đơn vị một phần tử).",
                         "There is no 'features' list (one feature per unit).", hint_vi, hint_en)
            return
        if len(features) > MAX_FEATURES:
            self.problem(("features",), "map.limit", f"Tệp có {len(features)} đơn vị, quá giới hạn {MAX_FEATURES}.",
                         f"The file has {len(features)} features, over the limit of {MAX_FEATURES}.",
                         "Mỗi tệp là ranh giới của một nhóm đơn vị; tách hoặc bớt các phần tử thừa.",
                         "A file holds one group's units; remove the features that are not units of the group.")
            return
        for i, feature in enumerate(features):
            if self.positions > MAX_POSITIONS:
                break
            self.feature(("features", i), feature)
        if self.positions > MAX_POSITIONS:
            return
        if self.units is not None:
            for uid in sorted(u for u, (g, current) in self.units.items() if g == self.group and current):
                if uid not in self.seen:
                    self.problem(("features",), "map.missing-unit",
                                 f"Đơn vị '{uid}' của nhóm không có trong tệp ranh giới: bản đồ không vẽ đơn vị này.",
                                 f"The group's unit '{uid}' is not in the boundary file: the map does not draw it.",
                                 f'Thêm một phần tử có "{UNIT_PROPERTY}": "{uid}".',
                                 f'Add a feature with "{UNIT_PROPERTY}": "{uid}".', warning=True)

    # -- one feature -----------------------------------------------------------------------
    def feature(self, at: tuple, feature) -> None:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self.problem(at, "map.shape", f"Phần tử {at[1] + 1} phải là một đối tượng có \"type\": \"Feature\".",
                         f"Feature {at[1] + 1} must be an object with \"type\": \"Feature\".",
                         "Ví dụ: " + _EXAMPLE, "For example: " + _EXAMPLE)
            return
        props = feature.get("properties")
        uid = props.get(UNIT_PROPERTY) if isinstance(props, dict) else None
        if not isinstance(uid, str):
            where = at + ("properties", UNIT_PROPERTY) if isinstance(props, dict) and UNIT_PROPERTY in props else \
                at + ("properties",) if "properties" in feature else at
            self.problem(where, "map.unit",
                         f"Phần tử {at[1] + 1} thiếu thuộc tính \"{UNIT_PROPERTY}\" (mã đơn vị, dạng văn bản).",
                         f"Feature {at[1] + 1} has no \"{UNIT_PROPERTY}\" property (the unit's id, as text).",
                         f'Ví dụ: "properties": {{"{UNIT_PROPERTY}": "huyen-a"}}, mã như trong {paths.REGISTRY_FILE}.',
                         f'For example: "properties": {{"{UNIT_PROPERTY}": "huyen-a"}}, the id as in '
                         f"{paths.REGISTRY_FILE}.")
            uid = None
        elif not self.unit(at + ("properties", UNIT_PROPERTY), uid):
            uid = None
        polygons = self.geometry(at + ("geometry",), feature.get("geometry"), "geometry" in feature)
        if uid is not None and polygons is not None:
            self.shapes.append(UnitShape(uid, polygons))

    def unit(self, at: tuple, uid: str) -> bool:
        shown = _shown(uid)
        if uid in self.seen:
            self.problem(at, "map.unit", f"Đơn vị '{shown}' đã có ở phần tử {self.seen[uid] + 1}.",
                         f"The unit '{shown}' is already feature {self.seen[uid] + 1}.",
                         "Mỗi đơn vị một phần tử; một đơn vị nhiều mảnh (đảo) dùng MultiPolygon.",
                         "One feature per unit; a unit in several pieces (islands) is a MultiPolygon.")
            return False
        self.seen[uid] = at[1]
        if self.units is None:
            return True
        known = self.units.get(uid)
        if known is None:
            self.problem(at, "map.unit", f"Không có đơn vị '{shown}' trong {paths.REGISTRY_FILE}.",
                         f"There is no unit '{shown}' in {paths.REGISTRY_FILE}.",
                         "Dùng mã đơn vị (id) trong danh mục, không dùng tên.",
                         "Use the unit's id from the registry, not its name.")
            return False
        if known[0] != self.group:
            self.problem(at, "map.unit", f"Đơn vị '{shown}' thuộc nhóm '{known[0]}', không thuộc nhóm '{self.group}'.",
                         f"The unit '{shown}' is in the group '{known[0]}', not '{self.group}'.",
                         f"Tệp {boundary_file(self.group)} chỉ chứa đơn vị của nhóm '{self.group}'.",
                         f"{boundary_file(self.group)} holds only the units of the group '{self.group}'.")
            return False
        return True

    def geometry(self, at: tuple, geometry, present: bool):
        hint_vi = 'Ví dụ: "geometry": {"type": "Polygon", "coordinates": [[[kinh độ, vĩ độ], ...]]}.'
        hint_en = 'For example: "geometry": {"type": "Polygon", "coordinates": [[[longitude, latitude], ...]]}.'
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind not in ("Polygon", "MultiPolygon"):
            self.problem(at + ("type",) if isinstance(geometry, dict) and "type" in geometry else at if present
                         else at[:-1], "map.geometry",
                         f"Phần tử {at[1] + 1}: hình phải là Polygon hoặc MultiPolygon"
                         f"{'' if kind is None else ', không phải ' + _shown(kind)}.",
                         f"Feature {at[1] + 1}: the geometry must be a Polygon or MultiPolygon"
                         f"{'' if kind is None else ', not ' + _shown(kind)}.", hint_vi, hint_en)
            return None
        coords = geometry.get("coordinates")
        where = at + ("coordinates",) if "coordinates" in geometry else at
        if kind == "Polygon":
            polygon = self.polygon(where, coords)
            return None if polygon is None else (polygon,)
        if not isinstance(coords, list) or not coords:
            self.bad(where, "MultiPolygon là danh sách các Polygon", "a MultiPolygon is a list of Polygons")
            return None
        polygons = []
        for j, item in enumerate(coords):
            polygon = self.polygon(where + (j,), item)
            if polygon is None:
                return None
            polygons.append(polygon)
        return tuple(polygons)

    def polygon(self, at: tuple, rings):
        if not isinstance(rings, list) or not rings:
            self.bad(at, "Polygon là danh sách các vòng (vòng ngoài, rồi các lỗ)",
                     "a Polygon is a list of rings (the outer ring, then holes)")
            return None
        out = []
        for k, ring in enumerate(rings):
            checked = self.ring(at + (k,), ring)
            if checked is None:
                return None
            out.append(checked)
        return tuple(out)

    def ring(self, at: tuple, ring) -> Ring | None:
        if not isinstance(ring, list) or len(ring) < 4:
            self.bad(at, "mỗi vòng là danh sách ít nhất 4 điểm [kinh độ, vĩ độ], điểm cuối trùng điểm đầu",
                     "each ring is a list of at least 4 positions [longitude, latitude], the last equal to the first")
            return None
        self.positions += len(ring)
        if self.positions > MAX_POSITIONS:
            self.problem(at, "map.limit", f"Tệp có hơn {MAX_POSITIONS} điểm tọa độ.",
                         f"The file has more than {MAX_POSITIONS} positions.",
                         "Đơn giản hóa ranh giới (ví dụ mapshaper -simplify 10%): bản đồ trên cổng rộng vài trăm "
                         "điểm ảnh, không cần chi tiết hơn.",
                         "Simplify the boundaries (e.g. mapshaper -simplify 10%): the portal's maps are a few hundred "
                         "pixels wide and need no more detail.")
            return None
        points = []
        for n, pos in enumerate(ring):
            if not (isinstance(pos, list) and len(pos) in (2, 3)
                    and all(type(v) in (int, float) for v in pos)):
                self.bad(at + (n,), "mỗi điểm là [kinh độ, vĩ độ], hai số", "each position is [longitude, latitude], "
                         "two numbers")
                return None
            lon, lat = float(pos[0]), float(pos[1])
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                self.problem(at + (n,), "map.geometry",
                             f"Điểm [{_shown(pos[0])}, {_shown(pos[1])}] nằm ngoài kinh độ −180…180, vĩ độ −90…90.",
                             f"The position [{_shown(pos[0])}, {_shown(pos[1])}] is outside longitude −180…180, "
                             "latitude −90…90.",
                             "GeoJSON dùng kinh độ, vĩ độ WGS 84 (kinh độ trước). Tọa độ VN-2000 hay UTM phải được "
                             "chuyển sang WGS 84 (EPSG:4326) khi xuất tệp.",
                             "GeoJSON is WGS 84 longitude, latitude (longitude first). Convert VN-2000 or UTM "
                             "coordinates to WGS 84 (EPSG:4326) when exporting.")
                return None
            points.append((lon, lat))
        if points[0] != points[-1]:
            self.bad(at + (len(ring) - 1,), "vòng phải khép kín: điểm cuối trùng điểm đầu",
                     "a ring must be closed: its last position equals its first")
            return None
        return tuple(points)

    def bad(self, at: tuple, vi: str, en: str) -> None:
        self.problem(at, "map.geometry", f"Hình không đúng dạng GeoJSON: {vi}.", f"The geometry is not valid GeoJSON: "
                     f"{en}.", 'Ví dụ: "coordinates": [[[106.1, 16.2], [106.3, 16.2], [106.2, 16.4], [106.1, 16.2]]].',
                     'For example: "coordinates": [[[106.1, 16.2], [106.3, 16.2], [106.2, 16.4], [106.1, 16.2]]].')


def _too_large(rel: str, size: int) -> Diagnostic:
    return _error(rel, 1, 1, "map.limit", f"Tệp lớn {size} byte, vượt giới hạn {MAX_BYTES} byte.",
                  f"The file is {size} bytes, over the {MAX_BYTES}-byte limit.",
                  "Đơn giản hóa ranh giới (ví dụ mapshaper -simplify 10% và làm tròn tọa độ 5 chữ số thập phân).",
                  "Simplify the boundaries (e.g. mapshaper -simplify 10%, coordinates rounded to 5 decimals).")


def _error(rel: str, line: int, col: int, rule: str, vi: str, en: str, hint_vi: str, hint_en: str) -> Diagnostic:
    return Diagnostic(rel, line, col, rule, vi, en, hint_vi, hint_en)
