"""The repository's files as they are, never through a link.

A data or content folder is walked without following symbolic links (`walk`): regular files are
listed, and anything else (a symbolic link to a file or a folder, a device, a named pipe, a
socket) is a `layout.not-a-regular-file` diagnostic and is never opened. Opening a named pipe
blocks until someone writes to it, a device may do anything, and a link may point at any file on
the machine, whose content would then be echoed in diagnostics and CI annotations. `read_regular`
reads a file only if it is a regular one (the check is made again on the open file)."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.core.diagnostics import Diagnostic

NOT_REGULAR = "layout.not-a-regular-file"

_KINDS = (  # (test of st_mode, Vietnamese, English)
    (stat.S_ISLNK, "liên kết tượng trưng (symlink)", "a symbolic link"),
    (stat.S_ISFIFO, "ống có tên (FIFO)", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "tệp thiết bị ký tự", "a character device"),
    (stat.S_ISBLK, "tệp thiết bị khối", "a block device"),
    (stat.S_ISSOCK, "socket", "a socket"),
)


def kind_of(mode: int) -> tuple[str, str]:
    """What a non-regular file is, in Vietnamese and English (from `os.lstat`'s mode)."""
    for test, vi, en in _KINDS:
        if test(mode):
            return vi, en
    return "một mục không phải tệp thường", "something other than a regular file"


def not_regular(rel: str, kind_vi: str, kind_en: str) -> Diagnostic:
    """The error for `rel`, which is `kind` rather than a regular file; it was not opened."""
    return Diagnostic(
        rel, 1, 1, NOT_REGULAR,
        f"Đây là {kind_vi}, không phải tệp thường: parportal không mở nó và không đi theo liên kết "
        "ra ngoài kho.",
        f"This is {kind_en}, not a regular file: parportal does not open it and never follows a link "
        "out of the repository.",
        "Thay nó bằng một tệp thường nằm trong kho (chép nội dung vào đây), hoặc xóa nó.",
        "Replace it with a regular file in the repository (copy the content here), or remove it.")


def _mode(path: Path | str) -> int | None:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return None


def is_regular(path: Path) -> bool:
    """`path` itself is a regular file (a link to one is not)."""
    mode = _mode(path)
    return mode is not None and stat.S_ISREG(mode)


def is_folder(path: Path) -> bool:
    """`path` itself is a folder (a link to one is not)."""
    mode = _mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def walk(base: Path, top: str) -> tuple[list[str], list[Diagnostic]]:
    """The regular files under `base/top`, as paths relative to `base` (`top/...`), in path order,
    and a diagnostic for every entry that is neither a regular file nor a folder. Links are
    never followed, to a file or a folder, nor is `top` itself if it is one. Nothing is opened
    but folders. A missing `top`, or a regular file named `top`, gives nothing."""
    mode = _mode(base / top)
    if mode is None or stat.S_ISREG(mode):
        return [], []
    if not stat.S_ISDIR(mode):
        return [], [not_regular(top, *kind_of(mode))]
    files: list[str] = []
    problems: list[Diagnostic] = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(base / folder) as entries:
                found = list(entries)
        except OSError:  # unreadable or gone meanwhile: nothing to list
            continue
        for entry in found:
            rel = f"{folder}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(rel)
                    continue
                if entry.is_file(follow_symlinks=False):
                    files.append(rel)
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:  # gone meanwhile
                continue
            problems.append(not_regular(rel, *kind_of(mode)))
    return sorted(files, key=lambda rel: rel.split("/")), sorted(problems)


# open flags: a link is not followed, a pipe does not wait for a writer (POSIX; 0 where absent)
_NO_FOLLOW_NO_WAIT = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """Reading refused: the path is not a regular file (a link, a device, a pipe...)."""

    def __init__(self, path: Path | str, mode: int | None) -> None:
        _, en = kind_of(mode) if mode is not None else ("", "not a regular file")
        super().__init__(errno.EINVAL, f"not a regular file ({en}), not opened", str(path))


def read_regular(path: Path | str) -> bytes:
    """The bytes of `path` if it is a regular file, else `NotRegularFile` (an `OSError`): a link
    is not followed, a named pipe or a device is never opened for reading (a pipe is opened
    without blocking only if it replaced the file after the first look, and then refused)."""
    mode = os.lstat(path).st_mode  # raises the error of a missing or unreachable file
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    fd = os.open(path, os.O_RDONLY | _NO_FOLLOW_NO_WAIT)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(fd)
