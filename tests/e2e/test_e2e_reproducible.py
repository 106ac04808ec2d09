"""Two builds of one commit give byte-identical site/ trees: a second, independent build (fresh
clone of the same commit, empty chart cache, another hash seed; e2e_support.start_twin) is compared
file by file."""
from __future__ import annotations

import difflib
import hashlib
import subprocess
from pathlib import Path

import pytest


pytestmark = pytest.mark.e2e


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    try:
        left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return "(binary)"
    return "\n".join(list(difflib.unified_diff(left, right, lineterm="", n=0))[2:8])


def test_two_builds_of_one_commit_are_byte_identical(demo, twin):
    head = subprocess.run(["git", "-C", str(twin.root), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()
    assert head == demo.commit, "the second build must be of the same commit"
    first_tree, second_tree = tree(demo.site), tree(twin.site)
    assert len(first_tree) > 50, f"suspiciously small site: {len(first_tree)} files"
    only_first = sorted(set(first_tree) - set(second_tree))
    only_second = sorted(set(second_tree) - set(first_tree))
    assert not only_first and not only_second, f"file lists differ: only in the first {only_first[:20]}, " \
                                               f"only in the second {only_second[:20]}"
    differing = [rel for rel in first_tree if first_tree[rel] != second_tree[rel]]
    details = "\n".join(f"{rel}:\n{first_difference(demo.site / rel, twin.site / rel)}" for rel in differing[:5])
    assert not differing, f"{len(differing)} files differ between two builds of {head[:10]}:\n{details}"
