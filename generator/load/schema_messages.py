"""Turn pydantic validation errors into bilingual diagnostics at the right line and column.

Each message says what is wrong in Vietnamese, then in English, and how to fix it: keys and
values to write are in code quotes (`done`), fixed values are named in Vietnamese on the
Vietnamese line (“đã thực hiện” (`done`), `labels`), and where what was written is close to
something valid the hint says which ("did you mean", `generator.core.suggest`): an unknown key
that is a misspelt key is renamed, never deleted.
"""
from __future__ import annotations

import datetime as dt
import re
import types
import typing
from decimal import Decimal
from typing import Any, Literal, Union
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from generator.core.diagnostics import Diagnostic
from generator.core.suggest import closest, slug
from generator.load import labels
from generator.load.yamlsource import Loc, SourceMap

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_CRITERION_ID = r"^[0-9A-Za-z]+([._-][0-9A-Za-z]+)*$"
_FIGURE = r"^[a-z][a-z0-9_]*$"
_HOST = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
_DECIMAL_COMMA = re.compile(r"^[-+]?[0-9]+,[0-9]+$")
_DMY = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
_YES = {"có", "co", "đạt", "dat", "yes", "y", "đúng", "dung", "x"}
_NO = {"không", "khong", "không đạt", "khong dat", "no", "n", "sai", "chưa", "chua", "chưa đạt"}


def _shown(value: Any, raw: str | None) -> str:
    """What was written, in code quotes."""
    if raw is not None:
        return f"`{raw}`"
    if isinstance(value, Decimal):
        return f"`{format(value, 'f')}`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, (dict, list)) or value is None:
        return {dict: "một bảng khóa: giá trị", list: "một danh sách"}.get(type(value), "trống")
    return f"`{value}`"


def _shown_en(value: Any, raw: str | None) -> str:
    if isinstance(value, (dict, list)) or value is None and raw is None:
        return {dict: "a mapping", list: "a list"}.get(type(value), "empty")
    return _shown(value, raw)


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[Loc, bool, bool]:
    """Walk pydantic's `loc` through the data: (real path, is a key error, the last part is missing)."""
    path: list[Any] = []
    cur = data
    for i, part in enumerate(loc):
        if part == "[key]":
            return tuple(path), True, False
        if isinstance(cur, dict) and cur.get("type") == part and part not in cur:
            continue  # discriminated-union tag
        if isinstance(cur, dict) and part not in cur:
            part = next((k for k in cur if not isinstance(k, str) and repr(k) == part), part)
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif i == len(loc) - 1 and isinstance(cur, dict):
            return tuple(path), False, True
    return tuple(path), False, False


# --------------------------------------------------------------------------- what the model expects where

def _plain_type(annotation: Any, value: Any) -> Any:
    """`annotation` without Annotated and Optional; a union of models picked by the value's `type`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            shapes = [_bare(a) for a in args]
            lists = [a for a in shapes if typing.get_origin(a) is list]
            maps = [a for a in shapes if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(maps) == 1 and len(lists) == 1 and len(args) == 2:  # a mapping or a list (`model.PartsForm`)
                annotation = lists[0] if isinstance(value, list) else maps[0]
                continue
            tag = value.get("type") if isinstance(value, dict) else None
            picked = [m for m in models if tag in typing.get_args(_field_of(m, "type")[0] or ())]
            return picked[0] if picked else annotation
        else:
            return annotation


def _bare(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _field_of(model: type[BaseModel], key: Any) -> tuple[Any, bool]:
    """(annotation, required) of the field written as `key`, or (None, False)."""
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field.annotation, field.is_required()
    return None, False


def _at(model: type[BaseModel] | None, data: Any, path: Loc) -> tuple[Any, bool]:
    """(expected type, required) of the value at `path` in a file of `model`."""
    if model is None:
        return None, False
    annotation: Any = model
    required = True
    cur = data
    for part in path:
        annotation = _plain_type(annotation, cur)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            annotation, required = _field_of(annotation, part)
        elif typing.get_origin(annotation) is list:
            annotation, required = (typing.get_args(annotation) or (None,))[0], True
        elif typing.get_origin(annotation) is dict:
            annotation, required = (typing.get_args(annotation) or (None, None))[1], True
        else:
            return None, False
        if annotation is None:
            return None, False
        cur = cur.get(part) if isinstance(cur, dict) else cur[part] if isinstance(cur, list) and \
            isinstance(part, int) and 0 <= part < len(cur) else None
    return _plain_type(annotation, cur), required


def _keys(model: type[BaseModel] | None, data: Any, container: Loc) -> list[str]:
    """The keys a mapping at `container` may have (empty: not known)."""
    expected, _ = _at(model, data, container)
    if isinstance(expected, type) and issubclass(expected, BaseModel):
        return [field.alias or name for name, field in expected.model_fields.items()]
    return []


def _literals(expected: Any) -> list[str]:
    return [str(v) for v in typing.get_args(expected)] if typing.get_origin(expected) is Literal else []


def _quoted_names(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


# --------------------------------------------------------------------------- the messages

Message = tuple[str, str, str, str, str]  # rule, vi, en, hint_vi, hint_en


def _unknown_key(name: str, allowed: list[str]) -> Message:
    match = closest(name, {k: labels.KEYS.get(k, ()) for k in allowed}, n=1) if allowed else []
    if match:
        good = match[0]
        return ("schema.unknown-key", f"Khóa `{name}` không có trong định dạng của tệp: có phải là `{good}`?",
                f"Unknown key `{name}`: did you mean `{good}`?",
                f"Đổi tên khóa `{name}` thành `{good}`, giữ nguyên giá trị.",
                f"Rename the key `{name}` to `{good}`, keeping its value.")
    if not allowed:
        return ("schema.unknown-key", f"Khóa `{name}` không có trong định dạng của tệp ở chỗ này.",
                f"Unknown key `{name}` here.",
                "Kiểm tra chính tả và thụt lề của khóa (trình soạn thảo gợi ý các khóa hợp lệ).",
                "Check the key's spelling and indentation (your editor suggests valid keys).")
    keys = ", ".join(f"`{k}`" for k in allowed)
    note_vi = "; ghi chú tự do đặt dưới `note`" if "note" in allowed else ""
    note_en = "; free text goes under `note`" if "note" in allowed else ""
    return ("schema.unknown-key", f"Khóa `{name}` không có trong định dạng của tệp ở chỗ này.",
            f"Unknown key `{name}` here.",
            f"Chuyển nội dung sang một khóa đúng: {keys}{note_vi}.",
            f"Move its content under one of the keys allowed here: {keys}{note_en}.")


def _enum(name: str, shown: str, shown_en: str, value: Any, values: list[str]) -> Message:
    match = closest(str(value), labels.aliases(values), n=1) if isinstance(value, str) and values else []
    if match:
        good = match[0]
        return ("schema.enum", f"Giá trị {shown} của `{name}` không hợp lệ: có phải là {labels.vi(good)}?",
                f"{shown_en} is not a valid `{name}`: did you mean {labels.en(good)}?",
                f"Sửa thành `{name}: {good}`.", f"Write `{name}: {good}`.")
    return ("schema.enum", f"Giá trị {shown} của `{name}` không hợp lệ.", f"{shown_en} is not a valid `{name}`.",
            f"Chọn một trong: {labels.vi_list(values)}." if values else "Xem lược đồ JSON của tệp.",
            f"Use one of: {labels.en_list(values)}." if values else "See the file's JSON Schema.")


def _id_hint(pattern: str, value: Any) -> tuple[str, str, str, str]:
    """(what an id of this pattern is, vi / en; how to write this one, vi / en)."""
    text = value if isinstance(value, str) else str(value)
    if pattern == _CRITERION_ID:
        good = re.sub(r"[^0-9A-Za-z]+", ".", text.strip()).strip(".")
        return ("mã tiêu chí gồm chữ số và chữ cái, phân cách bằng dấu chấm",
                "criterion ids are letters and digits separated by dots",
                f"Viết thành `\"{good}\"` (trong dấu nháy)." if good else "Ví dụ: `\"1.2.3\"` (trong dấu nháy).",
                f"Write `\"{good}\"` (quoted)." if good else "For example `\"1.2.3\"` (quoted).")
    if pattern == _FIGURE:
        good = slug(text, "_")
        good = good if good[:1].isalpha() else ""
        return ("tên số liệu gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ",
                "figure names are lowercase letters, digits and underscores, starting with a letter",
                f"Viết thành `{good}`." if good else "Ví dụ: `on_time`.",
                f"Write `{good}`." if good else "For example `on_time`.")
    if pattern == _HOST:
        good = (urlsplit(text.strip()).hostname or "") if "://" in text else text.strip().lower().rstrip(".")
        good = good if re.match(_HOST, good) else ""
        return ("tên máy chủ gồm chữ thường, chữ số, dấu chấm và dấu gạch nối, không có `https://` hay đường dẫn",
                "host names are lowercase letters, digits, dots and hyphens, without `https://` or a path",
                f"Viết thành `{good}`." if good else "Ví dụ: `drive.google.com`.",
                f"Write `{good}`." if good else "For example `drive.google.com`.")
    good = slug(text)
    return ("mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối",
            "ids are lowercase letters without diacritics, digits and hyphens",
            f"Viết thành `{good}` nếu đó là mã đúng (mã đơn vị và mã nhóm xem trong `scores/units.yaml`)."
            if good else "Ví dụ: `so-noi-vu` (mã đơn vị và mã nhóm xem trong `scores/units.yaml`).",
            f"Write `{good}` if that is the right id (unit and group ids are in `scores/units.yaml`)."
            if good else "For example `so-noi-vu` (unit and group ids are in `scores/units.yaml`).")


def _number_hint(want_vi: str, want_en: str, value: Any) -> tuple[str, str]:
    if isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
        good = value.strip().replace(",", ".")
        return (f"Dùng dấu chấm thập phân: `{good}` (không dùng dấu phẩy).",
                f"Use a decimal point: `{good}` (not a comma).")
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value.strip()):
        return (f"Bỏ dấu nháy: `{value.strip()}`.", f"Remove the quotes: `{value.strip()}`.")
    if isinstance(value, str) and want_en != "a whole number" and "true" in want_en:
        word = " ".join(value.split()).casefold()
        if word in _YES or word in _NO:
            good = "true" if word in _YES else "false"
            return (f"Viết `{good}` (không viết chữ).", f"Write `{good}`, not a word.")
    if want_en == "a whole number":
        return ("Viết số nguyên, không đặt trong dấu nháy, không có phần thập phân (ví dụ `196`).",
                "Write a whole number, without quotes or decimals (e.g. `196`).")
    return (f"Viết {want_vi}, không đặt trong dấu nháy; số thập phân dùng dấu chấm (ví dụ `12.5`).",
            f"Write {want_en} without quotes; decimals use a point (e.g. `12.5`).")


def _messages(err: dict[str, Any], name: str, raw: str | None, expected: Any, required: bool,
              allowed: list[str], is_key: bool = False) -> Message:
    """(rule, vi, en, hint_vi, hint_en) for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown, shown_en = _shown(value, raw), _shown_en(value, raw)
    if kind == "missing":
        return ("schema.missing-key", f"Thiếu khóa bắt buộc `{name}`.", f"Required key `{name}` is missing.",
                f"Thêm dòng `{name}: …` vào mục này (trình soạn thảo gợi ý giá trị theo lược đồ JSON).",
                f"Add `{name}: …` here (your editor suggests values from the JSON Schema).")
    if kind == "extra_forbidden":
        return _unknown_key(name, allowed)
    if kind == "invalid_key":
        return ("schema.type", f"Khóa {shown} không hợp lệ: khóa ở đây phải là văn bản.",
                f"The key {shown_en} is not valid: keys here are text.",
                "Đặt khóa trong dấu nháy, hoặc kiểm tra lại dòng này.", "Quote the key, or check this line again.")
    if value is None and kind in ("string_type", "str_type", "number_type", "decimal_type", "int_type", "value_type",
                                  "bool_type", "model_type", "model_attributes_type", "dict_type", "list_type",
                                  "date_format"):
        blank_vi = "; nếu chưa có gì để điền, bỏ dòng trống này (khóa không bắt buộc)" if not required else ""
        blank_en = "; if there is nothing to write yet, leave the empty line out (the key is optional)" \
            if not required else ""
        return ("schema.empty", f"`{name}` đang để trống.", f"`{name}` is empty.",
                f"Điền giá trị sau `{name}:`{blank_vi}.", f"Write a value after `{name}:`{blank_en}.")
    if kind in ("string_type", "str_type"):
        quoted = f"`\"{raw}\"`" if raw is not None else "`\"…\"`"
        if is_key:
            return ("schema.type", f"Khóa {shown} được đọc là số hoặc đúng/sai, không phải văn bản.",
                    f"The key {shown_en} is read as a number or boolean, not as text.",
                    f"Đặt khóa trong dấu nháy để giữ nguyên như đã viết: {quoted}.",
                    f"Quote the key to keep it as written: {quoted}.")
        return ("schema.type", f"`{name}` phải là văn bản, nhưng {shown} được đọc là số hoặc đúng/sai.",
                f"`{name}` must be text, but {shown_en} is read as a number or boolean.",
                f"Đặt giá trị trong dấu nháy để giữ nguyên như đã viết: {quoted}.",
                f"Quote the value to keep it as written: {quoted}.")
    if kind in ("number_type", "decimal_type", "int_type", "int_from_float", "value_type", "bool_type"):
        want_vi, want_en = {
            "int_type": ("số nguyên", "a whole number"), "int_from_float": ("số nguyên", "a whole number"),
            "bool_type": ("`true` hoặc `false`", "`true` or `false`"),
            "value_type": ("một số, hoặc `true`/`false`", "a number, or `true`/`false`"),
        }.get(kind, ("một số", "a number"))
        hint_vi, hint_en = _number_hint(want_vi, want_en, value)
        return ("schema.type", f"`{name}` phải là {want_vi}; đang là {shown}.",
                f"`{name}` must be {want_en}; got {shown_en}.", hint_vi, hint_en)
    if kind == "literal_error":
        values = _literals(expected) or _quoted_names(str(ctx.get("expected", "")))
        return _enum(name, shown, shown_en, value, values)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = _quoted_names(str(ctx.get("expected_tags", ""))) or \
            ["manual", "binary", "tiers", "proportional", "survey", "deduction"]
        tag = ctx.get("tag")
        match = closest(str(tag), labels.aliases(tags), n=1) if tag else []
        if match:
            return ("schema.enum", f"Cách chấm `type: {tag}` không hợp lệ: có phải là {labels.vi(match[0])}?",
                    f"The rule type `{tag}` is not valid: did you mean {labels.en(match[0])}?",
                    f"Sửa thành `type: {match[0]}`.", f"Write `type: {match[0]}`.")
        return ("schema.enum", "Cách chấm (`type`) không hợp lệ hoặc bị thiếu.",
                "The rule type (`type`) is missing or not valid.",
                f"Ghi `type:` là một trong: {labels.vi_list(tags)}.", f"Set `type:` to one of: {labels.en_list(tags)}.")
    pattern = str(ctx.get("pattern", ""))
    if kind == "string_pattern_mismatch" and pattern.startswith("^https?"):
        kind = "url_format"  # the pattern of a URL is no help to a reader: say what a URL needs
    if kind == "string_pattern_mismatch":
        what_vi, what_en, hint_vi, hint_en = _id_hint(pattern, value)
        if is_key:
            return ("schema.format", f"Khóa {shown} không viết đúng dạng: {what_vi}.",
                    f"The key {shown_en} does not have the right form: {what_en}.", hint_vi, hint_en)
        return ("schema.format", f"{shown} không viết đúng dạng của `{name}`: {what_vi}.",
                f"{shown_en} does not have the form of `{name}`: {what_en}.", hint_vi, hint_en)
    if kind == "url_format":
        return ("schema.format",
                f"`{name}` phải là địa chỉ bắt đầu bằng `http://` hoặc `https://` và có tên máy chủ; đang là {shown}.",
                f"`{name}` must be an `http://` or `https://` address with a host; got {shown_en}.",
                "Dán lại địa chỉ đầy đủ từ thanh địa chỉ của trình duyệt.",
                "Paste the full address again from the browser's address bar.")
    if kind == "date_format":
        found = _DMY.match(value.strip()) if isinstance(value, str) else None
        good = None
        if found:
            try:
                good = dt.date(int(found[3]), int(found[2]), int(found[1])).isoformat()
            except ValueError:
                good = None
        return ("schema.format", f"`{name}` phải là ngày dạng `YYYY-MM-DD`; đang là {shown}.",
                f"`{name}` must be a date `YYYY-MM-DD`; got {shown_en}.",
                f"Viết thành `{good}`." if good else "Ví dụ: `2023-09-21` (ngày 21/9/2023).",
                f"Write `{good}`." if good else "Example: `2023-09-21` (21 Sep 2023).")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = _shown(ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt")))), None).strip("`")
        low = kind.startswith("greater")
        return ("schema.range", f"{shown} của `{name}` {'nhỏ hơn' if low else 'lớn hơn'} giới hạn {bound}.",
                f"{shown_en} for `{name}` is {'below' if low else 'above'} the limit {bound}.",
                f"Nhập giá trị {'≥' if low else '≤'} {bound}.", f"Enter a value {'≥' if low else '≤'} {bound}.")
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return ("schema.range", f"{shown} của `{name}` có quá nhiều chữ số.", f"{shown_en} for `{name}` has too many digits.",
                "Dùng tối đa 4 chữ số thập phân.", "Use at most 4 decimal places.")
    if kind in ("string_too_short", "too_short"):
        blank_vi = "; nếu chưa có gì để điền, bỏ dòng này (khóa không bắt buộc)" if not required else ""
        blank_en = "; if there is nothing to write yet, leave the line out (the key is optional)" if not required else ""
        return ("schema.empty", f"`{name}` không được để trống.", f"`{name}` must not be empty.",
                f"Điền giá trị{blank_vi}.", f"Fill it in{blank_en}.")
    if kind in ("string_too_long", "too_long"):
        return ("schema.too-long", f"`{name}` quá dài.", f"`{name}` is too long.",
                "Rút gọn nội dung.", "Shorten it.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return ("schema.type", f"`{name}` phải là một bảng khóa: giá trị.", f"`{name}` must be a mapping of key: value.",
                "Viết các khóa con thụt lề dưới dòng này.", "Write indented sub-keys under this line.")
    if kind == "list_type":
        return ("schema.type", f"`{name}` phải là một danh sách (mỗi mục bắt đầu bằng `- `).",
                f"`{name}` must be a list (each item starts with `- `).",
                "Viết mỗi mục trên một dòng bắt đầu bằng `- `.", "Write each item on a line starting with `- `.")
    return ("schema.invalid", f"Giá trị của `{name}` không hợp lệ theo định dạng của tệp.",
            f"Invalid value for `{name}`: {err.get('msg')}.",
            "Xem lược đồ JSON của tệp để biết giá trị hợp lệ.", "See the file's JSON Schema for valid values.")


def _split_decimal(data: Any, loc: tuple[Any, ...]) -> tuple[Loc, str, str] | None:
    """(the mapping's path, key, number as written) when a number key with no value follows a key whose value is a
    whole number, in one mapping: `{self: 8,5}` read as `self: 8` and `5:` (a decimal comma in a
    flow mapping)."""
    path, _, _ = locate(data, loc[:-1])
    container = data
    for part in path:
        container = container[part]
    if not isinstance(container, dict) or not isinstance(loc[-1], int) or container.get(loc[-1], 0) is not None:
        return None
    keys = list(container)
    at = keys.index(loc[-1]) if loc[-1] in keys else 0
    before = keys[at - 1] if at > 0 else None
    if isinstance(before, str) and type(container[before]) is int:
        return path, before, f"{container[before]},{loc[-1]}"
    return None


def schema_diagnostics(error: ValidationError, data: Any, source: SourceMap,
                       model: type[BaseModel] | None = None) -> list[Diagnostic]:
    """One diagnostic per distinct (place, rule) in a pydantic `ValidationError`; `model` (the
    file's) tells what each place expects, for the hints."""
    if data is None:
        return [Diagnostic(source.path, 1, 1, "schema.empty-file", "Tệp rỗng: không có dữ liệu nào.",
                           "The file is empty: it holds no data.",
                           "Điền nội dung, hoặc tạo tệp điểm bằng lệnh `parportal new scores --unit <mã> --year <năm>`.",
                           "Fill it in, or create a score file with `parportal new scores --unit <id> --year <year>`.")]
    out: dict[tuple[Any, ...], Diagnostic] = {}
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        path, key_error, missing = locate(data, loc)
        allowed: list[str] = []
        if key_error:
            mark = source.key(path)
            name = str(path[-1]) if path else "?"
            raw = source.key_text.get(path)
            expected, required = None, True
        elif missing:
            mark = source.value(path)
            name = str(loc[-1])
            raw = None
            expected, required = None, True
        else:
            mark = source.key(path) if err["type"] == "extra_forbidden" else source.value(path)
            name = next((str(p) for p in reversed(path) if isinstance(p, str)), "tệp/file")  # a list item: its list
            raw = source.plain_text.get(path)
            expected, required = _at(model, data, path)
            if err["type"] == "extra_forbidden":
                allowed = [k for k in _keys(model, data, path[:-1]) if k != name]
        rule, vi, en, hvi, hen = _messages(err, name, raw, expected, required, allowed, key_error)
        comma = _split_decimal(data, loc) if err["type"] == "invalid_key" else None
        if comma is not None:
            where, key_name, written = comma
            mark = source.value(where + (key_name,))
            rule, vi, en = "schema.type", f"`{key_name}: {written}` bị đọc thành hai mục.", \
                f"`{key_name}: {written}` is read as two entries."
            good = written.replace(",", ".")
            hvi = f"Trong dấu ngoặc `{{…}}`, dấu phẩy ngăn cách các mục: số thập phân dùng dấu chấm, `{key_name}: {good}`."
            hen = f"Inside `{{…}}` a comma separates entries: decimals use a point, `{key_name}: {good}`."
        key = (mark.line, mark.col, rule)
        out.setdefault(key, Diagnostic(source.path, mark.line, mark.col, rule, vi, en, hvi, hen))
    return list(out.values())
