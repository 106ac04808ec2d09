"""Every internal link and asset of every built HTML page resolves, anchors included; nothing is
loaded from another host (the site works offline); no `javascript:` URL anywhere.

A plain HTML parser over site/, no browser: fast enough to cover every page."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from e2e_support import site_pages

pytestmark = pytest.mark.e2e

# (tag, attribute) pairs that load something into the page: they must stay on this site.
ASSET_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
               ("image", "href"), ("use", "href"), ("track", "src")}
LINK_ATTRS = {("a", "href"), ("area", "href"), ("form", "action")}
EXTERNAL_LINK_RELS = {"canonical", "alternate"}  # <link> that point somewhere without loading it


class Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str, int]] = []  # (kind, tag, url, line)
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for name, value in attrs:
            if value is None:
                continue
            if name.startswith("on"):
                self.refs.append(("handler", tag, f"{name}={value}", line))
            if (tag, name) in ASSET_ATTRS:
                rel = set((a.get("rel") or "").split())
                kind = "link" if tag == "link" and rel & EXTERNAL_LINK_RELS else "asset"
                self.refs.append((kind, tag, value.strip(), line))
            elif (tag, name) in LINK_ATTRS:
                self.refs.append(("link", tag, value.strip(), line))
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    if part.strip():
                        self.refs.append(("asset", tag, part.split()[0], line))
            elif name == "style":
                self.styles.append(value)
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@lru_cache(maxsize=None)
def parse(path: Path) -> Refs:
    parser = Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def resolve(site: Path, page: str, url: str) -> tuple[Path | None, str]:
    """The file a relative URL of `page` names, and its fragment."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):
        target = path.lstrip("/")
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = page
    if target.startswith("../") or target == "..":
        return None, parts.fragment
    file = site / target
    if file.is_dir() or url.endswith("/"):
        file = file / "index.html"
    return file, unquote(parts.fragment)


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def css_problems(site: Path, css_file: Path, seen: set[Path]) -> list[str]:
    if css_file in seen:
        return []
    seen.add(css_file)
    problems = []
    rel = css_file.relative_to(site).as_posix()
    for _, url in CSS_URL.findall(css_file.read_text(encoding="utf-8")):
        if url.startswith(("data:", "#")):
            continue
        if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I):
            problems.append(f"{rel}: loads {url} from another host")
            continue
        target, _ = resolve(site, rel, url)
        if target is None or not target.is_file():
            problems.append(f"{rel}: url({url}) is missing")
    return problems


def test_every_link_and_asset_resolves(demo):
    site = demo.site
    pages = site_pages(site)
    assert len(pages) > 10, pages
    problems: list[str] = []
    checked = 0
    css_seen: set[Path] = set()
    for page in pages:
        refs = parse(site / page)
        for style in refs.styles:
            for _, url in CSS_URL.findall(style):
                if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I) and not url.startswith("data:"):
                    problems.append(f"{page}: inline style loads {url}")
        for kind, tag, url, line in refs.refs:
            where = f"{page}:{line} <{tag}> {url[:120]}"
            if kind == "handler":
                problems.append(f"{where}: inline event handler")
                continue
            scheme = urlsplit(url).scheme.lower()
            if re.match(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", url, re.I):
                problems.append(f"{where}: script URL")
                continue
            if scheme in ("http", "https") or url.startswith("//"):
                if kind == "asset":
                    problems.append(f"{where}: loaded from another host (the site must work offline)")
                continue
            if scheme in ("mailto", "tel", "data"):
                continue
            if scheme:
                problems.append(f"{where}: unexpected URL scheme")
                continue
            target, fragment = resolve(site, page, url)
            checked += 1
            if target is None:
                problems.append(f"{where}: points outside the site")
            elif not target.is_file():
                problems.append(f"{where}: broken ({target.relative_to(site)} does not exist)")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                problems.append(f"{where}: no element with id {fragment!r} in {target.relative_to(site)}")
            elif target.suffix == ".css":
                problems += css_problems(site, target, css_seen)
    assert checked > 100, f"only {checked} internal references found: is the crawler reading the pages?"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems))[:80])


def test_generated_pages_are_reachable(demo):
    """Every page can be reached by following links from the home page (no orphan pages)."""
    site = demo.site
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for kind, _, url, _ in parse(site / page).refs:
            if kind != "link" or urlsplit(url).scheme or url.startswith("//"):
                continue
            target, _ = resolve(site, page, url)
            if target is not None and target.suffix == ".html" and target.is_file():
                todo.append(target.relative_to(site).as_posix())
    orphans = sorted(set(site_pages(site)) - seen - {"404.html"})
    assert not orphans, f"pages no link leads to: {orphans}"
