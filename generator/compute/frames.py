"""The results as pandas DataFrames in long format, for the renderer and the open-data exports.

Exact values are kept as `Decimal` (object columns) and, for indices, as exact fraction strings;
no column holds a float.
"""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from generator.compute.types import Results

UNIT_COLUMNS = ["year", "group", "unit", "unit_name", "stage", "criteria_set", "ranked", "rank", "index",
                "index_exact", "points", "max", "self_points", "gap", "appraised_points", "appraised_max",
                "survey_points", "survey_max", "band", "index_change", "rank_change", "source"]
CRITERION_COLUMNS = ["year", "group", "unit", "criterion", "criterion_name", "depth", "parent", "is_leaf", "rule",
                     "part", "status", "applicable", "nominal_max", "max", "self_points", "appraised_points",
                     "points", "gap", "rate_percent", "appraised_by", "reason", "source"]


def fraction_text(value: Fraction | None) -> str | None:
    """An exact value as 'numerator/denominator' (or an integer), for lossless export."""
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def units_frame(results: Results) -> pd.DataFrame:
    """One row per unit and year."""
    ranked = {(e.unit, r.year): e for r in results.rankings for e in r.entries}
    rows = []
    for uy in results.unit_years:
        entry = ranked.get((uy.unit, uy.year))
        rows.append({
            "year": uy.year, "group": uy.group, "unit": uy.unit, "unit_name": uy.name, "stage": uy.stage,
            "criteria_set": uy.criteria_set, "ranked": uy.ranked, "rank": entry.rank if entry else None,
            "index": uy.index, "index_exact": fraction_text(uy.index_exact), "points": uy.points, "max": uy.max,
            "self_points": uy.self_points, "gap": uy.gap, "appraised_points": uy.appraised_points,
            "appraised_max": uy.appraised_max, "survey_points": uy.survey_points, "survey_max": uy.survey_max,
            "band": uy.band, "index_change": entry.index_change if entry else None,
            "rank_change": entry.rank_change if entry else None, "source": uy.source})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS).astype({"rank": "Int64", "rank_change": "Int64"})


def criteria_frame(results: Results) -> pd.DataFrame:
    """One row per year, group, unit and criterion (every depth)."""
    rows = []
    for uy in results.unit_years:
        for c in uy.criteria:
            rows.append({
                "year": uy.year, "group": uy.group, "unit": uy.unit, "criterion": c.id, "criterion_name": c.name,
                "depth": c.depth, "parent": c.parent, "is_leaf": c.is_leaf, "rule": c.rule, "part": c.part,
                "status": c.status, "applicable": c.applicable, "nominal_max": c.nominal_max, "max": c.max,
                "self_points": c.self_points, "appraised_points": c.appraised_points, "points": c.points,
                "gap": c.gap, "rate_percent": fraction_text(c.rate), "appraised_by": c.appraised_by,
                "reason": c.reason, "source": uy.source})
    return pd.DataFrame(rows, columns=CRITERION_COLUMNS)
