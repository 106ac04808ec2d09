"""`parportal diff`, for real: a temporary git repository holding the golden dataset, a branch that
changes one appraised value so that a rank moves, and the summary a reviewer reads."""
from __future__ import annotations

import os
import re
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
    assert "criteria/so-nganh/2023.yaml: sửa / changed: đổi tên hoặc gộp/renamed or merged 1" in result.output
    assert "    đổi tên hoặc gộp/renamed or merged: 1.2 «Báo cáo CCHC đúng hạn» → «Báo cáo CCHC định kỳ đúng hạn»" \
        in result.output


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


TOLD = "Đơn vị có tệp điểm hoặc kết quả thẩm định thay đổi · units whose score files or appraisals changed: "


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


# --------------------------------------------------------------------------- the appraisal cycle in the summary

AGENCY23 = "scores/2023/so-nganh/tham-dinh/so-tai-chinh.yaml"
NV23 = "scores/2023/so-nganh/so-noi-vu.yaml"
NV24 = "scores/2024/so-nganh/so-noi-vu.yaml"
EVIL = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
EXPLAINED = ("Đơn vị đã bổ sung hồ sơ chứng minh các hồ sơ được giải quyết đúng hạn, kèm xác nhận của bộ phận một "
             "cửa; đề nghị Sở Tài chính giữ nguyên số liệu tự báo cáo của đơn vị.")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The golden dataset committed on `main`, a branch `work` checked out for a change."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "work")
    return root


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def _explain(root: Path, rel: str, cid: str, text: str) -> None:
    """The unit explains `cid` after the preliminary appraisal (appended to its score file)."""
    file = root / rel
    file.write_text(file.read_text(encoding="utf-8") + f'explanations:\n  "{cid}":\n    date: 2023-11-20\n'
                    f"    text: {text!r}\n    evidence: [{{number: 12/CV-GT, date: 2023-11-19}}]\n".replace("'", '"'),
                    encoding="utf-8")


def _appraisal_round(root: Path, rejected_reason: str = "Hồ sơ bổ sung được tiếp nhận sau thời điểm chốt số liệu.") -> None:
    """Sở Tài chính's file answers a round of explanations: its document is renumbered; it lowers
    Sở Tư pháp's 1.3.1 (50/50 → 45/50 on time: 2 → 1 point) and rejects the explanation; it lowers
    Sở Nội vụ's and accepts its explanation (the self-assessment restored); it lowers Thanh tra
    tỉnh's, whose own file does not change."""
    mutate(root, AGENCY23, "number: 88/BC-STC\n  date: 2023-11-05", "number: 95/BC-STC\n  date: 2023-11-25")
    mutate(root, AGENCY23, '"1.3.1": {appraised_figures: {received: 50, on_time: 50, late: 0}}',
           '"1.3.1":\n      appraised_figures: {received: 50, on_time: 45, late: 5}\n'
           "      reason: Đối chiếu với Hệ thống thông tin giải quyết TTHC.\n"
           f"      response: {{date: 2023-11-24, accepted: false, reason: {rejected_reason!r}}}".replace("'", '"'))
    mutate(root, AGENCY23, '"1.3.1": {appraised_figures: {received: 200, on_time: 196, late: 4}}',
           '"1.3.1":\n      appraised_figures: {received: 200, on_time: 180, late: 20}\n'
           "      reason: Số liệu chưa khớp với hệ thống.\n      response: {date: 2023-11-24, accepted: true}")
    mutate(root, AGENCY23, '"1.3.1": {appraised_figures: {received: 10, on_time: 10, late: 0}}',
           '"1.3.1": {appraised_figures: {received: 10, on_time: 9, late: 1}, reason: Một hồ sơ quá hạn.}')
    _explain(root, TP23, "1.3.1", EXPLAINED)
    _explain(root, NV23, "1.3.1", EXPLAINED)


def _section(text: str, heading: str) -> str:
    """A `== heading` section of the text report."""
    start = text.index(f"== {heading}")
    end = text.find("\n== ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_agency_file_explanations_and_responses(data):
    _appraisal_round(data)
    _commit(data, "Sở Tài chính trả lời giải trình")
    result = _diff(data, "main", "HEAD")
    assert result.exit_code == 0, result.output
    text = result.output
    summary, _, details = text.partition("\n\n")
    assert "2 đơn vị thay đổi chỉ số, 1 thay đổi thứ hạng" in summary
    assert "2 giải trình hoặc trả lời mới, sửa" in summary and "2 explanations or responses added or changed" in summary
    assert "1 tệp của cơ quan thẩm định, điều tra thêm/sửa" in summary and "1 agency files added/changed" in summary
    assert ("Thẩm định/appraisal Sở Tài chính 2023 · Sở, ban, ngành [sửa / changed]: 3 mục thay đổi, 3 đơn vị / "
            "3 entries changed, 3 units; văn bản/document 88/BC-STC (2023-11-05) → 95/BC-STC (2023-11-25)") in summary
    # the agency's file: each unit's entry, before → after (only the figures that moved), reason, response
    agency = _section(details, "Tệp của cơ quan thẩm định, điều tra / Agency files")
    assert f"{AGENCY23}: Sở Tài chính (so-tai-chinh), thẩm định/appraisal 2023 · Sở, ban, ngành [sửa / changed]" in agency
    assert "văn bản/document: 88/BC-STC (2023-11-05) «Báo cáo thẩm định" in agency and "→ 95/BC-STC (2023-11-25)" in agency
    tp = next(line for line in agency.splitlines() if "(so-tu-phap)" in line)
    assert tp.strip().startswith("Sở Tư pháp (so-tu-phap) 1.3.1: late 0 → 5, on_time 50 → 45")
    assert "lý do/reason: Đối chiếu với Hệ thống thông tin giải quyết TTHC." in tp
    assert "trả lời/response 2023-11-24: không chấp nhận/rejected — Hồ sơ bổ sung được tiếp nhận sau" in tp
    nv = next(line for line in agency.splitlines() if "(so-noi-vu)" in line)
    assert "late 4 → 20, on_time 196 → 180" in nv and "chấp nhận/accepted, giữ điểm tự chấm/self-assessment restored" in nv
    assert "Thanh tra tỉnh (thanh-tra-tinh) 1.3.1: late 0 → 1, on_time 10 → 9; lý do/reason: Một hồ sơ quá hạn." in agency
    # per unit: the points that moved, then the explanation (shortened) and the response
    units = _section(details, "2023 · Sở, ban, ngành (so-nganh)")
    assert "Sở Tư pháp (so-tu-phap): chỉ số/index 84,75 → 79,75, hạng/rank 2 → 3" in units
    shortened = EXPLAINED[:100]
    assert (f"1.3.1 giải trình/explanation 2023-11-20: «{shortened}" in units and "…» + 12/CV-GT (2023-11-19)" in units
            and EXPLAINED not in units)
    assert "trả lời/response 2023-11-24: không chấp nhận/rejected — Hồ sơ bổ sung" in units
    assert "trả lời/response 2023-11-24: chấp nhận/accepted, điểm/points 1 → 1,5" in units  # Sở Nội vụ: 180/200 → 196/200
    assert "Sở Nội vụ (so-noi-vu): chỉ số/index 84,75, hạng/rank 2" in units  # restored: its result did not move

    markdown = _diff(data, "--format", "markdown", "main", "HEAD").output
    head, _, folded = markdown.partition("<details>")
    assert _told(markdown) == ["@parportal/so-noi-vu", "@parportal/so-tu-phap", "@parportal/thanh-tra-tinh"]
    agencies = [line for line in head.splitlines() if line.startswith("Cơ quan có tệp thẩm định, điều tra thay đổi")]
    assert agencies == ["Cơ quan có tệp thẩm định, điều tra thay đổi · agencies whose appraisal or survey files changed: "
                        "@parportal/co-quan-so-tai-chinh"]
    assert ("<details><summary>Thẩm định / appraisal · Sở Tài chính · 2023 · Sở, ban, ngành: sửa / changed, "
            "3 mục / entries</summary>") in folded
    assert (f"| Sở Tư pháp | 1\\.3\\.1 | late 0 → 5, on\\_time 50 → 45 | {md('Đối chiếu với Hệ thống thông tin giải quyết TTHC.')} | "
            f"2023\\-11\\-24: không chấp nhận/rejected — {md('Hồ sơ bổ sung được tiếp nhận sau thời điểm chốt số liệu.')} |") in folded
    assert "*Giải trình và trả lời / Explanations and responses*" in folded
    assert f"- **1\\.3\\.1** giải trình/explanation 2023\\-11\\-20: «{md(shortened)}" in folded
    assert folded.count("<details") + 1 == folded.count("</details>")
    # units first, the agency's file after them
    assert folded.index("<summary>2023 · Sở, ban, ngành") < folded.index("<summary>Thẩm định / appraisal")


def test_a_new_agency_file_lists_what_differs_and_counts_the_confirmations(data):
    (data / AGENCY23).unlink()
    _commit(data, "before Sở Tài chính appraises")
    git(data, "tag", "before")
    git(data, "checkout", "-q", "main", "--", AGENCY23)
    mutate(data, AGENCY23, '"1.3.1": {appraised_figures: {received: 50, on_time: 50, late: 0}}',
           '"1.3.1": {appraised_figures: {received: 50, on_time: 45, late: 5}, reason: Năm hồ sơ quá hạn.}')
    _commit(data, "Sở Tài chính appraises")
    text = _diff(data, "before", "HEAD").output
    agency = _section(text, "Tệp của cơ quan thẩm định, điều tra / Agency files")
    assert f"{AGENCY23}: Sở Tài chính (so-tai-chinh), thẩm định/appraisal 2023 · Sở, ban, ngành [mới / added]" in agency
    assert ("4 đơn vị, 4 tiêu chí / 4 units, 4 criteria; 3 xác nhận điểm tự chấm, 1 khác hoặc có trả lời giải trình / "
            "3 confirm the self-assessment, 1 differ or answer an explanation") in agency
    assert ("Sở Tư pháp (so-tu-phap) 1.3.1: tự chấm/self → thẩm định/appraised: late 0 → 5, on_time 50 → 45; "
            "lý do/reason: Năm hồ sơ quá hạn.") in agency
    assert "(so-noi-vu)" not in agency  # a confirmation is counted, not listed
    assert "văn bản/document: — → 88/BC-STC (2023-11-05)" in agency
    markdown = _diff(data, "--format", "markdown", "before", "HEAD").output
    told = [line for line in markdown.splitlines() if line.startswith("Cơ quan có tệp")]
    assert told and told[0].endswith(": @parportal/co-quan-so-tai-chinh")
    # every unit the new file records is told, though only one of them moved
    assert _told(markdown) == ["@parportal/so-noi-vu", "@parportal/so-tai-chinh", "@parportal/so-tu-phap",
                               "@parportal/thanh-tra-tinh"]


def test_untrusted_text_of_the_appraisal_cycle_stays_inert_in_the_comment(data):
    """Reasons, responses, explanations, notes, evidence titles and agency names come from data
    files: in the comment they are text, never HTML, links or mentions."""
    _appraisal_round(data, rejected_reason=EVIL + " @everyone")
    mutate(data, AGENCY23, "reason: Một hồ sơ quá hạn.", f"reason: {EVIL!r}".replace("'", '"'))
    mutate(data, NV23, "note: Bị phê bình một lần.", f"note: {EVIL!r}".replace("'", '"'))
    mutate(data, NV23, "title: Kế hoạch cải cách hành chính năm 2023", f"title: {EVIL!r}".replace("'", '"'))
    mutate(data, TP23, f"text: {EXPLAINED!r}".replace("'", '"'), f"text: {EVIL!r}".replace("'", '"'))
    mutate(data, "scores/units.yaml", "    name: Sở Tài chính\n    name_en: Department of Finance\n    role: department",
           f"    name: {EVIL!r}\n    name_en: Department of Finance\n    role: department".replace("'", '"'))
    _commit(data, "hostile")
    text = as_markdown(run(data, "main", "HEAD"))
    for bad in ("<script", "<img", "](javascript", "](", "@everyone", "onerror=alert(1)>"):
        assert bad not in text, bad
    assert text.count(md(EVIL)) >= 4  # the reason, the response, the explanation, the note, each escaped
    assert "&#60;img src=x onerror=alert\\(1\\)&#62;" in text
    assert "&lt;script&gt;" in text  # the agency's name inside <summary>, escaped as HTML
    assert "&#91;x&#93;&#40;javascript" in text and "&#\u200b" not in text  # references whole, not broken by a space
    plain = _diff(data, "main", "HEAD").output
    assert EVIL in plain  # the terminal shows the text as it is


def test_stage_changes_and_the_appraisal_document(data):
    mutate(data, NV24, "stage: self", "stage: appraised")
    mutate(data, NV23, "appraisal: Báo cáo thẩm định số 45/BC-SNV ngày 10/11/2023",
           "appraisal: Báo cáo thẩm định số 46/BC-SNV ngày 20/11/2023")
    _commit(data, "stage")
    result = _diff(data, "main", "HEAD")
    assert result.exit_code == 0, result.output
    summary, _, details = result.output.partition("\n\n")
    assert "1 đơn vị chuyển giai đoạn" in summary and "1 units changed stage" in summary
    assert ("Chuyển giai đoạn/stage 2024 · Sở, ban, ngành: Đang tự đánh giá (self-assessment) → "
            "Đã thẩm định (appraised): 1 đơn vị/units") in summary
    assert "giai đoạn/stage Đang tự đánh giá (self-assessment) → Đã thẩm định (appraised)" in details
    assert ("văn bản thẩm định/appraisal document: Báo cáo thẩm định số 45/BC-SNV ngày 10/11/2023 → "
            "Báo cáo thẩm định số 46/BC-SNV ngày 20/11/2023") in _section(details, "2023 · Sở, ban, ngành")
    markdown = _diff(data, "--format", "markdown", "main", "HEAD").output
    assert "| Sở Nội vụ | Đang tự đánh giá (self-assessment) → Đã thẩm định (appraised) |" in markdown
    assert "Văn bản thẩm định / Appraisal document: Báo cáo thẩm định số 45/BC\\-SNV" in markdown


def test_evidence_and_note_changes_per_criterion(data):
    mutate(data, TP23, '"1.1": {status: done, self: 1.5}',
           '"1.1":\n    status: done\n    self: 1.5\n    evidence: [{number: 3/KH-STP, date: 2023-01-10}]')
    _commit(data, "one")
    git(data, "tag", "one")
    mutate(data, TP23, "\n    evidence: [{number: 3/KH-STP, date: 2023-01-10}]", "")
    mutate(data, NV23, "title: Kế hoạch cải cách hành chính năm 2023",
           "title: Kế hoạch CCHC năm 2023 (sửa đổi)\n      - number: 15/BC-SNV\n        date: 2023-03-01\n"
           "        title: Báo cáo kết quả thực hiện")
    mutate(data, NV23, "note: Bị phê bình một lần.", "note: Bị phê bình hai lần.")
    _commit(data, "two")
    result = _diff(data, "one", "HEAD")
    assert result.exit_code == 0, result.output
    summary, _, details = result.output.partition("\n\n")
    assert "0 đơn vị thay đổi chỉ số" in summary and "2 đơn vị đổi dữ liệu nhưng giữ kết quả" in summary
    units = _section(details, "2023 · Sở, ban, ngành")
    assert ("    1.1 thêm/added 15/BC-SNV (2023-03-01) «Báo cáo kết quả thực hiện»; sửa/changed 12/KH-SNV (2023-01-15) "
            "«Kế hoạch cải cách hành chính năm 2023» → 12/KH-SNV (2023-01-15) «Kế hoạch CCHC năm 2023 (sửa đổi)»") in units
    assert "    2.2 ghi chú/note «Bị phê bình một lần.» → «Bị phê bình hai lần.»" in units
    assert "    1.1 bỏ/removed 3/KH-STP (2023-01-10)" in units
    assert "tự chấm/self" not in units  # no score moved: no criterion line of points
    markdown = _diff(data, "--format", "markdown", "one", "HEAD").output
    assert "*Tài liệu kiểm chứng, ghi chú / Evidence and notes*" in markdown
    assert "- **2\\.2** ghi chú/note «Bị phê bình một lần\\.» → «Bị phê bình hai lần\\.»" in markdown
    assert "| Tiêu chí / Criterion |" not in markdown


def _next_set(root: Path) -> None:
    """criteria/so-nganh/2024.yaml from 2023's: every criterion continues its own id, but 1.2 is
    renamed, 2.2 removed, 2.3 added and 2.1 weighs 8 instead of 9."""
    text = (root / "criteria/so-nganh/2023.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n\s*replaces: \[[^\]]*\]", "", text)
    text = re.sub(r'(\n\s*)- id: "([^"]+)"', lambda m: f'{m.group(0)}{m.group(1)}  replaces: ["{m.group(2)}"]', text)
    for old, new in (("year: 2023", "year: 2024"), ("thử nghiệm 2023", "thử nghiệm 2024"), ("set 2023", "set 2024"),
                     ("200/QĐ-UBND", "300/QĐ-UBND"), ("date: 2022-12-20", "date: 2023-12-20"),
                     ("name: Báo cáo CCHC đúng hạn", "name: Báo cáo CCHC định kỳ đúng hạn"),
                     ("name: Xây dựng văn bản quy phạm pháp luật\n        max: 9",
                      "name: Xây dựng văn bản quy phạm pháp luật\n        max: 8"),
                     ('      - id: "2.2"\n        replaces: ["2.2"]\n        name: Bị phê bình do chậm trễ\n        max: 0\n'
                      "        rule: {type: deduction, floor: -2, step: 0.5}\n",
                      '      - id: "2.3"\n        name: Công khai dự thảo văn bản\n        max: 1\n        rule: {type: binary}\n')):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (root / "criteria/so-nganh/2024.yaml").write_text(text, encoding="utf-8")
    mutate(root, NV24, '  "2.2": {status: done, self: 0}\n', "")


def test_a_new_criteria_set_is_listed_in_detail(data):
    _next_set(data)
    _commit(data, "2024 set")
    result = _diff(data, "main", "HEAD")
    assert result.exit_code == 0, result.output
    sets = _section(result.output, "Bộ tiêu chí / Criteria sets")
    assert ("criteria/so-nganh/2024.yaml: bộ mới / new set, 12 tiêu chí / criteria, so với/against "
            "criteria/so-nganh/2023.yaml: bỏ/removed 1, đổi tên hoặc gộp/renamed or merged 1, thêm/added 1, "
            "điểm tối đa/maximum 1") in sets
    assert "    bỏ/removed: 2.2 Bị phê bình do chậm trễ" in sets
    assert "    đổi tên hoặc gộp/renamed or merged: 1.2 «Báo cáo CCHC đúng hạn» → «Báo cáo CCHC định kỳ đúng hạn»" in sets
    assert "    thêm/added: 2.3 Công khai dự thảo văn bản" in sets
    assert "    điểm tối đa/maximum: 2.1: 9 → 8" in sets
    markdown = _diff(data, "--format", "markdown", "main", "HEAD").output
    summary = next(line for line in markdown.splitlines() if line.startswith("<details><summary>Bộ tiêu chí"))
    assert "criteria/so-nganh/2024.yaml: bộ mới / new set, 12 tiêu chí / criteria" in summary and "bỏ/removed 1" in summary
    assert "- **bỏ/removed** (1): 2\\.2 Bị phê bình do chậm trễ" in markdown
    assert "- **điểm tối đa/maximum** (1): 2\\.1: 9 → 8" in markdown


def test_the_site_and_the_summary_compare_sets_alike(data):
    """The comparison is one function (compute.setchanges), used by the site's changes page."""
    from generator.compute.setchanges import criteria_changes
    from generator.load import load
    from generator.render import pages
    assert pages.criteria_changes is criteria_changes
    _next_set(data)
    ds = load(data).dataset
    old, new = ds.set_for("so-nganh", 2023), ds.set_for("so-nganh", 2024)
    found = criteria_changes(old, new)
    assert [c.id for c in found["removed"]] == ["2.2"] and [c.id for c in found["added"]] == ["2.3"]
    assert [(a.id, b.name) for a, b in found["renamed"]] == [("1.2", "Báo cáo CCHC định kỳ đúng hạn")]
    assert [([p.id for p in prev], c.id, m) for prev, c, m in found["maxima"]] == [(["2.1"], "2.1", 9)]


def test_an_open_year_shows_points_so_far_and_statuses_in_vietnamese(data):
    mutate(data, NV24, '"2.1": {status: failed, self: 4}', '"2.1": {status: done, self: 6}')
    mutate(data, NV24, '"1.2": {status: not_due}', '"1.2": {status: done, self: true}')
    _commit(data, "progress")
    result = _diff(data, "main", "HEAD")
    assert result.exit_code == 0, result.output
    summary, _, details = result.output.partition("\n\n")
    assert "0 đơn vị thay đổi chỉ số" in summary
    assert "1 đơn vị của năm đang đánh giá đổi điểm hoặc trạng thái" in summary
    line = next(row for row in summary.splitlines() if "Sở Nội vụ 2024" in row)
    assert "— —" not in line and "hạng/rank" not in line and "chỉ số/index" not in line
    assert "(đang đánh giá/in progress): điểm đến nay/points so far 6 → 9 (trên/of 15), đã thực hiện/done 2/6 → 4/6" in line
    assert "2.1: Không đạt → Đã thực hiện (failed → done), tự chấm/self 4 → 6" in line
    assert "1.2: Chưa đến hạn → Đã thực hiện (not yet due → done)" in line
    units = _section(details, "2024 · Sở, ban, ngành")
    assert "— —" not in units and "hạng/rank" not in units
    assert "trạng thái/status Không đạt → Đã thực hiện (failed → done)" in units
    markdown = _diff(data, "--format", "markdown", "main", "HEAD").output
    assert "— —" not in markdown
    assert "| Đơn vị / Unit | Giai đoạn / Stage | Điểm đến nay / Points so far | Đã thực hiện / Done |" in markdown
    assert "| Sở Nội vụ | Đang tự đánh giá (self-assessment) | 6 → 9 / 15 | 2/6 → 4/6 |" in markdown
    assert "<sub>(Không đạt → Đã thực hiện \\(failed → done\\))</sub>" in markdown


ROUND23 = "scores/2023/ky-danh-gia.yaml"


def test_deadlines_missed_and_the_results_decision(data):
    """What a change does after its deadline (scores/<year>/ky-danh-gia.yaml) is listed once: when
    it first appears; a round's changed deadline and decision are said."""
    mutate(data, TP23, "stage: final\n", "stage: final\nsubmitted: 2023-10-30\n")
    _commit(data, "late submission")
    git(data, "tag", "one")
    _explain(data, TP23, "2.1", EXPLAINED)
    mutate(data, ROUND23, "explanation: 2023-11-03", "explanation: 2023-11-06")
    mutate(data, ROUND23, "number: 2815/QĐ-UBND", "number: 2816/QĐ-UBND")
    _commit(data, "late explanation, decision renumbered")
    result = _diff(data, "main", "HEAD")
    assert result.exit_code == 0, result.output
    summary, _, details = result.output.partition("\n\n")
    assert "2 việc làm sau thời hạn" in summary and "2 things done after their deadline" in summary
    assert "1 nhóm có thời hạn hoặc quyết định công bố thay đổi" in summary
    assert ("Sau thời hạn/after the deadline: Sở Tư pháp 2023 — nộp tự đánh giá/self-assessment submitted 2023-10-30, "
            "hạn/due 2023-10-25 (muộn 5 ngày/5 days late)") in summary
    assert ("Sau thời hạn/after the deadline: Sở Tư pháp 2023 — giải trình/explanation 2.1 2023-11-20, "
            "hạn/due 2023-11-06 (muộn 14 ngày/14 days late)") in summary
    assert ("Kỳ đánh giá/round 2023 · Sở, ban, ngành: hạn/deadline Giải trình/explanations 2023-11-03 → 2023-11-06; "
            "quyết định công bố/results decision 2815/QĐ-UBND (2023-11-10) → 2816/QĐ-UBND (2023-11-10)") in summary
    section = _section(details, "Thời hạn, quyết định công bố / Deadlines and decisions")
    assert f"{ROUND23} Sở, ban, ngành (so-nganh): hạn/deadline Giải trình" in section
    assert "Sở Tư pháp (so-tu-phap) 2023: nộp tự đánh giá/self-assessment submitted 2023-10-30" in section
    later = _diff(data, "one", "HEAD").output  # the late submission was in BASE already
    assert "giải trình/explanation 2.1 2023-11-20" in later and "nộp tự đánh giá/self-assessment submitted" not in later
    markdown = _diff(data, "--format", "markdown", "main", "HEAD").output
    assert ("<details><summary>Thời hạn, quyết định công bố / Deadlines and decisions: 2 việc sau thời hạn / "
            "done after the deadline</summary>") in markdown
    assert ("| Sở Tư pháp | 2023 | giải trình/explanation 2\\.1 2023-11-20, hạn/due 2023-11-06 "
            "(muộn 14 ngày/14 days late) |") in markdown
