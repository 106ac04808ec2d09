"""Stage 2, validate: run every rule over the loaded dataset and collect all diagnostics.

Rules that look at one file at a time are independent, so on a large dataset they run in
forked worker processes (Linux; the workers inherit the dataset, nothing is pickled but the
diagnostics that come back). The result is the same list, in the same order, either way.
`PARPORTAL_WORKERS=1` turns the workers off.

Owns the rules (`rules/`, one per file behind one interface) and the canonical form
(`canonical/`, which `parportal fix` writes and the `file.canonical` rule checks). Imports `core`,
`machinery` and `load`.
"""
from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from generator.core import paths
from generator.core.diagnostics import Diagnostic, sort_diagnostics
from generator.load import Dataset
from generator.load.model import AgencyFile, CriteriaSet, Located, Registry, ScoreFile
from generator.machinery import DataCache, Forked, pack, unpack, workers_for
from generator.validate.rules import RULES, Rule, Scope

PARALLEL_MIN_FILES = 400  # below this, forking costs more than it saves


def _items(rule: Rule, ds: Dataset, partial: tuple[Located, ...] = ()) -> list:
    """What `rule` checks: the dataset's files of its scope, then the files read in part."""
    if rule.scope is Scope.FILE:
        return ([ds.registry] if ds.registry else []) + list(ds.criteria_sets) + list(ds.score_files) \
            + list(ds.agency_files) + list(ds.rounds) + list(partial)
    if rule.scope is Scope.AGENCY_FILE:
        return list(ds.agency_files) + [p for p in partial if isinstance(p, AgencyFile)]
    kind = {Scope.REGISTRY: Registry, Scope.CRITERIA_SET: CriteriaSet, Scope.SCORE_FILE: ScoreFile}.get(rule.scope)
    if kind is None:
        return [ds]
    extra = [p for p in partial if isinstance(p, kind)]
    if rule.scope is Scope.REGISTRY:
        return ([ds.registry] if ds.registry else []) + extra
    if rule.scope is Scope.CRITERIA_SET:
        return list(ds.criteria_sets) + extra
    return list(ds.score_files) + extra


def _set_aside_lines(item: Located) -> set[int]:
    """The lines of the parts of a file read in part that the load stage set aside: every key and
    value under each place (a criterion's sub-criteria are records of their own)."""
    lines: set[int] = set()
    zones = item._salvaged
    source = item.source
    for table in (source.values, source.keys):
        for loc, mark in table.items():
            for zone in zones:
                if loc[: len(zone)] == zone and loc[len(zone): len(zone) + 1] != ("criteria",):
                    lines.add(mark.line)
                    break
    return lines


def _check(rule: Rule, item, ds: Dataset) -> list[Diagnostic]:
    try:
        found = list(rule.check(item, ds))
        if found and not rule.textual and getattr(item, "_salvaged", None):
            lines = _set_aside_lines(item)
            found = [d for d in found if not (d.path == item.path and d.line in lines)]
        return found
    except Exception as err:  # a bug in a rule must not hide the other diagnostics
        where = getattr(item, "path", "") or "-"
        return [Diagnostic(where, 1, 1, "internal.rule-failed",
                           f"Quy tắc `{rule.id}` gặp lỗi nội bộ: `{err!r}`.",
                           f"Rule `{rule.id}` failed internally: `{err!r}`.",
                           "Báo lỗi này cho nhóm phát triển kèm tệp.",
                           "Report this to the developers with the file. "
                           + traceback.format_exception_only(err)[-1].strip())]


def _run_chunk(work: tuple[list[tuple[Rule, object]], Dataset],
               bounds: tuple[int, int]) -> list[tuple[int, list[Diagnostic]]]:
    """(index of the pair, its diagnostics) for the pairs in `bounds` that found something."""
    pairs, ds = work
    found = []
    for i in range(bounds[0], bounds[1]):
        rule, item = pairs[i]
        got = _check(rule, item, ds)
        if got:
            found.append((i, got))
    return found


_PER_FILE = (Scope.FILE, Scope.SCORE_FILE)


def _context(ds: Dataset, per_file: tuple[Rule, ...]) -> str | None:
    """What the per-file rules of a score file depend on besides the file itself: which rules,
    the exact registry and criteria sets (by their content keys), and the criteria files that did
    not load. None: not known."""
    lines = [",".join(r.id for r in per_file)]
    if ds.registry is not None:
        digest = ds.digests.get(ds.registry.path)
        if digest is None:
            return None
        lines.append(f"{ds.registry.path}={digest}")
    for cs in ds.criteria_sets:
        digest = ds.digests.get(cs.path)
        if digest is None:
            return None
        lines.append(f"{cs.path}={digest}")
    # A criteria file that did not load changes what a score file is checked against
    # (`rules.criteria_index.broken_set`), though it has no content key of its own.
    loaded = {cs.path for cs in ds.criteria_sets}
    lines += [f"{rel}=unread" for rel in ds.files if rel.startswith(f"{paths.CRITERIA_DIR}/") and rel not in loaded]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _diagnostic_list(value) -> list[Diagnostic] | None:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "validate" and isinstance(value[1], list) \
            and all(type(d) is Diagnostic for d in value[1]):
        return value[1]
    return None


def validate(ds: Dataset, rules: tuple[Rule, ...] = RULES, workers: int | None = None,
             partial: tuple[Located, ...] = ()) -> list[Diagnostic]:
    """Every problem found by `rules`; a rule that fails is reported, never raised. `partial`: the
    files the load stage read only in part (`LoadResult.partial`), checked by the rules of their
    kind beside the dataset (never part of it), so that one run reports all of a file's problems.

    What the per-file rules (scopes FILE and SCORE_FILE) found in a score file is kept in the
    content-hash cache (`generator.machinery.datacache`), keyed by the file's bytes, the registry's and
    every criteria set's bytes, the rules and the code: a score file none of these changed for
    is not checked again. Rules over the whole dataset always run."""
    return begin_validate(ds, rules, workers, partial=partial).finish()


@dataclass(frozen=True)
class Begun:
    """Validation begun: `finish()` waits for its worker processes and gives the diagnostics;
    `stop()` stops them unfinished (the caller failed meanwhile). `in_background`: the rules are
    running in worker processes (else they have run already)."""

    finish: Callable[[], list[Diagnostic]]
    in_background: bool
    stop: Callable[[], None] = lambda: None


def begin_validate(ds: Dataset, rules: tuple[Rule, ...] = RULES, workers: int | None = None,
                   spare_cpus: int = 0, partial: tuple[Located, ...] = ()) -> Begun:
    """`validate`, begun: on a large dataset the rules start in worker processes (`spare_cpus`
    fewer than usual, at least one) and this process is free until it calls `finish()`, which
    waits for them and gives `validate`'s list. Otherwise the rules run now."""
    found: list[Diagnostic] = []
    cache = DataCache(ds.root)
    per_file = tuple(r for r in rules if r.scope in _PER_FILE)
    per_file_ids = {id(r) for r in per_file}
    to_store: dict[int, tuple[str, str]] = {}  # id(score file) -> its cache slot and key, for files checked now
    done: set[int] = set()         # score files whose per-file diagnostics came from the cache
    context = _context(ds, per_file) if cache.enabled and per_file and ds.digests else None
    if context is not None:
        rules_id = hashlib.sha256(",".join(r.id for r in per_file).encode()).hexdigest()[:16]
        wanted = [(sf, f"validate:{rules_id}\0{sf.path}", cache.key(f"validate:{context}", sf.path, digest.encode()))
                  for sf in ds.score_files for digest in [ds.digests.get(sf.path)] if digest is not None]
        stored = cache.get_blobs({slot: key for _, slot, key in wanted})
        for sf, slot, key in wanted:
            blob = stored.get(slot)
            cached = None if blob is None else _diagnostic_list(unpack(blob, key))
            if cached is None:
                to_store[id(sf)] = (slot, key)
            else:
                found.extend(cached)
                done.add(id(sf))
    pairs = [(rule, item) for rule in rules for item in _items(rule, ds, partial)
             if not (id(item) in done and id(rule) in per_file_ids)]
    workers = workers or workers_for(len(ds.score_files) - len(done), PARALLEL_MIN_FILES)
    stop: Callable[[], None] = lambda: None
    if workers <= 1:
        answers = [(i, got) for i, (rule, item) in enumerate(pairs) for got in [_check(rule, item, ds)] if got]
        results: Callable[[], list[tuple[int, list[Diagnostic]]]] = lambda: answers
    else:
        # Contiguous chunks of (rule, item) pairs; the answers say which pair found what.
        chunks = workers * 6
        step = -(-len(pairs) // chunks)
        bounds = [(i, min(i + step, len(pairs))) for i in range(0, len(pairs), step)]
        forked = Forked(_run_chunk, (pairs, ds), bounds, max(1, workers - spare_cpus))
        results = lambda: [answer for part in forked.answers() for answer in part]
        stop = forked.stop
    in_background = workers > 1

    def finish() -> list[Diagnostic]:
        per_item: dict[int, list[Diagnostic]] = {}
        for i, got in results():
            found.extend(got)
            rule, item = pairs[i]
            if id(item) in to_store and id(rule) in per_file_ids:
                per_item.setdefault(id(item), []).extend(got)
        cache.put_blobs((slot, key, pack(key, ("validate", per_item.get(item_id, []))))
                        for item_id, (slot, key) in to_store.items())
        return sort_diagnostics(found)

    return Begun(finish, in_background, stop)


def validate_for_publication(ds: Dataset, known_errors: bool = False, rules: tuple[Rule, ...] = RULES,
                             workers: int | None = None, partial: tuple[Located, ...] = ()) -> list[Diagnostic]:
    """What `parportal build` needs: the same list as `validate` whenever it has an error to
    print, without the cost of the style-only rules (`Rule.style`, warnings only: the
    canonical-form check is about 78 % of validation) when there is none.

    The rules that can block publication run first; only if they (or the load stage:
    `known_errors`) found an error do the style rules run too, so that the build prints
    exactly what `validate` would. A build of valid data prints no diagnostics, so the
    warnings it skips are never shown anyway; `parportal check` (CI, pull requests) runs
    every rule through `validate`."""
    return begin_validate_for_publication(ds, known_errors, rules, workers, partial=partial).finish()


def begin_validate_for_publication(ds: Dataset, known_errors: bool = False, rules: tuple[Rule, ...] = RULES,
                                   workers: int | None = None, spare_cpus: int = 0,
                                   partial: tuple[Located, ...] = ()) -> Begun:
    """`validate_for_publication`, begun as `begin_validate` begins `validate`."""
    blocking = tuple(r for r in rules if not r.style)
    style = tuple(r for r in rules if r.style)
    begun = begin_validate(ds, blocking, workers, spare_cpus, partial)

    def finish() -> list[Diagnostic]:
        found = begun.finish()
        if style and (known_errors or any(d.is_error for d in found)):
            found = sort_diagnostics(found + validate(ds, style, workers, partial))
        return found

    return Begun(finish, begun.in_background, begun.stop)
