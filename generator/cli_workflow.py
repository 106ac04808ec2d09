"""Staff and reviewer commands (new, fix, diff, codeowners), registered on the main CLI group."""
from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Attach the workflow commands to `main`."""
