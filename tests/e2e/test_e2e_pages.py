"""Every generated page type opens in Chromium with no console error, no failed request and no
request leaving 127.0.0.1; the build states its commit; charts and their data tables show."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from e2e_support import COMMIT_EPOCH, PAGE_TYPES, pages_of, site_pages

pytestmark = pytest.mark.e2e

def test_build_is_clean(demo):
    """`make site` builds the demo with no warning (MkDocs strict would fail on one anyway)."""
    noisy = [line for line in demo.output.splitlines() if re.search(r"\b(WARNING|ERROR|Traceback)\b", line)]
    assert not noisy, "\n".join(noisy)


def test_every_page_states_its_commit_and_date(demo):
    """Provenance on every page (static check over the whole site; 404 excepted)."""
    import datetime as dt
    day = dt.datetime.fromtimestamp(COMMIT_EPOCH, dt.timezone.utc).strftime("%d/%m/%Y")
    missing = []
    for rel in site_pages(demo.site):
        html = (demo.site / rel).read_text(encoding="utf-8")
        block = re.search(r'<p class="pp-provenance">(.*?)</p>', html, re.S)
        if rel != "404.html" and not (block and demo.commit[:10] in block.group(1) and day in block.group(1)):
            missing.append(rel)
    assert not missing, f"pages that do not state commit {demo.commit[:10]} and date {day}: {missing[:20]}"


def test_every_page_has_a_known_type(demo):
    """So that a new kind of page cannot escape the browser tests below."""
    pages = site_pages(demo.site)
    unknown = [p for p in pages if not any(pages_of(k, [p]) for k in PAGE_TYPES)]
    assert not unknown, f"pages of no known type (add them to PAGE_TYPES): {unknown}"
    empty = [k for k in PAGE_TYPES if not pages_of(k, pages)]
    assert not empty, f"page types the demo does not produce: {empty}"


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_renders_cleanly(kind, demo, visit):
    pages = pages_of(kind, site_pages(demo.site))
    assert pages, f"no {kind} page was built"
    several = kind in ("ranking", "unit", "criteria-set")
    for rel in dict.fromkeys([pages[0], pages[-1]] if several else [pages[0]]):
        page, watch = visit(rel)
        assert not watch.problems(), f"{rel}:\n" + "\n".join(watch.problems())
        over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert over <= 0, f"{rel} is {over}px wider than the screen"
        h1 = page.locator("article h1").first
        assert h1.is_visible() and h1.inner_text().strip(), f"{rel}: no visible heading"
        assert page.evaluate("document.documentElement.lang") == "vi", rel
        assert page.title().strip(), rel
        if kind != "not-found":
            provenance = page.locator(".pp-provenance")
            assert provenance.count() == 1, f"{rel}: the build's commit and date are not stated"
            text = provenance.inner_text()
            assert demo.commit[:10] in text, f"{rel}: provenance names the wrong commit: {text!r}"
            import datetime as dt
            day = dt.datetime.fromtimestamp(COMMIT_EPOCH, dt.timezone.utc).strftime("%d/%m/%Y")
            assert day in text, f"{rel}: provenance does not give the commit's date {day}: {text!r}"


SVG = "{http://www.w3.org/2000/svg}"


def tick_labels(svg_text: str) -> list[str]:
    """The category labels of a chart's axes (generator/render/charts.py writes them as
    <text class="category">…</text>, a long one wrapped onto <tspan> lines): unit names, field
    names, years."""
    root = ET.fromstring(svg_text)
    labels = []
    for t in root.iter(SVG + "text"):
        if "category" in (t.get("class") or "").split():
            text = " ".join(" ".join(t.itertext()).split())
            if re.search(r"[^\W\d_]{2}|^(19|20)\d\d$", text):  # words or years, not numbers of a scale
                labels.append(text)
    return labels


def chart_pages(demo) -> list[str]:
    return [p for p in site_pages(demo.site) if 'class="pp-chart"' in (demo.site / p).read_text(encoding="utf-8")]


def test_charts_and_their_tables_are_visible(demo, visit):
    """Every chart loads, has alt text, and links a visible table of the same page that holds
    every category the chart draws (unit, field or year)."""
    pages = chart_pages(demo)
    kinds = {k for k in PAGE_TYPES for p in pages if pages_of(k, [p])}
    assert {"ranking", "unit"} <= kinds, f"charts expected on ranking and unit pages, found on {sorted(kinds)}"
    checked = 0
    for kind in ("ranking", "unit"):
        for rel in [p for p in pages if pages_of(kind, [p])][:2]:
            page, watch = visit(rel)
            # a year in progress is folded (final first): a reader opens it to see its charts
            page.evaluate("document.querySelectorAll('details.pp-provisional').forEach(d => d.open = true)")
            figures = page.locator("figure.pp-chart")
            assert figures.count() > 0, rel
            for i in range(figures.count()):
                fig = figures.nth(i)
                img = fig.locator("img")
                src = img.get_attribute("src")
                img.scroll_into_view_if_needed()
                assert img.is_visible(), f"{rel}: chart {src} not visible"
                assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"{rel}: chart {src} did not load"
                alt = (img.get_attribute("alt") or "").strip()
                assert len(alt) > 20, f"{rel}: chart {src} has no real alt text: {alt!r}"
                box = img.bounding_box()
                assert box and box["width"] >= 300, f"{rel}: chart {src} drawn too small: {box}"
                links = fig.locator("figcaption a[href^='#']")
                assert links.count() >= 1, f"{rel}: chart {src} does not point to its data table"
                table_text = ""
                for k in range(links.count()):
                    target = links.nth(k).get_attribute("href")
                    table = page.locator(target)
                    assert table.count() == 1 and table.evaluate("t => t.tagName") == "TABLE", \
                        f"{rel}: chart {src} points to {target}, not to a table"
                    table.scroll_into_view_if_needed()
                    assert table.is_visible(), f"{rel}: the data table {target} of chart {src} is hidden"
                    table_text += " " + " ".join(table.inner_text().split())
                svg = page.evaluate("u => fetch(u).then(r => r.text())", src)
                labels = tick_labels(svg)
                for label in labels:  # whole: a name is wrapped, never cut short with "…"
                    assert label in table_text, f"{rel}: chart {src} shows {label!r}, absent from its table"
                checked += len(labels)
            assert not watch.problems(), "\n".join(watch.problems())
    assert checked


def test_every_image_has_alt_text(demo):
    """Static check over the whole site: no <img> without a text alternative."""
    missing = []
    for rel in site_pages(demo.site):
        for tag in re.findall(r"<img\b[^>]*>", (demo.site / rel).read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or not alt.group(1).strip():
                missing.append(f"{rel}: {tag[:120]}")
    assert not missing, "\n".join(missing)


def test_phone_screen(demo, visit):
    """On a 390-px phone the page never scrolls sideways (wide tables scroll inside their own box),
    every chart fits the screen whole (no box wider than the viewport, nothing cut) yet keeps its
    text legible (shown at 80 % of its drawn size or more: charts are drawn for phones), and no
    table cell breaks a word into letters."""
    pages = site_pages(demo.site)
    for kind in ("home", "ranking", "unit", "criteria-set", "methodology"):
        rel = pages_of(kind, pages)[0]
        page, watch = visit(rel, viewport={"width": 390, "height": 844})
        over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert over <= 0, f"{rel} at 390 px is {over}px wider than the screen"
        for src, left, shown, natural, width in page.locator("figure.pp-chart img").evaluate_all(
                """els => els.map(e => [e.getAttribute('src'), e.getBoundingClientRect().left,
                                        e.getBoundingClientRect().width, e.naturalWidth, window.innerWidth])"""):
            assert left >= 0 and left + shown <= width, f"{rel}: chart {src} is {shown:.0f}px wide at {left:.0f}px"
            assert figure_scrolls(page) == [], f"{rel}: a chart scrolls inside its box"
            assert natural and shown >= 0.8 * natural, f"{rel}: chart {src} shrunk to {shown:.0f}px of {natural}px"
        # A name cell narrower than one of its words has cut that word into letters ("Vă/n phò/ng").
        squeezed = page.evaluate("""() => {
            const out = [], probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
            for (const a of document.querySelectorAll('table.pp-table tbody th a')) {
                if (!a.offsetParent) continue;
                const th = a.closest('th'), cs = getComputedStyle(th);
                const inner = th.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
                probe.style.font = getComputedStyle(a).font;
                document.body.appendChild(probe);
                for (const w of a.innerText.split(/\\s+/).filter(Boolean)) {
                    probe.textContent = w;
                    if (probe.getBoundingClientRect().width > inner + 1) { out.push(a.innerText); break; }
                }
                probe.remove();
            }
            return out; }""")
        assert not squeezed, f"{rel}: cells too narrow for their words: {squeezed[:5]}"
        # Nor may a column of sentences shrink to a word per line (a cell far taller than wide).
        towers = page.evaluate("""() => [...document.querySelectorAll('table.pp-table td')]
            .filter(td => td.offsetParent && td.innerText.length > 60)
            .filter(td => { const r = td.getBoundingClientRect(); return r.width < 120 && r.height > 3 * r.width; })
            .map(td => td.innerText.slice(0, 40))""")
        assert not towers, f"{rel}: text columns squeezed to a word per line: {towers[:3]}"
        assert not watch.problems(), "\n".join(watch.problems())


def test_final_results_lead_and_the_year_in_progress_is_folded_and_provisional(demo, visit, registry):
    """A unit page opens with its latest final year (criteria table open); a year still being
    assessed follows, marked provisional, its figures folded; earlier final years after it."""
    unit = next(u["id"] for u in registry["units"] if u.get("ranked", True) and not u.get("last_year"))
    page, watch = visit(f"don-vi/{unit}.html")
    years = page.locator("article h2[id^='nam-']").evaluate_all("hs => hs.map(h => h.id)")
    assert len(years) >= 3, years
    finals, provisional = [], []
    for year in years:
        section = page.locator(f"article h2#{year} ~ *").first
        (provisional if "pp-provisional-note" in (section.get_attribute("class") or "") else finals).append(year)
    assert provisional, f"no year in progress on the demo unit's page: {years}"
    assert years[0] == max(finals) and years.index(provisional[0]) == 1, years
    folded = page.locator("details.pp-provisional")
    assert folded.count() == len(provisional) and not folded.first.evaluate("d => d.open")
    assert folded.first.locator("table").first.is_hidden()
    lead_table = page.locator(f"article h2#{years[0]} ~ details.pp-criteria").first
    assert lead_table.evaluate("d => d.open"), "the latest final year's criteria are not open"
    folded.first.locator("summary").first.click()
    assert folded.first.locator("table").first.is_visible()
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_english_lines_are_hidden_until_the_reader_shows_them_and_the_choice_is_kept(demo, browser, server):
    """Vietnamese first: the header's switch shows or hides every English line, and the next page
    keeps the choice; without script both languages show, as before."""
    from e2e_support import open_context

    context, watch = open_context(browser, server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.page("xep-hang/2023/so-nganh.html"), wait_until="networkidle")
    english = page.locator("article [lang='en']").first
    switch = page.locator("button.pp-lang-switch")
    assert english.count() and english.is_hidden() and switch.get_attribute("aria-pressed") == "false"
    assert switch.get_attribute("aria-label")
    switch.click()
    assert english.is_visible() and switch.get_attribute("aria-pressed") == "true"
    page.goto(server.page("don-vi/index.html"), wait_until="networkidle")
    assert page.locator("article [lang='en']").first.is_visible(), "the choice was not kept on the next page"
    page.locator("button.pp-lang-switch").click()
    assert page.locator("article [lang='en']").first.is_hidden()
    assert not watch.page_errors and not watch.console_errors, watch.problems()
    context.close()
    bare, _ = open_context(browser, server, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = bare.new_page()
    page.goto(server.page("xep-hang/2023/so-nganh.html"))
    assert page.locator("article [lang='en']").first.is_visible() and page.locator("button.pp-lang-switch").count() == 0
    bare.close()


def _column(page, table: str, col: int) -> list[str]:
    return page.locator(f"{table} tbody tr:not([hidden])").evaluate_all(
        f"rows => rows.map(r => r.cells[{col}].textContent.trim())")


def _vn(text: str) -> float:
    return float(text.split()[0].replace(".", "").replace(",", "."))


def test_large_tables_sort_by_any_column_and_filter_with_or_without_diacritics(demo, visit):
    page, watch = visit("xep-hang/2023/so-nganh.html")
    table = "table#bang-xep-hang"
    published = _column(page, table, 1)
    ranks = [int(r) for r in _column(page, table, 0)]
    assert ranks == sorted(ranks) and len(published) >= 6
    header = page.locator(f"{table} thead th").nth(2)  # Chỉ số / Index
    header.locator("button.pp-sort").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = [_vn(v) for v in _column(page, table, 2)]
    assert values == sorted(values)
    header.locator("button.pp-sort").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [_vn(v) for v in _column(page, table, 2)] == sorted(values, reverse=True)
    page.locator(f"{table} thead th").nth(1).locator("button.pp-sort").click()  # by name, Vietnamese order
    names = _column(page, table, 1)
    assert sorted(names) != names or names == sorted(published)  # moved from the rank order
    assert set(names) == set(published)
    box = page.locator(".pp-filter input").first
    for query in ("sở nội vụ", "so noi vu", "NỘI VỤ"):
        box.fill(query)
        assert _column(page, table, 1) == ["Sở Nội vụ"], query
    assert "1/" in page.locator(".pp-filter-count").first.inner_text()
    box.fill("")
    assert len(_column(page, table, 1)) == len(published)
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_tables_stay_whole_and_in_order_without_script(demo, browser, server):
    from e2e_support import open_context

    context, _ = open_context(browser, server, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.page("xep-hang/2023/so-nganh.html"))
    ranks = [int(r) for r in _column(page, "table#bang-xep-hang", 0)]
    assert ranks == sorted(ranks) and page.locator(".pp-filter, button.pp-sort").count() == 0
    context.close()


def figure_scrolls(page) -> list[str]:
    """Charts whose figure is wider inside than its box (part of the chart hidden, to scroll to)."""
    return page.locator("figure.pp-chart").evaluate_all(
        "els => els.filter(f => f.scrollWidth > f.clientWidth + 1).map(f => f.querySelector('img').src)")


def test_phone_wide_ranking_keeps_its_rank_and_unit_in_view(demo, visit):
    """At 390 px the ranking table is wider than the screen: a hint says it scrolls, and while it
    scrolls to its last column the rank and unit cells stay where they were, on top and opaque,
    so a band or a change is never read without its unit. On a wide screen there is no hint."""
    # a computed year's ranking (a year known only as published has a table of its own, narrower)
    rel = next(p for p in pages_of("ranking", site_pages(demo.site)) if "(như công bố)" not in
               (demo.site / p).read_text(encoding="utf-8").split("</h1>")[0])
    page, watch = visit(rel, viewport={"width": 390, "height": 844})
    wrap = page.locator(".pp-table-wrap", has=page.locator("#bang-xep-hang"))
    wrap.scroll_into_view_if_needed()
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth + 50"), "the ranking no longer overflows at 390 px"
    hint = wrap.locator("xpath=preceding-sibling::*[1]")
    assert hint.is_visible() and "Vuốt ngang để xem thêm" in hint.inner_text(), "no swipe hint above the table"
    assert "pp-more" in wrap.get_attribute("class")  # the shadow at the right edge
    row = page.locator("#bang-xep-hang tbody tr").nth(2)
    rank, unit, last = row.locator("td").first, row.locator("th[scope=row]"), row.locator("td").last
    before = [rank.bounding_box(), unit.bounding_box()]
    assert last.bounding_box()["x"] > 390  # off screen before scrolling
    wrap.evaluate("w => w.scrollLeft = w.scrollWidth")
    page.wait_for_function("w => w.classList.contains('pp-scrolled') && !w.classList.contains('pp-more')",
                           arg=wrap.element_handle())
    box = wrap.bounding_box()
    after = [rank.bounding_box(), unit.bounding_box()]
    for (was, now), name in zip(zip(before, after), ("rank", "unit")):
        assert abs(now["x"] - was["x"]) < 1, f"the {name} cell moved with the scroll: {was} -> {now}"
        assert box["x"] <= now["x"] and now["x"] + now["width"] <= box["x"] + box["width"], name
    end = last.bounding_box()
    assert end["x"] + end["width"] <= box["x"] + box["width"] + 1  # the last column scrolled into view
    assert unit.bounding_box()["x"] + unit.bounding_box()["width"] <= end["x"]  # and not under the unit
    for cell in (rank, unit):  # on top of the scrolled cells, and opaque
        centre = cell.bounding_box()
        on_top = cell.evaluate("(c, p) => c.contains(document.elementFromPoint(p[0], p[1]))",
                               [centre["x"] + 4, centre["y"] + centre["height"] / 2])
        assert on_top, "a scrolled cell is drawn over the sticky column"
        assert cell.evaluate("c => getComputedStyle(c).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not watch.problems(), "\n".join(watch.problems())

    page, watch = visit(rel, viewport={"width": 1366, "height": 900})
    wrap = page.locator(".pp-table-wrap", has=page.locator("#bang-xep-hang"))
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
    assert not wrap.locator("xpath=preceding-sibling::*[1]").is_visible(), "a hint where nothing scrolls"
    assert "pp-more" not in wrap.get_attribute("class")
    assert not watch.problems(), "\n".join(watch.problems())


def test_every_unit_across_every_year_per_group_with_its_csv(demo, visit):
    import csv
    import io

    page, watch = visit("xep-hang/index.html")
    links = page.locator("article a[href*='moi-nam/']")
    assert links.count() >= 2
    links.first.click()
    page.wait_for_load_state("networkidle")
    group = page.url.rsplit("/", 1)[1].removesuffix(".html")
    rows = page.locator("table#bang-moi-nam tbody tr")
    shown = {r[0]: r[1:] for r in rows.evaluate_all("rs => rs.map(r => [...r.cells].map(c => c.textContent.trim()))")}
    years = page.locator("table#bang-moi-nam thead th").evaluate_all("hs => hs.slice(1).map(h => h.textContent.trim().slice(0, 4))")
    data = (demo.site / "data" / "moi-nam" / f"{group}.csv").read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(data)))
    assert records and {r["name"] for r in records} == set(shown)
    for r in records:  # every CSV row is the page's cell: index (rank)
        cell = shown[r["name"]][years.index(r["year"])]
        assert cell.startswith(r["index"].replace(".", ",")) and (not r["rank"] or f"({r['rank']})" in cell), (r, cell)
    last = page.locator("table#bang-moi-nam thead th").last
    last.locator("button.pp-sort").click()
    last.locator("button.pp-sort").click()  # descending: the best of the latest year first
    first = rows.first.evaluate("r => r.cells[r.cells.length - 1].textContent.trim()")
    best = max(float(r["index"]) for r in records if r["year"] == years[-1])
    assert first.startswith(f"{best:.2f}".replace(".", ","))
    assert not watch.page_errors and not watch.console_errors, watch.problems()


def test_why_did_this_unit_lose_points(demo, visit, registry):
    """A reader asks why a unit's index moved: the section at the top names the criteria that lost
    most against last year; its link opens the criterion's row, whose "last year" and "change"
    cells agree with it and with last year's own table, at desktop and phone sizes."""
    unit = next(u["id"] for u in registry["units"] if u.get("ranked", True) and not u.get("last_year"))
    for viewport in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page, watch = visit(f"don-vi/{unit}.html", viewport=viewport)
        section = page.locator("section.pp-moved")
        assert section.count() == 1 and section.is_visible()
        lead = page.locator("article h2[id^='nam-']").first.get_attribute("id")
        assert section.locator("h3").get_attribute("id") == "vi-sao-thay-doi-" + lead[4:]
        lost = section.locator(".pp-moved-list").nth(1).locator("li")
        assert lost.count() >= 1, section.inner_text()
        item = lost.first
        said = re.search(r"▼ (-[\d,]+)", item.inner_text()).group(1)
        previous = re.search(r"năm (\d{4}): ([\d,-]+)", item.inner_text())
        href = item.locator("a").get_attribute("href")
        item.locator("a").click()
        row = page.locator(href)
        assert row.is_visible() and row.evaluate("r => r.getBoundingClientRect().top < innerHeight")
        cells = row.locator("td:not(:last-child)").all_inner_texts()  # the number cells
        assert cells[3] == previous.group(2) and said in cells[4], (cells, item.inner_text())
        # last year's table has the same criterion (same id) with those points, when it kept its id
        cid = href.split("-tc-")[1]
        old_row = page.locator(f"#nam-{previous.group(1)}-tc-{cid}")
        if old_row.count():
            old_row.evaluate("r => r.closest('details').open = true")
            assert old_row.locator("td:not(:last-child)").nth(2).inner_text().replace("\n", "").strip("*") in (
                previous.group(2), f"{previous.group(2)}")
        assert not watch.page_errors and not watch.console_errors, watch.problems()
