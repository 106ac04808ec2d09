"""The download links of the built demo site, followed in Chromium: a ranking page's spreadsheet
downloads as the published file and opens (python-calamine); every spreadsheet and CSV link of the
ranking, all-years and open-data pages answers with the file, which starts as it must."""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from python_calamine import CalamineWorkbook

from generator.render import site_paths as P
from generator.render.templating import html_path
from generator.render.workbooks import DATA_SHEET, SOURCE_SHEET

pytestmark = pytest.mark.e2e


def _published(demo, url: str) -> bytes:
    """The bytes in site/ of a URL served from it."""
    return (demo.site / urlsplit(url).path.lstrip("/")).read_bytes()


def test_a_ranking_page_downloads_its_spreadsheet(demo, visit):
    page, watch = visit(html_path(P.ranking_page(2023, "so-nganh")))
    link = page.locator("#tai-du-lieu ~ p a[href$='.xlsx']").first
    assert "Excel" in link.inner_text()
    with page.expect_download() as download:
        link.click()
    data = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename == "2023-so-nganh.xlsx"
    assert data == (demo.site / P.ranking_xlsx(2023, "so-nganh")).read_bytes()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == [DATA_SHEET, SOURCE_SHEET]
    header, *rows = book.get_sheet_by_name(DATA_SHEET).to_python()
    index = header.index("index")
    assert rows and all(isinstance(row[index], float) for row in rows)  # numbers, not text
    assert not watch.page_errors and not watch.console_errors, watch.problems()


@pytest.mark.parametrize("rel", [P.OPEN_DATA, P.ranking_page(2023, "huyen"), P.all_years_page("so-nganh")])
def test_every_download_link_answers_with_its_file(demo, visit, rel):
    page, watch = visit(html_path(rel))
    hrefs = page.locator("article a").evaluate_all(
        "as => as.map(a => a.href).filter(h => /\\.(xlsx|csv|csv\\.gz)$/.test(h))")
    kinds = {h.rsplit(".", 1)[1] for h in hrefs}
    assert {"xlsx", "csv"} <= kinds, hrefs
    for href in sorted(set(hrefs)):
        answer = page.request.get(href)
        assert answer.ok, href
        body = answer.body()
        assert body == _published(demo, href), href
        if href.endswith(".xlsx"):
            assert body[:4] == b"PK\x03\x04"
            assert CalamineWorkbook.from_filelike(io.BytesIO(body)).sheet_names == [DATA_SHEET, SOURCE_SHEET]
        elif href.endswith(".csv"):
            assert body.startswith(b"\xef\xbb\xbf"), href  # Excel reads UTF-8
        else:
            assert body[:2] == b"\x1f\x8b", href
    assert not watch.page_errors and not watch.console_errors, watch.problems()
