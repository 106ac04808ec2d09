"""Boundary files (`content/ban-do/<group>.geojson`, generator/load/boundaries.py): a good file gives
the units' shapes; every kind of bad file is refused with its file, line, column and rule, all
in one `parportal check` run that publishes nothing; hostile files (deep, huge, junk) give a
diagnostic quickly, never a crash."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core import files, paths
from generator.load import load
from generator.load.boundaries import MAX_BYTES, MAX_FEATURES, MAX_POSITIONS, UNIT_PROPERTY, parse_boundaries
from tests.conftest import REPO

REL = "content/ban-do/huyen.geojson"
UNITS = {"huyen-a": ("huyen", True), "huyen-b": ("huyen", True), "huyen-cu": ("huyen", False),
         "so-x": ("so-nganh", True)}


def square(x: float, y: float, d: float = 0.1) -> list:
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


def collection(*features: dict, **extra) -> dict:
    return {"type": "FeatureCollection", **extra, "features": list(features)}


def feature(unit, geometry) -> dict:
    return {"type": "Feature", "properties": {UNIT_PROPERTY: unit, "ten": "tên"}, "geometry": geometry}


GOOD = collection(
    feature("huyen-a", {"type": "Polygon", "coordinates": [square(106.0, 16.0, 0.4), square(106.1, 16.1)]}),
    feature("huyen-b", {"type": "MultiPolygon", "coordinates": [[square(106.5, 16.0)],
                                                                 [[[106.7, 16.0, 3], [106.8, 16.0, 3], [106.8, 16.1, 3],
                                                                   [106.7, 16.0, 3]]]]}),
    nguon="Sở Tài nguyên và Môi trường, 2024")


def text_of(doc) -> str:
    """Pretty-printed, so that positions land on different lines."""
    return json.dumps(doc, ensure_ascii=False, indent=2)


def parse(text: str | bytes, units=UNITS):
    return parse_boundaries(REL, "huyen", text if isinstance(text, bytes) else text.encode("utf-8"), units)


def position(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Line and column (1-based) of the `nth` occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def test_a_good_file_gives_every_units_shapes():
    got, diags = parse(text_of(GOOD))
    assert diags == []
    assert got.group == "huyen" and got.source == "Sở Tài nguyên và Môi trường, 2024"
    shapes = {s.unit: s.polygons for s in got.shapes}
    assert set(shapes) == {"huyen-a", "huyen-b"}
    assert len(shapes["huyen-a"]) == 1 and len(shapes["huyen-a"][0]) == 2  # an outer ring and a hole
    assert len(shapes["huyen-b"]) == 2 and shapes["huyen-b"][1][0][0] == (106.7, 16.0)  # altitude dropped
    again, _ = parse(text_of(GOOD))
    assert again.digest == got.digest and parse(text_of(GOOD) + "\n")[0].digest != got.digest


def test_a_unit_of_the_group_missing_is_a_warning_and_the_map_is_kept():
    doc = collection(GOOD["features"][0])
    got, diags = parse(text_of(doc))
    assert got is not None and [(d.rule, d.is_error) for d in diags] == [("map.missing-unit", False)]
    assert "'huyen-b'" in diags[0].message_en  # the unit that ended (huyen-cu, not current) is not asked for
    assert (diags[0].line, diags[0].col) == position(text_of(doc), "[", 0)


def _replace(old: str, new: str, nth: int = 0):
    """An edit replacing the `nth` `old` by `new`; the problem is expected where `new` begins."""
    def edit(text: str) -> tuple[str, tuple[int, int]]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(old, start + 1)
        return text[:start] + new + text[start + len(old):], position(text, old, nth)
    return edit


def _with(change, expect):
    """An edit of the decoded good file (`change(doc)`), expected at `expect(new text)`, an offset."""
    def edit(text: str) -> tuple[str, tuple[int, int]]:
        doc = json.loads(text)
        change(doc)
        out = text_of(doc)
        at = expect(out)
        return out, (out.count("\n", 0, at) + 1, at - (out.rfind("\n", 0, at) + 1) + 1)
    return edit


def _three(doc):
    doc["features"][1]["geometry"]["coordinates"][0][0] = [[106.55, 16.0], [106.6, 16.0], [106.55, 16.0]]


def _open(doc):
    doc["features"][0]["geometry"]["coordinates"][0][-1] = [106.0, 16.3333]


def _bracket_before(text: str, at: int, count: int = 1) -> int:
    for _ in range(count):
        at = text.rfind("[", 0, at)
    return at


# (what, edit of the good text → (text, expected line and column), rule)
BAD = [
    ("syntax: a trailing comma", _with(lambda d: None, lambda t: 0), "map.json"),  # replaced below
    ("a duplicate key", _with(lambda d: None, lambda t: 0), "map.json"),  # replaced below
    ("NaN as a coordinate", _replace("106.0", "NaN"), "map.json"),
    ("Infinity as a coordinate", _replace("106.0", "-Infinity"), "map.json"),
    ("a number out of range", _replace("106.0", "1e999"), "map.json"),
    ("a 500-digit integer", _replace("106.0", "9" * 500), "map.json"),
    ("not a FeatureCollection", _replace('"FeatureCollection"', '"Feature"'), "map.shape"),
    ("no unit property", _with(lambda d: d["features"][0]["properties"].pop(UNIT_PROPERTY),
                               lambda t: t.index("{", t.index('"properties"'))), "map.unit"),  # at its properties
    ("the unit id a number", _replace('"huyen-a"', "7"), "map.unit"),
    ("an unknown unit", _replace('"huyen-a"', '"huyen-z"'), "map.unit"),
    ("a unit of another group", _replace('"huyen-a"', '"so-x"'), "map.unit"),
    ("a unit twice", _replace('"huyen-b"', '"huyen-a"'), "map.unit"),
    ("a Point", _replace('"Polygon"', '"Point"'), "map.geometry"),
    ("a ring of three positions", _with(_three, lambda t: _bracket_before(t, t.index("106.55"), 2)), "map.geometry"),
    ("an open ring", _with(_open, lambda t: _bracket_before(t, t.index("16.3333"))), "map.geometry"),
    ("a position of one number", _with(lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(1, [106.05]),
                                       lambda t: _bracket_before(t, t.index("106.05"))), "map.geometry"),
    ("a position of text", _with(lambda d: d["features"][0]["geometry"]["coordinates"][0][2].__setitem__(0, "x"),
                                 lambda t: _bracket_before(t, t.index('"x"'))), "map.geometry"),
    ("a position of true", _with(lambda d: d["features"][0]["geometry"]["coordinates"][0][2].__setitem__(0, True),
                                 lambda t: _bracket_before(t, t.index("true"))), "map.geometry"),
    ("projected coordinates (VN-2000 metres)", _with(
        lambda d: d["features"][0]["geometry"]["coordinates"][0][2].__setitem__(0, 585123.4),
        lambda t: _bracket_before(t, t.index("585123.4"))), "map.geometry"),
    ("a source that is not text", _replace('"Sở Tài nguyên và Môi trường, 2024"', "[1]"), "map.shape"),
]


def _trailing_comma(text: str):
    out = text.replace('"tên"\n', '"tên",\n', 1)
    at = out.index("}", out.index('"tên",'))
    return out, (out.count("\n", 0, at) + 1, at - (out.rfind("\n", 0, at) + 1) + 1)


def _duplicate_key(text: str):
    out = text.replace('"type": "Feature",', '"type": "Feature", "type": "Feature",', 1)
    line, col = position(text, '"type": "Feature",')
    return out, (line, col + len('"type": "Feature", '))  # at the second "type"


BAD[0] = ("syntax: a trailing comma", _trailing_comma, "map.json")
BAD[1] = ("a duplicate key", _duplicate_key, "map.json")


@pytest.mark.parametrize("what,edit,rule", BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_is_refused_at_its_line_and_column(what, edit, rule):
    text, at = edit(text_of(GOOD))
    result, diags = parse(text)
    errors = [d for d in diags if d.is_error]
    assert result is None and errors, what
    first = errors[0]
    assert first.rule == rule and first.path == REL, (what, first)
    assert (first.line, first.col) == at, (what, first, text.splitlines()[first.line - 1])
    assert first.message_vi and first.message_en and first.hint_vi and first.hint_en


def test_the_ids_messages_show_hostile_text_safely():
    text = text_of(GOOD).replace('"huyen-a"', '"\\ud800<script>\\u0007' + "x" * 200 + '"')
    _, diags = parse(text)
    message = next(d for d in diags if d.rule == "map.unit").message_en
    message.encode("utf-8")  # no lone surrogate: the report can print it
    assert "\\ud800" in message and "\\u0007" in message and len(message) < 200


def test_not_utf8_names_the_byte():
    raw = text_of(GOOD).encode("utf-8").replace("tên".encode(), "t\xean".encode("cp1258"))
    result, diags = parse(raw)
    assert result is None and [d.rule for d in diags] == ["map.encoding"]
    line, col = position(text_of(GOOD), "tên")
    assert (diags[0].line, diags[0].col) == (line, col + 1)  # the byte after "t"


@pytest.mark.parametrize("what,raw,rule", [
    ("empty", b"", "map.json"),
    ("binary junk", bytes(range(256)) * 64, "map.encoding"),
    ("a JSON array", b"[1, 2, 3]", "map.shape"),
    ("deep nesting", b"[" * 200_000 + b"]" * 200_000, "map.json"),
    ("deep objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "map.json"),
    ("a BOM and nothing else", b"\xef\xbb\xbf", "map.json"),
])
def test_hostile_bytes_give_a_diagnostic_quickly(what, raw, rule):
    start = time.perf_counter()
    result, diags = parse(raw)
    assert result is None and diags and diags[0].rule == rule, (what, diags)
    assert time.perf_counter() - start < 5, what


def test_limits_refuse_huge_files_quickly():
    start = time.perf_counter()
    huge = b'{"type": "FeatureCollection", "features": [' + b" " * (10 * 1024 * 1024) + b"]}"
    result, diags = parse(huge)
    assert result is None and [(d.rule, d.line, d.col) for d in diags] == [("map.limit", 1, 1)]
    assert str(MAX_BYTES) in diags[0].message_en
    many = collection(*[feature(f"huyen-{i}", {"type": "Polygon", "coordinates": [square(106, 16)]})
                        for i in range(MAX_FEATURES + 1)])
    result, diags = parse(json.dumps(many))
    assert result is None and diags[0].rule == "map.limit" and str(MAX_FEATURES) in diags[0].message_en
    ring = [[106 + i * 1e-5, 16.0] for i in range(MAX_POSITIONS // 2)]
    ring += [[106.0, 16.1]] + [ring[0]]
    long = collection(feature("huyen-a", {"type": "Polygon", "coordinates": [ring]}),
                      feature("huyen-b", {"type": "Polygon", "coordinates": [ring]}))
    result, diags = parse(json.dumps(long))
    assert result is None and [d.rule for d in diags] == ["map.limit"] and str(MAX_POSITIONS) in diags[0].message_en
    assert time.perf_counter() - start < 20


def test_many_problems_are_capped_with_a_count():
    doc = collection(*[feature(f"huyen-zz-{i}", {"type": "Polygon", "coordinates": [square(106, 16)]})
                       for i in range(50)])
    _, diags = parse(json.dumps(doc))
    assert len(diags) == 31 and diags[-1].rule == "map.limit" and "more problems" in diags[-1].message_en


# ------------------------------------------------------------------------- through check and build

@pytest.fixture
def demo_copy(tmp_path) -> Path:
    for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR, paths.CONTENT_DIR):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(root)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)


def test_the_demo_map_loads_with_every_district(demo_copy):
    loaded = load(demo_copy)
    assert [d for d in loaded.diagnostics if d.path.startswith(paths.BOUNDARIES_DIR)] == []
    (m,) = loaded.dataset.maps
    districts = {u.id for u in loaded.dataset.units.values() if u.group == "huyen"}
    assert m.group == "huyen" and m.units == districts and m.source


def test_check_reports_every_problem_in_one_run_and_build_publishes_nothing(demo_copy):
    target = demo_copy / REL
    text = target.read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["features"][0]["properties"][UNIT_PROPERTY] = "so-noi-vu"          # another group's unit
    doc["features"][1]["geometry"]["coordinates"][0].pop()                # an open ring
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    (demo_copy / "content/ban-do/tinh.geojson").write_text("{}", encoding="utf-8")  # no such group
    (demo_copy / "content/ban-do/ghi-chu.md").write_text("# Ghi chú\n", encoding="utf-8")  # not a boundary file
    score = demo_copy / "scores/2023/so-nganh/so-noi-vu.yaml"
    score.write_text(score.read_text(encoding="utf-8").replace("self: 1.5}", "self: 99}", 1), encoding="utf-8")
    done = _check(demo_copy)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for where, rule in ((REL, "map.unit"), (REL, "map.geometry"), ("content/ban-do/tinh.geojson:1:1", "map.layout"),
                        ("content/ban-do/ghi-chu.md:1:1", "map.layout"), ("scores/2023/so-nganh/so-noi-vu.yaml",
                                                                           "scores.value")):
        assert any(ln.startswith(where) and f"[{rule}]" in ln for ln in lines), (where, rule, done.stdout[-3000:])
    assert any(ln.startswith(REL) and "[map.missing-unit]" in ln for ln in lines)  # the unit given away
    site = demo_copy / "out-site"
    build = CliRunner().invoke(main, ["build", "--root", str(demo_copy), "--site-dir", str(site)])
    assert build.exit_code == 1 and "[map.unit]" in build.output and not site.exists()


def test_a_missing_district_is_only_a_warning(demo_copy):
    target = demo_copy / REL
    doc = json.loads(target.read_text(encoding="utf-8"))
    gone = doc["features"].pop()["properties"][UNIT_PROPERTY]
    target.write_text(json.dumps(doc), encoding="utf-8")
    done = _check(demo_copy)
    assert done.returncode == 0, done.stdout[-2000:]
    assert f"'{gone}'" in done.stdout and "[map.missing-unit]" in done.stdout


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_linked_boundary_file_is_refused_not_read(demo_copy, tmp_path):
    secret = tmp_path / "outside.geojson"
    shutil.move(demo_copy / REL, secret)
    (demo_copy / REL).symlink_to(secret)
    loaded = load(demo_copy)
    refused = [d for d in loaded.diagnostics if d.path == REL]
    assert [d.rule for d in refused] == [files.NOT_REGULAR] and loaded.dataset.maps == ()


def test_a_data_folder_without_content_borrows_no_boundary_file(tmp_path):
    for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR):
        shutil.copytree(REPO / folder, tmp_path / folder)
    loaded = load(tmp_path)
    assert loaded.dataset.maps == () and not any(d.path.startswith(paths.BOUNDARIES_DIR) for d in loaded.diagnostics)
