"""`.github/CODEOWNERS` generated from the unit registry and the criteria sets.

Who must approve what: each group's score files, that group's appraisal reviewers; each
criteria directory, the Department of Home Affairs (secretariat of the appraisal council, the sets' default `appraised_by`) and every agency that
appraises a criterion in it; the registry and the generator, the secretariat and the
maintainers. A unit id X maps to the team `@<org>/X`; the organisation is the one of the
registry's `province.repository` (GitHub), else `parportal`.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.core import paths
from generator.load import Dataset, discover, load

CODEOWNERS = ".github/CODEOWNERS"
ORG = "parportal"
SECRETARIAT = "so-noi-vu"
MAINTAINERS = "maintainers"
COMMAND = "parportal codeowners"


def reviewers_team(group: str) -> str:
    return f"tham-dinh-{group}"


def _groups(ds: Dataset, root: Path) -> list[str]:
    found = set(ds.groups)
    found.update(cs.group for cs in ds.criteria_sets)
    found.update(sf.group for sf in ds.score_files)
    criteria, scores, _ = discover(root)
    found.update(p.split("/")[1] for p in criteria)
    found.update(p.split("/")[2] for p in scores)
    return sorted(found)


def secretariat(ds: Dataset) -> list[str]:
    """The council's secretariat: the default appraising agency of the criteria sets (the
    Department of Home Affairs in practice), `so-noi-vu` when there is no set yet."""
    return sorted({cs.appraised_by for cs in ds.criteria_sets}) or [SECRETARIAT]


def _appraisers(ds: Dataset, group: str) -> list[str]:
    """Every agency that appraises something in the group's sets, the default one first."""
    default = {cs.appraised_by for cs in ds.sets_of(group)} or set(secretariat(ds))
    others = {c.appraised_by for cs in ds.sets_of(group) for c, _ in cs.walk() if c.appraised_by} - default
    return sorted(default) + sorted(others)


def org_of(ds: Dataset) -> str:
    """The GitHub organisation of the registry's `province.repository`, else `parportal`."""
    url = ds.registry.province.repository if ds.registry else None
    match = re.match(r"^https://github\.com/([A-Za-z0-9-]+)/", url or "")
    return match.group(1) if match else ORG


def generate(ds: Dataset, root: Path, org: str | None = None) -> str:
    """The whole CODEOWNERS text for the data under `root`: sorted and deterministic."""
    org = org or org_of(ds)
    home = secretariat(ds)

    def team(name: str) -> str:
        return f"@{org}/{name}"

    def line(pattern: str, *teams: str) -> str:
        return f"{pattern:<40} {' '.join(team(t) for t in teams)}".rstrip()

    out = [
        f"# Tệp sinh tự động, không sửa tay. Sinh lại bằng: {COMMAND}",
        f"# Generated file, do not edit by hand. Regenerate with: {COMMAND}",
        f"# Nguồn / Source: {paths.REGISTRY_FILE} và / and {paths.CRITERIA_DIR}/*/*.yaml (appraised_by).",
        f"# CI kiểm tra tệp này còn khớp / CI checks it is up to date: {COMMAND} --check",
        "# Dòng sau thắng dòng trước / A later line wins over an earlier one.",
        "",
        "# Mặc định và mã nguồn / Default and code",
        line("*", MAINTAINERS),
        line("/.github/", MAINTAINERS),
        line("/generator/", *home, MAINTAINERS),
        "",
        "# Bộ tiêu chí: Sở Nội vụ và các cơ quan thẩm định tiêu chí trong đó",
        "# Criteria sets: the Department of Home Affairs and every agency that appraises a criterion in them",
    ]
    groups = _groups(ds, root)
    for group in groups:
        out.append(line(f"/{paths.CRITERIA_DIR}/{group}/", *_appraisers(ds, group)))
    out += ["", "# Tệp điểm: nhóm thẩm định của từng nhóm đơn vị / Score files: each group's appraisal reviewers"]
    for group in groups:
        out.append(line(f"/{paths.SCORES_DIR}/*/{group}/", reviewers_team(group)))
    out += ["", "# Danh mục đơn vị / Unit registry", line(f"/{paths.REGISTRY_FILE}", *home, MAINTAINERS)]
    return "\n".join(out) + "\n"


def generate_for(root: Path, org: str | None = None) -> str:
    return generate(load(root).dataset, root, org)


def drift(root: Path, org: str | None = None) -> str | None:
    """A unified diff from the committed file to the generated one, or None when they agree."""
    want = generate_for(root, org)
    file = root / CODEOWNERS
    have = file.read_text(encoding="utf-8") if file.is_file() else ""
    if have == want:
        return None
    return "".join(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                        f"{CODEOWNERS} (hiện có / committed)", f"{CODEOWNERS} (sinh ra / generated)"))
