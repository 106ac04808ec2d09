"""The GitHub teams that review changes, by name (within the organisation of the registry's
`province.repository`).

Each ranked unit `X` has the team `X` (its own staff); besides them there are three kinds of
team that are not units, and whose names no unit id may take (`registry.consistent` checks it),
so that a unit's own team can never stand in for one of them in `.github/CODEOWNERS`:

- `thu-ky-cchc`: the secretariat of the appraisal council (officials of the Department of Home
  Affairs acting for the council, not the department as a ranked unit): approves criteria sets,
  the unit registry and the generator;
- `maintainers`: the portal's maintainers: approve the code, the workflows and everything else;
- `tham-dinh-<group>`: each group's appraisal team: approves that group's score files;
- `co-quan-<agency>`: the staff of an agency that appraises or surveys (`agencies:` in the
  registry) acting as that agency, not as a ranked unit: approves that agency's own files
  (scores/<year>/<group>/tham-dinh|dieu-tra/<agency>.yaml).
"""
from __future__ import annotations

SECRETARIAT = "thu-ky-cchc"
MAINTAINERS = "maintainers"
APPRAISAL_PREFIX = "tham-dinh-"
AGENCY_PREFIX = "co-quan-"


def appraisal(group: str) -> str:
    """The team that appraises and approves one group's score files."""
    return APPRAISAL_PREFIX + group


def agency(agency_id: str) -> str:
    """The team of an agency's staff that approves its appraisal or survey files."""
    return AGENCY_PREFIX + agency_id


def reserved(unit_id: str) -> bool:
    """True when a unit with this id would share its team name with a reviewing team."""
    return unit_id in (SECRETARIAT, MAINTAINERS) or unit_id.startswith((APPRAISAL_PREFIX, AGENCY_PREFIX))
