"""Escaping where text leaves the program, one function a context that the templates' own
autoescaping (HTML) and `render.templating.md` (Markdown) do not cover.

* Spreadsheets: a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or
  their full-width forms) is a formula to Excel and LibreOffice. `csv_cell` prefixes such text
  with an apostrophe, as OWASP recommends; a plain number ("-1.25") stays a number.
* URLs: `safe_url` parses a URL and accepts only http(s) with a host and no control character
  or space; templates emit URLs as escaped attributes (`<a href="{{ url }}">`), never inside
  Markdown link syntax, where a `)` would end the link and start another.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:/\d+)?")


def csv_cell(text: str) -> str:
    """`text` safe to open in a spreadsheet: a leading formula character neutralised."""
    if text and text[0] in FORMULA_STARTS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_value(value):
    """`csv_cell` for text; any other value as it is."""
    return csv_cell(value) if isinstance(value, str) else value


URL_SCHEMES = ("http", "https")
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


def safe_url(url: str | None) -> str | None:
    """`url` if it parses as an http(s) URL with a host and holds no space, control character,
    quote, angle bracket, backslash or backtick; else None."""
    if not url or _UNSAFE_IN_URL.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # a bad port raises
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        return None
    return url
