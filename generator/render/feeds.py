"""Atom feeds (RFC 4287): the announcements (`content/thong-bao/`) and the published results (one
entry per final ranking of a group and year), so that a reader or a newsroom is told of each new one.

Written with ElementTree, which escapes every text and attribute for XML. Deterministic: entries in
a fixed order, ids derived from what they are (UUID 5 of the province, kind and key), dates from the
data. An announcement is dated by its front matter (00:00 in Vietnam, UTC+7); a result by the build's
stated date (`BuildInfo.epoch`: the commit's), since the data holds no publication date of its own yet.
Links are relative to the feed's own address (RFC 4287 §3.4, resolved against the document's URI),
so the site works wherever it is served. One file per feed, not per unit: a few per build."""
from __future__ import annotations

import datetime as dt
import posixpath
import uuid
import xml.etree.ElementTree as ET

from generator.compute.types import PublishedYear, Results
from generator.core.buildinfo import BuildInfo
from generator.core.textfmt import vn_number
from generator.load import Dataset
from generator.render import site_paths as P
from generator.render.templating import html_path

ATOM = "http://www.w3.org/2005/Atom"
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _entry_id(province: str, *key: object) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "parportal:" + ":".join([province, *map(str, key)])))


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, _q(tag), attrs)
    node.text = text
    return node


def _feed(feed_path: str, title: str, province: str, kind: str, self_href: str, updated: str) -> ET.Element:
    feed = ET.Element(_q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _text(feed, "title", title)
    _text(feed, "id", _entry_id(province, kind))
    _text(feed, "updated", updated)
    ET.SubElement(feed, _q("link"), {"rel": "self", "href": posixpath.basename(feed_path)})
    ET.SubElement(feed, _q("link"), {"rel": "alternate", "type": "text/html", "href": self_href})
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", province)
    _text(feed, "generator", "parportal")
    return feed


def _entry(feed: ET.Element, entry_id: str, title: str, href: str, updated: str, summary: str | None) -> None:
    entry = ET.SubElement(feed, _q("entry"))
    _text(entry, "id", entry_id)
    _text(entry, "title", title)
    _text(entry, "updated", updated)
    ET.SubElement(entry, _q("link"), {"rel": "alternate", "type": "text/html", "href": href})
    if summary:
        _text(entry, "summary", summary)


def _bytes(feed: ET.Element) -> bytes:
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _relative(target: str, feed_path: str) -> str:
    return posixpath.relpath(html_path(target), posixpath.dirname(feed_path))


def announcements_feed(province: str, items: list[dict], built: str) -> bytes:
    """`items` as render reads them from the announcements' front matter, newest first."""
    dates = [_day(a["date"]) for a in items if a.get("date")]
    feed = _feed(P.ANNOUNCEMENTS_FEED, f"Thông báo — Chỉ số CCHC — {province}", province, "announcements",
                 _relative(P.ANNOUNCEMENTS, P.ANNOUNCEMENTS_FEED), max(dates, default=built))
    for a in items:
        _entry(feed, _entry_id(province, "announcement", a["page"]), a["title"],
               _relative(a["page"], P.ANNOUNCEMENTS_FEED), _day(a["date"]) if a.get("date") else built,
               str(a["summary"]) if a.get("summary") else None)
    return _bytes(feed)


def results_feed(ds: Dataset, res: Results, province: str, group_name, built: str) -> bytes:
    """One entry per final ranking and per year known only as published (`compute.published`,
    marked so), newest year first, groups in id order."""
    feed = _feed(P.RESULTS_FEED, f"Kết quả Chỉ số CCHC — {province}", province, "results",
                 _relative(P.RANKINGS, P.RESULTS_FEED), built)
    names = {(uy.unit, uy.year): uy.name for uy in res.unit_years}  # the name of that year
    items = [(r.year, r.group, r) for r in res.rankings] + [(p.year, p.group, p) for p in res.published]
    for year, group, item in sorted(items, key=lambda i: (-i[0], i[1])):
        if isinstance(item, PublishedYear):
            leader = [e.name for e in item.entries if e.rank == 1]
            summary = (f"{group_name(group)} năm {year}, như công bố (chép từ Quyết định {item.decision or '—'}, "
                       f"không tính lại): {len(item.entries)} đơn vị"
                       + (f", đứng đầu {', '.join(leader)}" if leader else "") + ".")
            _entry(feed, _entry_id(province, "published", year, group),
                   f"Kết quả năm {year} — {group_name(group)} (như công bố)",
                   _relative(P.ranking_page(year, group), P.RESULTS_FEED), built, summary)
            continue
        r = item
        ranked = [e for e in r.entries if e.rank is not None]
        leader = [names.get((e.unit, r.year), e.unit) for e in ranked if e.rank == 1]
        summary = (f"{group_name(r.group)} năm {r.year}: {r.stats.count} đơn vị xếp hạng, chỉ số trung bình "
                   f"{vn_number(r.stats.average)}, cao nhất {vn_number(r.stats.highest)}"
                   + (f" ({', '.join(leader)})" if leader else "") + f", thấp nhất {vn_number(r.stats.lowest)}.")
        _entry(feed, _entry_id(province, "ranking", r.year, r.group),
               f"Kết quả năm {r.year} — {group_name(r.group)}",
               _relative(P.ranking_page(r.year, r.group), P.RESULTS_FEED), built, summary)
    return _bytes(feed)


def _day(date: str) -> str:
    """A front-matter date (YYYY-MM-DD, checked by the load stage) as the start of that day in Vietnam."""
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(), VIETNAM).isoformat()


def stated_time(info: BuildInfo) -> str:
    return dt.datetime.fromtimestamp(info.epoch, dt.timezone.utc).isoformat().replace("+00:00", "Z")
