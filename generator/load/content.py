"""The hand-written pages under `content/`, read as the build will read them: every Markdown page
is UTF-8 and its front matter (between `---` lines at the top) is strict YAML, a mapping, and its
text fields are text. MkDocs reads the front matter with PyYAML on its own: whatever it would choke
on, or print wrong (`title: no` as "False"), is an error here, so that `check` finds it and a build
stops before MkDocs meets it. Announcements (`content/thong-bao/`) need a title and a date.

The pages themselves are the maintainers' own Markdown and HTML; their front matter fields are
text, which the publish stage escapes where the theme prints them."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.core import files, paths
from generator.core.diagnostics import Diagnostic
from generator.load.yamlsource import parse_yaml

ANNOUNCEMENTS = f"{paths.CONTENT_DIR}/thong-bao/"
TEXT_KEYS = ("title", "description", "summary")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_diagnostics(base: Path, rels: list[str]) -> list[Diagnostic]:
    """Problems of the Markdown pages among `rels` (paths under `base`, as `files.walk` lists them)."""
    found: list[Diagnostic] = []
    for rel in rels:
        if rel.endswith(".md"):
            try:
                raw = files.read_regular(base / rel)
            except OSError:
                continue  # `discover` has said what it is
            found += page_diagnostics(rel, raw)
    return found


def page_diagnostics(rel: str, raw: bytes) -> list[Diagnostic]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[:err.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        return [_error(rel, line, len(before) - (before.rfind("\n") + 1) + 1, "content.encoding",
                       f"Byte 0x{raw[err.start]:02x} không hợp lệ trong UTF-8.", f"Byte 0x{raw[err.start]:02x} is not valid UTF-8.",
                       "Lưu tệp với mã hóa UTF-8 (không dùng Windows-1258 hay TCVN3).",
                       "Save the file as UTF-8 (not Windows-1258 or TCVN3).")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    announcement = rel.startswith(ANNOUNCEMENTS)
    if not text.startswith("---\n"):
        return [_missing(rel, 1, "title")] if announcement else []
    block = front_matter(text)
    if block is None:
        return [_error(rel, 1, 1, "content.front-matter", "Phần đầu trang mở bằng `---` nhưng không đóng.",
                       "The front matter opens with `---` but is never closed.",
                       "Thêm một dòng `---` sau các khóa của phần đầu trang.",
                       "Add a `---` line after the front matter's keys.")]
    doc = parse_yaml(block.encode("utf-8"), rel)
    found = [_shifted(d) for d in doc.diagnostics]
    if found or doc.data is None:
        return found
    if not isinstance(doc.data, dict):
        return [_error(rel, 2, 1, "content.front-matter", "Phần đầu trang phải là các cặp khóa: giá trị.",
                       "The front matter must be key: value pairs.", "Viết mỗi khóa trên một dòng: `title: …`",
                       "Write one key per line: `title: …`")]
    for key in TEXT_KEYS:
        if key in doc.data and not isinstance(doc.data[key], str):
            mark = doc.source.value((key,))
            found.append(_error(rel, mark.line + 1, mark.col, "content.front-matter",
                                f"`{key}` phải là văn bản.", f"`{key}` must be text.",
                                "Đặt giá trị trong dấu nháy kép.", "Put the value in double quotes."))
    if announcement:
        for key in ("title", "date"):
            if key not in doc.data:
                found.append(_missing(rel, 2, key))
        found += _links_diagnostics(rel, doc)
        date = doc.data.get("date")
        if date is not None and not _is_date(date):
            mark = doc.source.value(("date",))
            found.append(_error(rel, mark.line + 1, mark.col, "content.front-matter",
                                f"`date` phải là ngày dạng `YYYY-MM-DD`; đang là `{date}`.",
                                f"`date` must be a date `YYYY-MM-DD`; got `{date}`.",
                                "Ví dụ: `date: 2024-09-27`.", "Example: `date: 2024-09-27`."))
    return found


# What an announcement's `links:` may name: a page of the site by its source path (as `mdlink`
# and the templates name them: "xep-hang/2023/so-nganh.md", "don-vi/so-noi-vu.html"), with an
# optional anchor. Letters, digits and . _ - / only: it goes into an attribute, and no ".." or "//".
LINK_PAGE = re.compile(r"(?!.*(?:^|/)\.\.?(?:/|$|#))(?!.*//)[a-z0-9][a-z0-9._/-]*\.(?:md|html)(?:#[A-Za-z0-9_-]+)?")


def announcement_links(meta: dict) -> list[tuple[str, str]]:
    """An announcement's `links:` (checked by `page_diagnostics`) as (page, title) pairs."""
    links = meta.get("links")
    if not isinstance(links, list):
        return []
    return [(item["page"], item["title"]) for item in links
            if isinstance(item, dict) and isinstance(item.get("page"), str) and isinstance(item.get("title"), str)]


def _links_diagnostics(rel: str, doc) -> list[Diagnostic]:
    """`links:` is a list of {page, title}: the pages the announcement announces (the results of a
    year, a progress page), shown under its title."""
    links = doc.data.get("links")
    if links is None:
        return []
    hint_vi = "Ví dụ:\nlinks:\n  - page: xep-hang/2023/so-nganh.md\n    title: Xếp hạng sở, ban, ngành 2023"
    hint_en = "Example:\nlinks:\n  - page: xep-hang/2023/so-nganh.md\n    title: Ranking of departments 2023"
    if not isinstance(links, list):
        mark = doc.source.value(("links",))
        return [_error(rel, mark.line + 1, mark.col, "content.front-matter", "`links` phải là một danh sách.",
                       "`links` must be a list.", hint_vi, hint_en)]
    found = []
    for i, item in enumerate(links):
        mark = doc.source.value(("links", i))
        if not isinstance(item, dict) or set(item) != {"page", "title"} or not all(isinstance(v, str) for v in item.values()):
            found.append(_error(rel, mark.line + 1, mark.col, "content.front-matter",
                                f"Mục {i + 1} của `links` phải có đúng hai khóa văn bản: `page` và `title`.",
                                f"Item {i + 1} of `links` must have exactly two text keys: `page` and `title`.", hint_vi, hint_en))
        elif not LINK_PAGE.fullmatch(item["page"]):
            found.append(_error(rel, mark.line + 1, mark.col, "content.front-matter",
                                f"`page` phải là đường dẫn một trang của cổng (chữ thường, số, `. _ - /`), như "
                                f"`xep-hang/2023/so-nganh.md`; đang là `{item['page']}`.",
                                f"`page` must be the path of a page of the portal (lowercase letters, digits, `. _ - /`), "
                                f"such as `xep-hang/2023/so-nganh.md`; got `{item['page']}`.", hint_vi, hint_en))
    return found


def front_matter(text: str) -> str | None:
    """The YAML of a page's front matter (after the opening `---` line, up to the closing `---` or
    `...` line; "\n" line ends), or None when the page has none."""
    if not text.startswith("---\n"):
        return None
    end = _CLOSE.search(text, 4)
    return None if end is None else text[4:end.start()]


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _shifted(d: Diagnostic) -> Diagnostic:
    """A diagnostic of the front matter at its line in the page (below the opening ---)."""
    return Diagnostic(d.path, d.line + 1, d.col, d.rule, d.message_vi, d.message_en, d.hint_vi, d.hint_en, d.severity)


def _missing(rel: str, line: int, key: str) -> Diagnostic:
    return _error(rel, line, 1, "content.front-matter", f"Thông báo thiếu `{key}` trong phần đầu trang.",
                  f"The announcement's front matter has no `{key}`.",
                  "Mở trang bằng:\n---\ntitle: …\ndate: YYYY-MM-DD\n---", "Start the page with:\n---\ntitle: …\ndate: YYYY-MM-DD\n---")


def _error(rel: str, line: int, col: int, rule: str, vi: str, en: str, hint_vi: str, hint_en: str) -> Diagnostic:
    return Diagnostic(rel, line, col, rule, vi, en, hint_vi, hint_en)
