"""Publishing: a `--dirty` rebuild is a strict build that succeeds and shows the edit."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from generator.pipeline.build import build
from generator.publish.readypages import merge_search_entries
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


def _search_docs(site: Path) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_dirty_rebuild_keeps_the_whole_search_index_once(tmp_path):
    """MkDocs renders (and Material indexes) only the changed pages of a dirty build: the index
    still holds every page once, as a full build of the same data has it."""
    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    assert build(root, out=io.StringIO()).ok
    done, failed = '"1.2": {status: done, self: true}', '"1.2": {status: failed, self: false}'
    for old, new in ((done, failed), (failed, done)):  # a second dirty build starts from the first one's index
        mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", old, new)  # the index moves: rankings, home… change
        assert build(root, dirty=True, out=io.StringIO()).ok
        dirty = _search_docs(root / "site")
        assert build(root, site_dir=tmp_path / "full", out=io.StringIO()).ok
        full = _search_docs(tmp_path / "full")
        assert len({d["location"] for d in dirty}) == len(dirty)  # no entry twice
        assert sorted(dirty, key=json.dumps) == sorted(full, key=json.dumps)


def test_search_entries_of_rebuilt_pages_take_the_place_of_the_old_ones():
    old = [{"location": "a.html"}, {"location": "a.html#x"}, {"location": "b.html"}, {"location": "c.html"}]
    new = [{"location": "c.html", "v": 2}, {"location": "a.html", "v": 2}, {"location": "d.html"}]
    assert merge_search_entries(old, new) == [{"location": "a.html", "v": 2}, {"location": "b.html"},
                                              {"location": "c.html", "v": 2}, {"location": "d.html"}]


def _static_files(root: Path) -> list[str]:
    """Open data and charts: the staging folder's files that are neither pages nor fragments."""
    staging = root / "build/docs"
    return sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                  if p.is_file() and p.suffix != ".md")


def test_open_data_and_charts_are_linked_not_copied_and_rebuilds_never_change_them(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    assert build(root, out=io.StringIO()).ok
    static = _static_files(root)
    assert any(s.endswith(".csv") for s in static) and any(s.endswith(".svg") for s in static)
    for rel in static:
        assert (root / "site" / rel).samefile(root / "build/docs" / rel), rel
    csv = "data/chi-so-cchc.csv"
    published = (root / "site" / csv).read_bytes()
    kept = tmp_path / "kept.csv"
    kept.hardlink_to(root / "site" / csv)  # the published file as a reader's download holds it
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", '"1.2": {status: done, self: true}',
           '"1.2": {status: failed, self: false}')
    for dirty in (True, False):
        assert build(root, dirty=dirty, out=io.StringIO()).ok
        now = (root / "site" / csv).read_bytes()
        assert now == (root / "build/docs" / csv).read_bytes() and now != published
    assert kept.read_bytes() == published  # the new data went to a new file, never into the old one
    assert not list((root / "site").rglob("*.pplink"))


def test_without_links_mkdocs_copies(tmp_path, monkeypatch):
    """Another file system (no hard link possible): the same site, copied."""
    import os

    def no_link(src, dst, **kwargs):
        raise OSError(18, "Invalid cross-device link")

    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    assert build(root, site_dir=tmp_path / "linked", out=io.StringIO()).ok
    monkeypatch.setattr(os, "link", no_link)
    assert build(root, site_dir=tmp_path / "copied", out=io.StringIO()).ok
    linked = sorted(p.relative_to(tmp_path / "linked").as_posix() for p in (tmp_path / "linked").rglob("*") if p.is_file())
    copied = sorted(p.relative_to(tmp_path / "copied").as_posix() for p in (tmp_path / "copied").rglob("*") if p.is_file())
    assert linked == copied
    for rel in copied:
        assert (tmp_path / "copied" / rel).read_bytes() == (tmp_path / "linked" / rel).read_bytes(), rel
        assert (tmp_path / "copied" / rel).stat().st_nlink == 1, rel
