"""What a cell of a filled-in workbook says: numbers (Decimal, never float arithmetic), numbers
typed as text in the Vietnamese style, dates.

A spreadsheet stores a number typed into a cell as a binary double; the file holds its shortest
decimal text ("7.5"), which openpyxl reads back as a float: `repr` of that float is the same
shortest text, so `Decimal(repr(value))` is exactly what was typed. Text is read with care:
"7,5" is the Vietnamese way to write 7.5 (read, with a warning that it was text); "1.250" is
1250 with a Vietnamese thousands dot but 1.25 with an English decimal point: refused, saying why.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"^[+-]?\d+$")
_POINT = re.compile(r"^[+-]?\d*\.\d+$")
_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$")       # 1.250 / 1,250 / 12.345.678
_VN_FULL = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+,\d+$")             # 1.250,5
_EN_FULL = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+\.\d+$")             # 1,250.5


@dataclass(frozen=True)
class Read:
    """A cell's value as read: `value` (None when the cell says nothing usable), a warning or an
    error (each Vietnamese, English)."""

    value: object = None
    warning: tuple[str, str] | None = None
    error: tuple[str, str] | None = None


def _text_warning(text: str, value: Decimal) -> tuple[str, str]:
    return (f"“{text}” được gõ dạng chữ, đọc là số {format(value, 'f')}; nên gõ số vào ô.",
            f"“{text}” was typed as text and is read as the number {format(value, 'f')}; type numbers as numbers.")


def decimal_of(raw: object) -> Read:
    """A number from a cell: int, float (as typed), Decimal, or text (Vietnamese or plain)."""
    if raw is None:
        return Read()
    if isinstance(raw, bool):
        return Read(error=("Ô này cần một số, không phải TRUE/FALSE.", "This cell takes a number, not TRUE/FALSE."))
    if isinstance(raw, int):
        return Read(Decimal(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Read(error=("Giá trị không phải một số hữu hạn.", "The value is not a finite number."))
        return Read(Decimal(repr(raw)))
    if isinstance(raw, Decimal):
        return Read(raw)
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return Read(error=("Ô này cần một số, không phải ngày giờ.", "This cell takes a number, not a date."))
    text = _SPACES.sub("", str(raw))
    if not text:
        return Read()
    if text.startswith("="):
        return Read(error=(f"Ô chứa công thức “{raw}”: gõ giá trị, không gõ công thức.",
                           f"The cell holds the formula “{raw}”: type the value, not a formula."))
    if _GROUPED.match(text):
        sep = _GROUPED.match(text).group(1)
        whole = Decimal(text.replace(sep, ""))
        part = Decimal(text.replace(",", ".")) if text.count(sep) == 1 else None
        other = f" hoặc {plain(part).replace('.', ',')}" if part is not None else ""
        other_en = f" or {plain(part)}" if part is not None else ""
        name_vi = "dấu chấm" if sep == "." else "dấu phẩy"
        name_en = "dot" if sep == "." else "comma"
        return Read(error=(
            f"“{raw}” không rõ nghĩa: {name_vi} có thể phân cách hàng nghìn ({format(whole, 'f')}){other} nếu là "
            f"dấu thập phân. Gõ số vào ô dạng số, hoặc viết rõ (ví dụ {format(whole, 'f')}).",
            f"“{raw}” is ambiguous: the {name_en} may separate thousands ({format(whole, 'f')}){other_en} if it is "
            f"a decimal mark. Type the number as a number, or write it unambiguously (e.g. {format(whole, 'f')})."))
    try:
        if _PLAIN.match(text) or _POINT.match(text):
            value = Decimal(text)
        elif _COMMA.match(text):
            value = Decimal(text.replace(",", "."))
        elif _VN_FULL.match(text):
            value = Decimal(text.replace(".", "").replace(",", "."))
        elif _EN_FULL.match(text):
            value = Decimal(text.replace(",", ""))
        else:
            raise InvalidOperation
    except InvalidOperation:
        return Read(error=(f"“{raw}” không phải một số.", f"“{raw}” is not a number."))
    return Read(value, warning=_text_warning(str(raw), value))


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def date_of(raw: object) -> Read:
    """A date from a cell: a spreadsheet date, or text dd/mm/yyyy or yyyy-mm-dd."""
    if raw is None:
        return Read()
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            return Read(error=("Ô này cần một ngày, không có giờ.", "This cell takes a date without a time."))
        return Read(raw.date())
    if isinstance(raw, dt.date):
        return Read(raw)
    text = str(raw).strip()
    if not text:
        return Read()
    found = _ISO.match(text)
    parts = (int(found.group(1)), int(found.group(2)), int(found.group(3))) if found else None
    if parts is None and (found := _DMY.match(text)):
        parts = (int(found.group(3)), int(found.group(2)), int(found.group(1)))
    if parts is not None:
        try:
            value = dt.date(*parts)
        except ValueError:
            parts = None
        else:
            return Read(value, warning=(f"Ngày “{text}” được gõ dạng chữ, đọc là {value:%d/%m/%Y}.",
                                        f"The date “{text}” was typed as text and is read as {value.isoformat()}."))
    return Read(error=(f"“{text}” không phải một ngày (dd/mm/yyyy).", f"“{text}” is not a date (dd/mm/yyyy)."))


def plain(value: Decimal) -> str:
    """A Decimal as YAML writes it: 7.5, 2, -0.25 (no exponent, no trailing zeros)."""
    text = format(value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text
