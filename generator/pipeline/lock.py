"""One build at a time per data folder: a build (generate and publish) and each rebuild of `parportal
serve` write the same folders (build/docs, build/ready, the chart cache) and the same site.

The lock is an exclusive `flock` on `build/build.lock` (`paths.LOCK_FILE`). A second build waits for
the first, saying so once, for as long as the first runs: no time-out, since a build of a large
province can rightly take minutes, and a lock can never be left stale: the system releases it when
the process that holds it ends, however it ends (Ctrl+C stops the wait)."""
from __future__ import annotations

import fcntl
import sys
from pathlib import Path

from generator.core import paths

WAITING = "Một lần dựng khác đang chạy, đang chờ… / Another build is running; waiting…"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class BuildLock:
    """`with BuildLock(root):` holds the lock of `root` for the block; `acquire` and `release` where
    a block does not fit. Not re-entrant: a process that holds it must not take it again."""

    def __init__(self, root: Path, say=_say) -> None:
        self.path = root / paths.LOCK_FILE
        self.say = say
        self._file = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = open(self.path, "ab")  # created if missing, never emptied
        try:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.say(WAITING)
                fcntl.flock(file, fcntl.LOCK_EX)
        except BaseException:
            file.close()
            raise
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the only descriptor releases the lock
            self._file = None

    def __enter__(self) -> "BuildLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
