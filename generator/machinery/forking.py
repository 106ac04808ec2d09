"""Forked worker processes for independent chunks of work (reading files, per-file rules, unit
pages, open data). The workers inherit the work's state when they are forked, so only the chunks
and the answers cross between processes, never the dataset. Linux (fork) only; elsewhere, and
below each caller's minimum, the work runs in this process. `PARPORTAL_WORKERS=1` turns the
workers off."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

S = TypeVar("S")
C = TypeVar("C")
R = TypeVar("R")

# The function and state of the workers being forked (`Forked`), inherited by them.
_JOB: tuple[Callable, object] | None = None


def workers_for(n_items: int, minimum: int) -> int:
    """How many worker processes to use for `n_items` independent items (1: none)."""
    if n_items < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("PARPORTAL_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def split(items: Sequence[C], parts: int) -> list[Sequence[C]]:
    """`items` in about `parts` contiguous chunks, in order."""
    step = max(1, -(-len(items) // parts))
    return [items[i:i + step] for i in range(0, len(items), step)]


def _run(chunk):
    fn, state = _JOB
    return fn(state, chunk)


def fork_map(fn: Callable[[S, C], R], state: S, chunks: Sequence[C], workers: int) -> Iterator[R]:
    """`fn(state, chunk)` for every chunk, answers in the chunks' order, computed in `workers`
    forked processes that inherit `state`."""
    yield from Forked(fn, state, chunks, workers).answers()


class Forked(Generic[R]):
    """`fork_map` begun now, its answers taken later: the workers are forked and start on the
    chunks at once, while this process goes on with other work until it asks for `answers()`."""

    def __init__(self, fn: Callable[[S, C], R], state: S, chunks: Sequence[C], workers: int) -> None:
        global _JOB
        _JOB = (fn, state)
        try:
            self._pool = multiprocessing.get_context("fork").Pool(workers)  # forks the workers now
        finally:
            _JOB = None  # the workers hold their copy
        self._answers = self._pool.imap(_run, chunks)

    def answers(self) -> Iterator[R]:
        """The answers in the chunks' order; the workers are stopped when they are all taken (or
        when the caller stops early)."""
        try:
            yield from self._answers
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the workers now, their answers untaken (the caller failed before it needed them)."""
        self._pool.terminate()
        self._pool.join()
