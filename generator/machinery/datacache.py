"""A content-hash cache of per-file work (reading a data file; per-file rules) and of drawn
charts, in one SQLite file, build/cache/data.sqlite, so that a rebuild re-reads only the files
that changed and draws only the charts that changed (`render.charts`: its entries are keyed by
the chart's own digest, not by the scheme below).

An entry is found by a key: SHA-256 of a code salt, what was done (`kind`), the file's
repo-relative path and its exact bytes. It sits in a slot (what was done to which path): a new
entry replaces the slot's old one, so the cache holds one entry per file and kind of work and
never grows with edits. The salt hashes the source of every module whose output is cached,
with the Python and pydantic versions, so changed code never meets an old entry. Nothing is
trusted blindly: an entry is used only when it unpickles, carries the magic and the same key,
and has the expected shape; anything else (missing, truncated, corrupt, written by other code)
is a miss, and the work is simply done again. A database that cannot be opened or read is a
miss too; a damaged one is started afresh when a store finds it so, and any other failure to
write (locked for too long, a read-only folder, a full disk) is ignored.

One SQLite file, not a file per entry: a cold build at 3,500 units stores 35,000 entries of
per-file work and 14,024 charts, and as files the entries alone cost about 9 s to create
(benchmarks/README.md). Stores are batched (`put_blobs`, one transaction): the load stage stores
what its worker processes read, the validate stage what its rules found, the chart stage what
each of its workers drew. Connections stay open in the process that opened them and are closed
before it forks (`close_connections`).

Entries are pickles. That is acceptable here because build/cache is this program's own scratch
folder, written only by it (like `__pycache__`): whoever can write
there can already change the code that runs. It is never fed anything from outside (the data
files themselves are only ever parsed as YAML). Do not point it at a shared or downloaded folder.

`PARPORTAL_CACHE=0` turns the cache off; `rm -rf build/cache` empties it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.core import paths

_MAGIC = "parportal-data-cache-1"

# Modules whose output goes into an entry: changing any of them changes the salt.
# Paths are relative to the generator package.
_SALTED = ("machinery/datacache.py", "load", "core/diagnostics.py", "core/paths.py", "validate", "core/textfmt.py")


def _code_salt() -> bytes:
    digest = hashlib.sha256(_MAGIC.encode())
    here = Path(__file__).resolve().parents[1]  # generator/
    for name in _SALTED:
        target = here / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for file in files:
            digest.update(file.relative_to(here).as_posix().encode() + b"\0")
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"missing")
    try:
        import pydantic
        import yaml
        versions = f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}|{getattr(yaml, '__with_libyaml__', False)}"
    except Exception:  # pragma: no cover - the generator cannot run without them anyway
        versions = sys.version
    digest.update(versions.encode())
    return digest.digest()


SALT = _code_salt()


def enabled_by_default() -> bool:
    return os.environ.get("PARPORTAL_CACHE", "1").strip() not in ("0", "false", "no", "off")


DATABASE = "data.sqlite"  # under paths.CACHE_DIR
_SCHEMA = "CREATE TABLE IF NOT EXISTS entry (slot TEXT PRIMARY KEY, key TEXT NOT NULL, blob BLOB NOT NULL)"
_BUSY_SECONDS = 10  # how long a store waits for another process's (a `serve` beside a `build`)
_DAMAGED = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
_KEPT = 8  # connections kept open per process at most (a test run opens many data folders)

# Open connections, by process, thread and database file, with the file's inode when opened.
# Kept open: opening one costs about 0.1 ms and closing the last one checkpoints the WAL (about
# 1 ms), against 30 µs for a store on an open one (a per-file rule stores once a file). Closed in
# the parent before every fork, so no child ever holds one of its parent's (SQLite forbids using a
# connection across fork()); a database replaced or removed since is opened again.
_OPEN: dict[tuple[int, int, Path], tuple[sqlite3.Connection, int]] = {}


def _close(key: tuple[int, int, Path]) -> None:
    try:
        _OPEN.pop(key)[0].close()
    except (KeyError, sqlite3.Error):
        pass


def close_connections() -> None:
    """Close this process's open connections (before a fork; also when a test removes a folder)."""
    pid = os.getpid()
    for key in [k for k in _OPEN if k[0] == pid]:
        _close(key)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=close_connections)


def _connection(file: Path, create: bool) -> sqlite3.Connection | None:
    """An open connection to `file` for this process and thread (None: no database and not
    `create`); a new database is made in WAL mode (readers never wait for a writer)."""
    key = (os.getpid(), threading.get_ident(), file)
    try:
        inode = file.stat().st_ino
    except FileNotFoundError:
        inode = None
    kept = _OPEN.get(key)
    if kept is not None and kept[1] == inode:
        return kept[0]
    _close(key)
    if inode is None and not create:
        return None
    if inode is None:
        file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(file, timeout=_BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose the last stores, never the file
        db.execute(_SCHEMA)
    except BaseException:
        db.close()
        raise
    mine = [k for k in _OPEN if k[0] == key[0]]
    for old in mine[:max(0, len(mine) - _KEPT + 1)]:
        _close(old)
    _OPEN[key] = (db, file.stat().st_ino)
    return db


class DataCache:
    """Entries in `root`/build/cache/data.sqlite; `enabled=False` makes every lookup a miss and
    every store a no-op."""

    def __init__(self, root: Path, enabled: bool | None = None) -> None:
        self.file = Path(root) / paths.CACHE_DIR / DATABASE
        self.enabled = enabled_by_default() if enabled is None else enabled

    @classmethod
    def in_folder(cls, folder: Path, enabled: bool | None = None) -> "DataCache":
        """The cache whose database is in `folder` (a data folder's build/cache)."""
        cache = cls(Path(folder), enabled)
        cache.file = Path(folder) / DATABASE  # the folder itself, not its build/cache
        return cache

    @staticmethod
    def key(kind: str, rel: str, raw: bytes) -> str:
        digest = hashlib.sha256(SALT)
        digest.update(f"\0{kind}\0{rel}\0{len(raw)}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def get_blobs(self, wanted: Mapping[str, str]) -> dict[str, bytes]:
        """The stored bytes (still to be checked by `unpack`) of the entries `wanted` asks for,
        slot -> key, by slot; a slot that holds another key, or none, is left out."""
        if not self.enabled or not wanted:
            return {}
        found: dict[str, bytes] = {}
        try:
            db = _connection(self.file, create=False)
            if db is None:
                return {}
            for slot, key in wanted.items():
                row = db.execute("SELECT blob FROM entry WHERE slot = ? AND key = ?", (slot, key)).fetchone()
                if row is not None and isinstance(row[0], bytes):
                    found[slot] = row[0]
        except (sqlite3.Error, OSError):
            pass  # unreadable: what was found so far, the rest are misses
        return found

    def get_blob(self, slot: str, key: str) -> bytes | None:
        return self.get_blobs({slot: key}).get(slot)

    def put_blobs(self, entries: Iterable[tuple[str, str, bytes]]) -> None:
        """Store `(slot, key, blob)` entries in one transaction, each replacing its slot's entry."""
        rows = list(entries) if self.enabled else []
        if not rows:
            return
        for attempt in (1, 2):
            try:
                db = _connection(self.file, create=True)
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("INSERT OR REPLACE INTO entry (slot, key, blob) VALUES (?, ?, ?)", rows)
                return
            except sqlite3.DatabaseError as err:
                # damaged, or not a database at all: started afresh; anything else (locked for
                # too long, a read-only checkout, a full disk) is left alone: only an optimisation
                if getattr(err, "sqlite_errorcode", None) not in _DAMAGED or attempt == 2 or not _remove(self.file):
                    return
            except (sqlite3.Error, OSError):
                return

    def get(self, slot: str, key: str):
        """The value stored under `key` in `slot`, or None when there is no valid entry."""
        blob = self.get_blob(slot, key)
        return None if blob is None else unpack(blob, key)

    def put(self, slot: str, key: str, value) -> None:
        if self.enabled:
            self.put_blobs([(slot, key, pack(key, value))])


def _remove(file: Path) -> bool:
    """Remove a damaged database and its WAL files; False if it could not be removed."""
    for key in [k for k in _OPEN if k[2] == file and k[0] == os.getpid()]:
        _close(key)
    try:
        for part in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
            part.unlink(missing_ok=True)
        return True
    except OSError:
        return False


def pack(key: str, value) -> bytes:
    return pickle.dumps((_MAGIC, key, value), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes, key: str):
    """The value in `blob` if it is a well-formed entry for `key`, else None (never raises)."""
    try:
        magic, stored, value = pickle.loads(blob)
    except Exception:
        return None
    if magic != _MAGIC or stored != key:
        return None
    return value
