"""`Dataset`: everything one checkout holds, loaded, in a stable order; the load stage's output."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.core import paths
from generator.load.boundaries import BoundaryMap
from generator.load.model import (
    Agency,
    AgencyEntry,
    AgencyFile,
    CriteriaSet,
    Criterion,
    Registry,
    Round,
    RoundGroup,
    ScoreFile,
    Unit,
)


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one checkout, in a stable order."""

    root: Path
    registry: Registry | None
    criteria_sets: tuple[CriteriaSet, ...]
    score_files: tuple[ScoreFile, ...]
    files: tuple[str, ...] = field(default=())  # every data file seen, repo-relative
    agency_files: tuple[AgencyFile, ...] = field(default=())  # appraisal and survey files of agencies
    rounds: tuple[Round, ...] = field(default=())              # each year's deadlines and decisions
    # Repo-relative path -> content key (`datacache.DataCache.key`: code, path and exact bytes)
    # of each loaded file: what the validate stage's cache is keyed by.
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # The valid boundary files (content/ban-do/<group>.geojson), by group id order: the maps.
    maps: tuple[BoundaryMap, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.registry.units} if self.registry else {}

    @cached_property
    def groups(self) -> dict[str, object]:
        return {g.id: g for g in self.registry.groups} if self.registry else {}

    @cached_property
    def agencies(self) -> dict[str, Agency]:
        return {a.id: a for a in self.registry.agencies} if self.registry else {}

    def agency_name(self, agency_id: str) -> str:
        """An agency's name: registered as an agency, else as a unit (criteria sets written before
        agencies were data name a unit), else its id."""
        found = self.agencies.get(agency_id) or self.units.get(agency_id)
        return found.name if found else agency_id

    @cached_property
    def agency_files_of(self) -> dict[tuple[int, str], tuple[AgencyFile, ...]]:
        """Per (year, group): the agencies' files, in path order."""
        found: dict[tuple[int, str], list[AgencyFile]] = {}
        for af in self.agency_files:
            found.setdefault((af.year, af.group), []).append(af)
        return {yg: tuple(files) for yg, files in found.items()}

    @cached_property
    def agency_entries(self) -> dict[tuple[int, str], dict[str, list[tuple[AgencyFile, AgencyEntry]]]]:
        """Per (year, unit): per criterion id, every (agency file, entry) that records it (one,
        where the data is valid: `check` refuses a value recorded twice)."""
        found: dict[tuple[int, str], dict[str, list]] = {}
        for af in self.agency_files:
            for uid, entries in af.units.items():
                mine = found.setdefault((af.year, uid), {})
                for cid, entry in entries.items():
                    mine.setdefault(cid, []).append((af, entry))
        return found

    @cached_property
    def round_of(self) -> dict[int, Round]:
        """Per year: its round (scores/<year>/ky-danh-gia.yaml), where there is one."""
        return {r.year: r for r in self.rounds}

    def round_group(self, year: int, group: str) -> RoundGroup | None:
        """The deadlines and decisions of one group in one year, where the year's round has them."""
        found = self.round_of.get(year)
        return found.groups.get(group) if found else None

    def bands_for(self, year: int, group: str) -> tuple:
        """The bands of a group's year: its criteria set's, else (a year before any set: results as
        published) those its round declares, else the group's earliest set's."""
        cs = self.set_for(group, year)
        if cs is not None:
            return tuple(cs.bands)
        found = self.round_group(year, group)
        if found is not None and found.bands:
            return tuple(found.bands)
        sets = self.sets_of(group)
        return tuple(sets[0].bands) if sets else ()

    @cached_property
    def results_only(self) -> tuple[tuple[int, str], ...]:
        """The (year, group) pairs whose results exist only as published: an announced table in the
        round file and no score file of the group that year."""
        scored = {(sf.year, sf.group) for sf in self.score_files}
        return tuple(sorted((rnd.year, gid) for rnd in self.rounds for gid, g in rnd.groups.items()
                            if g.announced and (rnd.year, gid) not in scored))

    @cached_property
    def score_file_of(self) -> dict[tuple[int, str], ScoreFile]:
        """Per (year, unit): its score file (the first, where `check` finds two)."""
        found: dict[tuple[int, str], ScoreFile] = {}
        for sf in self.score_files:
            found.setdefault((sf.year, sf.unit), sf)
        return found

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({s.year for s in self.score_files}))

    @cached_property
    def _leaf_index(self) -> dict[str, dict[str, Criterion]]:
        return {cs.id: {c.id: c for c in cs.leaves()} for cs in self.criteria_sets}

    def leaves_of(self, cs: CriteriaSet) -> dict[str, Criterion]:
        """The scored (leaf) criteria of `cs` by id, computed once per set."""
        return self._leaf_index[cs.id]

    def sets_of(self, group: str) -> list[CriteriaSet]:
        return sorted((c for c in self.criteria_sets if c.group == group), key=lambda c: c.year)

    def set_for(self, group: str, year: int) -> CriteriaSet | None:
        """The criteria set that applies to `group` in `year`: the newest one starting at or before it."""
        found = None
        for cs in self.sets_of(group):
            if cs.year <= year and (cs.until is None or year <= cs.until):
                found = cs
        return found

    def previous_set(self, cs: CriteriaSet) -> CriteriaSet | None:
        earlier = [c for c in self.sets_of(cs.group) if c.year < cs.year]
        return earlier[-1] if earlier else None

    # Content keys of what a result was computed from (for `generator.machinery.memo`); None when a file
    # has no content key, which a memo never looks up.
    def key_of(self, *rels: str) -> tuple[str, ...] | None:
        keys = tuple(self.digests.get(rel) for rel in rels)
        return None if None in keys else keys

    def unit_year_key(self, sf: ScoreFile) -> tuple[str, ...] | None:
        """The files one unit-year's results come from: its score file, criteria set, the registry
        and the agencies' files of its year and group."""
        return self.unit_year_keys.get(sf.path)

    @cached_property
    def unit_year_keys(self) -> dict[str, tuple[str, ...] | None]:
        """`unit_year_key` of every score file, by its path."""
        out = {}
        for sf in self.score_files:
            cs = self.set_for(sf.group, sf.year)
            agencies = [af.path for af in self.agency_files_of.get((sf.year, sf.group), ())]
            if sf.year in self.round_of:
                agencies.append(self.round_of[sf.year].path)  # its decision and deadlines are on its pages
            out[sf.path] = self.key_of(sf.path, cs.path, paths.REGISTRY_FILE, *agencies) if cs else None
        return out

    @cached_property
    def year_group_keys(self) -> dict[tuple[int, str], tuple | None]:
        """Per (year, group): the `unit_year_key` of each of its score files (None if one has none)."""
        found: dict[tuple[int, str], list] = {}
        for sf in self.score_files:
            found.setdefault((sf.year, sf.group), []).append(self.unit_year_keys[sf.path])
        return {yg: None if None in keys else tuple(keys) for yg, keys in found.items()}
