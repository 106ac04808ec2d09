"""`generator.machinery.map_files`: a pure per-file function gives the same values whether it runs
here, in worker processes, from the cache or from the memo, and runs only where it must."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.machinery import DataCache, FileWork, Memo, map_files, pack

CALLS: list[str] = []


def _count_lines(rel: str, content: bytes | OSError):
    CALLS.append(rel)
    if isinstance(content, OSError):
        return ("unreadable", rel)
    return ("lines", rel, content.count(b"\n"))


WORK = FileWork("test:lines", _count_lines, lambda value: value,
                lambda value: isinstance(value, tuple) and value[:1] in (("lines",), ("unreadable",)))


def _tree(tmp_path: Path, n: int) -> tuple[Path, list[str]]:
    rels = [f"data/{i:03}.yaml" for i in range(n)]
    for i, rel in enumerate(rels):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n" * (i % 7))
    return tmp_path, rels + ["data/missing.yaml"]


def _plain(root: Path, rels: list[str]) -> list:
    return [("unreadable", rel) if not (root / rel).exists() else ("lines", rel, (root / rel).read_bytes().count(b"\n"))
            for rel in rels]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_same_values_cold_and_from_the_cache(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("PARPORTAL_WORKERS", workers)
    root, rels = _tree(tmp_path, 40)
    cache = DataCache(root, True)
    store: list = []
    cold = map_files(WORK, root, rels, cache, store, parallel_from=10)
    assert [d.value for d in cold] == _plain(root, rels)
    assert [d.key is None for d in cold] == [rel.endswith("missing.yaml") for rel in rels]
    assert len(store) == 40, "every readable file stored once, the unreadable one never"
    cache.put_blobs(store)
    CALLS.clear()
    store = []
    warm = map_files(WORK, root, rels, cache, store, parallel_from=10)
    assert [d.value for d in warm] == _plain(root, rels)
    assert [d.key for d in warm] == [d.key for d in cold]
    if workers == "1":
        assert CALLS == ["data/missing.yaml"], "only the file the cache cannot hold is done again"
    assert store == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_damaged_or_misshapen_entry_is_done_again(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("PARPORTAL_WORKERS", workers)
    root, rels = _tree(tmp_path, 20)
    cache = DataCache(root, True)
    store: list = []
    map_files(WORK, root, rels, cache, store, parallel_from=10)
    cache.put_blobs([(slot, key, b"damaged") for slot, key, _ in store[0::4]]
                    + [(slot, key, pack(key, "another shape")) for slot, key, _ in store[2::4]] + store[1::2])
    again: list = []
    assert [d.value for d in map_files(WORK, root, rels, cache, again, parallel_from=10)] == _plain(root, rels)
    assert len(again) == 10, "the damaged entries are stored again"


def test_serve_reads_only_the_files_that_changed(tmp_path):
    root, rels = _tree(tmp_path, 10)
    cache = DataCache(root, False)
    memo = Memo()
    memo.start_build()
    first = map_files(WORK, root, rels, cache, [], memo)
    memo.start_build()
    assert memo.warm
    (root / rels[3]).write_text("changed\n" * 9)
    CALLS.clear()
    second = map_files(WORK, root, rels, cache, [], memo)
    assert CALLS == [rels[3], "data/missing.yaml"], "the edited file, and the unreadable one (no key to keep it by)"
    assert second[3].value == ("lines", rels[3], 9)
    assert [d.value for i, d in enumerate(second) if i != 3] == [d.value for i, d in enumerate(first) if i != 3]
