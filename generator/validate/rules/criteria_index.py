"""Walking criteria sets and score files with positions, shared by the rules."""
from __future__ import annotations

from typing import Any, Iterator

from generator.core import paths
from generator.load.model import CriteriaSet, Criterion, ScoreEntry, ScoreFile
from generator.validate.rules.base import problem


def located_criteria(cs: CriteriaSet) -> Iterator[tuple[Criterion, tuple[Any, ...], Criterion | None]]:
    """(criterion, its location tuple in the file, its parent) for every criterion, in file order."""
    def walk(nodes: list[Criterion], base: tuple[Any, ...], parent: Criterion | None):
        for i, node in enumerate(nodes):
            loc = base + (i,)
            yield node, loc, parent
            yield from walk(node.criteria, loc + ("criteria",), node)
    yield from walk(cs.fields, ("fields",), None)


_BROKEN: list = [None, {}]  # the last dataset asked about, and its criteria sets that did not load


def _broken_years(ds) -> dict[str, list[int]]:
    """Group -> years of its criteria files that did not load, worked out once per dataset."""
    if _BROKEN[0] is not ds:
        loaded = {cs.path for cs in ds.criteria_sets}
        found: dict[str, list[int]] = {}
        for rel in ds.files:
            parts = rel.split("/")
            if len(parts) == 3 and parts[0] == paths.CRITERIA_DIR and rel not in loaded \
                    and parts[2].endswith(".yaml") and parts[2][:-5].isdigit():
                found.setdefault(parts[1], []).append(int(parts[2][:-5]))
        _BROKEN[:] = [ds, found]
    return _BROKEN[1]


def broken_set(sf: ScoreFile, ds) -> str | None:
    """The path of a criteria set of the file's group that would apply to its year but did not
    load (its own errors are reported with it): the file is not checked against an older set
    meanwhile, which would report every criterion the new set changed as unknown."""
    years = _broken_years(ds).get(sf.group)
    if not years:
        return None
    loaded = ds.set_for(sf.group, sf.year)
    start = loaded.year if loaded is not None else -1
    later = [y for y in years if start < y <= sf.year]
    return f"{paths.CRITERIA_DIR}/{sf.group}/{max(later)}.yaml" if later else None


def applicable_set(sf: ScoreFile, ds) -> CriteriaSet | None:
    """The criteria set a score file is checked against: the one that applies, unless a newer one
    that would apply did not load (`broken_set`)."""
    return None if broken_set(sf, ds) else ds.set_for(sf.group, sf.year)


def scored_entries(sf: ScoreFile, ds) -> Iterator[tuple[str, ScoreEntry, Criterion]]:
    """(criterion id, entry, leaf criterion) for each entry of a score file whose criterion exists
    in the set that applies; unknown ids are the `scores.criterion` rule's business."""
    cs = applicable_set(sf, ds)
    if cs is None:
        return
    leaves = ds.leaves_of(cs)
    for cid, entry in sf.scores.items():
        crit = leaves.get(cid)
        if crit is not None:
            yield cid, entry, crit


def waiting_problem(obj, ds, rule_id: str):
    """The one problem of a file (score or agency file) whose criteria set did not load
    (`broken_set`): it is not checked against any set until that one is mended. None otherwise."""
    broken = broken_set(obj, ds)
    if broken is None:
        return None
    return problem(obj, ("year",), rule_id,
                   f"Bộ tiêu chí áp dụng cho nhóm `{obj.group}` năm {obj.year} là `{broken}`, nhưng tệp đó có lỗi "
                   "nên chưa đọc được: tệp này chưa được kiểm tra theo bộ tiêu chí.",
                   f"The criteria set for group `{obj.group}` in {obj.year} is `{broken}`, which has errors and "
                   "could not be read: this file is not checked against it yet.",
                   f"Sửa các lỗi của `{broken}` trước, rồi chạy lại `parportal check`.",
                   f"Fix the errors of `{broken}` first, then run `parportal check` again.")


def located_parts(cs: CriteriaSet) -> Iterator[tuple[Any, tuple[Any, ...], Any]]:
    """(part, its location tuple in the file, its parent part) for every part of a set that
    declares its parts (the list form of `parts:`), parents first, in file order; nothing for
    the two-part form `{appraised, survey}`."""
    def walk(parts, base: tuple[Any, ...], parent):
        for i, part in enumerate(parts):
            loc = base + (i,)
            yield part, loc, parent
            yield from walk(part.parts, loc + ("parts",), part)
    if cs.declares_parts:
        yield from walk(cs.parts, ("parts",), None)


def parts_set_aside(cs: CriteriaSet) -> bool:
    """Some of `parts:` was rejected by the schema and set aside (`base.set_aside`): what is left of
    it cannot be checked as a whole (a criterion would seem to be in no part, the maxima not to add up)."""
    return any(zone[:1] == ("parts",) for zone in cs._salvaged)
