"""Years known only as published (issue 23, item 1): a decision's annex recorded in a round file,
in a year the group has no score file, is that year's results: in rankings, unit histories, trends
and open data, marked "as published" everywhere, never recomputed, never mixed with computed years;
`parportal import` reads such a table from CSV or XLSX as a secretariat types it."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from generator.cli import main
from generator.compute import compute
from generator.load import load
from generator.pipeline.build import build
from generator.render import site_paths as P
from generator.verify import verify
from tests.conftest import diagnostics_of

REPO = Path(__file__).parents[1]
ROUND_2021 = """# yaml-language-server: $schema=../../generator/schemas/round.schema.json
year: 2021
groups:
  so-nganh:
    decision: {number: 5/QĐ-UBND, date: 2022-02-20, issuer: UBND tỉnh Thử Nghiệm}
    columns:
      - {id: tham-dinh, name: Điểm thẩm định, max: 75}
      - {id: dieu-tra, name: Điều tra xã hội học, max: 25}
    announced:
      - {unit: so-noi-vu, index: 91.651, rank: 1, band: tot, columns: {tham-dinh: 70.20, dieu-tra: 21.451}}
      - {unit: so-tai-chinh, index: 81.33, rank: 2, band: kha, columns: {tham-dinh: 60, dieu-tra: 21.33}}
      - {unit: so-tu-phap, index: 70.50, rank: 3, band: trung-binh, note: Đính chính theo Quyết định 9/QĐ-UBND}
"""


def _with_2021(mini: Path) -> Path:
    (mini / "scores/2021").mkdir()
    (mini / "scores/2021/ky-danh-gia.yaml").write_text(ROUND_2021, encoding="utf-8")
    return mini


def test_a_year_without_score_files_is_results_as_published(mini):
    ds = load(_with_2021(mini)).dataset
    assert [d for d in diagnostics_of(mini) if d.severity.name == "ERROR"] == []
    res = compute(ds)
    (py,) = res.published
    assert (py.year, py.group, py.decision) == (2021, "so-nganh", "5/QĐ-UBND")
    assert [(e.unit, str(e.index), e.rank) for e in py.entries] == [
        ("so-noi-vu", "91.651", 1), ("so-tai-chinh", "81.33", 2), ("so-tu-phap", "70.50", 3)]  # decimals as printed
    assert 2021 not in res.final_years and all(r.year != 2021 for r in res.rankings)  # never a computed ranking
    history = next(h for h in res.histories if h.unit == "so-noi-vu").entries
    assert [(e.year, e.as_published) for e in history][:2] == [(2021, True), (2022, False)]
    assert history[1].index_change is None  # no change across an as-published and a computed year


def test_rows_of_a_results_only_year_need_an_index_and_declared_columns(mini):
    _with_2021(mini)
    text = (mini / "scores/2021/ky-danh-gia.yaml").read_text(encoding="utf-8")
    text = text.replace("{unit: so-tu-phap, index: 70.50, rank: 3,", "{unit: so-tu-phap, rank: 3,")
    text = text.replace("columns: {tham-dinh: 60,", "columns: {tham-din: 60,")
    (mini / "scores/2021/ky-danh-gia.yaml").write_text(text, encoding="utf-8")
    found = sorted(d.message_en for d in diagnostics_of(mini) if d.rule == "round.announced")
    assert found == ["Column `tham-din` is not under the group's `columns`. Did you mean `tham-dinh`?",
                     "Group `so-nganh` has only published results in 2021 (no score files): the row of `so-tu-phap` "
                     "needs its index."]


def test_pages_and_open_data_mark_the_year_as_published_and_verify_reads_it(mini):
    assert build(_with_2021(mini), out=io.StringIO()).ok
    site = mini / "site"
    page = (site / "xep-hang/2021/so-nganh.html").read_text(encoding="utf-8")
    assert "(như công bố)" in page and "Kết quả như công bố, không tính lại" in page
    assert "91,651" in page and "81,33" in page and "Đính chính theo Quyết định 9/QĐ-UBND" in page
    assert "Điểm thẩm định (75)" in page and "21,451" in page
    index = (site / "xep-hang/index.html").read_text(encoding="utf-8")
    assert 'id="nam-2021-nhu-cong-bo"' in index and 'href="2021/so-nganh.html"' in index
    unit = (site / "don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    assert "như công bố</small>" in unit
    trend = next((site / "assets/charts/don-vi").glob("so-noi-vu-xu-huong*.svg")).read_text(encoding="utf-8")
    assert ">2021*<" in trend and "năm 2021 (như công bố): 91,651" in trend
    data = json.loads((site / P.published_json(2021, "so-nganh")).read_text(encoding="utf-8"))
    assert data["as_published"] is True and data["entries"][0]["index"] == "91.651"
    raw = (site / P.published_csv(2021, "so-nganh")).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["unit"], r["as_published"], r["index"], r["index_as_printed"], r["column:tham-dinh"]) for r in rows] == [
        ("so-noi-vu", "true", "91.651", "91.651", "70.2"), ("so-tai-chinh", "true", "81.33", "81.33", "60"),
        ("so-tu-phap", "true", "70.5", "70.50", "")]  # the number rule, and the text as printed beside it
    history = json.loads((site / P.unit_json("so-noi-vu")).read_text(encoding="utf-8"))["history"]
    assert history[0]["year"] == 2021 and history[0]["as_published"] is True
    assert verify(site).problems == []
    path = site / P.published_csv(2021, "so-nganh")
    path.write_bytes(raw.replace(b",91.651,", b",91.652,"))
    assert [p.path for p in verify(site).problems] == [P.published_csv(2021, "so-nganh").removeprefix("data/")]


def test_the_demo_starts_with_two_years_as_published():
    ds = load(REPO).dataset
    res = compute(ds)
    assert sorted({(p.year, p.group) for p in res.published}) == [
        (2020, "huyen"), (2020, "so-nganh"), (2021, "huyen"), (2021, "so-nganh")]
    assert min(res.final_years) == 2022


def _annex_csv(tmp: Path, text: str) -> Path:
    path = tmp / "phu-luc.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_reads_an_annex_typed_in_vietnamese_style(mini, tmp_path):
    table = _annex_csv(tmp_path, "STT;Tên đơn vị;Điểm thẩm định;Điều tra XHH;Chỉ số CCHC;Xếp hạng;Xếp loại;Ghi chú\n"
                                 "1;Sở Nội vụ;70,20;21,451;91,651;1;Tốt;\n"
                                 "2;so tai chinh;60;21,33;81,33;2;Khá;\n"
                                 "3;Sở Tư pháp;;;70,50;3;Trung bình;Đính chính\n")
    runner = CliRunner()
    args = ["import", "--root", str(mini), str(table), "--year", "2021", "--group", "so-nganh",
            "--decision", "5/QĐ-UBND", "--decision-date", "2022-02-20", "--issuer", "UBND tỉnh Thử Nghiệm"]
    done = runner.invoke(main, [*args, "--dry-run"])
    assert done.exit_code == 0, done.output
    assert not (mini / "scores/2021/ky-danh-gia.yaml").exists()
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    res = compute(load(mini).dataset)
    (py,) = res.published
    assert [(e.unit, str(e.index), e.rank, e.band) for e in py.entries] == [
        ("so-noi-vu", "91.651", 1, "tot"), ("so-tai-chinh", "81.33", 2, "kha"), ("so-tu-phap", "70.50", 3, "trung-binh")]
    assert dict(py.entries[0].columns) == {"diem-tham-dinh": Decimal("70.20"), "dieu-tra-xhh": Decimal("21.451")}
    assert CliRunner().invoke(main, ["check", "--root", str(mini)]).exit_code == 0


def test_import_refuses_every_problem_at_once_and_writes_nothing(mini, tmp_path):
    table = _annex_csv(tmp_path, "Đơn vị,Chỉ số,Hạng,Xếp loại\n"
                                 "Sở Ngoại giao,80,1,Tốt\n"
                                 "Sở Nội vụ,tám mươi,2,Tốt\n"
                                 "Sở Tài chính,79.5,2.5,Giỏi\n")
    done = CliRunner().invoke(main, ["import", "--root", str(mini), str(table), "--year", "2021", "--group",
                                     "so-nganh", "--decision", "5/QĐ", "--decision-date", "2022-02-20", "--issuer", "UBND"])
    assert done.exit_code == 1
    out = done.output
    assert "phu-luc.csv:2: lỗi/error" in out and "Unit “Sở Ngoại giao” is not recognised. Did you mean `so-ngoai-vu`?" in out
    assert "phu-luc.csv:3" in out and "“tám mươi” is not a number (column index)" in out
    assert "“2.5” is not a whole number (column rank)" in out and "Band “Giỏi” is not among the year's bands" in out
    assert not (mini / "scores/2021").exists()


def test_import_reads_a_spreadsheet_keeping_the_decimals_its_cells_show(mini, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Phụ lục: Chỉ số CCHC năm 2021"])
    sheet.append(["TT", "Đơn vị", "Chỉ số", "Hạng"])
    for i, (name, index, rank) in enumerate((("Sở Nội vụ", 91.651, 1), ("Sở Tài chính", 81.3, 2)), 3):
        sheet.append([i - 2, name, index, rank])
        sheet.cell(i, 3).number_format = "0.000" if rank == 1 else "0.00"
    path = tmp_path / "phu-luc.xlsx"
    book.save(path)
    done = CliRunner().invoke(main, ["import", "--root", str(mini), str(path), "--year", "2021", "--group", "so-nganh",
                                     "--decision", "5/QĐ", "--decision-date", "2022-02-20", "--issuer", "UBND"])
    assert done.exit_code == 0, done.output
    (py,) = compute(load(mini).dataset).published
    assert [str(e.index) for e in py.entries] == ["91.651", "81.30"]  # as the cells show them


def test_text_of_an_annex_stays_text_on_pages_and_in_tables(mini):
    """A note and a column name from a round file are data: shown as text, never markup or a formula."""
    _with_2021(mini)
    path = mini / "scores/2021/ky-danh-gia.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Điểm thẩm định, max: 75", "name: \"<script>alert(1)</script> =1+2\", max: 75")
    text = text.replace("note: Đính chính theo Quyết định 9/QĐ-UBND", "note: \"=HYPERLINK(\\\"http://x\\\") <img src=x onerror=alert(1)> [a](http://x)\"")
    path.write_text(text, encoding="utf-8")
    assert build(mini, out=io.StringIO()).ok
    page = (mini / "site/xep-hang/2021/so-nganh.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<a href="http://x">a</a>' not in page  # the Markdown link stays text
    raw = (mini / "site" / P.published_csv(2021, "so-nganh")).read_text(encoding="utf-8-sig")
    note = next(r for r in csv.DictReader(io.StringIO(raw)) if r["unit"] == "so-tu-phap")["note"]
    assert note.startswith("'=HYPERLINK")  # a formula-leading cell neutralised


def test_a_year_as_published_in_the_results_feed_is_text(mini):
    """The decision number and the leading unit's name reach the results feed (Atom) as text."""
    _with_2021(mini)
    path = mini / "scores/2021/ky-danh-gia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "number: 5/QĐ-UBND", 'number: "5/QĐ <b>x</b> & =1+2"'), encoding="utf-8")
    assert build(mini, out=io.StringIO()).ok
    data = (mini / "site" / P.RESULTS_FEED).read_bytes()
    assert b"<b>" not in data
    entry = next(e for e in ET.fromstring(data).iter("{http://www.w3.org/2005/Atom}entry")
                 if "như công bố" in e.findtext("{http://www.w3.org/2005/Atom}title"))
    summary = entry.findtext("{http://www.w3.org/2005/Atom}summary")
    assert "Quyết định 5/QĐ <b>x</b> & =1+2" in summary and "đứng đầu" in summary
