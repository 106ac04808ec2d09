"""Provenance of a build: the commit and date every page states, from git and SOURCE_DATE_EPOCH."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.core import paths


@dataclass(frozen=True)
class BuildInfo:
    commit: str          # full hash, or "" outside git
    dirty: bool          # the working tree differs from the commit
    epoch: int           # seconds since 1970, the build's stated time
    repository: str | None
    # Per year of scores/: when its data last changed (the newest commit touching scores/<year>),
    # never later than `epoch`; a year not listed (or data changed since the commit) has `epoch`.
    data_epochs: tuple[tuple[int, int], ...] = ()

    @property
    def short(self) -> str:
        return self.commit[:10] if self.commit else "chưa commit"

    @property
    def date(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).strftime("%Y-%m-%d")

    @property
    def date_vi(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).strftime("%d/%m/%Y")

    def data_date_vi(self, year: int) -> str:
        """The date the data of `year` was last changed (dd/mm/yyyy): from git, never the clock."""
        stamp = dict(self.data_epochs).get(year, self.epoch)
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%d/%m/%Y")

    def source_url(self, rel_path: str) -> str | None:
        """Link to `rel_path` at the built commit, when the repository is known."""
        if not self.repository or not self.commit:
            return None
        return f"{self.repository.rstrip('/')}/blob/{self.commit}/{rel_path}"


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def build_info(root: Path, repository: str | None) -> BuildInfo:
    """Commit from git; time from SOURCE_DATE_EPOCH, else the commit's time, else 0 (never 'now')."""
    commit = _git(root, "rev-parse", "HEAD") or ""
    status = _git(root, "status", "--porcelain", "--", "criteria", "scores") if commit else None
    epoch_env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch_env.isdigit():
        epoch = int(epoch_env)
    else:
        stamp = _git(root, "log", "-1", "--format=%ct") if commit else None
        epoch = int(stamp) if stamp and stamp.isdigit() else 0
    return BuildInfo(commit=commit, dirty=bool(status), epoch=epoch, repository=repository,
                     data_epochs=_data_epochs(root, epoch) if commit and not status else ())


def _data_epochs(root: Path, epoch: int) -> tuple[tuple[int, int], ...]:
    """Per year folder of scores/: the time of the newest commit touching it, at most `epoch`."""
    found = []
    scores = root / paths.SCORES_DIR
    years = sorted(int(p.name) for p in scores.iterdir() if p.is_dir() and p.name.isdigit()) if scores.is_dir() else []
    for year in years:
        stamp = _git(root, "log", "-1", "--format=%ct", "--", f"{paths.SCORES_DIR}/{year}")
        if stamp and stamp.isdigit():
            found.append((year, min(int(stamp), epoch)))
    return tuple(found)
