"""`.github/CODEOWNERS` is generated from the registry and the criteria sets, and the committed one
must match the repository's data."""
from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main
from generator.workflow.codeowners import CODEOWNERS, drift, generate_for
from tests.conftest import REPO, mutate


def _owners(text: str) -> dict[str, list[str]]:
    rows = [row.split() for row in text.splitlines() if row.strip() and not row.startswith("#")]
    return {row[0]: row[1:] for row in rows}


def test_owners_follow_the_registry_and_the_appraising_agencies(mini):
    owners = _owners(generate_for(mini))
    assert owners["/criteria/so-nganh/"] == ["@parportal/so-noi-vu", "@parportal/so-tai-chinh"]
    assert owners["/scores/*/so-nganh/"] == ["@parportal/tham-dinh-so-nganh"]
    assert owners["/scores/units.yaml"] == ["@parportal/so-noi-vu", "@parportal/maintainers"]
    assert owners["*"] == ["@parportal/maintainers"]


def test_organisation_comes_from_the_registry(mini):
    mutate(mini, "scores/units.yaml", "  demo: true\n",
           "  demo: true\n  repository: https://github.com/tinh-thu-nghiem/cchc\n")
    assert "@tinh-thu-nghiem/so-noi-vu" in generate_for(mini)
    assert "@other/so-noi-vu" in generate_for(mini, "other")


def test_check_fails_when_the_file_drifts(mini):
    runner = CliRunner()
    missing = runner.invoke(main, ["codeowners", "--check", "--root", str(mini)])
    assert missing.exit_code == 1 and "parportal codeowners" in missing.output
    assert runner.invoke(main, ["codeowners", "--root", str(mini)]).exit_code == 0
    assert runner.invoke(main, ["codeowners", "--check", "--root", str(mini)]).exit_code == 0
    mutate(mini, "criteria/so-nganh/2023.yaml", "appraised_by: so-tai-chinh", "appraised_by: so-tu-phap")
    drifted = runner.invoke(main, ["codeowners", "--check", "--root", str(mini)])
    assert drifted.exit_code == 1 and "+/criteria/so-nganh/" in drifted.output and "so-tu-phap" in drifted.output
    assert drift(mini) is not None


def test_committed_codeowners_matches_the_repository_data():
    assert drift(REPO) is None, f"{CODEOWNERS} is out of date: run `parportal codeowners` and commit it"
