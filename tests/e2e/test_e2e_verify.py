"""`parportal verify` on the demo portal as built for real: every published figure follows from
its open data; one rank altered in the all-years table is named by file and row; the open-data
page's pandas snippet finds every index and rank of its ranking."""
from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _verify(folder: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("parportal")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from generator.cli import main; main()"]
    return subprocess.run([*cmd, "verify", str(folder)], capture_output=True, text=True, timeout=600)


def test_the_demo_site_passes(demo):
    run = _verify(demo.site)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and "every figure follows from the data" in lines[0]
    figures = int(re.search(r"Checked ([\d,]+) figures", lines[0]).group(1).replace(",", ""))
    assert figures > 100_000


def test_a_rank_altered_in_the_all_years_table_is_named(demo, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(demo.site / "data", data)
    path = data / "moi-nam" / "huyen.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))  # the CSVs start with a BOM
    header = rows[0]
    at = next(i for i, r in enumerate(rows) if i and r[header.index("rank")] == "1")
    rows[at][header.index("rank")] = "2"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    run = _verify(data)
    assert run.returncode == 1
    year, unit = rows[at][header.index("year")], rows[at][header.index("unit")]
    assert run.stdout.splitlines()[:-1] == [
        f"{data.as_posix()}/moi-nam/huyen.csv:{at + 1}: thứ hạng / rank ({year}, {unit}), "
        f"phải là / expected 1, ghi / found 2"]


def test_the_open_data_pages_snippet_matches_the_demo_ranking(demo):
    page = (demo.site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="tu-kiem-tra"'):]
    code = html.unescape(re.search(r'<pre><code class="language-python">(.*?)</code></pre>', section, re.S).group(1))
    run = subprocess.run([sys.executable, "-c", code], cwd=demo.site, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Khớp / all match"
