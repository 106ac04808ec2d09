"""The maps in Chromium: from the navigation to a group's map, the worst district read from the
table is the one the map draws in the worst band (its colour, its legend entry, its rank on its
label); on a 390 px phone the map scales to the screen and nothing overflows. No console error,
no request leaving 127.0.0.1."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

# The map's SVG read in the page (same origin): each unit's group with its data, the legend entries
# with their swatch colours, and each label's text.
READ_SVG = """async src => {
  const text = await (await fetch(src)).text();
  const svg = new DOMParser().parseFromString(text, "image/svg+xml");
  const fill = g => { const p = g.querySelector("path"); return p ? p.style.fill : null; };
  const units = {};
  for (const g of svg.querySelectorAll("g.pp-map-unit")) {
    units[g.dataset.unit] = {band: g.dataset.band ?? null, rank: g.dataset.rank ?? null, cls: g.getAttribute("class"),
                             title: g.querySelector("title").textContent, fill: fill(g)};
  }
  const keys = [...svg.querySelectorAll("g.pp-map-key")].map(g => {
    const text = svg.querySelector(`g.pp-map-key-text[data-band="${g.dataset.band}"]`);
    return {band: g.dataset.band, fill: fill(g), text: text ? text.textContent.trim() : ""};
  });
  const labels = {};
  for (const g of svg.querySelectorAll("g.pp-map-label")) labels[g.dataset.unit] = g.textContent.replace(/\\s+/g, " ").trim();
  return {role: svg.documentElement.getAttribute("role"), title: svg.querySelector("svg > title").textContent,
          units, keys, labels};
}"""


def test_the_worst_district_in_the_table_is_in_the_worst_band_on_the_map(demo, visit):
    page, watch = visit("index.html")
    page.locator(".md-tabs__link", has_text="Bản đồ").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("ban-do/index.html")
    page.locator("article a[href='huyen.html']").first.click()
    page.wait_for_load_state("networkidle")
    figure = page.locator("figure.pp-map").first  # the newest final year
    img = figure.locator("img")
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.complete && i.naturalWidth > 0"), "the map did not load"
    assert "Thấp nhất" in img.get_attribute("alt") and "Cao nhất" in img.get_attribute("alt")
    table = page.locator(figure.locator("figcaption a[href^='#bang-ban-do-']").get_attribute("href"))
    assert table.evaluate("t => t.tagName") == "TABLE" and table.is_visible()
    # the reader's question, answered from the table: sort by index, lowest first
    table.locator("thead th").nth(2).locator("button.pp-sort").click()
    first = table.locator("tbody tr").first
    worst = {"unit": first.get_attribute("data-unit"), "rank": first.locator("td").first.inner_text().strip(),
             "name": first.locator("th a").inner_text().strip(), "index": first.locator("td").nth(1).inner_text().strip(),
             "band": first.locator(".pp-band").inner_text().strip()}
    ranks = [int(t) for t in table.locator("tbody td:first-child").all_inner_texts() if t.strip().isdigit()]
    assert worst["rank"] == str(max(ranks)), "the lowest index is not the last rank"

    drawn = page.evaluate(READ_SVG, img.evaluate("i => i.src"))
    assert drawn["role"] == "img" and drawn["title"]
    unit = drawn["units"][worst["unit"]]
    ranked = [u for u in drawn["units"].values() if u["rank"] is not None]
    assert len(drawn["units"]) == table.locator("tbody tr").count() == 10
    assert unit["band"] == max(u["band"] for u in ranked), "the worst district is not in the worst band on the map"
    assert worst["name"] in unit["title"] and worst["index"] in unit["title"] and worst["band"] in unit["title"]
    key = next(k for k in drawn["keys"] if k["band"] == unit["band"])
    assert key["text"].startswith(worst["band"]) and key["fill"] == unit["fill"], (key, unit)
    assert f"#{worst['rank']}" in drawn["labels"][worst["unit"]]  # its rank is written on it
    others = {u["fill"] for name, u in drawn["units"].items() if u["band"] != unit["band"]}
    assert unit["fill"] not in others
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_map_scales_to_a_phone(demo, visit):
    page, watch = visit("ban-do/huyen.html", viewport={"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, "the page overflows"
    for i in range(page.locator("figure.pp-map").count()):
        figure = page.locator("figure.pp-map").nth(i)
        img = figure.locator("img")
        img.scroll_into_view_if_needed()
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
        box = img.bounding_box()
        assert 300 <= box["width"] <= 390 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert figure.evaluate("f => f.scrollWidth <= f.clientWidth + 1"), "the map is cut, to be scrolled"
        ratio = img.evaluate("i => i.naturalHeight / i.naturalWidth")
        assert abs(box["height"] / box["width"] - ratio) < 0.02, "the map is stretched"
    assert page.locator("table.pp-map-table").first.is_visible()
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_group_without_a_boundary_file_says_how_to_add_one(demo, visit):
    page, watch = visit("ban-do/index.html")
    item = page.locator("ul.pp-map-groups li", has_text="Sở, ban, ngành")
    assert "chưa có bản đồ" in item.inner_text()
    item.locator("a[href='#them-ban-do']").click()
    how = page.locator("#them-ban-do")
    assert how.is_visible()
    text = page.locator("article").inner_text()
    for words in ("content/ban-do/<mã nhóm>.geojson", '"don_vi"', "FeatureCollection", "OpenStreetMap"):
        assert words in text, words
    assert not watch.problems(), "\n".join(watch.problems())
