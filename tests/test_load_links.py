"""Symbolic links, named pipes and other files that are not regular files, in the data, the
hand-written pages and the templates: refused with file, line, column and rule, never opened,
never followed out of the repository (issue 20, "Files outside the repository")."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core import files, paths
from generator.load import discover
from tests.conftest import REPO, diagnostics_of

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
SECRET = "TOP-SECRET-7f3a"
RULE = files.NOT_REGULAR

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX links and named pipes")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the data, outside it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`parportal check` in its own process: a read that blocks fails the test instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def _refused(root: Path) -> dict[str, object]:
    return {d.path: d for d in diagnostics_of(root) if d.rule == RULE}


def test_a_link_to_a_valid_file_outside_is_refused_not_read(mini, outside):
    # the unit's real score file, moved out of the repository and linked back: valid YAML, and
    # before the fix read and accepted as if it were in the repository
    moved = outside / "so-noi-vu.yaml"
    shutil.move(mini / S23, moved)
    (mini / S23).symlink_to(moved)
    # and a link to some other file on the machine, whose content must not be echoed
    # (a schema error quotes the value: before the fix, the secret was in every format of the report)
    (outside / "secret.yaml").write_text(f"unit: {SECRET}\nyear: 2023\ngroup: so-nganh\nstage: final\n"
                                         f'scores: {{"1.1": {{status: done, self: {SECRET}}}}}\n', encoding="utf-8")
    (mini / "scores/2023/so-nganh/thanh-tra.yaml").symlink_to(outside / "secret.yaml")
    for fmt in ("text", "github", "json"):
        done = _check(mini, "--format", fmt)
        assert done.returncode == 1, done.stdout + done.stderr
        assert SECRET not in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert f"{S23}" in done.stdout and RULE in done.stdout
    report = json.loads(_check(mini, "--format", "json").stdout)
    found = {d["path"]: d for d in report["diagnostics"] if d["rule"] == RULE}
    assert set(found) == {S23, "scores/2023/so-nganh/thanh-tra.yaml"}
    d = found[S23]
    assert (d["line"], d["col"]) == (1, 1)
    assert "liên kết tượng trưng" in d["message"]["vi"] and "symbolic link" in d["message"]["en"]
    assert "tệp thường" in d["hint"]["vi"] and "regular file in the repository" in d["hint"]["en"]


def test_a_linked_folder_is_refused_and_not_entered(mini, outside):
    # a whole year of score files, outside, linked in as scores/2025; one of them would be an error
    target = outside / "2025" / "so-nganh"
    target.mkdir(parents=True)
    (target / "so-noi-vu.yaml").write_text(f"unit: {SECRET}\n", encoding="utf-8")
    (mini / "scores/2025").symlink_to(outside / "2025", target_is_directory=True)
    (mini / "criteria/linked").symlink_to(outside, target_is_directory=True)
    diags = diagnostics_of(mini)
    refused = {d.path for d in diags if d.rule == RULE}
    assert refused == {"scores/2025", "criteria/linked"}
    assert not [d for d in diags if d.path.startswith(("scores/2025/", "criteria/linked/"))], diags
    assert SECRET not in repr(diags)


def test_the_registry_and_the_data_folders_themselves(mini, outside):
    shutil.move(mini / paths.REGISTRY_FILE, outside / "units.yaml")
    (mini / paths.REGISTRY_FILE).symlink_to(outside / "units.yaml")
    diags = diagnostics_of(mini)
    assert [d.rule for d in diags if d.path == paths.REGISTRY_FILE] == [RULE]  # refused, not "missing" too
    shutil.move(mini / paths.CRITERIA_DIR, outside / "criteria")
    (mini / paths.CRITERIA_DIR).symlink_to(outside / "criteria", target_is_directory=True)
    assert paths.CRITERIA_DIR in _refused(mini)


def test_a_named_pipe_does_not_block_check(mini):
    pipe = "scores/2023/so-nganh/so-van-hoa.yaml"
    os.mkfifo(mini / pipe)
    os.mkfifo(mini / "scores/notes.md")  # even where a regular file would be ignored
    done = _check(mini)  # before the fix: blocks reading the pipe until the timeout
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{pipe}:1:1" in done.stdout and "FIFO" in done.stdout and "scores/notes.md:1:1" in done.stdout


def test_links_in_the_hand_written_pages_and_templates_are_refused_by_check_and_build(mini, outside):
    (outside / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    pages = mini / paths.CONTENT_DIR
    shutil.copytree(REPO / paths.CONTENT_DIR, pages)
    (pages / "gioi-thieu.md").unlink()
    (pages / "gioi-thieu.md").symlink_to(outside / "secret.md")
    assert set(_refused(mini)) == {"content/gioi-thieu.md"}
    done = _check(mini)
    assert done.returncode == 1 and "content/gioi-thieu.md:1:1" in done.stdout and SECRET not in done.stdout
    build = CliRunner().invoke(main, ["build", "--root", str(mini)])
    assert build.exit_code == 1 and RULE in build.output and SECRET not in build.output
    assert not (mini / paths.STAGING_DIR).exists() and not (mini / paths.SITE_DIR).exists()
    templates = mini / paths.TEMPLATES_DIR / "overrides"
    templates.mkdir(parents=True)
    (templates / "404.html").symlink_to(outside / "secret.md")
    assert "site_templates/overrides/404.html" in {d.path for d in discover(mini)[2] if d.rule == RULE}


def test_build_refuses_a_linked_score_file(mini, outside):
    shutil.move(mini / S23, outside / "so-noi-vu.yaml")
    (mini / S23).symlink_to(outside / "so-noi-vu.yaml")
    build = CliRunner().invoke(main, ["build", "--root", str(mini)])
    assert build.exit_code == 1 and f"{S23}:1:1" in build.output and RULE in build.output
    assert not (mini / paths.SITE_DIR).exists()


def test_read_regular_refuses_links_and_pipes_without_opening_them(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "file").write_bytes(b"data")
    (folder / "link").symlink_to(folder / "file")
    os.mkfifo(folder / "pipe")
    assert files.read_regular(folder / "file") == b"data"
    for name in ("link", "pipe"):  # a pipe opened for reading would block here
        with pytest.raises(files.NotRegularFile):
            files.read_regular(folder / name)
    with pytest.raises(FileNotFoundError):
        files.read_regular(folder / "missing")
    found, refused = files.walk(tmp_path, "d")
    assert found == ["d/file"] and sorted(d.path for d in refused) == ["d/link", "d/pipe"]


def test_fix_skips_a_named_pipe_it_is_given(mini):
    pipe = "scores/2023/so-nganh/so-van-hoa.yaml"
    os.mkfifo(mini / pipe)
    done = subprocess.run([sys.executable, "-m", "generator.cli", "fix", "--root", str(mini), "--check",
                           str(mini / pipe)], capture_output=True, text=True, cwd=REPO, timeout=120)  # before: blocked
    assert done.returncode == 0 and "Traceback" not in done.stderr and pipe in done.stderr and "skipped" in done.stderr


def test_new_does_not_read_or_write_through_links(mini, outside):
    source = "criteria/so-nganh/2023.yaml"
    shutil.move(mini / source, outside / "2023.yaml")
    (mini / source).symlink_to(outside / "2023.yaml")
    new = CliRunner().invoke(main, ["new", "criteria", "--root", str(mini), "--group", "so-nganh", "--year", "2025",
                                    "--from", "2023"])
    assert new.exit_code != 0 and "not a regular file" in new.output, new.output
    assert not (mini / "criteria/so-nganh/2025.yaml").exists()
    (outside / "2024").mkdir()
    shutil.rmtree(mini / "scores/2024")
    (mini / "scores/2024").symlink_to(outside / "2024", target_is_directory=True)
    scores = CliRunner().invoke(main, ["new", "scores", "--root", str(mini), "--unit", "so-tu-phap", "--year", "2024"])
    assert scores.exit_code != 0 and "scores/2024 is a symbolic link" in scores.output, scores.output
    assert list((outside / "2024").iterdir()) == []
