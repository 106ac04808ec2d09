"""`parportal verify`: the built mini site passes; one figure altered in a copy of its open data
fails, named by the file and row where it was altered; a bug in compute is caught; the module
stays apart from the pipeline; the open-data page's pandas snippet runs and finds an altered index."""
from __future__ import annotations

import ast
import csv
import gzip
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator
from generator.cli import main
from generator.pipeline.build import build
from generator.render import site_paths as P
from generator.verify import NotOpenData, verify
from tests.conftest import MINI

VERIFY = Path(generator.__file__).parent / "verify"
EXAMPLES = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _build(tmp: Path) -> Path:
    root = tmp / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build", "site"))
    assert build(root, site_dir=tmp / "site", out=io.StringIO()).ok
    return tmp / "site"


_SCRATCH: list[Path] = []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _SCRATCH[:] = [tmp_path_factory.mktemp("copies")]
    return _build(tmp_path_factory.mktemp("verify"))


def _copy(site: Path) -> Path:
    """A private copy of the site's open data (what verify reads), under the module's temporary
    folder (hypothesis runs a test several times in one function-scoped fixture)."""
    target = Path(tempfile.mkdtemp(dir=_SCRATCH[0])) / "data"
    shutil.copytree(site / P.DATA_DIR, target)
    return target


def _lines(report) -> list[str]:
    return [p.line() for p in report.problems]


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows, last = [], reader.line_num
    for cells in reader:
        rows.append((last + 1, cells))
        last = reader.line_num
    return header, rows


def _write_csv(path: Path, header: list[str], rows: list[tuple[int, list[str]]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(cells for _, cells in rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def _bumped(text: str, by: str = "0.01") -> str:
    value = Decimal(text) + Decimal(by)
    return format(value.quantize(Decimal(text)) if "." in text else value, "f")


# --------------------------------------------------------------------------- the site as built

def test_the_built_site_passes_and_says_how_much_it_checked(site):
    report = verify(site)
    assert report.problems == []
    assert report.figures > 3000 and report.files > 20
    result = CliRunner().invoke(main, ["verify", str(site)])
    assert result.exit_code == 0, result.output
    assert "con số" in result.output and "figures" in result.output


def test_the_data_folder_alone_passes_too(site):
    data = _copy(site)
    assert verify(data).problems == []
    assert verify(data).figures == verify(site).figures


def test_a_folder_without_open_data_is_refused(tmp_path):
    with pytest.raises(NotOpenData):
        verify(tmp_path)
    result = CliRunner().invoke(main, ["verify", str(tmp_path)])
    assert result.exit_code == 2
    assert "Lỗi:" in result.output and "Error:" in result.output and "Traceback" not in result.output


def test_a_unit_with_a_bom_and_lowercase_booleans_passes(site):
    """What another CSV writer may choose (a UTF-8 byte-order mark, `true`/`false`) is read alike."""
    data = _copy(site)
    for path in [data / "chi-so-cchc.csv", *sorted((data / "xep-hang").glob("*.csv"))]:
        text = path.read_text(encoding="utf-8-sig").replace(",True,", ",true,").replace(",False,", ",false,")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert verify(data).problems == []


# --------------------------------------------------------------------------- one figure altered

@EXAMPLES
@given(st.data())
def test_an_index_altered_in_a_ranking_csv_is_named_by_its_row(site, data):
    copy = _copy(site)
    path = copy / P.ranking_csv(2023, "so-nganh").removeprefix("data/")
    header, rows = _csv_rows(path)
    line, cells = data.draw(st.sampled_from(rows))
    col = header.index("index")
    was = cells[col]
    cells[col] = _bumped(was, data.draw(st.sampled_from(["0.01", "-0.01", "1"])))
    _write_csv(path, header, rows)
    (found,) = _lines(verify(copy))  # the CSV writes 100 for an index of 100.00 (the number rule): same value
    head, expected = found.split("phải là / expected ")
    assert head == f"xep-hang/2023-so-nganh.csv:{line}: chỉ số / index (2023, {cells[header.index('unit')]}), "
    assert expected.split(", ghi / found ") == [expected.split(",")[0], cells[col]]
    assert Decimal(expected.split(",")[0]) == Decimal(was)


@EXAMPLES
@given(st.data())
def test_a_rank_altered_in_the_ranking_json_is_named_by_its_entry(site, data):
    copy = _copy(site)
    path = copy / P.ranking_json(2023, "so-nganh").removeprefix("data/")
    ranking = json.loads(path.read_text(encoding="utf-8"))
    ranked = [i for i, e in enumerate(ranking["entries"]) if e["rank"] is not None]
    i = data.draw(st.sampled_from(ranked))
    was = ranking["entries"][i]["rank"]
    ranking["entries"][i]["rank"] = data.draw(st.sampled_from([r for r in range(1, 6) if r != was]))
    path.write_text(json.dumps(ranking, ensure_ascii=False), encoding="utf-8")
    found = _lines(verify(copy))
    unit = ranking["entries"][i]["unit"]
    assert (f"api/v2/results/2023/so-nganh.json:entries[{i}]: thứ hạng / rank (2023, {unit}), phải là / expected "
            f"{was}, ghi / found {ranking['entries'][i]['rank']}") in found
    # nothing else but, where the altered rank breaks the listed order, that order
    assert all(line.startswith("api/v2/results/2023/so-nganh.json:entries[") for line in found), found


def _leaf_rows(site: Path, unit: str, year: int) -> list[tuple[int, list]]:
    """(position, row) of the applicable, scored leaf criteria of a unit-year in its JSON."""
    data = json.loads((site / P.unit_json(unit)).read_text(encoding="utf-8"))
    cs = data["years"][[y["year"] for y in data["years"]].index(year)]
    return [(j, row) for j, row in enumerate(cs["criteria"]) if "." in row[0] and row[2] and row[6] is not None
            and not any(r[0].startswith(row[0] + ".") for r in cs["criteria"])]


@EXAMPLES
@given(st.data(), st.sampled_from(["json", "unit-csv", "criteria-table"]))
def test_a_criterion_point_altered_in_any_copy_is_named_where_it_was_altered(site, data, where):
    unit = data.draw(st.sampled_from(["so-noi-vu", "so-tai-chinh", "so-tu-phap"]))
    j, row = data.draw(st.sampled_from(_leaf_rows(site, unit, 2023)))
    cid, points = row[0], row[6]
    altered = _bumped(points, "0.25")
    copy = _copy(site)
    if where == "json":
        path = copy / P.unit_json(unit).removeprefix("data/")
        doc = json.loads(path.read_text(encoding="utf-8"))
        pos = [y["year"] for y in doc["years"]].index(2023)
        doc["years"][pos]["criteria"][j][6] = altered
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        at = f"{P.unit_json(unit).removeprefix('data/')}:years[{pos}].criteria[{j}]"
    else:
        rel = (P.unit_csv(unit) if where == "unit-csv" else P.criteria_csv(2023, "so-nganh")).removeprefix("data/")
        header, rows = _csv_rows(copy / rel)
        line, cells = next((line, cells) for line, cells in rows if cells[header.index("criterion")] == cid
                           and cells[header.index("year")] == "2023"
                           and ("unit" not in header or cells[header.index("unit")] == unit))
        cells[header.index("points")] = altered
        _write_csv(copy / rel, header, rows)
        at = f"{rel}:{line}"
    found = _lines(verify(copy))
    assert f"{at}: điểm / points (2023, {unit}, {cid}), phải là / expected {points}, ghi / found {altered}" in found
    assert all(line.startswith(at + ":") for line in found), found


@EXAMPLES
@given(st.data())
def test_a_band_altered_in_the_unit_table_is_named_by_its_row(site, data):
    copy = _copy(site)
    path = copy / P.UNITS_CSV.removeprefix("data/")
    header, rows = _csv_rows(path)
    line, cells = data.draw(st.sampled_from(rows))
    col = header.index("band")
    was = cells[col]
    cells[col] = data.draw(st.sampled_from([b for b in ("tot", "kha", "trung-binh") if b != was]))
    _write_csv(path, header, rows)
    assert _lines(verify(copy)) == [
        f"chi-so-cchc.csv:{line}: xếp loại / band ({cells[0]}, {cells[header.index('unit')]}), "
        f"phải là / expected {was}, ghi / found {cells[col]}"]


def test_a_group_average_and_a_history_entry_are_checked(site):
    copy = _copy(site)
    path = copy / P.ranking_json(2023, "so-nganh").removeprefix("data/")
    ranking = json.loads(path.read_text(encoding="utf-8"))
    ranking["stats"]["average"] = "86.42"
    path.write_text(json.dumps(ranking, ensure_ascii=False), encoding="utf-8")
    unit = copy / P.unit_json("so-noi-vu").removeprefix("data/")
    doc = json.loads(unit.read_text(encoding="utf-8"))
    doc["history"][1]["index_change"] = "2.26"
    unit.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert _lines(verify(copy)) == [
        "api/v2/results/2023/so-nganh.json:stats.average: trung bình nhóm / group average (2023, so-nganh), "
        "phải là / expected 86.41, ghi / found 86.42",
        "api/v2/units/so-noi-vu.json:history[1]: thay đổi chỉ số trong lịch sử / index change in the history "
        "(2023, so-noi-vu), phải là / expected 2.25, ghi / found 2.26"]


def test_the_command_exits_1_with_one_line_per_problem(site):
    copy = _copy(site)
    path = copy / "chi-so-cchc.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("so-noi-vu,Sở Nội vụ,final,so-nganh/2023,true,2,84.75,16.95,") == 1
    path.write_text(text.replace("so-noi-vu,Sở Nội vụ,final,so-nganh/2023,true,2,84.75,16.95,",
                                 "so-noi-vu,Sở Nội vụ,final,so-nganh/2023,true,2,84.75,16.96,"), encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(copy)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.fullmatch(r".*/data/chi-so-cchc\.csv:\d+: điểm / points \(2023, so-noi-vu\), "
                        r"phải là / expected 16.95, ghi / found 16.96", lines[0]), lines
    assert len(lines) == 2 and "1 chỗ không khớp" in lines[1] and "1 problems" in lines[1]


def test_broken_files_are_problems_not_crashes(site):
    copy = _copy(site)
    (copy / P.unit_json("so-noi-vu").removeprefix("data/")).write_text("{not json", encoding="utf-8")
    (copy / P.criteria_csv(2022, "so-nganh").removeprefix("data/")).write_bytes(b"not gzip")
    (copy / P.ranking_csv(2022, "so-nganh").removeprefix("data/")).unlink()
    found = _lines(verify(copy))
    assert any(line.startswith("api/v2/units/so-noi-vu.json:-: tệp / file") and "JSON" in line for line in found)
    assert any(line.startswith("tieu-chi/2022-so-nganh.csv.gz:-: tệp / file") for line in found)
    assert any(line.startswith("xep-hang/2022-so-nganh.csv:-: tệp / file") and "missing" in line for line in found)


# --------------------------------------------------------------------------- a second opinion

def test_a_bug_in_compute_is_caught(tmp_path, monkeypatch):
    """Dense ranks (1, 2, 2, 3) instead of competition ranks (1, 2, 2, 4): the site builds, and
    verify names the rank that does not follow from the indices, in every copy."""
    from generator.compute import rank as compute_rank

    def dense(items):
        keys = list(items)
        order = {key: i for i, key in enumerate(sorted({k for _, k in keys}, reverse=True), start=1)}
        return {uid: order[key] for uid, key in keys}

    monkeypatch.setattr(compute_rank, "competition_ranks", dense)
    found = _lines(verify(_build(tmp_path)))
    assert found and all("(2022, so-ngoai-vu)" in line and "expected 4, ghi / found 3" in line
                         for line in found if "thứ hạng / rank (" in line)
    assert any(line.startswith("xep-hang/2022-so-nganh.csv:") for line in found)
    assert any(line.startswith("api/v2/results/2022/so-nganh.json:entries[") for line in found)


# --------------------------------------------------------------------------- apart from the pipeline

def test_verify_imports_only_the_standard_library_pandas_and_core():
    allowed = set(sys.stdlib_module_names) | {"pandas"}
    wrong = []
    for file in sorted(VERIFY.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            for name in names:
                top = name.split(".")[0]
                if name.startswith("generator."):
                    if not name.startswith(("generator.core", "generator.verify")):
                        wrong.append(f"{file.name}:{node.lineno}: {name}")
                elif top != "__future__" and top not in allowed:
                    wrong.append(f"{file.name}:{node.lineno}: {name}")
    assert wrong == []


def test_the_rule_above_finds_a_forbidden_import(tmp_path, monkeypatch):
    fake = tmp_path / "verify"
    shutil.copytree(VERIFY, fake)
    (fake / "extra.py").write_text("from generator.compute.rank import competition_ranks\nimport yaml\n")
    monkeypatch.setattr(sys.modules[__name__], "VERIFY", fake)
    with pytest.raises(AssertionError):
        test_verify_imports_only_the_standard_library_pandas_and_core()


# --------------------------------------------------------------------------- the open-data page

def _snippet(site: Path) -> str:
    page = (site / "du-lieu/index.html").read_text(encoding="utf-8")
    section = page[page.index('id="tu-kiem-tra"'):page.index('id="api"')]
    assert "parportal verify site/" in section
    code = re.search(r'<pre><code class="language-python">(.*?)</code></pre>', section, re.S)
    return html.unescape(code.group(1))


def test_the_open_data_pages_pandas_snippet_recomputes_index_and_rank(site, tmp_path):
    code = _snippet(site)
    assert len(code.strip().splitlines()) <= 15 and "pd.read_csv" in code
    run = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Khớp / all match"
    copy = tmp_path / "site"
    (copy / "data/xep-hang").mkdir(parents=True)
    csv_rel = re.search(r'read_csv\("([^"]+)"', code).group(1)
    text = (site / csv_rel).read_text(encoding="utf-8")
    (copy / csv_rel).write_text(text.replace(",89.74,", ",89.75,", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", code], cwd=copy, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "so-tai-chinh" in run.stdout and "89.74" in run.stdout and "all match" not in run.stdout


def _hostile(value):
    """Every scalar of a JSON document replaced by what its place never holds."""
    if isinstance(value, dict):
        return {k: _hostile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v) for v in value]
    return [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else {"x": value}


@pytest.mark.parametrize("shape", ["empty-list", "scalars-wrapped", "text-cells"])
def test_open_data_of_any_shape_gives_problems_never_a_crash(site, shape):
    copy = _copy(site)
    for path in sorted(copy.rglob("*.json")):
        if shape == "empty-list":
            path.write_text("[]", encoding="utf-8")
        elif shape == "scalars-wrapped":
            path.write_text(json.dumps(_hostile(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    if shape == "text-cells":
        for path in sorted(copy.rglob("*.csv")) + sorted(copy.rglob("*.csv.gz")):
            header, rows = _csv_rows(path)
            for _, cells in rows:
                cells[:] = ["=1+1" if i % 2 else "x" for i in range(len(cells))]
            _write_csv(path, header, rows)
    report = verify(copy)
    assert report.problems
    result = CliRunner().invoke(main, ["verify", str(copy)])
    assert result.exit_code == 1 and "Traceback" not in result.output


@settings(max_examples=300, deadline=None)
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10_000), st.integers(0, 4),
       st.sampled_from(["half_up", "half_even", "down"]))
def test_the_second_reading_of_rounding_agrees_with_compute(value, decimals, mode):
    from generator.compute.rounding import round_fraction
    from generator.verify import rules
    assert rules.rounded(value, decimals, mode) == round_fraction(value, decimals, mode)


@given(st.lists(st.sampled_from([Decimal("84.75"), Decimal("90"), Decimal("45.5"), Decimal("70")]), max_size=8))
def test_the_second_reading_of_ranks_agrees_with_compute(indices):
    from generator.compute.rank import competition_ranks
    from generator.verify import rules
    items = [(f"u{i}", v) for i, v in enumerate(indices)]
    assert rules.competition_ranks(items) == competition_ranks(items)
