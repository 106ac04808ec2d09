"""MkDocs hooks (see mkdocs.yml). During `parportal serve` each rebuild first regenerates the
staging pages from the data, writing only files that changed, so live reload follows edits
to score files and templates. Every build also separates words that a table cell or a line break
ends, for the search index."""
from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config, **kwargs) -> None:
    """Publish the unit pages rendered as ready HTML (generator/readypages.py) into the site."""
    from generator import paths
    from generator.readypages import assemble

    if config["use_directory_urls"]:
        raise PluginError("parportal needs use_directory_urls: false (unit pages are files beside the frame)")
    staging = Path(config["docs_dir"])
    root = staging.parents[len(Path(paths.STAGING_DIR).parts) - 1]
    assemble(Path(config["site_dir"]), root / paths.READY_DIR)


def on_page_content(html: str, **kwargs) -> str:
    return _GLUE.sub(lambda m: m.group(0) + "\n", html)
