"""The integer-ratio fast paths of compute give exactly what the Fraction formulas give:
same value, same Decimal digits and exponent."""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from generator.compute.rounding import percent, round_fraction, round_ratio, shared

MODES = ("half_up", "half_even", "down")


def reference_round(value: Fraction, decimals: int, mode: str) -> Decimal:
    """round_fraction as it was written with Fractions."""
    scaled = value * 10**decimals
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    if mode == "half_up":
        whole = math.floor(magnitude + Fraction(1, 2))
    elif mode == "half_even":
        whole = round(magnitude)
    else:
        whole = math.floor(magnitude)
    return Decimal(sign * whole).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def same(a: Decimal, b: Decimal) -> bool:
    return a == b and a.as_tuple() == b.as_tuple()


decimals_ = st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.integers(-10**9, 10**9), st.integers(1, 10**6), st.integers(0, 4), st.sampled_from(MODES),
       st.integers(1, 50))
def test_round_ratio_is_round_fraction(numerator, denominator, decimals, mode, scale) -> None:
    value = Fraction(numerator, denominator)
    expected = reference_round(value, decimals, mode)
    assert same(round_fraction(value, decimals, mode), expected)
    # the ratio need not be in lowest terms
    assert same(round_ratio(numerator * scale, denominator * scale, decimals, mode), expected)


@settings(max_examples=100, deadline=None)
@given(decimals_, decimals_.filter(lambda d: d != 0))
def test_percent_is_exact(points, maximum) -> None:
    assert percent(points, maximum) == Fraction(points) / Fraction(maximum) * 100


@settings(max_examples=100, deadline=None)
@given(decimals_)
def test_shared_decimals_keep_their_digits(value) -> None:
    got = shared(value)
    assert same(got, value)
    assert same(shared(Decimal(str(value))), value)  # an equal Decimal gets the same digits back
