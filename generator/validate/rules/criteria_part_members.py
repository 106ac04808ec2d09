"""Every criterion of a set that declares its parts (the list form of `parts:`) lies in exactly
one part: a part lists fields or criteria (`criteria`) or is made of sub-parts (`parts`), never
both; each id it lists exists; no criterion is left out or listed twice (itself or through a
field or criterion above it)."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import located_criteria, located_parts, parts_set_aside

ID = "criteria.part-members"


def check(cs, ds):
    if not cs.declares_parts or parts_set_aside(cs):
        return
    parents = {node.id: parent.id if parent is not None else None for node, _, parent in located_criteria(cs)}
    listed: dict[str, str] = {}  # criterion id -> the part that lists it
    for part, loc, _ in located_parts(cs):
        if part.parts and part.criteria:
            yield problem(cs, loc + ("criteria",), ID,
                          f"Phần `{part.id}` vừa có phần con (`parts`) vừa liệt kê tiêu chí (`criteria`).",
                          f"Part `{part.id}` has both sub-parts (`parts`) and criteria (`criteria`).",
                          "Chuyển các tiêu chí này vào một phần con, hoặc bỏ các phần con.",
                          "Move these criteria into a sub-part, or drop the sub-parts.")
        elif not part.parts and not part.criteria:
            yield problem(cs, loc + ("id",), ID,
                          f"Phần `{part.id}` không có lĩnh vực, tiêu chí (`criteria`) hay phần con (`parts`) nào.",
                          f"Part `{part.id}` has no fields or criteria (`criteria`) and no sub-parts (`parts`).",
                          "Liệt kê mã các lĩnh vực của phần, ví dụ `criteria: [\"1\", \"2\"]`, hoặc các phần con.",
                          "List the ids of its fields, e.g. `criteria: [\"1\", \"2\"]`, or its sub-parts.")
        for j, cid in enumerate(part.criteria):
            where = loc + ("criteria", j)
            if cid not in parents:
                yield problem(cs, where, ID,
                              f"Phần `{part.id}`: không có lĩnh vực hay tiêu chí mã `{cid}` trong bộ tiêu chí.",
                              f"Part `{part.id}`: the set has no field or criterion `{cid}`.",
                              "Sửa mã cho đúng mã một lĩnh vực (hoặc tiêu chí) trong `fields`.",
                              "Use the id of a field (or criterion) under `fields`.")
                continue
            above = _ancestors(cid, parents)
            clash = next((a for a in [cid, *above] if a in listed), None)
            if clash is None:  # or a criterion below it listed already
                clash = next((c for c in listed if cid in _ancestors(c, parents)), None)
            if clash is not None:
                yield problem(cs, where, ID,
                              f"Tiêu chí `{cid}` đã thuộc phần `{listed[clash]}` (qua mã `{clash}`): mỗi tiêu chí "
                              "chỉ thuộc một phần.",
                              f"Criterion `{cid}` is already in part `{listed[clash]}` (through `{clash}`): each "
                              "criterion is in one part only.",
                              "Bỏ mã này khỏi một trong hai phần.", "Remove this id from one of the two parts.")
                continue
            listed[cid] = part.id
    yield from _left_out(cs, listed)


def _ancestors(cid: str, parents: dict[str, str | None]) -> list[str]:
    out, cur = [], parents.get(cid)
    while cur is not None:
        out.append(cur)
        cur = parents.get(cur)
    return out


def _left_out(cs, listed: dict[str, str]):
    """The highest criteria that no part covers, neither itself, nor above it, nor everything below it."""
    def covered(node) -> bool | None:  # True: all of it; False: none of it; None: some of it
        if node.id in listed:
            return True
        if not node.criteria:
            return False
        kids = [covered(k) for k in node.criteria]
        return True if all(k is True for k in kids) else False if all(k is False for k in kids) else None

    def walk(nodes, base):
        for i, node in enumerate(nodes):
            loc = base + (i,)
            state = covered(node)
            if state is False:
                yield problem(cs, loc + ("id",), ID,
                              f"Tiêu chí `{node.id}` ({node.name}) không thuộc phần nào trong `parts`.",
                              f"Criterion `{node.id}` ({node.name}) is in no part of `parts`.",
                              f"Thêm `\"{node.id}\"` vào `criteria` của phần chứa nó.",
                              f"Add `\"{node.id}\"` to the `criteria` of the part it belongs to.")
            elif state is None:
                yield from walk(node.criteria, loc + ("criteria",))

    yield from walk(cs.fields, ("fields",))


RULE = Rule(ID, Scope.CRITERIA_SET, "Mỗi tiêu chí thuộc đúng một phần", "Every criterion is in exactly one part",
            check)
