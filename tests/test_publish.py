"""Publishing: a `--dirty` rebuild is a strict build that succeeds and shows the edit."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

from generator.build import build
from tests.conftest import mutate


def test_dirty_rebuild_succeeds_and_shows_the_edit(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    assert build(root, out=io.StringIO()).ok
    other = root / "site/xep-hang/index.html"
    before = other.stat().st_mtime_ns
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", "note: Bị phê bình một lần.", "note: Ghi chú sửa lại XYZ.")
    assert build(root, dirty=True, out=io.StringIO()).ok  # strict, yet MkDocs' dirty-build reminder is no failure
    assert "Ghi chú sửa lại XYZ." in (root / "site/don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == before  # an unchanged page was not rebuilt
    assert not (root / "site/don-vi/_khung.html").exists()  # the frame never stays in the site
