"""A pure function of one file's bytes, mapped over many files, with everything that makes that
fast: the content-hash cache (one lookup for all the files, new entries stored by the caller at
the end of its stage), the memo of `parportal serve` (a file whose inode, size and times are
unchanged is not even read again) and forked worker processes for large sets (parsing holds the
GIL; threads gave no measurable gain).

The stage says what to do to a file (`FileWork`); this module decides where it runs and
whether it runs at all. The value is the same either way: a cache entry is used only when it
unpickles with the right key and `FileWork.valid` accepts its shape, else the file is done again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.files import read_regular
from generator.machinery.datacache import DataCache, pack, unpack
from generator.machinery.forking import fork_map, workers_for
from generator.machinery.memo import NO_MEMO, Memo

Entry = tuple[str, str, bytes]  # (slot, key, blob) of `DataCache.put_blobs`


@dataclass(frozen=True)
class FileWork:
    """What a stage does to each file.

    `kind` names the work in the cache (entries are keyed by it, the path and the bytes);
    `run(rel, content)` is the pure work, `content` the file's bytes or the `OSError` that reading
    it raised (a value for an unreadable file is never cached); `stored(value)` is the picklable
    form kept in the cache and sent back by workers; `valid(stored)` accepts a cache entry of the
    expected shape. A value the caller gets is either `run`'s or a `stored` form."""

    kind: str
    run: Callable[[str, bytes | OSError], Any]
    stored: Callable[[Any], Any]
    valid: Callable[[Any], bool]

    def key(self, rel: str, raw: bytes | None) -> str:
        return DataCache.key(self.kind, rel, raw if raw is not None else b"\0unreadable")

    def slot(self, rel: str) -> str:
        return f"{self.kind}\0{rel}"


@dataclass(frozen=True)
class FileDone:
    """One file's outcome: its bytes (None: unreadable), content key (None: unreadable) and value."""

    rel: str
    raw: bytes | None
    key: str | None
    value: Any


def map_files(work: FileWork, root: Path, rels: list[str], cache: DataCache, store: list[Entry],
              memo: Memo = NO_MEMO, parallel_from: int = 400) -> list[FileDone]:
    """`work` done to each of `rels` (repo-relative, under `root`), in order. New cache entries
    are added to `store`; `parallel_from` files and more are done in worker processes."""
    # serve: a file whose inode, size and times are as in the last build has the bytes it had
    # (taken before reading: an edit while reading shows as a change next time)
    stats = {rel: _stat_key(root / rel) for rel in rels} if memo is not NO_MEMO else {}

    def done(rel: str, raw: bytes | None, key: str, value: Callable[[], Any]) -> FileDone:
        key = None if raw is None else key
        memo.get("file", stats.get(rel), lambda: (raw, key))
        return FileDone(rel, raw, key, memo.get("load", key, value))

    if memo.warm:  # serve, after its first build: read only the files whose bytes changed
        found = []
        for rel in rels:
            raw, key = memo.get("file", stats[rel], lambda rel=rel: _read_key(work, root / rel, rel))
            value = memo.get("load", key, lambda rel=rel: _do(work, root, [rel], cache, store)[0].value)
            found.append(FileDone(rel, raw, key, value))
        return found
    workers = workers_for(len(rels), parallel_from)
    if workers <= 1:
        return [done(got.rel, got.raw, got.key, lambda got=got: got.value) for got in _do(work, root, rels, cache, store)]
    found = []
    size = max(16, min(256, len(rels) // (workers * 8)))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    for names, part in zip(chunks, fork_map(_do_chunk, (work, root, cache), chunks, workers)):
        for rel, (raw, blob, fresh) in zip(names, part):
            key = work.key(rel, raw)
            value = _valid(work, unpack(blob, key))
            if value is None:  # a damaged cache entry: done here (and stored again)
                got = _do(work, root, [rel], cache, store)[0]
                raw, key, value = got.raw, got.key, got.value
            elif fresh:
                store.append((work.slot(rel), key, blob))
            found.append(done(rel, raw, key, lambda value=value: value))
    return found


@dataclass(frozen=True)
class _Done:
    """One file done in this process: its bytes, key, value, the value packed as a cache entry
    (`blob`, None when not wanted) and whether that entry is new (`fresh`: store it)."""

    rel: str
    raw: bytes | None
    key: str
    value: Any
    blob: bytes | None
    fresh: bool


def _do(work: FileWork, root: Path, rels: list[str], cache: DataCache, store: list[Entry] | None,
        packed: bool = False) -> list[_Done]:
    """Each file done, or taken from the cache (one lookup for them all); new entries are added to
    `store`. With `packed` (in a worker) every value is packed as a cache entry, and a cache hit
    is passed on as stored, unchecked and with no value (the parent checks what a worker sends)."""
    contents: dict[str, bytes | OSError] = {}
    for rel in rels:
        try:
            contents[rel] = read_regular(root / rel)  # a link or a pipe put there since discovery: refused
        except OSError as err:
            contents[rel] = err
    raws = {rel: None if isinstance(content, OSError) else content for rel, content in contents.items()}
    keys = {rel: work.key(rel, raw) for rel, raw in raws.items()}
    slots = {rel: work.slot(rel) for rel in rels}
    stored = cache.get_blobs({slots[rel]: keys[rel] for rel in rels if raws[rel] is not None})
    found = []
    for rel in rels:
        raw, key, content = raws[rel], keys[rel], contents[rel]
        if raw is None:
            value = work.run(rel, content)
            found.append(_Done(rel, None, key, value, pack(key, work.stored(value)) if packed else None, False))
            continue
        entry = stored.get(slots[rel])
        if entry is not None:
            if packed:
                found.append(_Done(rel, raw, key, None, entry, False))
                continue
            value = _valid(work, unpack(entry, key))
            if value is not None:
                found.append(_Done(rel, raw, key, value, None, False))
                continue
        value = work.run(rel, raw)
        blob = pack(key, work.stored(value)) if packed or cache.enabled else None
        found.append(_Done(rel, raw, key, value, blob, cache.enabled))
    if store is not None:
        store.extend((slots[got.rel], got.key, got.blob) for got in found if got.fresh)
    return found


def _do_chunk(job: tuple[FileWork, Path, DataCache], rels: list[str]) -> list[tuple[bytes | None, bytes, bool]]:
    """In a worker process: each file's bytes, its value packed as a cache entry (pickled once;
    the parent checks it as it checks a cache entry) and whether that entry is new."""
    work, root, cache = job
    return [(got.raw, got.blob, got.fresh) for got in _do(work, root, rels, cache, None, packed=True)]


def _valid(work: FileWork, value: Any) -> Any:
    return value if work.valid(value) else None


def _read_key(work: FileWork, path: Path, rel: str) -> tuple[bytes | None, str | None]:
    try:
        raw = read_regular(path)
    except OSError:
        return None, None
    return raw, work.key(rel, raw)


def _stat_key(path: Path) -> tuple | None:
    """What changes when a file is written (None: no such file, or unreadable)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns
