"""Static files of the docs folder hard-linked into the site instead of copied.

Open data and charts are most of a national site's bytes (about 950 MB of 2.3 GB at 3,500
units) and MkDocs copies each of them from the staging docs folder into the site. A hard link
gives the site the same file without writing it again. MkDocs then finds the file already in
place and skips its copy (it allows plugins to write into the site folder this way). The
staging folder never writes a file in place (`render.staging` writes a new file and renames
it), so a later build cannot change a published file through its link. Where no link can be
made, for example when the site folder is on another file system, MkDocs copies as before.
"""
from __future__ import annotations

import os
from pathlib import Path

_TMP = ".pplink"


def link_static_files(files, docs_dir: str | Path) -> int:
    """Hard-link every static file that MkDocs would copy from `docs_dir` (theme files and
    generated files are left to MkDocs); returns how many are linked. Stops at the first link
    that cannot be made and leaves the rest to MkDocs."""
    docs = os.path.normpath(os.path.abspath(docs_dir)) + os.sep  # as MkDocs joins a file's source path
    linked = 0
    for file in files:
        src = file.abs_src_path
        if (file.is_documentation_page() or not file.inclusion.is_included() or src is None
                or getattr(file, "generated_by", None) is not None or not src.startswith(docs)):
            continue
        if not _link(src, file.abs_dest_path):
            break
        linked += 1
    return linked


def _link(src: str, dest: str) -> bool:
    """`dest` made the same file as `src` (atomically: a reader never finds it missing)."""
    tmp = dest + _TMP
    try:
        source = os.stat(src)
        try:
            target = os.stat(dest)
            if (target.st_ino, target.st_dev) == (source.st_ino, source.st_dev):
                return True  # linked by an earlier build (`serve`, `--dirty`): one stat each, no more
        except FileNotFoundError:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.link(src, tmp)
        except FileExistsError:  # left by an interrupted build
            os.unlink(tmp)
            os.link(src, tmp)
        os.replace(tmp, dest)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
