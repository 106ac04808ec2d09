"""The canonical form of a data file, shared by `parportal fix` and the `file.canonical` rule.

One text per meaning (whether a collection is written as a block or as a flow on one line is
the author's choice and is kept), so that reviews show changes of substance only:

* the first line is the file's schema line (`file.schema-line`); other comments are kept, in
  their order, where they were (above a key or list item, at the end of a line, or at the end
  of a block), re-indented to their key; runs of blank lines become one;
* keys in the order of the model's fields (`model_fields`, recursively; `self` for the
  self-assessed value), except that a criterion's sub-criteria (`criteria`) come after its
  own keys; unknown keys after them in their own order; the entries of a
  dictionary (scores by criterion id, figures) keep their order;
* criterion ids always in double quotes (`"1.1"`); other text plain when the strict reader
  would read it back as the same text, else double-quoted; text with line breaks as a literal
  block (`|`); numbers exactly as written (`1.50` stays `1.50`: no float, no rounding),
  `true`/`false`, an empty value for null;
* 2 spaces per level, list items indented under their key (`  - id: "1"`), flow
  collections (`{status: done, self: 2}`) kept as flow on one line (the comments of a flow
  collection written over several lines at the end of that line), one final newline.

It works on libyaml's event stream (the parser the strict reader uses), not on a round-trip
library: the rule runs on every file on every check (the 94 demo files: 0.34 s here, against
6.5 s for a ruamel.yaml round trip). `fix_text` re-reads its output with the strict reader and
refuses to return anything whose data differ from the input's, so a rewrite can never change a
meaning; tests/test_workflow_canonical.py proves on random layouts that fix keeps the data and
every comment and is idempotent.
"""
from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel

from . import model, paths
from .diagnostics import Diagnostic
from .yamlsource import (_DECIMAL, _FALSE, _INT, _NULL, _NUMBER_TRAP, _TRUE, _YAML11_BOOL,  # noqa: F401
                         parse_yaml)

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MODELINE = "# yaml-language-server:"
INDENT = 2

KIND_MODELS: dict[str, type[BaseModel]] = {
    "registry": model.Registry, "criteria": model.CriteriaSet, "scores": model.ScoreFile}


class CanonicalError(Exception):
    """The file cannot be put in canonical form (it is not strictly readable YAML)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(f"{d.path}:{d.line}: {d.message_en}" for d in diagnostics))
        self.diagnostics = diagnostics


# --------------------------------------------------------------------------- file kinds

def kind_of_path(rel_path: str) -> str | None:
    """'registry', 'criteria' or 'scores' for a repo-relative data file path, else None."""
    parts = PurePosixPath(rel_path).parts
    if rel_path == paths.REGISTRY_FILE:
        return "registry"
    if not rel_path.endswith(".yaml"):
        return None
    if len(parts) == 3 and parts[0] == paths.CRITERIA_DIR:
        return "criteria"
    if len(parts) == 4 and parts[0] == paths.SCORES_DIR:
        return "scores"
    return None


# --------------------------------------------------------------------------- model shapes

@dataclass(eq=False)
class Shape:
    """What the model expects at one place of a file: enough to order keys and quote ids."""

    kind: Literal["model", "dict", "list", "union", "scalar", "any"]
    order: dict[str, int] = field(default_factory=dict)      # model: key -> position
    fields: dict[str, "Shape"] = field(default_factory=dict)  # model: key -> shape
    item: "Shape | None" = None                               # dict value / list item
    key_is_id: bool = False                                   # dict keyed by criterion id
    is_id: bool = False                                       # scalar: a criterion id
    variants: dict[str, "Shape"] = field(default_factory=dict)  # union: `type` value -> model

    def child(self, key: str | None, node: "Node | None" = None) -> "Shape":
        shape = self.resolve(node)
        if shape.kind == "model":
            return shape.fields.get(key, ANY) if key is not None else ANY
        if shape.kind in ("dict", "list"):
            return shape.item or ANY
        return ANY

    def resolve(self, node: "Node | None") -> "Shape":
        """A union of models resolved by the node's `type` key."""
        if self.kind != "union" or not isinstance(node, Map):
            return self
        for key, value in node.items:
            if key.value == "type" and isinstance(value, Scalar):
                return self.variants.get(value.value, ANY)
        return ANY


ANY = Shape("any")
ID_SCALAR = Shape("scalar", is_id=True)
SCALAR = Shape("scalar")
_ID_PATTERN = typing.get_args(model.CriterionId)[1].pattern
_SHAPES: dict[type, Shape] = {}


def _is_id(metadata: list[Any]) -> bool:
    return any(getattr(m, "pattern", None) == _ID_PATTERN for m in metadata)


def _shape(annotation: Any, metadata: list[Any] = ()) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        return _shape(args[0], [*metadata, *annotation.__metadata__])
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _shape(args[0], metadata)
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models and len(models) == len(args):
            variants = {}
            for m in models:
                literal = m.model_fields.get("type")
                for value in typing.get_args(literal.annotation) if literal else ():
                    variants[value] = _model_shape(m)
            return Shape("union", variants=variants)
        return SCALAR
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return Shape("list", item=_shape(item))
    if origin is dict:
        key, value = typing.get_args(annotation) or (Any, Any)
        key_meta = list(getattr(key, "__metadata__", ()))
        return Shape("dict", item=_shape(value), key_is_id=_is_id(key_meta))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    return ID_SCALAR if _is_id(list(metadata)) else SCALAR


def _model_shape(cls: type[BaseModel]) -> Shape:
    if cls in _SHAPES:
        return _SHAPES[cls]
    shape = Shape("model")
    _SHAPES[cls] = shape  # before recursing: Criterion contains Criterion
    for name, info in cls.model_fields.items():
        shape.fields[info.alias or name] = _shape(info.annotation, list(info.metadata))
    # a list of the model itself (a criterion's sub-criteria) goes last, after the entry's own keys
    children = [k for k, s in shape.fields.items() if s.kind == "list" and s.item is shape]
    for position, key in enumerate([k for k in shape.fields if k not in children] + children):
        shape.order[key] = position
    return shape


def shape_for(kind: str | None) -> Shape:
    return _model_shape(KIND_MODELS[kind]) if kind in KIND_MODELS else ANY


# --------------------------------------------------------------------------- nodes from events

@dataclass(eq=False, slots=True)
class Scalar:
    value: str
    style: str          # "" plain, "'" or '"' quoted, "|" literal, ">" folded
    line: int           # 0-based start
    col: int


@dataclass(eq=False, slots=True)
class Map:
    flow: bool
    line: int
    col: int
    items: list[tuple[Scalar, "Node"]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Seq:
    flow: bool
    line: int
    col: int
    items: list["Node"] = field(default_factory=list)


Node = Union[Scalar, Map, Seq]
_ScalarEvent, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent


def _read_nodes(text: str, hash_lines: set[int]) -> tuple[Node | None, dict[int, list[tuple[int, int]]], set[int],
                                                          set[int]]:
    """The document's node tree; spans of scalars on lines holding '#'; lines inside scalars; and
    the last lines of multi-line quoted or plain scalars, where a comment may follow the scalar.
    Lines inside a multi-line flow collection count as inside a scalar whose last line is the
    collection's: the collection is written on one line, its comments at the end of it."""
    spans: dict[int, list[tuple[int, int]]] = {}
    interior: set[int] = set()
    ends: set[int] = set()
    inside: set[int] = set()  # lines wholly inside a scalar: a '#' there is text

    def flow_span(start: yaml.Mark, end: yaml.Mark) -> None:
        if end.line > start.line:
            interior.update(range(start.line + 1, end.line + 1))
            ends.update(range(start.line + 1, end.line + 1))
    lines = text.split("\n")
    loader = _Parser(text)
    get = loader.get_event

    def scalar(ev: yaml.ScalarEvent) -> Scalar:
        s, e = ev.start_mark, ev.end_mark
        style = ev.style or ""
        if e.line > s.line:
            last = e.line if e.column > 0 else e.line - 1
            if style in ("|", ">"):  # trailing blank lines of a block scalar separate, like gaps
                while last > s.line and not lines[last].strip():
                    last -= 1
            interior.update(range(s.line + 1, last + 1))
            if style not in ("|", ">"):
                ends.add(e.line)
                inside.update(range(s.line + 1, e.line))
            else:
                inside.update(range(s.line + 1, last + 1))
        if hash_lines and (s.line in hash_lines or e.line in hash_lines):
            start = s.column + 1 if style in ("|", ">") else s.column
            if s.line == e.line:
                spans.setdefault(s.line, []).append((start, e.column))
            else:
                if s.line in hash_lines and style not in ("|", ">"):
                    spans.setdefault(s.line, []).append((start, 1 << 30))
                if e.line in hash_lines:
                    spans.setdefault(e.line, []).append((0, e.column))
        return Scalar(ev.value, style, s.line, s.column)

    def node(ev: yaml.Event) -> Node:
        kind = type(ev)
        if kind is _ScalarEvent:
            return scalar(ev)
        if kind is _SeqStart:
            seq = Seq(bool(ev.flow_style), ev.start_mark.line, ev.start_mark.column)
            items, start = seq.items, ev.start_mark
            ev = get()
            while type(ev) is not _SeqEnd:
                items.append(node(ev))
                ev = get()
            if seq.flow:
                flow_span(start, ev.end_mark)
            return seq
        if kind is _MapStart:
            mapping = Map(bool(ev.flow_style), ev.start_mark.line, ev.start_mark.column)
            items, start = mapping.items, ev.start_mark
            ev = get()
            while type(ev) is not _MapEnd:
                if type(ev) is not _ScalarEvent:
                    raise ValueError("complex key")  # refused by the strict reader
                key = scalar(ev)
                items.append((key, node(get())))
                ev = get()
            if mapping.flow:
                flow_span(start, ev.end_mark)
            return mapping
        raise ValueError(f"unsupported YAML event {ev!r}")  # aliases: refused by the strict reader

    try:
        get()  # StreamStart
        ev = get()
        root: Node | None = None
        if isinstance(ev, yaml.DocumentStartEvent):
            root = node(get())
            get()  # DocumentEnd
    finally:
        loader.dispose()
    return root, spans, interior, ends - inside


# --------------------------------------------------------------------------- comments

@dataclass(eq=False)
class Anchor:
    """A place a comment can belong to: a key of a block mapping or an item of a block list."""

    line: int
    col: int                 # the key's column, or the dash's column for a list item
    parent: "Anchor | None"
    value: Node
    ident: int               # id() of the key Scalar (mapping entry) or of the item node


@dataclass
class Comments:
    before: dict[int, list[str | None]] = field(default_factory=dict)  # None: a blank line
    eol: dict[int, list[str]] = field(default_factory=dict)
    after: dict[int, list[str | None]] = field(default_factory=dict)
    header: list[str | None] = field(default_factory=list)     # above the document's content
    trailing: list[str | None] = field(default_factory=list)


def _anchors(root: Node | None, lines: list[str]) -> list[Anchor]:
    found: list[Anchor] = []

    def walk(node: Node, parent: Anchor | None) -> None:
        if isinstance(node, Map) and not node.flow:
            for key, value in node.items:
                a = Anchor(key.line, key.col, parent, value, id(key))
                found.append(a)
                walk(value, a)
        elif isinstance(node, Seq) and not node.flow:
            for item in node.items:
                line, col = _dash(lines, node.col, node.line, *_item_start(item))
                a = Anchor(line, col, parent, item, id(item))
                found.append(a)
                walk(item, a)

    if root is not None:
        walk(root, None)
    return found


def _dash(lines: list[str], col: int, first: int, line: int, start: int) -> tuple[int, int]:
    """Where the dash of a block list item is: every dash of a list sits at the list's column,
    on the item's first line (`- x`, `- - x`) or above it, past blank and comment lines (`-  # c`)."""
    for number in range(line, first - 1, -1):
        text = lines[number] if number < len(lines) else ""
        if len(text) > col and text[col] == "-" and text[col + 1:col + 2] in ("", " ") \
                and (number < line or col < start):
            return number, col
    return line, max(start - 2, 0)


def _item_start(node: Node) -> tuple[int, int]:
    if isinstance(node, Map) and not node.flow and node.items:
        return node.items[0][0].line, node.items[0][0].col
    return node.line, node.col


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.style == "" and node.value in _NULL


def _can_hold(anchor: Anchor) -> bool:
    """Comments at the end of this entry's block may stay inside it."""
    v = anchor.value
    return (isinstance(v, (Map, Seq)) and not v.flow) or _is_null(v)


def _encloses(outer: Anchor, inner: Anchor) -> bool:
    while inner.parent is not None:
        inner = inner.parent
        if inner is outer:
            return True
    return False


def _comment_at(line: str, spans: list[tuple[int, int]]) -> int:
    start = 0
    while True:
        p = line.find("#", start)
        if p < 0:
            return -1
        if (p == 0 or line[p - 1] in " \t") and not any(a <= p < b for a, b in spans):
            return p
        start = p + 1


def _collect_comments(lines: list[str], anchors: list[Anchor], spans: dict[int, list[tuple[int, int]]],
                      interior: set[int], ends: set[int], hash_lines: set[int], content_line: int) -> Comments:
    """Every comment and blank line, given to the entry it belongs to. `content_line`: where the
    document's content starts; what is above it is the file's header."""
    out = Comments()
    starts: dict[int, Anchor] = {}      # outermost anchor starting on a line
    last_on: dict[int, Anchor] = {}     # innermost anchor on a line
    for a in anchors:
        starts.setdefault(a.line, a)
        last_on[a.line] = a
    first_line = content_line
    pending: list[str | None] = out.header  # until the content starts
    previous: Anchor | None = None      # the last anchor on a line before the current one
    placed: Anchor | str | None = None  # where the last comment since `previous` went: an anchor
    #                                     (after its block), "before" (the next anchor) or None
    upcoming = sorted(starts)
    k = 0

    def next_anchor(at: int) -> Anchor | None:
        return starts[upcoming[k]] if k < len(upcoming) else None

    for number, text in enumerate(lines):
        while k < len(upcoming) and upcoming[k] < number:
            previous = last_on[upcoming[k]]
            k += 1
        if number in interior:
            p = _comment_at(text, spans.get(number, [])) if number in ends and number in hash_lines else -1
            if p >= 0:  # after a multi-line scalar: the end of its entry's line
                (out.eol.setdefault(previous.ident, []) if previous else out.trailing).append(text[p:].rstrip())
            continue
        if number >= first_line and out.header is pending:
            pending = []
        if number in starts:
            placed = None
            if pending:
                out.before.setdefault(starts[number].ident, []).extend(pending)
                pending = []
            if number in hash_lines:
                p = _comment_at(text, spans.get(number, []))
                if p >= 0:
                    out.eol.setdefault(last_on[number].ident, []).append(text[p:].rstrip())
            continue
        if not text.strip():
            pending.append(None)
            continue
        if number not in hash_lines:
            continue
        p = _comment_at(text, spans.get(number, []))
        if p < 0:
            continue
        comment = text[p:].rstrip()
        if text[:p].strip() and number >= first_line:  # after something that is not an anchor: a flow continuation
            owner = previous or next_anchor(number)
            if owner is not None:
                out.eol.setdefault(owner.ident, []).append(comment)
            else:
                out.trailing.append(comment)
            continue
        if number < first_line:
            if not comment.startswith(MODELINE):  # the modeline is replaced by the file's own
                pending.append(comment)
            continue
        target = next_anchor(number)
        column = len(text) - len(text.lstrip(" "))
        owner = None
        if previous is not None and column > (target.col if target else 0):
            owner = previous
            while owner is not None and not (owner.col < column and _can_hold(owner)):
                owner = owner.parent
            if owner is not None and target is not None and _encloses(owner, target):
                owner = None  # inside the block that goes on with `target`: keep it above `target`
        # comments keep their order: none goes above one placed before it
        if placed == "before":
            owner = None
        elif isinstance(placed, Anchor) and owner is not None and owner is not placed and not _encloses(owner, placed):
            owner = placed
        placed = owner if owner is not None else "before"
        if owner is not None:
            out.after.setdefault(owner.ident, []).extend(pending + [comment])
        elif target is not None:
            out.before.setdefault(target.ident, []).extend(pending + [comment])
        else:
            out.trailing.extend(pending + [comment])
        pending = []
    if pending is not out.header:
        out.trailing.extend(pending)
    return out


# --------------------------------------------------------------------------- scalars

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
# Characters that cannot stand as they are in a plain scalar or a literal block: controls, C1,
# surrogates, non-characters, and what YAML 1.1 readers take as line breaks or a byte-order mark.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\ufeff]")
_TO_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\ufeff"\\\\]')
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
    """`where`: 'value' (block mapping value), 'item' (block list item), 'key', 'flow' or 'flow-key'."""
    inline = _inline(node.value, node.style, shape.is_id, where)
    if inline is not None:
        return _Text(inline)
    text = node.value
    body = text[:-1] if text.endswith("\n") else text
    pad = " " * (indent + INDENT)
    return _Text("|" if text.endswith("\n") else "|-", [pad + r if r else "" for r in body.split("\n")])


# --------------------------------------------------------------------------- rendering

Line = tuple[str, int, str]   # (kind: "content" | "comment" | "blank", indent, text)


def _ordered(node: Map, shape: Shape) -> list[tuple[Scalar, Node]]:
    shape = shape.resolve(node)
    if shape.kind != "model":
        return list(node.items)
    last = len(shape.order)
    ranked = sorted(enumerate(node.items), key=lambda p: (shape.order.get(p[1][0].value, last), p[0]))
    return [item for _, item in ranked]


def _key_shape(shape: Shape, node: Map) -> Shape:
    shape = shape.resolve(node)
    return ID_SCALAR if shape.kind == "dict" and shape.key_is_id else SCALAR


def _flow(node: Node, shape: Shape, key: bool = False) -> str:
    if isinstance(node, Scalar):
        return _scalar(node, shape, "flow-key" if key else "flow", 0).inline
    if isinstance(node, Seq):
        return "[" + ", ".join(_flow(item, shape.child(None, node)) for item in node.items) + "]"
    key_shape = _key_shape(shape, node)
    entries = [f"{_flow(k, key_shape, True)}: {_flow(v, shape.child(k.value, node))}" for k, v in _ordered(node, shape)]
    return "{" + ", ".join(entries) + "}"


def _block(lines: list[str | None], indent: int, first: bool, trim_end: bool = False) -> list[Line]:
    out: list[Line] = []
    for text in lines:
        if text is None:
            if (out and out[-1][0] == "blank") or (not out and first):
                continue
            out.append(("blank", 0, ""))
        else:
            out.append(("comment", indent, text))
    while trim_end and out and out[-1][0] == "blank":
        out.pop()
    return out


class _Renderer:
    def __init__(self, comments: Comments):
        self.c = comments

    def eol(self, ident: int) -> str:
        found = self.c.eol.get(ident)
        return "  " + " ".join(found) if found else ""

    def entry(self, ident: int, head: str, value: Node, shape: Shape, indent: int, first: bool,
              where: str) -> list[Line]:
        """One mapping entry (`head` = 'key:') or list item (`head` = '-')."""
        out = _block(self.c.before.get(ident, []), indent, first)
        pad = " " * indent
        if isinstance(value, Scalar):
            text = _scalar(value, shape, where, indent)
            sep = " " if text.inline else ""
            out.append(("content", indent, f"{pad}{head}{sep}{text.inline}{self.eol(ident)}"))
            out.extend(("content", 0, row) for row in text.block or ())
        elif value.flow or not value.items:
            out.append(("content", indent, f"{pad}{head} {_flow(value, shape)}{self.eol(ident)}"))
        elif head == "-":  # a block collection as a list item: its first line shares the dash
            inner = self.map(value, shape, indent + INDENT) if isinstance(value, Map) else \
                self.seq(value, shape, indent + INDENT)
            lead = 0
            while inner[lead][0] != "content":
                lead += 1
            if self.c.eol.get(ident):  # `-  # c` on its own line: the item's lines stay below it
                out.append(("content", indent, f"{pad}-{self.eol(ident)}"))
                out.extend(inner)
                out.extend(_block(self.c.after.get(ident, []), indent + INDENT, False, trim_end=True))
                return out
            hoisted = [None if kind == "blank" else text for kind, _, text in inner[:lead]]
            out = _block(self.c.before.get(ident, []) + hoisted, indent, first)
            kind, level, text = inner[lead]
            out.append(("content", indent, f"{pad}- {text[indent + INDENT:]}{self.eol(ident)}"))
            out.extend(inner[lead + 1:])
        else:
            out.append(("content", indent, f"{pad}{head}{self.eol(ident)}"))
            if isinstance(value, Map):
                out.extend(self.map(value, shape, indent + INDENT))
            else:
                out.extend(self.seq(value, shape, indent + INDENT))
        out.extend(_block(self.c.after.get(ident, []), indent + INDENT, False, trim_end=True))
        return out

    def map(self, node: Map, shape: Shape, indent: int) -> list[Line]:
        out: list[Line] = []
        key_shape = _key_shape(shape, node)
        for n, (key, value) in enumerate(_ordered(node, shape)):
            head = _scalar(key, key_shape, "key", indent).inline + ":"
            out.extend(self.entry(id(key), head, value, shape.child(key.value, node), indent, n == 0, "value"))
        return out

    def seq(self, node: Seq, shape: Shape, indent: int) -> list[Line]:
        out: list[Line] = []
        item_shape = shape.child(None, node)
        for n, item in enumerate(node.items):
            out.extend(self.entry(id(item), "-", item, item_shape, indent, n == 0, "item"))
        return out


@dataclass
class Document:
    """A parsed data file: its node tree and its comments, which `render` writes back canonically.
    Commands that edit a file structurally (`parportal new criteria`) change the tree in between."""

    root: Node | None
    comments: Comments

    @classmethod
    def parse(cls, text: str) -> "Document":
        if text.startswith("\ufeff"):
            text = text[1:]
        text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        hash_lines = {n for n, row in enumerate(lines) if "#" in row}
        root, spans, interior, ends = _read_nodes(text, hash_lines)
        anchors = _anchors(root, lines)
        start = anchors[0].line if anchors else root.line if root is not None and not _is_null(root) else len(lines)
        return cls(root, _collect_comments(lines, anchors, spans, interior, ends, hash_lines, start))

    def render(self, rel_path: str, kind: str | None = None) -> str:
        from .rules.file_schema_line import schema_line  # here: the rules package imports this module

        kind = kind or kind_of_path(rel_path)
        root, renderer, shape = self.root, _Renderer(self.comments), shape_for(kind)
        out: list[Line] = [("comment", 0, schema_line(rel_path, kind))] if kind else []
        out.extend(_block(self.comments.header, 0, True))
        if isinstance(root, Map) and not root.flow and root.items:
            out.extend(renderer.map(root, shape, 0))
        elif isinstance(root, Seq) and not root.flow and root.items:
            out.extend(renderer.seq(root, shape, 0))
        elif root is not None and not _is_null(root):
            body = _flow(root, shape) if not isinstance(root, Scalar) else _scalar(root, shape, "flow", 0).inline
            out.append(("content", 0, body))
        out.extend(_block(self.comments.trailing, 0, False))
        while out and out[-1][0] == "blank":
            out.pop()
        rendered = [text if what == "content" else "" if what == "blank" else " " * indent + text
                    for what, indent, text in out]
        return "\n".join(rendered) + "\n"

    # small editing helpers --------------------------------------------------------------

    @staticmethod
    def entry(node: Map, key: str) -> tuple[Scalar, Node] | None:
        for k, v in node.items:
            if k.value == key:
                return k, v
        return None

    def set(self, node: Map, key: str, value: Node, eol: str | None = None) -> Scalar:
        """Set `key` to `value` in `node` (replacing any value, keeping the key's comments)."""
        for n, (k, _) in enumerate(node.items):
            if k.value == key:
                node.items[n] = (k, value)
                break
        else:
            k = Scalar(key, "", -1, -1)
            node.items.append((k, value))
        if eol is not None:
            self.comments.eol[id(k)] = [eol]
        return k

    @staticmethod
    def remove(node: Map, key: str) -> None:
        node.items[:] = [(k, v) for k, v in node.items if k.value != key]


def text_node(value: str) -> Scalar:
    """A new scalar holding text (quoted when the canonical form needs it)."""
    return Scalar(value, '"', -1, -1)


def plain_node(value: str) -> Scalar:
    """A new scalar written as is: a number, true/false, or an empty value."""
    return Scalar(value, "", -1, -1)


def canonical_text(text: str, rel_path: str, kind: str | None = None) -> str:
    """`text` (a strictly readable data file at `rel_path`) in canonical form."""
    return Document.parse(text).render(rel_path, kind)


# --------------------------------------------------------------------------- fixing and checking

def _same(a: Any, b: Any) -> bool:
    """Equal data, down to how each decimal is written (1.50 is not 1.5 here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def fix_text(raw: bytes, rel_path: str) -> str:
    """The canonical text of a file's bytes; `CanonicalError` when it is not strictly readable YAML.

    The result is re-read and compared with the input: identical data or an error, never a
    rewrite that changes what the file says."""
    before = parse_yaml(raw, rel_path)
    if before.diagnostics:
        raise CanonicalError(before.diagnostics)
    text = raw.decode("utf-8")
    result = canonical_text(text, rel_path)
    after = parse_yaml(result.encode("utf-8"), rel_path)
    if after.diagnostics or not _same(before.data, after.data):
        raise RuntimeError(f"canonical form of {rel_path} would change its data; file left as it is (a bug: please report)")
    return result


def first_difference(text: str, canonical: str) -> tuple[int, str] | None:
    """The first line (1-based) where `text` differs from `canonical`, with the canonical line
    there; None when they are the same."""
    have = text.replace("\r\n", "\n").split("\n")
    want = canonical.split("\n")
    for n in range(max(len(have), len(want))):
        a = have[n] if n < len(have) else None
        b = want[n] if n < len(want) else None
        if a != b:
            return n + 1, b or ""
    return None


@dataclass(frozen=True)
class FixResult:
    path: str
    changed: bool
    diagnostics: tuple[Diagnostic, ...] = ()


def fix_file(root: Path, rel_path: str, write: bool = True) -> FixResult:
    file = root / rel_path
    raw = file.read_bytes()
    try:
        result = fix_text(raw, rel_path)
    except CanonicalError as err:
        return FixResult(rel_path, False, tuple(err.diagnostics))
    except (RuntimeError, ValueError, yaml.YAMLError) as err:  # a bug here: say so, touch nothing
        return FixResult(rel_path, False, (Diagnostic(
            rel_path, 1, 1, "file.canonical",
            f"parportal fix không viết lại được tệp này mà chắc chắn giữ nguyên nội dung; tệp để nguyên ({err}).",
            f"parportal fix cannot rewrite this file with certainty that its content is kept; left as it is ({err}).",
            "Báo lỗi này cho người bảo trì, kèm tệp; trong lúc chờ, sửa tay theo cảnh báo của parportal check.",
            "Report this to the maintainers with the file; meanwhile, edit by hand as parportal check says."),))
    if result.encode("utf-8") == raw:
        return FixResult(rel_path, False)
    if write:
        tmp = file.with_name(f".{file.name}.parportal-fix")
        tmp.write_bytes(result.encode("utf-8"))
        tmp.chmod(file.stat().st_mode & 0o777)
        tmp.replace(file)
    return FixResult(rel_path, True)
