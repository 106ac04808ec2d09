"""Options shared by every `parportal` command."""
from __future__ import annotations

import os
from pathlib import Path

import click

ROOT_OPTION = click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
                           default=lambda: Path(os.environ.get("PARPORTAL_ROOT", ".")),
                           help="Thư mục dữ liệu (chứa criteria/ và scores/) / Data folder.")
