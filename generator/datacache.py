"""A content-hash cache of per-file work (reading a data file; per-file rules), under
build/cache/data, so that a rebuild re-reads only the files that changed.

An entry is found by a key: SHA-256 of a code salt, what was done (`kind`), the file's
repo-relative path and its exact bytes. The salt hashes the source of every module whose output
is cached, with the Python and pydantic versions, so changed code never meets an old entry.
Nothing is trusted blindly: an entry is used only when it unpickles, carries the magic and the
same key, and has the expected shape; anything else (missing, truncated, corrupt, written by
other code) is a miss, and the work is simply done again. Entries are written to a temporary
name and renamed, so a reader never sees half a file; failing to write is ignored.

Entries are pickles. That is acceptable here because build/cache is this program's own scratch
folder, written only by it (like the chart cache beside it and `__pycache__`): whoever can write
there can already change the code that runs. It is never fed anything from outside (the data
files themselves are only ever parsed as YAML). Do not point it at a shared or downloaded folder.

`PARPORTAL_CACHE=0` turns the cache off; `rm -rf build/cache` empties it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import paths

_MAGIC = "parportal-data-cache-1"

# Modules whose output goes into an entry: changing any of them changes the salt.
_SALTED = ("datacache.py", "yamlsource.py", "model.py", "load.py", "schema_messages.py", "diagnostics.py",
           "paths.py", "canonical", "rules", "validate.py", "textfmt.py")


def _code_salt() -> bytes:
    digest = hashlib.sha256(_MAGIC.encode())
    here = Path(__file__).resolve().parent
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


class DataCache:
    """Entries under `root`/build/cache/data; `enabled=False` makes every lookup a miss and
    every store a no-op."""

    def __init__(self, root: Path, enabled: bool | None = None) -> None:
        self.dir = Path(root) / paths.CACHE_DIR / "data"
        self.enabled = enabled_by_default() if enabled is None else enabled
        self._made: set[str] = set()

    @staticmethod
    def key(kind: str, rel: str, raw: bytes) -> str:
        digest = hashlib.sha256(SALT)
        digest.update(f"\0{kind}\0{rel}\0{len(raw)}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key[2:]}.pickle"

    def get_blob(self, key: str) -> bytes | None:
        """The stored bytes of an entry (still to be checked by `unpack`), or None."""
        if not self.enabled:
            return None
        try:
            return self._file(key).read_bytes()
        except OSError:
            return None

    def put_blob(self, key: str, blob: bytes) -> None:
        if not self.enabled:
            return
        file = self._file(key)
        try:
            if key[:2] not in self._made:
                file.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(key[:2])
            tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, file)
        except OSError:
            pass  # a read-only checkout, a full disk: the cache is only an optimisation

    def get(self, key: str):
        """The value stored under `key`, or None when there is no valid entry."""
        blob = self.get_blob(key)
        return None if blob is None else unpack(blob, key)

    def put(self, key: str, value) -> None:
        if self.enabled:
            self.put_blob(key, pack(key, value))


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
