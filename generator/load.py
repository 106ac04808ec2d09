"""Stage 1, load: find the data files, read them strictly, and build typed model objects.

Returns a `Dataset` of everything that could be read plus the diagnostics of what could not.
The layout is fixed: `scores/units.yaml`, `criteria/<group>/<year>.yaml`,
`scores/<year>/<group>/<unit>.yaml`.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from . import paths
from .diagnostics import Diagnostic
from .model import CriteriaSet, Criterion, Located, Registry, ScoreFile, Unit
from .schema_messages import schema_diagnostics
from .yamlsource import MAX_BYTES, SourceMap, YamlDocument, parse_yaml, read_yaml

M = TypeVar("M", bound=Located)


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one checkout, in a stable order."""

    root: Path
    registry: Registry | None
    criteria_sets: tuple[CriteriaSet, ...]
    score_files: tuple[ScoreFile, ...]
    files: tuple[str, ...] = field(default=())  # every data file seen, repo-relative

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.registry.units} if self.registry else {}

    @cached_property
    def groups(self) -> dict[str, object]:
        return {g.id: g for g in self.registry.groups} if self.registry else {}

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({s.year for s in self.score_files}))

    @cached_property
    def _leaf_index(self) -> dict[str, dict[str, Criterion]]:
        return {cs.id: {c.id: c for c in cs.leaves()} for cs in self.criteria_sets}

    def leaves_of(self, cs: CriteriaSet) -> dict[str, Criterion]:
        """The scored (leaf) criteria of `cs` by id, computed once per set."""
        return self._leaf_index[cs.id]

    def sets_of(self, group: str) -> list[CriteriaSet]:
        return sorted((c for c in self.criteria_sets if c.group == group), key=lambda c: c.year)

    def set_for(self, group: str, year: int) -> CriteriaSet | None:
        """The criteria set that applies to `group` in `year`: the newest one starting at or before it."""
        found = None
        for cs in self.sets_of(group):
            if cs.year <= year and (cs.until is None or year <= cs.until):
                found = cs
        return found

    def previous_set(self, cs: CriteriaSet) -> CriteriaSet | None:
        earlier = [c for c in self.sets_of(cs.group) if c.year < cs.year]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic]


def _layout_error(rel: str, vi: str, en: str) -> Diagnostic:
    return Diagnostic(rel, 1, 1, "layout.unexpected-file", vi, en,
                      "Đặt tệp đúng chỗ: criteria/<nhóm>/<năm>.yaml hoặc scores/<năm>/<nhóm>/<đơn-vị>.yaml.",
                      "Put it in place: criteria/<group>/<year>.yaml or scores/<year>/<group>/<unit>.yaml.")


def discover(root: Path) -> tuple[list[str], list[str], list[Diagnostic]]:
    """Repo-relative paths of criteria files and score files, and files that are out of place."""
    criteria: list[str] = []
    scores: list[str] = []
    problems: list[Diagnostic] = []
    for base, depth, bucket in ((paths.CRITERIA_DIR, 2, criteria), (paths.SCORES_DIR, 3, scores)):
        top = root / base
        if not top.is_dir():
            continue
        for file in sorted(p for p in top.rglob("*") if p.is_file()):
            rel = file.relative_to(root).as_posix()
            parts = file.relative_to(top).parts
            if rel == paths.REGISTRY_FILE or file.name.startswith(".") or file.suffix == ".md":
                continue
            if file.suffix == ".yaml" and len(parts) == depth:
                bucket.append(rel)
            elif file.suffix in (".yml", ".YAML", ".yaml"):
                problems.append(_layout_error(
                    rel, "Tệp dữ liệu nằm sai chỗ hoặc sai đuôi (.yaml).",
                    "A data file in the wrong place or with the wrong extension (.yaml)."))
    return criteria, scores, problems


def _build(model: type[M], doc: YamlDocument) -> tuple[M | None, list[Diagnostic]]:
    """Validate a read document against `model`; YAML problems and schema problems together."""
    if doc.data is None and doc.diagnostics:
        return None, doc.diagnostics
    try:
        obj = model.model_validate(doc.data)
    except ValidationError as err:
        taken = {(d.line, d.col) for d in doc.diagnostics}
        extra = [d for d in schema_diagnostics(err, doc.data, doc.source) if (d.line, d.col) not in taken]
        return None, doc.diagnostics + extra
    if doc.diagnostics:
        return None, doc.diagnostics
    obj._source = doc.source
    return obj, []


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


def workers_for(n_items: int, minimum: int) -> int:
    """How many worker processes to use for `n_items` independent items (1: none)."""
    if n_items < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("PARPORTAL_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _parse_chunk(args: tuple[str, list[str]]) -> list[tuple[bytes, object, str] | None]:
    """In a worker process: read and parse files by the fast path. Only plain data comes back
    (dicts, lists, text, numbers), which pickles quickly; None for a file the fast path does not
    take, which the parent then reads with the full reader."""
    root, rels = args
    out: list[tuple[bytes, object, str] | None] = []
    for rel in rels:
        try:
            raw = (Path(root) / rel).read_bytes()
        except OSError:
            out.append(None)
            continue
        doc = parse_yaml(raw, rel, lazy=True) if len(raw) <= MAX_BYTES else None
        out.append((raw, doc.data, doc.source.header) if doc is not None and doc.source.is_lazy else None)
    return out


def _parsed_in_workers(root: Path, rels: list[str]) -> list[YamlDocument | None]:
    """Parse `rels` in worker processes (Linux: forked): documents in order, None where the
    parent must read the file itself. Validating against the model stays in the parent."""
    workers = workers_for(len(rels), PARALLEL_MIN_FILES)
    if workers <= 1:
        return [None] * len(rels)
    size = max(16, min(256, len(rels) // (workers * 8)))
    chunks = [(str(root), rels[i:i + size]) for i in range(0, len(rels), size)]
    docs: list[YamlDocument | None] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for part, (_, names) in zip(pool.imap(_parse_chunk, chunks), chunks):
            for rel, got in zip(names, part):
                docs.append(None if got is None else
                            YamlDocument(rel, got[1], SourceMap.lazy(rel, got[0], got[2]), []))
    return docs


def _read_all(root: Path, rels: list[str], model: type[M]) -> tuple[list[M], list[Diagnostic]]:
    objs: list[M] = []
    diags: list[Diagnostic] = []
    # Parsing holds the GIL (threads gave no measurable gain), so large sets of files are parsed
    # in worker processes; the typed models are built here, in order.
    parsed = _parsed_in_workers(root, rels)
    for rel, doc in zip(rels, parsed):
        obj, found = _build(model, doc if doc is not None else read_yaml(root / rel, rel, lazy=True))
        diags.extend(found)
        if obj is not None:
            objs.append(obj)
    return objs, diags


@contextmanager
def no_gc():
    """Python's cyclic garbage collector off while a stage builds many long-lived, acyclic
    objects (models, results): each full collection walks all of them, which made loading
    2,500 score files about twice as slow (benchmarks/README.md). On again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(root: Path) -> LoadResult:
    """Read the registry, every criteria set and every score file under `root`."""
    with no_gc():
        return _load(root)


def _load(root: Path) -> LoadResult:
    criteria_rels, score_rels, diags = discover(root)
    registry: Registry | None = None
    if (root / paths.REGISTRY_FILE).is_file():
        registry, found = _build(Registry, read_yaml(root / paths.REGISTRY_FILE, paths.REGISTRY_FILE, lazy=True))
        diags.extend(found)
    else:
        diags.append(Diagnostic(paths.REGISTRY_FILE, 1, 1, "layout.missing-registry",
                                "Thiếu danh mục đơn vị scores/units.yaml.",
                                "The unit registry scores/units.yaml is missing.",
                                "Tạo tệp danh mục nhóm và đơn vị.", "Create the registry of groups and units."))
    sets, found = _read_all(root, criteria_rels, CriteriaSet)
    diags.extend(found)
    scores, found = _read_all(root, score_rels, ScoreFile)
    diags.extend(found)
    dataset = Dataset(
        root=root,
        registry=registry,
        criteria_sets=tuple(sorted(sets, key=lambda c: (c.group, c.year))),
        score_files=tuple(sorted(scores, key=lambda s: (s.year, s.group, s.unit, s.path))),
        files=tuple(sorted([paths.REGISTRY_FILE, *criteria_rels, *score_rels])),
    )
    return LoadResult(dataset, diags)
