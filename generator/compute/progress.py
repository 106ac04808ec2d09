"""Progress of a unit during a year that is not final: criteria by status and points so far
against the appraised part's maximum (seed 002: "27/42 criteria, 39.67/60 points")."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from generator.compute.types import Progress, UnitYear


def progress_of(uy: UnitYear, appraised_max: Decimal) -> Progress:
    leaves = [c for c in uy.criteria if c.is_leaf and c.part == "appraised"]
    counts = Counter(c.status or "not_started" for c in leaves)
    points = sum((c.points for c in leaves if c.points is not None), start=Decimal(0))
    return Progress(unit=uy.unit, year=uy.year, group=uy.group, criteria=len(leaves), done=counts["done"],
                    in_progress=counts["in_progress"], not_due=counts["not_due"], failed=counts["failed"],
                    not_applicable=counts["not_applicable"], not_started=counts["not_started"],
                    points=points, appraised_max=appraised_max)
