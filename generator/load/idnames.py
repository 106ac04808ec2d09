"""A unit's or group's name written where its id belongs, answered with the id.

An id has the form of a `Slug` (`so-tai-chinh`), so a name (`Sở Tài chính`) written in its place
is a schema error of its file, found before anything knows the registry; the schema message can
only say what an id looks like. Once the registry is read, `name_hints` looks again at the id
places of the files that have such an error and, where the written text is (close to) a unit's
or a group's id or name, says which id to write. Only files with a `schema.format` error are
read again; the others cost nothing.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from generator.core import files, paths
from generator.core.diagnostics import Diagnostic
from generator.core.suggest import closest, fold
from generator.load.model import Registry
from generator.load.yamlsource import Loc, parse_yaml

UNIT, GROUP = "unit", "group"


def _places(rel: str, data: Any) -> Iterator[tuple[Loc, str]]:
    """(location, UNIT or GROUP) of every value of the file at `rel` that is a unit or group id."""
    if not isinstance(data, dict):
        return
    if rel.startswith(f"{paths.SCORES_DIR}/") and rel.count("/") == 3:
        yield ("unit",), UNIT
        yield ("group",), GROUP
    elif rel.startswith(f"{paths.CRITERIA_DIR}/"):
        yield ("group",), GROUP
        yield ("appraised_by",), UNIT

        def walk(items: Any, base: Loc) -> Iterator[tuple[Loc, str]]:
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    yield base + (i, "appraised_by"), UNIT
                    yield from walk(item.get("criteria"), base + (i, "criteria"))

        yield from walk(data.get("fields"), ("fields",))
    elif rel == paths.REGISTRY_FILE:
        for i, unit in enumerate(data.get("units") or []):
            if isinstance(unit, dict):
                yield ("units", i, "group"), GROUP
                for key in ("merged_from", "split_from"):
                    for j, _ in enumerate(unit.get(key) or []):
                        yield ("units", i, key, j), UNIT


def _value(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def name_hints(root: Path, diagnostics: list[Diagnostic], registry: Registry | None) -> list[Diagnostic]:
    """`diagnostics` with the hint of each `schema.format` error at a unit or group id replaced by
    the id the written name stands for, when the registry knows it."""
    if registry is None:
        return diagnostics
    choices = {
        UNIT: {u.id: (u.name, u.name_en, *(f.name for f in u.former_names)) for u in registry.units},
        GROUP: {g.id: (g.name, g.name_en) for g in registry.groups},
    }
    names = {UNIT: {u.id: (u.name, u.name_en) for u in registry.units},
             GROUP: {g.id: (g.name, g.name_en) for g in registry.groups}}
    wanted = {d.path for d in diagnostics if d.rule == "schema.format"}
    better: dict[tuple[str, int, int], tuple[str, str]] = {}
    for rel in sorted(wanted):
        try:
            doc = parse_yaml(files.read_regular(root / rel), rel)
        except OSError:
            continue
        for loc, kind in _places(rel, doc.data):
            written = _value(doc.data, loc)
            if not isinstance(written, str) or not written.strip():
                continue
            found = closest(written, choices[kind], n=1)
            if not found:
                continue
            good = found[0]
            name_vi, name_en = names[kind][good]
            exact = fold(written) in {fold(n) for n in (good, *choices[kind][good])}
            what_vi, what_en = ("đơn vị", "unit") if kind == UNIT else ("nhóm", "group")
            key = loc[-1] if isinstance(loc[-1], str) else loc[-2]
            line = f"`{key}: {good}`" if isinstance(loc[-1], str) else f"`{good}`"
            if exact:
                hint = (f"Đây là {what_vi} {name_vi}: viết mã của nó, {line}.",
                        f"That is the {what_en} {name_en}: write its id, {line}.")
            else:
                hint = (f"Có phải là {what_vi} {name_vi}? Viết mã của nó, {line}.",
                        f"Did you mean the {what_en} {name_en}? Write its id, {line}.")
            mark = doc.source.value(loc)
            better[(rel, mark.line, mark.col)] = hint
    if not better:
        return diagnostics
    return [replace(d, hint_vi=better[k][0], hint_en=better[k][1])
            if d.rule == "schema.format" and (k := (d.path, d.line, d.col)) in better else d
            for d in diagnostics]
