"""Diagnostics: one problem found in one place, in Vietnamese and English.

Every stage that can refuse input (load, validate) returns a list of these; only
`generator.core.report` prints them.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at `path:line:col`, named by a stable `rule` id."""

    path: str
    line: int
    col: int
    rule: str
    message_vi: str
    message_en: str
    hint_vi: str = ""
    hint_en: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": {"vi": self.message_vi, "en": self.message_en},
            "hint": {"vi": self.hint_vi, "en": self.hint_en},
        }


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Stable, reader-friendly order: by file, then position, then rule."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.rule, d.message_en))
