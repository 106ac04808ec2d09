"""Stage 1, load: find the data files, read them strictly, and build typed model objects.

Returns a `Dataset` of everything that could be read plus the diagnostics of what could not.
The layout is fixed: `scores/units.yaml`, `criteria/<group>/<year>.yaml`,
`scores/<year>/<group>/<unit>.yaml`, and the agencies' files
`scores/<year>/<group>/tham-dinh/<agency>.yaml` (appraisal), `…/dieu-tra/<agency>.yaml` (survey),
and each year's round `scores/<year>/ky-danh-gia.yaml` (deadlines, results decisions).

Owns the strict YAML reader (`yamlsource`, `yamllines`: line and column of every value), the
model (`model`), its schema messages (`schema_messages`, with the words for the format's values,
`labels`, and the ids a unit's name stands for, `idnames`), what is left of a file the schema
rejects in part (`salvage`: `LoadResult.partial`, checked by the rules but never computed), the
`Dataset`, the check of the hand-written pages' encoding and front matter (`content`), and the
boundary files of the maps (`boundaries`, `content/ban-do/<group>.geojson`). Imports `core` and
`machinery` only.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import ValidationError

from generator.core import files, paths
from generator.core.diagnostics import Diagnostic
from generator.load.boundaries import boundary_maps
from generator.load.content import content_diagnostics
from generator.load.dataset import Dataset
from generator.load.idnames import name_hints
from generator.load.model import (
    APPRAISAL_FOLDER,
    ROUND_FILE,
    SURVEY_FOLDER,
    AgencyFile,
    CriteriaSet,
    Located,
    Registry,
    Round,
    ScoreFile,
)
from generator.load.salvage import salvage
from generator.load.schema_messages import schema_diagnostics
from generator.load.yamlsource import SourceMap, YamlDocument, parse_yaml, unreadable
from generator.machinery import NO_MEMO, DataCache, FileWork, Memo, map_files

M = TypeVar("M", bound=Located)

__all__ = ["Dataset", "LoadResult", "discover", "discover_all", "load", "no_gc", "parse_file", "registry_present"]


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic]
    # Files the schema rejected in part, as far as they could be read (`salvage`): never in the
    # dataset (nothing is computed or published from them), only checked by the validation rules,
    # so that one run reports every problem of a file.
    partial: tuple[Located, ...] = ()


def _layout_error(rel: str, vi: str, en: str) -> Diagnostic:
    return Diagnostic(rel, 1, 1, "layout.unexpected-file", vi, en,
                      "Đặt tệp đúng chỗ: criteria/<nhóm>/<năm>.yaml hoặc scores/<năm>/<nhóm>/<đơn-vị>.yaml.",
                      "Put it in place: criteria/<group>/<year>.yaml or scores/<year>/<group>/<unit>.yaml.")


def discover(root: Path) -> tuple[list[str], list[str], list[Diagnostic]]:
    """Repo-relative paths of criteria files and score files, and files that are out of place or
    not regular files (`generator.core.files.walk`: a symbolic link, a device or a pipe is
    refused, never opened, and a linked folder is not entered). Agency files: `discover_all`."""
    criteria, scores, _, problems = discover_all(root)
    return criteria, scores, problems


def discover_all(root: Path) -> tuple[list[str], list[str], list[str], list[Diagnostic]]:
    """`discover`, with the agencies' files (appraisal and survey:
    scores/<year>/<group>/tham-dinh|dieu-tra/<agency>.yaml) and the years' rounds
    (scores/<year>/ky-danh-gia.yaml) as the third list."""
    criteria: list[str] = []
    scores: list[str] = []
    agencies: list[str] = []
    problems: list[Diagnostic] = []
    for base, depth, bucket in ((paths.CRITERIA_DIR, 2, criteria), (paths.SCORES_DIR, 3, scores)):
        found, refused = files.walk(root, base)
        problems += refused
        for rel in found:
            file = PurePosixPath(rel)
            parts, suffix = file.parts[1:], file.suffix
            if rel == paths.REGISTRY_FILE or file.name.startswith(".") or suffix == ".md":
                continue
            if suffix == ".yaml" and len(parts) == depth:
                bucket.append(rel)
            elif bucket is scores and suffix == ".yaml" and len(parts) == 4 and parts[2] in AGENCY_FOLDERS:
                agencies.append(rel)
            elif bucket is scores and len(parts) == 2 and parts[1] == ROUND_FILE:
                agencies.append(rel)  # the year's round (calendar, decisions): read as a Round
            elif suffix in (".yml", ".YAML", ".yaml"):
                problems.append(_layout_error(
                    rel, "Tệp dữ liệu nằm sai chỗ hoặc sai đuôi (.yaml).",
                    "A data file in the wrong place or with the wrong extension (.yaml)."))
    for folder in PROJECT_DIRS:
        problems += files.walk(root if os.path.lexists(root / folder) else paths.ROOT, folder)[1]
    return criteria, scores, agencies, problems


AGENCY_FOLDERS = (APPRAISAL_FOLDER, SURVEY_FOLDER)


# Hand-written pages and the site's templates, from the data folder or else from the checkout
# (`paths.resource`): render copies the pages into the site and MkDocs its theme overrides, so
# a link or a pipe there is refused with the data's problems (`check` says so, a build stops).
PROJECT_DIRS = (paths.CONTENT_DIR, paths.TEMPLATES_DIR)


def registry_present(root: Path) -> bool:
    """scores/units.yaml is a regular file in a real scores/ folder (a link to either is not:
    `discover` reports it)."""
    return files.is_folder(root / paths.SCORES_DIR) and files.is_regular(root / paths.REGISTRY_FILE)


def _build(model: type[M], doc: YamlDocument) -> tuple[M | None, list[Diagnostic]]:
    """Validate a read document against `model`; YAML problems and schema problems together.

    A document with problems still gives an object when the rest of it can be checked
    (`salvage`): the object then comes with diagnostics, and the validation rules check it
    beside the dataset (`LoadResult.partial`) so that one run reports every problem of the file."""
    if doc.data is None and doc.diagnostics:
        return None, doc.diagnostics
    error: ValidationError | None = None
    try:
        obj = model.model_validate(doc.data)
    except ValidationError as err:
        error = err
    if error is not None or doc.diagnostics:
        taken = {(d.line, d.col) for d in doc.diagnostics}
        extra = [] if error is None else [
            d for d in schema_diagnostics(error, doc.data, doc.source, model) if (d.line, d.col) not in taken]
        obj = salvage(model, doc.path, doc.data, doc.problems)
        diags = doc.diagnostics + extra
        if obj is None:
            return None, diags
    else:
        diags = []
    if isinstance(obj, ScoreFile):
        obj = obj.stored()  # the lean form of the entries (model.StoredEntry)
    obj._source = doc.source
    return obj, diags


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves

# What reading one file gives: (model object or None, diagnostics, the file's first line, its
# source map, or None where it is worked out again from the bytes when a position is asked for).
Parsed = tuple[Located | None, list[Diagnostic], str, SourceMap | None]


def parse_file(model: type[M], rel: str, content: bytes | OSError) -> Parsed:
    """Stage 1 for one file, a pure function of its bytes (or of the error that reading it raised):
    read strictly, validated against `model`."""
    doc = unreadable(rel, content) if isinstance(content, OSError) else parse_yaml(content, rel, lazy=True)
    obj, diags = _build(model, doc)
    if isinstance(content, OSError):
        return obj, diags, "", None if obj is None else obj._source
    return obj, diags, doc.source.header, None if obj is None or obj._source.is_lazy else obj._source


def _stored(parsed: Parsed) -> Parsed:
    """`parsed` as cached: the model's source map is kept apart (a lazy one is rebuilt from the
    file's bytes, which the cache does not store again)."""
    obj = parsed[0]
    if obj is None:
        return parsed
    copy = obj.model_copy()
    copy._source = None
    return (copy, *parsed[1:])


def _valid(model: type[M], value) -> bool:
    """A cached value of the expected shape."""
    if not (isinstance(value, tuple) and len(value) == 4):
        return False
    obj, diags, header, source = value
    return ((obj is None or type(obj) is model) and isinstance(diags, list)
            and all(type(d) is Diagnostic for d in diags) and isinstance(header, str)
            and (source is None or isinstance(source, SourceMap))
            and not (obj is None and not diags))


def _work(model: type[M]) -> FileWork:
    return FileWork(f"load:{model.__name__}", partial(parse_file, model), _stored, partial(_valid, model))


def _attach(rel: str, raw: bytes | None, parsed: Parsed) -> tuple[Located | None, list[Diagnostic]]:
    obj, diags, header, source = parsed
    if obj is not None:
        obj._source = source if source is not None else SourceMap.lazy(rel, raw, header)
    return obj, diags


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


def load(root: Path, cache: bool | None = None, memo: Memo = NO_MEMO) -> LoadResult:
    """Read the registry, every criteria set and every score file under `root`.

    Each file is `parse_file`d through `generator.machinery.map_files`: files whose bytes are
    unchanged since an earlier run come from the content-hash cache under build/cache
    (`cache=False` or `PARPORTAL_CACHE=0`: off), large sets are read in worker processes, and
    `memo` (serve) skips files unchanged since its last build; the objects and diagnostics are
    the same as reading every file here."""
    with no_gc():
        return _load(root, DataCache(root, cache), memo)


def _read(root: Path, rels: list[str], model: type[M], cache: DataCache, memo: Memo,
          store: list, digests: dict[str, str], partial: list[Located]) -> tuple[list[M], list[Diagnostic]]:
    """`rels` read in order: the model objects, the diagnostics; each object's content key goes
    into `digests` (what later stages' caches and memo keys are made of). A file read in part
    (it has diagnostics) goes into `partial` instead."""
    objs: list[M] = []
    diags: list[Diagnostic] = []
    for done in map_files(_work(model), root, rels, cache, store, memo, PARALLEL_MIN_FILES):
        obj, found = _attach(done.rel, done.raw, done.value)
        diags.extend(found)
        if obj is not None and found:
            partial.append(obj)
        elif obj is not None:
            objs.append(obj)
            if done.key is not None:
                digests[obj.path] = done.key
    return objs, diags


def _load(root: Path, cache: DataCache, memo: Memo) -> LoadResult:
    criteria_rels, score_rels, agency_rels, diags = discover_all(root)
    own_content = os.path.lexists(root / paths.CONTENT_DIR)
    content = root if own_content else paths.ROOT  # as render picks it
    content_rels = files.walk(content, paths.CONTENT_DIR)[0]
    diags += content_diagnostics(content, content_rels)
    digests: dict[str, str] = {}
    store: list[tuple[str, str, bytes]] = []  # new cache entries, stored together at the end
    registry: Registry | None = None
    partial: list[Located] = []
    if registry_present(root):
        found_registry, found = _read(root, [paths.REGISTRY_FILE], Registry, cache, NO_MEMO, store, digests, partial)
        registry = found_registry[0] if found_registry else None
        diags.extend(found)
    elif not any(d.rule == files.NOT_REGULAR and d.path in (paths.SCORES_DIR, paths.REGISTRY_FILE) for d in diags):
        diags.append(Diagnostic(paths.REGISTRY_FILE, 1, 1, "layout.missing-registry",
                                "Thiếu danh mục đơn vị scores/units.yaml.",
                                "The unit registry scores/units.yaml is missing.",
                                "Tạo tệp danh mục nhóm và đơn vị.", "Create the registry of groups and units."))
    sets, found = _read(root, criteria_rels, CriteriaSet, cache, memo, store, digests, partial)
    diags.extend(found)
    scores, found = _read(root, score_rels, ScoreFile, cache, memo, store, digests, partial)
    diags.extend(found)
    round_rels = [rel for rel in agency_rels if rel.endswith("/" + ROUND_FILE)]
    agency_files, found = _read(root, [rel for rel in agency_rels if rel not in round_rels], AgencyFile, cache, memo,
                                store, digests, partial)
    diags.extend(found)
    rounds, found = _read(root, round_rels, Round, cache, memo, store, digests, partial)
    diags.extend(found)
    cache.put_blobs(store)
    # Boundary files speak of the data's own units: never borrowed from the checkout's content/.
    maps, found = boundary_maps(root, content_rels if own_content else [], registry, scores)
    diags.extend(found)
    if any(d.rule == "schema.format" for d in diags):
        known = registry or next((p for p in partial if isinstance(p, Registry)), None)
        diags = name_hints(root, diags, known)
    dataset = Dataset(
        root=root,
        registry=registry,
        criteria_sets=tuple(sorted(sets, key=lambda c: (c.group, c.year))),
        score_files=tuple(sorted(scores, key=lambda s: (s.year, s.group, s.unit, s.path))),
        agency_files=tuple(sorted(agency_files, key=lambda a: (a.year, a.group, a.path))),
        rounds=tuple(sorted(rounds, key=lambda r: (r.year, r.path))),
        files=tuple(sorted([paths.REGISTRY_FILE, *criteria_rels, *score_rels, *agency_rels])),
        digests=digests,
        maps=tuple(maps),
    )
    return LoadResult(dataset, diags, tuple(partial))
