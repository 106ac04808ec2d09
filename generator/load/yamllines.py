"""The canonical layout of a data file, read line by line: the fast path's first try.

Score files and criteria sets as `parportal fix` writes them use a small part of YAML: block
mappings and sequences indented with spaces, one entry per line, flow mappings and sequences
that close on their own line, and plain, double-quoted (no escapes) or single-quoted scalars
on one line. This reader takes exactly that part, about three times faster than libyaml's
composer driven from Python, and gives the values libyaml's composer gives
(`yamlsource._fast_parse`; property tests in tests/test_yaml_lines.py). Anything else, such as
a comment after a value, a scalar over several lines, an escape, a colon in plain text, a tab
or an anchor, raises `Unsupported` and libyaml reads the file instead. Errors are never
reported here: the strict reader reports them with their positions.

Scalars are turned into values by the caller's `plain` and `quoted` functions, so both
readers share one set of rules (`yamlsource.resolve_plain`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Scalar = Callable[[str], Any]


class Unsupported(Exception):
    """Outside the canonical part of YAML (or not YAML at all): read the file with libyaml."""


# A block mapping's key and the spaces after its colon: an identifier or a criterion id, plain
# or in double quotes.
_KEY = re.compile(r'(?:"([^"\\]*)"|([A-Za-z0-9_][A-Za-z0-9_.\-]*)):(?: +|$)')
# A plain scalar inside a flow collection, up to the next flow indicator or colon (its trailing
# spaces are not part of it). It may not start with an indicator, except '-' before a non-space.
_FLOW_PLAIN = re.compile(r'(?:[^ ,\[\]{}:#"\'&*!|>%@`?\-]|-(?=[^ ,\[\]{}:#]))[^,\[\]{}:#]*')
# A flow mapping's entry of an identifier and a plain scalar, and the comma (group 3) or brace after it.
_FLOW_PAIR = re.compile(r'([A-Za-z_][A-Za-z0-9_]*): +(' + _FLOW_PLAIN.pattern + r')(?:(,) *|\})')
_FLOW_DQ = re.compile(r'"([^"\\]*)"')
_FLOW_SQ = re.compile(r"'([^']*)'")
# Characters that may not start a plain scalar in block context ('-' may, before a non-space).
_BLOCK_START = frozenset(",[]{}#&*!|>'\"%@`?:-")


def read_lines(text: str, plain: Scalar, quoted: Scalar, max_depth: int) -> Any:
    """The value of the document `text` (no BOM), or `Unsupported`."""
    lines: list[tuple[int, str]] = []
    for line in text.split("\n"):
        if not line.isprintable():  # control characters, \r, line and paragraph separators
            raise Unsupported
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue  # blank or a whole-line comment
        if "#" in content:
            raise Unsupported
        lines.append((len(line) - len(content), content.rstrip(" ")))
    if not lines or lines[0][0] != 0:
        raise Unsupported
    reader = _Reader(lines, plain, quoted, max_depth)
    try:
        end, value = reader.block(0, 0, 0)
    except (IndexError, RecursionError):
        raise Unsupported from None
    if end != len(lines):
        raise Unsupported
    return value


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


class _Reader:
    def __init__(self, lines: list[tuple[int, str]], plain: Scalar, quoted: Scalar, max_depth: int) -> None:
        self.lines = lines
        self.plain = plain
        self.quoted = quoted
        self.max_depth = max_depth

    def block(self, i: int, indent: int, depth: int) -> tuple[int, Any]:
        """The block collection whose first line is `i`, at `indent`."""
        if depth > self.max_depth:
            raise Unsupported
        if _is_item(self.lines[i][1]):
            return self.sequence(i, indent, depth)
        return self.mapping(i, indent, depth)

    def nested(self, i: int, indent: int, depth: int, key: bool) -> tuple[int, Any]:
        """The value of an entry with nothing after its colon (`key`) or dash: the more indented
        block below it, for a key a sequence at the same indent (YAML lets a mapping's sequence
        value start at the key's indent), or null."""
        lines = self.lines
        if i < len(lines) and lines[i][0] > indent:
            return self.block(i, lines[i][0], depth)
        if key and i < len(lines) and lines[i][0] == indent and _is_item(lines[i][1]):
            return self.sequence(i, indent, depth)
        if depth > self.max_depth:
            raise Unsupported
        return i, None

    def mapping(self, i: int, indent: int, depth: int) -> tuple[int, dict]:
        lines, out = self.lines, {}
        while i < len(lines):
            at, content = lines[i]
            if at != indent:
                if at < indent:
                    break
                raise Unsupported
            match = _KEY.match(content)
            if match is None:
                raise Unsupported
            quoted_key, plain_key = match.groups()
            key = self.quoted(quoted_key) if quoted_key is not None else self.plain(plain_key)
            if key in out:
                raise Unsupported  # a duplicate: the strict reader reports it
            rest = content[match.end():]
            i += 1
            if rest:
                out[key] = self.inline(rest, depth + 1)
            else:
                i, out[key] = self.nested(i, indent, depth + 1, key=True)
        return i, out

    def sequence(self, i: int, indent: int, depth: int) -> tuple[int, list]:
        lines, out = self.lines, []
        while i < len(lines):
            at, content = lines[i]
            if at != indent or not _is_item(content):
                if at <= indent:
                    break  # the parent mapping's next key (it checks the indent)
                raise Unsupported
            item = content[1:].lstrip(" ")
            if not item:
                i, value = self.nested(i + 1, indent, depth + 1, key=False)
            elif _KEY.match(item):  # a mapping that starts on the dash line, at the column of its key
                column = indent + len(content) - len(item)
                lines[i] = (column, item)
                i, value = self.mapping(i, column, depth + 1)
            else:
                value = self.inline(item, depth + 1)
                i += 1
            out.append(value)
        return i, out

    def inline(self, text: str, depth: int) -> Any:
        """A value on the rest of its line (already without trailing spaces)."""
        if depth > self.max_depth:
            raise Unsupported
        first = text[0]
        if first == "{" or first == "[":
            value, end = self.flow(text, 0, depth)
            if end != len(text):
                raise Unsupported
            return value
        if first == '"':
            body = text[1:-1]
            if len(text) < 2 or text[-1] != '"' or '"' in body or "\\" in body:
                raise Unsupported
            return self.quoted(body)
        if first == "'":
            body = text[1:-1]
            if len(text) < 2 or text[-1] != "'" or "'" in body:
                raise Unsupported
            return self.quoted(body)
        if (first in _BLOCK_START and (first != "-" or len(text) == 1 or text[1] == " ")) \
                or ": " in text or text[-1] == ":":
            raise Unsupported  # an indicator first, or a colon that would start a mapping
        return self.plain(text)

    def flow(self, text: str, j: int, depth: int) -> tuple[Any, int]:
        """The flow collection or scalar at `text[j]` and the index after it."""
        if depth > self.max_depth:
            raise Unsupported
        first = text[j]
        if first == "{":
            return self.flow_mapping(text, j, depth)
        if first == "[":
            return self.flow_sequence(text, j, depth)
        return self.flow_scalar(text, j)

    def flow_scalar(self, text: str, j: int) -> tuple[Any, int]:
        first = text[j]
        if first == '"' or first == "'":
            match = (_FLOW_DQ if first == '"' else _FLOW_SQ).match(text, j)
            if match is None:
                raise Unsupported
            return self.quoted(match.group(1)), match.end()
        match = _FLOW_PLAIN.match(text, j)
        if match is None:
            raise Unsupported
        return self.plain(match.group().rstrip(" ")), match.end()

    def flow_mapping(self, text: str, j: int, depth: int) -> tuple[dict, int]:
        out: dict = {}
        j = _skip(text, j + 1)
        if text[j] == "}":
            return out, j + 1
        while True:
            pair = _FLOW_PAIR.match(text, j)
            if pair is not None:  # the common entry, `name: plain`, in one match
                key, value = self.plain(pair[1]), self.plain(pair[2].rstrip(" "))
                if key in out or depth + 1 > self.max_depth:
                    raise Unsupported
                out[key] = value
                j = pair.end()
                if pair[3] is None:
                    return out, j
                if text[j] in ",}]":
                    raise Unsupported
                continue
            if text[j] in "{[":
                raise Unsupported  # a collection as a key
            key, j = self.flow_scalar(text, j)
            if not text.startswith(": ", j) or key in out:
                raise Unsupported
            value, j = self.flow(text, _skip(text, j + 2), depth + 1)
            out[key] = value
            j, closed = _next_entry(text, j, "}")
            if closed:
                return out, j

    def flow_sequence(self, text: str, j: int, depth: int) -> tuple[list, int]:
        out: list = []
        j = _skip(text, j + 1)
        if text[j] == "]":
            return out, j + 1
        while True:
            value, j = self.flow(text, j, depth + 1)
            out.append(value)
            j, closed = _next_entry(text, j, "]")
            if closed:
                return out, j


def _next_entry(text: str, j: int, close: str) -> tuple[int, bool]:
    """After an entry of a flow collection: the index after its closing bracket (and True), or
    of the next entry after the comma (a trailing comma is left to libyaml)."""
    j = _skip(text, j)
    if text[j] == close:
        return j + 1, True
    if text[j] != ",":
        raise Unsupported
    j = _skip(text, j + 1)
    if text[j] in ",}]":
        raise Unsupported
    return j, False


def _skip(text: str, j: int) -> int:
    """The index of the first non-space at or after `j`."""
    while text[j] == " ":
        j += 1
    return j
