"""JSON Schemas of the five file formats, generated from the model (`parportal schemas`)."""
from __future__ import annotations

import json
from pathlib import Path

from generator.core import paths
from generator.load.model import AgencyFile, CriteriaSet, Registry, Round, ScoreFile

MODELS = {"registry": Registry, "criteria": CriteriaSet, "scores": ScoreFile, "agency": AgencyFile, "round": Round}
TITLES = {
    "registry": "Danh mục nhóm và đơn vị / Unit registry (scores/units.yaml)",
    "criteria": "Bộ tiêu chí / Criteria set (criteria/<group>/<year>.yaml)",
    "scores": "Kết quả chấm điểm của một đơn vị / A unit's scores (scores/<year>/<group>/<unit>.yaml)",
    "agency": "Thẩm định hoặc điều tra của một cơ quan cho mọi đơn vị của nhóm / An agency's appraisal or survey of every "
              "unit of a group (scores/<year>/<group>/tham-dinh/<agency>.yaml, …/dieu-tra/<agency>.yaml)",
    "round": "Kỳ đánh giá của một năm: thời hạn, quyết định công bố, báo cáo của Hội đồng / A year's round: deadlines, "
             "the results decision, the council's report (scores/<year>/ky-danh-gia.yaml)",
}


def schema_text(kind: str) -> str:
    schema = MODELS[kind].model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"https://parportal.example/schemas/{paths.SCHEMA_FILES[kind]}",
              **schema, "title": TITLES[kind]}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def formats_text() -> str:
    """The field-by-field reference of the five formats (generator/schemas/README.md)."""
    from generator.workflow.formats_doc import formats_markdown
    return formats_markdown({kind: {**MODELS[kind].model_json_schema(by_alias=True), "title": TITLES[kind]}
                             for kind in MODELS})  # model order, not the schema files' sorted keys


def write_schemas(root: Path) -> list[Path]:
    """Write the five JSON Schemas and their Markdown reference; return the paths written."""
    out_dir = root / paths.SCHEMAS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in sorted(paths.SCHEMA_FILES.items()):
        target = out_dir / name
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    from generator.workflow.formats_doc import FILE
    (out_dir / FILE).write_text(formats_text(), encoding="utf-8")
    written.append(out_dir / FILE)
    return written
