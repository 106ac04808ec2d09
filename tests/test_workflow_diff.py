"""`parportal diff`, for real: a temporary git repository holding the golden dataset, a branch that
changes one appraised value so that a rank moves, and the summary a reviewer reads."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.files import NOT_REGULAR
from generator.workflow.diff import MARKER, as_markdown, md, run
from tests.conftest import MINI, REPO, mutate

TP23 = "scores/2023/so-nganh/so-tu-phap.yaml"
S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
OLD_REASON = "Một văn bản ban hành chưa đúng trình tự."
NEW_REASON = "Ba văn bản ban hành chưa đúng trình tự."
SECRET = "TOP-SECRET-7f3a"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The golden dataset committed on `main`, then a branch `change` where the council lowers
    Sở Tư pháp's appraised 2.1 from 8.5 to 6.5 with a new reason (its 2023 rank goes 2 → 3)."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "change")
    mutate(root, TP23, "    appraised: 8.5\n    reason: " + OLD_REASON, "    appraised: 6.5\n    reason: " + NEW_REASON)
    git(root, "commit", "-q", "-am", "Thẩm định lại 2.1")
    return root


def _diff(root: Path, *args: str):
    return CliRunner().invoke(main, ["diff", "--root", str(root), *args])


def test_summary_shows_the_rank_move_and_the_criterion_behind_it(repo):
    result = _diff(repo, "main", "HEAD")
    assert result.exit_code == 0, result.output
    summary, _, details = result.output.partition("\n\n")
    assert "1 đơn vị thay đổi chỉ số, 1 thay đổi thứ hạng" in summary and "HEAD is valid" in summary
    line = next(row for row in summary.splitlines() if "Sở Tư pháp" in row)
    assert "84,75 → 74,75" in line and "hạng/rank 2 → 3" in line
    assert "2.1: tự chấm/self 9, thẩm định/appraised 8,5 → 6,5" in line and NEW_REASON in line
    assert "Sở Nội vụ" not in summary  # tied with Sở Tư pháp before; its own result did not move
    assert "== 2023 · Sở, ban, ngành (so-nganh)" in details
    assert f"lý do/reason: {NEW_REASON} (trước/before: {OLD_REASON})" in details


def test_markdown_comment_has_the_summary_first_and_details_folded(repo):
    result = _diff(repo, "--format", "markdown", "main", "HEAD")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(MARKER + "\n")
    head, _, folded = text.partition("<details>")
    assert "✅" in head and "84,75 → 74,75" in head and "2 → 3" in head and md(NEW_REASON) in head
    assert "<summary>2023 · Sở, ban, ngành" in folded
    assert "| Sở Tư pháp | 84,75 → 74,75 | 2 → 3 | Khá |" in folded
    assert f"| 2\\.1 Xây dựng văn bản quy phạm pháp luật | 9 | 8,5 → 6,5 | 8,5 → 6,5 | {md(NEW_REASON)}" in folded
    assert folded.count("<details") + 1 == folded.count("</details>")  # the partition ate the first opening


def test_default_head_is_the_working_tree_and_errors_exit_1(repo):
    same = _diff(repo, "HEAD")
    assert same.exit_code == 0 and "0 đơn vị thay đổi chỉ số" in same.output
    mutate(repo, S23, '"2.1": {status: done, self: 8.5}', '"2.1": {status: done, self: 8.6}')
    broken = _diff(repo)  # base: main (no origin here), head: the working tree
    assert broken.exit_code == 1
    assert "main (" in broken.output and "cây làm việc / working tree" in broken.output
    assert "HEAD có 1 lỗi" in broken.output and f"{S23}:" in broken.output and "scores.value" in broken.output
    markdown = _diff(repo, "--format", "markdown")
    assert markdown.exit_code == 1 and "❌" in markdown.output and "<details open><summary>Lỗi ở HEAD" in markdown.output


def test_added_unit_and_changed_criteria_set_are_listed(repo):
    shutil.copy(repo / "scores/2024/so-nganh/so-noi-vu.yaml", repo / "scores/2024/so-nganh/so-tai-chinh.yaml")
    mutate(repo, "scores/2024/so-nganh/so-tai-chinh.yaml", "unit: so-noi-vu", "unit: so-tai-chinh")
    mutate(repo, "criteria/so-nganh/2023.yaml", "name: Báo cáo CCHC đúng hạn", "name: Báo cáo CCHC định kỳ đúng hạn")
    result = _diff(repo, "main")
    assert result.exit_code == 0, result.output
    assert "Sở Tài chính 2024 [mới / added]" in result.output
    assert "criteria/so-nganh/2023.yaml: sửa / changed (sửa/changed: 1.2)" in result.output


def test_revisions_and_repositories_are_checked(repo, tmp_path):
    missing = _diff(repo, "no-such-branch")
    assert missing.exit_code == 2 and "no-such-branch" in missing.output and "Traceback" not in missing.output
    option = _diff(repo, "--", "--output=/tmp/x")
    assert option.exit_code == 2
    plain = tmp_path / "plain"
    shutil.copytree(MINI, plain)
    outside = _diff(plain, "main")
    assert outside.exit_code == 2 and "git" in outside.output


def test_data_in_a_subfolder_of_the_repository(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    mutate(root / "data", TP23, "appraised: 8.5", "appraised: 6.5")
    result = _diff(root / "data", "main")
    assert result.exit_code == 0 and "hạng/rank 2 → 3" in result.output


def test_text_from_the_data_cannot_inject_markup(repo):
    evil = "<script>alert(1)</script> @everyone #1 [x](http://e.invalid) `code` | cell"
    mutate(repo, TP23, "reason: " + NEW_REASON, "reason: " + repr(evil).replace("'", '"'))
    text = as_markdown(run(repo, "main", None))
    assert "<script>" not in text and "@everyone" not in text and "](http" not in text
    assert "\\| cell" in text and "\\`code\\`" in text


def test_long_comments_leave_out_whole_sections(repo):
    report = run(repo, "main", "HEAD")
    full = as_markdown(report)
    short = as_markdown(report, limit=len(full) - 10)
    assert len(short) < len(full) and "detail sections left out" in short
    assert short.count("<details") == short.count("</details>")
    assert short.startswith(full.split("<details")[0].rstrip())  # the summary is always whole


def _diff_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`parportal diff` in its own process, to see what a user sees (a traceback included)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", "diff", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def test_committed_links_are_named_in_either_revision_never_followed(repo, tmp_path):
    """A commit holding symbolic links: one to a file outside the repository (tar's data filter
    raised on it: a traceback), one to a valid score file inside (followed before)."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"unit: {SECRET}\n", encoding="utf-8")
    (repo / "scores/2023/so-nganh/thanh-tra.yaml").symlink_to(secret)
    (repo / "scores/2022/so-nganh/so-van-hoa.yaml").symlink_to("../../2023/so-nganh/so-noi-vu.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    links = ("scores/2023/so-nganh/thanh-tra.yaml", "scores/2022/so-nganh/so-van-hoa.yaml")
    for base, head, exit_code, side in (("main", "HEAD", 1, "HEAD"), ("HEAD", "main", 0, "BASE")):
        for fmt in ("text", "markdown"):
            done = _diff_process(repo, "--format", fmt, base, head)
            out = done.stdout + done.stderr
            assert done.returncode == exit_code, out
            assert "Traceback" not in out and SECRET not in out
            assert all(md(link) in out if fmt == "markdown" else link in out for link in links), out
            assert md(NOT_REGULAR) in out if fmt == "markdown" else NOT_REGULAR in out
            assert f"Errors in {side}" in out
    # the working tree as HEAD: the links are refused there as well, by the loader
    done = _diff_process(repo, "main")
    assert done.returncode == 1 and "Traceback" not in done.stderr and all(link in done.stdout for link in links)


def test_an_invalid_base_is_said_and_nothing_is_compared(repo):
    """BASE with an invalid criteria set: the report says so and lists no unit (before: every
    change computed from it, and "HEAD is valid" alone)."""
    git(repo, "switch", "-q", "main")
    mutate(repo, "criteria/so-nganh/2022.yaml", "total: 20", "total: 21")
    git(repo, "commit", "-q", "-am", "broken")
    text = _diff(repo, "main", "change")
    assert text.exit_code == 0, text.output  # HEAD (change) is valid: its own line stays
    summary, _, details = text.output.partition("\n\n")
    assert "BASE (main (" in summary and "is invalid, with" in summary and "skipped" in summary
    assert "HEAD is valid" in summary
    assert "Sở Tư pháp" not in text.output and "== 2023" not in text.output and "Criteria sets" not in text.output
    assert "== Lỗi ở BASE / Errors in BASE" in details and "criteria/so-nganh/2022.yaml:" in details
    assert "criteria.maxima" in details
    markdown = _diff(repo, "--format", "markdown", "main", "change")
    assert markdown.exit_code == 0
    head, _, folded = markdown.output.partition("<details")
    assert "⚠️" in head and "is invalid" in head and "✅" in head
    assert "Lỗi ở BASE / Errors in BASE</summary>" in folded and md("criteria.maxima") in folded
    assert "Sở Tư pháp" not in markdown.output and "<summary>2023" not in markdown.output
    assert "No data changes" not in markdown.output
    valid = _diff(repo, "change", "HEAD")  # an invalid HEAD against a valid BASE: compared as before
    assert valid.exit_code == 1 and "Sở Tư pháp" in valid.output and "Errors in BASE" not in valid.output


TOLD = "Đơn vị có tệp điểm thay đổi · units whose score files changed: "


def _told(markdown: str) -> list[str]:
    lines = [line for line in markdown.splitlines() if line.startswith(TOLD)]
    assert len(lines) <= 1
    return lines[0][len(TOLD):].split() if lines else []


def test_the_units_whose_score_files_change_are_mentioned(repo):
    """CODEOWNERS lets only the group's appraisal team approve a score file; the unit whose file it
    is learns of the change from the comment, by its team's mention (organisation as codeowners)."""
    result = _diff(repo, "--format", "markdown", "main", "HEAD")
    assert _told(result.output) == ["@parportal/so-tu-phap"]
    # results that move without their file changing (a band threshold) tell no one; a new file and
    # an edited one do, sorted, in the organisation of province.repository
    mutate(repo, "criteria/so-nganh/2023.yaml", "{id: tot, name: Tốt, name_en: Good, min: 90}",
           "{id: tot, name: Tốt, name_en: Good, min: 80}")
    shutil.copy(repo / "scores/2024/so-nganh/so-noi-vu.yaml", repo / "scores/2024/so-nganh/so-tai-chinh.yaml")
    mutate(repo, "scores/2024/so-nganh/so-tai-chinh.yaml", "unit: so-noi-vu", "unit: so-tai-chinh")
    mutate(repo, "scores/units.yaml", "  demo: true\n", "  demo: true\n  repository: https://github.com/tinh-x/cchc\n")
    git(repo, "commit", "-q", "-am", "org")
    result = _diff(repo, "--format", "markdown", "main")
    assert result.exit_code == 0, result.output
    moved = [line for line in result.output.splitlines() if line.startswith("| ") and "→" in line.split("|")[4]]
    assert any("Sở Nội vụ" in line for line in moved)  # its band moved; its file did not
    assert _told(result.output) == ["@parportal/so-tai-chinh", "@parportal/so-tu-phap"]  # main's organisation
    assert _told(_diff(repo, "--format", "text", "main").output) == []
    untracked = _diff(repo, "--format", "markdown", "HEAD")  # HEAD names the organisation now
    assert untracked.exit_code == 0 and _told(untracked.output) == ["@tinh-x/so-tai-chinh"]
