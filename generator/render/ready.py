"""Ready pages: unit pages rendered straight to HTML, outside MkDocs.

A province has tens of units, a national portal thousands; MkDocs spends about half a second on
each large page and Material renders the whole navigation into every one. So unit pages are
written here as HTML fragments (the article only) with a manifest of what the frame needs: the
title, description, table of contents and search entry. The publish stage puts each fragment
into the frame MkDocs renders once (`generator/publish/readypages.py`).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass

from generator.core.textfmt import vn_number
from generator.render.staging import Staging
from generator.render.templating import fold

MANIFEST = "pages.json"
_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="headerlink"')


@dataclass(frozen=True)
class ReadyPage:
    page: str                         # site path, e.g. "don-vi/so-noi-vu.html"
    title: str                        # plain text (escaped where the frame prints it)
    description: str                  # plain text
    h1: str                           # id of the page's h1 (the "skip to content" target)
    toc: list[tuple[str, str]]        # (id, HTML title) of each h2, in page order
    search: str                       # HTML text of the page's one search entry


def table_of_contents(fragment: str) -> list[tuple[str, str]]:
    """The h2 headings of a fragment, as MkDocs' toc would list them."""
    return [(m.group(1), m.group(2)) for m in _HEADING.finditer(fragment)]


def search_text(*parts: str) -> str:
    """A search entry's text: plain parts, escaped (Material shows the text as HTML)."""
    return "<p>" + html.escape(" ".join(p for p in parts if p)) + "</p>"


def unit_search_text(group: str, name: str, name_en: str, former: list[str],
                     results: list[tuple[int, object, int | None]]) -> str:
    """A unit's one search entry: group, English and former names, the names without diacritics
    ("so noi vu"), and each year's index and rank, newest first (`results`: year, index, rank)."""
    return search_text(group, "—", name_en, *former, fold(name), *(fold(n) for n in former),
                       *(f"{year}: {vn_number(index)}" + (f" (hạng {rank})" if rank else "")
                         for year, index, rank in results))


class ReadyPages:
    """Collects fragments into their own staging folder (only changed files are rewritten)."""

    def __init__(self, out: Staging) -> None:
        self.out = out
        self.pages: list[ReadyPage] = []

    def add(self, page: ReadyPage, fragment: str | bytes | tuple[bytes, ...]) -> None:
        """A page and its fragment: text, UTF-8, or UTF-8 in parts (`Staging.write_parts`)."""
        if isinstance(fragment, tuple):
            self.out.write_parts(page.page, fragment)
        elif isinstance(fragment, bytes):
            self.out.write_bytes(page.page, fragment)
        else:
            self.out.write_text(page.page, fragment)
        self.pages.append(page)

    def finish(self) -> int:
        """Write the manifest (sorted, so the bytes depend on the data only); prune old fragments."""
        data = {"pages": [asdict(p) for p in sorted(self.pages, key=lambda p: p.page)]}
        self.out.write_text(MANIFEST, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
        return self.out.prune()
