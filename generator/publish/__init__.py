"""Stage 5, publish: run MkDocs (Material) in strict mode on the staging docs folder. At the end
of the MkDocs build, its hook (`mkdocs_hooks.on_post_build`) publishes the ready unit pages
(`readypages.py`). `publish_site` builds into a fresh folder that takes the site's place only
when the build succeeded (`swap.py`).

Owns the MkDocs run, its hook (`mkdocs_hooks`), the ready unit pages (`readypages`,
`readyblocks`), the hard links of static files (`sitelinks`) and the swap of the site (`swap`).
Imports `core`, `load` (the province) and `render` (the paths of what render wrote)."""
from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import escape

from generator.core import paths
from generator.core.buildinfo import BuildInfo
from generator.load.model import Province


def log_to_stderr(level: int = logging.WARNING) -> None:
    """Show MkDocs' own messages at `level` and above (warnings fail a strict build)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_parportal", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(level)
        handler._parportal = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def site_overrides(info: BuildInfo, province: Province) -> dict:
    """Values of mkdocs.yml that come from the data and the build. The site name is HTML-escaped
    here (as `Markup`, so that the theme's own `| e` does not escape it twice): Material prints
    `config.site_name` raw in every page's title, header and attributes."""
    name = escape(f"Chỉ số CCHC — {province.name}")
    return {
        "site_name": name,
        "extra": {
            "demo": province.demo,
            "province": province.name,
            "province_en": province.name_en,
            "repository": province.repository,
            "build": {"commit": info.commit, "short": info.short, "date": info.date, "date_vi": info.date_vi,
                      "dirty": info.dirty, "url": f"{province.repository}/tree/{info.commit}"
                      if province.repository and info.commit else None},
            "generator": False,
        },
    }


class _Bytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept for the life of the process: MkDocs makes a new
    Jinja2 environment for every build, and `parportal serve` builds many times (compiling them
    was about a third of a rebuild). Jinja2 checks each template's source before using them."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _Bytecode()


def load_mkdocs_config(root: Path, info: BuildInfo, province: Province, site_dir: Path | None = None):
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    overrides = site_overrides(info, province)
    config = load_config(str(paths.resource(root, paths.MKDOCS_FILE)), site_name=overrides["site_name"],
                         docs_dir=str(root / paths.STAGING_DIR), site_dir=str(site_dir or root / paths.SITE_DIR))
    config["extra"].update(overrides["extra"])
    return config


class DirtyReminder(logging.Filter):
    """MkDocs warns on every `--dirty` build that navigation may be stale, which a strict build
    counts as a failure: `parportal build --dirty` would always fail. The user asked for it (the
    option says what it does), so that one reminder is dropped; every other warning still fails."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def publish(root: Path, info: BuildInfo, province: Province, site_dir: Path | None = None, dirty: bool = False) -> None:
    """Build the static site with MkDocs; raises on any MkDocs warning (strict)."""
    from mkdocs.commands.build import build

    from generator.publish.readypages import before_build

    log_to_stderr()
    os.environ["SOURCE_DATE_EPOCH"] = str(info.epoch)
    config = load_mkdocs_config(root, info, province, site_dir)
    config["strict"] = True
    reminder = DirtyReminder()
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(reminder)
    try:
        before_build(Path(config["site_dir"]), dirty)
        build(config, dirty=dirty)
    finally:
        logger.removeFilter(reminder)


def publish_site(root: Path, info: BuildInfo, province: Province, site_dir: Path, dirty: bool = False) -> None:
    """`publish` into a fresh folder beside `site_dir`, which then takes its place (`swap.py`): a build
    that raises (MkDocs' strict rejection, an interrupt, any error) leaves `site_dir` as it was and
    removes its folder. The caller holds the build lock (`pipeline.lock`): folders that builds no
    longer running left beside the site are removed first."""
    from generator.publish import swap
    from generator.publish.readypages import forget

    site = swap.target(site_dir)
    swap.remove_leftovers(site)
    fresh = swap.fresh_folder(site)
    try:
        swap.start_fresh(site, fresh, root / paths.STAGING_DIR, dirty)
        publish(root, info, province, fresh, dirty)
        previous = swap.swap_in(fresh, site)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        forget(fresh)  # what this process kept about that folder's last build (serve's shortcuts)
    swap.discard(previous)
