"""Stage 4, render: generated Markdown pages, charts and open data into the staging docs folder;
unit pages as ready HTML into their own folder (see `ready.py`), which publish puts in their frame.

Pure output of (dataset, results, build info): nothing here reads score files again or
changes a number; every figure shown comes from `generator.compute`.

Imports `core`, `machinery`, `load` and `compute`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape

from generator.compute.types import Results
from generator.core import files, paths
from generator.core.buildinfo import BuildInfo
from generator.load import Dataset
from generator.load.content import announcement_links, front_matter
from generator.load.yamlsource import parse_yaml
from generator.machinery import NO_MEMO, DataCache, Memo, folder_key
from generator.render import site_paths as P
from generator.render.charts import ChartReport, render_charts
from generator.render.feeds import announcements_feed, results_feed, stated_time
from generator.render.opendata import PLAIN_TABLE_MAX_BYTES, write_open_data
from generator.render.pages import SiteWriter, begin_unit_pages
from generator.render.ready import ReadyPages
from generator.render.staging import Staging
from generator.render.templating import html_path, make_environment, relative
from generator.render.workbooks import DATA_SHEET, SOURCE_SHEET


@dataclass(frozen=True)
class RenderReport:
    pages: int
    data_files: int
    charts: ChartReport
    changed_files: int
    removed_files: int


ANNOUNCEMENTS_DIR = "thong-bao/"


def _announcements(root: Path, staging: Staging) -> list[dict]:
    """Copy hand-written content; read announcement front matter (title, date) for the lists.

    A data folder without its own `content/` borrows the checkout's general pages (About) but
    never its announcements nor its boundary files (`content/ban-do/`, published beside the maps):
    those speak of the checkout's own (demonstration) data.

    Only regular files are copied, and a link is never followed (`files.walk`; `load` reports
    anything else there as an error, so a build has stopped before this)."""
    items = []
    own = os.path.lexists(root / paths.CONTENT_DIR)
    base = root if own else paths.ROOT
    for found in files.walk(base, paths.CONTENT_DIR)[0]:
        file = base / found
        rel = found[len(paths.CONTENT_DIR) + 1:]
        if not own and (rel.startswith(ANNOUNCEMENTS_DIR) or found.startswith(paths.BOUNDARIES_DIR + "/")):
            continue
        if not (rel.startswith(ANNOUNCEMENTS_DIR) and file.suffix == ".md"):
            staging.copy(file, rel)
            continue
        text = files.read_regular(file).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        block = front_matter(text.removeprefix("\ufeff"))  # checked by the load stage
        doc = parse_yaml(block.encode(), rel) if block is not None else None
        meta = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        date = str(meta.get("date", ""))
        date_vi = "/".join(reversed(date.split("-"))) if date else ""
        links = [{"page": page, "title": title, "href": relative(html_path(page), rel)}
                 for page, title in announcement_links(meta)]
        staging.write_text(rel, with_date_and_links(text, date, date_vi, links))
        # the link goes into Markdown link syntax: percent-encoded, so no `)` or `]` can end it
        items.append({"page": rel, "link": quote(file.name), "title": str(meta.get("title", file.stem)),
                      "date": date, "date_vi": date_vi, "summary": meta.get("summary"),
                      "links": [dict(link, href=relative(html_path(link["page"]), P.ANNOUNCEMENTS)) for link in links]})
    return sorted(items, key=lambda a: (a["date"], a["page"]), reverse=True)


_H1 = re.compile(r"^# .*$", re.M)


def with_date_and_links(text: str, date: str, date_vi: str, links: list[dict]) -> str:
    """An announcement's page with its date and the pages it announces (its front matter's
    `links:`) under its title (the first `# ` heading after the front matter), as HTML whose every
    text and address is escaped."""
    if not date and not links:
        return text
    parts = []
    if date:
        parts.append(f'<p class="pp-announcement-date">Ngày đăng <span lang="en">(published)</span>: '
                     f'<time datetime="{escape(date)}">{escape(date_vi)}</time></p>')
    if links:
        items = " · ".join(f'<a href="{escape(link["href"])}">{escape(link["title"])}</a>' for link in links)
        parts.append(f'<p class="pp-announcement-links">Xem <span lang="en">(see)</span>: {items}</p>')
    block = "\n\n" + "\n".join(parts) + "\n\n"
    body = text.removeprefix("\ufeff")
    start, matter = 0, front_matter(body)
    if matter is not None:  # after its closing line, which begins where the front matter ends
        end = body.find("\n", 4 + len(matter))
        start = len(body) if end < 0 else end + 1
    heading = _H1.search(body, start)
    at = heading.end() if heading else start
    return body[:at] + block + body[at:].lstrip("\n")


def check_announced(announcements: list[dict], written: set[str]) -> None:
    """Every page an announcement links to was written by this build."""
    missing = [(a["page"], link["page"]) for a in announcements for link in a["links"]
               if link["page"].split("#")[0] not in written]
    if missing:
        raise AnnouncedPageMissing("; ".join(
            f"{paths.CONTENT_DIR}/{page}: trang '{target}' trong 'links' không có trên cổng / "
            f"the page '{target}' in 'links' is not on the portal" for page, target in missing))


class AnnouncedPageMissing(ValueError):
    pass


def _self_check(ds: Dataset, res: Results) -> dict | None:
    """What the open-data page's "check it yourself" snippet recomputes: the newest ranking (the
    first group of the newest final year), its CSV and its criteria set's rounding and ties."""
    if not res.rankings:
        return None
    ranking = min(res.rankings, key=lambda r: (-r.year, r.group))
    cs = ds.set_for(ranking.group, ranking.year)
    return {"csv": P.ranking_csv(ranking.year, ranking.group), "decimals": cs.rounding.decimals,
            "mode": cs.rounding.mode, "ties": cs.ties}


def render(ds: Dataset, res: Results, info: BuildInfo, root: Path, staging_dir: Path, cache_dir: Path,
           ready_dir: Path, memo: Memo = NO_MEMO) -> RenderReport:
    """Every output of the build; unit pages and open-data files whose inputs are unchanged
    since an earlier build of this process (`parportal serve`) are taken from `memo`."""
    remembered = memo is not NO_MEMO
    background = memo.warm  # a rebuild in `parportal serve`: no worker processes are forked
    staging = Staging(staging_dir, memo.get("staging", str(staging_dir), dict) if remembered else None, background)
    announcements = _announcements(root, staging)
    ready = ReadyPages(Staging(ready_dir, memo.get("staging", str(ready_dir), dict) if remembered else None,
                               background))
    templates = paths.resource(root, paths.TEMPLATES_DIR) / "pages"
    templates_key = folder_key(templates) if memo is not NO_MEMO else None
    env = memo.get("templates", templates_key, lambda: make_environment(templates))  # compiled once in serve
    site = SiteWriter(ds, res, info, env, staging, ready, memo=memo, templates_key=templates_key)
    unit_pages = begin_unit_pages(site, sorted(ds.units.values(), key=lambda u: u.id))
    try:  # this process's own pages, while the workers render the unit pages
        site.home(announcements)
        for ranking in res.rankings:
            site.ranking_page(ranking)
        site.rankings_index()
        site.decision_pages()
        site.reconciliation_pages()
        site.published_pages()
        site.all_years_pages()
        site.map_pages()
        site.units_index()
        site.compare_page()
        site.write(P.UNIT_SHELL, "unit_shell.md.j2")
        site.criteria_pages()
        site.progress_pages()
        site.methodology()
        site.write(P.ANNOUNCEMENTS, "announcements.md.j2", items=announcements)
        site.write(P.API_DOC, "api.md.j2")
    except BaseException:
        unit_pages.stop()
        raise
    unit_pages.finish()
    data = write_open_data(ds, res, info, staging, memo)
    written = set(data)  # the open-data page lists the criterion tables also published uncompressed
    site.write(P.OPEN_DATA, "opendata.md.j2",
               criteria_tables=[(y, g, P.criteria_plain_csv(y, g) in written)
                                for y, g in sorted({(uy.year, uy.group) for uy in res.unit_years})],
               plain_max_mb=PLAIN_TABLE_MAX_BYTES // 1_000_000, sheets={"data": DATA_SHEET, "source": SOURCE_SHEET},
               self_check=_self_check(ds, res))
    check_announced(announcements, set(site.written) | {p.page for p in ready.pages} | staging.produced)
    province, built = ds.registry.province.name, stated_time(info)
    staging.write_bytes(P.ANNOUNCEMENTS_FEED, announcements_feed(province, announcements, built))
    staging.write_bytes(P.RESULTS_FEED, results_feed(ds, res, province, site.group_name, built))
    charts = render_charts(site.charts, staging, P.CHARTS_DIR, DataCache.in_folder(cache_dir), memo)
    removed = staging.prune() + ready.finish()
    return RenderReport(len(site.written) + len(ready.pages), len(data), charts, staging.changed + ready.out.changed,
                        removed)
