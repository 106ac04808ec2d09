"""A unit's history across years: index, rank and band per year, and criterion-level change
through each criteria set's `replaces` mapping. Renamed units keep their id; merged units
bring their predecessors' years along."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from generator.compute.rounding import shared
from generator.compute.types import CriterionChange, HistoryEntry, PublishedYear, Ranking, UnitHistory, UnitYear
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


_PLANS: dict[tuple[int, int], tuple] = {}


def change_plan(new_set: CriteriaSet, old_set: CriteriaSet) -> list[tuple[tuple[str, ...], tuple[int, ...], bool, int]]:
    """Per criterion of `new_set`, in the set's order (the order of a unit-year's `criteria`): the
    ids of its predecessors in `old_set` (through `replaces`), their positions in `old_set`'s order,
    whether the criterion was split or merged (several predecessors, or one claimed twice), and its
    one predecessor's position when the two are alike in the sets (-1 otherwise: split, merged,
    new, or another maximum in the sets). Made once per pair of sets: it depends on the sets only."""
    key = (id(new_set), id(old_set))
    found = _PLANS.get(key)
    if found is not None and found[0] is new_set and found[1] is old_set:
        return found[2]
    mapping, uses = set_mapping(new_set, old_set)
    old_walk = [c for c, _ in old_set.walk()]
    old_pos = {c.id: i for i, c in enumerate(old_walk)}
    plan = []
    for crit, _ in new_set.walk():
        ids = tuple(i for i in mapping.get(crit.id) or () if i in old_pos)
        multiple = len(ids) > 1 or (len(ids) == 1 and uses[ids[0]] > 1)
        alike = old_pos[ids[0]] if len(ids) == 1 and not multiple and old_walk[old_pos[ids[0]]].max == crit.max else -1
        plan.append((ids, tuple(old_pos[i] for i in ids), multiple, alike))
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[key] = (new_set, old_set, plan)
    return plan


def change_pairs(plan: list, new: UnitYear, old: UnitYear) -> list[tuple[Decimal | None, str | None]]:
    """Per criterion of `new` (in order): (the points of its predecessors in `old`, why the two
    are not compared, None when they are): `criterion_changes` as plain pairs, without an object
    per criterion (a national build compares millions; the usual criterion, alike in both sets,
    takes the short way)."""
    before = old.criteria
    out = []
    append = out.append
    for crit, (_, positions, multiple, alike) in zip(new.criteria, plan):
        if alike >= 0:
            first = before[alike]
            points = first.points
            if crit.applicable and first.applicable and first.max == crit.max:
                append((points, None if points is not None and crit.points is not None else "not-scored"))
            else:
                append((points, "not-applicable" if not (crit.applicable and first.applicable) else "max-changed"))
            continue
        if not positions:
            append((None, "new"))
            continue
        first = before[positions[0]]
        if len(positions) == 1:
            prev_points = first.points
        else:
            prev = [before[i] for i in positions]
            prev_points = sum(p.points for p in prev) if all(p.points is not None for p in prev) else None
        if multiple:
            why = "split-or-merged"
        elif not crit.applicable or not first.applicable:
            why = "not-applicable"
        elif first.max != crit.max or first.spec.nominal_max != crit.spec.nominal_max:
            why = "max-changed"
        elif crit.points is None or first.points is None:
            why = "not-scored"
        else:
            why = None
        append((prev_points, why))
    return out


def criterion_changes(new_set: CriteriaSet, old_set: CriteriaSet, new: UnitYear, old: UnitYear,
                      plan: list | None = None) -> tuple[CriterionChange, ...]:
    """Compare every criterion of `new` with its predecessors in `old`, only through `replaces`
    (`plan`: `change_plan(new_set, old_set)`, by position: a unit-year's criteria are in its set's
    order)."""
    plan = plan or change_plan(new_set, old_set)
    return tuple(CriterionChange(crit.spec.id, ids, crit.points, shared(prev), why is None, why)
                 for crit, (ids, *_), (prev, why) in zip(new.criteria, plan, change_pairs(plan, new, old)))


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


def build_histories(ds: Dataset, unit_years: list[UnitYear], rankings: list[Ranking],
                    published: tuple[PublishedYear, ...] = ()) -> tuple[UnitHistory, ...]:
    """Each unit's years (its lineage's), with changes of index and rank; years known only as
    published (`published`) among them, marked `as_published`. (Criterion-level changes are worked
    out on demand, `criterion_changes`: no published page shows them yet, and for every unit-year
    they were about a tenth of the results' memory at 3,500 units.)"""
    finals = {(u.unit, u.year): u for u in unit_years if u.final}
    finals_of: dict[str, list] = {}
    for (uid, _), uy in finals.items():
        finals_of.setdefault(uid, []).append(uy)
    ranks = {(e.unit, r.year): e.rank for r in rankings for e in r.entries}
    for py in published:
        for e in py.entries:
            finals_of.setdefault(e.unit, []).append(_AsPublished(e.unit, py.year, py.group, e.name, e.index, e.band))
            ranks[(e.unit, py.year)] = e.rank
    out = []
    for unit_id in sorted(ds.units):
        ids = lineage(ds, unit_id)
        found = sorted((uy for uid in dict.fromkeys(ids) for uy in finals_of.get(uid, ())), key=lambda u: (u.year, u.unit))
        entries: list[HistoryEntry] = []
        for i, uy in enumerate(found):
            before = found[i - 1] if i else None
            rank = ranks.get((uy.unit, uy.year))
            prev_rank = ranks.get((before.unit, before.year)) if before else None
            # a change only between two computed years or two published ones: never across the two kinds
            consecutive = (before is not None and before.year == uy.year - 1 and before.group == uy.group
                           and type(before) is type(uy))
            entries.append(HistoryEntry(
                year=uy.year, unit=uy.unit, name=uy.name, group=uy.group, stage=uy.stage, index=uy.index,
                rank=rank, band=uy.band,
                index_change=(uy.index - before.index) if consecutive else None,
                rank_change=(prev_rank - rank) if consecutive and rank is not None and prev_rank is not None else None,
                as_published=type(uy) is _AsPublished))
        out.append(UnitHistory(unit_id, tuple(entries)))
    return tuple(out)


class _AsPublished(NamedTuple):
    """A results-only year of a unit, shaped like the `UnitYear` fields a history reads."""
    unit: str
    year: int
    group: str
    name: str
    index: Decimal
    band: str | None
    stage: str = "published"
