"""The only rounding in the portal.

* Points of `proportional` and `survey` criteria are rounded to the set's `points_decimals`
  (default 2) when computed, because those are the points a unit is awarded.
* A field index and the unit index are computed exactly (as fractions) and rounded once,
  to the set's `decimals` (default 2), with the set's `mode` (default half-up).
* Ranks and ties use the rounded index, or the exact one where the set says `ties: unrounded`.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def round_fraction(value: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to `decimals` places: half_up (away from zero), half_even or down."""
    scaled = value * 10**decimals
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    if mode == "half_up":
        whole = math.floor(magnitude + Fraction(1, 2))
    elif mode == "half_even":
        whole = round(magnitude)
    elif mode == "down":
        whole = math.floor(magnitude)
    else:
        raise ValueError(f"unknown rounding mode {mode!r}")
    return Decimal(sign * whole).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def percent(points: Fraction | Decimal, maximum: Fraction | Decimal) -> Fraction:
    """points ÷ maximum × 100, exactly."""
    return Fraction(points) / Fraction(maximum) * 100
