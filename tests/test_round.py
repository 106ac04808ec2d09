"""A year's round (scores/<year>/ky-danh-gia.yaml, issue 21 items 4 and 5): deadlines read against
a date, late and overdue work, the checker's warnings, and the results decision with its page,
annex and citations."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re

from generator.compute.calendar import milestones, reference_date
from generator.core.diagnostics import Severity
from generator.load import load
from generator.pipeline.build import build
from generator.render import site_paths as P
from tests.conftest import diagnostics_of, mutate

ROUND = "scores/2023/ky-danh-gia.yaml"
ROUND_2024 = ("# yaml-language-server: $schema=../../generator/schemas/round.schema.json\nyear: 2024\nas_of: 2024-09-30\n"
              "groups:\n  so-nganh:\n    deadlines: {self_assessment: 2024-09-20, appraisal: 2024-10-31}\n")


def _by_kind(items):
    return {m.kind: m for m in items}


def test_deadlines_are_read_against_the_build_date_or_the_rounds_as_of(mini):
    ds = load(mini).dataset
    after = _by_kind(milestones(ds, 2023, "so-nganh", dt.date(2023, 11, 4)))
    assert [k for k in after] == ["self_assessment", "appraisal", "explanation", "publication"]
    assert after["explanation"].passed and after["explanation"].days == -1
    assert not after["publication"].passed and after["publication"].days == 11
    assert after["publication"].done  # the decision is recorded
    assert milestones(ds, 2023, "huyen", dt.date(2024, 1, 1)) == ()  # no round for that group
    (mini / "scores/2024/ky-danh-gia.yaml").write_text(ROUND_2024, encoding="utf-8")
    ds = load(mini).dataset
    assert reference_date(ds, 2024, dt.date(2026, 12, 3)) == dt.date(2024, 9, 30)
    now = _by_kind(milestones(ds, 2024, "so-nganh", dt.date(2026, 12, 3)))
    assert now["self_assessment"].passed and not now["appraisal"].passed and now["appraisal"].days == 31
    # the units active in 2024 without a file once the self-assessment deadline passed are overdue
    assert set(now["self_assessment"].overdue) == {"so-tai-chinh", "so-tu-phap", "thanh-tra-tinh"}
    assert now["self_assessment"].late == ()  # so-noi-vu's file states no submission date


def test_late_submission_and_late_explanation_are_warnings_naming_the_deadline(mini):
    mutate(mini, "scores/2023/so-nganh/so-tu-phap.yaml", "stage: final\n", "stage: final\nsubmitted: 2023-10-28\n")
    mutate(mini, "scores/2023/so-nganh/so-noi-vu.yaml", '  "3.2": {result: 90}\n',
           '  "3.2": {result: 90}\nexplanations:\n  "1.1": {date: 2023-11-06, text: Đã có kế hoạch bổ sung.}\n')
    found = [d for d in diagnostics_of(mini) if d.rule == "dataset.deadline"]
    assert [(d.path, d.severity) for d in found] == [
        ("scores/2023/so-nganh/so-noi-vu.yaml", Severity.WARNING), ("scores/2023/so-nganh/so-tu-phap.yaml", Severity.WARNING)]
    late = found[1]
    assert "3 ngày" in late.message_vi and "3 days late" in late.message_en and f"{ROUND}:5" in late.message_en
    assert "2023-11-03" in found[0].message_en  # the explanation deadline


def test_the_round_file_names_known_groups_ordered_deadlines_and_decisions_of_final_years(mini):
    mutate(mini, ROUND, "appraisal: 2023-10-31", "appraisal: 2023-10-20")
    mutate(mini, ROUND, "date: 2023-11-10", "date: 2023-11-20")
    found = {(d.line, d.severity, d.message_en.split(" (")[0]) for d in diagnostics_of(mini) if d.rule == "round.file"}
    assert (5, Severity.WARNING, "The appraisal deadline") in found
    assert any(line == 8 and "after the publication deadline" in msg for line, _, msg in found)
    mutate(mini, ROUND, "  so-nganh:\n", "  so-ngnah:\n")
    messages = [d.message_en for d in diagnostics_of(mini) if d.rule == "round.file"]
    assert messages == ["Group `so-ngnah` is not in `scores/units.yaml`. Did you mean `so-nganh`?"]
    (mini / "scores/2024/ky-danh-gia.yaml").write_text(
        ROUND_2024 + "    decision: {number: 1/QĐ, date: 2024-12-01, issuer: UBND}\n", encoding="utf-8")
    assert any("are not final" in d.message_en for d in diagnostics_of(mini) if d.rule == "round.file")


def test_decision_page_annex_citations_and_open_data(mini):
    assert build(mini, out=io.StringIO()).ok
    site = mini / "site"
    page = (site / "quyet-dinh/2023/so-nganh.html").read_text(encoding="utf-8")
    for text in ("2815/QĐ-UBND", "10/11/2023", "UBND tỉnh Thử Nghiệm", "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A",
                 "45/BC-HĐTĐ ngày 08/11/2023"):
        assert text in page, text
    annex = page[page.index('id="phu-luc-bang"'):]
    annex = annex[:annex.index("</table>")]
    ranking = json.loads((site / P.ranking_json(2023, "so-nganh")).read_text(encoding="utf-8"))
    shown = re.findall(r'<tr><td class="pp-num">(\d+)</td><th scope="row"><a href="[^"]+">([^<]+)</a></th>'
                       r'<td class="pp-num">[^<]+</td><td class="pp-num pp-strong">([\d,]+)</td>', annex)
    ranked = [e for e in ranking["entries"] if e["rank"] is not None]
    assert [(int(r), i.replace(",", ".")) for r, _, i in shown] == [(e["rank"], e["index"]) for e in ranked]
    assert "không xếp hạng" in annex  # the unranked unit, apart
    assert ranking["decision"]["number"] == "2815/QĐ-UBND" and ranking["decision"]["source"] == ROUND
    cite = 'Quyết định số 2815/QĐ-UBND ngày 10/11/2023'
    assert cite in (site / "xep-hang/2023/so-nganh.html").read_text(encoding="utf-8")
    unit = (site / "don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    assert unit.count(cite) == 1 and 'href="../quyet-dinh/2023/so-nganh.html"' in unit
    assert not (site / "quyet-dinh/2022").exists()  # no decision recorded for 2022


SCRIPT, LINK, FORMULA, IMG = ("<script>alert(1)</script>", "[x](javascript:alert(2))",
                              '=HYPERLINK("http://evil.example/","x")', "<img src=x onerror=alert(3)>")


def test_text_of_a_round_and_of_an_explanation_stays_text(mini):
    """Decision and report fields, and a unit's explanation, are data written by people: markup
    shows as text on the pages, no link opens script, and a formula is neutralised in the CSV."""
    mutate(mini, ROUND, "      signer: KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A\n",
           f"      signer: '{SCRIPT} {LINK}'\n")
    mutate(mini, ROUND, "      issuer: UBND tỉnh Thử Nghiệm\n", f"      issuer: '{FORMULA}'\n")
    mutate(mini, ROUND, "title: Báo cáo kết quả thẩm định năm 2023}", f"title: '{IMG}'}}")
    mutate(mini, "scores/2023/so-nganh/so-noi-vu.yaml", '  "3.2": {result: 90}\n',
           f'  "3.2": {{result: 90}}\nexplanations:\n  "1.1": {{date: 2023-11-02, text: \'{FORMULA} {SCRIPT}\'}}\n')
    assert build(mini, out=io.StringIO()).ok
    site = mini / "site"
    for rel in ("quyet-dinh/2023/so-nganh.html", "xep-hang/2023/so-nganh.html", "don-vi/so-noi-vu.html"):
        page = (site / rel).read_text(encoding="utf-8")
        assert SCRIPT not in page and IMG not in page and 'href="javascript:' not in page, rel
    decision = (site / "quyet-dinh/2023/so-nganh.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))" in decision
    assert "&lt;img src=x onerror=alert(3)&gt;" in decision
    unit = (site / "don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unit  # the explanation, in the criterion's path
    with gzip.open(site / P.criteria_csv(2023, "so-nganh"), "rt", encoding="utf-8-sig") as f:
        row = next(r for r in csv.DictReader(f) if (r["unit"], r["criterion"]) == ("so-noi-vu", "1.1"))
    assert row["explanation"] == f"'{FORMULA} {SCRIPT}"
