"""Points of one unit in one year: each criterion by its rule, rolled up to fields and the index."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Callable, TypeVar

from generator.compute.appraisal import CountedEntry, counted_scores
from generator.compute.rounding import percent, round_fraction, round_ratio, shared
from generator.compute.types import (NO_EXTRA, CriterionExtra, CriterionResult, CriterionSpec, FieldResult, PartResult,
                                     PartSpec, UnitYear)
from generator.load.model import CriteriaSet, Criterion, ScoreEntry, ScoreFile, Unit

ZERO = Decimal(0)


def rate_of(rule, figures: dict[str, int] | None) -> Fraction | None:
    """The rule's rate in percent from raw figures, or None when it cannot be computed."""
    if not figures:
        return None
    numerator, denominator = figures.get(rule.rate.numerator), figures.get(rule.rate.denominator)
    if numerator is None or not denominator:
        return None
    return Fraction(numerator * 100, denominator)


_HUNDRED = Fraction(100)
_ONE = Fraction(1)


def evaluate(crit: Criterion, cs: CriteriaSet, value, figures, result) -> tuple[Decimal | None, Fraction | None, Decimal | None]:
    """(points, rate %, matched tier minimum) of one side (self or appraised) of a leaf."""
    rule = crit.rule
    kind = rule.type  # dispatch on the rule's tag: isinstance on pydantic models is slow
    if kind == "binary":
        return (None if value is None else (crit.max if value is True else ZERO)), None, None
    # Rates and shares are compared and multiplied as integer ratios (exact, like Fractions,
    # without building one per step); the rounding is `round_fraction`'s (`round_ratio`).
    if kind == "tiers":
        rate = rate_of(rule, figures)
        if rate is None:
            return None, None, None
        rn, rd = rate.numerator, rate.denominator
        for tier in rule.tiers:
            tn, td = tier.min.as_integer_ratio()
            if rn * td >= tn * rd:  # rate >= tier.min
                return tier.points, rate, tier.min
        return ZERO, rate, None
    if kind == "proportional":
        rate = rate_of(rule, figures)
        if rate is None:
            return None, None, None
        rn, rd = (rate.numerator, rate.denominator) if rate < _HUNDRED else (100, 1)  # min(rate, 100)
        mn, md = crit.max.as_integer_ratio()
        r = cs.rounding
        return round_ratio(rn * mn, rd * md * 100, r.points_decimals, r.mode), rate, None  # rate/100 × max
    if kind == "survey":
        if result is None:
            return None, None, None
        r = cs.rounding
        sn, sd = rule.scale.as_integer_ratio()
        if sn <= 0:  # not a valid set (scale 0 raises ZeroDivisionError, as it always did)
            share = min(Fraction(result) / Fraction(rule.scale), _ONE)
            return round_fraction(share * Fraction(crit.max), r.points_decimals, r.mode), None, None
        rn, rd = result.as_integer_ratio()
        mn, md = crit.max.as_integer_ratio()
        if rn * sd >= rd * sn:  # min(result / scale, 1) is 1
            return round_ratio(mn, md, r.points_decimals, r.mode), None, None
        return round_ratio(rn * sd * mn, rd * sn * md, r.points_decimals, r.mode), None, None  # result/scale × max
    if value is None or isinstance(value, bool):
        return None, None, None
    return Decimal(value), None, None  # manual and deduction: the value is the points


_NO_ENTRY = ScoreEntry()  # a criterion the file does not mention


def _preliminary(crit: Criterion, cs: CriteriaSet, entry: CountedEntry) -> Decimal | None:
    """Points of the preliminary appraisal of an entry whose explanation was accepted."""
    if entry.preliminary is None:
        return None
    value, figures = entry.preliminary
    return evaluate(crit, cs, value, figures, entry.result)[0]


def _leaf(crit: Criterion, spec: CriterionSpec, entry: ScoreEntry | None, cs: CriteriaSet,
          survey_off: bool) -> CriterionResult:
    is_survey = spec.rule == "survey"
    # CriterionResult's fields in order, positionally (the hot loop of the stage).
    if entry is not None:
        status = entry.status
        figures, appraised_figures, evidence = entry.figures, entry.appraised_figures, entry.evidence
        reason, note, result = entry.reason, entry.note, entry.result
        counted = type(entry) is CountedEntry  # joined with an agency's file or an explanation
        if figures or appraised_figures or evidence or reason is not None or note is not None or result is not None \
                or counted:
            extra = CriterionExtra(reason, note,
                                   tuple(sorted(figures.items())) if figures else (),
                                   tuple(sorted(appraised_figures.items())) if appraised_figures else (),
                                   result,
                                   tuple((e.number, e.date.isoformat(), e.title, e.url) for e in evidence) if evidence else (),
                                   entry.trail if counted else None,
                                   _preliminary(crit, cs, entry) if counted else None)
        else:
            extra = NO_EXTRA  # what most entries add: nothing (one shared object)
    else:
        status = None
        extra = NO_EXTRA
    if status == "not_applicable" or (is_survey and survey_off):
        return CriterionResult(spec, ZERO, False, True, None, None, None, status, None, None, None, extra)
    e = entry if entry is not None else _NO_ENTRY
    self_pts, self_rate, self_tier = evaluate(crit, cs, e.self_value, e.figures, e.result)
    changed = e.appraised is not None or e.appraised_figures is not None
    if changed:
        value = e.appraised if e.appraised is not None else e.self_value
        figures = e.appraised_figures if e.appraised_figures is not None else e.figures
        points, rate, tier = evaluate(crit, cs, value, figures, e.result)
    else:
        points, rate, tier = self_pts, self_rate, self_tier
    if is_survey and points is None and cs.survey_missing == "count_zero":
        points = self_pts = ZERO
    return CriterionResult(spec, crit.max, True, points is not None, self_pts, points if changed else None, points,
                           status, self_rate, rate, tier, extra)


T = TypeVar("T")


@dataclass(frozen=True)
class _Plan:
    """A criteria set's tree, flattened once and shared by every unit-year scored on it: the
    leaves in set order, then the parents children-first, each with its `CriterionResult.spec`
    and its slot in the set-order list of results (a parent's slot comes before its children's)."""

    size: int
    leaves: tuple[tuple[int, Criterion, CriterionSpec], ...]       # (slot, criterion, spec)
    parents: tuple[tuple[int, CriterionSpec, tuple[int, ...]], ...]  # (slot, spec, children's slots)
    fields: tuple[int, ...]                                          # slots of the fields (depth 0)
    # The parts the set declares (`CriteriaSet.walk_parts`, parents first), each part's sub-parts
    # (positions in `parts`), and the leaf part of each of `leaves` (None: in no part, a set
    # that `criteria.part-members` reports).
    parts: tuple[PartSpec, ...] = ()
    part_kids: tuple[tuple[int, ...], ...] = ()
    leaf_parts: tuple[int | None, ...] = ()


def _part_specs(cs: CriteriaSet) -> tuple[tuple[PartSpec, ...], tuple[tuple[int, ...], ...], dict[str, int]]:
    """The parts' specs, each one's sub-parts, and the leaf part of each criterion id a part lists."""
    specs: list[PartSpec] = []
    kids: list[list[int]] = []
    position: dict[int, int] = {}  # id(part) -> its position (part ids may repeat in a set with errors)
    listed: dict[str, int] = {}
    for part, depth, parent in cs.walk_parts():
        position[id(part)] = len(specs)
        if parent is not None:
            kids[position[id(parent)]].append(len(specs))
        specs.append(PartSpec(part.id, part.name, part.name_en, depth, parent.id if parent is not None else None,
                              not part.parts, part.max))
        kids.append([])
        if not part.parts:
            for cid in part.criteria:
                listed.setdefault(cid, len(specs) - 1)
    return tuple(specs), tuple(tuple(k) for k in kids), listed


def _make_plan(cs: CriteriaSet) -> _Plan:
    leaves: list[tuple[int, Criterion, CriterionSpec]] = []
    parents: list[tuple[int, CriterionSpec, tuple[int, ...]]] = []
    leaf_parts: list[int | None] = []
    part_specs, part_kids, listed = _part_specs(cs)
    declared = cs.declares_parts
    count = 0

    def visit(node: Criterion, depth: int, parent: str | None, part: int | None = None) -> CriterionSpec:
        nonlocal count
        slot, count = count, count + 1
        part = listed.get(node.id, part)
        if node.is_leaf:
            # declared parts only: the two-part form's parts (appraised, survey) are the sums that
            # `_criteria` adds anyway
            leaf_parts.append(part if declared else None)
            kind = node.rule.type
            is_survey = kind == "survey"
            spec = CriterionSpec(node.id, node.name, depth, parent, True, kind, "survey" if is_survey else "appraised",
                                 node.max, node.appraised_by or (None if is_survey else cs.appraised_by))
            leaves.append((slot, node, spec))
            return spec
        kids, parts = [], set()
        for child in node.criteria:
            kids.append(count)
            parts.add(visit(child, depth + 1, node.id, part).part)
        spec = CriterionSpec(node.id, node.name, depth, parent, False, None,
                             "survey" if parts == {"survey"} else "appraised", node.max, node.appraised_by)
        parents.append((slot, spec, tuple(kids)))  # after its children: they are worked out first
        return spec

    fields = []
    for field in cs.fields:
        fields.append(count)
        visit(field, 0, None)
    return _Plan(count, tuple(leaves), tuple(parents), tuple(fields), part_specs, part_kids, tuple(leaf_parts))


_PLANS: dict[int, tuple[CriteriaSet, _Plan]] = {}


def _plan(cs: CriteriaSet) -> _Plan:
    return _per_set(_PLANS, cs, lambda: _make_plan(cs))


def _per_set(cache: dict[int, tuple[CriteriaSet, T]], cs: CriteriaSet, make: Callable[[], T]) -> T:
    """`make()` once per criteria set object (an id can be reused once a set is gone; `serve`
    reads edited sets again, so the cache starts over past 1,024 sets)."""
    found = cache.get(id(cs))
    if found is None or found[0] is not cs:
        if len(cache) > 1024:
            cache.clear()
        found = cache[id(cs)] = (cs, make())
    return found[1]


_WRITTEN: dict[Decimal, Decimal] = {}


def _as_written(value: Decimal) -> Decimal:
    """A maximum as criteria sets write it, same value: 8 not 8.0, 10.5 not 10.50.

    The answer depends on the value only (8, 8.0 and 8.00 all give 8), so it is worked out
    once per distinct value and shared: every unit-year has the same maxima."""
    found = _WRITTEN.get(value) if value else None  # (0 and -0 are equal but written apart)
    if found is None:
        found = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        if value and len(_WRITTEN) < 100_000:
            _WRITTEN[value] = found
    return found


def _max_sum(values) -> Decimal:
    """The sum of maxima, written as criteria sets write maxima."""
    return _as_written(_sum(values))


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), start=ZERO)


def _parts(plan: _Plan, points: list[Decimal], maxima: list[Decimal], applicable: list[bool]) -> tuple[PartResult, ...]:
    """Every part, from the sums of its leaves' points and maxima (leaf parts), nested parts
    summing their sub-parts in order (from ZERO, exact Decimal sums)."""
    out: list[PartResult] = [None] * len(plan.parts)  # type: ignore[list-item]  # every slot is filled below
    for i in range(len(plan.parts) - 1, -1, -1):  # sub-parts come after their part: children first
        kids = plan.part_kids[i]
        if kids:
            p = m = ZERO
            for k in kids:
                p += out[k].points
                m += out[k].max
            out[i] = PartResult(plan.parts[i], p, _as_written(m), any(out[k].applicable for k in kids))
        else:
            out[i] = PartResult(plan.parts[i], points[i], _as_written(maxima[i]), applicable[i])
    return tuple(out)


def _criteria(cs: CriteriaSet, scores: dict, survey_off: bool
              ) -> tuple[list[CriterionResult], tuple[Decimal, ...], tuple[PartResult, ...]]:
    """Every criterion in set order (parents roll up their children), the sums over the
    applicable leaves: (points, max, self points, appraised points, appraised max, survey
    points, survey max), and every part the set declares."""
    plan = _plan(cs)
    n = len(plan.parts)
    part_points, part_max, part_applicable = [ZERO] * n, [ZERO] * n, [False] * n
    out: list[CriterionResult] = [None] * plan.size  # type: ignore[list-item]  # every slot is filled below
    # The leaves, and the sums over the applicable ones (from ZERO in set order, as `_sum` adds):
    # points, maximum, self-assessed points, then points and maximum of the appraised and survey parts.
    points = maximum = self_points = appraised_points = appraised_max = survey_points = survey_max = ZERO
    appraised_any = survey_any = False  # an applicable leaf in each (an applicable leaf has a max)
    for (slot, crit, spec), part in zip(plan.leaves, plan.leaf_parts):
        c = out[slot] = _leaf(crit, spec, scores.get(crit.id), cs, survey_off)
        if not c.applicable:
            continue
        if part is not None:
            part_applicable[part] = True
            if c.points is not None:
                part_points[part] += c.points
            part_max[part] += c.max
        if c.points is not None:
            points += c.points
            if spec.part == "appraised":
                appraised_points += c.points
            else:
                survey_points += c.points
        if c.max is not None:
            maximum += c.max
            if spec.part == "appraised":
                appraised_max += c.max
                appraised_any = True
            else:
                survey_max += c.max
                survey_any = True
        if c.self_points is not None:
            self_points += c.self_points
    sums = (points, maximum, self_points, appraised_points, appraised_max, survey_points, survey_max)
    if not cs.declares_parts:  # the two-part form (`Parts.as_list`: appraised, survey)
        part_points, part_max = [appraised_points, survey_points], [appraised_max, survey_max]
        part_applicable = [appraised_any, survey_any]
    for slot, spec, kids in plan.parents:
        # One pass over the children (sums from ZERO in child order, as `_sum` adds them).
        maximum = self_points = points = ZERO
        applicable = changed = False
        scored = True
        for i in kids:
            k = out[i]
            if k.max is not None:
                maximum += k.max
            if k.appraised_points is not None:
                changed = True
            if k.applicable:
                applicable = True
                if not k.scored:
                    scored = False
                if k.self_points is not None:
                    self_points += k.self_points
                if k.points is not None:
                    points += k.points
        out[slot] = CriterionResult(
            spec,
            _as_written(maximum), applicable, scored,
            shared(self_points) if applicable else None,
            shared(points) if changed else None,
            shared(points) if applicable else None)
    return out, sums, _parts(plan, part_points, part_max, part_applicable)


def _index(points: Decimal, maximum: Decimal) -> Fraction:
    """points ÷ applicable max × 100, kept within 0..100 (deductions cannot push it below 0)."""
    if maximum <= 0:
        return Fraction(0)
    return min(max(percent(points, maximum), Fraction(0)), Fraction(100))


def band_of(cs: CriteriaSet, index: Decimal) -> str | None:
    return next((b.id for b in cs.bands if index >= b.min), None)


_SURVEY_IDS: dict[int, tuple[CriteriaSet, tuple[str, ...]]] = {}


def _survey_ids(cs: CriteriaSet) -> tuple[str, ...]:
    """Ids of the survey leaves of `cs`, found once per criteria set object."""
    return _per_set(_SURVEY_IDS, cs, lambda: tuple(c.id for c in cs.leaves() if c.rule.type == "survey"))


def compute_unit_year(sf: ScoreFile, cs: CriteriaSet, unit: Unit | None, recorded: dict | None = None) -> UnitYear:
    """The full computed year of one score file under the criteria set that applies, with what the
    agencies `recorded` for the unit that year (`Dataset.agency_entries`; `appraisal.counted_scores`)."""
    scores = counted_scores(sf, recorded)
    survey_present = any(scores.get(cid) is not None and scores[cid].result is not None for cid in _survey_ids(cs))
    survey_off = not survey_present and cs.survey_missing == "rescale"
    criteria, sums, parts = _criteria(cs, scores, survey_off)
    points, maximum, self_points, appraised_points, appraised_max, survey_points, survey_max = sums
    maximum = _as_written(maximum)
    exact = _index(points, maximum)
    r = cs.rounding
    index = round_fraction(exact, r.decimals, r.mode)
    fields = []
    for slot in _plan(cs).fields:
        c = criteria[slot]
        fexact = _index(c.points or ZERO, c.max) if c.applicable and c.max > 0 else None
        fields.append(FieldResult(c.id, c.name, c.points or ZERO, c.max,
                                  round_fraction(fexact, r.decimals, r.mode) if fexact is not None else None,
                                  fexact, c.self_points or ZERO))
    return UnitYear(
        unit=sf.unit, name=unit.name_in(sf.year) if unit else sf.unit, group=sf.group, year=sf.year,
        stage=sf.stage, criteria_set=cs.id, ranked=unit.ranked if unit else True, source=sf.path,
        points=points, max=maximum, index=index, index_exact=exact,
        self_points=self_points,
        appraised_points=appraised_points, appraised_max=_as_written(appraised_max),
        survey_points=survey_points, survey_max=_as_written(survey_max),
        survey_present=survey_present, band=band_of(cs, index), fields=tuple(fields), criteria=tuple(criteria),
        parts=parts)
