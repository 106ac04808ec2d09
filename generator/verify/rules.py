"""The published rules, written again from the methodology page and the criteria sets' JSON, apart
from `generator.compute`: a second reading of the same rules, so that a mistake in one shows as a
difference. Exact arithmetic only (`Fraction`, `Decimal`); nothing here reads a file.

* A leaf criterion's points follow from its rule: `binary` gives 0 or the maximum; `tiers` the
  points of the first tier (highest first) whose minimum the rate reaches; `proportional`
  min(rate, 100) ÷ 100 × maximum and `survey` min(result ÷ scale, 1) × maximum, both rounded to
  the set's `points_decimals`; `manual` and `deduction` are given, within 0 … maximum (floor … 0)
  and on the step. A rate is numerator ÷ denominator × 100 of the raw figures.
* A parent's maximum, self-assessed points and points are the sums over its children.
* Index = points ÷ applicable maximum × 100, kept within 0 … 100 (0 when the maximum is 0), exact,
  then rounded once to the set's `decimals` with its `mode`.
* Competition ranks inside a group and year (1, 2, 2, 4) on the published index, or on the exact
  one where the set says `ties: unrounded`; unranked units take no rank.
* Band: the first band (best first) whose minimum the published index reaches.
* Group average: the mean of the ranked units' indices, exact, rounded like an index; median: the
  middle index, or the rounded mean of the two middle ones.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Hashable, Iterable

HUNDRED = Fraction(100)


def rounded(value: Fraction, decimals: int, mode: str) -> Decimal:
    """`value` rounded to `decimals` places: `half_up` (halves away from zero), `half_even` or
    `down` (towards zero)."""
    scaled = Fraction(value) * 10 ** decimals
    magnitude = abs(scaled)
    if mode == "half_up":
        whole = int(magnitude + Fraction(1, 2))  # int() of a non-negative Fraction is its floor
    elif mode == "half_even":
        whole = round(magnitude)                  # Fraction.__round__: halves to the even neighbour
    elif mode == "down":
        whole = int(magnitude)
    else:
        raise ValueError(mode)
    return Decimal(-whole if scaled < 0 else whole).scaleb(-decimals)


def index_exact(points: Decimal, maximum: Decimal) -> Fraction:
    """points ÷ maximum × 100 within 0 … 100; 0 when nothing applies (maximum 0)."""
    if maximum <= 0:
        return Fraction(0)
    return min(max(Fraction(points) / Fraction(maximum) * HUNDRED, Fraction(0)), HUNDRED)


def competition_ranks(keys: Iterable[tuple[str, Hashable]]) -> dict[str, int]:
    """Rank = 1 + how many keys are greater: equal keys share a rank (1, 2, 2, 4)."""
    items = list(keys)
    ordered = sorted((key for _, key in items), reverse=True)
    first: dict[Hashable, int] = {}
    for position, key in enumerate(ordered, start=1):
        first.setdefault(key, position)
    return {name: first[key] for name, key in items}


def band_of(bands: list[tuple[str, Decimal]], index: Decimal) -> str | None:
    """The first band, best first, whose minimum `index` reaches."""
    return next((band for band, low in bands if index >= low), None)


def mean(values: list[Decimal], decimals: int, mode: str) -> Decimal | None:
    if not values:
        return None
    return rounded(sum((Fraction(v) for v in values), Fraction(0)) / len(values), decimals, mode)


def median(values: list[Decimal], decimals: int, mode: str) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return mean(ordered[middle - 1:middle + 1], decimals, mode)


def rate(rule: dict, figures: dict | None) -> Fraction | None:
    """The rule's rate in percent from raw figures; None when a figure is missing or the
    denominator is 0."""
    if not figures:
        return None
    top, bottom = figures.get(rule["rate"]["numerator"]), figures.get(rule["rate"]["denominator"])
    if not isinstance(top, int) or not isinstance(bottom, int) or not bottom:
        return None
    return Fraction(top * 100, bottom)


def rate_points(rule: dict, maximum: Decimal, figures: dict | None, decimals: int, mode: str
                ) -> tuple[Decimal | None, Fraction | None, Decimal | None]:
    """(points, rate, tier minimum reached) of a `tiers` or `proportional` rule from figures."""
    found = rate(rule, figures)
    if found is None:
        return None, None, None
    if rule["type"] == "tiers":
        for tier in rule["tiers"]:
            if found >= Fraction(Decimal(tier["min"])):
                return Decimal(tier["points"]), found, Decimal(tier["min"])
        return Decimal(0), found, None
    return rounded(min(found, HUNDRED) / HUNDRED * Fraction(maximum), decimals, mode), found, None


def survey_points(rule: dict, maximum: Decimal, result: Decimal | None, decimals: int, mode: str) -> Decimal | None:
    """min(result ÷ scale, 1) × maximum, rounded like points."""
    if result is None:
        return None
    scale = Fraction(Decimal(rule.get("scale") or 100))
    share = min(Fraction(result) / scale, Fraction(1)) if scale > 0 else Fraction(1)
    return rounded(share * Fraction(maximum), decimals, mode)


def on_step(value: Decimal, step: Decimal | None) -> bool:
    return not step or value % step == 0
