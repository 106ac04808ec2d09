"""Atomic publication of the site folder: MkDocs builds into a fresh folder beside the site
(`.site.new-<pid>-<n>`, same file system), which takes the site's place only once the build has
succeeded (`publish.publish_site`).

At every moment `site/` is either the whole previous site or the whole new one. On Linux the two
folders trade places in one step (renameat2 with RENAME_EXCHANGE); where that cannot be done (another
system, a file system without it) the previous site is renamed aside, then the new one into place:
for the instant between those two renames there is no `site/` (a reader gets "not found", never
half a site). A build that fails, that MkDocs rejects (strict) or that is interrupted removes its
fresh folder and leaves `site/` as it was; the folders that a killed build left are removed by the
next build of the same site.

A `--dirty` build starts its fresh folder as a copy of the site. A copy, not hard links: MkDocs and
the hooks write files in place (`open(path, "wb")`: `mkdocs.utils.write_file`, `File.copy_file`, the
sitemap), which through a link would change the published site as the build goes. Only the open data
and charts that are still the very files of the staging folder (`sitelinks.py`) are linked again:
nothing writes those in place (the staging folder and `sitelinks` replace a file by a rename).
The copy keeps modification times, which a dirty build compares to skip unchanged files. It costs
a dirty build the time of copying the site's pages (not its open data and charts), and the removal
of the previous site afterwards.
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import os
import shutil
import sys
from pathlib import Path

NEW, OLD = "new", "old"
_serial = itertools.count()


def target(site_dir: Path) -> Path:
    """The folder to replace: absolute, symbolic links followed (a `site` that links elsewhere
    keeps its link; the folder it points to is the one replaced)."""
    return Path(site_dir).resolve()


def _prefix(site: Path, kind: str) -> str:
    return f".{site.name}.{kind}-"


def fresh_folder(site: Path) -> Path:
    """A new name beside `site` for a build of this process (not created)."""
    return site.parent / f"{_prefix(site, NEW)}{os.getpid()}-{next(_serial)}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_leftovers(site: Path) -> list[Path]:
    """Remove the fresh and previous-site folders that builds of `site` which no longer run left
    beside it (killed, or the machine stopped); those of a running process are left alone."""
    try:
        entries = list(site.parent.iterdir())
    except FileNotFoundError:
        return []
    removed = []
    for entry in entries:
        for kind in (NEW, OLD):
            prefix = _prefix(site, kind)
            if not entry.name.startswith(prefix):
                continue
            pid = entry.name[len(prefix):].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def start_fresh(site: Path, fresh: Path, staging: Path, dirty: bool) -> None:
    """Create `fresh`: empty, or for a dirty build a copy of `site` (see the module's docstring)."""
    if dirty and site.is_dir():
        copy_site(site, fresh, staging)
        return
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.mkdir()
    if site.is_dir():
        shutil.copymode(site, fresh)  # as the site was made readable (a web server's user, say)


def copy_site(site: Path, fresh: Path, staging: Path) -> None:
    """`fresh` made a copy of `site`, times kept; files that are still the staging folder's own
    (open data and charts, linked by `sitelinks`) are linked instead of copied."""

    def copy(src: str, dst: str) -> str:
        try:
            if os.path.samefile(src, staging / os.path.relpath(src, site)):
                os.link(src, dst)
                return dst
        except OSError:
            pass
        return shutil.copy2(src, dst)

    shutil.copytree(site, fresh, symlinks=True, copy_function=copy)


def swap_in(fresh: Path, site: Path) -> Path | None:
    """`fresh` becomes `site`. Returns where the previous site now is (to be removed with `discard`),
    None if there was none."""
    if not os.path.lexists(site):
        os.rename(fresh, site)
        return None
    if exchange(fresh, site):
        return fresh  # the previous site, under the fresh folder's name
    old = site.parent / f"{_prefix(site, OLD)}{os.getpid()}-{next(_serial)}"
    os.rename(site, old)
    try:
        os.rename(fresh, site)
    except BaseException:
        os.rename(old, site)
        raise
    return old


def discard(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2():
    """glibc's (or musl's) renameat2, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """`a` and `b`, which both exist, trade names in one step; False where the system or the file
    system cannot (the caller then renames twice)."""
    fn = _renameat2()
    return fn is not None and fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
