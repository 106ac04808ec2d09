"""Every data file is in canonical form (generator/validate/canonical/), so that a review shows only
changes of substance; `parportal fix <path>` rewrites it."""
from __future__ import annotations

import yaml

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.files import read_regular
from generator.machinery import DataCache
from generator.validate.canonical import canonical_text, first_difference
from generator.validate.rules.base import Rule, Scope
from generator.validate.rules.file_schema_line import kind_of

ID = "file.canonical"


def _shown(line: str) -> str:
    line = line.strip()
    return (line[:77] + "…") if len(line) > 78 else line or "(dòng trống / empty line)"


def check(obj, ds):
    """Cached by the file's bytes (`generator.machinery.datacache`): an unchanged file is not formatted again."""
    file = ds.root / obj.path
    try:
        raw = read_regular(file)
    except OSError:
        return []  # the load stage has already said why it could not read the file (or that it is a link)
    cache = DataCache(ds.root)
    slot, key = f"rule:{ID}\0{obj.path}", cache.key(f"rule:{ID}:{kind_of(obj)}", obj.path, raw)
    found = cache.get(slot, key)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == ID and isinstance(found[1], list) \
            and all(type(d) is Diagnostic for d in found[1]):
        return found[1]
    diags = list(_check(obj, raw))
    cache.put(slot, key, (ID, diags))
    return diags


def _check(obj, raw: bytes):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return  # the load stage has already said why it could not read the file
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        want = canonical_text(text, obj.path, kind_of(obj))
    except (ValueError, yaml.YAMLError):  # not strictly readable: the load stage reports it
        return
    if want == text:
        return
    found = first_difference(text, want)
    if found is None:  # only line endings differ
        found = (1, want.split("\n", 1)[0])
    line, expected = found
    if line == 1 and first_difference(text.split("\n", 1)[-1], want.split("\n", 1)[-1]) is None:
        return  # only the schema line differs: `file.schema-line` says so already
    command = f"`parportal fix {obj.path}`"
    yield Diagnostic(
        obj.path, line, 1, ID,
        f"Tệp chưa ở dạng chuẩn từ dòng {line} (thứ tự khóa, dấu nháy, thụt lề hoặc khoảng trắng); "
        f"dạng chuẩn của dòng này: `{_shown(expected)}`",
        f"The file is not in canonical form from line {line} (key order, quoting, indentation or spacing); "
        f"the canonical line here: `{_shown(expected)}`",
        f"Chạy: {command}  (giữ nguyên nội dung và chú thích, chỉ sắp xếp lại cách viết)",
        f"Run: {command}  (keeps the content and the comments, only rewrites the layout)",
        Severity.WARNING)


RULE = Rule(ID, Scope.FILE, "Tệp ở dạng chuẩn (parportal fix)", "Files are in canonical form (parportal fix)", check,
            style=True)
