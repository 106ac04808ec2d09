"""The SVG charts: valid, accessible, deterministic, escaped, and showing every row's value in
Vietnamese number format, for every chart kind and the awkward inputs (no rows, one row, equal
values, 0 and 100)."""
from __future__ import annotations

import sqlite3
import sys
import xml.etree.ElementTree as ET
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.textfmt import vn_number
from generator.machinery import datacache
from generator.machinery.datacache import DataCache
from generator.render.charts import DRAW, ChartSpec, _label, render_charts, svg_text
from generator.render.staging import Staging
from generator.render.svgchart import ceil_to, esc, nice_step, ticks

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Sở <script>alert("x")</script> & "Bộ" <b onmouseover=1>'
FIELDS = ("Công tác chỉ đạo, điều hành cải cách hành chính", "Cải cách thể chế", "Cải cách thủ tục hành chính")


def spec(kind: str, rows, extra=(), title="Tiêu đề <biểu đồ> & \"x\"", alt="Mô tả biểu đồ cho người đọc") -> ChartSpec:
    return ChartSpec(kind, f"{kind}.svg", title, alt, tuple(tuple(r) for r in rows), tuple(extra))


def sample(kind: str) -> ChartSpec:
    if kind == "ranking":
        return spec(kind, [("Sở Nội vụ", "90.35", "1"), ("Sở Tư pháp", "88.68", "1"), ("Thanh tra tỉnh", "79.92", "0")],
                    (("average", "86.12"),))
    if kind == "trend":
        return spec(kind, [("2021", "84.10", ""), ("2022", "88.31", "3"), ("2023", "90.35", "2")], (("units", "20"),))
    if kind == "distribution":
        return spec(kind, [("A", "72.50"), ("B", "80.00"), ("C", "84.40"), ("D", "84.90"), ("E", "100.00")],
                    (("Khá", "70"), ("Tốt", "80"), ("Xuất sắc", "90")))
    if kind == "fields":
        return spec(kind, [(FIELDS[0], "95.24", "80.03"), (FIELDS[1], "84.38", ""), (FIELDS[2], "", "84.80")])
    return spec(kind, [(FIELDS[0], "7.75", "10.5"), (FIELDS[1], "5.00", "8"), (FIELDS[2], "0", "0")])


def parse(s: ChartSpec) -> ET.Element:
    return ET.fromstring(svg_text(s))


def texts(root: ET.Element, cls: str) -> list[str]:
    """The texts of class `cls`, a label wrapped onto lines (tspans) read back with spaces."""
    return [" ".join(t.itertext()) for t in root.iter(NS + "text") if cls in (t.get("class") or "").split()]


def count(root: ET.Element, tag: str, cls: str) -> int:
    return sum(1 for e in root.iter(NS + tag) if cls in (e.get("class") or "").split())


KINDS = sorted(DRAW)


@pytest.mark.parametrize("kind", KINDS)
def test_valid_accessible_svg(kind):
    s = sample(kind)
    root = parse(s)
    assert root.tag == NS + "svg" and root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert [by_id[i].tag for i in ids] == [NS + "title", NS + "desc"]
    assert root.find(NS + "title").text == s.title and root.find(NS + "desc").text == s.alt
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert "sans-serif" in root.get("font-family")
    first = root.find(NS + "rect")
    assert first.get("fill") == "#ffffff" and first.get("width") == root.get("width")  # legible on dark pages
    assert not list(root.iter(NS + "path")) and not list(root.iter(NS + "image"))  # text is text, nothing loaded


@pytest.mark.parametrize("kind", KINDS)
def test_deterministic_and_no_float_noise(kind):
    s = sample(kind)
    out = svg_text(s)
    assert out == svg_text(ChartSpec(*s.__dict__.values()))
    import re
    for number in re.findall(r' (?:x|y|x1|x2|y1|y2|width|height|cx|cy|r)="([^"]+)"', out):
        assert re.fullmatch(r"\d+(\.\d)?", number), number


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_names_stay_text(kind):
    s = sample(kind)
    rows = tuple((HOSTILE,) + r[1:] if kind != "trend" else r for r in s.rows)
    extra = tuple((HOSTILE, v) for _, v in s.extra) if kind == "distribution" else s.extra
    hostile = ChartSpec(kind, s.name, HOSTILE, HOSTILE + "\x00\x07", rows, extra)
    out = svg_text(hostile)
    assert "<script" not in out and "<b " not in out and "\x00" not in out
    root = ET.fromstring(out)
    assert not list(root.iter(NS + "script")) and not list(root.iter(NS + "b"))
    assert root.find(NS + "title").text == HOSTILE
    shown = [t for e in root.iter(NS + "text") for t in [("".join(e.itertext()))]]
    if kind in ("ranking", "fields", "self_appraised", "self_max"):
        assert any(t.startswith("Sở <script>") for t in shown)  # printed (wrapped), not run
    if kind == "distribution":
        assert HOSTILE in shown


def test_escape():
    assert esc('a & b < c > d "e"') == "a &amp; b &lt; c &gt; d &quot;e&quot;"


def test_ranking_bars_values_and_average():
    root = parse(sample("ranking"))
    assert count(root, "rect", "bar") == 3
    assert texts(root, "value") == ["90,35", "88,68", "79,92"]
    assert texts(root, "category") == ["Sở Nội vụ", "Sở Tư pháp", "Thanh tra tỉnh"]
    assert texts(root, "average") == ["Trung bình / average 86,12"]
    fills = [e.get("fill") for e in root.iter(NS + "rect") if e.get("class") == "bar"]
    assert fills[:2] == ["#0072B2"] * 2 and fills[2] == "#7F7F7F"  # unranked in grey


LONG_NAME = "Ban Quản lý các khu công nghiệp và khu kinh tế cửa khẩu tỉnh Minh Họa"
LONG_TITLE = "Chỉ số thành phần theo lĩnh vực năm 2023 của Ban Quản lý các khu công nghiệp và khu kinh tế tỉnh"


def _all_text(root: ET.Element) -> list[str]:
    return [" ".join(t.itertext()) for t in root.iter(NS + "text")]


@pytest.mark.parametrize("kind", KINDS)
def test_labels_wrap_and_are_never_cut(kind):
    """Long unit and field names, and a long title, wrap onto lines: every word is shown, no "…"."""
    s = sample(kind)
    rows = tuple((LONG_NAME,) + r[1:] if kind != "trend" else r for r in s.rows)
    root = parse(ChartSpec(kind, s.name, LONG_TITLE, s.alt, rows, s.extra))
    shown = _all_text(root)
    assert not [t for t in shown if "…" in t]
    assert LONG_TITLE in shown
    if kind not in ("trend", "distribution"):
        assert texts(root, "category")[0] == LONG_NAME
        lines = [list(t) for t in root.iter(NS + "text") if t.get("class") == "category"][0]
        assert len(lines) > 1 and all(len(line.text) <= 22 for line in lines)  # tspans, one a line
        ys = [float(line.get("y")) for line in lines]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)  # lines one below the other


def test_field_name_seen_in_review_is_whole():
    root = parse(sample("fields"))
    assert texts(root, "category")[0] == "Công tác chỉ đạo, điều hành cải cách hành chính"


def _bars(root: ET.Element) -> list[tuple[float, float]]:
    return [(float(e.get("x")), float(e.get("width"))) for e in root.iter(NS + "rect") if e.get("class") == "bar"]


def _tick_x(root: ET.Element, label: str) -> float:
    axis = next(g for g in root.iter(NS + "g") if g.get("class") == "x-axis")
    return next(float(t.get("x")) for t in axis.iter(NS + "text") if t.text == label)


@pytest.mark.parametrize("kind", ["ranking", "fields", "self_appraised", "self_max"])
def test_bars_start_at_zero(kind):
    """A bar's length is its value: 74,69 is drawn about 84 % of 88,56, not a third of it."""
    rows = [("Sở A", "88.56", "1"), ("Sở B", "74.69", "1")] if kind == "ranking" \
        else [("Lĩnh vực A", "88.56", "74.69")]
    root = parse(spec(kind, rows))
    bars = _bars(root)
    zero = _tick_x(root, "0")
    assert all(abs(x - zero) < 0.05 for x, _ in bars)
    assert abs(bars[1][1] / bars[0][1] - 74.69 / 88.56) < 0.01


def test_rank_axis_reaches_the_largest_rank():
    """A unit ranked 18th of a group of 15 units (as once seen) sits on the axis, not below its last tick."""
    root = parse(spec("trend", [("2021", "80.00", "4"), ("2022", "70.00", "18"), ("2023", "75.00", "9")],
                      (("units", "15"),)))
    rank_ticks = [int(t) for t in texts(root, "rank-tick")]
    assert rank_ticks[0] == 1 and rank_ticks[-1] >= 18
    for ticks_, units in (([1, 5, 10, 15, 20], "20"), ([1, 5, 10, 15, 20], "17"), ([1, 2, 3, 4, 5, 6], "6")):
        one = parse(spec("trend", [("2023", "75.00", "3")], (("units", units),)))
        assert [int(t) for t in texts(one, "rank-tick")] == ticks_
    tick_y = {t.text: float(t.get("y")) for t in root.iter(NS + "text") if t.get("class") == "rank-tick"}
    squares = [float(e.get("y")) + 4.5 for e in root.iter(NS + "rect") if e.get("class") == "rank-point"]
    assert max(squares) <= tick_y[str(rank_ticks[-1])] + 0.05  # the 18th is inside the axis


def test_an_index_axis_not_from_zero_is_drawn_broken():
    """The trend's index axis starts near the values, not at 0: a break on the axis says so, below
    its first tick; an axis from 0 has none."""
    root = parse(sample("trend"))
    breaks = [g for g in root.iter(NS + "g") if g.get("class") == "axis-break"]
    assert len(breaks) == 1 and len(list(breaks[0].iter(NS + "line"))) == 2
    axis = next(g for g in root.iter(NS + "g") if g.get("class") == "y-axis")
    first = max(float(t.get("y")) for t in axis.iter(NS + "text"))  # the lowest tick label
    base = max(float(ln.get("y1")) for ln in axis.iter(NS + "line"))  # the axis's foot
    mark = [float(ln.get("y1")) for ln in breaks[0].iter(NS + "line")]
    assert all(first < y <= base for y in mark)
    low = parse(spec("trend", [("2022", "5.00", ""), ("2023", "9.00", "")], (("units", "3"),)))
    assert not [g for g in low.iter(NS + "g") if g.get("class") == "axis-break"]


def test_rank_points_carry_their_value():
    root = parse(sample("trend"))
    assert texts(root, "rank-value") == ["#3", "#2"]  # 2021 had no rank
    squares = [(float(e.get("x")) + 4.5, float(e.get("y")) + 4.5) for e in root.iter(NS + "rect")
               if e.get("class") == "rank-point"]
    labels = [(float(t.get("x")), float(t.get("y"))) for t in root.iter(NS + "text") if t.get("class") == "rank-value"]
    assert len(labels) == len(squares) == 2 and all(abs(ly - sy) < 0.15 and 0 < abs(lx - sx) < 12 for (lx, ly), (sx, sy) in zip(labels, squares))


@pytest.mark.parametrize("kind", KINDS + ["self_max 17"])
def test_legible_on_a_phone(kind):
    """Scaled to a 360 px phone's column (328 px), the smallest text is still 8 px or more,
    nothing is drawn past the chart's own width, and the scale's labels keep apart."""
    if kind == "self_max 17":  # a field of 17 points once had a tick every 2,5: "12,5" ran into "15"
        root = parse(spec("self_max", [(FIELDS[0], "9.71", "17"), (FIELDS[1], "4.50", "8")]))
    else:
        root = parse(sample(kind))
    width = float(root.get("viewBox").split()[2])
    sizes = [float(t.get("font-size", root.get("font-size"))) for t in root.iter(NS + "text")]
    assert min(sizes) * 328 / width >= 8
    for e in root.iter(NS + "text"):
        x = float(e.get("x") or 0)
        assert 0 <= x <= width
    for axis in (g for g in root.iter(NS + "g") if g.get("class") == "x-axis"):  # scale labels apart
        marks = sorted((float(t.get("x")), t.text) for t in axis.iter(NS + "text"))
        for (x1, a), (x2, b) in zip(marks, marks[1:]):
            assert x2 - x1 >= (len(a) + len(b)) / 2 * 11 * 0.64 + 8, f"{a!r} and {b!r} overlap"  # digits: 0.64 em


def test_trend_points_labels_and_rank_axis():
    root = parse(sample("trend"))
    assert count(root, "circle", "point") == 3
    assert texts(root, "value") == ["84,10", "88,31", "90,35"]
    assert texts(root, "category") == ["2021", "2022", "2023"]
    assert count(root, "rect", "rank-point") == 2  # 2021 had no rank
    squares = [float(e.get("y")) for e in root.iter(NS + "rect") if e.get("class") == "rank-point"]
    assert squares[1] < squares[0]  # rank 2 drawn above rank 3: the axis is inverted
    assert "Hạng / rank" in texts(root, "axis-label")


@pytest.mark.parametrize("kind", ["fields", "self_appraised", "self_max", "parts"])
def test_grouped_bars_and_values(kind):
    s = sample(kind)
    root = parse(s)
    present = [v for r in s.rows for v in r[1:3] if v]
    assert count(root, "rect", "bar") == len(present)
    assert texts(root, "value") == [vn_number(Decimal(v)) if v else "—" for r in s.rows for v in r[1:3]]
    assert len(texts(root, "category")) == len(s.rows)
    legend = [t for g in root.iter(NS + "g") if g.get("class") == "legend" for t in g.itertext() if t.strip()]
    assert len(legend) == 2 and all(" / " in t for t in legend)  # Vietnamese / English


def test_distribution_counts_every_unit_and_marks_thresholds():
    s = sample("distribution")
    root = parse(s)
    assert sum(int(t) for t in texts(root, "value")) == len(s.rows)
    assert texts(root, "threshold") == ["Khá", "Tốt", "Xuất sắc"]
    # 80.00 sits on a bin edge: counted in [80, 82.5), not [77.5, 80); 100.00 in the last bin
    assert count(root, "rect", "bar") == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rows", ["empty", "single", "equal", "extremes"])
def test_awkward_rows(kind, rows):
    def row(name, value, i):
        if kind == "ranking":
            return (name, value, "1")
        if kind == "trend":
            return (str(2020 + i), value, str(i + 1))
        if kind == "distribution":
            return (name, value)
        return (name, value, value)
    values = {"empty": [], "single": ["50.00"], "equal": ["80.00"] * 4, "extremes": ["0", "100", "0.00", "100.00"]}[rows]
    s = spec(kind, [row(f"Đơn vị {i}", v, i) for i, v in enumerate(values)],
             (("average", "50"),) if kind == "ranking" else (("units", "1"),) if kind == "trend" else ())
    root = parse(s)
    if not values:
        assert "Không có số liệu / no data" in ["".join(t.itertext()) for t in root.iter(NS + "text")]
    elif kind == "distribution":
        assert sum(int(t) for t in texts(root, "value")) == len(values)
    else:
        per_row = 2 if kind in ("fields", "self_appraised", "self_max", "parts") else 1
        assert texts(root, "value") == [vn_number(Decimal(v)) for v in values for _ in range(per_row)]
    width = float(root.get("width"))
    for e in root.iter(NS + "rect"):
        assert 0 <= float(e.get("x", 0)) and float(e.get("x", 0)) + float(e.get("width")) <= width + 0.05


def test_labels_are_the_tables_numbers():
    for text in ("84.40", "0", "0.00", "-1.5", "100", "1234.5", "999.999", "12345678.9"):
        assert _label(text) == vn_number(Decimal(text)), text


def test_scale_helpers():
    assert nice_step(Decimal(40)) == 5 and nice_step(Decimal(17), 8) == Decimal("2.5") and nice_step(Decimal(0)) == 1
    assert ticks(Decimal("78.31"), Decimal(105), Decimal(5))[0] == 80  # never a tick outside the plot
    assert ticks(Decimal(-7), Decimal(3), Decimal(5)) == [-5, 0]
    assert ceil_to(Decimal(17), Decimal("2.5")) == Decimal("17.5") and ceil_to(Decimal(15), Decimal("2.5")) == 15


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)
values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(KINDS), data=st.lists(st.tuples(names, values, values), max_size=25),
       title=names)
def test_any_rows_give_valid_svg(kind, data, title):
    if kind == "ranking":
        rows = [(n, format(v, "f"), "1" if w > 50 else "0") for n, v, w in data]
    elif kind == "trend":
        rows = [(str(2000 + i), format(v, "f"), str(i + 1) if w > 30 else "") for i, (n, v, w) in enumerate(data)]
    elif kind == "distribution":
        rows = [(n, format(v, "f")) for n, v, w in data]
    else:
        rows = [(n, format(v, "f"), format(w, "f")) for n, v, w in data]
    s = spec(kind, rows, (("units", "3"),) if kind == "trend" else (), title=title, alt=title)
    out = svg_text(s)
    root = ET.fromstring(out)  # valid XML whatever the names hold
    assert out == svg_text(s)
    if kind == "distribution":
        assert sum(int(t) for t in texts(root, "value")) == len(rows)
    elif rows:
        shown = texts(root, "value")
        assert all(v in shown for r in rows for v in [vn_number(Decimal(r[1]))])


def _entries(folder: Path) -> dict[str, tuple[str, bytes]]:
    """The chart cache's entries, slot -> (key, blob), as stored in the database."""
    file = folder / datacache.DATABASE
    if not file.is_file():
        return {}
    with closing(sqlite3.connect(file)) as db:
        return {slot: (key, blob) for slot, key, blob in db.execute("SELECT slot, key, blob FROM entry")}


def test_cache_reuses_drawn_charts(tmp_path):
    specs = [sample(k) for k in KINDS]
    cache = DataCache.in_folder(tmp_path / "cache")
    first = render_charts(specs, Staging(tmp_path / "a"), "charts", cache)
    assert (first.drawn, first.reused) == (len(specs), 0)
    stored = _entries(tmp_path / "cache")
    assert set(stored) == {"chart\0" + s.name for s in specs}  # one slot a chart name
    again = render_charts(specs + specs[:2], Staging(tmp_path / "b"), "charts", cache)
    assert (again.drawn, again.reused) == (0, len(specs))
    assert _entries(tmp_path / "cache") == stored  # nothing stored again
    for s in specs:
        assert (tmp_path / "b" / "charts" / s.name).read_text(encoding="utf-8") == svg_text(s)
    changed = ChartSpec(*(specs[0].__dict__ | {"alt": "Mô tả khác"}).values())
    assert changed.digest() != specs[0].digest()  # the alt text is drawn (<desc>), so it is part of the key


def test_a_changed_chart_replaces_its_entry_and_damage_is_drawn_again(tmp_path):
    """The cache holds one entry a chart name, whatever the edits; an entry that does not unpack
    to the chart's bytes is a miss, drawn and stored again; the old one-file-a-chart cache goes."""
    specs = [sample(k) for k in KINDS]
    folder = tmp_path / "cache"
    cache = DataCache.in_folder(folder)
    render_charts(specs, Staging(tmp_path / "a"), "charts", cache)
    edited = [ChartSpec(*(s.__dict__ | {"alt": f"Mô tả mới {i}"}).values()) for i, s in enumerate(specs)]
    (folder / "0123abcd.svg").write_bytes(b"<svg/>")  # left by the earlier form of the cache
    report = render_charts(edited, Staging(tmp_path / "a"), "charts", cache)
    assert (report.drawn, report.reused) == (len(specs), 0)
    stored = _entries(folder)
    assert {slot: key for slot, (key, _) in stored.items()} == {"chart\0" + s.name: s.digest() for s in edited}
    assert not list(folder.glob("*.svg"))
    with closing(sqlite3.connect(folder / datacache.DATABASE)) as db, db:
        db.execute("UPDATE entry SET blob = ? WHERE slot = ?", (b"not a pickle", "chart\0" + edited[0].name))
        db.execute("UPDATE entry SET blob = ? WHERE slot = ?",
                   (datacache.pack(edited[1].digest(), "text, not bytes"), "chart\0" + edited[1].name))
    datacache.close_connections()
    again = render_charts(edited, Staging(tmp_path / "b"), "charts", cache)
    assert (again.drawn, again.reused) == (2, len(specs) - 2)
    assert _entries(folder) == stored
    assert all((tmp_path / "b" / "charts" / s.name).read_bytes() == svg_text(s).encode() for s in edited)


def test_serve_looks_up_and_stores_only_what_its_memo_lacks(tmp_path, monkeypatch):
    """In `serve` (a memo), a chart its memo holds is neither looked up nor stored again; one it
    lacks comes from the cache, or is drawn and stored, so a later one-off build finds it."""
    from generator.machinery.memo import Memo

    specs = [sample(k) for k in KINDS]
    cache = DataCache.in_folder(tmp_path / "cache")
    render_charts(specs[:2], Staging(tmp_path / "a"), "charts", cache)  # already in the cache
    memo, lookups = Memo(), []
    real = DataCache.get_blobs
    monkeypatch.setattr(DataCache, "get_blobs", lambda self, wanted: lookups.append(sorted(wanted)) or real(self, wanted))
    for build in range(2):
        memo.start_build()
        report = render_charts(specs, Staging(tmp_path / "s"), "charts", cache, memo)
        assert (report.drawn, report.reused) == ((len(specs) - 2, 2) if build == 0 else (0, len(specs)))
        assert len(lookups) == (len(specs) if build == 0 else 0)  # one a chart the memo lacks
        lookups.clear()
    assert set(_entries(tmp_path / "cache")) == {"chart\0" + s.name for s in specs}
    again = render_charts(specs, Staging(tmp_path / "b"), "charts", cache)
    assert (again.drawn, again.reused) == (0, len(specs))


def test_no_cache_draws_every_time(tmp_path):
    specs = [sample(k) for k in KINDS]
    cache = DataCache.in_folder(tmp_path / "cache", enabled=False)
    for _ in range(2):
        report = render_charts(specs, Staging(tmp_path / "a"), "charts", cache)
        assert (report.drawn, report.reused) == (len(specs), 0)
    assert _entries(tmp_path / "cache") == {}


def test_forked_workers_write_what_one_process_writes(tmp_path, monkeypatch):
    """Many charts are drawn in worker processes: the same files, counts and staging record as
    drawn here, and a spec given twice (under two names) is drawn once."""
    import generator.render.charts as charts

    specs = [ChartSpec(k, f"{k}-{i}.svg", f"Biểu đồ {i}", "Mô tả", sample(k).rows, sample(k).extra)
             for i in range(12) for k in KINDS]
    specs += [ChartSpec(s.kind, "copy-" + s.name, s.title, s.alt, s.rows, s.extra) for s in specs[:5]]

    def run(name: str, workers: str):
        monkeypatch.setenv("PARPORTAL_WORKERS", workers)
        out = Staging(tmp_path / name / "site")
        report = render_charts(specs, out, "charts", DataCache.in_folder(tmp_path / name / "cache"))
        files = {p.name: p.read_bytes() for p in (tmp_path / name / "site" / "charts").iterdir()}
        return report, files, out.produced, out.changed, _entries(tmp_path / name / "cache")

    monkeypatch.setattr(charts, "PARALLEL_MIN_CHARTS", 1)
    forked = run("forked", "2")
    monkeypatch.setattr(charts, "PARALLEL_MIN_CHARTS", 10**9)
    serial = run("serial", "1")
    assert forked == serial
    assert (forked[0].drawn, forked[0].reused, forked[3]) == (len(specs) - 5, 0, len(specs))
    assert forked[2] == {f"charts/{s.name}" for s in specs}
    assert all(forked[1][s.name] == svg_text(s).encode() for s in specs)


def test_drawing_imports_no_plotting_library():
    import subprocess
    code = ("import sys; from tests.test_charts import sample, KINDS; from generator.render.charts import svg_text; "
            "[svg_text(sample(k)) for k in KINDS]; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


def test_long_ranking_repeats_its_scale_above():
    rows = [(f"UBND xã {i}", f"{90 - i * 0.5:.2f}", "1") for i in range(40)]
    root = parse(spec("ranking", rows, (("average", "80.25"),)))
    assert any(g.get("class") == "x-axis-top" for g in root.iter(NS + "g"))
    assert count(root, "rect", "bar") == 40 and len(texts(root, "value")) == 40
    assert not any(g.get("class") == "x-axis-top" for g in parse(sample("ranking")).iter(NS + "g"))
