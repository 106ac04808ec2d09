"""A year's calendar read against a date: each deadline of a group (scores/<year>/ky-danh-gia.yaml)
passed or ahead, and what is overdue or was late: units that submitted after the self-assessment
deadline or have no file once it passed, files still unappraised after the appraisal
deadline, explanations sent late, results not announced by the publication deadline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.load import Dataset

KINDS = ("self_assessment", "appraisal", "explanation", "publication")


@dataclass(frozen=True)
class Milestone:
    kind: str                      # one of KINDS
    date: dt.date
    passed: bool                   # on or before the reference date
    days: int                      # days from the reference date to the deadline (negative: passed)
    late: tuple[str, ...] = ()     # units that did it after the deadline
    overdue: tuple[str, ...] = ()  # units that have not done it, the deadline passed
    done: bool = False             # publication: the decision is out


def reference_date(ds: Dataset, year: int, today: dt.date) -> dt.date:
    """The date deadlines are read against: the round's `as_of` where it says, else `today` (the build's date)."""
    rnd = ds.round_of.get(year)
    return rnd.as_of if rnd is not None and rnd.as_of is not None else today


def milestones(ds: Dataset, year: int, group: str, today: dt.date) -> tuple[Milestone, ...]:
    """The deadlines of `group` in `year`, in their order, against `reference_date`."""
    found = ds.round_group(year, group)
    if found is None:
        return ()
    ref = reference_date(ds, year, today)
    files = {sf.unit: sf for sf in ds.score_files if sf.year == year and sf.group == group}
    active = sorted(u.id for u in ds.units.values() if u.group == group and u.active_in(year))
    out = []
    for kind in KINDS:
        date = getattr(found.deadlines, kind)
        if date is None:
            continue
        passed = date <= ref
        late: list[str] = []
        overdue: list[str] = []
        if kind == "self_assessment":
            late = [uid for uid, sf in sorted(files.items()) if sf.submitted is not None and sf.submitted > date]
            overdue = [uid for uid in active if passed and uid not in files]  # no file at all
        elif kind == "appraisal":
            overdue = [uid for uid, sf in sorted(files.items()) if passed and sf.stage == "self"]
        elif kind == "explanation":
            late = [uid for uid, sf in sorted(files.items()) if any(e.date > date for e in sf.explanations.values())]
        out.append(Milestone(kind, date, passed, (date - ref).days, tuple(late), tuple(overdue),
                             done=kind == "publication" and found.decision is not None))
    return tuple(out)
