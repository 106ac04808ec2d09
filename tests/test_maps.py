"""Maps (generator/render/maps.py and the map pages): one reproducible, accessible SVG per mapped
group and final year, drawn with matplotlib only when there is a map; band colours as the badges;
unit names escaped; alt text and table beside the map; without a boundary file, the page says
how to add one."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.compute import compute
from generator.core import paths
from generator.load import load
from generator.load.boundaries import parse_boundaries
from generator.render import site_paths as P
from generator.render.maps import BAND_COLOURS, MapSpec, MapUnit, map_svg, short_name, unit_title
from tests.conftest import REPO
from tests.test_render import INFO, _render

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "Huyện" </title><b>'
BANDS = (("Xuất sắc", "≥ 85"), ("Tốt", "≥ 75"), ("Khá", "≥ 65"), ("Yếu", "< 65"))


def _square(x: float, y: float) -> list:
    return [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]


def sample() -> MapSpec:
    """Four units in a row: ranked in band 0 and band 3, evaluated but not ranked, not evaluated."""
    import json
    features = [{"type": "Feature", "properties": {"don_vi": f"u{i}"},
                 "geometry": {"type": "Polygon", "coordinates": [_square(106 + i / 10, 16)]}} for i in range(4)]
    raw = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    geometry, diags = parse_boundaries("content/ban-do/g.geojson", "g", raw, None)
    assert not diags
    units = (MapUnit("u0", "Huyện An", "91.20", "91,20", 1, 0, "Xuất sắc", "ranked"),
             MapUnit("u1", HOSTILE, "60.05", "60,05", 2, 3, "Yếu", "ranked"),
             MapUnit("u2", "Thị xã Bình", "80.00", "80,00", None, 1, "Tốt", "unranked"),
             MapUnit("u3", "Xã Cũ"))
    return MapSpec("ban-do-2023-g.svg", "Chỉ số CCHC 2023 theo xếp loại — nhóm <g>", "Bản đồ: " + HOSTILE, units,
                   BANDS, geometry)


@pytest.fixture(scope="module")
def drawn() -> str:
    return map_svg(sample())


def _units(root) -> dict[str, ET.Element]:
    return {g.get("data-unit"): g for g in root.iter(SVG + "g") if "pp-map-unit" in (g.get("class") or "")}


def test_a_map_is_valid_svg_with_its_title_description_and_each_units_title(drawn):
    root = ET.fromstring(drawn.encode("utf-8"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "pp-map-title pp-map-desc"
    assert root.find(SVG + "title").text == sample().title and root.find(SVG + "desc").text == sample().alt
    units = _units(root)
    assert set(units) == {"u0", "u1", "u2", "u3"}
    assert units["u1"].find(SVG + "title").text == unit_title(sample().units[1])
    assert HOSTILE in units["u1"].find(SVG + "title").text  # shown as written, as text
    assert "<script" not in drawn and "</title><b>" not in drawn  # escaped everywhere (labels included)
    assert units["u0"].get("data-band") == "0" and units["u0"].get("data-rank") == "1"
    assert units["u0"].get("data-index") == "91.20"
    assert "pp-band-3" in units["u1"].get("class") and "pp-map-ranked" in units["u1"].get("class")
    assert "pp-band" not in units["u2"].get("class") and "pp-map-unranked" in units["u2"].get("class")
    assert units["u3"].get("data-band") is None and "pp-map-none" in units["u3"].get("class")


def _fill(group: ET.Element) -> str:
    path = group.find(SVG + "path")
    return re.search(r"fill: ([^;]+)", path.get("style")).group(1)


def test_units_are_filled_by_band_and_the_grey_ones_hatched(drawn):
    root = ET.fromstring(drawn.encode("utf-8"))
    units = _units(root)
    assert _fill(units["u0"]) == BAND_COLOURS[0] and _fill(units["u1"]) == BAND_COLOURS[3]
    hatches = {_fill(units["u2"]), _fill(units["u3"])}
    assert all(h.startswith("url(#") for h in hatches) and len(hatches) == 2  # two different hatchings
    keys = {g.get("data-band"): g for g in root.iter(SVG + "g") if g.get("class") == "pp-map-key"}
    assert set(keys) == {"0", "1", "2", "3", "unranked", "none"}  # every band, and the grey classes present
    assert _fill(keys["3"]) == BAND_COLOURS[3] and _fill(keys["none"]) == _fill(units["u3"])
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "Xuất sắc (≥ 85): 1" in texts and "Yếu (< 65): 1" in texts and "Tốt (≥ 75): 0" in texts
    assert "An" in texts and "#1" in texts and "#2" in texts and "Bình" in texts  # labels: short names, ranks


def test_a_map_is_drawn_byte_for_byte_again_and_in_another_process(drawn):
    assert map_svg(sample()) == drawn
    assert "<dc:date>" not in drawn and not re.search(r"20\d\d-\d\d-\d\dT", drawn)
    code = "import sys; from tests.test_maps import sample; from generator.render.maps import map_svg; " \
           "sys.stdout.buffer.write(map_svg(sample()).encode())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=REPO,
                         env={**os.environ, "PYTHONHASHSEED": "4242"}).stdout
    assert out.decode() == drawn


def test_the_digest_changes_with_what_is_drawn():
    base = sample()
    from dataclasses import replace
    assert replace(base).digest() == base.digest()
    moved = replace(base, units=(replace(base.units[0], band=1),) + base.units[1:])
    assert moved.digest() != base.digest()
    other = replace(base, geometry=replace(base.geometry, digest="0" * 64))
    assert other.digest() != base.digest()


def test_band_colours_are_the_badges_colours():
    css = (REPO / "site_templates/overrides/assets/stylesheets/parportal.css").read_text(encoding="utf-8")
    for i, colour in enumerate(BAND_COLOURS):
        rule = re.search(r"\.pp-band-(?:\d, \.md-typeset \.pp-band-)?%d\b[^{]*\{ background: (#[0-9a-f]{6})" % i, css)
        assert rule and rule.group(1) == colour, i


def test_short_names_drop_the_kind_of_unit():
    assert [short_name(n) for n in ("Thành phố Minh Châu", "Thị xã Bình Sơn", "Huyện Ngọc Lâm", "UBND xã Tân Hòa",
                                    "Phường 3", "Sở Nội vụ")] == ["Minh Châu", "Bình Sơn", "Ngọc Lâm", "Tân Hòa", "3",
                                                                  "Sở Nội vụ"]


# ------------------------------------------------------------------------------- the pages

@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo-maps")
    for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR, paths.CONTENT_DIR):
        shutil.copytree(REPO / folder, root / folder)
    report, docs = _render(root)
    return root, report, docs


def test_a_mapped_group_has_a_map_per_final_year_newest_first_beside_its_table(demo_site):
    root, _, docs = demo_site
    text = (docs / P.map_page("huyen")).read_text(encoding="utf-8")
    assert text.index("## Năm 2023") < text.index("## Năm 2022")
    for year in (2023, 2022):
        svg = (docs / P.map_chart("huyen", year)).read_text(encoding="utf-8")
        assert svg == map_svg_of(root, year)  # the file is the map of that year's results
        block = text[text.index(f'id="ban-do-{year}"'):text.index("</table>", text.index(f'id="bang-ban-do-{year}"'))]
        rows = re.findall(r'<tr data-unit="([a-z0-9-]+)"><td class="pp-num">(\d+)</td>', block)
        assert len(rows) == 10 and [int(r[1]) for r in rows] == sorted(int(r[1]) for r in rows)
        worst = rows[-1][0]
        alt = re.search(r'<img src="[^"]+" alt="([^"]+)"', block).group(1)
        name = re.search(rf'<tr data-unit="{worst}">.*?<a href="[^"]+">([^<]+)</a>', block).group(1)
        assert f"Thấp nhất: {name}" in alt and "Xuất sắc:" in alt and "Số liệu ở bảng bên cạnh" in alt
        assert f'href="../{P.unit_page(worst)}"' in block
        band = re.search(rf'<g id="don-vi-{worst}" [^>]*data-band="(\d)"', svg).group(1)
        assert band == max(re.findall(r'class="pp-map-unit pp-map-ranked pp-band-\d" data-unit="[^"]+" data-band="(\d)"',
                                      svg))  # the worst district is in the worst band on the map
    assert (docs / P.boundary_copy("huyen")).read_bytes() == (root / "content/ban-do/huyen.geojson").read_bytes()


def map_svg_of(root: Path, year: int) -> str:
    from generator.render.pages import SiteWriter  # the spec the pages drew, drawn again here
    ds = load(root).dataset
    res = compute(ds)
    site = SiteWriter(ds, res, INFO, None, None, None)
    ranking = next(r for r in res.rankings if r.group == "huyen" and r.year == year)
    return map_svg(site.map_year(ranking, ds.maps[0])["spec"])


def test_the_index_lists_every_group_and_the_rankings_home_link_the_maps(demo_site):
    _, _, docs = demo_site
    index = (docs / P.MAPS).read_text(encoding="utf-8")
    assert 'href="huyen.html"' in index and 'href="huyen.html#nam-2023"' in index
    assert "Sở, ban, ngành" in index and "content/ban-do/so-nganh.geojson" in index  # not a place: how to add one
    assert 'href="../../ban-do/huyen.html#nam-2023"' in (docs / P.ranking_page(2023, "huyen")).read_text(encoding="utf-8")
    assert "ban-do/" not in (docs / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    assert 'href="ban-do/index.html"' in (docs / P.HOME).read_text(encoding="utf-8")
    assert 'href="../ban-do/index.html"' in (docs / P.RANKINGS).read_text(encoding="utf-8")
    assert "Bản đồ: ban-do/index.md" in (REPO / paths.MKDOCS_FILE).read_text(encoding="utf-8")  # in the nav


def test_a_second_render_takes_the_maps_from_the_cache(demo_site):
    root, first, docs = demo_site
    before = {p: p.read_bytes() for p in (docs / P.CHARTS_DIR).glob("ban-do-*.svg")}
    report, _ = _render(root)
    assert len(before) == 2 and report.charts.drawn == 0 and report.charts.reused == first.charts.drawn + first.charts.reused
    assert {p: p.read_bytes() for p in (docs / P.CHARTS_DIR).glob("ban-do-*.svg")} == before


def test_without_a_boundary_file_the_page_says_how_to_add_one(mini, tmp_path):
    _, docs = _render(mini)  # no content/ of its own: the checkout's boundary file is not borrowed
    text = (docs / P.MAPS).read_text(encoding="utf-8")
    for words in ("chưa có bản đồ", "content/ban-do/so-nganh.geojson", '"don_vi"', "FeatureCollection",
                  "MultiPolygon", "WGS 84", "OpenStreetMap", "ODbL", "GADM", '"nguon"', "parportal check",
                  "add a boundary file"):
        assert words in text, words
    assert not (docs / P.map_page("so-nganh")).exists() and not (docs / P.boundary_copy("huyen")).exists()
    assert not list((docs / P.CHARTS_DIR).glob("ban-do-*.svg"))


def test_matplotlib_is_imported_only_when_a_map_is_drawn(mini, tmp_path):
    code = ("import sys; from pathlib import Path; from tests.test_maps import _render; _render(Path(sys.argv[1])); "
            "print('matplotlib' in sys.modules)")
    demo = tmp_path / "demo"
    for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR, paths.CONTENT_DIR):
        shutil.copytree(REPO / folder, demo / folder)
    seen = [subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True,
                           cwd=REPO, env={**os.environ, "PARPORTAL_CACHE": "0"}).stdout.strip() for root in (mini, demo)]
    assert seen == ["False", "True"]


def test_a_file_without_features_and_a_set_without_bands_still_draw():
    from dataclasses import replace
    base = sample()
    empty, _ = parse_boundaries("content/ban-do/g.geojson", "g", b'{"type": "FeatureCollection", "features": []}', None)
    svg = map_svg(replace(base, geometry=empty))
    root = ET.fromstring(svg.encode("utf-8"))
    assert not _units(root) and "không có đơn vị nào" in " ".join(t.text or "" for t in root.iter(SVG + "text"))
    unbanded = replace(base, bands=(), units=tuple(replace(u, band=-1, band_name="") for u in base.units))
    root = ET.fromstring(map_svg(unbanded).encode("utf-8"))
    units = _units(root)
    assert _fill(units["u0"]) == _fill(units["u1"]) and not _fill(units["u0"]).startswith("url(")  # ranked: one colour
    keys = {g.get("data-band") for g in root.iter(SVG + "g") if g.get("class") == "pp-map-key"}
    assert keys == {"no-band", "unranked", "none"}
