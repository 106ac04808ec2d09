"""`parportal new scores` and `parportal new criteria`: what they write validates, is canonical, and
nothing is ever overwritten."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import load
from generator.load.yamlsource import read_yaml
from generator.validate.canonical import canonical_text
from generator.workflow.scaffold import new_title
from tests.conftest import diagnostics_of, mutate

NEW = "scores/2024/so-nganh/so-tu-phap.yaml"


def _new(root, *args):
    return CliRunner().invoke(main, ["new", *args, "--root", str(root)])


def test_new_score_file_lists_every_criterion_and_checks_clean(mini):
    result = _new(mini, "scores", "--unit", "so-tu-phap", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert NEW in result.output
    text = (mini / NEW).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../generator/schemas/score-file.schema.json\n")
    assert canonical_text(text, NEW) == text
    # the set that applies to 2024 is the 2023 one; every scored criterion but the survey, in order
    ds = load(mini).dataset
    cs = ds.set_for("so-nganh", 2024)
    expected = [c.id for c in cs.leaves() if not c.is_survey]
    assert list(read_yaml(mini / NEW).data["scores"]) == expected
    assert re.findall(r'^  "([^"]+)":$', text, re.M) == expected
    for crit in cs.leaves():  # names in the comments, survey criteria too
        assert crit.name in text
    assert "tối đa 2 điểm" in text and "Tài liệu kiểm chứng / Evidence: Kế hoạch CCHC năm" in text
    assert "Cơ quan thẩm định / Appraised by: Sở Tài chính" in text  # 1.3.1 is appraised by another agency
    assert "# received:" in text and "status: not_applicable" in text
    assert [d for d in diagnostics_of(mini) if d.path == NEW] == []


def test_filled_in_score_file_validates(mini):
    _new(mini, "scores", "--unit", "so-tu-phap", "--year", "2024")
    path = mini / NEW
    text = path.read_text(encoding="utf-8")
    text = text.replace("submitted:  #", "submitted: 2024-03-01  #")
    text = text.replace('"1.1":\n    status:\n    self:', '"1.1":\n    status: done\n    self: 1.5\n    evidence:\n'
                        '      - {number: 12/KH-STP, date: 2024-01-15}')  # done, with the evidence its set names
    text = text.replace('"1.2":\n    status:\n    self:', '"1.2":\n    status: done\n    self: true')
    for fid, value in (("received", 100), ("on_time", 90), ("late", 10), ("paid_online", 3), ("eligible", 4)):
        text = text.replace(f"      # {fid}:  #", f"      {fid}: {value}  #")
    text = text.replace('"2.1":\n    status:\n    self:', '"2.1":\n    status: in_progress\n    self: 9.25')
    path.write_text(text, encoding="utf-8")
    found = [d for d in diagnostics_of(mini) if d.path == NEW]
    assert [d.rule for d in found] == ["scores.value"]  # 9.25 is over the maximum of 9
    path.write_text(text.replace("self: 9.25", "self: 8.75"), encoding="utf-8")
    assert [d for d in diagnostics_of(mini) if d.path == NEW] == []


def test_new_score_file_refuses_to_overwrite(mini):
    assert _new(mini, "scores", "--unit", "so-tu-phap", "--year", "2024").exit_code == 0
    (mini / NEW).write_text("# mine\n", encoding="utf-8")
    again = _new(mini, "scores", "--unit", "so-tu-phap", "--year", "2024")
    assert again.exit_code == 1 and "không ghi đè" in again.output and "not overwriting" in again.output
    assert (mini / NEW).read_text(encoding="utf-8") == "# mine\n"
    existing = mini / "scores/2023/so-nganh/so-noi-vu.yaml"
    before = existing.read_bytes()
    assert _new(mini, "scores", "--unit", "so-noi-vu", "--year", "2023").exit_code == 1
    assert existing.read_bytes() == before


def test_new_score_file_refusals_say_why(mini):
    typo = _new(mini, "scores", "--unit", "so-tuphap", "--year", "2024")
    assert typo.exit_code == 1 and "so-tu-phap (Sở Tư pháp)" in typo.output and "Traceback" not in typo.output
    gone = _new(mini, "scores", "--unit", "so-ngoai-vu", "--year", "2024")  # last evaluated in 2022
    assert gone.exit_code == 1 and "2022" in gone.output
    early = _new(mini, "scores", "--unit", "so-noi-vu", "--year", "2021")
    assert early.exit_code == 1
    assert not (mini / "scores/2021").exists()


def test_new_criteria_set_links_every_criterion_and_asks_for_the_decision(mini):
    result = _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2023")
    assert result.exit_code == 0, result.output
    rel = "criteria/so-nganh/2025.yaml"
    text = (mini / rel).read_text(encoding="utf-8")
    assert canonical_text(text, rel) == text
    data = read_yaml(mini / rel).data
    old = read_yaml(mini / "criteria/so-nganh/2023.yaml").data
    assert data["year"] == 2025 and data["title"] == "Bộ tiêu chí thử nghiệm 2025"

    def ids(fields):
        for c in fields:
            yield c["id"], c.get("replaces")
            yield from ids(c.get("criteria", []))

    assert [(i, r) for i, r in ids(data["fields"])] == [(i, [i]) for i, _ in ids(old["fields"])]
    assert data["decision"]["number"] is None and data["decision"]["date"] is None
    assert "CẦN ĐIỀN" in text and "TO FILL IN" in text
    errors = [d for d in diagnostics_of(mini) if d.is_error]
    assert {(d.path, d.line) for d in errors} == {(rel, text.split("\n").index(row) + 1)
                                                  for row in text.split("\n") if row.startswith(("  number:", "  date:"))}


def test_new_criteria_set_with_its_decision_checks_clean(mini):
    result = _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2023",
                  "--decision", "3507/QĐ-UBND", "--decision-date", "2024-09-21")
    assert result.exit_code == 0, result.output
    assert diagnostics_of(mini) == []
    decision = read_yaml(mini / "criteria/so-nganh/2025.yaml").data["decision"]
    assert decision["number"] == "3507/QĐ-UBND" and decision["date"] == "2024-09-21"


def test_new_criteria_set_refusals(mini):
    assert _new(mini, "criteria", "--group", "so-nganh", "--year", "2023", "--from", "2022").exit_code == 1  # exists
    missing = _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2019")
    assert missing.exit_code == 1 and "2022, 2023" in missing.output
    backwards = _new(mini, "criteria", "--group", "so-nganh", "--year", "2021", "--from", "2022")
    assert backwards.exit_code == 1
    skipping = _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2022")
    assert skipping.exit_code == 1 and "--from 2023" in skipping.output  # replaces must point at the 2023 set
    (mini / "criteria/so-nganh/2023.yaml").rename(mini / "criteria/so-nganh/2026.yaml")
    between = _new(mini, "criteria", "--group", "so-nganh", "--year", "2024", "--from", "2022")
    assert between.exit_code == 1 and "2026" in between.output
    (mini / "criteria/so-nganh/2026.yaml").rename(mini / "criteria/so-nganh/2023.yaml")
    group = _new(mini, "criteria", "--group", "so-ngan", "--year", "2025", "--from", "2023")
    assert group.exit_code == 1 and "so-nganh?" in group.output
    bad_date = _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2023",
                    "--decision-date", "21/09/2024")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    assert not (mini / "criteria/so-nganh/2025.yaml").exists()


def test_new_score_file_takes_a_unit_name_and_says_its_id(mini):
    result = _new(mini, "scores", "--unit", "Sở Tư pháp", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert (mini / NEW).exists() and "so-tu-phap" in result.output and "--unit so-tu-phap" in result.output
    assert "unit: so-tu-phap\n" in (mini / NEW).read_text(encoding="utf-8")
    (mini / NEW).unlink()
    for written in ("so tu phap", "SỞ TƯ PHÁP", "Department of Justice"):  # case, diacritics, the English name
        again = _new(mini, "scores", "--unit", written, "--year", "2024")
        assert again.exit_code == 0 and (mini / NEW).exists(), (written, again.output)
        (mini / NEW).unlink()


def test_a_unit_name_that_is_wrong_or_shared_is_refused_with_the_ids(mini):
    typo = _new(mini, "scores", "--unit", "Sở Tư phap x", "--year", "2024")
    assert typo.exit_code == 1 and "so-tu-phap (Sở Tư pháp)" in typo.output and "so-tu-phap (Department of Justice)" \
        in typo.output
    mutate(mini, "scores/units.yaml", "    name_en: Department of Finance\n    group:",
           "    name_en: Department of Justice\n    group:")  # the unit's English name, not the agency's
    shared = _new(mini, "scores", "--unit", "Department of Justice", "--year", "2024")
    assert shared.exit_code == 1 and "so-tai-chinh" in shared.output and "so-tu-phap" in shared.output
    assert not (mini / NEW).exists()


@pytest.mark.parametrize("title,english,expected,period", [
    ("Bộ chỉ số CCHC các sở giai đoạn 2023 - 2025", False, "Bộ chỉ số CCHC các sở năm 2025", True),
    ("Bộ chỉ số CCHC các sở Giai đoạn 2023–2025 (sửa đổi)", False, "Bộ chỉ số CCHC các sở năm 2025 (sửa đổi)", True),
    ("Bộ chỉ số CCHC các sở 2023-2025", False, "Bộ chỉ số CCHC các sở 2025", True),
    ("PAR Index criteria, 2023 – 2025", True, "PAR Index criteria, 2025", True),
    ("Bộ chỉ số CCHC các sở năm 2023", False, "Bộ chỉ số CCHC các sở năm 2025", False),
    ("PAR Index criteria", True, "PAR Index criteria", False),
])
def test_a_copied_title_takes_the_new_year_not_a_period_ending_in_it(title, english, expected, period):
    assert new_title(title, 2023, 2025, english) == (expected, period)


def test_new_criteria_set_from_a_period_set_is_titled_for_its_year(mini):
    mutate(mini, "criteria/so-nganh/2023.yaml", "title: Bộ tiêu chí thử nghiệm 2023",
           "title: Bộ tiêu chí thử nghiệm giai đoạn 2023 - 2025")
    mutate(mini, "criteria/so-nganh/2023.yaml", "title_en: Test criteria set 2023", "title_en: Test criteria set 2023-2025")
    assert _new(mini, "criteria", "--group", "so-nganh", "--year", "2025", "--from", "2023").exit_code == 0
    text = (mini / "criteria/so-nganh/2025.yaml").read_text(encoding="utf-8")
    data = read_yaml(mini / "criteria/so-nganh/2025.yaml").data
    assert data["title"] == "Bộ tiêu chí thử nghiệm năm 2025" and data["title_en"] == "Test criteria set 2025"
    assert "2025 - 2025" not in text and "kiểm tra lại giai đoạn" in text


def test_new_score_file_says_which_criteria_require_evidence_and_names_statuses_in_vietnamese(mini):
    mutate(mini, "criteria/so-nganh/2023.yaml", "        evidence: Kế hoạch CCHC năm và báo cáo thực hiện",
           "        evidence: Kế hoạch CCHC năm và báo cáo thực hiện\n        evidence_required: true")
    assert _new(mini, "scores", "--unit", "so-tu-phap", "--year", "2024").exit_code == 0
    text = (mini / NEW).read_text(encoding="utf-8")
    block = text[:text.index('  "1.1":')].rsplit("\n\n", 1)[-1]  # the comments above 1.1
    assert "Bắt buộc có tài liệu kiểm chứng" in block and "Evidence required" in block
    assert text.count("Bắt buộc có tài liệu kiểm chứng") == 1
    assert "not_applicable (không áp dụng" in text and "in_progress (đang thực hiện)" in text
