"""Strict YAML reading that remembers where every key and value came from.

PyYAML's safe parser (the C one when available) produces events; this module builds plain
Python values from them with its own, stricter scalar rules:

* quoted scalars are always text; plain scalars are null, true/false, integers, decimals
  (as `Decimal`, exactly as written) or text;
* YAML 1.1 traps are refused, not guessed: `yes`/`no`/`on`/`off`, octal, sexagesimal,
  `.inf`, exponent floats;
* duplicate keys, anchors, aliases, explicit tags, tabs, non-UTF-8 bytes, several
  documents and files over `MAX_BYTES` are errors.

Nothing here executes or instantiates anything named by the document.
"""
from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import yaml

from generator.core.diagnostics import Diagnostic
from generator.load.yamllines import Unsupported, read_lines

# Resource limits, checked before or while parsing on every read path (fast and full): no input
# may crash the reader or keep it busy for seconds.
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000  # a criteria set of 150 criteria has about 3,000; a score file fewer

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[Any, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_NUMBER_TRAP = re.compile(
    r"^([-+]?0[0-9_]+|[-+]?0[xXoObB][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
    r"|[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
)


@dataclass(frozen=True)
class Mark:
    line: int
    col: int


class _Filled:
    """One position table of a SourceMap, worked out on first use when the map is lazy."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if obj._raw is not None:
            obj._fill()
        return getattr(obj, self.slot)


class SourceMap:
    """Positions of the keys and values of one file, by location tuple.

    A map made by a fast read (`parse_yaml(..., lazy=True)`) keeps the file's bytes instead and
    works the positions out the first time they are asked for (only when a diagnostic is
    reported): a valid dataset never pays for them, and the map pickles small.
    """

    __slots__ = ("path", "header", "_values", "_keys", "_plain_text", "_key_text", "_raw")

    def __init__(self, path: str, values: dict | None = None, keys: dict | None = None,
                 plain_text: dict | None = None, key_text: dict | None = None, header: str = "") -> None:
        self.path = path
        self.header = header
        self._values: dict[Loc, Mark] = {} if values is None else values
        self._keys: dict[Loc, Mark] = {} if keys is None else keys
        self._plain_text: dict[Loc, str] = {} if plain_text is None else plain_text
        self._key_text: dict[Loc, str] = {} if key_text is None else key_text
        self._raw: bytes | None = None

    @property
    def is_lazy(self) -> bool:
        """Positions not worked out yet (the file was read by the fast path)."""
        return self._raw is not None

    @classmethod
    def lazy(cls, path: str, raw: bytes, header: str) -> "SourceMap":
        src = cls(path, header=header)
        src._raw = raw
        return src

    def _fill(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            full = parse_yaml(raw, self.path).source
            self._values, self._keys = full._values, full._keys
            self._plain_text, self._key_text = full._plain_text, full._key_text

    values = _Filled()       # Loc -> Mark of each value
    keys = _Filled()         # Loc -> Mark of the key that introduces it
    plain_text = _Filled()   # Loc -> a plain number as written ("1.10")
    key_text = _Filled()     # Loc -> a key as written

    def __getstate__(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, state) -> None:
        for k, v in state.items():
            setattr(self, k, v)

    def __eq__(self, other) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.path, self.header, self.values, self.keys, self.plain_text, self.key_text) == \
            (other.path, other.header, other.values, other.keys, other.plain_text, other.key_text)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap(path={self.path!r}, {'lazy' if self._raw is not None else f'{len(self._values)} values'})"

    def value(self, loc: Loc) -> Mark:
        """The value at `loc`, or the nearest enclosing value that exists."""
        values = self.values
        loc = tuple(loc)
        while loc:
            if loc in values:
                return values[loc]
            loc = loc[:-1]
        return values.get((), Mark(1, 1))

    def key(self, loc: Loc) -> Mark:
        """The key that introduces `loc`, else the value's position."""
        loc = tuple(loc)
        return self.keys.get(loc) or self.value(loc)


@dataclass
class YamlDocument:
    path: str
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]
    # Where a diagnostic stands for one value of `data` (a YAML 1.1 trap kept as text, an alias
    # read as null, a tagged or anchored value, the first of two duplicate keys): the load stage
    # sets these values aside and checks the rest of the file (`generator.load.salvage`).
    problems: tuple[Loc, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _diag(path: str, mark: Mark, rule: str, vi: str, en: str, hint_vi: str, hint_en: str) -> Diagnostic:
    return Diagnostic(path, mark.line, mark.col, rule, vi, en, hint_vi, hint_en)


def _position(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def read_yaml(file: Path, display: str | None = None, lazy: bool = False) -> YamlDocument:
    """Read `file` strictly. `display` is the path shown in diagnostics (repo-relative).
    `lazy`: see `parse_yaml`."""
    shown = display or str(file)
    try:
        raw = file.read_bytes()
    except OSError as err:
        return unreadable(shown, err)
    return parse_yaml(raw, shown, lazy)


def unreadable(shown: str, err: OSError) -> YamlDocument:
    """The document of a file that could not be read: no data, one diagnostic saying why."""
    return YamlDocument(shown, None, SourceMap(shown), [
        _diag(shown, Mark(1, 1), "yaml.unreadable", f"Không đọc được tệp: {_os_error_vi(err)}.",
              f"Cannot read the file: {err.strerror}.", "Kiểm tra đường dẫn và quyền đọc.",
              "Check the path and read permission.")])


_OS_ERRORS_VI = {errno.EACCES: "không có quyền đọc", errno.EPERM: "không được phép đọc",
                 errno.ENOENT: "không tìm thấy tệp", errno.EISDIR: "đây là một thư mục",
                 errno.ELOOP: "đường dẫn đi qua liên kết", errno.EINVAL: "đây không phải tệp thường"}


def _os_error_vi(err: OSError) -> str:
    """Why a file could not be read, in Vietnamese (the system's own words are English)."""
    known = _OS_ERRORS_VI.get(err.errno)
    if known:
        return known
    name = errno.errorcode.get(err.errno or 0)
    return f"lỗi hệ điều hành `{name}`" if name else "lỗi hệ điều hành"


# PyYAML's words for a syntax error, in Vietnamese (by the start of its message).
_SYNTAX_VI = (
    ("mapping values are not allowed", "có dấu hai chấm ở chỗ không được phép (thiếu dấu cách sau dấu hai chấm, "
                                       "thụt lề sai, hoặc văn bản có `: ` cần đặt trong dấu nháy)"),
    ("could not find expected ':'", "thiếu dấu hai chấm sau khóa"),
    ("did not find expected key", "không thấy khóa ở chỗ cần có (thụt lề sai?)"),
    ("did not find expected '-' indicator", "thiếu dấu `-` của mục danh sách (thụt lề sai?)"),
    ("did not find expected node content", "thiếu giá trị"),
    ("did not find expected ',' or ']'", "thiếu dấu `,` hoặc `]`"),
    ("did not find expected ',' or '}'", "thiếu dấu `,` hoặc `}`"),
    ("expected ',' or ']'", "thiếu dấu `,` hoặc `]`"),
    ("expected ',' or '}'", "thiếu dấu `,` hoặc `}`"),
    ("block sequence entries are not allowed", "mục danh sách (`- `) không được đặt ở đây (thụt lề sai?)"),
    ("found character that cannot start any token", "có ký tự không được đứng đầu một giá trị (ví dụ `@` hay "
                                                    "`` ` ``): đặt giá trị trong dấu nháy"),
    ("found unexpected end of stream", "tệp kết thúc khi dấu nháy hoặc dấu ngoặc chưa đóng"),
    ("found unexpected ':'", "có dấu hai chấm không đúng chỗ"),
    ("found unknown escape character", "có mã thoát `\\` không hợp lệ trong dấu nháy kép"),
    ("expected <document start>", "có nội dung thừa sau phần chính của tệp (thụt lề sai?)"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên"),
    ("found undefined tag handle", "có thẻ kiểu không hợp lệ"),
)


def _syntax_vi(problem: str) -> str:
    for start, words in _SYNTAX_VI:
        if problem.startswith(start):
            return f": {words}"
    return ""


def parse_yaml(raw: bytes, shown: str, lazy: bool = False) -> YamlDocument:
    """Read `raw` strictly. With `lazy`, a file that has no problem is read by the fast path
    (the canonical layout line by line, `yamllines`, else libyaml composes the document in C;
    no positions are recorded: the SourceMap works them out if they are ever asked for); any
    problem, or anything the fast path does not handle, falls back on the full reader, so the
    data and diagnostics are the same either way."""
    if lazy and len(raw) <= MAX_BYTES and not _may_exceed_nodes(raw):
        fast = _fast_parse(raw, shown)
        if fast is not None:
            return fast
    src = SourceMap(shown)
    if len(raw) > MAX_BYTES:
        return YamlDocument(shown, None, src, [_diag(
            shown, Mark(1, 1), "yaml.too-large",
            f"Tệp lớn {len(raw)} byte, vượt giới hạn {MAX_BYTES} byte.",
            f"The file is {len(raw)} bytes, over the {MAX_BYTES}-byte limit.",
            "Tách tệp hoặc bỏ nội dung thừa (ví dụ tệp đính kèm dán vào).",
            "Split the file or remove pasted content such as attachments.")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        good = raw[: err.start].decode("utf-8")
        return YamlDocument(shown, None, src, [_diag(
            shown, _position(good, len(good)), "yaml.encoding",
            f"Byte 0x{raw[err.start]:02x} không hợp lệ trong UTF-8.",
            f"Byte 0x{raw[err.start]:02x} is not valid UTF-8.",
            "Lưu tệp với mã hóa UTF-8 (không dùng Windows-1258 hay TCVN3).",
            "Save the file as UTF-8 (not Windows-1258 or TCVN3).")])
    if text.startswith("\ufeff"):
        text = text[1:]
    src.header = text.split("\n", 1)[0]
    diags: list[Diagnostic] = []
    for match in re.finditer("\t", text):
        diags.append(_diag(
            shown, _position(text, match.start()), "yaml.tab",
            "Có ký tự tab; YAML chỉ dùng dấu cách.", "A tab character; YAML uses spaces only.",
            "Thay tab bằng dấu cách (2 dấu cách cho mỗi cấp thụt lề).",
            "Replace the tab with spaces (2 per indentation level)."))
        if len(diags) >= 20:
            break
    if diags:
        return YamlDocument(shown, None, src, diags)
    builder = _Builder(shown, src)
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
    except _TooDeep:
        return YamlDocument(shown, None, src, builder.diags)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = (err.problem or err.context or "syntax error").strip()
        return YamlDocument(shown, None, src, builder.diags + [_diag(
            shown, where, "yaml.syntax", f"Lỗi cú pháp YAML{_syntax_vi(problem)}.",
            f"YAML syntax error: {problem}.",
            "Kiểm tra thụt lề, dấu hai chấm sau khóa và dấu nháy đóng mở.",
            "Check indentation, the colon after each key, and matching quotes.")])
    except yaml.YAMLError as err:
        return YamlDocument(shown, None, src, builder.diags + [_diag(
            shown, Mark(1, 1), "yaml.syntax", "Lỗi YAML: không đọc được tệp.", f"YAML error: {err}.",
            "Sửa cú pháp YAML.", "Fix the YAML syntax.")])
    return YamlDocument(shown, data, src, builder.diags, tuple(builder.problems))


class _Fallback(Exception):
    """The fast path met something only the full reader reports or handles."""


try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: the full reader only
    _CParser = None


class _Composer(_CParser or object):
    """libyaml's parser and composer without tag resolution (the strict reader decides what a
    scalar is from its text and style, never from tags)."""

    def resolve(self, kind, value, implicit):
        return ""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


_FAST_UNSAFE = ("\t", "&", "*", "!")  # tabs; anchors, aliases and tags: the full reader reports them


def _fast_parse(raw: bytes, shown: str) -> YamlDocument | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    for ch in _FAST_UNSAFE:
        if ch in text:
            return None
    try:
        data = read_lines(text, _plain, _quoted, MAX_DEPTH)  # the canonical layout, line by line
    except _Fallback:
        return None  # a YAML 1.1 trap: the full reader reports it (libyaml would meet it again)
    except Unsupported:
        if _CParser is None:
            return None  # no libyaml: the full reader only
        if not _within_depth(text):
            return None  # the full reader stops at the first level too deep and says where
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
            data = None if node is None else _fast_value(node, 0)
        except (_Fallback, yaml.YAMLError, RecursionError):
            return None
        finally:
            loader.dispose()
    return YamlDocument(shown, data, SourceMap.lazy(shown, raw, text.split("\n", 1)[0]), [])


def _may_exceed_nodes(raw: bytes) -> bool:
    """Whether `raw` could hold more than `MAX_NODES` nodes (an upper bound: every node but the
    first follows a separator counted here). Files under 2 × `MAX_NODES` bytes cannot; larger
    ones that might are left to the full reader, which counts and stops at the limit."""
    if len(raw) <= 2 * MAX_NODES:
        return False
    bound = 1 + sum(raw.count(sep) for sep in (b",", b"\n", b": ", b"- ", b"[", b"{", b"? "))
    return bound > MAX_NODES


def _within_depth(text: str) -> bool:
    """No collection nests deeper than `MAX_DEPTH`, by libyaml's event parser, which is left as
    soon as one does: libyaml's composer recurses in C, and a file of a few tens of KB nested tens
    of thousands of levels deep would overflow the stack before `_fast_value` could stop it."""
    parser = _CParser(text)
    depth = 0
    try:
        while parser.check_event():
            kind = type(parser.get_event())
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH + 1:
                    return False
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
    except yaml.YAMLError:
        return False  # the full reader reports it with its position
    finally:
        parser.dispose()
    return True


def _fast_value(node: yaml.Node, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Fallback
    cls = type(node)
    if cls is yaml.ScalarNode:
        return _fast_scalar(node)
    if cls is yaml.SequenceNode:
        return [_fast_value(item, depth + 1) for item in node.value]
    if cls is not yaml.MappingNode:
        raise _Fallback
    mapping: dict[Any, Any] = {}
    for knode, vnode in node.value:
        if type(knode) is not yaml.ScalarNode:
            raise _Fallback
        key = _fast_scalar(knode)
        if key in mapping or (key == "<<" and not knode.style):
            raise _Fallback  # duplicate or merge key: an error with a position
        mapping[key] = _fast_value(vnode, depth + 1)
    return mapping


def resolve_plain(text: str) -> tuple[Any, str | None]:
    """The value of a plain (unquoted) scalar by the strict rules, and the trap it falls into:
    "boolean" (YAML 1.1 yes/no/on/off) or "number" (octal, exponents, .inf...); such a scalar
    stays text and is an error. The one place these rules live (both readers use it)."""
    if text in _NULL:
        return None, None
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    if _INT.match(text):
        return int(text), None
    if _DECIMAL.match(text):
        return Decimal(text), None
    if _YAML11_BOOL.match(text):
        return text, "boolean"
    if _NUMBER_TRAP.match(text):
        return text, "number"
    return text, None


_SHORT = 24           # scalars up to this length are looked up in `_PLAIN` / `_QUOTED`
_SHARED_MAX = 200_000  # entries kept before the tables start over
_PLAIN: dict[str, Any] = {}   # plain scalar text -> its value (never a trap)
_QUOTED: dict[str, str] = {}  # quoted scalar text -> one shared str


def _fast_scalar(node: yaml.ScalarNode) -> Any:
    """`_Builder._scalar` without positions; a trap falls back on the full reader, which reports it."""
    return _quoted(node.value) if node.style else _plain(node.value)


def _quoted(text: str) -> str:
    """A quoted scalar's text. Short scalars repeat across thousands of files (criterion ids,
    statuses): each distinct text is kept once and shared, which saves the memory of millions
    of equal copies."""
    if len(text) > _SHORT:
        return text
    shared = _QUOTED.get(text)
    if shared is None:
        if len(_QUOTED) >= _SHARED_MAX:
            _QUOTED.clear()
        shared = _QUOTED[text] = text
    return shared


def _plain(text: str) -> Any:
    """A plain scalar's value (`resolve_plain`); a trap raises `_Fallback`. Each distinct short
    text (points such as 0.5, true, statuses) is resolved once and its value shared (str, int,
    Decimal and bool are immutable), which also saves the regular expressions."""
    try:
        return _PLAIN[text]
    except KeyError:
        pass
    value, trap = resolve_plain(text)
    if trap:
        raise _Fallback
    if len(text) <= _SHORT:
        if len(_PLAIN) >= _SHARED_MAX:
            _PLAIN.clear()
        _PLAIN[text] = value
    return value


class _TooDeep(Exception):
    """Nesting past `MAX_DEPTH`, or more than `MAX_NODES` values: the reader stops there
    (libyaml's and PyYAML's scanners take time quadratic in the depth of flow collections,
    libyaml's composer recurses in C, and PyYAML reads a large file for seconds)."""


class _Builder:
    """Turns a PyYAML event stream into values plus a SourceMap, collecting problems."""

    def __init__(self, shown: str, src: SourceMap) -> None:
        self.shown = shown
        self.src = src
        self.diags: list[Diagnostic] = []
        self.problems: list[Loc] = []  # the values the diagnostics are about (`YamlDocument.problems`)
        self._dup = 0
        self._nodes = 0

    def _error(self, mark: Mark, rule: str, vi: str, en: str, hint_vi: str, hint_en: str) -> None:
        self.diags.append(_diag(self.shown, mark, rule, vi, en, hint_vi, hint_en))

    def build(self, events: Iterator[yaml.Event]) -> Any:
        it = iter(events)
        next(it)  # StreamStart
        ev = next(it)
        if isinstance(ev, yaml.StreamEndEvent):
            return None
        docs = 0
        data = None
        while isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
            if docs == 2:
                self._error(_mark(ev), "yaml.multiple-documents", "Tệp có nhiều hơn một tài liệu YAML (`---`).",
                            "The file holds more than one YAML document (`---`).",
                            "Mỗi tệp chỉ chứa một tài liệu: chuyển phần sau dòng `---` thứ hai sang tệp của nó, rồi "
                            "bỏ dòng đó.",
                            "One document per file: move what follows the second `---` to its own file, then remove "
                            "that line.")
            value = self._node(next(it), it, (), 0)
            if docs == 1:
                data = value
            next(it)  # DocumentEnd
            ev = next(it)
        return data

    def _node(self, ev: yaml.Event, it: Iterator[yaml.Event], loc: Loc, depth: int) -> Any:
        mark = _mark(ev)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            self._error(mark, "yaml.too-many-nodes",
                        f"Tệp có hơn {MAX_NODES} giá trị: tệp không được đọc tiếp từ đây.",
                        f"The file holds more than {MAX_NODES} values: it is not read past this point.",
                        "Tách tệp hoặc bỏ dữ liệu thừa.", "Split the file or remove surplus data.")
            raise _TooDeep
        if isinstance(ev, yaml.AliasEvent):
            self._error(mark, "yaml.alias", f"Không cho phép bí danh (`*{ev.anchor}`).",
                        f"Aliases (`*{ev.anchor}`) are not allowed.",
                        "Viết đầy đủ giá trị tại chỗ thay cho bí danh.", "Write the value out in full.")
            self.src.values[loc] = mark
            self.problems.append(loc)
            return None
        if getattr(ev, "anchor", None):
            self._error(mark, "yaml.anchor", f"Không cho phép neo (`&{ev.anchor}`).",
                        f"Anchors (`&{ev.anchor}`) are not allowed.",
                        "Bỏ neo `&…` và viết đầy đủ giá trị ở mỗi nơi dùng.",
                        "Remove the `&…` anchor and write values out where they are used.")
            self.problems.append(loc)
        if _explicit_tag(ev):
            self._error(mark, "yaml.tag", f"Không cho phép thẻ kiểu tường minh (`{ev.tag}`).",
                        f"Explicit tags (`{ev.tag}`) are not allowed.",
                        "Xóa thẻ; nếu cần văn bản, hãy đặt giá trị trong dấu nháy.",
                        "Remove the tag; to force text, put the value in quotes.")
            self.problems.append(loc)
        if depth > MAX_DEPTH:
            self._error(mark, "yaml.too-deep", f"Lồng quá {MAX_DEPTH} cấp: tệp không được đọc tiếp từ đây.",
                        f"Nested deeper than {MAX_DEPTH} levels: the file is not read past this point.",
                        "Giảm độ sâu của cấu trúc.", "Flatten the structure.")
            raise _TooDeep  # read no further: the rest could take the parser minutes
        self.src.values[loc] = mark
        if isinstance(ev, yaml.ScalarEvent):
            return self._scalar(ev, loc)
        if isinstance(ev, yaml.SequenceStartEvent):
            items: list[Any] = []
            ev = next(it)
            while not isinstance(ev, yaml.SequenceEndEvent):
                items.append(self._node(ev, it, loc + (len(items),), depth + 1))
                ev = next(it)
            return items
        mapping: dict[Any, Any] = {}
        ev = next(it)
        while not isinstance(ev, yaml.MappingEndEvent):
            kmark = _mark(ev)
            if not isinstance(ev, yaml.ScalarEvent) or ev.anchor or _explicit_tag(ev):
                if not isinstance(ev, yaml.ScalarEvent):
                    self._error(kmark, "yaml.complex-key", "Khóa phải là một giá trị đơn.",
                                "A key must be a single scalar.", "Dùng khóa dạng văn bản.", "Use a text key.")
                    self._skip(ev, it, depth + 1)
                else:
                    self._node(ev, it, ("<bad-key>",), depth + 1)
                self._skip(next(it), it, depth + 1)
                ev = next(it)
                continue
            key = self._scalar(ev, None)
            if key == "<<" and not ev.style:
                self._error(kmark, "yaml.merge-key", "Không cho phép khóa gộp `<<`.",
                            "Merge keys (`<<`) are not allowed.", "Viết đầy đủ các khóa.",
                            "Write the keys out in full.")
            vev = next(it)
            if key in mapping:
                first = self.src.keys[loc + (key,)]
                self._error(kmark, "yaml.duplicate-key",
                            f"Khóa `{ev.value}` bị lặp (đã có ở dòng {first.line}).",
                            f"Duplicate key `{ev.value}` (first at line {first.line}).",
                            "Gộp hai mục làm một (mỗi khóa chỉ xuất hiện một lần), hoặc đổi khóa của mục viết nhầm.",
                            "Merge the two entries into one (each key may appear once), or correct the mistyped key.")
                self.problems.append(loc + (key,))
                self._dup += 1
                self._node(vev, it, loc + (("<duplicate>", self._dup),), depth + 1)
            else:
                self.src.keys[loc + (key,)] = kmark
                self.src.key_text[loc + (key,)] = ev.value
                mapping[key] = self._node(vev, it, loc + (key,), depth + 1)
            ev = next(it)
        return mapping

    def _skip(self, ev: yaml.Event, it: Iterator[yaml.Event], depth: int) -> None:
        """Pass over the node that starts with `ev` (at `depth`), stopping as `_node` does where
        it nests too deep."""
        level = 1 if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) else 0
        while level:
            ev = next(it)
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
                if depth + level > MAX_DEPTH + 1:
                    self._node(ev, it, (), depth + level)  # reports the level and stops
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1

    def _scalar(self, ev: yaml.ScalarEvent, loc: Loc | None) -> Any:
        text = ev.value
        if ev.style:  # quoted, literal or folded: always text (plain is None or "")
            return text
        value, trap = resolve_plain(text)
        if type(value) in (int, Decimal) and loc is not None:
            self.src.plain_text[loc] = text
        if trap and loc is not None:
            self.problems.append(loc)
        if trap == "boolean":
            self._error(_mark(ev), "yaml.ambiguous-boolean",
                        f"Giá trị `{text}` không rõ nghĩa: YAML 1.1 đọc nó là đúng/sai.",
                        f"`{text}` is ambiguous: YAML 1.1 reads it as a boolean.",
                        f"Viết `true` hoặc `false`; nếu là văn bản, đặt trong dấu nháy: `'{text}'`.",
                        f"Write `true` or `false`; if you mean text, quote it: `'{text}'`.")
        elif trap == "number":
            self._error(_mark(ev), "yaml.ambiguous-number",
                        f"Giá trị `{text}` không rõ nghĩa: các công cụ YAML đọc nó theo những cách khác nhau.",
                        f"`{text}` is ambiguous: YAML tools read it in different ways.",
                        f"Viết số thập phân thông thường (ví dụ `12.5`), hoặc đặt trong dấu nháy nếu là mã: `'{text}'`.",
                        f"Write a plain decimal (e.g. `12.5`), or quote it if it is a code: `'{text}'`.")
        return value


def _mark(ev: yaml.Event) -> Mark:
    return Mark(ev.start_mark.line + 1, ev.start_mark.column + 1)


def _explicit_tag(ev: yaml.Event) -> bool:
    tag = getattr(ev, "tag", None)
    if not tag:
        return False
    implicit = getattr(ev, "implicit", False)
    if isinstance(implicit, tuple):
        return not any(implicit)
    return not implicit
