"""Open data: long-format CSV, a versioned static JSON API (/data/api/v1/), a Frictionless
data package, and copies of the source YAML files. Exact values are written as text
("89.74", "1705/19") so nothing is lost to floating point."""
from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..buildinfo import BuildInfo
from ..compute.frames import CRITERION_COLUMNS, UNIT_COLUMNS, criteria_frame, fraction_text, units_frame
from ..compute.types import Results
from ..load import Dataset
from . import site_paths as P
from .staging import Staging

API_VERSION = "1.0.0"


def _default(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return fraction_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _write_json(out: Staging, rel: str, data) -> None:
    out.write_text(rel, json.dumps(data, ensure_ascii=False, indent=1, default=_default) + "\n")


def _write_csv(out: Staging, rel: str, frame: pd.DataFrame) -> None:
    out.write_text(rel, frame.to_csv(index=False, lineterminator="\n"))


def _unit_year_json(uy, entry) -> dict:
    return {
        "year": uy.year, "stage": uy.stage, "criteria_set": uy.criteria_set, "name": uy.name,
        "index": uy.index, "index_exact": uy.index_exact, "rank": entry.rank if entry else None, "band": uy.band,
        "points": uy.points, "max": uy.max, "self_points": uy.self_points, "gap": uy.gap,
        "appraised_points": uy.appraised_points, "appraised_max": uy.appraised_max,
        "survey_points": uy.survey_points if uy.survey_present else None, "survey_max": uy.survey_max,
        "index_change": entry.index_change if entry else None, "rank_change": entry.rank_change if entry else None,
        "source": uy.source,
        "fields": [{"id": f.id, "name": f.name, "points": f.points, "max": f.max, "index": f.index,
                    "self_points": f.self_points} for f in uy.fields],
        "criteria": [{
            "id": c.id, "name": c.name, "depth": c.depth, "parent": c.parent, "rule": c.rule, "part": c.part,
            "status": c.status, "applicable": c.applicable, "nominal_max": c.nominal_max, "max": c.max,
            "self_points": c.self_points, "appraised_points": c.appraised_points, "points": c.points,
            "rate_percent": c.rate, "tier_min": c.tier_min, "figures": dict(c.figures) or None,
            "appraised_figures": dict(c.appraised_figures) or None, "survey_result": c.result,
            "reason": c.reason, "note": c.note, "appraised_by": c.appraised_by,
            "evidence": [{"number": n, "date": d, "title": t, "url": u} for n, d, t, u in c.evidence],
        } for c in uy.criteria],
    }


def write_open_data(ds: Dataset, res: Results, info: BuildInfo, out: Staging) -> list[str]:
    """Write every open-data file under `out` (the docs folder); return their paths."""
    written: list[str] = []
    meta = {"api_version": API_VERSION, "commit": info.commit or None, "built": info.date,
            "demo": ds.registry.province.demo, "province": ds.registry.province.name}

    def put_json(rel: str, data) -> None:
        _write_json(out, rel, data)
        written.append(rel)

    def put_csv(rel: str, frame: pd.DataFrame) -> None:
        _write_csv(out, rel, frame)
        written.append(rel)

    units = units_frame(res)
    criteria = criteria_frame(res)
    put_csv(P.UNITS_CSV, units)
    put_csv(P.CRITERIA_CSV, criteria)
    entries = {(e.unit, r.year): e for r in res.rankings for e in r.entries}

    put_json(f"{P.API_DIR}/index.json", {**meta, "endpoints": {
        "years": "years.json", "groups": "groups.json", "units": "units.json",
        "unit": "units/{unit}.json", "results": "results/{year}/{group}.json",
        "criteria_set": "criteria-sets/{group}/{year}.json"}})
    put_json(f"{P.API_DIR}/years.json", {**meta, "years": [
        {"year": y, "final": y in res.final_years,
         "groups": sorted({u.group for u in res.unit_years if u.year == y})}
        for y in sorted({u.year for u in res.unit_years})]})
    put_json(f"{P.API_DIR}/groups.json", {**meta, "groups": [
        g.model_dump(mode="json") for g in ds.registry.groups]})
    put_json(f"{P.API_DIR}/units.json", {**meta, "units": [
        {**u.model_dump(mode="json"), "url": f"units/{u.id}.json"} for u in sorted(ds.units.values(), key=lambda u: u.id)]})
    for unit in sorted(ds.units.values(), key=lambda u: u.id):
        history = next((h for h in res.histories if h.unit == unit.id), None)
        years = sorted((uy for uy in res.unit_years if uy.unit == unit.id), key=lambda u: u.year)
        put_json(P.unit_json(unit.id), {
            **meta, "unit": unit.model_dump(mode="json"),
            "history": [{"year": e.year, "unit": e.unit, "name": e.name, "group": e.group, "index": e.index,
                         "rank": e.rank, "band": e.band, "index_change": e.index_change,
                         "rank_change": e.rank_change} for e in (history.entries if history else ())],
            "years": [_unit_year_json(uy, entries.get((uy.unit, uy.year))) for uy in years]})
        put_csv(P.unit_csv(unit.id), criteria[criteria.unit == unit.id])
    for r in res.rankings:
        put_json(P.ranking_json(r.year, r.group), {
            **meta, "year": r.year, "group": r.group, "criteria_set": r.criteria_set, "ties": r.ties,
            "stats": {"count": r.stats.count, "average": r.stats.average, "median": r.stats.median,
                      "highest": r.stats.highest, "lowest": r.stats.lowest,
                      "field_averages": dict(r.stats.field_averages), "band_counts": dict(r.stats.band_counts)},
            "not_evaluated": list(r.not_evaluated),
            "entries": [{"unit": e.unit, "rank": e.rank, "field_ranks": dict(e.field_ranks),
                         "index": res.unit_year(e.unit, r.year).index,
                         "index_exact": res.unit_year(e.unit, r.year).index_exact,
                         "band": res.unit_year(e.unit, r.year).band,
                         "index_change": e.index_change, "rank_change": e.rank_change} for e in r.entries]})
        put_csv(P.ranking_csv(r.year, r.group), units[(units.year == r.year) & (units.group == r.group)])
    for cs in ds.criteria_sets:
        put_json(P.criteria_json(cs.group, cs.year), {**meta, "criteria_set": cs.model_dump(mode="json", by_alias=True)})
    for rel in ds.files:
        out.copy(ds.root / rel, P.source_copy(rel))
        written.append(P.source_copy(rel))
    put_json(P.DATAPACKAGE, datapackage(ds, info))
    return written


def _field(name: str, frame_type: str) -> dict:
    return {"name": name, "type": frame_type}


INTEGER = {"year", "rank", "depth", "rank_change"}
BOOLEAN = {"ranked", "is_leaf", "applicable"}
NUMBER = {"index", "points", "max", "self_points", "gap", "appraised_points", "appraised_max", "survey_points",
          "survey_max", "index_change", "nominal_max"}


def _schema(columns: list[str]) -> dict:
    def kind(col: str) -> str:
        return "integer" if col in INTEGER else "boolean" if col in BOOLEAN else "number" if col in NUMBER else "string"
    return {"fields": [_field(c, kind(c)) for c in columns]}


def datapackage(ds: Dataset, info: BuildInfo) -> dict:
    province = ds.registry.province
    return {
        "profile": "tabular-data-package",
        "name": "chi-so-cchc",
        "title": f"Chỉ số cải cách hành chính — {province.name}",
        "description": "Kết quả Chỉ số CCHC theo đơn vị, năm và tiêu chí / PAR Index results by unit, year and criterion."
                       + (" Dữ liệu minh họa / demonstration data." if province.demo else ""),
        "version": API_VERSION,
        "created": f"{info.date}T00:00:00Z",
        "sources": [{"title": "Kho dữ liệu / data repository", "path": province.repository or ""}],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {"name": "chi-so-cchc", "path": "chi-so-cchc.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8",
             "title": "Chỉ số theo đơn vị và năm / index by unit and year", "schema": _schema(UNIT_COLUMNS)},
            {"name": "tieu-chi", "path": "tieu-chi.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8",
             "title": "Điểm theo tiêu chí / points by criterion", "schema": _schema(CRITERION_COLUMNS)},
        ],
    }
