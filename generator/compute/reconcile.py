"""Announced results against the recomputed ones.

A decision's annex (`announced:` in scores/<year>/ky-danh-gia.yaml) prints an index, a rank and a
band per unit. Official figures disagree with a recomputation for known reasons, and each
difference is given the likeliest of them (`CAUSES`):

* an announced index agrees when it lies within the rounding its own decimals imply (81,33 stands
  for anything from 81,325 to 81,335): it is compared with the exact index, never with the
  portal's rounded one, so an annex that prints three decimals for one unit and two for the next is
  read as printed;
* otherwise, when it equals the sum of the parts (appraised and survey) each rounded first to the
  announced decimals, or the exact index rounded another way (down, half-even), the cause is
  rounding (`rounding-of-parts`, `rounding`);
* a rank that differs only inside a group of units the portal ranks equal is the decision's own
  order among tied units (`tie-order`), honoured and shown as such;
* a rank or band that differs because the index does follows the index (`follows-index`); a band
  the announced index itself implies follows the rounding (`rounding`);
* anything else is a correction, or an error in one of the two sources (`correction`);
* a ranked unit the annex omits is `not-announced`; an announced unit without a final score file
  that year is `not-computed`.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from generator.compute.points import band_of
from generator.compute.rounding import round_fraction
from generator.compute.types import Ranking, Reconciled, Reconciliation, UnitYear
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.textfmt import vn_number
from generator.load import Dataset

CAUSES = ("rounding", "rounding-of-parts", "tie-order", "follows-index", "correction", "not-announced",
          "not-computed")
RULE_ID = "round.reconcile"


def reconcile(ds: Dataset, unit_years: tuple[UnitYear, ...],
              rankings: tuple[Ranking, ...]) -> tuple[Reconciliation, ...]:
    """Every group of every year whose round file records announced results, in year and group order."""
    found = []
    by_key = {(r.year, r.group): r for r in rankings}
    years: dict[tuple[int, str], dict[str, UnitYear]] = {}
    for uy in unit_years:
        years.setdefault((uy.year, uy.group), {})[uy.unit] = uy
    for rnd in sorted(ds.rounds, key=lambda r: r.year):
        for gid in sorted(rnd.groups):
            group = rnd.groups[gid]
            ranking = by_key.get((rnd.year, gid))
            if not group.announced or ranking is None:
                continue
            found.append(_reconcile_group(ds, rnd, gid, group, ranking, years.get((rnd.year, gid), {})))
    return tuple(found)


def _reconcile_group(ds, rnd, gid, group, ranking: Ranking, members: dict[str, UnitYear]) -> Reconciliation:
    cs = ds.set_for(gid, rnd.year)
    ranks = {e.unit: e.rank for e in ranking.entries}
    tied: dict[int, int] = {}
    for rank in ranks.values():
        if rank is not None:
            tied[rank] = tied.get(rank, 0) + 1
    rows = []
    for i, a in enumerate(group.announced):
        uy = members.get(a.unit)
        unit = ds.units.get(a.unit)
        name = uy.name if uy else unit.name_in(rnd.year) if unit else a.unit
        if uy is None:
            rows.append(Reconciled(a.unit, name, i, a.index, a.rank, a.band, None, None, None, a.note,
                                   (("unit", "not-computed"),)))
            continue
        rank = ranks.get(a.unit)
        differences = []
        index_differs = False
        if a.index is not None and not _within_rounding(a.index, uy.index_exact):
            index_differs = True
            differences.append(("index", _index_cause(a.index, uy, cs)))
        if a.rank is not None and a.rank != rank:
            if rank is not None and rank <= a.rank < rank + tied.get(rank, 1) and not index_differs:
                cause = "tie-order"
            else:
                cause = "follows-index" if index_differs else "correction"
            differences.append(("rank", cause))
        if a.band is not None and a.band != uy.band:
            implied = band_of(cs, a.index) if a.index is not None else None
            cause = ("follows-index" if index_differs else "rounding") if implied == a.band else "correction"
            differences.append(("band", cause))
        rows.append(Reconciled(a.unit, uy.name, i, a.index, a.rank, a.band, uy.index, rank, uy.band, a.note,
                               tuple(differences)))
    announced = {a.unit for a in group.announced}
    for e in ranking.entries:  # a ranked unit the annex leaves out (unranked units are often listed apart, or not)
        if e.unit not in announced and e.rank is not None:
            uy = members[e.unit]
            rows.append(Reconciled(e.unit, uy.name, None, None, None, None, uy.index, e.rank, uy.band, None,
                                   (("unit", "not-announced"),)))
    decision = group.decision.number if group.decision else None
    return Reconciliation(rnd.year, gid, rnd.path, decision, tuple(rows))


def decimals_of(value: Decimal) -> int:
    """The decimals a figure was written with: 81.33 → 2, 91.651 → 3, 90 → 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _within_rounding(announced: Decimal, exact: Fraction) -> bool:
    """Whether `announced`, written with its decimals, can be `exact` rounded to them (either way at the half)."""
    return abs(Fraction(announced) - exact) <= Fraction(1, 2 * 10 ** decimals_of(announced))


def _index_cause(announced: Decimal, uy: UnitYear, cs) -> str:
    """The simplest rounding that turns the exact figures into `announced`: the parts rounded the
    set's way before adding, then the whole index rounded another way, then the parts another way."""
    places, own = decimals_of(announced), cs.rounding.mode
    others = [m for m in ("half_up", "half_even", "down") if m != own]
    parts = [Fraction(uy.appraised_points) * 100 / Fraction(uy.max),
             Fraction(uy.survey_points) * 100 / Fraction(uy.max)] if uy.max > 0 else []

    def parts_give(mode: str) -> bool:
        return bool(parts) and sum(round_fraction(p, places, mode) for p in parts) == announced

    if parts_give(own):
        return "rounding-of-parts"
    if any(round_fraction(uy.index_exact, places, mode) == announced for mode in others):
        return "rounding"
    if any(parts_give(mode) for mode in others):
        return "rounding-of-parts"
    return "correction"


WHAT = {"index": ("chỉ số", "index"), "rank": ("thứ hạng", "rank"), "band": ("xếp loại", "band"),
        "unit": ("đơn vị", "unit")}
CAUSE_WORDS = {
    "rounding": ("làm tròn khác", "rounded another way"),
    "rounding-of-parts": ("làm tròn từng phần trước khi cộng", "parts rounded before they were added"),
    "tie-order": ("thứ tự quyết định xếp giữa các đơn vị bằng điểm", "the decision's order among tied units"),
    "follows-index": ("theo chỉ số khác", "follows the different index"),
    "correction": ("đính chính hoặc sai sót ở một trong hai nguồn", "a correction, or an error in one source"),
    "not-announced": ("quyết định không công bố đơn vị này", "the decision does not list this unit"),
    "not-computed": ("không có tệp điểm chính thức của đơn vị năm này", "no final score file of the unit that year"),
}


def _shown(value, vietnamese: bool) -> str:
    """A figure as the message's language writes it: 88,46 in Vietnamese, 88.46 in English."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return vn_number(value) if vietnamese else format(value, "f")
    return str(value)


def reconcile_diagnostics(ds: Dataset, reconciliations: tuple[Reconciliation, ...]) -> list[Diagnostic]:
    """Each difference as a warning at its row of the round file (a unit the decision omits: at `announced`)."""
    out = []
    rounds = {r.year: r for r in ds.rounds}
    for rec in reconciliations:
        rnd = rounds[rec.year]
        for row in rec.differing:
            at = ("groups", rec.group, "announced") + ((row.row,) if row.row is not None else ())
            mark = rnd.source.key(at) if row.row is None else rnd.source.value(at + ("unit",))
            for what, cause in row.differences:
                vi_what, en_what = WHAT[what]
                vi_cause, en_cause = CAUSE_WORDS[cause]
                if what == "unit":
                    vi = f"`{row.unit}` năm {rec.year}: {vi_cause}."
                    en = f"`{row.unit}` in {rec.year}: {en_cause}."
                else:
                    figures = {"index": (row.announced_index, row.computed_index),
                               "rank": (row.announced_rank, row.computed_rank),
                               "band": (row.announced_band, row.computed_band)}[what]
                    vi = (f"{vi_what.capitalize()} công bố của `{row.unit}` năm {rec.year} là {_shown(figures[0], True)}, "
                          f"tính lại được {_shown(figures[1], True)}: {vi_cause}.")
                    en = (f"The announced {en_what} of `{row.unit}` in {rec.year} is {_shown(figures[0], False)}, "
                          f"recomputed {_shown(figures[1], False)}: {en_cause}.")
                out.append(Diagnostic(rnd.path, mark.line, mark.col, RULE_ID, vi, en,
                                      "Đối chiếu với phụ lục của quyết định; chênh lệch được nêu trên trang đối chiếu.",
                                      "Compare with the decision's annex; the reconciliation page lists the difference.",
                                      Severity.WARNING))
    return out
