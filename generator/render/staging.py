"""The staging docs folder: writes only files whose bytes changed, and prunes what a build no
longer produces, so a rebuild after a small change touches few files.

With `remembered` (a dict that `parportal serve` keeps between builds, `generator.machinery.memo`), a file
given the very same object as in the last build (a result taken from the memo) is known to be
on disk already, other bytes are compared with the last ones in memory rather than on disk, and
pruning needs no walk of the folder: the folder belongs to the build."""
from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from generator.core.files import read_regular
from generator.render.packed import Packed, unpack

_WRITERS: dict[int, ThreadPoolExecutor] = {}  # per process: a forked child has none of its parent's threads
_IN_FLIGHT = 32  # background writes waiting at most (3,500 units: 3,500 pages of 440 kB would wait otherwise)


def _writer() -> ThreadPoolExecutor:
    pid = os.getpid()
    if pid not in _WRITERS:
        _WRITERS[pid] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="staging")
    return _WRITERS[pid]


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: a reader (the preview server) never sees half a file."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


class Staging:
    def __init__(self, root: Path, remembered: dict | None = None, background: bool = False) -> None:
        self.root = root
        # `background`: files are written by threads while the build goes on (the writes wait on the
        # disk, not on Python); `flush` or `prune` waits for them. Only where no process forks after.
        self._writer = _writer() if background else None
        self._pid = os.getpid()
        self._pending: dict[str, Future] = {}
        self.produced: set[str] = set()
        self.changed = 0
        # rel -> object written by the last build; emptied until this build completes (`prune`),
        # so a build that fails halfway leaves nothing to trust
        self._store = remembered
        self._remembered = dict(remembered) if remembered is not None else None
        if remembered is not None:
            remembered.clear()
        self._given: dict[str, object] = {}

    def path(self, rel: str) -> Path:
        return self.root / rel

    def _same_as_last(self, rel: str, data: object) -> bool:
        self.produced.add(rel)
        if self._remembered is None:
            return False
        self._given[rel] = data
        return self._remembered.get(rel) is data

    def write_bytes(self, rel: str, data: bytes | Packed) -> None:
        self._put(rel, data, Packed if type(data) is Packed else bytes)

    def write_text(self, rel: str, text: str) -> None:
        """As `write_bytes`, in UTF-8; the text is what is remembered, so the same text object
        given again (from the memo) is not even encoded."""
        self._put(rel, text, str)

    def write_parts(self, rel: str, parts: tuple[bytes | Packed, ...]) -> None:
        """As `write_bytes` of the parts joined; the tuple is what is remembered, so a page made of
        parts kept elsewhere (`generator.machinery.memo`) costs no copy of them, and is joined only to be written."""
        self._put(rel, parts, tuple)

    def _put(self, rel: str, value: bytes | str | Packed | tuple[bytes | Packed, ...], kind: type) -> None:
        if self._same_as_last(rel, value):
            return
        last = self._remembered.get(rel) if self._remembered else None
        if isinstance(last, kind) and last == value:  # what is on disk, in memory: no read
            return
        if kind is bytes:
            data = value
        elif kind is tuple:
            data = b"".join(unpack(part) for part in value)
        elif kind is Packed:
            data = unpack(value)
        else:
            data = value.encode("utf-8")
        self._write(rel, data, known_new=isinstance(last, kind))

    def _write(self, rel: str, data: bytes, known_new: bool) -> None:
        """Write `data` unless (`known_new` false) the file on disk holds it already."""
        target = self.root / rel
        if not known_new:
            try:
                if target.stat().st_size == len(data) and target.read_bytes() == data:
                    return
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
        self.changed += 1
        if self._writer is not None and self._pid == os.getpid():  # never from a forked worker
            if rel in self._pending:
                self.flush()  # the same file twice: in order
            if len(self._pending) >= _IN_FLIGHT:  # a slow disk: wait rather than hold every file in memory
                self._pending.pop(next(iter(self._pending))).result()
            self._pending[rel] = self._writer.submit(_write, target, data)
        else:
            _write(target, data)

    def flush(self) -> None:
        """Wait for the writes still under way (`background`); raise the first that failed."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            future.result()

    def settle(self) -> None:
        """After a failure or an interrupt: drop the writes not begun and wait for those under way
        (their own errors dropped: the build has failed already), so that nothing writes into the
        folder once the caller goes on to remove it."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            future.cancel()
        wait(pending.values())

    def copy(self, source: Path, rel: str) -> None:
        """`source`, a regular file (never a link, a pipe or a device: `files.read_regular`), as `rel`."""
        self.write_bytes(rel, read_regular(source))

    def prune(self) -> int:
        """Wait for the writes (`flush`), then delete files (and empty folders) that this build did
        not produce."""
        self.flush()
        remembered, self._remembered = self._remembered, None
        if remembered:  # what is on disk: what the last build wrote
            removed = 0
            for rel in sorted(set(remembered) - self.produced):
                try:
                    (self.root / rel).unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        else:
            removed = self._walk_prune()
        if self._store is not None:
            # what is on disk now: the objects given here, and files written by worker processes
            # (no object here: never the same as a later one)
            self._store.update(dict.fromkeys(self.produced))
            self._store.update(self._given)
        return removed

    def _walk_prune(self) -> int:
        """Delete every file under the folder that this build did not produce, then the folders
        left empty (not the folder itself). One directory listing per folder: no stat per file
        (3,500 units: 42,000 files)."""
        removed = 0
        if not self.root.is_dir():
            return 0
        top = str(self.root)
        for folder, _, files in os.walk(top, topdown=False):
            base = "" if folder == top else os.path.relpath(folder, top).replace(os.sep, "/") + "/"
            for name in files:
                if base + name not in self.produced:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
            if folder != top and not os.listdir(folder):
                os.rmdir(folder)
        return removed
