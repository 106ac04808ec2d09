"""A ranking table as a user encodes a published one: each field a leaf holding the published
points (manual step 0.001, survey on its own scale, points kept to three decimals). The index,
the shared rank and the order must come out exactly as published."""
from __future__ import annotations

import csv
import shutil
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "published"


def test_published_table_comes_out_exactly():
    result = CliRunner(env={"PARPORTAL_CACHE": "0"}).invoke(  # no cache written into the fixture
        main, ["results", "--root", str(FIXTURE), "--format", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\ufeffyear,")  # the site's CSV rule (core/cells.py): a BOM, then the header
    rows = [(r["rank"], r["unit"], r["index"], r["appraised"], r["survey"])
            for r in csv.DictReader(io.StringIO(result.output.removeprefix("\ufeff")))]
    assert rows == [  # numbers written the shortest exact way: 28.000 is 28, 25.370 is 25.37
        ("1", "so-c", "90.12", "62.123", "28"),   # 90.123 rounds half up to two decimals
        ("2", "so-d", "85.12", "60", "25.124"),
        ("3", "so-a", "70.87", "45.5", "25.37"),     # equal published indices share rank 3,
        ("3", "so-b", "70.87", "50", "20.87"),       # listed by name
    ]


def test_a_data_folder_of_its_own_builds_without_the_demo_announcements(tmp_path):
    """A province's own data folder (no content/ of its own) builds strictly; it borrows the general
    pages but never the demonstration province's announcements."""
    root = tmp_path / "data"
    for folder in ("criteria", "scores"):
        shutil.copytree(FIXTURE / folder, root / folder)
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--site-dir", str(site)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (site / "gioi-thieu.html").is_file()
    assert sorted(p.name for p in (site / "thong-bao").iterdir()) == ["feed.xml", "index.html"]
    assert b"<entry>" not in (site / "thong-bao" / "feed.xml").read_bytes()  # nor in its feed
    assert "Minh Họa" not in (site / "index.html").read_text(encoding="utf-8")
