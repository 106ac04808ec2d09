"""Git plumbing for the diff: find the repository, resolve revisions, unpack `criteria/` and `scores/`
of a commit into a temporary folder."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path, PurePosixPath
from typing import Any

from generator.core import files, paths
from generator.core.diagnostics import Diagnostic

WORKTREE = None  # HEAD = the working tree


class DiffUsageError(Exception):
    """A revision or repository problem (exit 2), in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi, self.en = vi, en


# --------------------------------------------------------------------------- git

def _git(repo: Path, *args: str, binary: bool = False) -> Any:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary)
    if done.returncode != 0:
        err = done.stderr if not binary else done.stderr.decode("utf-8", "replace")
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, err)
    return done.stdout


def repo_root(root: Path) -> Path:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise DiffUsageError(f"{root} không nằm trong một kho git.", f"{root} is not inside a git repository.") from None


def resolve(repo: Path, rev: str) -> str:
    """The commit id of `rev`, or DiffUsageError."""
    if rev.startswith("-"):
        raise DiffUsageError(f"Phiên bản không hợp lệ: {rev}", f"Not a revision: {rev}")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
    except subprocess.CalledProcessError:
        raise DiffUsageError(f"Không tìm thấy phiên bản git '{rev}' (nhánh, thẻ hoặc mã commit).",
                             f"No git revision '{rev}' (a branch, tag or commit id).") from None


def default_base(repo: Path) -> str:
    for candidate in ("origin/main", "main"):
        try:
            resolve(repo, candidate)
            return candidate
        except DiffUsageError:
            continue
    raise DiffUsageError("Không có origin/main hay main; hãy nêu phiên bản gốc: parportal diff <BASE>.",
                         "Neither origin/main nor main exists; name the base: parportal diff <BASE>.")


_MEMBER_KINDS = (  # (test of a tar member, Vietnamese, English), as `files.kind_of` says them
    (tarfile.TarInfo.issym, "liên kết tượng trưng (symlink)", "a symbolic link"),
    (tarfile.TarInfo.islnk, "liên kết cứng (hard link)", "a hard link"),
    (tarfile.TarInfo.isfifo, "ống có tên (FIFO)", "a named pipe (FIFO)"),
    (tarfile.TarInfo.ischr, "tệp thiết bị ký tự", "a character device"),
    (tarfile.TarInfo.isblk, "tệp thiết bị khối", "a block device"),
)


def _refused(member: tarfile.TarInfo, rel: str) -> Diagnostic:
    for test, vi, en in _MEMBER_KINDS:
        if test(member):
            return files.not_regular(rel, vi, en)
    return files.not_regular(rel, "một mục không phải tệp thường", "something other than a regular file")


def materialise(repo: Path, commit: str, prefix: str, dest: Path) -> tuple[Path, list[Diagnostic]]:
    """Extract `prefix`/criteria and `prefix`/scores of `commit` under `dest`: the data root there,
    and a `layout.not-a-regular-file` diagnostic for every member that is neither a regular file
    nor a folder (a symbolic link, mostly), which is left out, as `load` refuses it in a working tree."""
    wanted = [str(PurePosixPath(prefix, d)) if prefix else d for d in (paths.CRITERIA_DIR, paths.SCORES_DIR)]
    present = [p for p in _git(repo, "ls-tree", "--name-only", commit, "--", *wanted).splitlines() if p]
    refused: list[Diagnostic] = []
    if present:
        archive = _git(repo, "archive", "--format=tar", commit, "--", *present, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            kept = []
            for member in tar.getmembers():
                rel = PurePosixPath(member.name).relative_to(prefix).as_posix() if prefix else member.name
                if member.isreg() or member.isdir():
                    kept.append(member)
                else:
                    refused.append(_refused(member, rel.rstrip("/")))
            tar.extractall(dest, members=kept, filter="data")
    return (dest / prefix if prefix else dest), refused
