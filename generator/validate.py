"""Stage 2, validate: run every rule over the loaded dataset and collect all diagnostics."""
from __future__ import annotations

import traceback

from .diagnostics import Diagnostic, sort_diagnostics
from .load import Dataset
from .rules import RULES, Rule, Scope


def _items(rule: Rule, ds: Dataset) -> list:
    if rule.scope is Scope.FILE:
        return ([ds.registry] if ds.registry else []) + list(ds.criteria_sets) + list(ds.score_files)
    if rule.scope is Scope.REGISTRY:
        return [ds.registry] if ds.registry else []
    if rule.scope is Scope.CRITERIA_SET:
        return list(ds.criteria_sets)
    if rule.scope is Scope.SCORE_FILE:
        return list(ds.score_files)
    return [ds]


def validate(ds: Dataset, rules: tuple[Rule, ...] = RULES) -> list[Diagnostic]:
    """Every problem found by `rules`; a rule that fails is reported, never raised."""
    found: list[Diagnostic] = []
    for rule in rules:
        for item in _items(rule, ds):
            try:
                found.extend(rule.check(item, ds))
            except Exception as err:  # a bug in a rule must not hide the other diagnostics
                where = getattr(item, "path", "") or "-"
                found.append(Diagnostic(where, 1, 1, "internal.rule-failed",
                                        f"Quy tắc {rule.id} gặp lỗi nội bộ: {err!r}.",
                                        f"Rule {rule.id} failed internally: {err!r}.",
                                        "Báo lỗi này cho nhóm phát triển kèm tệp.",
                                        "Report this to the developers with the file. "
                                        + traceback.format_exception_only(err)[-1].strip()))
    return sort_diagnostics(found)
