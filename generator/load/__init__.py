"""Stage 1, load: find the data files, read them strictly, and build typed model objects.

Returns a `Dataset` of everything that could be read plus the diagnostics of what could not.
The layout is fixed: `scores/units.yaml`, `criteria/<group>/<year>.yaml`,
`scores/<year>/<group>/<unit>.yaml`.

Owns the strict YAML reader (`yamlsource`, `yamllines`: line and column of every value), the
model (`model`), its schema messages (`schema_messages`) and the `Dataset`. Imports `core` and
`machinery` only.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from generator import machinery
from generator.core import paths
from generator.core.diagnostics import Diagnostic
from generator.load.model import CriteriaSet, Criterion, Located, Registry, ScoreFile, Unit
from generator.load.schema_messages import schema_diagnostics
from generator.load.yamlsource import SourceMap, YamlDocument, parse_yaml, read_yaml
from generator.machinery import NO_MEMO, DataCache, Memo, fork_map, workers_for

M = TypeVar("M", bound=Located)


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one checkout, in a stable order."""

    root: Path
    registry: Registry | None
    criteria_sets: tuple[CriteriaSet, ...]
    score_files: tuple[ScoreFile, ...]
    files: tuple[str, ...] = field(default=())  # every data file seen, repo-relative
    # Repo-relative path -> content key (`datacache.DataCache.key`: code, path and exact bytes)
    # of each loaded file: what the validate stage's cache is keyed by.
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

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

    # Content keys of what a result was computed from (for `generator.memo`); None when a file
    # has no content key, which a memo never looks up.
    def key_of(self, *rels: str) -> tuple[str, ...] | None:
        keys = tuple(self.digests.get(rel) for rel in rels)
        return None if None in keys else keys

    def unit_year_key(self, sf: ScoreFile) -> tuple[str, ...] | None:
        """The files one unit-year's results come from: its score file, criteria set and the registry."""
        return self.unit_year_keys.get(sf.path)

    @cached_property
    def unit_year_keys(self) -> dict[str, tuple[str, ...] | None]:
        """`unit_year_key` of every score file, by its path."""
        out = {}
        for sf in self.score_files:
            cs = self.set_for(sf.group, sf.year)
            out[sf.path] = self.key_of(sf.path, cs.path, paths.REGISTRY_FILE) if cs else None
        return out

    @cached_property
    def year_group_keys(self) -> dict[tuple[int, str], tuple | None]:
        """Per (year, group): the `unit_year_key` of each of its score files (None if one has none)."""
        found: dict[tuple[int, str], list] = {}
        for sf in self.score_files:
            found.setdefault((sf.year, sf.group), []).append(self.unit_year_keys[sf.path])
        return {yg: None if None in keys else tuple(keys) for yg, keys in found.items()}


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
    if isinstance(obj, ScoreFile):
        obj = obj.stored()  # the lean form of the entries (model.StoredEntry)
    obj._source = doc.source
    return obj, []


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class _Read:
    """One file read: its bytes (None: unreadable), content key, the result `(model object,
    diagnostics, first line, source map or None when it is worked out again from the bytes)`,
    that result pickled as a cache entry (`blob`), and whether the entry is new (`fresh`: store it)."""

    rel: str
    raw: bytes | None
    key: str
    result: tuple | None
    blob: bytes | None
    fresh: bool


def _read_files(root: Path, rels: list[str], model: type[M], cache: DataCache,
                store: list[tuple[str, str, bytes]] | None, packed: bool = False) -> list[_Read]:
    """Read, parse and validate files, or take them from the cache (one lookup for them all);
    new cache entries are added to `store` (stored together at the end of the stage). With
    `packed` (in a worker process) every result is pickled as a cache entry, and a cache hit is
    passed on as stored, unchecked and with no result (the parent checks it, as it checks
    everything a worker sends)."""
    raws: dict[str, bytes | None] = {}
    for rel in rels:
        try:
            raws[rel] = (root / rel).read_bytes()
        except OSError:
            raws[rel] = None
    keys = {rel: _key_of(model, rel, raw) for rel, raw in raws.items()}
    slots = {rel: _slot_of(model, rel) for rel in rels}
    stored = cache.get_blobs({slots[rel]: keys[rel] for rel in rels if raws[rel] is not None})
    found = [_read_one(root, rel, model, raws[rel], keys[rel], stored.get(slots[rel]), packed, cache.enabled)
             for rel in rels]
    if store is not None:
        store.extend((slots[got.rel], got.key, got.blob) for got in found if got.fresh)
    return found


def _read_one(root: Path, rel: str, model: type[M], raw: bytes | None, key: str, stored: bytes | None,
              packed: bool, caching: bool) -> _Read:
    if raw is None:
        obj, diags = _build(model, read_yaml(root / rel, rel, lazy=True))
        result = (obj, diags, "", None if obj is None else obj._source)
        return _Read(rel, None, key, result, machinery.pack(key, _without_source(result)) if packed else None, False)
    if stored is not None:
        if packed:
            return _Read(rel, raw, key, None, stored, False)
        found = _checked(machinery.unpack(stored, key), model)
        if found is not None:
            return _Read(rel, raw, key, found, None, False)
    doc = parse_yaml(raw, rel, lazy=True)
    obj, diags = _build(model, doc)
    result = (obj, diags, doc.source.header, None if obj is None or obj._source.is_lazy else obj._source)
    blob = machinery.pack(key, _without_source(result)) if packed or caching else None
    return _Read(rel, raw, key, result, blob, caching)


def _without_source(result: tuple) -> tuple:
    """`result` as stored: the model's source map is kept apart (a lazy one is rebuilt from the
    file's bytes, which the cache does not store again)."""
    obj = result[0]
    if obj is None:
        return result
    copy = obj.model_copy()
    copy._source = None
    return (copy, *result[1:])


def _checked(value, model: type[M]) -> tuple | None:
    """A cached result if it has the expected shape, else None (a miss)."""
    if not (isinstance(value, tuple) and len(value) == 4):
        return None
    obj, diags, header, source = value
    if not ((obj is None or type(obj) is model) and isinstance(diags, list)
            and all(type(d) is Diagnostic for d in diags) and isinstance(header, str)
            and (source is None or isinstance(source, SourceMap))):
        return None
    if obj is None and not diags:
        return None
    return value


def _attach(rel: str, raw: bytes | None, result: tuple) -> tuple[Located | None, list[Diagnostic]]:
    obj, diags, header, source = result
    if obj is not None:
        obj._source = source if source is not None else SourceMap.lazy(rel, raw, header)
    return obj, diags


def _read_chunk(work: tuple[Path, type, DataCache], rels: list[str]) -> list[tuple[bytes | None, bytes, bool]]:
    """In a worker process: each file's bytes, its result pickled as a cache entry (model
    objects and plain data, pickled once; the parent checks each as it checks a cache entry)
    and whether that entry is new."""
    root, model, cache = work
    return [(r.raw, r.blob, r.fresh) for r in _read_files(root, rels, model, cache, None, packed=True)]


def _key_of(model: type, rel: str, raw: bytes | None) -> str:
    return DataCache.key(f"load:{model.__name__}", rel, raw if raw is not None else b"\0unreadable")


def _slot_of(model: type, rel: str) -> str:
    return f"load:{model.__name__}\0{rel}"


def _read_all(root: Path, rels: list[str], model: type[M], cache: DataCache, digests: dict[str, str],
              memo: Memo, store: list[tuple[str, str, bytes]]) -> tuple[list[M], list[Diagnostic]]:
    """Read `rels` in order. Parsing holds the GIL (threads gave no measurable gain), so large
    sets of files are read in forked worker processes, which also validate against the model
    and send the model objects back pickled; files already in the cache are not parsed. New
    cache entries are added to `store`."""
    objs: list[M] = []
    diags: list[Diagnostic] = []

    def keep(obj, found, key: str | None) -> None:
        diags.extend(found)
        if obj is not None:
            objs.append(obj)
            if key is not None:
                digests[obj.path] = key

    # serve: a file whose inode, size and times are as in the last build has the bytes it had
    # (taken before reading: an edit while reading shows as a change next time)
    stats = {rel: _stat_key(root / rel) for rel in rels} if memo is not NO_MEMO else {}

    def read(rel: str) -> tuple[bytes | None, str | None]:
        try:
            raw = (root / rel).read_bytes()
        except OSError:
            return None, None
        return raw, _key_of(model, rel, raw)

    def keep_bytes(rel: str, raw: bytes | None, key: str | None) -> None:
        memo.get("file", stats.get(rel), lambda: (raw, key))

    if memo.warm:  # serve, after its first build: read only the files whose bytes changed
        for rel in rels:
            raw, key = memo.get("file", stats[rel], lambda rel=rel: read(rel))
            result = memo.get("load", key, lambda rel=rel: _read_files(root, [rel], model, cache, store)[0].result)
            keep(*_attach(rel, raw, result), key)
        return objs, diags
    workers = workers_for(len(rels), PARALLEL_MIN_FILES)
    if workers <= 1:
        for got in _read_files(root, rels, model, cache, store):
            key = None if got.raw is None else got.key
            keep_bytes(got.rel, got.raw, key)
            keep(*_attach(got.rel, got.raw, memo.get("load", key, lambda: got.result)), key)
        return objs, diags
    size = max(16, min(256, len(rels) // (workers * 8)))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    for names, part in zip(chunks, fork_map(_read_chunk, (root, model, cache), chunks, workers)):
        for rel, (raw, blob, fresh) in zip(names, part):
            key = _key_of(model, rel, raw)
            result = _checked(machinery.unpack(blob, key), model)
            if result is None:  # a damaged cache entry: read the file here (and store it again)
                got = _read_files(root, [rel], model, cache, store)[0]
                raw, key, result = got.raw, got.key, got.result
            elif fresh:
                store.append((_slot_of(model, rel), key, blob))
            key = None if raw is None else key
            keep_bytes(rel, raw, key)
            keep(*_attach(rel, raw, memo.get("load", key, lambda: result)), key)
    return objs, diags


def _stat_key(path: Path) -> tuple | None:
    """What changes when a file is written (None: no such file, or unreadable)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


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

    Files whose bytes are unchanged since an earlier run are taken from the content-hash cache
    under build/cache/data (`generator.datacache`; `cache=False` or `PARPORTAL_CACHE=0`: off),
    with the same objects and diagnostics as reading them."""
    with no_gc():
        return _load(root, DataCache(root, cache), memo)


def _load(root: Path, cache: DataCache, memo: Memo) -> LoadResult:
    criteria_rels, score_rels, diags = discover(root)
    digests: dict[str, str] = {}
    store: list[tuple[str, str, bytes]] = []  # new cache entries, stored together at the end
    registry: Registry | None = None
    if (root / paths.REGISTRY_FILE).is_file():
        got = _read_files(root, [paths.REGISTRY_FILE], Registry, cache, store)[0]
        registry, found = _attach(got.rel, got.raw, got.result)
        diags.extend(found)
        if registry is not None and got.raw is not None:
            digests[paths.REGISTRY_FILE] = got.key
    else:
        diags.append(Diagnostic(paths.REGISTRY_FILE, 1, 1, "layout.missing-registry",
                                "Thiếu danh mục đơn vị scores/units.yaml.",
                                "The unit registry scores/units.yaml is missing.",
                                "Tạo tệp danh mục nhóm và đơn vị.", "Create the registry of groups and units."))
    sets, found = _read_all(root, criteria_rels, CriteriaSet, cache, digests, memo, store)
    diags.extend(found)
    scores, found = _read_all(root, score_rels, ScoreFile, cache, digests, memo, store)
    diags.extend(found)
    cache.put_blobs(store)
    dataset = Dataset(
        root=root,
        registry=registry,
        criteria_sets=tuple(sorted(sets, key=lambda c: (c.group, c.year))),
        score_files=tuple(sorted(scores, key=lambda s: (s.year, s.group, s.unit, s.path))),
        files=tuple(sorted([paths.REGISTRY_FILE, *criteria_rels, *score_rels])),
        digests=digests,
    )
    return LoadResult(dataset, diags)
