"""The Jinja2 environment of generated pages: autoescaped, with filters for Vietnamese numbers,
Markdown-safe text and relative links.

Every value from a data file reaches a page through autoescaping (HTML contexts) or the `md`
filter (Markdown contexts such as headings), so no text from a score file can become markup.
"""
from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.core.textfmt import vn_number

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def md(text: object) -> Markup:
    """Text for a Markdown context: HTML-escaped, then Markdown punctuation backslash-escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape("" if text is None else text))))


def front_title(text: object) -> Markup:
    """A page title for YAML front matter, quoted as a JSON (hence YAML) string. MkDocs themes
    print titles without escaping: the publish stage's hook HTML-escapes every page's title
    (`publish.mkdocs_hooks.TEXT_META`), generated or hand-written, so it is not escaped here."""
    return Markup(json.dumps(str(text), ensure_ascii=False))


def fold(text: object) -> str:
    """Lower-case text without diacritics ("Sở Nội vụ" → "so noi vu"), for search aliases."""
    base = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in base if not unicodedata.combining(ch)).lower()


def slugify(value: str, separator: str = "-") -> str:
    """Heading ids for MkDocs' toc (mkdocs.yml): Vietnamese folded to ASCII, so that "Thay đổi lớn
    nhất" becomes "thay-doi-lon-nhat" (the default drops "đ" and gives "thay-oi-lon-nhat")."""
    text = unicodedata.normalize("NFKD", fold(value)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"[-\s]+", separator, text)


def num(value: Decimal | int | None, decimals: int | None = None) -> str:
    return vn_number(value, decimals)


def signed(value: Decimal | int | None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "0"
    return vn_number(value, decimals, signed=True)


def places(value: int | None) -> Markup:
    """A change of rank as an arrow: ▲ 2 (gained two places), ▼ 1, = (same)."""
    if value is None:
        return Markup('<span class="pp-muted">—</span>')
    if value == 0:
        return Markup('<span class="pp-same" title="Giữ nguyên / unchanged">=</span>')
    if value > 0:
        return Markup(f'<span class="pp-up" title="Tăng {value} bậc / up {value}">▲ {value}</span>')
    return Markup(f'<span class="pp-down" title="Giảm {-value} bậc / down {-value}">▼ {-value}</span>')


@lru_cache(maxsize=65536)  # the same few links on thousands of pages
def relative(target: str, page: str) -> str:
    """Link from the page built from `page` (a .md path) to the site path `target`."""
    here = posixpath.dirname(page)
    return posixpath.relpath(target, here or ".")


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html" if md_path.endswith(".md") else md_path


def make_environment(templates: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=md, title=front_title, fold=fold, num=num, signed=signed, places=places)
    return env
