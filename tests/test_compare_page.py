"""The compare page (so-sanh/index.md) as generated: its form and list of every unit, what its script
needs beside the units' JSON, its links, and the links to it from the unit pages, the rankings and
the units index. The page in a browser: tests/e2e/test_e2e_compare.py."""
from __future__ import annotations

import json
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.compute import compute
from generator.load import load
from generator.render import render
from generator.render import site_paths as P
from generator.render.templating import html_path
from tests.conftest import MINI, mutate
from tests.test_render import INFO, live_markup


def _render(root: Path) -> Path:
    ds = load(root).dataset
    res = compute(ds)
    render(ds, res, INFO, root, root / "build/docs", root / "build/cache", root / "build/ready")
    return root / "build/docs"


class _Page(HTMLParser):
    """The compare page's form, list and script data, as a browser would read them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.options: list[tuple[str, str]] = []
        self.inputs: list[dict] = []
        self.selects: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.box: dict = {}
        self.forms: list[dict] = []
        self._in: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option":
            self._in, self._text = "option", []
            self._value = a.get("value")
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "div" and a.get("id") == "pp-ket-qua":
            self.box = a
        elif tag == "form":
            self.forms.append(a)

    def handle_data(self, data):
        if self._in == "option":
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._in == "option":
            if self._select:
                self.selects[self._select].append(self._value)
            else:
                self.options.append((self._value, "".join(self._text)))
            self._in = None
        elif tag == "select":
            self._select = None


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("c") / "mini"
    shutil.copytree(MINI, root)
    return _render(root)


def registry() -> dict:
    return yaml.safe_load((MINI / "scores/units.yaml").read_text(encoding="utf-8"))


def test_the_form_names_units_in_the_address_and_lists_every_unit_once(docs):
    page = parse((docs / P.COMPARE).read_text(encoding="utf-8"))
    assert [f.get("method") for f in page.forms] == ["get"]  # a real form: its choice goes in the address
    boxes = [i for i in page.inputs if i.get("name") == P.COMPARE_UNIT]
    assert len(boxes) == 4 and {b["list"] for b in boxes} == {"pp-danh-sach-don-vi"}  # one list for all four
    units = registry()["units"]
    assert sorted(page.options) == sorted((u["id"], u["name"]) for u in units)
    assert page.selects["tu"] == page.selects["den"] == ["", "2023", "2022"]  # every year (newest first)


def test_the_script_gets_group_sizes_bands_and_addresses_of_the_units_data(docs):
    page = parse((docs / P.COMPARE).read_text(encoding="utf-8"))
    meta = json.loads(page.box["data-meta"])
    assert meta["groups"] == {"so-nganh": ["Sở, ban, ngành", "Departments and boards"]}
    ranking = json.loads((docs / P.ranking_json(2023, "so-nganh")).read_text(encoding="utf-8"))
    ranked = sum(1 for e in ranking["entries"] if e["rank"] is not None)
    assert meta["ranked"]["2023"]["so-nganh"] == ranked == 3  # the unranked inspectorate is not counted
    assert meta["ranked"]["2022"]["so-nganh"] == 4
    criteria = yaml.safe_load((MINI / "criteria/so-nganh/2022.yaml").read_text(encoding="utf-8"))
    bands = meta["sets"]["so-nganh/2022"]["bands"]
    assert [bands[b["id"]] for b in criteria["bands"]] == [[b["name"], b["name_en"], i]
                                                          for i, b in enumerate(criteria["bands"])]
    assert meta["sets"]["so-nganh/2022"]["group"] == "so-nganh"
    here = posixpath.dirname(P.COMPARE)
    for attr, target in (("data-unit-json", P.unit_json("so-noi-vu")), ("data-unit-page", P.unit_page("so-noi-vu"))):
        address = page.box[attr].replace("{id}", "so-noi-vu")
        assert not address.startswith("/") and posixpath.normpath(posixpath.join(here, address)) == target
        assert (docs / target).is_file() or (docs.parent / "ready" / target).is_file(), target


def test_the_page_links_each_groups_all_years_table_for_readers_without_script(docs):
    text = (docs / P.COMPARE).read_text(encoding="utf-8")
    page = parse(text)
    here = posixpath.dirname(P.COMPARE)
    targets = {posixpath.normpath(posixpath.join(here, href)) for href in page.links}
    assert html_path(P.all_years_page("so-nganh")) in targets
    assert {html_path(P.UNITS), html_path(P.RANKINGS)} <= targets
    assert "<noscript>" in text and "JavaScript" in text
    assert f"scripts:\n  - {P.COMPARE_SCRIPT}\n" in text  # loaded on this page only (main.html)
    assert (Path(__file__).parents[1] / "site_templates/overrides" / P.COMPARE_SCRIPT).is_file()


def test_unit_pages_rankings_and_units_index_link_to_it(docs):
    unit = (docs.parent / "ready" / P.unit_page("so-tu-phap")).read_text(encoding="utf-8")
    href = f'../{html_path(P.COMPARE)}?{P.COMPARE_UNIT}=so-tu-phap"'
    assert unit.count(href) == 1 and "So sánh với đơn vị khác" in unit
    for page in (P.RANKINGS, P.UNITS):
        text = (docs / page).read_text(encoding="utf-8")
        link = posixpath.relpath(html_path(P.COMPARE), posixpath.dirname(page))
        assert f'href="{link}"' in text, page


def test_mkdocs_navigation_names_the_page(docs):
    config = (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"  - So sánh: {P.COMPARE}\n" in config  # its title in mkdocs.yml: dirty builds do not read the page


def test_unit_names_are_text_in_the_list_and_the_data_cannot_leave_its_attribute(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(MINI, root)
    hostile = "Sở <script>alert(1)</script> \"a\" 'b' </datalist><img src=x onerror=alert(2)> & {{ x }}"
    mutate(root, "scores/units.yaml", "name: Sở Tư pháp\n", f"name: {json.dumps(hostile)}\n")
    group = "Sở, ban, ngành \"><script>alert(3)</script>"
    mutate(root, "scores/units.yaml", "name: Sở, ban, ngành\n", f"name: {json.dumps(group)}\n")
    text = (_render(root) / P.COMPARE).read_text(encoding="utf-8")
    assert live_markup(text) == []
    assert "<script>alert" not in text and "<img src=x" not in text
    page = parse(text)
    assert ("so-tu-phap", hostile) in page.options
    assert json.loads(page.box["data-meta"])["groups"]["so-nganh"][0] == group


def test_the_page_is_the_same_from_one_render_to_the_next(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(MINI, first)
    shutil.copytree(MINI, second)
    assert (_render(first) / P.COMPARE).read_bytes() == (_render(second) / P.COMPARE).read_bytes()
