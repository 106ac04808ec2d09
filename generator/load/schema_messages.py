"""Turn pydantic validation errors into bilingual diagnostics at the right line and column."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from generator.core.diagnostics import Diagnostic
from generator.load.yamlsource import Loc, SourceMap


def _fmt(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return f"'{value}'"
    return repr(value) if not isinstance(value, (dict, list)) else type(value).__name__


def _locate(data: Any, loc: tuple[Any, ...]) -> tuple[Loc, bool, bool]:
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


def _messages(err: dict[str, Any], name: str, raw: str | None) -> tuple[str, str, str, str, str]:
    """(rule, vi, en, hint_vi, hint_en) for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = raw if raw is not None else _fmt(value)
    if kind == "missing":
        return ("schema.missing-key", f"Thiếu khóa bắt buộc '{name}'.", f"Required key '{name}' is missing.",
                f"Thêm '{name}: ...' vào mục này (xem lược đồ JSON).", f"Add '{name}: ...' here (see the JSON Schema).")
    if kind == "extra_forbidden":
        return ("schema.unknown-key", f"Khóa '{name}' không được phép ở đây.", f"Unknown key '{name}'.",
                "Kiểm tra chính tả (trình soạn thảo gợi ý các khóa hợp lệ) hoặc xóa khóa này.",
                "Check the spelling (your editor suggests valid keys) or remove it.")
    if value is None and kind in ("string_type", "str_type", "number_type", "decimal_type", "int_type", "value_type",
                                  "bool_type", "model_type", "model_attributes_type", "dict_type", "list_type",
                                  "date_format"):
        return ("schema.empty", f"'{name}' đang để trống.", f"'{name}' is empty.",
                f"Điền giá trị sau '{name}:', hoặc xóa cả dòng nếu khóa không bắt buộc.",
                f"Write a value after '{name}:', or remove the line if the key is optional.")
    if kind in ("string_type", "str_type"):
        quoted = f"'{raw}'" if raw is not None else "'...'"
        return ("schema.type", f"'{name}' phải là văn bản, nhưng giá trị {shown} được đọc là số hoặc đúng/sai.",
                f"'{name}' must be text, but {shown} is read as a number or boolean.",
                f"Đặt giá trị trong dấu nháy để giữ nguyên: {quoted}.",
                f"Quote the value to keep it as written: {quoted}.")
    if kind in ("number_type", "decimal_type", "int_type", "int_from_float", "value_type", "bool_type"):
        want_vi, want_en = {
            "int_type": ("số nguyên", "a whole number"), "int_from_float": ("số nguyên", "a whole number"),
            "bool_type": ("true hoặc false", "true or false"),
            "value_type": ("một số, hoặc true/false", "a number, or true/false"),
        }.get(kind, ("một số", "a number"))
        return ("schema.type", f"'{name}' phải là {want_vi}; đang là {shown}.",
                f"'{name}' must be {want_en}; got {shown}.",
                f"Viết {want_vi} không có dấu nháy (dấu chấm thập phân: 12.5).",
                f"Write {want_en} without quotes (decimal point: 12.5).")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return ("schema.enum", f"Giá trị {shown} của '{name}' không hợp lệ.",
                f"{shown} is not a valid value of '{name}'.",
                f"Chọn một trong: {expected}.", f"Use one of: {expected}.")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = ctx.get("expected_tags", "manual, binary, tiers, proportional, survey, deduction")
        return ("schema.enum", "Loại cách chấm (type) không hợp lệ hoặc bị thiếu.",
                "The rule type is missing or not valid.",
                f"Ghi 'type:' là một trong: {expected}.", f"Set 'type:' to one of: {expected}.")
    if kind == "string_pattern_mismatch" and ctx.get("pattern", "").startswith("^https?"):
        kind = "url_format"  # the pattern of a URL is no help to a reader: say what a URL needs
    if kind == "string_pattern_mismatch":
        return ("schema.format", f"Giá trị {shown} của '{name}' sai định dạng.",
                f"{shown} does not have the format of '{name}'.",
                f"Định dạng yêu cầu: {ctx.get('pattern', '')} (mã: chữ thường, số, gạch nối).",
                f"Required format: {ctx.get('pattern', '')} (ids: lowercase letters, digits, hyphens).")
    if kind == "url_format":
        return ("schema.format", f"'{name}' phải là địa chỉ http:// hoặc https:// có tên máy chủ; đang là {shown}.",
                f"'{name}' must be an http:// or https:// address with a host; got {shown}.",
                "Dán lại địa chỉ đầy đủ từ thanh địa chỉ của trình duyệt.",
                "Paste the full address again from the browser's address bar.")
    if kind == "date_format":
        return ("schema.format", f"'{name}' phải là ngày dạng YYYY-MM-DD; đang là {shown}.",
                f"'{name}' must be a date YYYY-MM-DD; got {shown}.",
                "Ví dụ: 2023-09-21 (ngày 21/9/2023).", "Example: 2023-09-21 (21 Sep 2023).")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = _fmt(ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt")))))
        low = kind.startswith("greater")
        return ("schema.range", f"{shown} của '{name}' {'nhỏ hơn' if low else 'lớn hơn'} giới hạn {bound}.",
                f"{shown} for '{name}' is {'below' if low else 'above'} the limit {bound}.",
                f"Nhập giá trị {'≥' if low else '≤'} {bound}.", f"Enter a value {'≥' if low else '≤'} {bound}.")
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return ("schema.range", f"{shown} của '{name}' có quá nhiều chữ số.", f"{shown} for '{name}' has too many digits.",
                "Dùng tối đa 4 chữ số thập phân.", "Use at most 4 decimal places.")
    if kind in ("string_too_short", "too_short"):
        return ("schema.empty", f"'{name}' không được để trống.", f"'{name}' must not be empty.",
                "Điền giá trị hoặc xóa khóa nếu không bắt buộc.", "Fill it in, or remove the key if it is optional.")
    if kind in ("string_too_long", "too_long"):
        return ("schema.too-long", f"'{name}' quá dài.", f"'{name}' is too long.",
                "Rút gọn nội dung.", "Shorten it.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return ("schema.type", f"'{name}' phải là một bảng khóa: giá trị.", f"'{name}' must be a mapping of key: value.",
                "Viết các khóa con thụt lề dưới dòng này.", "Write indented sub-keys under this line.")
    if kind == "list_type":
        return ("schema.type", f"'{name}' phải là một danh sách (mỗi mục bắt đầu bằng '- ').",
                f"'{name}' must be a list (each item starts with '- ').",
                "Viết mỗi mục trên một dòng bắt đầu bằng '- '.", "Write each item on a line starting with '- '.")
    return ("schema.invalid", f"Giá trị của '{name}' không hợp lệ: {err.get('msg')}.",
            f"Invalid value for '{name}': {err.get('msg')}.",
            "Xem lược đồ JSON của tệp để biết giá trị hợp lệ.", "See the file's JSON Schema for valid values.")


def schema_diagnostics(error: ValidationError, data: Any, source: SourceMap) -> list[Diagnostic]:
    """One diagnostic per distinct (place, rule) in a pydantic `ValidationError`."""
    if data is None:
        return [Diagnostic(source.path, 1, 1, "schema.empty-file", "Tệp rỗng: không có dữ liệu nào.",
                           "The file is empty: it holds no data.",
                           "Điền nội dung, hoặc tạo tệp điểm bằng: parportal new scores --unit <mã> --year <năm>.",
                           "Fill it in, or create a score file with: parportal new scores --unit <id> --year <year>.")]
    out: dict[tuple[Any, ...], Diagnostic] = {}
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        path, key_error, missing = _locate(data, loc)
        if key_error:
            mark = source.key(path)
            name = str(path[-1]) if path else "?"
            raw = source.key_text.get(path)
        elif missing:
            mark = source.value(path)
            name = str(loc[-1])
            raw = None
        else:
            mark = source.key(path) if err["type"] == "extra_forbidden" else source.value(path)
            name = str(path[-1]) if path else "tệp/file"
            raw = source.plain_text.get(path)
        rule, vi, en, hvi, hen = _messages(err, name, raw)
        key = (mark.line, mark.col, rule)
        out.setdefault(key, Diagnostic(source.path, mark.line, mark.col, rule, vi, en, hvi, hen))
    return list(out.values())
