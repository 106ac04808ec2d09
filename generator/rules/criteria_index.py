"""Where each criterion of a criteria set sits in its file, for precise diagnostics."""
from __future__ import annotations

from typing import Any, Iterator

from ..model import CriteriaSet, Criterion


def located_criteria(cs: CriteriaSet) -> Iterator[tuple[Criterion, tuple[Any, ...], Criterion | None]]:
    """(criterion, its location tuple in the file, its parent) for every criterion, in file order."""
    def walk(nodes: list[Criterion], base: tuple[Any, ...], parent: Criterion | None):
        for i, node in enumerate(nodes):
            loc = base + (i,)
            yield node, loc, parent
            yield from walk(node.criteria, loc + ("criteria",), node)
    yield from walk(cs.fields, ("fields",), None)


def leaf_index(cs: CriteriaSet) -> dict[str, Criterion]:
    return {c.id: c for c in cs.leaves()}
