"""Every data file starts with the yaml-language-server schema line, so editors check it."""
from __future__ import annotations

from generator.core import paths
from generator.core.diagnostics import Diagnostic, Severity
from generator.load.model import AgencyFile, CriteriaSet, Registry, Round
from generator.validate.rules.base import Rule, Scope

ID = "file.schema-line"
PREFIX = "# yaml-language-server: $schema="


def schema_line(rel_path: str, kind: str) -> str:
    """The exact first line for a file at `rel_path` holding a `kind` ('registry', 'criteria', 'scores')."""
    depth = rel_path.count("/")
    return f"{PREFIX}{'../' * depth}{paths.SCHEMAS_DIR}/{paths.SCHEMA_FILES[kind]}"


def kind_of(obj) -> str:
    if isinstance(obj, AgencyFile):
        return "agency"
    if isinstance(obj, Round):
        return "round"
    return "registry" if isinstance(obj, Registry) else "criteria" if isinstance(obj, CriteriaSet) else "scores"


def check(obj, ds):
    want = schema_line(obj.path, kind_of(obj))
    if obj.source.header.strip() != want:
        yield Diagnostic(obj.path, 1, 1, ID, "Dòng đầu tiên phải khai báo lược đồ JSON của tệp.",
                         "The first line must name the file's JSON Schema.",
                         f"Đặt dòng đầu là `{want}` (hoặc chạy `parportal fix {obj.path}`).",
                         f"Make the first line `{want}` (or run `parportal fix {obj.path}`).", Severity.WARNING)


RULE = Rule(ID, Scope.FILE, "Dòng khai báo lược đồ ở đầu tệp", "Schema line at the top of the file", check,
            style=True)
