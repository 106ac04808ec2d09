"""Vietnamese number formatting (86,92; 113.905) shared by the terminal and the site."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal


def vn_number(value: Decimal | int | None, decimals: int | None = None, signed: bool = False) -> str:
    """Format for Vietnamese readers: decimal comma, dot thousands. Keeps the value's own decimals
    unless `decimals` is given."""
    if value is None:
        return "—"
    if isinstance(value, Decimal) and decimals is None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    decimals = decimals or 0
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
