"""Build criteria sets and score files in code, for engine tests."""
from __future__ import annotations

from decimal import Decimal

from generator.load.model import CriteriaSet, ScoreFile


def criteria_set(leaves: list[dict], *, survey: Decimal = Decimal(0), ties: str = "shared", bands=None,
                 rounding=None, survey_missing: str = "rescale") -> CriteriaSet:
    """One field holding `leaves` (dicts with id, max, rule and optional extras)."""
    total = sum((Decimal(str(leaf["max"])) for leaf in leaves), start=Decimal(0))
    data = {
        "group": "g", "year": 2023, "title": "t", "title_en": "t",
        "decision": {"number": "1/QĐ", "date": "2023-01-01", "issuer": "x"},
        "total": total, "parts": {"appraised": total - survey, "survey": survey}, "appraised_by": "u0",
        "ties": ties, "survey_missing": survey_missing, "bands": _dec(bands or []),
        "fields": [{"id": "1", "name": "F", "max": total, "criteria": [
            {"name": leaf["id"], **{k: _dec(v) for k, v in leaf.items()}} for leaf in leaves]}],
    }
    if rounding:
        data["rounding"] = rounding
    return CriteriaSet.model_validate(data)


def score_file(unit: str, scores: dict[str, dict], stage: str = "final") -> ScoreFile:
    return ScoreFile.model_validate({"unit": unit, "year": 2023, "group": "g", "stage": stage,
                                     "scores": {k: {kk: _dec(vv) for kk, vv in v.items()} for k, v in scores.items()}})


def _dec(value):
    if isinstance(value, float):
        raise TypeError("tests must not use floats")
    if isinstance(value, dict):
        return {k: _dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dec(v) for v in value]
    if isinstance(value, str) and value.replace(".", "", 1).lstrip("-").isdigit():
        return Decimal(value)
    return value
