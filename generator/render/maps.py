"""Maps: a choropleth of one group's index in one final year, drawn with matplotlib into SVG.

A group whose boundary file exists (`content/ban-do/<group>.geojson`, read and checked by
`generator.load.boundaries`) gets one map per final year: each unit filled with its band's
colour (the colours of the band badges, `.pp-band-N` in parportal.css), units evaluated but not
ranked and units not evaluated in grey with hatching, each unit labelled with its short name and
rank (its rank alone when there are many units), a legend of the bands. A few maps per build,
never one per unit: matplotlib is imported only when a map is drawn (`map_svg`), so a build
without maps never loads it.

A map goes through the charts' machinery (`render.charts.render_charts`): its `MapSpec` has a
`name` and a `digest` (of everything drawn: the boundary file's bytes by their digest, the
units' labels and classes, the title, `MAP_VERSION` and matplotlib's version), so an unchanged
map is taken from the chart cache, never drawn again. The SVG is reproducible (Agg-free SVG
backend, fixed `svg.hashsalt`, no date, text as text) and then made accessible: `role="img"`,
`<title>` and `<desc>` (the alt text), and each unit's shape in a `<g>` with its own `<title>`
(name, index, band, rank) and `data-unit`, `data-band`, `data-rank`, `data-index` attributes,
every value escaped.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.load.boundaries import BoundaryMap
from generator.render.svgchart import esc, flow_rows, text_width, wrap

MAP_VERSION = "1"  # bump to invalidate every cached map when drawing code changes
# The band badges' colours (site_templates/overrides/assets/stylesheets/parportal.css, .pp-band-N;
# a test keeps the two equal): the best band first.
BAND_COLOURS = ("#15803d", "#91cf60", "#fee08b", "#fdae61", "#d73027", "#d73027")
GREY, HATCH_GREY, BORDER, INK = "#e0e0e0", "#6b6b6b", "#ffffff", "#1a1a1a"
NO_BAND = "#9ecae1"    # ranked in a year whose criteria set defines no bands
HATCH_UNRANKED, HATCH_NONE = "\\\\\\", "///"
FONTS = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial"]  # text is measured in the first (matplotlib's own)

WIDTH = 420.0          # points; as the charts (render/charts.py), scaled by the page to its column
MARGIN = 10.0
MAX_MAP_HEIGHT = 460.0
TITLE_SIZE, LABEL_SIZE, SMALL_LABEL, KEY_SIZE = 13.5, 10.5, 8.0, 11.0
MANY_UNITS = 30        # beyond this, a unit is labelled with its rank alone
GRID = 0.5             # points: positions are rounded to this before drawing (shared borders stay shared)
SHORT = re.compile(r"^(?:UBND\s+)?(?:Thành phố|Thị xã|Thị trấn|Huyện|Quận|Phường|Xã|TP\.?|TX\.?)\s+", re.I)
NOT_EVALUATED = "Không đánh giá / not evaluated"
NOT_RANKED = "Không xếp hạng / not ranked"
NO_BANDS = "Bộ tiêu chí không xếp loại / no bands"
NOTHING = "Tệp ranh giới không có đơn vị nào / no unit in the boundary file"
EMPTY_HEIGHT = 40.0


@dataclass(frozen=True)
class MapUnit:
    """One unit as the map shows it. `state`: "ranked", "unranked" (evaluated, not ranked) or
    "none" (no final result that year); `band` is its band's position (0 the best, -1 none)."""

    unit: str
    name: str
    index: str = ""        # the published index as exact text ("84.40"), "" when not evaluated
    index_vn: str = ""     # as the tables print it ("84,40")
    rank: int | None = None
    band: int = -1
    band_name: str = ""
    state: str = "none"


@dataclass(frozen=True)
class MapSpec:
    """What to draw: one group's map in one year. `bands`: (name, threshold as printed) of the
    year's criteria set, best first; `geometry`: the boundary file (by its digest in `digest`)."""

    name: str                         # under the charts folder (`site_paths.map_chart_name`)
    title: str
    alt: str
    units: tuple[MapUnit, ...]
    bands: tuple[tuple[str, str], ...]
    geometry: BoundaryMap = field(repr=False, compare=False, hash=False)
    kind: str = "map"

    @property
    def width(self) -> int:
        return int(WIDTH)

    def digest(self) -> str:
        return hashlib.sha256(repr((MAP_VERSION, _matplotlib_version(), self.title, self.alt, self.units, self.bands,
                                    self.geometry.digest)).encode()).hexdigest()


@lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    """matplotlib's version, read from its metadata (importing it would cost what this module saves)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("matplotlib")
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        return "?"


def short_name(name: str) -> str:
    """A unit's name without its kind ("Huyện Ngọc Lâm" → "Ngọc Lâm"), for a label on the map."""
    return SHORT.sub("", name).strip() or name


def band_colour(band: int) -> str:
    return BAND_COLOURS[min(band, len(BAND_COLOURS) - 1)]


# ------------------------------------------------------------------------------- geometry

Pt = tuple[float, float]


def _project(geometry: BoundaryMap) -> tuple[dict[str, list[list[list[Pt]]]], float]:
    """Every unit's polygons in points of the drawing (north up, longitude shrunk by the cosine of
    the middle latitude, fitted into the map's box), each position rounded to GRID and repeated
    positions dropped; and the map's height."""
    lons = [x for s in geometry.shapes for poly in s.polygons for ring in poly for x, _ in ring]
    lats = [y for s in geometry.shapes for poly in s.polygons for ring in poly for _, y in ring]
    if not lons:  # a valid file may list no feature
        return {}, EMPTY_HEIGHT
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = max((max(lons) - min(lons)) * k, 1e-9), max(max(lats) - min(lats), 1e-9)
    scale = min((WIDTH - 2 * MARGIN) / span_x, MAX_MAP_HEIGHT / span_y)
    width, height = span_x * scale, span_y * scale
    x0 = (WIDTH - width) / 2 - min(lons) * k * scale
    y0 = -min(lats) * scale
    out: dict[str, list[list[list[Pt]]]] = {}
    for shape in geometry.shapes:
        polygons = []
        for poly in shape.polygons:
            rings = []
            for ring in poly:
                pts: list[Pt] = []
                for lon, lat in ring:
                    p = (round((x0 + lon * k * scale) / GRID) * GRID, round((y0 + lat * scale) / GRID) * GRID)
                    if not pts or pts[-1] != p:
                        pts.append(p)
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                if len(pts) >= 3:
                    rings.append(pts)
            if rings:
                polygons.append(rings)
        out[shape.unit] = polygons
    return out, height


def _area(ring: list[Pt]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _oriented(polygons: list[list[list[Pt]]]) -> list[list[list[Pt]]]:
    """Outer rings counter-clockwise, holes clockwise: filled by the non-zero rule, a hole stays open."""
    return [[ring if (_area(ring) > 0) == (i == 0) else ring[::-1] for i, ring in enumerate(rings)]
            for rings in polygons]


def _label_point(rings: list[list[Pt]]) -> tuple[Pt, float]:
    """Where a label fits in a polygon (outer ring and holes): the middle of the widest inside
    stretch of a few horizontal lines, the central ones preferred; and that stretch's width."""
    ys = [y for x, y in rings[0]]
    lo, hi = min(ys), max(ys)
    best, best_score, best_width = rings[0][0], -1.0, 0.0
    for f in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74):
        y = lo + f * (hi - lo) + 1e-6
        xs = sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1) for ring in rings
                    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]) if (y1 > y) != (y2 > y))
        for a, b in zip(xs[::2], xs[1::2]):
            score = (b - a) * (1 - abs(f - 0.5))
            if score > best_score:
                best, best_score, best_width = ((a + b) / 2, y), score, b - a
    return best, best_width


# ------------------------------------------------------------------------------- drawing

def _look(unit: MapUnit) -> tuple[str, str | None]:
    """A unit's fill and hatching: its band's colour; grey and hatched when not ranked or not
    evaluated (two hatchings); a neutral blue when its year's criteria set has no bands."""
    if unit.state == "ranked":
        return (band_colour(unit.band) if unit.band >= 0 else NO_BAND), None
    return GREY, HATCH_UNRANKED if unit.state == "unranked" else HATCH_NONE


def _key_entries(spec: MapSpec) -> list[tuple[str, str, str, str]]:
    """The legend: (colour, hatch, text, data-band) of each band, then the grey classes present."""
    counts: dict[int, int] = {}
    for u in spec.units:
        if u.state == "ranked":
            counts[u.band] = counts.get(u.band, 0) + 1
    entries = [(band_colour(i), "", f"{name} ({threshold}): {counts.get(i, 0)}", str(i))
               for i, (name, threshold) in enumerate(spec.bands)]
    if any(u.state == "ranked" and u.band < 0 for u in spec.units):
        entries.append((NO_BAND, "", NO_BANDS, "no-band"))
    if any(u.state == "unranked" for u in spec.units):
        entries.append((GREY, HATCH_UNRANKED, NOT_RANKED, "unranked"))
    if any(u.state == "none" for u in spec.units):
        entries.append((GREY, HATCH_NONE, NOT_EVALUATED, "none"))
    return entries


def _key_lines(entries: list[tuple[str, str, str, str]]) -> list[list[tuple[float, tuple[str, str, str, str]]]]:
    return flow_rows(entries, [24 + text_width(e[2], KEY_SIZE) + 14 for e in entries], MARGIN, WIDTH - MARGIN)


def map_svg(spec: MapSpec) -> str:
    """The map as SVG text: drawn with matplotlib (imported here, on the first map), then given
    its title, description and each unit's title and data attributes."""
    import warnings

    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    shapes, map_height = _project(spec.geometry)
    by_unit = {u.unit: u for u in spec.units}
    title_lines = wrap(spec.title, int((WIDTH - 2 * MARGIN) / (TITLE_SIZE * 0.62)))
    top = 12 + TITLE_SIZE * 1.3 * len(title_lines)
    keys = _key_lines(_key_entries(spec))
    height = top + 8 + map_height + 14 + 20 * len(keys) + 4
    many = sum(1 for u in shapes if u in by_unit) > MANY_UNITS
    rc = {"svg.hashsalt": "parportal-map", "svg.fonttype": "none", "font.family": "sans-serif",
          "font.sans-serif": FONTS, "text.parse_math": False, "hatch.color": HATCH_GREY, "hatch.linewidth": 0.8,
          "path.simplify": False, "figure.dpi": 72, "savefig.dpi": 72}
    with warnings.catch_warnings(), matplotlib.rc_context(rc):
        warnings.simplefilter("ignore")  # a glyph missing from the measuring font: the browser draws it anyway
        fig = Figure(figsize=(WIDTH / 72, height / 72), facecolor="#ffffff")
        FigureCanvasSVG(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, height)  # points, from the bottom: the map sits above the legend
        base = 14 + 20 * len(keys) + 4
        for i, line in enumerate(title_lines):
            ax.text(MARGIN, height - 12 - TITLE_SIZE * 1.3 * (i + 0.8), line, fontsize=TITLE_SIZE, fontweight="bold",
                    color=INK, va="baseline", gid=f"pp-t{i}")
        labels = []  # patches are added as artists: the limits are set, and add_patch's update of them is slow
        for n, (uid, polygons) in enumerate(sorted(shapes.items())):
            unit = by_unit.get(uid, MapUnit(uid, uid))
            if not polygons:
                continue
            polygons = _oriented([[[(x, y + base) for x, y in ring] for ring in rings] for rings in polygons])
            verts, codes = [], []
            for rings in polygons:
                for ring in rings:
                    verts += ring + [ring[0]]
                    codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
            fill, hatch = _look(unit)
            ax.add_artist(PathPatch(Path(verts, codes), facecolor=fill, edgecolor=BORDER, linewidth=0.9, hatch=hatch,
                                    gid=f"pp-u{n}"))
            biggest = max(polygons, key=lambda rings: abs(_area(rings[0])))
            labels.append((n, unit, *_label_point(biggest)))
        if not labels:
            ax.text(WIDTH / 2, base + map_height / 2, NOTHING, fontsize=KEY_SIZE, color=INK, ha="center", va="center")
        for n, unit, (x, y), room in labels:
            rank = f"#{unit.rank}" if unit.rank else ""
            text = f"{short_name(unit.name)}\n{rank}".strip() if not many else rank
            size = LABEL_SIZE if not many else SMALL_LABEL
            if not many and text_width(short_name(unit.name), size) > room * 1.6:
                text, size = rank or short_name(unit.name), SMALL_LABEL if rank else size
            if text:
                ax.text(x, y, text, fontsize=size, color=INK, ha="center", va="center", linespacing=1.15,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "#ffffff", "edgecolor": "none", "alpha": 0.75},
                        gid=f"pp-l{n}")
        for i, line in enumerate(keys):
            y = base - 14 - 20 * i - 4
            for j, (x, (colour, hatch, text, band)) in enumerate(line):
                ax.add_artist(Rectangle((x, y - 6), 20, 12, facecolor=colour, edgecolor=HATCH_GREY if hatch else colour,
                                       linewidth=0.6, hatch=hatch or None, gid=f"pp-k{i}-{j}"))
                ax.text(x + 26, y, text, fontsize=KEY_SIZE, color=INK, va="center", gid=f"pp-kt{i}-{j}")
        from io import StringIO
        out = StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return _accessible(out.getvalue(), spec, sorted(shapes), keys)


_GID = re.compile(r'<g id="pp-(u|l|k|kt|t)(\d+)(?:-(\d+))?">')


def _accessible(svg: str, spec: MapSpec, order: list[str], keys: list) -> str:
    """matplotlib's SVG with the map's title and description, role="img", and each unit's group
    named (its title and data attributes), each legend entry with its band; every value escaped."""
    by_unit = {u.unit: u for u in spec.units}

    def group(m: re.Match) -> str:
        kind, i, j = m.group(1), int(m.group(2)), m.group(3)
        if kind == "u":
            uid = order[i]
            unit = by_unit.get(uid, MapUnit(uid, uid))
            filled = unit.state == "ranked" and unit.band >= 0
            attrs = [f'id="don-vi-{esc(uid)}"', f'class="pp-map-unit pp-map-{unit.state}'
                     + (f' pp-band-{unit.band}"' if filled else '"'), f'data-unit="{esc(uid)}"']
            if unit.band >= 0:
                attrs.append(f'data-band="{unit.band}"')
            if unit.rank:
                attrs.append(f'data-rank="{unit.rank}"')
            if unit.index:
                attrs.append(f'data-index="{esc(unit.index)}"')
            return f'<g {" ".join(attrs)}>\n    <title>{esc(unit_title(unit))}</title>'
        if kind == "l":
            return f'<g class="pp-map-label" data-unit="{esc(order[i])}">'
        if kind == "t":
            return '<g class="pp-map-title">'
        if kind == "k":
            return f'<g class="pp-map-key" data-band="{esc(keys[i][int(j)][1][3])}">'
        return f'<g class="pp-map-key-text" data-band="{esc(keys[i][int(j)][1][3])}">'

    svg = _GID.sub(group, svg)
    start = svg.index("<svg ")
    end = svg.index(">", start)
    head = svg[start:end].replace("<svg ", '<svg role="img" aria-labelledby="pp-map-title pp-map-desc" ', 1)
    return (svg[:start] + head + ">\n <title id=\"pp-map-title\">" + esc(spec.title) + "</title>\n <desc id=\"pp-map-desc\">"
            + esc(spec.alt) + "</desc>" + svg[end + 1:])


def unit_title(unit: MapUnit) -> str:
    """A unit's tooltip on the map: name, index, band and rank, or why it has no colour."""
    if unit.state == "none":
        return f"{unit.name}: không đánh giá / not evaluated"
    text = f"{unit.name}: {unit.index_vn}"
    if unit.band_name:
        text += f", {unit.band_name}"
    return text + (f", hạng / rank {unit.rank}" if unit.rank else ", không xếp hạng / not ranked")
