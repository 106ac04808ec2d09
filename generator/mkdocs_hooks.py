"""MkDocs hooks (see mkdocs.yml). During `parportal serve` each rebuild first regenerates the
staging pages from the data, writing only files that changed, so live reload follows edits
to score files and templates. Every build also separates words that a table cell or a line break
ends, for the search index."""
from __future__ import annotations

import os
import re
from pathlib import Path

# Ends of table cells, list items and definitions, and line breaks: the search index reads the
# text of a page without its tags, so "Tiêu chí<br>Criterion" or "</th><td>6" would glue two
# words into one ("chíCriterion", "hành6") that no search finds. A newline there changes nothing
# on screen.
_GLUE = re.compile(r"</(?:td|th|dt|dd|li|caption|figcaption|summary)>(?!\n)|<br\s*/?>(?!\n)")


def on_pre_build(config, **kwargs) -> None:
    root = os.environ.get("PARPORTAL_SERVE_ROOT")
    if not root:
        return
    from generator.build import generate
    from generator.publish import site_overrides

    result = generate(Path(root))
    if result.ok:
        config["extra"].update(site_overrides(result.info, result.province)["extra"])


def on_page_content(html: str, **kwargs) -> str:
    return _GLUE.sub(lambda m: m.group(0) + "\n", html)
