"""Stage 5b, publish ready pages: put each unit page rendered by `generator.render.ready` into the
frame MkDocs built once (`site_paths.UNIT_SHELL`), and add the pages to the search index and the
sitemap. Runs at the end of every MkDocs build (`mkdocs_hooks.on_post_build`), so `parportal
build`, `build --dirty` and `serve` all publish them.

The frame is the shell page's HTML cut at its PPSHELL markers; any marker left over (a theme
update that prints the title somewhere new) is an error, never a page with a marker in it.
"""
from __future__ import annotations

import gzip
import html
import io
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.render import site_paths as P
from generator.render.ready import MANIFEST
from generator.render.staging import Staging

SEARCH_INDEX = "search/search_index.json"
# A unit's one search entry weighs this much more than a section of another page (Material's
# per-document boost): at 3,500 units, a commune's name ("An Bình 2") matched the long criteria
# tables, whose many words ranked them first; queries for criteria still find criteria first.
UNIT_BOOST = 10
SITEMAP = "sitemap.xml"
_CONTENT = re.compile(r'<h1 id="ppshell-h1">.*?<p>PPSHELL-CONTENT</p>', re.S)
_TOC_LINK = 'href="#ppshell-toc"'
# "url": the page's own address after `site_url` (its canonical link and og:url), with `site_url` set
_SLOTS = {"title": "PPSHELL-TITLE", "description": "PPSHELL-DESCRIPTION", "h1": "#ppshell-h1", "url": "PPSHELL-URL"}


class FrameError(RuntimeError):
    pass


@dataclass(frozen=True)
class Frame:
    """The shell page as literal text between named slots."""

    parts: tuple[str, ...]   # literal, slot, literal, slot, …, literal

    @classmethod
    def parse(cls, shell: str) -> "Frame":
        text, found = _CONTENT.subn("\0content\0", shell)
        at = text.find(_TOC_LINK)
        start = text.rfind('<li class="md-nav__item">', 0, at)
        end = text.find("</li>", at)
        if found != 1 or min(at, start, end) < 0:
            raise FrameError("the unit-page frame has no article or table-of-contents marker")
        text = text[:start] + "\0toc\0" + text[end + len("</li>"):]
        for slot, marker in _SLOTS.items():
            text = text.replace(marker, f"\0{slot}\0")
        if "PPSHELL" in text or "ppshell" in text:
            line = text[: text.find("PPSHELL") if "PPSHELL" in text else text.find("ppshell")].count("\n") + 1
            raise FrameError(f"the unit-page frame has a marker the assembly does not fill (line {line})")
        return cls(tuple(text.split("\0")))

    def fill(self, content: bytes, **slots: str) -> bytes:
        """The page in UTF-8: the slots filled, the (large) content as the bytes it was written as."""
        encoded = self._encoded
        parts = list(encoded)
        parts[1::2] = [content if name == "content" else slots[name].encode("utf-8") for name in self.parts[1::2]]
        return b"".join(parts)

    @cached_property
    def _encoded(self) -> tuple[bytes, ...]:
        return tuple(part.encode("utf-8") for part in self.parts)


def toc_html(toc: list[list[str]]) -> str:
    """Material's partials/toc-item.html for a flat list of h2 headings (titles are HTML already)."""
    return "".join(f'<li class="md-nav__item"><a href="#{html.escape(id_)}" class="md-nav__link">'
                   f'<span class="md-ellipsis">{title}</span></a></li>' for id_, title in toc)


# Per site folder: the frame and, per page, its fragment's time, size and manifest entry, as this
# process last assembled them: `parportal serve` rebuilds put together only the pages that changed.
_ASSEMBLED: dict[str, tuple[str, dict[str, tuple]]] = {}


def assemble(site_dir: Path, ready_dir: Path) -> int:
    """Write every ready page into `site_dir`; returns the number of pages. Nothing to do when the
    build has no frame (a plain `mkdocs build` of hand-written pages)."""
    shell_file = site_dir / (P.UNIT_SHELL[:-3] + ".html")
    manifest = ready_dir / MANIFEST
    if not shell_file.exists():
        return 0
    frame_text = shell_file.read_text(encoding="utf-8")
    frame = Frame.parse(frame_text)
    site = Staging(site_dir, background=True)  # writes a file only when its bytes change
    pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    last_frame, last_pages = _ASSEMBLED.get(str(site_dir), ("", {}))
    done: dict[str, tuple] = {}
    try:
        for p in pages:
            source = ready_dir / p["page"]
            stat = source.stat()
            done[p["page"]] = mark = (stat.st_mtime_ns, stat.st_size, p)
            if frame_text == last_frame and last_pages.get(p["page"]) == mark and (site_dir / p["page"]).is_file():
                continue  # as this process assembled it last time (`parportal serve`)
            page = frame.fill(source.read_bytes(), title=html.escape(p["title"]),
                              description=html.escape(p["description"]), h1="#" + p["h1"], toc=toc_html(p["toc"]),
                              url=html.escape(p["page"]))
            site.write_bytes(p["page"], page)
        shell_file.unlink()
        _add_to_search(site, pages)
        site.flush()
    except BaseException:  # e.g. Ctrl+C: no write goes on into a folder the build is about to remove
        site.settle()
        raise
    _ASSEMBLED[str(site_dir)] = (frame_text, done)
    _add_to_sitemap(site_dir / SITEMAP, [p["page"] for p in pages], P.UNIT_SHELL[:-3] + ".html")
    return len(pages)


# Per site folder: the search entries of its last build, for a dirty build that follows (`parportal
# serve`, `parportal build --dirty`): MkDocs then renders, and Material indexes, only changed pages.
_LAST_INDEX: dict[str, list[dict]] = {}


def before_build(site_dir: Path, dirty: bool) -> None:
    """Called before every MkDocs build of `site_dir`: a dirty build keeps the search entries of the
    pages it does not render again (from this process' last build, else from the site's index file)."""
    key = str(site_dir)
    if not dirty:
        _LAST_INDEX.pop(key, None)
    elif key not in _LAST_INDEX and (site_dir / SEARCH_INDEX).is_file():
        _LAST_INDEX[key] = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]


def forget(site_dir: Path) -> None:
    """Drop what this process kept about the builds of `site_dir` (a build's fresh folder, once it
    has become the site or been removed: `publish.publish_site`)."""
    _ASSEMBLED.pop(str(site_dir), None)
    _LAST_INDEX.pop(str(site_dir), None)


def _page_of(entry: dict) -> str:
    return entry["location"].split("#")[0]


def merge_search_entries(previous: list[dict], rebuilt: list[dict]) -> list[dict]:
    """The entries of a full build, from the last build's and those of the pages rendered again:
    each rebuilt page's entries take the place of its old ones (new pages go last)."""
    fresh: dict[str, list[dict]] = {}
    for entry in rebuilt:
        fresh.setdefault(_page_of(entry), []).append(entry)
    out: list[dict] = []
    for entry in previous:
        page = _page_of(entry)
        if page not in fresh:
            out.append(entry)
        elif fresh[page] is not None:
            out += fresh[page]
            fresh[page] = None  # placed
    return out + [entry for entries in fresh.values() if entries for entry in entries]


def _add_to_search(site: Staging, pages: list[dict]) -> None:
    """One entry per page: what readers search a unit by (names, group, years), not every cell."""
    index = site.path(SEARCH_INDEX)
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    previous = _LAST_INDEX.get(str(site.root))
    docs = data["docs"] if previous is None else merge_search_entries(previous, data["docs"])
    ours = {p["page"] for p in pages}
    docs = [d for d in docs if _page_of(d) not in ours]
    docs += [{"location": p["page"], "title": html.escape(p["title"]), "text": p["search"], "boost": UNIT_BOOST}
             for p in pages]
    data["docs"] = _LAST_INDEX[str(site.root)] = docs
    site.write_text(SEARCH_INDEX, json.dumps(data, separators=(",", ":"), default=str))  # as Material writes it


def _add_to_sitemap(sitemap: Path, pages: list[str], shell: str) -> None:
    """With `site_url` set, the sitemap lists the frame: list every ready page in its place."""
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    match = re.search(r"[ \t]*<url>\s*<loc>[^<]*" + re.escape(shell) + r"</loc>.*?</url>\n?", text, re.S)
    if not match:
        return
    block = match.group(0)
    text = text[: match.start()] + "".join(block.replace(shell, page) for page in pages) + text[match.end():]
    sitemap.write_text(text, encoding="utf-8")
    gz = sitemap.with_name(SITEMAP + ".gz")
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little") if gz.exists() else 0  # keep MkDocs' build timestamp
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, filename=str(gz), mode="wb", mtime=mtime) as out:
        out.write(text.encode("utf-8"))
    gz.write_bytes(buf.getvalue())
