"""The content-hash cache of per-file work (generator/machinery/datacache.py) and the other data-stage
shortcuts: each must give exactly what the plain way gives."""
from __future__ import annotations

import dataclasses
import inspect
import os
import pickle
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from generator import load as load_module
from generator.compute import compute
from generator.compute.types import CriterionResult, CriterionSpec
from generator.core.diagnostics import sort_diagnostics
from generator.load import load
from generator.load.model import ScoreEntry, ScoreFile, StoredEntry
from generator.load.yamlsource import parse_yaml
from generator.machinery import datacache
from generator.validate import validate, validate_for_publication
from generator.validate.rules import RULES
from tests.conftest import MINI, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"


def _copy(tmp_path: Path, name: str = "data") -> Path:
    target = tmp_path / name
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("build"))
    return target


def _everything(root: Path, cache: bool):
    """Diagnostics, models, source positions and results; `cache` on or off for every stage."""
    before = os.environ.get("PARPORTAL_CACHE")
    os.environ["PARPORTAL_CACHE"] = "1" if cache else "0"
    try:
        loaded = load(root)
        ds = loaded.dataset
        diags = sort_diagnostics(loaded.diagnostics + validate(ds))
    finally:
        if before is None:
            del os.environ["PARPORTAL_CACHE"]
        else:
            os.environ["PARPORTAL_CACHE"] = before
    models = [repr(x) for x in (ds.registry, *ds.criteria_sets, *ds.score_files)]
    sources = [(x.path, x.source.header, x.source.values, x.source.keys) for x in (ds.registry, *ds.criteria_sets, *ds.score_files)]
    results = compute(ds) if not any(d.is_error for d in diags) else None
    return diags, models, sources, results


def _entries(root: Path) -> list[tuple[str, str, bytes]]:
    """Every (slot, key, blob) in the cache's database."""
    file = root / "build/cache" / datacache.DATABASE
    if not file.is_file():
        return []
    with closing(sqlite3.connect(file)) as db:
        return sorted(db.execute("SELECT slot, key, blob FROM entry"))


def _damage(root: Path, entries, damage) -> None:
    with closing(sqlite3.connect(root / "build/cache" / datacache.DATABASE)) as db, db:
        db.executemany("UPDATE entry SET blob = ? WHERE slot = ?", [(damage(blob), slot) for slot, _, blob in entries])


def test_cold_warm_and_no_cache_give_the_same(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    plain = _everything(root, cache=False)
    assert not _entries(root)
    cold = _everything(root, cache=True)
    assert _entries(root)
    warm = _everything(root, cache=True)
    assert plain == cold == warm
    assert plain[3] is not None


def test_cache_with_errors_gives_the_same_diagnostics(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    mutate(root, S23, "stage: final", "stage: [final")            # a YAML error
    mutate(root, "scores/2022/so-nganh/so-noi-vu.yaml", "scores:\n", "scores:\n  \"9.9\": {self: 1}\n")  # a rule error
    plain = _everything(root, cache=False)
    assert any(d.is_error for d in plain[0])
    assert _everything(root, cache=True) == plain
    assert _everything(root, cache=True) == plain


def test_one_edited_file_is_read_again_and_only_it(tmp_path: Path, monkeypatch) -> None:
    root = _copy(tmp_path)
    load(root, cache=True)
    parsed: list[str] = []
    real = load_module.parse_yaml

    def counting(raw, shown, lazy=False):
        parsed.append(shown)
        return real(raw, shown, lazy)

    monkeypatch.setattr(load_module, "parse_yaml", counting)
    load(root, cache=True)
    assert parsed == []
    text = (root / S23).read_text(encoding="utf-8")
    (root / S23).write_text(text.replace("stage: final", "stage: appraised"), encoding="utf-8")
    edited = load(root, cache=True)
    assert parsed == [S23]
    assert [sf.stage for sf in edited.dataset.score_files if sf.path == S23] == ["appraised"]
    monkeypatch.setattr(load_module, "parse_yaml", real)
    assert _everything(root, cache=True) == _everything(root, cache=False)


@pytest.mark.parametrize("damage", [
    lambda b: b"",                       # empty
    lambda b: b[: len(b) // 2],          # truncated
    lambda b: b"\x80\x05garbage" + b,    # not a pickle
    lambda b: pickle.dumps(("parportal-data-cache-1", "0" * 64, (None, [], "", None))),  # another key
    lambda b: pickle.dumps(("parportal-data-cache-1", None, 42)),                         # wrong shape
])
def test_damaged_entries_are_ignored_and_replaced(tmp_path: Path, damage) -> None:
    root = _copy(tmp_path)
    plain = _everything(root, cache=False)
    _everything(root, cache=True)
    entries = _entries(root)
    _damage(root, entries, damage)
    assert _everything(root, cache=True) == plain
    assert _entries(root) == entries  # and the entries were written again
    assert _everything(root, cache=True) == plain


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100])
def test_a_damaged_database_is_a_miss_and_is_started_afresh(tmp_path: Path, damage: bytes) -> None:
    root = _copy(tmp_path)
    plain = _everything(root, cache=False)
    _everything(root, cache=True)
    entries = _entries(root)
    datacache.close_connections()  # damaged in place, as the next process (a new build) finds it
    (root / "build/cache" / datacache.DATABASE).write_bytes(damage)
    for name in ("-wal", "-shm"):
        (root / "build/cache" / (datacache.DATABASE + name)).unlink(missing_ok=True)
    assert _everything(root, cache=True) == plain
    assert _entries(root) == entries


def test_a_locked_database_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    """Another process holding the database (a `serve` storing beside a `build`): the store gives
    up after a while and nothing is lost or started afresh."""
    root = _copy(tmp_path)
    plain = _everything(root, cache=False)
    _everything(root, cache=True)
    entries = _entries(root)
    monkeypatch.setattr(datacache, "_BUSY_SECONDS", 0.1)
    datacache.close_connections()  # opened again with the shorter wait
    with closing(sqlite3.connect(root / "build/cache" / datacache.DATABASE, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        mutate(root, S23, "stage: final", "stage: appraised")
        edited = _everything(root, cache=True)  # its stores wait, then give up
        other.execute("ROLLBACK")
    assert edited == _everything(root, cache=False) and edited != plain
    assert _entries(root) == entries  # the stores gave up: nothing lost, nothing started afresh
    assert _everything(root, cache=True) == edited
    assert [(slot, key) for slot, key, _ in _entries(root)] != [(slot, key) for slot, key, _ in entries]  # stored now
    mutate(root, S23, "stage: appraised", "stage: final")
    _everything(root, cache=True)
    assert _entries(root) == entries


def _inherited(parent: int) -> bool:
    return any(key[0] == parent for key in datacache._OPEN)


def test_no_connection_crosses_a_fork(tmp_path: Path) -> None:
    """Connections stay open in the process that opened them, but a forked child never holds one
    of its parent's (SQLite forbids using a connection across fork()); both go on using the cache."""
    import multiprocessing
    root = _copy(tmp_path)
    _everything(root, cache=True)
    cache = datacache.DataCache(root, True)
    cache.put("test\0a", "k", ("value", 1))
    assert _inherited(os.getpid())
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_inherited, (os.getpid(),)) is False
        assert pool.apply(cache.get, ("test\0a", "k")) == ("value", 1)
    assert cache.get("test\0a", "k") == ("value", 1)


def test_an_edited_file_replaces_its_entries(tmp_path: Path) -> None:
    """One entry per file and kind of work: the cache does not grow with every edit."""
    root = _copy(tmp_path)
    _everything(root, cache=True)
    first = _entries(root)
    mutate(root, S23, "stage: final", "stage: appraised")
    assert _everything(root, cache=True) == _everything(root, cache=False)
    edited = _entries(root)
    assert [slot for slot, _, _ in edited] == [slot for slot, _, _ in first]
    changed = {slot for (slot, key, _), (_, old, _) in zip(edited, first) if key != old}
    assert f"load:ScoreFile\0{S23}" in changed and any(s.startswith("validate:") for s in changed)
    assert all(s.endswith(f"\0{S23}") for s in changed)
    mutate(root, S23, "stage: appraised", "stage: final")
    _everything(root, cache=True)
    assert [(slot, key) for slot, key, _ in _entries(root)] == [(slot, key) for slot, key, _ in first]


def test_an_entry_of_the_right_shape_but_for_other_bytes_is_not_used(tmp_path: Path) -> None:
    """A key names the file's exact bytes, path and the code: an entry is found only by them."""
    root = _copy(tmp_path)
    load(root, cache=True)
    raw = (root / S23).read_bytes()
    key = datacache.DataCache.key("load:ScoreFile", S23, raw)
    slot = f"load:ScoreFile\0{S23}"
    assert datacache.DataCache(root).get(slot, key) is not None
    assert datacache.DataCache(root).get(slot, datacache.DataCache.key("load:ScoreFile", S23, raw + b"\n")) is None
    assert datacache.DataCache.key("load:ScoreFile", S23, raw + b"\n") != key
    assert datacache.DataCache.key("load:ScoreFile", "scores/2023/so-nganh/x.yaml", raw) != key
    assert datacache.DataCache.key("load:CriteriaSet", S23, raw) != key


def test_salt_changes_with_the_code(monkeypatch) -> None:
    before = datacache.DataCache.key("k", "a.yaml", b"x")
    monkeypatch.setattr(datacache, "SALT", b"other code")
    assert datacache.DataCache.key("k", "a.yaml", b"x") != before


def test_cache_off_by_environment(tmp_path: Path, monkeypatch) -> None:
    root = _copy(tmp_path)
    monkeypatch.setenv("PARPORTAL_CACHE", "0")
    load(root)
    validate(load(root).dataset)
    assert not _entries(root)


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "build").write_text("a file where the cache folder would go", encoding="utf-8")
    assert _everything(root, cache=True) == _everything(root, cache=False)


def test_parallel_load_with_cache_matches_serial(tmp_path: Path, monkeypatch) -> None:
    root = _copy(tmp_path)
    serial = _everything(root, cache=False)
    monkeypatch.setattr(load_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setenv("PARPORTAL_WORKERS", "2")
    assert _everything(root, cache=True) == serial   # workers, cold
    assert _everything(root, cache=True) == serial   # workers, every entry a hit
    _damage(root, _entries(root)[::2], lambda blob: b"damaged")
    assert _everything(root, cache=True) == serial   # workers, some entries damaged


def test_canonical_rule_is_cached_and_gives_the_same(tmp_path: Path, monkeypatch) -> None:
    from generator.validate.rules import file_canonical
    root = _copy(tmp_path)
    mutate(root, S23, "stage: final", "stage:   final")  # not canonical: a warning
    ds = load(root, cache=False).dataset
    plain = validate(ds)
    assert any(d.rule == "file.canonical" for d in plain)
    monkeypatch.setenv("PARPORTAL_CACHE", "1")
    assert validate(ds) == plain
    calls: list[str] = []
    real = file_canonical._check
    monkeypatch.setattr(file_canonical, "_check", lambda obj, raw: calls.append(obj.path) or real(obj, raw))
    assert validate(ds) == plain
    assert calls == []


def test_build_validation_skips_style_rules_only_when_nothing_is_printed(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    mutate(root, S23, "stage: final", "stage:   final")  # a style warning only
    loaded = load(root, cache=False)
    full = validate(loaded.dataset)
    assert [d.rule for d in full] == ["file.canonical"]
    assert validate_for_publication(loaded.dataset) == []  # nothing blocks, nothing is printed
    assert validate_for_publication(loaded.dataset, known_errors=True) == full
    mutate(root, "scores/2022/so-nganh/so-noi-vu.yaml", "scores:\n", "scores:\n  \"9.9\": {self: 1}\n")
    loaded = load(root, cache=False)
    assert validate_for_publication(loaded.dataset) == validate(loaded.dataset)
    assert {r.id for r in RULES if r.style} == {"file.canonical", "file.schema-line", "text.invisible-character"}


def test_stored_entries_read_compare_and_print_as_score_entries(tmp_path: Path) -> None:
    ds = load(_copy(tmp_path), cache=False).dataset
    sf = next(s for s in ds.score_files if s.path == S23)
    raw = ScoreFile.model_validate(parse_yaml((MINI / S23).read_bytes(), S23).data)
    assert all(type(e) is StoredEntry for e in sf.scores.values())
    for cid, model_entry in raw.scores.items():
        stored = sf.scores[cid]
        assert stored == model_entry and repr(stored) == repr(model_entry)
        for name in ScoreEntry.model_fields:
            assert getattr(stored, name) == getattr(model_entry, name)
    assert pickle.loads(pickle.dumps(sf)) == sf
    assert StoredEntry.of(ScoreEntry(self=Decimal("0.5"))) != StoredEntry.of(ScoreEntry(self=Decimal("1")))


def test_result_classes_keep_their_dataclass_signature_and_stay_frozen() -> None:
    params = list(inspect.signature(CriterionResult).parameters)
    assert params == [f.name for f in dataclasses.fields(CriterionResult)]
    made = CriterionResult(CriterionSpec("1", "n", 0, None, True, "manual", "appraised", Decimal(1), None), Decimal(1),
                           True, True, None, None, None, status="done")
    assert made.status == "done" and made.evidence == () and made.reason is None
    assert (made.id, made.name, made.depth, made.is_leaf, made.rule, made.nominal_max) == ("1", "n", 0, True, "manual", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.points = Decimal(2)  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):  # what the set says is read-only too
        made.id = "2"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == made


def test_validation_cache_follows_the_criteria_sets_and_the_registry(tmp_path: Path) -> None:
    """A score file's per-file diagnostics depend on its criteria set and the registry: a change
    there must not be answered from the cache."""
    root = _copy(tmp_path)
    assert _everything(root, cache=True) == _everything(root, cache=False)
    _everything(root, cache=True)  # every entry written
    # the step of 1.1 becomes 1: the appraised 1.5 in so-noi-vu 2023 is now off the step
    mutate(root, "criteria/so-nganh/2023.yaml", "rule: {type: manual, step: 0.5}\n        evidence: Kế hoạch CCHC năm",
           "rule: {type: manual, step: 1}\n        evidence: Kế hoạch CCHC năm")
    plain = _everything(root, cache=False)
    assert any(d.rule == "scores.value" and d.path == S23 for d in plain[0])
    assert _everything(root, cache=True) == plain
    registry = (root / "scores/units.yaml").read_text(encoding="utf-8")
    (root / "scores/units.yaml").write_text(registry.replace("id: so-noi-vu", "id: so-noi-vu-2"), encoding="utf-8")
    plain = _everything(root, cache=False)
    assert any(d.path == S23 and d.rule.startswith("scores.") for d in plain[0])
    assert _everything(root, cache=True) == plain
