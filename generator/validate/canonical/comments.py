"""Where each comment of a file belongs (above a key or item, at a line's end, at a block's end), so
that a rewrite keeps every comment in its place and order."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.load.yamlsource import _NULL
from generator.validate.canonical.base import MODELINE
from generator.validate.canonical.nodes import Map, Node, Scalar, Seq


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
