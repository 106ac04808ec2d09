"""Stage 3, compute: points, indices, ranks, bands, history and progress from a valid dataset.

Pure functions of the loaded model; `Decimal` and `Fraction` only, no float. The rounding
rules live in `rounding.py`.

Imports `core`, `machinery` and `load` (never `validate`: it computes a dataset that validated).
"""
from __future__ import annotations

from collections import defaultdict

from generator.compute.history import build_histories
from generator.compute.points import compute_unit_year
from generator.compute.progress import progress_of
from generator.compute.published import published_years
from generator.compute.rank import rank_group
from generator.compute.reconcile import reconcile
from generator.compute.types import Progress, Ranking, Results, UnitYear
from generator.load import Dataset, no_gc
from generator.machinery import NO_MEMO, Memo

__all__ = ["compute", "Results"]


def compute(ds: Dataset, memo: Memo = NO_MEMO) -> Results:
    """Everything the portal publishes, computed from `ds` (which must have validated); a unit-year
    whose files are unchanged since an earlier build of this process is taken from `memo`."""
    with no_gc():  # millions of long-lived, acyclic result objects: see `load.no_gc`
        return _compute(ds, memo)


def _compute(ds: Dataset, memo: Memo) -> Results:
    # Serial on purpose: computing unit-years in forked workers and pickling them back took
    # 10-16 s instead of 4.3 s at 500 units (the parent spends as long unpickling as computing).
    unit_years = [memo.get("unit_year", ds.unit_year_key(sf),
                           lambda sf=sf: compute_unit_year(sf, ds.set_for(sf.group, sf.year), ds.units.get(sf.unit),
                                                           ds.agency_entries.get((sf.year, sf.unit))))
                  for sf in ds.score_files]
    by_year_group: dict[tuple[int, str], list[UnitYear]] = defaultdict(list)
    for uy in unit_years:
        by_year_group[(uy.year, uy.group)].append(uy)
    rankings: list[Ranking] = []
    previous: dict[str, dict] = defaultdict(dict)
    progress: list[Progress] = []
    open_years = set()
    for (year, group) in sorted(by_year_group):
        members = by_year_group[(year, group)]
        cs = ds.set_for(group, year)
        if not all(m.final for m in members):
            open_years.add(year)
            progress.extend(progress_of(m, cs.appraised_max()) for m in members)
            continue
        scored = {m.unit for m in members}
        not_evaluated = [u.id for u in ds.units.values() if u.group == group and u.active_in(year) and u.id not in scored]
        ranking = rank_group(year, group, cs, members, not_evaluated, previous[group].get(year - 1, {}))
        rankings.append(ranking)
        by_unit = {m.unit: m for m in members}
        previous[group][year] = {e.unit: (by_unit[e.unit].index, e.rank) for e in ranking.entries}
    years = sorted({y for y, _ in by_year_group})
    published = published_years(ds)
    return Results(
        unit_years=tuple(unit_years), rankings=tuple(rankings),
        histories=build_histories(ds, unit_years, rankings, published), progress=tuple(progress),
        final_years=tuple(y for y in years if y not in open_years), open_years=tuple(sorted(open_years)),
        reconciliations=reconcile(ds, tuple(unit_years), tuple(rankings)), published=published)
