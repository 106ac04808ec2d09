"""Charts: SVG written directly from small, hashable specs (no plotting library).

Maps go through the same cache and writing (`render.maps.MapSpec`: a name and a digest too), drawn
by matplotlib rather than here.

Each chart is drawn once per distinct spec (a content-hash cache, in the data cache's database
under build/cache, `generator.machinery.datacache`) and written
byte-reproducibly: coordinates with one fixed decimal, labels from the exact Decimal strings, no
dates, no random ids. Palette: Okabe–Ito, safe for colour-blind readers. Text stays text in the
site's system fonts (`<title>`, `<desc>`, `<text>`), so screen readers and search can read it;
a white background keeps it legible on the dark theme.

A chart costs under a millisecond to draw and a file write; a national build has about 14,000
charts, so many charts are drawn and written in forked worker processes, each chart by one
worker (the same spec twice goes to the same worker), which send the new cache entries back.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from generator import machinery
from generator.core.textfmt import vn_number
from generator.machinery import NO_MEMO, DataCache, Memo, fork_map, split, workers_for
from generator.render.staging import Staging
from generator.render.svgchart import AXIS, GRID, MUTED, Svg, ceil_to, flow_rows, nice_step, text_width, ticks, wrap

CHART_VERSION = "8"  # bump to invalidate every cached chart when drawing code changes
BLUE, ORANGE, SKY, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#7F7F7F"
VERMILLION_TEXT = "#A94A00"  # vermillion darkened for text: 4.5:1 or more on white (WCAG AA)
ORANGE_TEXT = "#8A5A00"  # orange darkened for text: 4.5:1 or more on white (WCAG AA)

# Drawn for a phone: the page scales a chart to its column (CSS width 100 %, at most 1.35 × this
# on wide screens), so on a 360 px phone (a 328 px column) 11-unit text is still about 8.6 px.
WIDTH = 420
FONT_SIZE, SMALL, TITLE_SIZE = 12, 11, 13.5
TITLE_Y = 21
LINE_LEADING = 1.3  # Vietnamese stacks two marks on a letter ("ệ"): lines need room
TITLE_STEP = TITLE_SIZE * LINE_LEADING  # a title too long for one line wraps, pushing the chart down
LINE_STEP = FONT_SIZE * LINE_LEADING  # a category label wraps onto lines this far apart: never cut short
LABEL_CHARS = 22  # characters a label line holds (about 160 px of the chart's width)
NO_DATA = "Không có số liệu / no data"
TALL = 25  # rows beyond which a ranking also shows its scale above the bars
HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'  # text over lines


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. `rows` hold strings only (decimals as plain text) so specs hash stably."""

    kind: str                         # ranking | trend | fields | self_appraised | self_max | distribution
    name: str                         # output path under the charts folder, e.g. "xep-hang-2023-so-nganh.svg"
    title: str
    alt: str
    rows: tuple[tuple[str, ...], ...]
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def width(self) -> int:
        """The chart's own width (its viewBox); the page scales it to the column."""
        return WIDTH

    def digest(self) -> str:
        return hashlib.sha256(repr((CHART_VERSION, self.kind, self.title, self.alt, self.rows, self.extra))
                              .encode()).hexdigest()


# ---------------------------------------------------------------------------------- numbers

@lru_cache(maxsize=1 << 16)
def _label(exact: str) -> str:
    """A published value as printed in the tables, with its own decimals ("84.40" → "84,40")."""
    return vn_number(Decimal(exact))


@lru_cache(maxsize=1 << 12)
def _tick(value: Decimal) -> str:
    """A scale's tick: no trailing zeros ("2,5", "60")."""
    return _label(format(value.normalize(), "f"))


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


class Scale:
    """Linear map from data (Decimal) to pixels (float); coordinates only, never arithmetic on values."""

    def __init__(self, lo: Decimal, hi: Decimal, p0: float, p1: float) -> None:
        self.lo, self.hi = float(lo), float(hi)
        if self.hi <= self.lo:
            self.hi = self.lo + 1.0
        self.p0, self.p1 = p0, p1
        self.k = (p1 - p0) / (self.hi - self.lo)

    def __call__(self, v) -> float:
        return self.p0 + (float(v) - self.lo) * self.k


# ---------------------------------------------------------------------------------- pieces

def _title_lines(title: str) -> tuple[str, ...]:
    return wrap(title, int((WIDTH - 20) / (TITLE_SIZE * 0.62)))


def _title_drop(title: str) -> float:
    """How far a wrapped title pushes the chart down (0 for a title on one line)."""
    return TITLE_STEP * (len(_title_lines(title)) - 1)


def _title(svg: Svg, title: str) -> None:
    lines = _title_lines(title)
    middle = TITLE_Y - 0.35 * TITLE_SIZE + TITLE_STEP * (len(lines) - 1) / 2  # first baseline at TITLE_Y
    svg.lines(10, middle, lines, size=TITLE_SIZE, weight="bold", leading=LINE_LEADING)


def _row_height(lines: tuple[str, ...], least: float) -> float:
    """A category's row: `least`, or taller when its label wraps onto more lines than fit."""
    return max(least, LINE_STEP * len(lines) + 8)


def _legend_height(entries: list[tuple[str, str, str]], x0: float, width: float) -> int:
    return 20 * len(_legend_lines(entries, x0, width)) if entries else 0


def _legend_lines(entries, x0: float, width: float) -> list[list[tuple[float, tuple[str, str, str]]]]:
    return flow_rows(entries, [30 + text_width(e[2], SMALL) + 18 for e in entries], x0, width - 8)


def _legend(svg: Svg, entries, x0: float, y0: float) -> None:
    """Legend below the plot, where it cannot cover data. Entry: (symbol, colour, label); symbol is
    bar | line | dash (with a circle or square marker: line-o, dash-s) | dotted."""
    for i, line in enumerate(_legend_lines(entries, x0, svg.width)):
        y = y0 + 20 * i + 10
        svg.add('<g class="legend">')
        for x, (symbol, colour, label) in line:
            if symbol == "bar":
                svg.rect(x + 4, y - 6, 18, 12, colour)
            else:
                dash = {"dash": "6 3", "dotted": "2 2"}.get(symbol.split("-")[0], "")
                svg.line(x, y, x + 26, y, colour, 2 if symbol != "dotted" else 1.5, dash)
                if symbol.endswith("-o"):
                    svg.circle(x + 13, y, 4, colour)
                elif symbol.endswith("-s"):
                    svg.rect(x + 9, y - 4, 8, 8, colour)
            svg.text(x + 32, y, label, size=SMALL, baseline="middle")
        svg.add("</g>")


def _x_axis(svg: Svg, xs: Scale, tick_values: list[Decimal], top: float, bottom: float, grid: bool = True) -> None:
    svg.add('<g class="x-axis">')
    for t in tick_values:
        x = xs(t)
        if grid:
            svg.line(x, top, x, bottom, GRID)
        svg.line(x, bottom, x, bottom + 4, AXIS)
        svg.text(x, bottom + 16, _tick(t), size=SMALL, anchor="middle")
    svg.line(xs.p0, bottom, xs.p1, bottom, AXIS)
    svg.add("</g>")


def _y_axis(svg: Svg, ys: Scale, tick_values: list[Decimal], left: float, right: float, grid: bool = True) -> None:
    svg.add('<g class="y-axis">')
    for t in tick_values:
        y = ys(t)
        if grid:
            svg.line(left, y, right, y, GRID)
        svg.line(left - 4, y, left, y, AXIS)
        svg.text(left - 7, y, _tick(t), size=SMALL, anchor="end", baseline="middle")
    svg.line(left, ys.p0, left, ys.p1, AXIS)
    svg.add("</g>")


def _axis_break(svg: Svg, x: float, y: float) -> None:
    """The mark of a value axis that does not start at zero: the axis cut by two slanted strokes."""
    svg.add('<g class="axis-break">')
    svg.rect(x - 6, y - 3, 12, 6, "#ffffff")
    svg.line(x - 6, y + 1, x + 6, y - 5, AXIS, 1.5)
    svg.line(x - 6, y + 5, x + 6, y - 1, AXIS, 1.5)
    svg.add("</g>")


def _axis_label(svg: Svg, x: float, y: float, label: str, vertical: bool = False) -> None:
    svg.text(x, y, label, anchor="middle", fill=MUTED, rotate=vertical, cls="axis-label")


def _left_margin(labels: list[tuple[str, ...]]) -> float:
    longest = max((text_width(line, FONT_SIZE) for lines in labels for line in lines), default=0.0)
    return min(18 + longest, WIDTH / 2)


def _no_data(svg: Svg, x: float, y: float) -> None:
    svg.text(x, y, NO_DATA, anchor="middle", fill=MUTED, baseline="middle")


# ---------------------------------------------------------------------------------- kinds

def _draw_ranking(spec: ChartSpec) -> Svg:
    """Horizontal bars from zero, best at the top, so their lengths compare as the values do;
    unranked units in grey; the group average as a dashed line; names wrapped, never cut."""
    extra = dict(spec.extra)
    rows = spec.rows
    values = [Decimal(r[1]) for r in rows]
    labels = [wrap(r[0], LABEL_CHARS) for r in rows]
    average = _dec(extra.get("average", ""))
    legend = [("bar", BLUE, "Xếp hạng / ranked")]
    if any(r[2] != "1" for r in rows):
        legend.append(("bar", GREY, "Không xếp hạng / not ranked"))
    if average is not None:
        legend.append(("dash", VERMILLION, "Trung bình nhóm / group average"))
    left, right = _left_margin(labels), WIDTH - 46
    row_h, bar_h = 24, 17
    heights = [_row_height(label, row_h) for label in labels] or [row_h]
    scale_on_top = len(rows) > TALL  # a long list repeats the scale above, where reading starts
    top = 34 + _title_drop(spec.title) + (20 if average is not None else 0) + (18 if scale_on_top else 0)
    tops = [top]
    for h in heights:
        tops.append(tops[-1] + h)
    bottom = tops[-1]
    height = int(bottom + 50 + _legend_height(legend, 10, WIDTH) + 6)
    svg = Svg(WIDTH, height, spec.title, spec.alt)
    _title(svg, spec.title)
    lo = min(Decimal(0), min(values, default=Decimal(0)))  # bars start at zero
    hi = max(Decimal(100), max(values, default=Decimal(0)))
    step = nice_step(hi - lo, 5)
    hi = ceil_to(hi, step)
    xs = Scale(lo, hi, left, right)
    scale = ticks(lo, hi, step)
    _x_axis(svg, xs, scale, top, bottom)
    if scale_on_top:
        svg.add('<g class="x-axis-top">')
        svg.line(xs.p0, top, xs.p1, top, AXIS)
        for t in scale:
            svg.line(xs(t), top - 4, xs(t), top, AXIS)
            svg.text(xs(t), top - 7, _tick(t), size=SMALL, anchor="middle")
        svg.add("</g>")
    zero = xs(0)
    svg.add('<g class="bars">')
    for row, value, y, h in zip(rows, values, tops, heights):
        end = xs(value)
        svg.rect(min(zero, end), y + (h - bar_h) / 2, abs(end - zero), bar_h, BLUE if row[2] == "1" else GREY, cls="bar")
    svg.add("</g>")
    svg.line(zero, top, zero, bottom, AXIS)
    if not rows:
        _no_data(svg, (left + right) / 2, top + row_h / 2)
    if average is not None:  # over the bars, under the labels (which a white halo keeps legible)
        x = xs(average)
        above = top - (18 if scale_on_top else 0)
        svg.line(x, above - 6, x, bottom, VERMILLION, 1.5, "6 3")
        text = f"Trung bình / average {_label(extra['average'])}"
        if x + 3 + text_width(text, SMALL) > WIDTH - 6:
            svg.text(max(x - 3, 4 + text_width(text, SMALL)), above - 10, text, size=SMALL, anchor="end",
                     fill=VERMILLION_TEXT, cls="average")
        else:
            svg.text(x + 3, above - 10, text, size=SMALL, fill=VERMILLION_TEXT, cls="average")
    svg.add(f'<g class="labels" {HALO}>')
    for row, value, label, y, h in zip(rows, values, labels, tops, heights):
        middle = y + h / 2
        svg.text(max(xs(value), zero) + 3, middle, _label(row[1]), size=SMALL, baseline="middle", cls="value")
        svg.lines(left - 8, middle, label, anchor="end", cls="category", leading=LINE_LEADING)
    svg.add("</g>")
    _axis_label(svg, (left + right) / 2, bottom + 36, "Chỉ số CCHC (%) / PAR Index")
    _legend(svg, legend, 10, bottom + 44)
    return svg


def _int_step(top: int, max_ticks: int = 6) -> int:
    step = 1
    while True:
        for m in (1, 2, 5):
            if top / (step * m) <= max_ticks:
                return step * m
        step *= 10


def _draw_trend(spec: ChartSpec) -> Svg:
    """The index over the years (left axis) and the rank (right axis, 1 at the top, down to a
    tick at or past the largest rank shown), every point with its value. A year written "2021*"
    is one known only as published: placed as 2021, labelled with its mark."""
    rows = [r for r in spec.rows if r[1]]
    years = [int(r[0].rstrip("*")) for r in rows]  # "2021*": a year known only as published, labelled so
    labels = {year: r[0] for year, r in zip(years, rows)}
    values = [Decimal(r[1]) for r in rows]
    ranked = [(int(r[0].rstrip("*")), int(r[2])) for r in rows if r[2]]
    legend = [("line-o", BLUE, "Chỉ số / index")] + ([("dash-s", ORANGE, "Hạng / rank")] if ranked else [])
    left, right, top = 50.0, WIDTH - (46.0 if ranked else 16.0), 40.0 + _title_drop(spec.title)
    bottom = top + 170
    height = int(bottom + 26 + _legend_height(legend, 10, WIDTH) + 6)
    svg = Svg(WIDTH, height, spec.title, spec.alt)
    _title(svg, spec.title)
    lo = max(Decimal(0), min(values) - 10) if values else Decimal(0)
    hi = max(Decimal(105), max(values, default=Decimal(0)))
    step = nice_step(hi - lo, 8)
    if lo > 0:  # the axis does not start at zero: it ends half a step under its first tick, broken there
        lo = ceil_to(lo, step) - step / 2
    ys = Scale(lo, hi, bottom, top)
    _y_axis(svg, ys, ticks(lo, hi, step), left, right)
    if lo > 0:
        _axis_break(svg, left, (ys(lo) + ys(lo + step / 2)) / 2)
    _axis_label(svg, 14, (top + bottom) / 2, "Chỉ số (%) / index", vertical=True)
    span = (max(years) - min(years)) if years else 0
    pad = max(0.3, span * 0.08)
    xs = Scale(Decimal(min(years, default=0)) - Decimal(str(pad)), Decimal(max(years, default=0)) + Decimal(str(pad)),
               left, right)
    svg.line(left, bottom, right, bottom, AXIS)
    svg.add('<g class="x-axis">')
    for year in years:
        svg.line(xs(year), bottom, xs(year), bottom + 4, AXIS)
        svg.text(xs(year), bottom + 17, labels[year], size=SMALL, anchor="middle", cls="category")
    svg.add("</g>")
    if ranked:
        units = int(dict(spec.extra).get("units", "1") or "1")
        worst = max(units, max(k for _, k in ranked))
        step = _int_step(worst)
        last = -(-worst // step) * step  # the axis ends on a tick at or past every rank shown
        rs = Scale(Decimal("0.5"), Decimal(last) + Decimal("0.5"), top, bottom)
        svg.add('<g class="y2-axis">')
        svg.line(right, top, right, bottom, AXIS)
        for k in sorted({1, *range(step, last + 1, step)}):
            svg.line(right, rs(k), right + 4, rs(k), AXIS)
            svg.text(right + 7, rs(k), _label(str(k)), size=SMALL, baseline="middle", cls="rank-tick")
        svg.add("</g>")
        _axis_label(svg, WIDTH - 10, (top + bottom) / 2, "Hạng / rank", vertical=True)
        svg.add('<g class="rank">')
        svg.polyline([(xs(x), rs(k)) for x, k in ranked], ORANGE, 2, "6 3")
        for x, k in ranked:
            svg.rect(xs(x) - 4.5, rs(k) - 4.5, 9, 9, ORANGE, cls="rank-point")
        svg.add("</g>")
    svg.add('<g class="index">')
    svg.polyline([(xs(x), ys(v)) for x, v in zip(years, values)], BLUE, 2)
    for x, v in zip(years, values):
        svg.circle(xs(x), ys(v), 4.5, BLUE, cls="point")
    svg.add(f'</g>\n<g class="labels" {HALO}>')
    for x, v, row in zip(years, values, rows):
        svg.text(xs(x), ys(v) - 10, _label(row[1]), size=SMALL, anchor="middle", fill=BLUE, weight="bold", cls="value")
    for i, (x, k) in enumerate(ranked):  # beside its square, on the inner side for the last year
        before = i == len(ranked) - 1 and len(ranked) > 1
        svg.text(xs(x) + (-8 if before else 8), rs(k), f"#{k}", size=SMALL, anchor="end" if before else "start",
                 fill=ORANGE_TEXT, weight="bold", baseline="middle", cls="rank-value")
    svg.add("</g>")
    if not rows:
        _no_data(svg, (left + right) / 2, (top + bottom) / 2)
    _legend(svg, legend, 10, bottom + 26)
    return svg


def _grouped(spec: ChartSpec, names: tuple[str, str], colours: tuple[str, str], xlabel: str,
             fixed_hi: Decimal | None = None) -> Svg:
    """Two bars per field (the first above the second), each with its value; a missing value is
    shown as "—" with no bar. Field names wrap onto as many lines as they need, never cut."""
    rows = spec.rows
    labels = [wrap(r[0], LABEL_CHARS) for r in rows]
    legend = [("bar", colours[0], names[0]), ("bar", colours[1], names[1])]
    left, right, top = _left_margin(labels), WIDTH - 46, 36.0 + _title_drop(spec.title)
    row_h, bar_h = 46, 17
    heights = [_row_height(label, row_h) for label in labels] or [row_h]
    tops = [top]
    for h in heights:
        tops.append(tops[-1] + h)
    bottom = tops[-1]
    height = int(bottom + 50 + _legend_height(legend, 10, WIDTH) + 6)
    svg = Svg(WIDTH, height, spec.title, spec.alt)
    _title(svg, spec.title)
    present = [Decimal(v) for r in rows for v in r[1:3] if v]
    if fixed_hi is not None:  # a percentage: 0 to 100, every 20 (every 10 would crowd a phone)
        step = Decimal(20)
        hi = ceil_to(max(fixed_hi, max(present, default=Decimal(0))), step)
    else:
        most = max([v for v in present if v > 0], default=Decimal(1))
        step = nice_step(most, 5)  # ticks 40 px apart or more on a phone
        hi = ceil_to(most, step)
    lo = min(Decimal(0), min(present, default=Decimal(0)))
    xs = Scale(lo, hi, left, right)
    _x_axis(svg, xs, ticks(lo, hi, step), top, bottom)
    svg.add('<g class="bars">')
    for row, label, row_top, h in zip(rows, labels, tops, heights):
        y = row_top + (h - 2 * bar_h - 2) / 2
        for j in (0, 1):
            value = row[1 + j]
            by = y + j * (bar_h + 2)
            if value:
                end = xs(Decimal(value))
                svg.rect(min(xs(0), end), by, abs(end - xs(0)), bar_h, colours[j], cls="bar")
                svg.text(max(end, xs(0)) + 3, by + bar_h / 2, _label(value), size=SMALL, baseline="middle", cls="value")
            else:
                svg.text(xs(0) + 3, by + bar_h / 2, "—", size=SMALL, baseline="middle", fill=MUTED, cls="value")
        svg.lines(left - 8, row_top + h / 2, label, anchor="end", cls="category", leading=LINE_LEADING)
    svg.add("</g>")
    svg.line(xs(0), top, xs(0), bottom, AXIS)
    if not rows:
        _no_data(svg, (left + right) / 2, top + row_h / 2)
    _axis_label(svg, (left + right) / 2, bottom + 36, xlabel)
    _legend(svg, legend, 10, bottom + 44)
    return svg


def _draw_fields(spec: ChartSpec) -> Svg:
    return _grouped(spec, ("Đơn vị / unit", "Trung bình nhóm / group average"), (BLUE, ORANGE),
                    "Chỉ số thành phần (%) / field index", fixed_hi=Decimal(100))


def _draw_self_appraised(spec: ChartSpec) -> Svg:
    return _grouped(spec, ("Tự đánh giá / self-assessed", "Thẩm định / appraised"), (SKY, GREEN), "Điểm / points")


def _draw_self_max(spec: ChartSpec) -> Svg:
    """A year not yet appraised: self-assessed points so far against each field's maximum."""
    return _grouped(spec, ("Tự đánh giá đến nay / self-assessed so far", "Tối đa / maximum"), (SKY, GREY),
                    "Điểm / points")


def _draw_parts(spec: ChartSpec) -> Svg:
    """The parts a criteria set declares (sub-parts under their part): points against each maximum."""
    return _grouped(spec, ("Điểm đạt / points", "Tối đa / maximum"), (BLUE, GREY), "Điểm / points")


BIN = Decimal("2.5")


def _draw_distribution(spec: ChartSpec) -> Svg:
    """How many units fall in each 2.5-point band of the index, with the rating thresholds."""
    values = [Decimal(r[1]) for r in spec.rows]
    low = max(0, int(min(values) // 5 * 5) - 5) if values else 0
    edges = [low + BIN * i for i in range(int((101 - low) / BIN) + 2)]
    counts = [0] * (len(edges) - 1)
    for v in values:  # bins [a, b), the last one closed, as a histogram counts them; exact in Decimal
        i = int((v - low) // BIN) if v >= low else -1
        if i == len(counts) and v == edges[-1]:
            i -= 1
        if 0 <= i < len(counts):
            counts[i] += 1
    left, right, top = 44.0, WIDTH - 16.0, 52.0 + _title_drop(spec.title)
    bottom = top + 150
    height = int(bottom + 50)
    svg = Svg(WIDTH, height, spec.title, spec.alt)
    _title(svg, spec.title)
    most = max(counts, default=0)
    step = _int_step(max(most, 1), 5)
    ys = Scale(Decimal(0), Decimal(max(most, 1)) * Decimal("1.15"), bottom, top)
    _y_axis(svg, ys, [Decimal(k) for k in range(0, max(most, 1) + 1, step)], left, right)
    _axis_label(svg, 14, (top + bottom) / 2, "Số đơn vị / units", vertical=True)
    xs = Scale(edges[0], edges[-1], left + 6, right)
    _x_axis(svg, xs, ticks(Decimal(low), Decimal(100), nice_step(Decimal(100 - low), 10)), top, bottom, grid=False)
    svg.add('<g class="bars">')
    for a, b, count in zip(edges, edges[1:], counts):
        if count:
            svg.rect(xs(a), ys(count), xs(b) - xs(a), ys(0) - ys(count), BLUE, cls="bar", stroke="#ffffff")
            svg.text((xs(a) + xs(b)) / 2, ys(count) - 4, str(count), size=SMALL, anchor="middle", cls="value")
    svg.add("</g>")
    if not values:
        _no_data(svg, (left + right) / 2, (top + bottom) / 2)
    placed: list[tuple[float, float, int]] = []  # label extents, so labels of close thresholds do not overlap
    svg.add('<g class="thresholds">')
    for name, threshold in spec.extra:
        x = xs(Decimal(threshold))
        if Decimal(threshold) < low or x > right:
            continue
        svg.line(x, top - 16, x, bottom, VERMILLION, 1.5, "2 2")
        w = text_width(name, SMALL)
        start = x + 3 if x + 3 + w <= WIDTH - 4 else x - 3 - w
        row = 0
        while any(r == row and a < start + w + 4 and start < b + 4 for a, b, r in placed):
            row += 1
        placed.append((start, start + w, row))
        svg.text(start, top - 6 if row == 0 else top + 12 * row, name, size=SMALL, fill=VERMILLION_TEXT,
                 cls="threshold")
    svg.add("</g>")
    _axis_label(svg, (left + right) / 2, bottom + 36, "Chỉ số CCHC (%) / PAR Index")
    return svg


DRAW = {"ranking": _draw_ranking, "trend": _draw_trend, "fields": _draw_fields,
        "self_appraised": _draw_self_appraised, "self_max": _draw_self_max, "distribution": _draw_distribution,
        "parts": _draw_parts}


def svg_text(spec: ChartSpec) -> str:
    """The chart as SVG text. A map (`render.maps.MapSpec`, kind "map") is drawn by matplotlib,
    imported only then."""
    if spec.kind == "map":
        from generator.render.maps import map_svg
        return map_svg(spec)
    return DRAW[spec.kind](spec).render()


@dataclass(frozen=True)
class ChartReport:
    drawn: int
    reused: int


PARALLEL_MIN_CHARTS = 1_000  # below this, forking costs more than it saves (500 units: about 2,000)

# One cache slot per chart name, holding the SVG of the spec last drawn under that name (its
# digest is the entry's key): a changed chart replaces its entry, so the cache never grows with edits.
_SLOT = "chart\0"

Work = tuple[str, ChartSpec, list[str]]  # (digest, spec, every name it is written under)
Entry = tuple[str, str, bytes]  # (slot, key, blob) of `DataCache.put_blobs`


def render_charts(specs: list[ChartSpec], out: Staging, out_dir: str, cache: DataCache,
                  memo: Memo = NO_MEMO) -> ChartReport:
    """Write every chart under `out_dir` of the staging folder, drawing only specs whose SVG is not
    in `cache` already (`memo`, in `parportal serve`: the chart's bytes as the last build had them).
    The charts drawn are stored in the cache from this process, a transaction per worker's answer."""
    groups: dict[str, list[str]] = {}  # digest -> names of its charts, in name order
    spec_of: dict[str, ChartSpec] = {}
    for spec in sorted(specs, key=lambda s: s.name):
        digest = spec.digest()
        groups.setdefault(digest, []).append(spec.name)
        spec_of.setdefault(digest, spec)
    work = [(digest, spec_of[digest], names) for digest, names in groups.items()]
    # serve keeps each chart's bytes in its memo, so it draws here; a one-off build forks
    workers = workers_for(len(specs), PARALLEL_MIN_CHARTS) if memo is NO_MEMO else 1
    job = (out, out_dir, cache, memo)
    if workers <= 1:
        drawn, _, new = _chart_chunk(job, work)
        cache.put_blobs(new)
    else:
        drawn = 0
        for got, changed, new in fork_map(_chart_chunk, job, split(work, workers * 8), workers):
            drawn += got
            out.changed += changed
            cache.put_blobs(new)  # as each answer comes (3,500 units: 70 MB of charts in all)
        out.produced.update(f"{out_dir}/{name}" for _, _, names in work for name in names)
    _remove_chart_files(cache.file.parent)
    return ChartReport(drawn=drawn, reused=len(work) - drawn)


def _chart_chunk(job: tuple[Staging, str, DataCache, Memo], work: list[Work]) -> tuple[int, int, list[Entry]]:
    """Each chart of `work` drawn, or taken from the cache, and written under every name: (charts
    drawn, staging files changed, cache entries to store), which a forked worker sends back. A
    one-off build looks the chunk up in one query; `serve` looks up only the charts its memo lacks."""
    out, out_dir, cache, memo = job
    drawn, changed = 0, out.changed
    stored = cache.get_blobs({_SLOT + name: digest for digest, _, names in work for name in names}) \
        if memo is NO_MEMO else None
    new: list[Entry] = []
    for digest, spec, names in work:

        def svg(digest: str = digest, spec: ChartSpec = spec, names: list[str] = names) -> bytes:
            nonlocal drawn
            found, held = _cached(stored if stored is not None
                                  else cache.get_blobs({_SLOT + name: digest for name in names}), names, digest)
            if found is None:
                drawn += 1
                found = svg_text(spec).encode("utf-8")
            new.extend((_SLOT + name, digest, machinery.pack(digest, found)) for name in names if name not in held)
            return found

        data = memo.get("chart", digest, svg)
        for name in names:
            out.write_bytes(f"{out_dir}/{name}", data)
    return drawn, out.changed - changed, new


def _cached(stored: dict[str, bytes], names: list[str], digest: str) -> tuple[bytes | None, set[str]]:
    """The chart's SVG from the cache entries found for its names (None: none is valid), and the
    names whose slot holds it already (the others get it stored)."""
    found, held = None, set()
    for name in names:
        blob = stored.get(_SLOT + name)
        value = machinery.unpack(blob, digest) if blob is not None else None
        if type(value) is bytes:
            found = value
            held.add(name)
    return found, held


def _remove_chart_files(folder: Path) -> None:
    """Remove the chart files of the cache's earlier form (one `<digest>.svg` a chart, never
    pruned): its charts are drawn again once, into the database."""
    for old in [*folder.glob("*.svg"), *folder.glob("*.svg.*.tmp")]:
        try:
            old.unlink(missing_ok=True)
        except OSError:  # a read-only cache folder: the old files only take space
            pass
