"""The only rounding in the portal.

* Points of `proportional` and `survey` criteria are rounded to the set's `points_decimals`
  (default 2) when computed, because those are the points a unit is awarded.
* A field index and the unit index are computed exactly (as fractions) and rounded once,
  to the set's `decimals` (default 2), with the set's `mode` (default half-up).
* Ranks and ties use the rounded index, or the exact one where the set says `ties: unrounded`.
* The group average of a criterion (the mean of its counted points over the ranked units it
  applies to) is computed exactly and rounded once, like points: to `points_decimals`, with the
  set's `mode` (`criterion_average`). A change against last year or against that average is the
  difference of two such figures, which needs no further rounding.
* A rate (figures of a `tiers` or `proportional` criterion, in percent) is shown, on pages and in
  CSV, rounded half-up to `RATE_DECIMALS` (`shown_rate`); points are computed from the exact rate,
  which the JSON API keeps as a fraction.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


RATE_DECIMALS = 2


def shown_rate(rate: Fraction) -> Decimal:
    """A rate in percent as pages and CSV show it: rounded half-up to `RATE_DECIMALS`."""
    return round_fraction(rate, RATE_DECIMALS)


def shown_rate_scaled(numerator: int, denominator: int) -> int:
    """`shown_rate` of numerator ÷ denominator (denominator > 0) as a whole number of
    10^-RATE_DECIMALS (98.51 % → 9851): the same half-up rounding (`round_ratio`), without a
    Decimal, for tables that write millions of rates."""
    scaled = numerator * 10**RATE_DECIMALS
    if scaled < 0:
        return -((-2 * scaled + denominator) // (2 * denominator))
    return (2 * scaled + denominator) // (2 * denominator)


def round_fraction(value: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to `decimals` places: half_up (away from zero), half_even or down."""
    return round_ratio(value.numerator, value.denominator, decimals, mode)


_ROUNDED: dict[tuple[int, int], Decimal] = {}


def round_ratio(numerator: int, denominator: int, decimals: int, mode: str = "half_up") -> Decimal:
    """`round_fraction` of numerator ÷ denominator (denominator > 0, the ratio need not be in
    lowest terms), in integer arithmetic: the same Decimal, without building Fractions."""
    scaled = numerator * 10**decimals
    sign = -1 if scaled < 0 else 1
    magnitude = -scaled if scaled < 0 else scaled
    if mode == "half_up":
        whole = (2 * magnitude + denominator) // (2 * denominator)  # floor(magnitude / denominator + 1/2)
    elif mode == "half_even":
        whole, rest = divmod(magnitude, denominator)
        twice = 2 * rest
        if twice > denominator or (twice == denominator and whole % 2):
            whole += 1
    elif mode == "down":
        whole = magnitude // denominator
    else:
        raise ValueError(f"unknown rounding mode {mode!r}")
    key = (sign * whole, decimals)
    found = _ROUNDED.get(key)  # the same rounded value recurs all over a dataset: share one Decimal
    if found is None:
        found = Decimal(sign * whole).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))
        if len(_ROUNDED) < 100_000:
            _ROUNDED[key] = found
    return found


_SHARED: dict[str, Decimal] = {}


def shared(value: Decimal | None) -> Decimal | None:
    """One object for every equal Decimal written alike (keyed by its text, so 1.5 and 1.50 stay
    apart): sums such as a field's points recur across thousands of unit-years, and a national
    dataset keeps millions of them. Decimals are immutable, so sharing cannot change anything."""
    if value is None:
        return None
    text = str(value)
    found = _SHARED.get(text)
    if found is None:
        if len(_SHARED) >= 200_000:
            _SHARED.clear()
        found = _SHARED[text] = value
    return found


def percent(points: Fraction | Decimal, maximum: Fraction | Decimal) -> Fraction:
    """points ÷ maximum × 100, exactly."""
    pn, pd = points.as_integer_ratio()
    mn, md = maximum.as_integer_ratio()
    return Fraction(100 * pn * md, pd * mn)


def criterion_average(total: Decimal, count: int, cs) -> Decimal:
    """The group average of a criterion: `total` points over `count` units, rounded like points
    (the set's `points_decimals`, with its `mode`). `cs` is the criteria set."""
    numerator, denominator = total.as_integer_ratio()
    return round_ratio(numerator, denominator * count, cs.rounding.points_decimals, cs.rounding.mode)
