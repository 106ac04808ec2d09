"""Writing nodes back as canonical text: keys in model order, two-space indents, comments kept."""
from __future__ import annotations

from dataclasses import dataclass

from generator.validate.canonical.base import INDENT, kind_of_path
from generator.validate.canonical.comments import Comments, _anchors, _collect_comments, _is_null
from generator.validate.canonical.nodes import Map, Node, Scalar, Seq, _read_nodes
from generator.validate.canonical.scalars import _scalar
from generator.validate.canonical.shapes import ID_SCALAR, SCALAR, Shape, shape_for

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
        from generator.validate.rules.file_schema_line import schema_line  # here: the rules package imports this module

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
