"""What changed from one criteria set of a group to the next: criteria removed, renamed (or
merged), added, and those whose maximum changed. A pure function of the two sets, shared by the
site's "changes" page (render) and the review summary (`parportal diff`, workflow)."""
from __future__ import annotations

from decimal import Decimal

from generator.load.model import CriteriaSet


def criteria_changes(old: CriteriaSet, new: CriteriaSet) -> dict:
    """Removed, renamed, added and re-weighted criteria between two consecutive sets, by the new
    set's `replaces` (a criterion that names none is new):

    - removed: criteria of `old` that no criterion of `new` continues;
    - renamed: (old criterion, new) where one old criterion continues under another name, or
      (list of old criteria, new) where several are merged into one;
    - added: criteria of `new` that continue none;
    - maxima: (old criteria, new, old maximum summed) where the maximum changed;
    - kept: criteria continued under the same name (maxima may still list them).
    Each list in the order of the sets' trees."""
    old_by_id = {c.id: c for c, _ in old.walk()}
    continued: set[str] = set()
    renamed, added, maxima, kept = [], [], [], []
    for crit, _depth in new.walk():
        prev = [old_by_id[i] for i in crit.replaces if i in old_by_id]
        continued.update(p.id for p in prev)
        if not prev:
            added.append(crit)
            continue
        if len(prev) == 1 and prev[0].name != crit.name:
            renamed.append((prev[0], crit))
        elif len(prev) > 1:
            renamed.append((prev, crit))
        else:
            kept.append(crit)
        old_max = sum((p.max for p in prev), start=Decimal(0))
        if old_max != crit.max:
            maxima.append((prev, crit, old_max))
    removed = [c for c, _ in old.walk() if c.id not in continued]
    return dict(removed=removed, renamed=renamed, added=added, maxima=maxima, kept=kept)
