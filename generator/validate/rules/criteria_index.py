"""Walking criteria sets and score files with positions, shared by the rules."""
from __future__ import annotations

from typing import Any, Iterator

from generator.load.model import CriteriaSet, Criterion, ScoreEntry, ScoreFile


def located_criteria(cs: CriteriaSet) -> Iterator[tuple[Criterion, tuple[Any, ...], Criterion | None]]:
    """(criterion, its location tuple in the file, its parent) for every criterion, in file order."""
    def walk(nodes: list[Criterion], base: tuple[Any, ...], parent: Criterion | None):
        for i, node in enumerate(nodes):
            loc = base + (i,)
            yield node, loc, parent
            yield from walk(node.criteria, loc + ("criteria",), node)
    yield from walk(cs.fields, ("fields",), None)


def scored_entries(sf: ScoreFile, ds) -> Iterator[tuple[str, ScoreEntry, Criterion]]:
    """(criterion id, entry, leaf criterion) for each entry of a score file whose criterion exists
    in the set that applies; unknown ids are the `scores.criterion` rule's business."""
    cs = ds.set_for(sf.group, sf.year)
    if cs is None:
        return
    leaves = ds.leaves_of(cs)
    for cid, entry in sf.scores.items():
        crit = leaves.get(cid)
        if crit is not None:
            yield cid, entry, crit
