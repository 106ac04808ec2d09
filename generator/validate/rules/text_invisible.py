"""Text is as it looks: no zero-width or other invisible character (a warning naming the code
point), and every file in Unicode NFC (a warning: `parportal fix` normalises it), so that two
names that look the same are the same (`generator.core.characters`)."""
from __future__ import annotations

from generator.core.characters import INVISIBLE_RE, describe, is_nfc
from generator.core.diagnostics import Diagnostic, Severity
from generator.validate.rules.base import Rule, Scope
from generator.validate.rules.text_scan import file_text, find

ID = "text.invisible-character"
NFC_ID = "text.not-nfc"


def check(obj, ds):
    text = file_text(ds, obj)
    if text is None:
        return
    for found in find(text, obj.path, INVISIBLE_RE):
        what = describe(found.char)
        yield Diagnostic(
            obj.path, found.line, found.col, ID,
            f"Ký tự vô hình: `{what}`; hai tên trông giống nhau có thể khác nhau vì nó.",
            f"An invisible character: `{what}`; two names that look the same may differ by it.",
            "Xóa ký tự này (`parportal fix` viết nó thành mã thoát để dễ thấy).",
            "Delete it (`parportal fix` writes it as an escape, so that it can be seen).", Severity.WARNING)
    if not is_nfc(text):
        line = next(i for i, row in enumerate(text.split("\n"), 1) if not is_nfc(row))
        row = text.split("\n")[line - 1]
        # the letter before the first character that NFC would change (a combining mark)
        col = max(1, next(i for i in range(len(row)) if not is_nfc(row[:i + 1])))
        yield Diagnostic(
            obj.path, line, col, NFC_ID,
            "Văn bản không ở dạng Unicode NFC (dấu tiếng Việt ghép rời): cùng một chữ có thể được lưu hai cách.",
            "Text is not in Unicode NFC (decomposed diacritics): the same word can be stored two ways.",
            f"Chạy `parportal fix {obj.path}`.", f"Run `parportal fix {obj.path}`.", Severity.WARNING)


RULE = Rule(ID, Scope.FILE, "Không có ký tự vô hình; văn bản ở dạng NFC",
            "No invisible characters; text in NFC", check, style=True,
            textual=True)
