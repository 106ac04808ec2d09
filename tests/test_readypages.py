"""Ready unit pages: the frame MkDocs renders once is cut at its markers and filled per unit."""
from __future__ import annotations

import gzip
import json

import pytest

from generator.publish.readypages import UNIT_BOOST, Frame, FrameError, _add_to_sitemap, assemble, toc_html
from generator.render.ready import ReadyPage, ReadyPages, search_text, table_of_contents
from generator.render.staging import Staging

SHELL = """<html><head><title>PPSHELL-TITLE - Site</title><meta name="description" content="PPSHELL-DESCRIPTION"></head>
<body><a href="#ppshell-h1" class="md-skip">skip</a><div class="md-header__topic"><span>PPSHELL-TITLE</span></div>
<ul class="md-nav__list" data-md-component="toc"><li class="md-nav__item">
  <a href="#ppshell-toc" class="md-nav__link"><span class="md-ellipsis">PPSHELL-TOC</span></a>
</li></ul>
<article><h1 id="ppshell-h1">PPSHELL-TITLE<a class="headerlink" href="#ppshell-h1">#</a></h1>
<h2 id="ppshell-toc">PPSHELL-TOC<a class="headerlink" href="#ppshell-toc">#</a></h2>
<p>PPSHELL-CONTENT</p><p class="pp-provenance">commit</p></article></body></html>"""


def test_frame_fills_every_slot_and_escapes_the_title():
    frame = Frame.parse(SHELL)
    page = frame.fill("<h1 id=\"a\">A</h1><p>body</p>".encode(), title="A &lt;b&gt;", description="d", h1="#a",
                      toc=toc_html([["nam-2023", "Năm 2023"]])).decode("utf-8")
    assert "PPSHELL" not in page and "ppshell" not in page
    assert "<title>A &lt;b&gt; - Site</title>" in page and '<a href="#a" class="md-skip">' in page
    assert '<a href="#nam-2023" class="md-nav__link"><span class="md-ellipsis">Năm 2023</span></a>' in page
    assert "<p>body</p><p class=\"pp-provenance\">commit</p>" in page


@pytest.mark.parametrize("broken", [
    SHELL.replace("<p>PPSHELL-CONTENT</p>", ""),             # no article marker
    SHELL.replace('href="#ppshell-toc" class', 'class'),        # no table-of-contents entry
    SHELL.replace("<body>", '<body data-x="PPSHELL-OTHER">'),   # a marker nobody fills
])
def test_a_frame_the_assembly_does_not_understand_is_an_error(broken):
    with pytest.raises(FrameError):
        Frame.parse(broken)


def test_table_of_contents_and_search_text_from_a_fragment():
    fragment = ('<h1 id="x">X</h1><h2 id="qua-cac-nam">Kết quả<a class="headerlink" href="#q">#</a></h2>'
                '<h2 id="nam-2023">Năm 2023<a class="headerlink" href="#n">#</a></h2>')
    assert table_of_contents(fragment) == [("qua-cac-nam", "Kết quả"), ("nam-2023", "Năm 2023")]
    assert search_text("Sở <script>", "", "so") == "<p>Sở &lt;script&gt; so</p>"


def test_assemble_writes_pages_search_entries_and_drops_the_frame(tmp_path):
    site, ready = tmp_path / "site", tmp_path / "ready"
    (site / "don-vi").mkdir(parents=True)
    (site / "search").mkdir()
    (site / "don-vi/_khung.html").write_text(SHELL, encoding="utf-8")
    (site / "search/search_index.json").write_text(json.dumps({"config": {}, "docs": [
        {"location": "index.html", "title": "Home", "text": ""},
        {"location": "don-vi/a.html#old", "title": "stale", "text": ""}]}), encoding="utf-8")
    pages = ReadyPages(Staging(ready))
    pages.add(ReadyPage("don-vi/a.html", "Sở <A>", "desc", "so-a", [("nam-2023", "Năm 2023")],
                        search_text("Sở <A>")), '<h1 id="so-a">Sở &lt;A&gt;</h1>')
    pages.finish()
    assert assemble(site, ready) == 1
    page = (site / "don-vi/a.html").read_text(encoding="utf-8")
    assert "<title>Sở &lt;A&gt; - Site</title>" in page and "PPSHELL" not in page
    assert not (site / "don-vi/_khung.html").exists()
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs] == ["index.html", "don-vi/a.html"]
    assert docs[1]["title"] == "Sở &lt;A&gt;" and docs[1]["boost"] == UNIT_BOOST > 1  # a name outranks long tables
    assert assemble(site, ready) == 0  # no frame: a build that did not render one has nothing to assemble


def test_sitemap_lists_every_ready_page_in_place_of_the_frame(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<urlset>\n    <url>\n         <loc>https://x.vn/index.html</loc>\n    </url>\n'
                       '    <url>\n         <loc>https://x.vn/don-vi/_khung.html</loc>\n    </url>\n</urlset>\n',
                       encoding="utf-8")
    _add_to_sitemap(sitemap, ["don-vi/a.html", "don-vi/b.html"], "don-vi/_khung.html")
    text = sitemap.read_text(encoding="utf-8")
    assert "_khung" not in text and text.count("<url>") == 3 and "https://x.vn/don-vi/b.html" in text
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == text


def test_unit_pages_in_forked_workers_are_the_serial_pages(tmp_path, monkeypatch):
    """The same fragments, manifest entries and chart specs, whether unit pages are rendered in
    this process or in worker processes."""
    from pathlib import Path

    from generator.compute import compute
    from generator.core import paths
    from generator.load import load
    from generator.render import pages as pages_module
    from generator.render.pages import SiteWriter, begin_unit_pages
    from generator.render.templating import make_environment
    from tests.test_render import INFO

    root = Path(__file__).parent / "fixtures/mini"
    ds = load(root, cache=False).dataset
    res = compute(ds)

    def run(folder):
        site = SiteWriter(ds, res, INFO, make_environment(paths.ROOT / paths.TEMPLATES_DIR / "pages"),
                          Staging(tmp_path / folder / "docs"), ReadyPages(Staging(tmp_path / folder / "ready")))
        unit_pages = begin_unit_pages(site, sorted(ds.units.values(), key=lambda u: u.id))
        for ranking in res.rankings:  # this process's own pages, while the workers render
            site.ranking_page(ranking)
        unit_pages.finish()
        return site

    serial = run("serial")
    monkeypatch.setattr(pages_module, "PARALLEL_MIN_UNITS", 1)
    monkeypatch.setenv("PARPORTAL_WORKERS", "2")
    forked = run("forked")
    key = lambda p: p.page  # noqa: E731
    assert sorted(forked.ready.pages, key=key) == sorted(serial.ready.pages, key=key) and serial.ready.pages
    assert sorted(forked.charts, key=lambda c: c.name) == sorted(serial.charts, key=lambda c: c.name)
    assert forked.ready.out.produced == serial.ready.out.produced
    for p in serial.ready.pages:
        assert (tmp_path / "forked/ready" / p.page).read_bytes() == (tmp_path / "serial/ready" / p.page).read_bytes()


def test_a_failure_beside_the_unit_page_workers_stops_them(tmp_path, monkeypatch):
    """If this process's own pages fail while the workers render unit pages, the error reaches
    the caller and no worker process is left running (a `serve` would keep them otherwise)."""
    import multiprocessing
    import shutil
    from pathlib import Path

    import pytest

    from generator.compute import compute
    from generator.load import load
    from generator.render import pages as pages_module
    from generator.render import render
    from tests.test_render import INFO

    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root, ignore=shutil.ignore_patterns("build"))
    ds = load(root, cache=False).dataset
    res = compute(ds)
    monkeypatch.setattr(pages_module, "PARALLEL_MIN_UNITS", 1)
    monkeypatch.setenv("PARPORTAL_WORKERS", "2")

    def broken(self, ranking):
        assert multiprocessing.active_children()  # the workers are rendering meanwhile
        raise RuntimeError("a broken ranking template")

    monkeypatch.setattr(pages_module.SiteWriter, "ranking_page", broken)
    with pytest.raises(RuntimeError, match="broken ranking template"):
        render(ds, res, INFO, root, root / "build/docs", root / "build/cache", root / "build/ready")
    assert multiprocessing.active_children() == []


def test_with_the_site_address_known_each_unit_page_is_its_own_canonical_address(tmp_path):
    """The frame's canonical link and og:url (mkdocs_hooks.on_page_context) name each unit page."""
    site, ready = tmp_path / "site", tmp_path / "ready"
    (site / "don-vi").mkdir(parents=True)
    (site / "search").mkdir()
    head = ('<link rel="canonical" href="https://example.org/chi-so/PPSHELL-URL">'
            '<meta property="og:url" content="https://example.org/chi-so/PPSHELL-URL">')
    (site / "don-vi/_khung.html").write_text(SHELL.replace("</head>", head + "</head>"), encoding="utf-8")
    (site / "search/search_index.json").write_text(json.dumps({"config": {}, "docs": []}), encoding="utf-8")
    pages = ReadyPages(Staging(ready))
    pages.add(ReadyPage("don-vi/a.html", "A", "desc", "a", [], search_text("A")), '<h1 id="a">A</h1>')
    pages.finish()
    assemble(site, ready)
    page = (site / "don-vi/a.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/chi-so/don-vi/a.html">' in page
    assert '<meta property="og:url" content="https://example.org/chi-so/don-vi/a.html">' in page
