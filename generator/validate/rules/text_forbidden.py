"""No control character (NUL, ESC, DEL, C1) and no bidirectional embedding, override or isolate
in any data file, raw or escaped: they can hide text, reorder what a reviewer reads, or break
the pages and files the portal writes (`generator.core.characters`)."""
from __future__ import annotations

from generator.core.characters import FORBIDDEN_RE, describe
from generator.core.diagnostics import Diagnostic
from generator.validate.rules.base import Rule, Scope
from generator.validate.rules.text_scan import file_text, find

ID = "text.forbidden-character"


def check(obj, ds):
    text = file_text(ds, obj)
    if text is None:
        return
    for found in find(text, obj.path, FORBIDDEN_RE):
        what = describe(found.char)
        how_vi = " (viết dạng mã thoát)" if found.escaped else ""
        how_en = " (written as an escape)" if found.escaped else ""
        yield Diagnostic(
            obj.path, found.line, found.col, ID,
            f"Ký tự điều khiển không được phép: `{what}`{how_vi}.",
            f"A control character is not allowed: `{what}`{how_en}.",
            "Xóa ký tự này; nếu văn bản được dán từ nơi khác, hãy gõ lại đoạn đó.",
            "Delete the character; if the text was pasted from elsewhere, type that part again.")


RULE = Rule(ID, Scope.FILE, "Không có ký tự điều khiển hay đảo chiều văn bản",
            "No control or bidirectional-override characters", check, textual=True)
