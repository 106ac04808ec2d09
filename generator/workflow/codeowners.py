"""`.github/CODEOWNERS` generated from the unit registry and the criteria sets.

GitHub accepts the approval of ANY ONE owner named on a line, so a line names only teams that may
each approve alone, and never a ranked unit's own team where that unit has a stake:

- each group's score files: that group's appraisal team (`tham-dinh-<group>`) only (the files
  of a group that has no line yet: the secretariat);
- each agency's appraisal and survey files (`…/tham-dinh/<agency>.yaml`, `…/dieu-tra/<agency>.yaml`,
  every year and group): that agency's team (`co-quan-<agency>`) only, so the Department of
  Finance approves its own appraisal of the criteria assigned to it, and nobody else's;
- each criteria set (it ranks the units of its group, and its appraising agencies are ranked
  units too): the council's secretariat (`thu-ky-cchc`) only; the agencies that appraise its
  criteria are asked to review the pull request, they do not approve;
- the unit registry and `generator/` (they decide who is ranked and how): the secretariat or
  the maintainers; `.github/` and everything else: the maintainers.

The secretariat's team is not the Department of Home Affairs' unit team (`so-noi-vu`): the
department is itself ranked. The unit whose score file changes is not an owner either (its team
would then approve its own scores); `parportal diff --format markdown` mentions it instead. A unit
id X maps to the team `@<org>/X`; the organisation is the one of the registry's
`province.repository` (GitHub), else `parportal`. Team names: `generator.core.teams`.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.core import paths, teams
from generator.load import Dataset, discover, load
from generator.load.model import APPRAISAL_FOLDER, SURVEY_FOLDER

CODEOWNERS = ".github/CODEOWNERS"
ORG = "parportal"
SECRETARIAT = teams.SECRETARIAT
MAINTAINERS = teams.MAINTAINERS
COMMAND = "parportal codeowners"
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # a unit or group id (load.model.Slug)
ORG_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")  # a GitHub organisation


def reviewers_team(group: str) -> str:
    return teams.appraisal(group)


def mention(org: str, team: str) -> str:
    """`@org/team`, for a team name that is a slug (unit and group ids are); ValueError otherwise."""
    if not _NAME.match(team) or not ORG_NAME.match(org):
        raise ValueError(f"not a team name: {org!r}/{team!r}")
    return f"@{org}/{team}"


def _groups(ds: Dataset, root: Path) -> list[str]:
    found = set(ds.groups)
    found.update(cs.group for cs in ds.criteria_sets)
    found.update(sf.group for sf in ds.score_files)
    criteria, scores, _ = discover(root)
    found.update(p.split("/")[1] for p in criteria)
    found.update(p.split("/")[2] for p in scores)
    # A folder whose name is not an id has no line of its own (`parportal check` reports it):
    # its files fall to `*`, the maintainers.
    return sorted(g for g in found if _NAME.match(g))


def org_of(ds: Dataset) -> str:
    """The GitHub organisation of the registry's `province.repository`, else `parportal`."""
    url = ds.registry.province.repository if ds.registry else None
    match = re.match(r"^https://github\.com/([^/]+)/", url or "")
    return match.group(1) if match and ORG_NAME.match(match.group(1)) else ORG


def generate(ds: Dataset, root: Path, org: str | None = None) -> str:
    """The whole CODEOWNERS text for the data under `root`: sorted and deterministic."""
    org = org or org_of(ds)

    def line(pattern: str, *names: str) -> str:
        return f"{pattern:<40} {' '.join(mention(org, n) for n in names)}".rstrip()

    out = [
        f"# Tệp sinh tự động, không sửa tay. Sinh lại bằng: {COMMAND}",
        f"# Generated file, do not edit by hand. Regenerate with: {COMMAND}",
        f"# Nguồn / Source: {paths.REGISTRY_FILE} và / and {paths.CRITERIA_DIR}/ (nhóm / groups).",
        f"# CI kiểm tra tệp này còn khớp / CI checks it is up to date: {COMMAND} --check",
        "# Dòng sau thắng dòng trước / A later line wins over an earlier one.",
        "# Mỗi team trên một dòng đều tự duyệt được một mình, nên không dòng nào ghi team của đơn vị được xếp hạng.",
        "# Any one team on a line may approve alone, so no line names a ranked unit's team.",
        "",
        "# Mặc định và mã nguồn / Default and code",
        line("*", MAINTAINERS),
        line("/.github/", MAINTAINERS),
        line("/generator/", SECRETARIAT, MAINTAINERS),
        "",
        f"# Bộ tiêu chí: chỉ thư ký Hội đồng ({SECRETARIAT}); cơ quan thẩm định tiêu chí được mời xem PR, không duyệt",
        f"# Criteria sets: the council's secretariat ({SECRETARIAT}) only; appraising agencies are asked to review, not to approve",
        line(f"/{paths.CRITERIA_DIR}/", SECRETARIAT),
        "",
        "# Tệp điểm: tổ thẩm định của từng nhóm đơn vị (nhóm chưa có dòng: thư ký Hội đồng)",
        "# Score files: each group's appraisal team (a group without a line yet: the secretariat)",
        line(f"/{paths.SCORES_DIR}/", SECRETARIAT),
    ]
    for group in _groups(ds, root):
        out.append(line(f"/{paths.SCORES_DIR}/*/{group}/", reviewers_team(group)))
    agencies = sorted({a.id for a in ds.registry.agencies} if ds.registry else set())
    agencies = [a for a in agencies if _NAME.match(a)]
    if agencies:
        out += ["", "# Tệp thẩm định, điều tra của từng cơ quan: team của cơ quan đó",
                "# Each agency's appraisal and survey files: that agency's team"]
        for agency in agencies:
            for folder in (APPRAISAL_FOLDER, SURVEY_FOLDER):
                out.append(line(f"/{paths.SCORES_DIR}/*/*/{folder}/{agency}.yaml", teams.agency(agency)))
    out += ["", "# Danh mục đơn vị / Unit registry", line(f"/{paths.REGISTRY_FILE}", SECRETARIAT, MAINTAINERS)]
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
