"""`.github/CODEOWNERS` is generated from the registry and the criteria sets, and the committed one
must match the repository's data."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import load
from generator.workflow.codeowners import CODEOWNERS, drift, generate_for, org_of
from tests.conftest import MINI, REPO, mutate


def _owners(text: str) -> dict[str, list[str]]:
    rows = [row.split() for row in text.splitlines() if row.strip() and not row.startswith("#")]
    return {row[0]: row[1:] for row in rows}


def _matches(pattern: str, rel: str) -> bool:
    """Whether a CODEOWNERS pattern of the kinds generated (`*`, `/dir/`, `/a/*/b/`, `/file`)
    matches a repository-relative path, as GitHub reads it."""
    if pattern == "*":
        return True
    assert pattern.startswith("/"), pattern
    body = re.escape(pattern[1:]).replace(r"\*", "[^/]*")
    return re.match(f"^{body}" + ("" if pattern.endswith("/") else "$"), rel) is not None


def _owner_of(owners: dict[str, list[str]], rel: str) -> list[str]:
    """The owners GitHub requests for a file: those of the last matching line."""
    found: list[str] = []
    for pattern, teams in owners.items():
        if _matches(pattern, rel):
            found = teams
    return found


def test_owners_follow_the_registry(mini):
    owners = _owners(generate_for(mini))
    assert owners["/criteria/"] == ["@parportal/thu-ky-cchc"]
    assert not any(pattern.startswith("/criteria/so-nganh") for pattern in owners)
    assert owners["/scores/*/so-nganh/"] == ["@parportal/tham-dinh-so-nganh"]
    assert owners["/scores/units.yaml"] == ["@parportal/thu-ky-cchc", "@parportal/maintainers"]
    assert owners["/generator/"] == ["@parportal/thu-ky-cchc", "@parportal/maintainers"]
    assert owners["*"] == ["@parportal/maintainers"]


def _data_files(root):
    """The repository's files (git), or every file of a fixture, with code paths besides."""
    if (root / ".git").exists():
        listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
        files = listed.splitlines()
    else:
        files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(set(files) | {"generator/cli/main.py", ".github/workflows/publish.yml", "README.md",
                                ".github/CODEOWNERS", "criteria/nhom-moi/2030.yaml", "scores/2030/nhom-moi/x.yaml"})


@pytest.mark.parametrize("root", [REPO, MINI], ids=["repository", "fixture"])
def test_no_ranked_unit_approves_what_ranks_it(root):
    """Any one owner of a line may approve alone (GitHub), so: no unit's own team owns any file;
    each group's score files are owned by exactly that group's appraisal team; criteria sets by
    the secretariat alone; the registry and the generator by the secretariat or the maintainers;
    everything else by the maintainers."""
    ds = load(root).dataset
    assert ds.registry is not None and ds.score_files and ds.criteria_sets
    org = org_of(ds)
    owners = _owners(generate_for(root))
    units = {f"@{org}/{u.id}" for u in ds.registry.units}
    appraisers = {f"@{org}/{c.appraised_by}" for cs in ds.criteria_sets for c, _ in cs.walk() if c.appraised_by}
    appraisers |= {f"@{org}/{cs.appraised_by}" for cs in ds.criteria_sets}
    agencies = {f"@{org}/{a.id}" for a in ds.registry.agencies}
    assert appraisers and appraisers <= units | agencies  # appraising agencies, some of them ranked units
    agency_teams = {f"@{org}/co-quan-{a.id}" for a in ds.registry.agencies}
    assert not agency_teams & units  # an agency's team is never a unit's own team
    secretariat, maintainers = f"@{org}/thu-ky-cchc", f"@{org}/maintainers"
    groups = set(ds.groups) | {sf.group for sf in ds.score_files}
    assert "nhom-moi" not in groups
    assert owners["*"] == [maintainers]
    for pattern, teams in owners.items():
        assert teams and not set(teams) & units, f"{pattern}: a unit's own team {set(teams) & units} may approve"
    files = _data_files(root)
    assert any(f.startswith("generator/") for f in files) and any(f.startswith("criteria/") for f in files)
    for rel in files:
        got = _owner_of(owners, rel)
        parts = rel.split("/")
        if rel == "scores/units.yaml" or parts[0] == "generator":
            assert got == [secretariat, maintainers], rel
        elif parts[0] == "criteria":
            assert got == [secretariat], rel
        elif parts[0] == "scores" and len(parts) == 5 and parts[3] in ("tham-dinh", "dieu-tra"):
            assert got == [f"@{org}/co-quan-{parts[4].removesuffix('.yaml')}"], rel  # the agency's own team
        elif parts[0] == "scores" and len(parts) == 4 and parts[2] in groups:
            assert got == [f"@{org}/tham-dinh-{parts[2]}"], rel
        elif parts[0] == "scores":  # a group with no line yet, notes beside the data
            assert got == [secretariat], rel
        else:
            assert got == [maintainers], rel
    for sf in ds.score_files:
        assert _owner_of(owners, sf.path) == [f"@{org}/tham-dinh-{sf.group}"], sf.path


def test_organisation_comes_from_the_registry(mini):
    mutate(mini, "scores/units.yaml", "  demo: true\n",
           "  demo: true\n  repository: https://github.com/tinh-thu-nghiem/cchc\n")
    assert "@tinh-thu-nghiem/thu-ky-cchc" in generate_for(mini)
    assert "@other/thu-ky-cchc" in generate_for(mini, "other")
    assert "@tinh-thu-nghiem/" not in generate_for(mini, "other")


def test_check_fails_when_the_file_drifts(mini):
    runner = CliRunner()
    missing = runner.invoke(main, ["codeowners", "--check", "--root", str(mini)])
    assert missing.exit_code == 1 and "parportal codeowners" in missing.output
    assert runner.invoke(main, ["codeowners", "--root", str(mini)]).exit_code == 0
    assert runner.invoke(main, ["codeowners", "--check", "--root", str(mini)]).exit_code == 0
    # an appraising agency never becomes an owner: the file does not change
    mutate(mini, "criteria/so-nganh/2023.yaml", "appraised_by: so-tai-chinh", "appraised_by: so-tu-phap")
    assert drift(mini) is None
    # a new group does
    mutate(mini, "scores/units.yaml", "groups:\n", "groups:\n  - {id: huyen, name: Huyện, name_en: Districts}\n")
    drifted = runner.invoke(main, ["codeowners", "--check", "--root", str(mini)])
    assert drifted.exit_code == 1 and "+/scores/*/huyen/" in drifted.output and "tham-dinh-huyen" in drifted.output
    assert drift(mini) is not None


def test_a_bad_organisation_is_refused_in_both_languages(mini):
    done = CliRunner().invoke(main, ["codeowners", "--root", str(mini), "--org", "x/y z"])
    assert done.exit_code == 2 and "không phải tên tổ chức" in done.output and "not a GitHub organisation" in done.output
    assert not (mini / CODEOWNERS).exists()
    mutate(mini, "scores/units.yaml", "  demo: true\n", "  demo: true\n  repository: https://github.com/a_b/cchc\n")
    assert "@parportal/thu-ky-cchc" in generate_for(mini)  # not an organisation name: the default


def test_committed_codeowners_matches_the_repository_data():
    assert drift(REPO) is None, f"{CODEOWNERS} is out of date: run `parportal codeowners` and commit it"
