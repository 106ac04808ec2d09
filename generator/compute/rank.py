"""Ranking inside a group and year: competition ranks (1, 2, 2, 4), unranked units apart,
field ranks, bands and group statistics."""
from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Hashable, Iterable

from generator.compute.rounding import criterion_average, round_fraction
from generator.compute.types import GroupStats, RankedUnit, Ranking, UnitYear
from generator.load.model import CriteriaSet


def name_key(name: str) -> tuple[str, str]:
    """Vietnamese-friendly ordering: letters first without diacritics (đ after d), then as written."""
    base = "".join(ch for ch in unicodedata.normalize("NFD", name.replace("Đ", "D~").replace("đ", "d~"))
                   if not unicodedata.combining(ch))
    return base.casefold(), name


def competition_ranks(items: Iterable[tuple[str, Hashable]]) -> dict[str, int]:
    """Standard competition ranking: higher key is better; equal keys share a rank (1, 2, 2, 4)."""
    keys = list(items)
    first: dict[Hashable, int] = {}  # rank of each distinct key: 1 + how many keys are greater
    for position, key in enumerate(sorted((key for _, key in keys), reverse=True), start=1):
        first.setdefault(key, position)
    return {uid: first[key] for uid, key in keys}


def _tie_key(ties: str) -> Callable[[Decimal, Fraction], Hashable]:
    return (lambda published, exact: exact) if ties == "unrounded" else (lambda published, exact: published)


def _mean(values: list[Decimal], cs: CriteriaSet) -> Decimal | None:
    if not values:
        return None
    return round_fraction(sum(Fraction(v) for v in values) / len(values), cs.rounding.decimals, cs.rounding.mode)


def _median(values: list[Decimal], cs: CriteriaSet) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return _mean(ordered[mid - 1: mid + 1], cs)


def criterion_means(ranked: list[UnitYear], cs: CriteriaSet) -> tuple[tuple[str, Decimal], ...]:
    """Per criterion of `cs`, in the set's order: the mean of the points counted for the ranked units
    to which it applies, rounded like points (`rounding.criterion_average`). Criteria that apply to
    no ranked unit are left out. One pass over the group's results (work per group and year)."""
    # by position: every unit-year of the group and year lists the set's criteria in one order
    ids = [c.spec.id for c in ranked[0].criteria] if ranked else []
    sums: list = [0] * len(ids)
    counts = [0] * len(ids)
    for r in ranked:
        for i, c in enumerate(r.criteria):
            if c.applicable and c.points is not None:
                sums[i] += c.points
                counts[i] += 1
    at = {cid: i for i, cid in enumerate(ids) if counts[i]}
    return tuple((c.id, criterion_average(sums[at[c.id]], counts[at[c.id]], cs)) for c, _ in cs.walk() if c.id in at)


def rank_group(year: int, group: str, cs: CriteriaSet, results: list[UnitYear], not_evaluated: list[str],
               previous: dict[str, tuple[Decimal, int | None]]) -> Ranking:
    """Rank `results` (final unit-years of one group and year). `previous`: unit → (index, rank) a year before."""
    key = _tie_key(cs.ties)
    ranked = [r for r in results if r.ranked]
    ranks = competition_ranks((r.unit, key(r.index, r.index_exact)) for r in ranked)
    field_ids = [f.id for f in cs.fields]
    field_ranks: dict[str, dict[str, int]] = {}
    for fid in field_ids:
        scored = [(r.unit, f) for r in ranked for f in r.fields if f.id == fid and f.index is not None]
        field_ranks[fid] = competition_ranks((uid, key(f.index, f.index_exact)) for uid, f in scored)
    order = sorted(ranked, key=lambda r: (ranks[r.unit], name_key(r.name))) + \
        sorted((r for r in results if not r.ranked), key=lambda r: name_key(r.name))
    entries = []
    for r in order:
        before = previous.get(r.unit)
        rank = ranks.get(r.unit)
        entries.append(RankedUnit(
            unit=r.unit, rank=rank,
            field_ranks=tuple((fid, field_ranks[fid].get(r.unit) if r.ranked else None) for fid in field_ids),
            index_change=(r.index - before[0]) if before else None,
            rank_change=(before[1] - rank) if before and before[1] is not None and rank is not None else None))
    indices = [r.index for r in ranked]
    field_averages = tuple(
        (fid, _mean([f.index for r in ranked for f in r.fields if f.id == fid and f.index is not None], cs))
        for fid in field_ids)
    criterion_averages = criterion_means(ranked, cs)
    # Ranked units only, like `count`: the unranked are shown apart (their entries have no rank).
    band_counts = tuple((b.id, sum(1 for r in ranked if r.band == b.id)) for b in cs.bands)
    stats = GroupStats(len(ranked), _mean(indices, cs), _median(indices, cs),
                       max(indices) if indices else None, min(indices) if indices else None,
                       field_averages, band_counts, criterion_averages)
    return Ranking(year, group, cs.id, cs.ties, tuple(entries), stats, tuple(sorted(not_evaluated)))
