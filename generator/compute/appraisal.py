"""A unit-year's entries as counted: the unit's own file joined with what the agencies recorded
for it (appraisal and survey files) and with its explanations and their responses.

The path of a criterion's value: self-assessed (the unit's file) → appraised (the agency's file;
a value equal to the self-assessed one confirms it) → explained (the unit's `explanations`) →
final (the agency's `response`: accepted with a new value, accepted without one restoring the
self-assessed value, or rejected, keeping the appraisal). Survey results come from the survey
organiser's file. Where the data is valid (`check`), each criterion is recorded in one place."""
from __future__ import annotations

from generator.compute.types import Trail
from generator.load.model import AgencyEntry, AgencyFile, ScoreFile, StoredEntry


class CountedEntry(StoredEntry):
    """A unit's entry with the agency's values put in, and the `Trail` that says where they came from."""

    __slots__ = ("trail", "preliminary")


def _evidence(items) -> tuple:
    return tuple((e.number, e.date.isoformat(), e.title, e.url) for e in items)


def _same(a, b) -> bool:
    return a is not None and a == b and type(a) is type(b)


def counted_entry(own: StoredEntry | None, found: tuple[AgencyFile, AgencyEntry] | None, explanation) -> CountedEntry:
    """One criterion's entry as counted (see the module's docstring)."""
    base = own._values() if own is not None else (None,) * 9
    status, self_value, appraised, reason, figures, appraised_figures, result, evidence, note = base
    trail = preliminary = None
    if found is not None:
        af, entry = found
        document = (af.document.number, af.document.date.isoformat()) if af.document else None
        if af.kind == "survey":
            result = entry.result
            trail = Trail(af.agency, af.path, document, False, None, None)
        else:
            value, figs = entry.appraised, entry.appraised_figures
            changed = (value is not None and not _same(value, self_value)) or \
                (figs is not None and figs != figures)
            appraised = value if value is not None and not _same(value, self_value) else None
            appraised_figures = figs if figs is not None and figs != figures else None
            reason = entry.reason
            response = entry.response
            if response is not None and response.accepted:
                preliminary = (value if value is not None else self_value, figs if figs is not None else figures)
                new_value, new_figs = response.appraised, response.appraised_figures
                appraised = new_value if new_value is not None and not _same(new_value, self_value) else None
                appraised_figures = new_figs if new_figs is not None and new_figs != figures else None
            trail = Trail(af.agency, af.path, document, changed, None, None if response is None else (response.date.isoformat(), response.accepted,
                                                               response.reason))
    if explanation is not None:
        told = (explanation.date.isoformat(), explanation.text, _evidence(explanation.evidence))
        trail = trail._replace(explanation=told) if trail is not None else Trail("", "", None, False, told, None)
    made = CountedEntry(status, self_value, appraised, reason, figures, appraised_figures, result, evidence, note)
    made.trail, made.preliminary = trail, preliminary
    return made


def counted_scores(sf: ScoreFile, recorded: dict[str, list[tuple[AgencyFile, AgencyEntry]]] | None) -> dict:
    """`sf.scores` with the agencies' values and the explanations put in (`counted_entry`);
    `recorded`: per criterion id, the agencies' (file, entry) for this unit and year
    (`Dataset.agency_entries`), of which those of the file's group count."""
    mine = {cid: found[0] for cid, pairs in (recorded or {}).items()
            for found in [[p for p in pairs if p[0].group == sf.group]] if found}
    if not mine and not sf.explanations:
        return sf.scores
    scores = dict(sf.scores)
    for cid in sorted(set(mine) | set(sf.explanations)):
        scores[cid] = counted_entry(sf.scores.get(cid), mine.get(cid), sf.explanations.get(cid))
    return scores
