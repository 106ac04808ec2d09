"""A unit's history across years: index, rank and band per year, and criterion-level change
through each criteria set's `replaces` mapping. Renamed units keep their id; merged units
bring their predecessors' years along."""
from __future__ import annotations

from collections import Counter

from generator.compute.rounding import shared
from generator.compute.types import CriterionChange, HistoryEntry, Ranking, UnitHistory, UnitYear
from generator.load import Dataset
from generator.load.model import CriteriaSet


def lineage(ds: Dataset, unit_id: str) -> list[str]:
    """The unit and every unit merged into it, transitively."""
    seen: list[str] = []
    todo = [unit_id]
    while todo:
        uid = todo.pop()
        if uid in seen:
            continue
        seen.append(uid)
        unit = ds.units.get(uid)
        todo.extend(unit.merged_from if unit else [])
    return seen


def set_mapping(new_set: CriteriaSet, old_set: CriteriaSet) -> tuple[dict[str, list[str]], Counter]:
    """Criterion id in `new_set` → its predecessors' ids in `old_set` (through `replaces`), and
    how often each old id is claimed."""
    same_set = new_set.id == old_set.id
    mapping = {c.id: ([c.id] if same_set else list(c.replaces)) for c, _ in new_set.walk()}
    return mapping, Counter(old_id for ids in mapping.values() for old_id in ids)


_IDS: dict[tuple[str, ...], tuple[str, ...]] = {}


def criterion_changes(new_set: CriteriaSet, old_set: CriteriaSet, new: UnitYear, old: UnitYear,
                      mapping: tuple[dict[str, list[str]], Counter] | None = None) -> tuple[CriterionChange, ...]:
    """Compare every criterion of `new` with its predecessors in `old`, only through `replaces`
    (`mapping`: `set_mapping(new_set, old_set)` when the caller already has it)."""
    mapping, uses = mapping or set_mapping(new_set, old_set)
    old_by_id = {c.id: c for c in old.criteria}
    out = []
    for crit in new.criteria:
        candidates = mapping.get(crit.id)
        prev_ids = tuple([i for i in candidates if i in old_by_id]) if candidates else ()
        prev_ids = _IDS.setdefault(prev_ids, prev_ids)  # the same few tuples in every unit's history
        if not prev_ids:
            out.append(CriterionChange(crit.id, prev_ids, crit.points, None, False, "new"))
            continue
        if len(prev_ids) == 1:  # the usual case, without the generators below
            first = old_by_id[prev_ids[0]]
            prev = [first]
            prev_points = None if first.points is None else shared(0 + first.points)  # = sum([first.points])
            multiple = uses[prev_ids[0]] > 1
        else:
            prev = [old_by_id[i] for i in prev_ids]
            prev_points = shared(sum(p.points for p in prev)) if all(p.points is not None for p in prev) else None
            multiple = True
        why = None
        if multiple:
            why = "split-or-merged"
        elif not crit.applicable or not prev[0].applicable:
            why = "not-applicable"
        elif prev[0].max != crit.max or prev[0].nominal_max != crit.nominal_max:
            why = "max-changed"
        elif crit.points is None or prev[0].points is None:
            why = "not-scored"
        out.append(CriterionChange(crit.id, prev_ids, crit.points, prev_points, why is None, why))
    return tuple(out)


def previous_years(ds: Dataset, unit_years: list[UnitYear] | tuple[UnitYear, ...]) -> dict[str, UnitYear]:
    """Per score file (its path): the final result of the year before, in the same group, that its
    criteria are compared with: the unit's own, else that of the one unit of its lineage scored
    that year (a unit that several others merged into has none: there is no single predecessor)."""
    finals = {(u.unit, u.year, u.group): u for u in unit_years if u.final}
    out: dict[str, UnitYear] = {}
    for uy in unit_years:
        own = finals.get((uy.unit, uy.year - 1, uy.group))
        if own is None:
            found = [finals[key] for uid in lineage(ds, uy.unit)
                     if (key := (uid, uy.year - 1, uy.group)) in finals]
            own = found[0] if len(found) == 1 else None
        if own is not None:
            out[uy.source] = own
    return out


def build_histories(ds: Dataset, unit_years: list[UnitYear], rankings: list[Ranking]) -> tuple[UnitHistory, ...]:
    """Each unit's years (its lineage's), with changes of index and rank. (Criterion-level
    changes are worked out on demand, `criterion_changes`: no published page shows them yet, and
    for every unit-year they were about a tenth of the results' memory at 3,500 units.)"""
    finals = {(u.unit, u.year): u for u in unit_years if u.final}
    finals_of: dict[str, list[UnitYear]] = {}
    for (uid, _), uy in finals.items():
        finals_of.setdefault(uid, []).append(uy)
    ranks = {(e.unit, r.year): e.rank for r in rankings for e in r.entries}
    out = []
    for unit_id in sorted(ds.units):
        ids = lineage(ds, unit_id)
        found = sorted((uy for uid in dict.fromkeys(ids) for uy in finals_of.get(uid, ())), key=lambda u: (u.year, u.unit))
        entries: list[HistoryEntry] = []
        for i, uy in enumerate(found):
            before = found[i - 1] if i else None
            rank = ranks.get((uy.unit, uy.year))
            prev_rank = ranks.get((before.unit, before.year)) if before else None
            consecutive = before is not None and before.year == uy.year - 1 and before.group == uy.group
            entries.append(HistoryEntry(
                year=uy.year, unit=uy.unit, name=uy.name, group=uy.group, stage=uy.stage, index=uy.index,
                rank=rank, band=uy.band,
                index_change=(uy.index - before.index) if consecutive else None,
                rank_change=(prev_rank - rank) if consecutive and rank is not None and prev_rank is not None else None))
        out.append(UnitHistory(unit_id, tuple(entries)))
    return tuple(out)
