"""Vietnamese number formatting (86,92; 113.905) shared by the terminal and the site."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

_STEPS = [Decimal(1).scaleb(-n) for n in range(12)]  # 1, 0.1, 0.01, …: quantize targets by decimals


_MEMO: dict[tuple[str, int | None, bool], str] = {}  # the same few values recur on every page
_MEMO_MAX = 200_000


def vn_number(value: Decimal | int | None, decimals: int | None = None, signed: bool = False) -> str:
    """Format for Vietnamese readers: decimal comma, dot thousands. Keeps the value's own decimals
    unless `decimals` is given (then rounds half to even, as Babel's `format_decimal`, which this
    matches character for character — tests/test_textfmt.py — at a fiftieth of its cost: a
    national build prints tens of millions of numbers). Remembered by the value's exact text
    ("1.0" and "1.00" print differently)."""
    if value is None:
        return "—"
    key = (str(value), decimals, signed)
    text = _MEMO.get(key)
    if text is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        text = _MEMO[key] = _vn_number(value, decimals, signed)
    return text


def _vn_number(value: Decimal | int, decimals: int | None, signed: bool) -> str:
    own = isinstance(value, Decimal) and decimals is None and value.is_finite() and value.as_tuple().exponent <= 0
    if isinstance(value, Decimal) and decimals is None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    decimals = decimals or 0
    number = value if isinstance(value, Decimal) else Decimal(value)
    if own or (number.is_finite() and decimals < len(_STEPS) and number.adjusted() < 20):
        rounded = number if own else number.quantize(_STEPS[decimals])
        whole, _, fraction = format(abs(rounded), "f").partition(".")
        text = f"{int(whole):,}".replace(",", ".") + ("," + fraction if decimals else "")
        return ("-" if rounded.is_signed() else "+" if signed else "") + text
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    if signed:
        pattern = "+" + pattern + ";-" + pattern
    return format_decimal(value, format=pattern, locale="vi_VN", decimal_quantization=True)


def en_number(value: Decimal | int | None) -> str:
    """Format for English readers: decimal point, comma thousands, no trailing zeros (0.5, 1,250)."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.####", locale="en_US")


def en_points(value: Decimal | int) -> str:
    """'1 point', '0.5 points', '2 points'."""
    return f"{en_number(value)} point{'' if Decimal(value) == 1 else 's'}"
