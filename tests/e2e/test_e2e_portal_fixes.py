"""What issue 24 (item 7) asked for, as a reader sees it in Chromium: the 404 page at any depth, the
announcement's date and links, linkable criteria, link previews, counts that add up, the date of a
year in progress."""
from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer

import pytest

from e2e_support import QuietHandler, Server, open_context

pytestmark = pytest.mark.e2e


class NotFoundHandler(QuietHandler):
    """A static server that shows the site's 404.html for every address it does not have, as
    GitHub Pages, Netlify or nginx's `error_page 404` do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.directory_path / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def not_found_server(demo):
    handler = type("Handler", (NotFoundHandler,), {"directory_path": demo.site})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(demo.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Server(f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("address", ["khong-co.html", "xep-hang/2023/khong-co.html", "don-vi/a/b/c/khong-co.html"])
def test_the_404_page_is_styled_and_vietnamese_at_any_depth(address, browser, not_found_server, tmp_path):
    context, watch = open_context(browser, not_found_server, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(not_found_server.page(address), wait_until="networkidle")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().startswith("Không tìm thấy trang")
        assert page.evaluate("document.documentElement.lang") == "vi"
        # Material's and the portal's styles loaded: the header is the theme's sticky coloured bar
        header = page.evaluate("(s => [s.position, s.backgroundColor])(getComputedStyle(document.querySelector('.md-header')))")
        assert header[0] == "sticky" and header[1] not in ("rgba(0, 0, 0, 0)", "transparent"), header
        assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').endsWith('parportal.css'))")
        home = page.get_by_role("link", name="Trang chủ", exact=True).first
        home.click()
        page.wait_for_load_state("networkidle")
        assert page.url == not_found_server.page("index.html")
        page.go_back()
        page.screenshot(path=str(tmp_path / "404.png"))
        problems = [p for p in watch.problems() if address not in p]  # the address itself answers 404
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_results_announcement_shows_its_date_and_links_to_the_ranking(visit):
    page, watch = visit("thong-bao/2023-11-10-cong-bo-chi-so-2023.html")
    date = page.locator("article time[datetime='2023-11-10']")
    assert date.inner_text() == "10/11/2023" and date.is_visible()
    page.locator("article .pp-announcement-links a", has_text="sở, ban, ngành năm 2023").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/xep-hang/2023/so-nganh.html")
    assert "2023" in page.locator("h1").first.inner_text()
    assert not watch.problems(), "\n".join(watch.problems())


def _in_view_below_header(page, selector: str) -> bool:
    return page.evaluate("""sel => {
        const row = document.querySelector(sel), header = document.querySelector('.md-header');
        if (!row) return false;
        const r = row.getBoundingClientRect();
        return r.top >= header.getBoundingClientRect().bottom - 1 && r.bottom <= innerHeight && r.height > 0;
    }""", selector)


def test_a_criterion_anchor_scrolls_to_its_row(visit):
    page, watch = visit("bo-tieu-chi/so-nganh/2023.html")
    link = page.locator("tr#tc-1-1-1 a.headerlink")
    page.locator("tr#tc-1-1-1").hover()
    link.click()
    page.wait_for_timeout(300)
    assert page.url.endswith("#tc-1-1-1") and _in_view_below_header(page, "tr#tc-1-1-1")
    page.goto(page.url.replace("2023.html#tc-1-1-1", "2022.html#tc-1-1"), wait_until="networkidle")
    assert _in_view_below_header(page, "tr#tc-1-1")
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.parametrize("year", [2024, 2022])  # the newest year's criteria are open; an older year's folded
def test_a_unit_pages_criterion_anchor_opens_and_shows_its_row(year, visit):
    page, watch = visit(f"don-vi/so-noi-vu.html#nam-{year}-tc-1-1")
    page.wait_for_timeout(300)
    assert _in_view_below_header(page, f"#nam-{year}-tc-1-1"), f"row nam-{year}-tc-1-1 not shown"
    assert not watch.problems(), "\n".join(watch.problems())


def test_pages_have_link_previews_with_an_image_of_the_site(visit):
    page, watch = visit("don-vi/so-noi-vu.html")
    meta = page.evaluate("Object.fromEntries([...document.querySelectorAll('meta[property^=\"og:\"]')]"
                         ".map(m => [m.getAttribute('property'), m.content]))")
    assert meta["og:title"] == "Sở Nội vụ" and meta["og:locale"] == "vi_VN" and "Sở Nội vụ" in meta["og:description"]
    image = page.evaluate("async src => { const r = await fetch(src); return [r.status, r.headers.get('content-type')]; }",
                          meta["og:image"])
    assert image == [200, "image/png"]
    assert not watch.problems(), "\n".join(watch.problems())


def test_home_band_counts_add_up_to_the_ranked_units(visit):
    page, watch = visit("index.html")
    for card in page.locator(".pp-group-card").all():
        text = card.inner_text()
        ranked = int(re.search(r"(\d+) đơn vị xếp hạng", text).group(1))
        chips = [int(c.split(":")[-1]) for c in card.locator(".pp-bands .pp-band").all_inner_texts()]
        assert sum(chips) == ranked, text
    assert "Ngoài ra 2 đơn vị được đánh giá, không xếp hạng" in page.locator(".pp-group-card").first.inner_text()
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_progress_page_says_when_its_data_last_changed(visit):
    page, watch = visit("tien-do/2024.html")
    assert re.search(r"Số liệu tính đến ngày \d{2}/\d{2}/\d{4}", page.locator(".pp-as-of").inner_text())
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_successor_unit_and_the_unit_it_continues_link_to_each_other(visit):
    page, watch = visit("don-vi/so-van-hoa-the-thao-du-lich.html")
    names = page.locator(".admonition.info")
    assert "Sở Văn hóa - Thông tin - Thể thao và Du lịch" in names.inner_text()  # its predecessor's name then
    names.get_by_role("link", name="Sở Thông tin và Truyền thông").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/don-vi/so-thong-tin-truyen-thong.html")
    back = page.locator(".admonition.info").get_by_role("link", name="Sở Văn hóa, Thể thao và Du lịch")
    assert back.is_visible() and "2023" in page.locator(".admonition.info").inner_text()
    assert not watch.problems(), "\n".join(watch.problems())
