"""Work kept between the builds of one process (`parportal serve`), so that a rebuild after one
edit redoes only what the edited file feeds.

Every value is stored under a key made of the content keys (`Dataset.digests`: code, path and
exact bytes) of all the files it was computed from, plus whatever else it depends on (the
templates, the build's commit and date). Values are immutable results, used as they are. A key
that cannot be made (a file without a content key) is never looked up: the value is computed.
Entries the last build did not use are dropped when the next one starts, so memory holds about
one build's worth. (One kind of value is a record, not a result: what each staging folder holds,
`render.staging.Staging`.) A build without a memo (`NO_MEMO`, every `parportal build`) computes
everything, and the two give the same site (tests/test_memo.py).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Hashable, TypeVar

from generator.core import files

V = TypeVar("V")


class Memo:
    """Entries are `(value, children)`: the keys of the entries that making the value used
    (the criterion rows inside a unit page), kept with it when the value is used again."""

    def __init__(self) -> None:
        self._last: dict = {}    # what the previous build used
        self._used: dict = {}    # what this build has used or made so far
        self._open: list = []    # the children of each value being made, innermost last
        self._made: list = []    # keys made since `mark()` (forked workers)
        self._taken: list = []   # kept keys used since `mark()`
        self.hits = self.misses = 0

    @property
    def warm(self) -> bool:
        """Whether an earlier build left entries to use."""
        return bool(self._last)

    def start_build(self) -> None:
        """Keep what the build that just ended used; drop the rest."""
        if self._used:
            self._last, self._used = self._used, {}
        self._made, self._taken = [], []
        self.hits = self.misses = 0

    def get(self, kind: str, key: Hashable | None, make: Callable[[], V]) -> V:
        """The value of `kind` for `key`: kept, or made now by `make()` (always when `key` is None)."""
        if key is None:
            return make()
        key = (kind, key)
        entry = self._used.get(key) or self._take(key)
        if entry is None:
            self.misses += 1
            self._open.append([])
            try:
                value = make()
            finally:
                children = self._open.pop()
            entry = self._used[key] = (value, tuple(children))
            self._made.append(key)
        else:
            self.hits += 1
        if self._open:
            self._open[-1].append(key)
        return entry[0]

    def _take(self, key: Hashable) -> tuple | None:
        """Move an entry of the last build, and its children, into this build's."""
        entry = self._last.pop(key, None)
        if entry is not None:
            self._used[key] = entry
            self._taken.append(key)
            for child in entry[1]:
                if child not in self._used:
                    self._take(child)
        return entry

    def has(self, kind: str, key: Hashable | None) -> bool:
        return key is not None and ((kind, key) in self._used or (kind, key) in self._last)

    # A forked worker's memo is a copy: it reports to the parent what it made (with the values)
    # and which kept entries it used (keys only), so the parent keeps both for the next build.
    def mark(self) -> None:
        """In a forked worker: start recording."""
        self._made, self._taken = [], []
        self.hits = self.misses = 0

    def report(self) -> tuple[list[tuple[Hashable, tuple]], list[Hashable], int]:
        return [(k, self._used[k]) for k in self._made], list(self._taken), self.hits

    def adopt(self, report: tuple[list[tuple[Hashable, tuple]], list[Hashable], int]) -> None:
        made, taken, hits = report
        self.misses += len(made)
        self.hits += hits
        for key, entry in made:
            self._used.setdefault(key, entry)
        for key in taken:
            if key not in self._used:
                self._take(key)


class _NoMemo(Memo):
    """Computes every value (a one-off build)."""

    def get(self, kind: str, key: Hashable | None, make: Callable[[], V]) -> V:
        return make()

    def has(self, kind: str, key: Hashable | None) -> bool:
        return False

    def report(self) -> tuple[list, list, int]:
        return [], [], 0

    def adopt(self, report: tuple[list, list, int]) -> None:
        pass


NO_MEMO = _NoMemo()


def folder_key(folder: Path) -> str:
    """A digest of every regular file under `folder` (names and bytes): the key part of templates.
    Links, pipes and devices are not followed or opened (`files.walk`; `load` reports them)."""
    digest = hashlib.sha256()
    for rel in files.walk(folder.parent, folder.name)[0]:
        digest.update(rel.split("/", 1)[1].encode() + b"\0" + files.read_regular(folder.parent / rel) + b"\0")
    return digest.hexdigest()
