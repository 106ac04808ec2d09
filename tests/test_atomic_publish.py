"""Atomic publication (`generator/publish/swap.py`, `publish.publish_site`) and the build lock
(`generator/pipeline/lock.py`): a build that MkDocs rejects, or that is interrupted, leaves the
previous site/ byte for byte and no folder of its own; two builds at once both end with a whole
site, the second having waited for the first."""
from __future__ import annotations

import fcntl
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

import generator.publish.readypages as readypages
import generator.publish.swap as swap
from generator.core import paths
from generator.pipeline.build import build
from generator.pipeline.lock import WAITING
from tests.conftest import MINI, REPO, mutate

ABOUT = "content/gioi-thieu.md"
BROKEN_LINK = "\n\nXem [trang không có](khong-co-trang-nay.md).\n"  # strict MkDocs rejects it
EDIT = ("scores/2023/so-nganh/so-noi-vu.yaml", '"1.2": {status: done, self: true}',
        '"1.2": {status: failed, self: false}')  # the index moves: rankings, the unit's page, the home page…
BUILD = [sys.executable, "-m", "generator.cli", "build", "--root"]


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    """Folders of builds beside the site (fresh or previous)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A copy of the mini data with its own About page, built once: the root and its site/."""
    root = tmp_path / "m"
    shutil.copytree(MINI, root)
    (root / "content").mkdir()
    shutil.copy(REPO / ABOUT, root / ABOUT)
    assert build(root, out=io.StringIO()).ok
    before = snapshot(root / "site")
    assert len(before) > 20 and "don-vi/so-noi-vu.html" in before
    return root, before


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


@pytest.mark.parametrize("dirty", [False, True])
def test_a_build_mkdocs_rejects_leaves_the_previous_site(built, dirty):
    """Strict MkDocs rejects a broken link only at the end, once every page is written: into the
    fresh folder, not the site (a dirty build's copy of the site is a copy: MkDocs writes in place)."""
    root, before = built
    mutate(root, *EDIT)
    with open(root / ABOUT, "a", encoding="utf-8") as page:
        page.write(BROKEN_LINK)
    with pytest.raises(MkDocsException, match="strict"):
        build(root, dirty=dirty, out=io.StringIO())
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


@pytest.mark.parametrize("dirty", [False, True])
def test_an_interrupted_build_leaves_the_previous_site(built, monkeypatch, dirty):
    """Ctrl+C at the end of the MkDocs stage (as the unit pages are put in), every page written."""
    root, before = built
    mutate(root, *EDIT)
    seen = []

    def interrupted(site_dir: Path, ready_dir: Path) -> int:
        seen.append((site_dir / "xep-hang/index.html").is_file())
        raise KeyboardInterrupt

    monkeypatch.setattr(readypages, "assemble", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(root, dirty=dirty, out=io.StringIO())
    assert seen == [True]
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


# `parportal build`, its MkDocs stage held at its end (the hook that puts the unit pages in) until
# the test has sent SIGINT: the signal lands inside MkDocs on every machine, however fast the build.
PAUSED_BUILD = """
import pathlib, sys, time
import generator.publish.readypages as readypages
from generator.cli import main

def paused(site_dir, ready_dir):
    pathlib.Path(sys.argv[1]).write_text("MkDocs has written every page", encoding="utf-8")
    time.sleep(120)

readypages.assemble = paused
main(["build", "--root", sys.argv[2]], prog_name="parportal")
"""


def test_ctrl_c_during_mkdocs_leaves_the_previous_site(built, tmp_path):
    """`parportal build` sent SIGINT while MkDocs builds: exit 130, a bilingual message, no traceback."""
    root, before = built
    mutate(root, *EDIT)
    log, marker = tmp_path / "build.log", tmp_path / "in-mkdocs"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, str(marker), str(root)],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        _wait_for(lambda: marker.exists() or proc.poll() is not None, 120, "the MkDocs stage")
        assert proc.poll() is None, f"the build ended before its MkDocs stage was seen: {log.read_text()}"
        assert leftovers(root), "MkDocs builds into a fresh folder beside the site"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 130
    finally:
        proc.kill()
    text = log.read_text(encoding="utf-8")
    assert "Đã dừng" in text and "Interrupted" in text and "Traceback" not in text
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_a_second_build_waits_for_the_first(built, tmp_path):
    """Two builds started while a third holds the lock: each says once that it waits, then they
    run one after the other; both succeed and the site is whole (the same bytes: the same data)."""
    root, before = built
    held = open(root / paths.LOCK_FILE, "ab")
    fcntl.flock(held, fcntl.LOCK_EX)  # a build under way
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    procs = []
    try:
        for log in logs:
            with open(log, "w") as err:
                procs.append(subprocess.Popen([*BUILD, str(root)], stdout=subprocess.DEVNULL, stderr=err))
            _wait_for(lambda: WAITING in log.read_text(encoding="utf-8"), 60, f"{log.name} to wait")
        assert [p.poll() for p in procs] == [None, None]
        held.close()  # the first build ends
        assert [p.wait(120) for p in procs] == [0, 0]
    finally:
        held.close()
        for p in procs:
            p.kill()
    for log in logs:
        assert log.read_text(encoding="utf-8").count(WAITING) == 1
    site = root / "site"
    assert not [p for p in site.rglob("*") if p.is_file() and p.stat().st_size == 0]
    assert snapshot(site) == before
    assert leftovers(root) == []


def test_without_an_exchange_the_site_is_renamed_aside_then_replaced(built, monkeypatch):
    root, before = built
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)  # another system, or a file system without it
    mutate(root, *EDIT)
    assert build(root, out=io.StringIO()).ok
    after = snapshot(root / "site")
    assert after.keys() == before.keys() and after["don-vi/so-noi-vu.html"] != before["don-vi/so-noi-vu.html"]
    assert leftovers(root) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_two_folders_trade_places_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "name").write_text(folder.name)
    assert swap.exchange(a, b)
    assert (a / "name").read_text() == "b" and (b / "name").read_text() == "a"


def test_the_next_build_removes_what_a_killed_build_left(built):
    root, before = built
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    (root / f".site.new-{dead}-0/don-vi").mkdir(parents=True)
    (root / f".site.new-{dead}-0/don-vi/so-noi-vu.html").write_bytes(b"")
    (root / f".site.old-{dead}-1").mkdir()
    running = root / f".site.new-{os.getpid()}-999"  # a build of a process that runs: left alone
    running.mkdir()
    assert build(root, out=io.StringIO()).ok
    assert leftovers(root) == [running.name]
    assert snapshot(root / "site") == before
