"""The Atom feeds (generator/render/feeds.py): well-formed, text escaped, ids stable, newest first."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.render.feeds import ATOM, announcements_feed

A = f"{{{ATOM}}}"
HOSTILE = "Thông báo <script>alert(1)</script> & \"trích\" ]]> \u0111"


def _items():
    return [{"page": "thong-bao/2024-09-27-b.md", "title": HOSTILE, "date": "2024-09-27", "summary": "=1+1 <b>x</b>"},
            {"page": "thong-bao/2023-02-13-a.md", "title": "Kết luận", "date": "2023-02-13", "summary": None}]


def test_announcements_feed_is_atom_with_the_text_as_written():
    data = announcements_feed("Tỉnh <Thử> & Co", _items(), "2026-12-03T00:00:00Z")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    assert b"<script>" not in data
    feed = ET.fromstring(data)
    assert feed.tag == A + "feed" and feed.findtext(A + "title") == "Thông báo — Chỉ số CCHC — Tỉnh <Thử> & Co"
    assert feed.findtext(A + "updated") == "2024-09-27T00:00:00+07:00"  # the newest announcement
    entries = feed.findall(A + "entry")
    assert [e.findtext(A + "title") for e in entries] == [HOSTILE, "Kết luận"]
    assert [e.find(A + "link").get("href") for e in entries] == ["2024-09-27-b.html", "2023-02-13-a.html"]
    assert entries[0].findtext(A + "summary") == "=1+1 <b>x</b>" and entries[1].find(A + "summary") is None
    ids = [e.findtext(A + "id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)


def test_ids_depend_on_what_an_entry_is_not_on_when_it_is_built():
    first = announcements_feed("Tỉnh A", _items(), "2026-12-03T00:00:00Z")
    again = announcements_feed("Tỉnh A", list(reversed(_items()))[::-1], "2027-01-01T00:00:00Z")
    assert first == again  # dated by the announcements, not by the build
    other = ET.fromstring(announcements_feed("Tỉnh B", _items(), "2026-12-03T00:00:00Z"))
    assert other.find(f"{A}entry/{A}id").text != ET.fromstring(first).find(f"{A}entry/{A}id").text
