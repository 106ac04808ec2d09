"""One side of a diff (loaded, validated, computed) and the comparison of two sides: what moved,
unit by unit and criterion by criterion."""
from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core import paths
from generator.core.diagnostics import Diagnostic
from generator.load import Dataset
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

    @property
    def index_changed(self) -> bool:
        return self.index[0] != self.index[1]

    @property
    def rank_changed(self) -> bool:
        return self.rank[0] != self.rank[1]

    @property
    def band_changed(self) -> bool:
        return self.band[0] != self.band[1]


@dataclass
class SetDelta:
    path: str
    kind: str                                   # "added", "removed", "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class Report:
    base: Side
    head: Side
    units: list[UnitDelta]
    sets: list[SetDelta]
    registry: list[str]                         # plain-language lines about scores/units.yaml
    group_names: dict[str, str]

    @property
    def head_valid(self) -> bool:
        return not self.head.errors

    @property
    def compared(self) -> bool:
        """BASE is valid, so its results can be compared with HEAD's (else nothing is listed)."""
        return not self.base.errors

    def count(self, what: str) -> int:
        changed = [u for u in self.units if u.kind == "changed"]
        return {"index": sum(u.index_changed for u in changed), "rank": sum(u.rank_changed for u in changed),
                "band": sum(u.band_changed for u in changed),
                "data": sum(not (u.index_changed or u.rank_changed or u.band_changed) for u in changed),
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


def _criteria_deltas(old, new) -> list[CriterionDelta]:
    before = {c.id: c for c in old.criteria if c.is_leaf} if old else {}
    after = {c.id: c for c in new.criteria if c.is_leaf} if new else {}
    out = []
    for cid in list(after) + [c for c in before if c not in after]:
        a, b = before.get(cid), after.get(cid)

        def pair(attr: str):
            return (getattr(a, attr) if a else None, getattr(b, attr) if b else None)

        delta = CriterionDelta(cid, (b or a).name, pair("self_points"), pair("appraised_points"), pair("points"),
                               pair("status"), pair("reason"),
                               (a.applicable if a else False, b.applicable if b else False))
        facts = ("self_points", "appraised_points", "points", "status", "reason", "applicable", "figures",
                 "appraised_figures", "result", "evidence", "note")
        if a is None or b is None:  # a unit or criterion added or removed: only what has a value
            if any(getattr(a or b, f) not in (None, (), False) for f in facts if f != "applicable"):
                out.append(delta)
        elif any(getattr(a, f) != getattr(b, f) for f in facts):
            out.append(delta)
    return out


def _set_deltas(base: Dataset, head: Dataset) -> list[SetDelta]:
    old = {cs.path: cs for cs in base.criteria_sets}
    new = {cs.path: cs for cs in head.criteria_sets}
    out = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is None:
            out.append(SetDelta(path, "added", added=[c.id for c, _ in b.walk()]))
            continue
        if b is None:
            out.append(SetDelta(path, "removed", removed=[c.id for c, _ in a.walk()]))
            continue
        if a.model_dump() == b.model_dump():
            continue
        ca = {c.id: c for c, _ in a.walk()}
        cb = {c.id: c for c, _ in b.walk()}

        def same(x, y) -> bool:
            return x.model_dump(exclude={"criteria"}) == y.model_dump(exclude={"criteria"}) and \
                [c.id for c in x.criteria] == [c.id for c in y.criteria]

        out.append(SetDelta(path, "changed", added=[i for i in cb if i not in ca],
                            removed=[i for i in ca if i not in cb],
                            changed=[i for i in cb if i in ca and not same(ca[i], cb[i])]))
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
    old_bands, new_bands = _band_names(base.dataset), _band_names(head.dataset)
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
            _criteria_deltas(a, b))
        if delta.kind != "changed" or delta.index_changed or delta.rank_changed or delta.band_changed or delta.criteria:
            units.append(delta)
    return Report(base, head, units, _set_deltas(base.dataset, head.dataset),
                  _registry_lines(base.dataset, head.dataset), names)


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
