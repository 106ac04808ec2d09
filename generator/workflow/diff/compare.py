"""One side of a diff (loaded, validated, computed) and the comparison of two sides: what moved,
unit by unit and criterion by criterion."""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.compute.setchanges import criteria_changes
from generator.core import paths
from generator.core.diagnostics import Diagnostic
from generator.load import Dataset
from generator.load.model import Deadlines
from generator.workflow.diff.git import default_base, materialise, repo_root, resolve


@dataclass
class Side:
    label: str
    dataset: Dataset
    diagnostics: list[Diagnostic]
    results: Any = None            # compute.Results, or None when it could not be computed
    compute_error: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def evaluate(root: Path, label: str, refused: Sequence[Diagnostic] = ()) -> Side:
    """One side loaded, validated and computed. `refused`: what materialising a commit left out
    (`git.materialise`: links and the like), reported as `load` reports them in a working tree;
    a registry left out is then not also said to be missing."""
    from generator.compute import compute
    from generator.pipeline.build import load_and_validate
    ds, diags = load_and_validate(root)
    if refused:
        gone = {d.path for d in refused}
        diags = list(refused) + [d for d in diags if not (d.rule == "layout.missing-registry"
                                                          and gone & {paths.SCORES_DIR, paths.REGISTRY_FILE})]
    side = Side(label, ds, diags)
    try:
        side.results = compute(ds)
    except Exception as err:  # an invalid dataset may not compute; the errors say why
        side.compute_error = f"{type(err).__name__}: {err}"
    return side


# --------------------------------------------------------------------------- comparing

@dataclass
class CriterionDelta:
    id: str
    name: str
    self_points: tuple[Decimal | None, Decimal | None]
    appraised_points: tuple[Decimal | None, Decimal | None]
    points: tuple[Decimal | None, Decimal | None]
    status: tuple[str | None, str | None]
    reason: tuple[str | None, str | None]
    applicable: tuple[bool, bool]
    evidence: tuple[tuple, tuple] = ((), ())            # ((number, date, title, url), …) each side
    note: tuple[str | None, str | None] = (None, None)
    explanation: tuple[tuple | None, tuple | None] = (None, None)  # (date, text, evidence) each side (`Trail`)
    response: tuple[tuple | None, tuple | None] = (None, None)     # (date, accepted, reason) each side
    preliminary: Decimal | None = None                 # HEAD's points before an accepted explanation
    scored: bool = True                                # points, status, reason, figures or result moved

    @property
    def told_changed(self) -> bool:
        """The unit's explanation or the agency's response changed."""
        return self.explanation[0] != self.explanation[1] or self.response[0] != self.response[1]

    @property
    def note_changed(self) -> bool:
        return self.note[0] != self.note[1]

    @property
    def evidence_changes(self) -> tuple[list[tuple], list[tuple], list[tuple[tuple, tuple]]]:
        """(added, removed, changed (before, after)) evidence documents; a document whose number
        stays and whose date, title or link changes is changed."""
        before, after = list(self.evidence[0]), list(self.evidence[1])
        added = [e for e in after if e not in before]
        removed = [e for e in before if e not in after]
        changed = []
        for e in list(added):
            same = next((r for r in removed if r[0] == e[0]), None)
            if same is not None:
                changed.append((same, e))
                added.remove(e)
                removed.remove(same)
        return added, removed, changed


@dataclass
class UnitDelta:
    year: int
    group: str
    unit: str
    name: str
    kind: str                                   # "changed", "added", "removed"
    source: str
    index: tuple[Decimal | None, Decimal | None]
    rank: tuple[int | None, int | None]
    band: tuple[str | None, str | None]
    criteria: list[CriterionDelta] = field(default_factory=list)
    stage: tuple[str | None, str | None] = (None, None)      # "self", "appraised", "final"
    appraisal: tuple[str | None, str | None] = (None, None)  # the score file's appraisal document
    progress: tuple[Any, Any] = (None, None)                 # compute.Progress where the year is open

    @property
    def index_changed(self) -> bool:
        return self.index[0] != self.index[1]

    @property
    def rank_changed(self) -> bool:
        return self.rank[0] != self.rank[1]

    @property
    def band_changed(self) -> bool:
        return self.band[0] != self.band[1]

    @property
    def stage_changed(self) -> bool:
        return self.kind == "changed" and self.stage[0] != self.stage[1]

    @property
    def open(self) -> bool:
        """Its year is still open in its group (HEAD's, or BASE's for a removed unit): no rank yet,
        points so far and criteria statuses are what it has."""
        return (self.progress[0] if self.kind == "removed" else self.progress[1]) is not None

    @property
    def progress_changed(self) -> bool:
        a, b = self.progress
        if a is None or b is None:
            return a is not b
        return _tally(a) != _tally(b)

    @property
    def moved(self) -> bool:
        """Its published result moved: index, rank or band; in an open year, points so far or
        the count of criteria by status; a unit added or removed."""
        if self.kind != "changed":
            return True
        if self.open:
            return self.progress_changed
        return self.index_changed or self.rank_changed or self.band_changed


def _tally(p) -> tuple:
    return (p.points, p.appraised_max, p.criteria, p.done, p.in_progress, p.not_due, p.failed, p.not_applicable)


@dataclass
class EntryDelta:
    """One unit's criterion in an agency's file, before and after (`load.model.AgencyEntry`)."""

    unit: str
    name: str                                   # the unit's name in that year
    criterion: str
    before: Any                                 # AgencyEntry | None
    after: Any
    self_value: Any = None                      # the unit's self-assessed value in HEAD (bool, Decimal, None)
    self_figures: dict | None = None            # and its own figures (rate criteria)


@dataclass
class AgencyDelta:
    """An agency's appraisal or survey file (scores/<year>/<group>/tham-dinh|dieu-tra/<agency>.yaml)
    added, removed or changed: its document and the entries that changed (a new file: those that
    differ from the self-assessment or answer an explanation; the rest confirm it)."""

    path: str
    agency: str
    name: str
    kind: str                                   # "appraisal" or "survey"
    change: str                                 # "added", "removed", "changed"
    year: int
    group: str
    document: tuple[Any, Any]                   # load.model.Document | None, each side
    entries: list[EntryDelta] = field(default_factory=list)
    units: int = 0                              # units the file records (HEAD's; BASE's when removed)
    total: int = 0                              # criteria it records for them
    affected: list[str] = field(default_factory=list)  # ids of the units whose entries are new, gone or changed

    @property
    def document_changed(self) -> bool:
        return self.document[0] != self.document[1]


@dataclass
class LateItem:
    """Something a unit did after its deadline (the year's round, scores/<year>/ky-danh-gia.yaml):
    a self-assessment submitted late, or an explanation sent after the explanation deadline."""

    year: int
    group: str
    unit: str
    name: str
    kind: str                                   # "self_assessment" or "explanation"
    criterion: str                              # the criterion explained ("" for a submission)
    done: dt.date                               # submitted, or the explanation's date
    due: dt.date
    source: str                                 # the unit's score file

    @property
    def days(self) -> int:
        return (self.done - self.due).days


@dataclass
class RoundDelta:
    """One group's part of a year's round changed: its deadlines, the decision announcing its results,
    the council's report."""

    path: str
    year: int
    group: str
    change: str                                 # "added", "removed", "changed"
    deadlines: list[tuple[str, dt.date | None, dt.date | None]] = field(default_factory=list)  # kind, before, after
    decision: tuple[Any, Any] = (None, None)    # load.model.ResultsDecision | None, each side
    report: tuple[Any, Any] = (None, None)      # load.model.Document | None, each side


@dataclass
class SetDelta:
    path: str
    kind: str                                   # "added", "removed", "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # Against `previous` (a new set: the group's set before it, compared as the site's changes page
    # does, by `replaces`) or against BASE's version of the same file (by id):
    previous: str | None = None
    renamed: list[tuple[tuple[str, ...], tuple[str, ...], str, str]] = field(default_factory=list)  # old ids, old names, new id, new name
    maxima: list[tuple[tuple[str, ...], str, Decimal, Decimal]] = field(default_factory=list)       # old ids, new id, old max, new max
    names: dict[str, str] = field(default_factory=dict)      # criterion id -> name, in the new set
    old_names: dict[str, str] = field(default_factory=dict)  # criterion id -> name, in the old one
    details: list[str] = field(default_factory=list)         # set-level keys changed (title, bands, decision, …)
    count: int = 0                                           # criteria in the set (HEAD's; BASE's when removed)


@dataclass
class Report:
    base: Side
    head: Side
    units: list[UnitDelta]
    sets: list[SetDelta]
    registry: list[str]                         # plain-language lines about scores/units.yaml
    group_names: dict[str, str]
    agencies: list[AgencyDelta] = field(default_factory=list)
    late: list[LateItem] = field(default_factory=list)          # done after a deadline, new in HEAD
    rounds: list[RoundDelta] = field(default_factory=list)

    @property
    def head_valid(self) -> bool:
        return not self.head.errors

    @property
    def compared(self) -> bool:
        """BASE is valid, so its results can be compared with HEAD's (else nothing is listed)."""
        return not self.base.errors

    def count(self, what: str) -> int:
        changed = [u for u in self.units if u.kind == "changed"]
        final = [u for u in changed if not u.open]
        return {"index": sum(u.index_changed for u in final), "rank": sum(u.rank_changed for u in final),
                "band": sum(u.band_changed for u in final),
                "progress": sum(u.moved for u in changed if u.open),
                "data": sum(not u.moved for u in changed),
                "stage": sum(u.stage_changed for u in changed),
                "told": sum(c.told_changed for u in self.units for c in u.criteria),
                "added": sum(u.kind == "added" for u in self.units),
                "removed": sum(u.kind == "removed" for u in self.units)}[what]


def _ranks(results) -> dict[tuple[int, str], int | None]:
    out: dict[tuple[int, str], int | None] = {}
    for ranking in results.rankings if results else ():
        for entry in ranking.entries:
            out[(ranking.year, entry.unit)] = entry.rank
    return out


def _band_names(ds: Dataset) -> dict[tuple[str, int], dict[str, str]]:
    return {(cs.group, cs.year): {b.id: b.name for b in cs.bands} for cs in ds.criteria_sets}


def _band(ds: Dataset, names: dict, group: str, year: int, band: str | None) -> str | None:
    if band is None:
        return None
    cs = ds.set_for(group, year)
    return names.get((cs.group, cs.year), {}).get(band, band) if cs else band


_SCORED = ("self_points", "appraised_points", "points", "status", "reason", "applicable", "figures",
           "appraised_figures", "result")
_NOTED = ("evidence", "note")


def _told(c) -> tuple:
    """(explanation, response) of a criterion result, from its trail (None, None without one)."""
    trail = c.extra.trail if c is not None else None
    return (trail.explanation, trail.response) if trail is not None else (None, None)


def _criteria_deltas(old, new) -> list[CriterionDelta]:
    before = {c.id: c for c in old.criteria if c.is_leaf} if old else {}
    after = {c.id: c for c in new.criteria if c.is_leaf} if new else {}
    out = []
    for cid in list(after) + [c for c in before if c not in after]:
        a, b = before.get(cid), after.get(cid)

        def pair(attr: str):
            return (getattr(a, attr) if a else None, getattr(b, attr) if b else None)

        told_a, told_b = _told(a), _told(b)
        if a is None or b is None:  # a unit or criterion added or removed: only what has a value
            scored = any(getattr(a or b, f) not in (None, (), False) for f in _SCORED if f != "applicable")
            kept = scored or any(getattr(a or b, f) not in (None, ()) for f in _NOTED) or (told_a or told_b) != (None, None)
        else:
            scored = any(getattr(a, f) != getattr(b, f) for f in _SCORED)
            kept = scored or any(getattr(a, f) != getattr(b, f) for f in _NOTED) or told_a != told_b
        if not kept:
            continue
        out.append(CriterionDelta(
            cid, (b or a).name, pair("self_points"), pair("appraised_points"), pair("points"), pair("status"),
            pair("reason"), (a.applicable if a else False, b.applicable if b else False),
            evidence=(a.evidence if a else (), b.evidence if b else ()), note=pair("note"),
            explanation=(told_a[0], told_b[0]), response=(told_a[1], told_b[1]),
            preliminary=b.extra.preliminary_points if b else None, scored=scored))
    return out


def _set_deltas(base: Dataset, head: Dataset) -> list[SetDelta]:
    old = {cs.path: cs for cs in base.criteria_sets}
    new = {cs.path: cs for cs in head.criteria_sets}
    out = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is None:
            out.append(_new_set(head, b))
            continue
        if b is None:
            out.append(SetDelta(path, "removed", removed=[c.id for c, _ in a.walk()],
                                old_names={c.id: c.name for c, _ in a.walk()}, count=sum(1 for _ in a.walk())))
            continue
        if a.model_dump() == b.model_dump():
            continue
        out.append(_edited_set(a, b))
    return out


def _new_set(head: Dataset, cs) -> SetDelta:
    """A set added: against the group's set before it in HEAD (what the site's changes page says)."""
    delta = SetDelta(cs.path, "added", added=[c.id for c, _ in cs.walk()], names={c.id: c.name for c, _ in cs.walk()},
                     count=sum(1 for _ in cs.walk()))
    previous = head.previous_set(cs)
    if previous is None:
        return delta
    found = criteria_changes(previous, cs)
    delta.previous = previous.path
    delta.old_names = {c.id: c.name for c, _ in previous.walk()}
    delta.added = [c.id for c in found["added"]]
    delta.removed = [c.id for c in found["removed"]]
    for old, crit in found["renamed"]:
        olds = old if isinstance(old, list) else [old]
        delta.renamed.append((tuple(o.id for o in olds), tuple(o.name for o in olds), crit.id, crit.name))
    delta.maxima = [(tuple(o.id for o in olds), crit.id, old_max, crit.max) for olds, crit, old_max in found["maxima"]]
    return delta


def _edited_set(a, b) -> SetDelta:
    """The same set file edited: criteria compared by id."""
    ca = {c.id: c for c, _ in a.walk()}
    cb = {c.id: c for c, _ in b.walk()}

    def same(x, y) -> bool:
        return x.model_dump(exclude={"criteria", "name", "max"}) == y.model_dump(exclude={"criteria", "name", "max"}) and \
            [c.id for c in x.criteria] == [c.id for c in y.criteria]

    both = [i for i in cb if i in ca]
    top_a, top_b = a.model_dump(exclude={"fields"}), b.model_dump(exclude={"fields"})
    details = sorted(k for k in set(top_a) | set(top_b) if top_a.get(k) != top_b.get(k))
    if [c.id for c in a.fields] != [c.id for c in b.fields]:
        details.append("fields")
    return SetDelta(a.path, "changed", added=[i for i in cb if i not in ca], removed=[i for i in ca if i not in cb],
                    changed=[i for i in both if not same(ca[i], cb[i])],
                    renamed=[((i,), (ca[i].name,), i, cb[i].name) for i in both if ca[i].name != cb[i].name],
                    maxima=[((i,), i, ca[i].max, cb[i].max) for i in both if ca[i].max != cb[i].max],
                    names={i: c.name for i, c in cb.items()}, old_names={i: c.name for i, c in ca.items()},
                    details=details, count=len(cb))


def _agency_deltas(base: Dataset, head: Dataset) -> list[AgencyDelta]:
    """Agencies' files added, removed or changed, entry by entry."""
    old = {af.path: af for af in base.agency_files}
    new = {af.path: af for af in head.agency_files}
    out = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is not None and b is not None:
            key = base.digests.get(path)
            if (key is not None and key == head.digests.get(path)) or a.model_dump() == b.model_dump():
                continue  # the same bytes, or the same content written otherwise (comments, layout)
        f = b or a
        ds = head if b is not None else base
        delta = AgencyDelta(path, f.agency, ds.agency_name(f.agency), f.kind,
                            "added" if a is None else "removed" if b is None else "changed", f.year, f.group,
                            (a.document if a else None, b.document if b else None),
                            units=len(f.units), total=sum(len(e) for e in f.units.values()))

        def unit_name(uid: str) -> str:
            unit = head.units.get(uid) or base.units.get(uid)
            return unit.name_in(f.year) if unit else uid

        def own(uid: str, cid: str):
            """The unit's own entry for the criterion in HEAD (its self-assessment), if any."""
            sf = head.score_file_of.get((f.year, uid))
            return sf.scores.get(cid) if sf is not None and sf.group == f.group else None

        def self_values(uid: str, cid: str) -> tuple:
            entry = own(uid, cid)
            return (entry.self_value, entry.figures) if entry is not None else (None, None)

        cs = ds.set_for(f.group, f.year)
        order = {c.id: n for n, c in enumerate(cs.leaves())} if cs else {}

        def in_order(ids) -> list[str]:
            return sorted(ids, key=lambda cid: (order.get(cid, len(order)), cid))

        if delta.change == "changed":
            ua, ub = a.units, b.units
            for uid in sorted(set(ua) | set(ub)):
                ea, eb = ua.get(uid, {}), ub.get(uid, {})
                for cid in in_order(set(ea) | set(eb)):
                    x, y = ea.get(cid), eb.get(cid)
                    if x != y:
                        delta.entries.append(EntryDelta(uid, unit_name(uid), cid, x, y, *self_values(uid, cid)))
        elif delta.change == "added" and b.kind == "appraisal":
            for uid in sorted(b.units):
                for cid in in_order(b.units[uid]):
                    y = b.units[uid][cid]
                    value, figures = self_values(uid, cid)
                    differs = (y.appraised is not None and not (y.appraised == value and type(y.appraised) is type(value))) \
                        or (y.appraised_figures is not None and y.appraised_figures != figures)
                    if differs or y.reason or y.response:
                        delta.entries.append(EntryDelta(uid, unit_name(uid), cid, None, y, value, figures))
        delta.affected = sorted({e.unit for e in delta.entries} if delta.change == "changed" else set(f.units))
        out.append(delta)
    return out


def _late(ds: Dataset) -> dict[tuple, LateItem]:
    """What each unit did after its deadline, as the check's `dataset.deadline` warns of it."""
    out: dict[tuple, LateItem] = {}
    for sf in ds.score_files:
        group = ds.round_group(sf.year, sf.group)
        if group is None:
            continue
        unit = ds.units.get(sf.unit)
        name = unit.name_in(sf.year) if unit else sf.unit
        due = group.deadlines.self_assessment
        if due is not None and sf.submitted is not None and sf.submitted > due:
            out[(sf.year, sf.group, sf.unit, "self_assessment", "")] = LateItem(
                sf.year, sf.group, sf.unit, name, "self_assessment", "", sf.submitted, due, sf.path)
        due = group.deadlines.explanation
        for cid, told in sf.explanations.items():
            if due is not None and told.date > due:
                out[(sf.year, sf.group, sf.unit, "explanation", cid)] = LateItem(
                    sf.year, sf.group, sf.unit, name, "explanation", cid, told.date, due, sf.path)
    return out


def _late_deltas(base: Dataset, head: Dataset) -> list[LateItem]:
    """HEAD's late submissions and explanations that BASE did not have (or had with other dates):
    the deadlines this change misses."""
    old, new = _late(base), _late(head)
    return [item for key, item in sorted(new.items(), key=lambda kv: (-kv[0][0], *kv[0][1:]))
            if key not in old or (old[key].done, old[key].due) != (item.done, item.due)]


def _round_deltas(base: Dataset, head: Dataset) -> list[RoundDelta]:
    """Each group's deadlines, results decision and council report, where a year's round changed them."""
    out = []
    years = sorted(set(base.round_of) | set(head.round_of), reverse=True)
    for year in years:
        a, b = base.round_of.get(year), head.round_of.get(year)
        if a is not None and b is not None and a.model_dump() == b.model_dump():
            continue
        groups_a, groups_b = (a.groups if a else {}), (b.groups if b else {})
        for group in sorted(set(groups_a) | set(groups_b)):
            x, y = groups_a.get(group), groups_b.get(group)
            if x is not None and y is not None and x == y:
                continue
            da, db = (x.deadlines if x else Deadlines()), (y.deadlines if y else Deadlines())
            delta = RoundDelta((b or a).path, year, group, "added" if x is None else "removed" if y is None else "changed",
                               [(k, getattr(da, k), getattr(db, k)) for k in Deadlines.model_fields
                                if getattr(da, k) != getattr(db, k)],
                               (x.decision if x else None, y.decision if y else None),
                               (x.council_report if x else None, y.council_report if y else None))
            out.append(delta)
    return out


def _registry_lines(base: Dataset, head: Dataset) -> list[tuple[str, str]]:
    if not base.registry or not head.registry or base.registry.model_dump() == head.registry.model_dump():
        return []
    lines = []
    old, new = base.units, head.units
    for uid in sorted(set(new) - set(old)):
        lines.append((f"thêm đơn vị {uid} ({new[uid].name})", f"unit {uid} added"))
    for uid in sorted(set(old) - set(new)):
        lines.append((f"xóa đơn vị {uid} ({old[uid].name})", f"unit {uid} removed"))
    for uid in sorted(set(old) & set(new)):
        if old[uid].model_dump() != new[uid].model_dump():
            lines.append((f"sửa đơn vị {uid} ({new[uid].name})", f"unit {uid} changed"))
    if not lines:
        lines.append(("sửa thông tin tỉnh hoặc nhóm", "province or group details changed"))
    return lines


def compare(base: Side, head: Side) -> Report:
    """What moved from `base` to `head`; nothing when `base` has errors: results computed from
    data that validation rejects may be nonsense (an invalid criteria set changes every unit), so
    the report says BASE is invalid instead (`Report.compared`)."""
    names = {}
    for ds in (base.dataset, head.dataset):
        names.update({g.id: g.name for g in (ds.registry.groups if ds.registry else ())})
    if base.errors:
        return Report(base, head, [], [], [], names)
    old_uy = {(u.year, u.unit): u for u in base.results.unit_years} if base.results else {}
    new_uy = {(u.year, u.unit): u for u in head.results.unit_years} if head.results else {}
    old_rank, new_rank = _ranks(base.results), _ranks(head.results)
    old_prog, new_prog = _progress(base.results), _progress(head.results)
    old_bands, new_bands = _band_names(base.dataset), _band_names(head.dataset)

    def appraisal(ds: Dataset, key) -> str | None:
        sf = ds.score_file_of.get(key)
        return sf.appraisal if sf is not None else None

    units: list[UnitDelta] = []
    for key in sorted(set(old_uy) | set(new_uy)):
        a, b = old_uy.get(key), new_uy.get(key)
        u = b or a
        delta = UnitDelta(
            u.year, u.group, u.unit, u.name, "added" if a is None else "removed" if b is None else "changed",
            u.source,
            (a.index if a else None, b.index if b else None),
            (old_rank.get(key), new_rank.get(key)),
            (_band(base.dataset, old_bands, a.group, a.year, a.band) if a else None,
             _band(head.dataset, new_bands, b.group, b.year, b.band) if b else None),
            _criteria_deltas(a, b),
            stage=(a.stage if a else None, b.stage if b else None),
            appraisal=(appraisal(base.dataset, key) if a else None, appraisal(head.dataset, key) if b else None),
            progress=(old_prog.get(key), new_prog.get(key)))
        if delta.kind != "changed" or delta.moved or delta.index_changed or delta.criteria or delta.stage_changed \
                or delta.appraisal[0] != delta.appraisal[1] or delta.progress_changed:
            units.append(delta)
    return Report(base, head, units, _set_deltas(base.dataset, head.dataset),
                  _registry_lines(base.dataset, head.dataset), names, _agency_deltas(base.dataset, head.dataset),
                  _late_deltas(base.dataset, head.dataset), _round_deltas(base.dataset, head.dataset))


def _progress(results) -> dict[tuple[int, str], Any]:
    return {(p.year, p.unit): p for p in results.progress} if results else {}


def run(root: Path, base_rev: str | None, head_rev: str | None) -> Report:
    """Materialise, evaluate and compare; DiffUsageError for a bad revision."""
    repo = repo_root(root)
    prefix = root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix
    base_rev = base_rev or default_base(repo)
    base_commit = resolve(repo, base_rev)
    head_commit = resolve(repo, head_rev) if head_rev else None
    with tempfile.TemporaryDirectory(prefix="parportal-diff-") as tmp:
        base_root, refused = materialise(repo, base_commit, prefix, Path(tmp) / "base")
        base = evaluate(base_root, f"{base_rev} ({base_commit[:7]})", refused)
        if head_commit:
            head_root, refused = materialise(repo, head_commit, prefix, Path(tmp) / "head")
            head = evaluate(head_root, f"{head_rev} ({head_commit[:7]})", refused)
        else:
            head = evaluate(root, "cây làm việc / working tree")
    return compare(base, head)
