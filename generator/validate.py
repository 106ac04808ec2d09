"""Stage 2, validate: run every rule over the loaded dataset and collect all diagnostics.

Rules that look at one file at a time are independent, so on a large dataset they run in
forked worker processes (Linux; the workers inherit the dataset, nothing is pickled but the
diagnostics that come back). The result is the same list, in the same order, either way.
`PARPORTAL_WORKERS=1` turns the workers off.
"""
from __future__ import annotations

import multiprocessing
import traceback

from .diagnostics import Diagnostic, sort_diagnostics
from .load import Dataset, workers_for
from .rules import RULES, Rule, Scope

PARALLEL_MIN_FILES = 400  # below this, forking costs more than it saves


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


def _check(rule: Rule, item, ds: Dataset) -> list[Diagnostic]:
    try:
        return list(rule.check(item, ds))
    except Exception as err:  # a bug in a rule must not hide the other diagnostics
        where = getattr(item, "path", "") or "-"
        return [Diagnostic(where, 1, 1, "internal.rule-failed",
                           f"Quy tắc {rule.id} gặp lỗi nội bộ: {err!r}.",
                           f"Rule {rule.id} failed internally: {err!r}.",
                           "Báo lỗi này cho nhóm phát triển kèm tệp.",
                           "Report this to the developers with the file. "
                           + traceback.format_exception_only(err)[-1].strip())]


# The work of one validate() call, inherited by forked workers (never pickled).
_WORK: tuple[list[tuple[Rule, object]], Dataset] | None = None


def _run_chunk(bounds: tuple[int, int]) -> list[Diagnostic]:
    pairs, ds = _WORK
    found: list[Diagnostic] = []
    for rule, item in pairs[bounds[0]:bounds[1]]:
        found.extend(_check(rule, item, ds))
    return found


def validate(ds: Dataset, rules: tuple[Rule, ...] = RULES, workers: int | None = None) -> list[Diagnostic]:
    """Every problem found by `rules`; a rule that fails is reported, never raised."""
    global _WORK
    pairs = [(rule, item) for rule in rules for item in _items(rule, ds)]
    workers = workers or workers_for(len(ds.score_files), PARALLEL_MIN_FILES)
    if workers <= 1:
        found: list[Diagnostic] = []
        for rule, item in pairs:
            found.extend(_check(rule, item, ds))
        return sort_diagnostics(found)
    # Contiguous chunks of (rule, item) pairs, so that the concatenated answers keep the serial order.
    chunks = workers * 6
    step = -(-len(pairs) // chunks)
    bounds = [(i, min(i + step, len(pairs))) for i in range(0, len(pairs), step)]
    _WORK = (pairs, ds)
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            parts = pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _WORK = None
    return sort_diagnostics([d for part in parts for d in part])
