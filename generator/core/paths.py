"""Every input and output location of the pipeline, as named constants."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: generator/core/paths.py -> ../../..

CRITERIA_DIR = "criteria"          # criteria/<group>/<year>.yaml
SCORES_DIR = "scores"              # scores/<year>/<group>/<unit>.yaml
REGISTRY_FILE = "scores/units.yaml"
CONTENT_DIR = "content"            # hand-written pages
BOUNDARIES_DIR = "content/ban-do"  # content/ban-do/<group>.geojson: boundaries of a group's units (maps)
TEMPLATES_DIR = "site_templates"   # Jinja2 templates and theme overrides
SCHEMAS_DIR = "generator/schemas"  # generated JSON Schemas
STAGING_DIR = "build/docs"         # generated Markdown + content, input of mkdocs (git-ignored)
READY_DIR = "build/ready"          # unit pages rendered as ready HTML fragments (outside MkDocs)
SITE_DIR = "site"                  # mkdocs output, swapped in whole (generator/publish/swap.py)
LOCK_FILE = "build/build.lock"     # held by a build (generate + publish) and each serve rebuild
CACHE_DIR = "build/cache"          # content-hash cache of per-file work and charts (data.sqlite)
MKDOCS_FILE = "mkdocs.yml"

SCHEMA_FILES = {
    "registry": "units.schema.json",
    "criteria": "criteria-set.schema.json",
    "scores": "score-file.schema.json",
    "agency": "agency-file.schema.json",
    "round": "round.schema.json",
}


def resource(root: Path, rel: str) -> Path:
    """A project file (templates, mkdocs.yml, content) from the data root, else from this checkout."""
    candidate = root / rel
    return candidate if candidate.exists() else ROOT / rel
