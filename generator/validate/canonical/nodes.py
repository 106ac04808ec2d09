"""A data file as nodes built from libyaml's event stream, with the positions the formatter needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import yaml

from generator.validate.canonical.base import _Parser


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
