"""The staging docs folder: writes only files whose bytes changed, and prunes what a build no
longer produces, so a rebuild after a small change touches few files."""
from __future__ import annotations

import os
from pathlib import Path


class Staging:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.produced: set[str] = set()
        self.changed = 0

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write_bytes(self, rel: str, data: bytes) -> None:
        self.produced.add(rel)
        target = self.root / rel
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        self.changed += 1

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def copy(self, source: Path, rel: str) -> None:
        self.write_bytes(rel, source.read_bytes())

    def prune(self) -> int:
        """Delete files (and empty folders) that this build did not produce."""
        removed = 0
        if not self.root.exists():
            return 0
        for file in sorted(self.root.rglob("*"), reverse=True):
            rel = file.relative_to(self.root).as_posix()
            if file.is_file() and rel not in self.produced:
                file.unlink()
                removed += 1
            elif file.is_dir() and not any(file.iterdir()):
                file.rmdir()
        return removed
