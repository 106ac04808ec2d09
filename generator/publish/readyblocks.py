"""Large tables as ready HTML inside MkDocs pages.

A ranking, progress or units-index page at national scale holds thousands of table rows. MkDocs
would parse that HTML three times (Python-Markdown's raw-HTML handling, MkDocs' anchor scan and
the search plugin), which is most of its time; the rows are ready HTML already. So a template
marks such a block with `<!--pp:ready-->` … `<!--/pp:ready-->`; before Markdown runs, the block is
set aside and an HTML comment holds its place, and the finished page gets it back. The block's
element ids still count for MkDocs' anchor checks, and its text is left out of the search index
(units are found through their own pages).

Data text cannot forge a marker: every value reaches a page escaped, so it holds no "<!--".
"""
from __future__ import annotations

import re

BLOCK = re.compile(r"<!--pp:ready-->\n?(.*?)<!--/pp:ready-->\n?", re.S)
PLACE = re.compile(r"<!--pp:ready:(\d+)-->")
_ID = re.compile(r'\sid="([^"]+)"')


class ReadyBlocks:
    """The blocks set aside, per page, between `on_page_markdown` and `on_post_page`."""

    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = {}

    def set_aside(self, key: str, markdown: str) -> str:
        found: list[str] = []

        def place(match: re.Match) -> str:
            found.append(match.group(1))
            return f"\n<!--pp:ready:{len(found) - 1}-->\n\n"

        text = BLOCK.sub(place, markdown)
        if found:
            self.blocks[key] = found
        return text

    def ids(self, key: str) -> set[str]:
        """Element ids inside the page's blocks (for anchor checks)."""
        return {i for block in self.blocks.get(key, ()) for i in _ID.findall(block)}

    def put_back(self, key: str, html: str) -> str:
        blocks = self.blocks.pop(key, None)
        if not blocks:
            return html
        return PLACE.sub(lambda m: blocks[int(m.group(1))], html)
