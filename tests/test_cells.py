"""One way to write a value into every public CSV (`core.cells`): numbers with a decimal point and
no exponent, fraction or trailing zero, booleans as true/false, None as an empty cell, formulas
neutralised, a byte order mark first."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.compute.rounding import RATE_DECIMALS, shown_rate, shown_rate_scaled
from generator.core.cells import CSV_BOM, cell_text, csv_text, decimal_text, number_text, scaled_text


@pytest.mark.parametrize("value, text", [
    (Decimal("2.0"), "2"), (Decimal("9.75"), "9.75"), (Decimal("85.10"), "85.1"), (Decimal("100"), "100"),
    (Decimal("1E+2"), "100"), (Decimal("1.50E+3"), "1500"), (Decimal("1E-4"), "0.0001"), (Decimal("-0.00"), "0"),
    (Decimal("-1.50"), "-1.5"), (Decimal("0.125"), "0.125"), (7, "7"), (-3, "-3"), (0, "0"),
])
def test_number_rule(value, text):
    assert number_text(value) == text
    assert cell_text(value) == text


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**6, max_value=10**6))
def test_a_number_is_its_value_written_the_shortest_way(value):
    text = number_text(value)
    assert Decimal(text) == value                           # exact
    assert "E" not in text and "e" not in text and "/" not in text
    assert not ("." in text and text.endswith(("0", ".")))  # no trailing zero
    assert text == number_text(value.normalize()) == decimal_text(str(value))  # one value, one text


def test_other_values():
    assert [cell_text(v) for v in (True, False, None, dt.date(2024, 3, 31), "Sở Nội vụ", "=1+2", "-1.25")] == [
        "true", "false", "", "2024-03-31", "Sở Nội vụ", "'=1+2", "-1.25"]


@pytest.mark.parametrize("value", [Fraction(17328, 197), 85.1, Decimal("NaN"), Decimal("Infinity"), object()])
def test_no_fraction_float_or_infinity_reaches_a_table(value):
    with pytest.raises(TypeError):
        cell_text(value)


def test_csv_text_starts_with_a_byte_order_mark_and_reads_back():
    text = csv_text(["a", "b", "c", "d"], [(Decimal("2.50"), True, 'x, "y"\nz', None)])
    assert text.startswith(CSV_BOM) and text.count(CSV_BOM) == 1
    assert text.encode("utf-8")[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))
    assert rows == [["a", "b", "c", "d"], ["2.5", "true", 'x, "y"\nz', ""]]


@given(st.integers(-10**9, 10**9), st.integers(0, 6))
def test_scaled_text_is_the_number_rule_of_the_scaled_decimal(whole, decimals):
    assert scaled_text(whole, decimals) == number_text(Decimal(whole).scaleb(-decimals))


@given(st.integers(-10**7, 10**7), st.integers(1, 10**6))
def test_a_rate_written_from_its_ratio_is_the_rate_shown(numerator, denominator):
    # open data writes rate_percent this way, millions of times; pages show `shown_rate`
    assert scaled_text(shown_rate_scaled(numerator, denominator), RATE_DECIMALS) == \
        number_text(shown_rate(Fraction(numerator, denominator)))
