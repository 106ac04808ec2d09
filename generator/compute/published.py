"""Results-only years: a group's year known only from the decision that published it.

A province that adopts the portal has years whose results exist only as decisions and their
annexes. Recorded as the annex prints them (`announced:` in scores/<year>/ky-danh-gia.yaml, in a
year the group has no score file), they are that year's results "as published": shown in rankings,
unit histories, trends and open data, always marked so, never recomputed and never mixed silently
with computed years. A figure keeps the decimals it was printed with.
"""
from __future__ import annotations

from generator.compute.rank import name_key
from generator.compute.types import PublishedEntry, PublishedYear
from generator.load import Dataset


def published_years(ds: Dataset) -> tuple[PublishedYear, ...]:
    """Every results-only (year, group), in year and group order."""
    found = []
    for year, group in ds.results_only:
        rnd = ds.round_of[year]
        g = rnd.groups[group]
        order = [c.id for c in g.columns]
        entries = []
        for a in g.announced:
            unit = ds.units.get(a.unit)
            if a.index is None:  # `round.announced` refuses it; a partial load may still get here
                continue
            entries.append(PublishedEntry(
                unit=a.unit, name=unit.name_in(year) if unit else a.unit, index=a.index, rank=a.rank, band=a.band,
                points=a.points, max=a.max, columns=tuple((c, a.columns[c]) for c in order if c in a.columns),
                note=a.note))
        entries.sort(key=lambda e: (e.rank is None, e.rank or 0, name_key(e.name)))
        found.append(PublishedYear(
            year=year, group=group, source=rnd.path, decision=g.decision.number if g.decision else None,
            columns=tuple((c.id, c.name, c.name_en, c.max) for c in g.columns), entries=tuple(entries)))
    return tuple(found)
