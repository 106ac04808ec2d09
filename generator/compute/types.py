"""Typed results of the compute stage. Plain data: no rendering, no I/O.

Slotted (no per-object `__dict__`): a national dataset has millions of `CriterionResult`s."""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple


def fast_init(cls):
    """Give a frozen, slotted dataclass a quicker `__init__` with the same signature and
    defaults: it sets each slot through its descriptor instead of `object.__setattr__` by
    name (about twice as fast; compute makes millions of these). Still frozen afterwards.
    Pickling (compute's worker processes) calls that `__init__` with every field."""
    params, body, names = [], [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            return cls  # not needed here; keep the dataclass' own
        names[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    names["_cls"] = cls
    values = ", ".join(f"self.{f.name}" for f in fields(cls))
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
         f"def __reduce__(self):\n    return _cls, ({values},)\n", names)
    for name in ("__init__", "__reduce__"):  # __reduce__: pickled as a call of that __init__
        method = names[name]
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


class CriterionSpec(NamedTuple):
    """What a criteria set says of one criterion, shared by every unit-year scored on the set."""

    id: str
    name: str
    depth: int
    parent: str | None            # id of the parent criterion, None for a field
    is_leaf: bool
    rule: str | None              # manual, binary, tiers, proportional, survey, deduction (leaves only)
    part: str                     # "appraised" or "survey"
    nominal_max: Decimal          # max in the criteria set
    appraised_by: str | None


class CriterionExtra(NamedTuple):
    """What a score file adds to a criterion beyond points; mostly nothing (`NO_EXTRA`, shared)."""

    reason: str | None
    note: str | None
    figures: tuple[tuple[str, int], ...]           # ((name, value), …)
    appraised_figures: tuple[tuple[str, int], ...]
    result: Decimal | None                         # survey result as given
    evidence: tuple[tuple[str, str, str | None, str | None], ...]  # ((number, date, title, url), …)
    trail: Trail | None = None                     # who appraised it, where, and the explanation's path
    preliminary_points: Decimal | None = None      # points of the preliminary appraisal, where a response changed them


class Trail(NamedTuple):
    """How a criterion's value was reached beyond the unit's own file: the agency that appraised
    it (or ran the survey) in which file and document, the unit's explanation and the response."""

    agency: str                                    # agency id
    source: str                                    # repo-relative path of the agency's file
    document: tuple[str, str] | None               # (number, date) of the appraisal document or survey report
    changed: bool                                  # the preliminary appraisal differs from the self-assessment
    explanation: tuple[str, str, tuple] | None     # (date, text, evidence ((number, date, title, url), …))
    response: tuple[str, bool, str | None] | None  # (date, accepted, reason)


NO_EXTRA = CriterionExtra(None, None, (), (), None, ())


@fast_init
@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion (any depth) of one unit in one year.

    A national dataset has millions: what is the same for every unit-year of a criteria set
    (`spec`) and what is mostly empty (`extra`) are one shared reference each, read through the
    properties below (`id`, `name`, …, `evidence`), which is about a third of the memory of a slot each."""

    spec: CriterionSpec
    max: Decimal                  # applicable max: 0 when not applicable
    applicable: bool
    scored: bool                  # every applicable leaf below has a value
    self_points: Decimal | None   # self-assessed points (survey: the survey points)
    appraised_points: Decimal | None  # only where the council changed the value
    points: Decimal | None        # what counts: appraised where changed, else self
    status: str | None = None
    self_rate: Fraction | None = None     # percent, for rate rules
    rate: Fraction | None = None          # percent that produced `points`
    tier_min: Decimal | None = None       # the bracket that matched, for tiers
    extra: CriterionExtra = NO_EXTRA

    # The fields of `spec` and `extra`, read as the result's own.
    id = property(lambda self: self.spec.id)
    name = property(lambda self: self.spec.name)
    depth = property(lambda self: self.spec.depth)
    parent = property(lambda self: self.spec.parent)
    is_leaf = property(lambda self: self.spec.is_leaf)
    rule = property(lambda self: self.spec.rule)
    part = property(lambda self: self.spec.part)
    nominal_max = property(lambda self: self.spec.nominal_max)
    appraised_by = property(lambda self: self.spec.appraised_by)
    reason = property(lambda self: self.extra.reason)
    note = property(lambda self: self.extra.note)
    figures = property(lambda self: self.extra.figures)
    appraised_figures = property(lambda self: self.extra.appraised_figures)
    result = property(lambda self: self.extra.result)
    evidence = property(lambda self: self.extra.evidence)

    @property
    def gap(self) -> Decimal | None:
        """Appraised minus self-assessed points (negative: the council lowered it)."""
        if self.points is None or self.self_points is None:
            return None
        return self.points - self.self_points


@fast_init
@dataclass(frozen=True, slots=True)
class FieldResult:
    id: str
    name: str
    points: Decimal
    max: Decimal
    index: Decimal | None          # rounded; None when nothing in the field applies
    index_exact: Fraction | None
    self_points: Decimal


class PartSpec(NamedTuple):
    """What a criteria set says of one of its parts (`CriteriaSet.walk_parts`), shared by every unit-year."""

    id: str
    name: str
    name_en: str
    depth: int                    # 0: a top part
    parent: str | None            # id of the part it is a sub-part of
    is_leaf: bool                 # made of criteria, not of sub-parts
    nominal_max: Decimal          # max in the criteria set


@fast_init
@dataclass(frozen=True, slots=True)
class PartResult:
    """One part of the index (leaf or nested) of one unit in one year: exact sums over its
    applicable criteria (a nested part: over its sub-parts)."""

    spec: PartSpec
    points: Decimal
    max: Decimal                  # applicable max: criteria not applicable (or a survey not held) leave it
    applicable: bool              # some criterion of the part applies

    id = property(lambda self: self.spec.id)
    name = property(lambda self: self.spec.name)
    name_en = property(lambda self: self.spec.name_en)
    depth = property(lambda self: self.spec.depth)
    parent = property(lambda self: self.spec.parent)
    is_leaf = property(lambda self: self.spec.is_leaf)
    nominal_max = property(lambda self: self.spec.nominal_max)


@fast_init
@dataclass(frozen=True, slots=True)
class UnitYear:
    """One unit's computed year: points, index, parts, gap, band."""

    unit: str
    name: str                      # the unit's name in that year
    group: str
    year: int
    stage: str
    criteria_set: str
    ranked: bool
    source: str                    # repo-relative path of the score file
    points: Decimal
    max: Decimal                   # applicable maximum
    index: Decimal                 # published (rounded once)
    index_exact: Fraction
    self_points: Decimal
    appraised_points: Decimal      # appraised part
    appraised_max: Decimal
    survey_points: Decimal
    survey_max: Decimal
    survey_present: bool
    band: str | None
    fields: tuple[FieldResult, ...]
    criteria: tuple[CriterionResult, ...]
    # Every part the criteria set declares, parents before their sub-parts (`CriteriaSet.walk_parts`);
    # a two-part set: `tham-dinh` and `dieu-tra`, equal to the appraised and survey sums above.
    parts: tuple[PartResult, ...] = ()

    @property
    def top_parts(self) -> tuple[PartResult, ...]:
        return tuple(p for p in self.parts if p.depth == 0)

    def sub_parts(self, part_id: str) -> tuple[PartResult, ...]:
        return tuple(p for p in self.parts if p.parent == part_id)

    @property
    def gap(self) -> Decimal:
        return self.points - self.self_points

    @property
    def final(self) -> bool:
        return self.stage == "final"


@fast_init
@dataclass(frozen=True, slots=True)
class RankedUnit:
    unit: str
    rank: int | None               # None: unranked unit
    field_ranks: tuple[tuple[str, int | None], ...]
    index_change: Decimal | None   # against the unit's previous final year
    rank_change: int | None        # places gained (+) or lost (-)


@fast_init
@dataclass(frozen=True, slots=True)
class GroupStats:
    count: int
    average: Decimal | None
    median: Decimal | None
    highest: Decimal | None
    lowest: Decimal | None
    field_averages: tuple[tuple[str, Decimal | None], ...] = ()
    band_counts: tuple[tuple[str, int], ...] = ()
    criterion_averages: tuple[tuple[str, Decimal], ...] = ()  # (criterion id, mean points) where any applies


@fast_init
@dataclass(frozen=True, slots=True)
class Ranking:
    """A group's ranking in one year (final score files only)."""

    year: int
    group: str
    criteria_set: str
    ties: str
    entries: tuple[RankedUnit, ...]      # ranked units by rank then name, then unranked units
    stats: GroupStats
    not_evaluated: tuple[str, ...]       # active units of the group with no final score file


@fast_init
@dataclass(frozen=True, slots=True)
class CriterionChange:
    id: str
    previous_ids: tuple[str, ...]
    points: Decimal | None
    previous_points: Decimal | None
    comparable: bool
    why_not: str | None                 # "new", "split-or-merged", "not-applicable", "max-changed", "not-scored"

    @property
    def delta(self) -> Decimal | None:
        if not self.comparable or self.points is None or self.previous_points is None:
            return None
        return self.points - self.previous_points


@fast_init
@dataclass(frozen=True, slots=True)
class HistoryEntry:
    year: int
    unit: str                            # the unit id that was scored (a predecessor after a merger)
    name: str
    group: str
    stage: str
    index: Decimal
    rank: int | None
    band: str | None
    index_change: Decimal | None
    rank_change: int | None
    as_published: bool = False           # a results-only year: the decision's figures, not recomputed


@fast_init
@dataclass(frozen=True, slots=True)
class UnitHistory:
    unit: str
    entries: tuple[HistoryEntry, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class Progress:
    """Where a unit stands during a year that is not final (seed 002's "27/42 criteria, 39.67/60")."""

    unit: str
    year: int
    group: str
    criteria: int
    done: int
    in_progress: int
    not_due: int
    failed: int
    not_applicable: int
    not_started: int
    points: Decimal
    appraised_max: Decimal


@dataclass(frozen=True)
class Results:
    unit_years: tuple[UnitYear, ...]
    rankings: tuple[Ranking, ...]
    histories: tuple[UnitHistory, ...]
    progress: tuple[Progress, ...]
    final_years: tuple[int, ...]         # years in which every score file is final
    open_years: tuple[int, ...]          # years still in progress
    reconciliations: tuple[Reconciliation, ...] = ()  # announced results against the computed ones
    published: tuple[PublishedYear, ...] = ()         # results-only years, as their decisions published them
    _by_key: dict = field(default_factory=dict, compare=False, repr=False)

    def unit_year(self, unit: str, year: int) -> UnitYear | None:
        if not self._by_key:
            self._by_key.update({(u.unit, u.year): u for u in self.unit_years})
        return self._by_key.get((unit, year))


@fast_init
@dataclass(frozen=True, slots=True)
class Reconciled:
    """One unit of a decision's announced results set beside the portal's computation (`compute.reconcile`).
    `differences`: (what, cause) pairs, what in "index", "rank", "band", "unit"; cause one of `CAUSES`."""
    unit: str
    name: str
    row: int | None                      # index of the row under `announced` (None: the unit is not announced)
    announced_index: Decimal | None      # as printed, with its own decimals (91.651, 81.33)
    announced_rank: int | None
    announced_band: str | None
    computed_index: Decimal | None       # the portal's published index (rounded once)
    computed_rank: int | None
    computed_band: str | None
    note: str | None
    differences: tuple[tuple[str, str], ...]


@fast_init
@dataclass(frozen=True, slots=True)
class Reconciliation:
    """A group's announced results of a year against the recomputed ones."""
    year: int
    group: str
    source: str                          # repo-relative path of the round file
    decision: str | None                 # the decision's number
    rows: tuple[Reconciled, ...]         # announced units in the announcement's order, then those it omits

    @property
    def differing(self) -> tuple[Reconciled, ...]:
        return tuple(r for r in self.rows if r.differences)


@fast_init
@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """One unit of a results-only year, as the decision printed it (figures keep their decimals)."""
    unit: str
    name: str                            # the unit's name that year
    index: Decimal
    rank: int | None
    band: str | None
    points: Decimal | None
    max: Decimal | None
    columns: tuple[tuple[str, Decimal], ...]  # (column id, points) as printed, in the group's column order
    note: str | None


@fast_init
@dataclass(frozen=True, slots=True)
class PublishedYear:
    """A group's year known only from its published decision (`announced:` in a round file, no score file)."""
    year: int
    group: str
    source: str                          # repo-relative path of the round file
    decision: str | None                 # the decision's number
    columns: tuple[tuple[str, str, str | None, Decimal | None], ...]  # (id, name, English name, max) as printed
    entries: tuple[PublishedEntry, ...]  # by rank (unranked last), then name
