"""`parportal serve`: MkDocs' live-reload server that also regenerates pages when a file under
criteria/, scores/, content/ or site_templates/ changes."""
from __future__ import annotations

import os
from pathlib import Path

from . import paths
from .build import generate


def serve(root: Path, dev_addr: str) -> int:
    import logging

    from mkdocs.commands.serve import serve as mkdocs_serve

    from .publish import log_to_stderr

    os.environ["PARPORTAL_SERVE_ROOT"] = str(root)
    first = generate(root)
    if not first.ok:
        return 1
    watch = [str(paths.resource(root, d)) for d in (paths.CRITERIA_DIR, paths.SCORES_DIR, paths.CONTENT_DIR,
                                                    paths.TEMPLATES_DIR) if paths.resource(root, d).exists()]
    log_to_stderr(logging.INFO)
    print(f"Xem trước tại / preview at http://{dev_addr}/ — Ctrl+C để dừng / to stop", flush=True)
    mkdocs_serve(str(paths.resource(root, paths.MKDOCS_FILE)), dev_addr=dev_addr, livereload=True, watch=watch,
                 site_name=f"Chỉ số CCHC — {first.province.name}", docs_dir=str(root / paths.STAGING_DIR))
    return 0
