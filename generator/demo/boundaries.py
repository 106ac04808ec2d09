"""The demonstration province's district boundaries: a fictional outline cut into one polygon per
district, written to `content/ban-do/huyen.geojson` (the format of `generator.load.boundaries`).

Pure Python and deterministic: the outline's radii and the districts' seed points come from
`random.Random` with a fixed seed; the districts are the Voronoi cells of the seeds (each the
outline clipped by the half-planes nearer its seed than another's), relaxed twice towards their
centroids so that no district is a sliver; shared vertices are snapped together, so that
neighbours meet exactly; coordinates are rounded to five decimals (about a metre). The shapes
look like a province and are none: they say so in the file's `nguon`."""
from __future__ import annotations

import json
import math
import random

SEED = "parportal-demo-1/ban-do"
CENTRE = (106.62, 16.58)    # longitude, latitude: somewhere plausible, shapes invented
RADIUS = 0.42               # degrees of latitude, about 46 km
OUTLINE_POINTS = 96
RELAXATIONS = 2
DECIMALS = 5
MEANDER = 0.09              # how far a shared border bends, as a share of its length
MEANDER_DEPTH = 3           # 7 points inserted along each shared border
SOURCE = ("Ranh giới hư cấu của Tỉnh Minh Họa, sinh bằng python -m generator.demo; không phải bản đồ thật. "
          "Fictional boundaries of the demonstration province, not a real map.")

Point = tuple[float, float]


def _outline(rng: random.Random) -> list[Point]:
    """A star-shaped outline (every ray from the centre crosses it once), counter-clockwise: a
    radius made of a few slow waves, wider east to west, like a coastal province."""
    waves = [(k, rng.uniform(0.03, 0.11) / k ** 0.6, rng.uniform(0, 2 * math.pi)) for k in (2, 3, 5, 7, 11, 17, 23)]
    scale = 1 / math.cos(math.radians(CENTRE[1]))  # a degree of longitude is shorter than one of latitude
    points = []
    for i in range(OUTLINE_POINTS):
        angle = 2 * math.pi * i / OUTLINE_POINTS
        r = RADIUS * (1 + sum(a * math.sin(k * angle + phase) for k, a, phase in waves))
        points.append((CENTRE[0] + 1.25 * r * math.cos(angle) * scale, CENTRE[1] + 0.8 * r * math.sin(angle)))
    return points


def _inside(poly: list[Point], p: Point) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _clip(poly: list[Point], a: Point, b: Point) -> list[Point]:
    """`poly` cut to the half-plane nearer `a` than `b` (Sutherland–Hodgman, one edge)."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    c = (b[0] ** 2 + b[1] ** 2 - a[0] ** 2 - a[1] ** 2) / 2  # nearer a: n·p < c

    def side(p: Point) -> float:
        return c - (nx * p[0] + ny * p[1])

    out: list[Point] = []
    for p, q in zip(poly, poly[1:] + poly[:1]):
        sp, sq = side(p), side(q)
        if sp >= 0:
            out.append(p)
        if (sp >= 0) != (sq >= 0):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _cells(outline: list[Point], seeds: list[Point]) -> list[list[Point]]:
    cells = []
    for i, seed in enumerate(seeds):
        cell = outline
        for j, other in enumerate(seeds):
            if i != j:
                cell = _clip(cell, seed, other)
        cells.append(cell)
    return cells


def _centroid(poly: list[Point]) -> Point:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return (cx / (3 * area), cy / (3 * area))


def _seeds(rng: random.Random, outline: list[Point], count: int) -> list[Point]:
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    seeds: list[Point] = []
    while len(seeds) < count:
        p = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if _inside(outline, p):
            seeds.append(p)
    for _ in range(RELAXATIONS):
        seeds = [_centroid(cell) for cell in _cells(outline, seeds)]
    return seeds


def _snapped(cells: list[list[Point]]) -> list[list[Point]]:
    """Every vertex rounded; vertices that neighbours computed a hair apart become one, and a
    vertex repeated in a row is dropped."""
    seen: dict[tuple[int, int], Point] = {}
    grid = 10 ** (DECIMALS - 1)  # a tenth of the last decimal's scale decides "the same vertex"
    out = []
    for cell in cells:
        ring: list[Point] = []
        for x, y in cell:
            key = (round(x * grid), round(y * grid))
            p = seen.setdefault(key, (round(x, DECIMALS), round(y, DECIMALS)))
            if not ring or ring[-1] != p:
                ring.append(p)
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        out.append(ring)
    return out


def _meandering(cells: list[list[Point]]) -> list[list[Point]]:
    """Borders between two districts bent like a river or a ridge: points inserted along each
    shared edge by midpoint displacement, drawn from a generator seeded with the edge itself, so
    that both neighbours insert the same points (one walks them backwards)."""
    count: dict[tuple[Point, Point], int] = {}
    for ring in cells:
        for p, q in zip(ring, ring[1:] + ring[:1]):
            key = (min(p, q), max(p, q))
            count[key] = count.get(key, 0) + 1
    out = []
    for ring in cells:
        bent: list[Point] = []
        for p, q in zip(ring, ring[1:] + ring[:1]):
            bent.append(p)
            key = (min(p, q), max(p, q))
            if count[key] == 2:
                inner = _bend(*key, random.Random(f"{SEED}/{key}"), MEANDER_DEPTH)
                bent.extend(inner if key[0] == p else reversed(inner))
        out.append(bent)
    return out


def _bend(p: Point, q: Point, rng: random.Random, depth: int) -> list[Point]:
    """Points strictly between `p` and `q`: the midpoint moved sideways by up to MEANDER of the
    edge's length, then the same on each half."""
    if depth == 0:
        return []
    dx, dy = q[0] - p[0], q[1] - p[1]
    shift = rng.uniform(-MEANDER, MEANDER)
    mid = (round(p[0] + dx / 2 - dy * shift, DECIMALS), round(p[1] + dy / 2 + dx * shift, DECIMALS))
    return _bend(p, mid, rng, depth - 1) + [mid] + _bend(mid, q, rng, depth - 1)


def boundary_file(units: list[tuple[str, str]]) -> str:
    """The GeoJSON text for `units` ((id, name) pairs, in the order their seeds are drawn): one
    Polygon feature each, its id in `don_vi`, its name in `ten` (for people reading the file)."""
    rng = random.Random(SEED)
    outline = _outline(rng)
    cells = _meandering(_snapped(_cells(outline, _seeds(rng, outline, len(units)))))
    features = []
    for (uid, name), ring in zip(units, cells):
        closed = [[x, y] for x, y in ring] + [[ring[0][0], ring[0][1]]]
        features.append({"type": "Feature", "properties": {"don_vi": uid, "ten": name},
                         "geometry": {"type": "Polygon", "coordinates": [closed]}})
    lines = ",\n".join("    " + json.dumps(f, ensure_ascii=False, separators=(", ", ": ")) for f in features)
    return ('{\n  "type": "FeatureCollection",\n'
            f'  "nguon": {json.dumps(SOURCE, ensure_ascii=False)},\n'
            f'  "features": [\n{lines}\n  ]\n}}\n')
