"""The built site's Atom feeds: every entry links a page of the site, every final ranking has an
entry, and every page announces both feeds in its head."""
from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET

import pytest
from e2e_support import site_pages

pytestmark = pytest.mark.e2e

A = "{http://www.w3.org/2005/Atom}"


def test_feeds_link_the_site_and_cover_every_result(demo):
    rankings = sorted(p for p in site_pages(demo.site) if p.startswith("xep-hang/20"))
    for feed_path, pages in (("xep-hang/feed.xml", rankings), ("thong-bao/feed.xml", None)):
        feed = ET.parse(demo.site / feed_path).getroot()
        links = [posixpath.normpath(posixpath.join(posixpath.dirname(feed_path), e.find(A + "link").get("href")))
                 for e in feed.findall(A + "entry")]
        assert links and all((demo.site / link).is_file() for link in links), links
        if pages is not None:
            assert sorted(links) == pages
        assert feed.find(A + "link[@rel='self']").get("href") == "feed.xml"


def test_every_page_names_both_feeds(demo):
    for rel in ("index.html", "xep-hang/2023/so-nganh.html", "don-vi/so-noi-vu.html", "thong-bao/index.html"):
        html = (demo.site / rel).read_text(encoding="utf-8")
        for feed in ("thong-bao/feed.xml", "xep-hang/feed.xml"):
            href = posixpath.relpath(feed, posixpath.dirname(rel))
            assert 'type="application/atom+xml" title=' in html and f'href="{href}"' in html, (rel, feed)
