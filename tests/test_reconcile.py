"""Announced results against the recomputed ones (issue 23, items 2, 3 and 5): what agrees within
the rounding a figure's own decimals imply, the likely cause of each difference, the checker's
warnings, the rules of the `announced:` rows, and how pages and open data show the official figures."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.compute import compute
from generator.compute.reconcile import _within_rounding, decimals_of, reconcile_diagnostics
from generator.core.diagnostics import Severity
from generator.load import load
from generator.pipeline.build import build
from generator.render import site_paths as P
from tests.conftest import diagnostics_of

ROUND = "scores/2023/ky-danh-gia.yaml"
REPO = Path(__file__).parents[1]


def _announce(root: Path, *rows: str) -> None:
    """Append an `announced:` list to the mini fixture's 2023 so-nganh round."""
    file = root / ROUND
    text = file.read_text(encoding="utf-8").rstrip("\n") + "\n    announced:\n"
    file.write_text(text + "".join(f"      - {{{row}}}\n" for row in rows), encoding="utf-8")


def _rows(root: Path) -> dict:
    ds = load(root).dataset
    (rec,) = compute(ds).reconciliations
    return {r.unit: r for r in rec.rows}


# mini 2023 so-nganh, recomputed: so-tai-chinh 89,74 (exactly 89.736842…) rank 1 band kha;
# so-noi-vu and so-tu-phap 84,75, both rank 2 (ties shared); thanh-tra-tinh unranked.
AGREEING = ("unit: so-tai-chinh, index: 89.74, rank: 1, band: kha", "unit: so-noi-vu, index: 84.75, rank: 2",
            "unit: so-tu-phap, index: 84.75, rank: 2")


def test_figures_within_the_rounding_their_decimals_imply_agree(mini):
    _announce(mini, "unit: so-tai-chinh, index: 89.737, rank: 1", "unit: so-noi-vu, index: 84.8, rank: 2",
              "unit: so-tu-phap, index: 84.75, rank: 2, band: kha")
    rows = _rows(mini)
    assert all(not r.differences for r in rows.values()), rows
    assert str(rows["so-tai-chinh"].announced_index) == "89.737"  # kept as printed: three decimals
    assert str(rows["so-noi-vu"].announced_index) == "84.8"


def test_each_difference_gets_its_likely_cause(mini):
    _announce(mini, "unit: so-tai-chinh, index: 89.73, rank: 2, band: tot",  # rounded down; rank and band wrong
              "unit: so-noi-vu, index: 84.75, rank: 2",
              "unit: so-tu-phap, index: 84.75, rank: 3",  # the decision's own order between the tied units
              "unit: so-ngoai-vu, index: 40, rank: 4")  # no final 2023 file
    rows = _rows(mini)
    assert rows["so-tai-chinh"].differences == (("index", "rounding"), ("rank", "follows-index"), ("band", "correction"))
    assert rows["so-noi-vu"].differences == ()
    assert rows["so-tu-phap"].differences == (("rank", "tie-order"),)
    assert rows["so-ngoai-vu"].differences == (("unit", "not-computed"),)
    assert "thanh-tra-tinh" not in rows  # unranked and not announced: not a difference


def test_a_correction_and_an_omitted_unit(mini):
    _announce(mini, "unit: so-tai-chinh, index: 91.20, rank: 1, band: kha", "unit: so-noi-vu, index: 84.75, rank: 2")
    rows = _rows(mini)
    assert rows["so-tai-chinh"].differences == (("index", "correction"),)
    assert rows["so-tu-phap"].differences == (("unit", "not-announced"),) and rows["so-tu-phap"].row is None


def test_the_demo_reconciles_one_difference_rounding_of_parts():
    """The demo's 2023 district annex: parts rounded before they were added (54,25 + 34,21 = 88,46 against
    88,467 recomputed), and one index printed with three decimals that agrees."""
    ds = load(REPO).dataset
    (rec,) = compute(ds).reconciliations
    assert (rec.year, rec.group, rec.decision) == (2023, "huyen", "2815/QĐ-UBND")
    assert [(r.unit, r.differences) for r in rec.differing] == [("huyen-an-phu", (("index", "rounding-of-parts"),))]
    assert str(next(r for r in rec.rows if r.unit == "tx-binh-son").announced_index) == "83.424"


def test_check_warns_of_each_difference_at_its_row(mini):
    _announce(mini, *AGREEING[:2], "unit: so-tu-phap, index: 85.10, rank: 2")
    ds = load(mini).dataset
    (found,) = reconcile_diagnostics(ds, compute(ds).reconciliations)
    lines = (mini / ROUND).read_text(encoding="utf-8").splitlines()
    assert found.severity == Severity.WARNING and found.path == ROUND and "so-tu-phap" in lines[found.line - 1]
    assert "85,10" in found.message_vi and "84,75" in found.message_vi and "85.10" in found.message_en
    done = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(mini)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{ROUND}:{found.line}:" in done.stdout and "[round.reconcile]" in done.stdout


def test_the_announced_rows_are_checked(mini):
    _announce(mini, "unit: so-tai-chinh, index: 89.74", "unit: so-tai-chinh, rank: 1", "unit: so-tai-chnh, rank: 2",
              "unit: so-noi-vu, band: gioi", "unit: so-tu-phap")
    found = sorted((d.line, d.message_en) for d in diagnostics_of(mini) if d.rule == "round.announced")
    first = (mini / ROUND).read_text(encoding="utf-8").splitlines().index("      - {unit: so-tai-chinh, index: 89.74}") + 1
    assert found == [
        (first + 1, f"Unit `so-tai-chinh` is already on line {first}: one row a unit."),
        (first + 2, "Unit `so-tai-chnh` is not in `scores/units.yaml`. Did you mean `so-tai-chinh`?"),
        (first + 3, "Band `gioi` is not among the group's bands of 2023."),
        (first + 4, "The row of `so-tu-phap` has no index, rank or band."),
    ]
    assert all(d.severity == Severity.ERROR for d in diagnostics_of(mini) if d.rule == "round.announced")


def test_announced_results_need_their_decision(mini):
    text = (mini / ROUND).read_text(encoding="utf-8")
    start, end = text.index("    decision:"), text.index("    council_report:")
    (mini / ROUND).write_text(text[:start] + text[end:], encoding="utf-8")
    _announce(mini, AGREEING[0])
    assert [d.message_en for d in diagnostics_of(mini) if d.rule == "round.announced"] == [
        "Announced results (`announced`) without the decision that announced them."]


@given(st.decimals(min_value=0, max_value=100, places=6), st.integers(min_value=0, max_value=4))
def test_an_exact_index_rounded_to_any_decimals_agrees_and_a_step_off_does_not(value, places):
    exact = Fraction(value)
    step = Decimal(1).scaleb(-places)
    printed = Decimal(value).quantize(step)
    assert decimals_of(printed) == places and _within_rounding(printed, exact)
    assert not _within_rounding(printed + step, exact) or printed + step - Decimal(value) == step / 2


def test_pages_and_open_data_show_the_official_figures(mini):
    _announce(mini, "unit: so-tai-chinh, index: 89.737, rank: 1", "unit: so-noi-vu, index: 84.75, rank: 2",
              "unit: so-tu-phap, index: 84.75, rank: 3")
    assert build(mini, out=io.StringIO()).ok
    site = mini / "site"
    page = (site / P.reconciliation_page(2023).replace(".md", ".html")).read_text(encoding="utf-8")
    assert 'id="so-nganh-so-tu-phap" class="pp-differs-row"' in page and "thứ tự quyết định xếp" in page
    ranking = (site / "xep-hang/2023/so-nganh.html").read_text(encoding="utf-8")
    assert "89,737 · hạng 1" in ranking and "84,75 · hạng 3" in ranking  # as printed, three decimals kept
    assert '../../doi-chieu/2023.html#so-nganh-so-tu-phap' in ranking
    unit = (site / "don-vi/so-tu-phap.html").read_text(encoding="utf-8")
    assert "Kết quả chính thức theo quyết định" in unit and "hạng <strong>3</strong>" in unit
    data = json.loads((site / "data/api/v2/results/2023/so-nganh.json").read_text(encoding="utf-8"))
    entries = {e["unit"]: e for e in data["announced"]["entries"]}
    assert entries["so-tai-chinh"]["index"] == "89.737" and entries["so-tai-chinh"]["recomputed_index"] == "89.74"
    assert entries["so-tu-phap"]["differences"] == [{"what": "rank", "cause": "tie-order"}]


def test_a_note_of_an_announced_row_stays_text(mini):
    """The note is data from the round file: on the reconciliation page it shows as text."""
    _announce(mini, 'unit: so-tai-chinh, index: 89.74, rank: 1, note: "<script>alert(1)</script> =1+2 [a](http://x)"')
    assert build(mini, out=io.StringIO()).ok
    page = (mini / "site" / P.reconciliation_page(2023).replace(".md", ".html")).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; =1+2" in page
    assert '<a href="http://x">a</a>' not in page
