"""Memo keys of render outputs (see `generator.machinery.memo`): what a unit's page and open-data files
are computed from. A key holds the content keys of the files behind the unit's own years (and
those of every unit merged into it) and a digest of the rankings those years are in, so an
edit that moves no rank or average leaves the other units of the group untouched."""
from __future__ import annotations

import hashlib

from generator.compute.history import lineage
from generator.compute.types import Results
from generator.core import paths
from generator.core.buildinfo import BuildInfo
from generator.load import Dataset


def ranking_digests(res: Results) -> dict[tuple[int, str], str]:
    """Per (year, group): a digest of its ranking (every rank, index change and statistic)."""
    return {(r.year, r.group): hashlib.sha256(repr(r).encode()).hexdigest() for r in res.rankings}


def provenance(ds: Dataset, info: BuildInfo) -> tuple:
    """What every page states or links to: the commit, its state, the dates, the repository and
    the registry (unit and group names)."""
    return (info.commit, info.dirty, info.epoch, info.data_epochs, info.repository,
            ds.digests.get(paths.REGISTRY_FILE))


def unit_keys(ds: Dataset, info: BuildInfo, rankings: dict[tuple[int, str], str]) -> dict[str, tuple | None]:
    """Per unit in the registry: its id, the `provenance`, the content keys of its lineage's
    unit-years and the digests of their `rankings`. None when a file has no content key."""
    files_of: dict[str, list] = {}
    for sf in ds.score_files:
        files_of.setdefault(sf.unit, []).append(sf)
    common = provenance(ds, info)
    out: dict[str, tuple | None] = {}
    for uid in ds.units:
        parts = []
        for member in sorted(set(lineage(ds, uid))):
            for sf in files_of.get(member, ()):
                parts.append((sf.path, ds.unit_year_key(sf), rankings.get((sf.year, sf.group))))
        complete = common[-1] is not None and all(key is not None for _, key, _ in parts)
        out[uid] = (uid, common, tuple(parts)) if complete else None
    return out
