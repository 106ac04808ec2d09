"""Shared pieces of the canonical formatter: file kinds, constants and its one error."""
from __future__ import annotations

from pathlib import PurePosixPath

import yaml
from pydantic import BaseModel

from generator.core import paths
from generator.core.diagnostics import Diagnostic
from generator.load import model

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MODELINE = "# yaml-language-server:"
INDENT = 2

KIND_MODELS: dict[str, type[BaseModel]] = {
    "registry": model.Registry, "criteria": model.CriteriaSet, "scores": model.ScoreFile, "agency": model.AgencyFile,
    "round": model.Round}


class CanonicalError(Exception):
    """The file cannot be put in canonical form (it is not strictly readable YAML)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(f"{d.path}:{d.line}: {d.message_en}" for d in diagnostics))
        self.diagnostics = diagnostics


# --------------------------------------------------------------------------- file kinds

def kind_of_path(rel_path: str) -> str | None:
    """'registry', 'criteria', 'scores', 'agency' or 'round' for a repo-relative data file path, else None."""
    parts = PurePosixPath(rel_path).parts
    if rel_path == paths.REGISTRY_FILE:
        return "registry"
    if not rel_path.endswith(".yaml"):
        return None
    if len(parts) == 3 and parts[0] == paths.CRITERIA_DIR:
        return "criteria"
    if len(parts) == 3 and parts[0] == paths.SCORES_DIR and parts[2] == model.ROUND_FILE:
        return "round"
    if len(parts) == 4 and parts[0] == paths.SCORES_DIR:
        return "scores"
    if len(parts) == 5 and parts[0] == paths.SCORES_DIR and parts[3] in (model.APPRAISAL_FOLDER, model.SURVEY_FOLDER):
        return "agency"
    return None
