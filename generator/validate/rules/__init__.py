"""The validation rules: one module per rule, each exposing `RULE`. Order here is display order."""
from __future__ import annotations

from generator.validate.rules import (
    agency_files,
    criteria_bands,
    criteria_maxima,
    criteria_part_ids,
    criteria_part_maxima,
    criteria_part_members,
    criteria_references,
    criteria_rule_shape,
    criteria_unique_ids,
    dataset_deadlines,
    dataset_duplicates,
    dataset_recorded_once,
    dataset_survey,
    file_canonical,
    file_paths,
    file_schema_line,
    registry_agencies,
    registry_names,
    registry_units,
    round_announced,
    round_file,
    scores_appraisal,
    scores_complete,
    scores_criteria,
    scores_evidence,
    scores_evidence_hosts,
    scores_explanations,
    scores_figures,
    scores_status,
    scores_unit,
    scores_values,
    text_forbidden,
    text_invisible,
)
from generator.validate.rules.base import Rule, Scope

RULES: tuple[Rule, ...] = tuple(m.RULE for m in (
    file_paths, file_schema_line, file_canonical, text_forbidden, text_invisible, registry_units, registry_names,
    registry_agencies, criteria_unique_ids, criteria_maxima, criteria_part_ids, criteria_part_members,
    criteria_part_maxima, criteria_rule_shape, criteria_references, criteria_bands,
    scores_unit, scores_criteria, scores_complete, scores_values, scores_figures, scores_appraisal, scores_status,
    scores_explanations, scores_evidence, scores_evidence_hosts, agency_files, round_file, round_announced,
    dataset_duplicates, dataset_recorded_once, dataset_survey, dataset_deadlines,
))

__all__ = ["RULES", "Rule", "Scope"]
