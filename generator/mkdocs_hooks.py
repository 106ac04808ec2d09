"""MkDocs hooks (see mkdocs.yml). During `parportal serve` each rebuild first regenerates the
staging pages from the data, writing only files that changed, so live reload follows edits
to score files and templates. During `parportal build` the hooks only add build facts."""
from __future__ import annotations

import os
from pathlib import Path


def on_pre_build(config, **kwargs) -> None:
    root = os.environ.get("PARPORTAL_SERVE_ROOT")
    if not root:
        return
    from generator.build import generate
    from generator.publish import site_overrides

    result = generate(Path(root))
    if result.ok:
        config["extra"].update(site_overrides(result.info, result.province)["extra"])
