"""`vn_number` prints exactly what Babel's `format_decimal` prints for Vietnamese, only faster."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.textfmt import vn_number


def babel_vn(value, decimals=None, signed=False) -> str:
    """The reference: Babel with the pattern the portal used before its own formatter."""
    if isinstance(value, Decimal) and decimals is None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    decimals = decimals or 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    if signed:
        pattern = "+" + pattern + ";-" + pattern
    return format_decimal(value, format=pattern, locale="vi_VN", decimal_quantization=True)


def test_examples():
    assert vn_number(Decimal("86.92")) == "86,92"
    assert vn_number(113905) == "113.905"
    assert vn_number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert vn_number(Decimal("0.125"), 2) == "0,12"      # half to even, as Babel
    assert vn_number(Decimal("2.5"), signed=True) == "+2,5"
    assert vn_number(Decimal("-0.001"), 2) == "-0,00"    # the sign of a rounded negative stays, as Babel
    assert vn_number(None) == "—"


# Up to 15 digits, up to 8 decimals: Babel itself fails beyond the decimal context's 28 digits.
decimals = st.builds(lambda digits, places: Decimal(digits).scaleb(-places), st.integers(-10**15, 10**15),
                     st.integers(0, 8)) | st.integers(-10**12, 10**12)


@settings(max_examples=3000, deadline=None)
@given(decimals, st.one_of(st.none(), st.integers(0, 6)), st.booleans())
def test_same_text_as_babel(value, places, signed):
    assert vn_number(value, places, signed) == babel_vn(value, places, signed)
