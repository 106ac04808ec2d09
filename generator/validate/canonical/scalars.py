"""How one scalar is written: plain when the strict reader reads it back as the same text, else
double-quoted; literal blocks for text with line breaks; numbers exactly as written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.core.characters import FORBIDDEN, INVISIBLE, nfc
from generator.load.yamlsource import _DECIMAL, _FALSE, _INT, _NULL, _NUMBER_TRAP, _TRUE, _YAML11_BOOL
from generator.validate.canonical.base import INDENT
from generator.validate.canonical.nodes import Scalar
from generator.validate.canonical.shapes import Shape

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
# Characters that cannot stand as they are in a plain scalar or a literal block: controls, C1,
# surrogates, non-characters, what YAML 1.1 readers take as line breaks or a byte-order mark, and
# the invisible and bidirectional characters a reviewer could not see (written as escapes).
_HIDDEN = FORBIDDEN + INVISIBLE
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029{_HIDDEN}]")
_TO_ESCAPE = re.compile(f'[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029{_HIDDEN}"\\\\]')
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_BREAKS = re.compile("[,\\[\\]{}:#?]")


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    o = ord(ch)
    return f"\\x{o:02X}" if o < 0x100 else f"\\u{o:04X}"


def double_quoted(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


@lru_cache(maxsize=16384)
def reads_as_text(text: str) -> bool:
    """The strict reader reads `text`, written plain, back as this same text (not a number,
    boolean or null, and no YAML 1.1 trap)."""
    return not (text in _NULL or text in _TRUE or text in _FALSE or _INT.match(text) or _DECIMAL.match(text)
                or _YAML11_BOOL.match(text) or _NUMBER_TRAP.match(text))


@lru_cache(maxsize=16384)
def plain_ok(text: str, flow: bool) -> bool:
    """`text` may be written without quotes (in a flow collection when `flow`)."""
    if not text or text != text.strip() or text[0] in _INDICATORS or text == "<<":
        return False
    if ": " in text or " #" in text or text.endswith(":") or _UNSAFE.search(text):
        return False
    if flow and _FLOW_BREAKS.search(text):
        return False
    return reads_as_text(text)


def _literal_ok(text: str) -> bool:
    body = text[:-1] if text.endswith("\n") else text
    if not body.strip("\n") or body.endswith("\n") or _UNSAFE.search(body.replace("\n", "")):
        return False
    rows = body.split("\n")
    if any(r != r.rstrip() for r in rows):
        return False
    first = next(r for r in rows if r)
    return not first.startswith(" ")


@dataclass
class _Text:
    """A rendered scalar: its inline text, and the lines of a literal block if it is one."""

    inline: str
    block: list[str] | None = None


@lru_cache(maxsize=16384)
def _inline(value: str, style: str, is_id: bool, where: str) -> str | None:
    """How a scalar is written on its line; None for text that is to be a literal block."""
    if style == "":
        if value in _NULL:
            return "" if where == "value" else "null"
        if value in _TRUE:
            return "true"
        if value in _FALSE:
            return "false"
        if not reads_as_text(value):
            return value  # numbers exactly as written
    if is_id:
        return double_quoted(value)
    if "\n" in value and where in ("value", "item") and _literal_ok(value):
        return None
    if plain_ok(value, where.startswith("flow")):
        return value
    return double_quoted(value)


def _scalar(node: Scalar, shape: Shape, where: str, indent: int) -> _Text:
    """`where`: 'value' (block mapping value), 'item' (block list item), 'key', 'flow' or 'flow-key'.
    Text is written in Unicode NFC (the same text, stored one way)."""
    text = nfc(node.value)
    inline = _inline(text, node.style, shape.is_id, where)
    if inline is not None:
        return _Text(inline)
    body = text[:-1] if text.endswith("\n") else text
    pad = " " * (indent + INDENT)
    return _Text("|" if text.endswith("\n") else "|-", [pad + r if r else "" for r in body.split("\n")])
