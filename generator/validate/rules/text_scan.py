"""Where a file's text holds characters of a class (`generator.core.characters`): shared by the
text rules. Not a rule itself.

The file's text is searched with one regular expression (comments included: a bidirectional
override in a comment misleads a reviewer as much as one in a value). A character can also be
written as an escape in a double-quoted scalar (`"\\u202E"`); only a file with a backslash can
hold one, and only such a file is read again with positions to decode its quoted scalars."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.load.yamlsource import parse_yaml


@dataclass(frozen=True)
class Found:
    line: int
    col: int
    char: str
    escaped: bool  # written as an escape sequence (the position is the backslash's)


def file_text(ds, obj) -> str | None:
    """The text of `obj`'s file (None: unreadable or not UTF-8, which the load stage reports)."""
    try:
        text = (ds.root / obj.path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text[1:] if text.startswith("\ufeff") else text


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
           "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def find(text: str, path: str, pattern: re.Pattern) -> Iterator[Found]:
    """Every character of `text` that `pattern` matches, raw or escaped, at its line and column."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for match in pattern.finditer(text):
        yield _at(starts, match.start(), match.group(), False)
    if "\\" not in text:
        return
    doc = parse_yaml(text.encode("utf-8"), path)
    if doc.data is None:
        return  # not readable: the load stage reports why
    seen: set[int] = set()
    for loc, is_key in _scalars(doc.data, ()):
        mark = doc.source.key(loc) if is_key else doc.source.value(loc)
        offset = starts[mark.line - 1] + mark.col - 1 if mark.line <= len(starts) else -1
        if offset in seen or not 0 <= offset < len(text) or text[offset] != '"':
            continue
        seen.add(offset)
        quoted = _QUOTED.match(text, offset)
        for esc in _ESCAPE.finditer(text, offset, quoted.end() if quoted else offset):
            code = esc.group(1)
            ch = chr(int(code[1:], 16)) if len(code) > 1 else _SIMPLE.get(code, code)
            if pattern.match(ch):
                yield _at(starts, esc.start(), ch, True)


def _at(starts: list[int], offset: int, ch: str, escaped: bool) -> Found:
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last line starting at or before `offset`
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return Found(lo + 1, offset - starts[lo] + 1, ch, escaped)


def _scalars(value: Any, loc: tuple) -> Iterator[tuple[tuple, bool]]:
    """The location of every scalar of a read document, keys (True) and values (False)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield loc + (key,), True
            yield from _scalars(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _scalars(item, loc + (i,))
    else:
        yield loc, False
