"""Reading on past the first problem: the part of a rejected file that can still be checked.

When the model rejects some values of a file, each has its diagnostic already (schema messages,
or the strict reader's for a YAML trap). Before this module the whole file was then left out,
so the validation rules never saw it: a malformed number in one entry hid an out-of-range value
in another until the first was fixed, and staff met their errors in rounds.

`salvage` sets aside only what was rejected, from a copy of the data, and validates the rest:

* a rejected value, an unknown key or a malformed key is removed (the schema error already
  says what is wrong with it);
* a required key that is then missing takes its container with it, but only inside a *record*
  (a score entry, a criterion, a unit, a group, a band): a record itself is never removed, since
  other files and other rules refer to it (a unit gone from the registry, a criterion gone from
  its set, would each bring errors of their own that are not true);
* the `unit`, `year` and `group` of a score file and the `group` and `year` of a criteria set
  come from the file's path when the written ones are rejected (`file.path-matches` compares
  them anyway);
* anything else (a required key of the file itself, a file that is not a mapping): no salvage,
  the file is reported by its schema errors alone, as before.

The result carries the records it touched (`Located._salvaged`): the validation rules do not
report on them again (the runner drops what they say on those lines, and the rules that count
entries skip them), since what was removed is not the file's real content.
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Iterable

from pydantic import ValidationError

from generator.load.model import CriteriaSet, Located, ScoreFile
from generator.load.schema_messages import locate
from generator.load.yamlsource import Loc

ROUNDS = 6  # each round removes something, and files nest a few levels deep: enough, and bounded
_RECORD_LISTS = frozenset({"fields", "criteria", "units", "groups", "bands"})


def record_of(loc: Loc) -> Loc:
    """The record that holds `loc`: a score entry `("scores", id)`, else the innermost item of
    a list of records (a criterion at any depth, a unit, a group, a band), else the top-level
    key (or, under `province`, `decision`, `parts` or `rounding`, the key inside it)."""
    if len(loc) >= 2 and loc[0] == "scores":
        return loc[:2]
    found: Loc = ()
    for i in range(1, len(loc)):
        if isinstance(loc[i], int) and loc[i - 1] in _RECORD_LISTS:
            found = loc[: i + 1]
    if found:
        return found
    return loc[:2] if len(loc) >= 2 and isinstance(loc[1], str) else loc[:1]


def _from_path(model: type[Located], rel: str) -> dict[str, Any]:
    """The top-level ids a file's place gives (`criteria/<group>/<year>.yaml`,
    `scores/<year>/<group>/<unit>.yaml`)."""
    parts = PurePosixPath(rel).parts
    if model is ScoreFile and len(parts) == 4 and parts[1].isdigit():
        return {"year": int(parts[1]), "group": parts[2], "unit": PurePosixPath(parts[3]).stem}
    if model is CriteriaSet and len(parts) == 3 and PurePosixPath(parts[2]).stem.isdigit():
        return {"group": parts[1], "year": int(PurePosixPath(parts[2]).stem)}
    return {}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _parent(data: Any, loc: Loc) -> Any:
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            return None
    return cur


def _remove(data: Any, targets: Iterable[Loc]) -> None:
    """Remove every target; one under another is removed with it. Deepest first and, in a list,
    the highest index first, so that no removal moves another target."""
    chosen: list[Loc] = []
    for target in sorted(set(targets), key=len):
        if not any(target[: len(c)] == c for c in chosen):
            chosen.append(target)
    for target in sorted(chosen, key=lambda t: (len(t), t[-1] if isinstance(t[-1], int) else -1), reverse=True):
        parent = _parent(data, target[:-1])
        if isinstance(parent, dict):
            parent.pop(target[-1], None)
        elif isinstance(parent, list) and isinstance(target[-1], int) and 0 <= target[-1] < len(parent):
            del parent[target[-1]]


def _removable(target: Loc) -> bool:
    """Not the file, and not a record that sits in a list (removing it would move the records
    after it, and other files refer to records)."""
    if not target:
        return False
    record = record_of(target)
    return not (record == target and isinstance(target[-1], int))


def salvage(model: type[Located], rel: str, data: Any, problems: Iterable[Loc] = ()) -> Located | None:
    """`model` built from what is left of `data` once the places the model rejects (and the YAML
    `problems`) are set aside; None when what it rejects cannot be set aside. The object's
    `_salvaged` names the records touched."""
    if not isinstance(data, dict):
        return None
    data = _copy(data)
    given = _from_path(model, rel)
    replaced: set[str] = set()
    zones: set[Loc] = set()
    targets: list[Loc] = []
    for loc in problems:
        if len(loc) == 1 and loc[0] in given:
            data[loc[0]] = given[loc[0]]
            replaced.add(loc[0])
            zones.add(loc)
        elif _removable(loc) and _parent(data, loc) is not None:
            targets.append(loc)
            zones.add(record_of(loc))
    _remove(data, targets)
    errors: list = []  # validated first: the YAML problems may be all there was
    for _ in range(ROUNDS):
        if errors:
            targets = []
            for err in errors:
                loc = tuple(err["loc"])
                path, key_error, missing = locate(data, loc)
                if missing:
                    key = str(loc[-1])
                    if not path and key in given and key not in replaced:
                        data[key] = given[key]
                        replaced.add(key)
                        zones.add((key,))
                        continue
                    if len(path) <= len(record_of(path)) or not _removable(path):
                        return None  # a required key of a record or of the file
                    target = path
                elif len(path) == 1 and path[0] in given and path[0] not in replaced:
                    data[path[0]] = given[path[0]]
                    replaced.add(path[0])
                    zones.add(path)
                    continue
                else:
                    target = path
                if not _removable(target):
                    return None
                targets.append(target)
                zones.add(record_of(target))
            _remove(data, targets)
        try:
            obj = model.model_validate(data)
        except ValidationError as err:
            errors = err.errors(include_url=False)
            continue
        obj._salvaged = frozenset(zones)
        return obj
    return None
