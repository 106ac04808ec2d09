"""MkDocs hooks (see mkdocs.yml). Every build separates words that a table cell or a line break
ends, for the search index; keeps large tables marked as ready HTML out of Markdown and search
(readyblocks.py); hard-links open data and charts into the site instead of copying them
(sitelinks.py); and publishes the ready unit pages (readypages.py)."""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.publish.readyblocks import ReadyBlocks

_READY = ReadyBlocks()  # large tables kept out of Markdown and search (generator/publish/readyblocks.py)

# Ends of table cells, list items and definitions, and line breaks: the search index reads the
# text of a page without its tags, so "Tiêu chí<br>Criterion" or "</th><td>6" would glue two
# words into one ("chíCriterion", "hành6") that no search finds. A newline there changes nothing
# on screen.
_GLUE = re.compile(r"</(?:td|th|dt|dd|li|caption|figcaption|summary)>(?!\n)|<br\s*/?>(?!\n)")


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config, **kwargs) -> None:
    """Publish the unit pages rendered as ready HTML (generator/publish/readypages.py) into the site."""
    from generator.core import paths
    from generator.publish.readypages import assemble

    if config["use_directory_urls"]:
        raise PluginError("parportal needs use_directory_urls: false (unit pages are files beside the frame)")
    staging = Path(config["docs_dir"])
    root = staging.parents[len(Path(paths.STAGING_DIR).parts) - 1]
    assemble(Path(config["site_dir"]), root / paths.READY_DIR)


def on_files(files, config):
    """Open data and charts hard-linked into the site (generator/publish/sitelinks.py): MkDocs, which
    runs this after emptying the site folder, then skips copying them."""
    from generator.publish.sitelinks import link_static_files

    link_static_files(files, config["docs_dir"])
    return files


def on_env(env, config, files):
    """Theme templates compiled once per process (`publish.THEME_BYTECODE`)."""
    from generator.publish import THEME_BYTECODE

    env.bytecode_cache = THEME_BYTECODE
    return env


# Front matter that Material prints raw (in <title>, the header, the navigation and a <meta>
# attribute): text, whether a generated page's or a hand-written one's, is HTML-escaped here.
TEXT_META = ("title", "description")


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    for key in TEXT_META:
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = escape(str(value))
    return _READY.set_aside(page.file.src_uri, markdown)


def on_page_context(context, page, config, **kwargs):
    """The unit pages' frame: its canonical address (with `site_url` set) is each unit page's own,
    filled in by `readypages` (the "url" slot)."""
    from generator.render import site_paths as P

    if page.file.src_uri == P.UNIT_SHELL and page.canonical_url:
        page.canonical_url = config["site_url"] + "PPSHELL-URL"
    return context


def on_page_content(html: str, page, **kwargs) -> str:
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= _READY.ids(page.file.src_uri)
    return _GLUE.sub(lambda m: m.group(0) + "\n", html)


def on_post_page(output: str, page, **kwargs) -> str:
    return _READY.put_back(page.file.src_uri, output)
