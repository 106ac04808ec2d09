"""The one interface every validation rule implements."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterable

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.model import Located


class Scope(str, Enum):
    FILE = "file"                  # every loaded file (registry, criteria set, score file)
    REGISTRY = "registry"          # the unit registry
    CRITERIA_SET = "criteria-set"  # one criteria set, with the dataset for context
    SCORE_FILE = "score-file"      # one score file, with the dataset for context
    AGENCY_FILE = "agency-file"    # one agency's appraisal or survey file, with the dataset for context
    DATASET = "dataset"            # everything at once


@dataclass(frozen=True)
class Rule:
    id: str
    scope: Scope
    summary_vi: str
    summary_en: str
    check: Callable[[Any, Any], Iterable[Diagnostic]]
    # Style only: every diagnostic it reports is a warning, so it can never block publication.
    # `parportal build` runs such rules only when there are errors to print (see
    # `validate.validate_for_publication`); `parportal check` always runs them.
    style: bool = False
    # Reads the file's characters, not the model: what it finds holds even in the parts of a file
    # the schema rejected (`set_aside`), so it is reported there too.
    textual: bool = False


def problem(obj: Located, loc: tuple[Any, ...], rule: str, vi: str, en: str, hint_vi: str, hint_en: str,
            *, key: bool = False, warning: bool = False) -> Diagnostic:
    """A diagnostic at the value (or, with `key`, the key) at `loc` in `obj`'s file."""
    mark = obj.source.key(loc) if key else obj.source.value(loc)
    return Diagnostic(obj.path, mark.line, mark.col, rule, vi, en, hint_vi, hint_en,
                      Severity.WARNING if warning else Severity.ERROR)


def set_aside(obj: Located, loc: tuple[Any, ...]) -> bool:
    """Whether `loc` lies in a part of `obj`'s file that the schema rejected and the load stage set
    aside to check the rest (`generator.load.salvage`): its diagnostics are out already, and what
    is left of it there is not what the file says. A rule that counts or compares entries skips
    such a place; the runner drops what any rule reports on its lines."""
    zones = obj._salvaged
    return bool(zones) and any(loc[: len(zone)] == zone for zone in zones)


def num(value: Any) -> str:
    """A Decimal as written by people: 2.5, 10, -0.25."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
