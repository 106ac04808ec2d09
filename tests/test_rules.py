"""Every validation rule, proven by a broken copy of the golden dataset that it must catch
at the right file and line."""
from __future__ import annotations

import pytest

from generator.validate.rules import RULES
from tests.conftest import TWO_PARTS, diagnostics_of, mutate, nested

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
TC23 = "scores/2023/so-nganh/so-tai-chinh.yaml"
C23 = "criteria/so-nganh/2023.yaml"
C22 = "criteria/so-nganh/2022.yaml"
REG = "scores/units.yaml"
S24 = "scores/2024/so-nganh/so-noi-vu.yaml"
AG23 = "scores/2023/so-nganh/tham-dinh/so-tai-chinh.yaml"  # the Department of Finance appraises 1.3.1
TP23 = "scores/2023/so-nganh/so-tu-phap.yaml"

# (rule id, file, old text, new text, expected line or None for "the mutated line")
CASES = [
    ("file.path-matches", S23, "unit: so-noi-vu", "unit: so-tu-phap", None),
    ("file.path-matches", C23, "year: 2023", "year: 2024", None),
    ("file.schema-line", S23, "# yaml-language-server", "# something-else", 1),
    ("registry.consistent", REG, "  - id: so-tu-phap", "  - id: so-tai-chinh", None),
    ("registry.consistent", REG, "    unranked_reason: Đánh giá nhưng không xếp hạng chung với các sở.\n", "", 44),
    ("registry.consistent", REG, "    group: so-nganh\n    first_year: 2022\n    last_year",
     "    group: huyen\n    first_year: 2022\n    last_year", None),
    ("criteria.unique-ids", C23, 'id: "3.2"', 'id: "3.1"', None),
    ("criteria.maxima", C23, "    name: Cải cách thể chế\n    max: 9", "    name: Cải cách thể chế\n    max: 8", 73),
    ("criteria.maxima", C23, "  appraised: 15", "  appraised: 14", 12),
    ("criteria.maxima", C23, "        rule: {type: manual}\n        replaces: [\"2.1\"]",
     "        rule: {type: manual}\n        replaces: [\"2.1\"]", 13),  # placeholder replaced below
    ("criteria.rule", C23, "{min: 90, points: 1}", "{min: 96, points: 1}", 53),
    ("criteria.rule", C23, "rule: {type: deduction, floor: -2, step: 0.5}", "rule: {type: deduction, floor: 2, step: 0.5}", None),
    ("criteria.rule", C23, "rate: {numerator: paid_online, denominator: eligible}",
     "rate: {numerator: paid, denominator: eligible}", 65),
    ("criteria.rule", C22, "rule: {type: manual, step: 0.5}", "rule: {type: manual, step: 0.75}", None),
    ("criteria.references", C23, 'replaces: ["1.3"]', 'replaces: ["1.9"]', None),
    ("criteria.references", C23, "appraised_by: so-tai-chinh", "appraised_by: so-khong-co", None),
    ("criteria.bands", C23, "{id: kha, name: Khá, name_en: Fair, min: 70}", "{id: kha, name: Khá, name_en: Fair, min: 95}", 16),
    ("scores.unit", S23, "group: so-nganh", "group: huyen", None),
    ("scores.unit", "scores/2022/so-nganh/so-ngoai-vu.yaml", "year: 2022", "year: 2022", None),  # replaced below
    ("scores.criterion", S23, '"1.2": {status: done, self: true}', '"1.9": {status: done, self: true}', None),
    ("scores.complete", S23, '  "1.2": {status: done, self: true}\n', "", 5),
    ("scores.complete", S23, '  "3.2": {result: 90}\n', "", 8),
    ("scores.value", S23, "  \"2.1\": {status: done, self: 8.5}", "  \"2.1\": {status: done, self: 8.6}", None),
    ("scores.value", S23, "  \"2.1\": {status: done, self: 8.5}", "  \"2.1\": {status: done, self: 9.5}", None),
    ("scores.value", S23, '"1.2": {status: done, self: true}', '"1.2": {status: done, self: 1}', None),
    ("scores.value", S23, "self: -0.5", "self: -2.5", None),
    ("scores.value", S23, '"3.1": {result: 80}', '"3.1": {result: 180}', None),
    ("scores.value", S23, "figures: {paid_online: 30, eligible: 40}", "figures: {paid_online: 30, total: 40}", None),
    ("scores.figures", S23, "figures: {received: 200, on_time: 196, late: 4}",
     "figures: {received: 200, on_time: 198, late: 4}", None),
    ("scores.figures", S23, "figures: {paid_online: 30, eligible: 40}", "figures: {paid_online: 0, eligible: 0}", None),
    ("scores.appraisal", S23, "    reason: Kế hoạch ban hành chậm so với quy định.\n", "", 11),
    ("scores.appraisal", S24, "stage: self", "stage: self", None),  # replaced below
    ("scores.status", S23, '"1.2": {status: done, self: true}', '"1.2": {status: not_applicable}', None),
    ("scores.status", TC23, '"1.3.2": {status: not_applicable}', '"1.3.2": {status: not_applicable, self: 1}', None),
    ("scores.status", S23, '"1.2": {status: done, self: true}', '"1.2": {status: in_progress, self: true}', None),
    ("dataset.duplicate-score", "scores/2023/so-nganh/so-tu-phap.yaml", "unit: so-tu-phap", "unit: so-noi-vu", None),
    ("dataset.survey-consistent", "scores/2023/so-nganh/so-tai-chinh.yaml", '  "3.1": {result: 85}\n  "3.2": {result: 75}\n',
     "", 7),
]

# Cases that need more than one line changed are patched here to stay readable above.
CASES[9] = ("criteria.maxima", C23, "        rule: {type: survey}\n        replaces: [\"3.1\"]",
            "        rule: {type: manual}\n        replaces: [\"3.1\"]", 13)
CASES[18] = ("scores.unit", REG, "    last_year: 2022", "    last_year: 2021", 3)
CASES[31] = ("scores.appraisal", S24, '"2.2": {status: done, self: 0}', '"2.2": {status: done, self: 0, appraised: -1, reason: x}', None)
CASES += [
    # parts declared as a list (tests/test_parts.py): maxima, members, ids
    ("criteria.part-maxima", C23, TWO_PARTS, nested({"    max: 15\n": "    max: 16\n"}), 15),
    ("criteria.part-maxima", C23, TWO_PARTS, nested({"        max: 2\n": "        max: 2.5\n"}), 20),
    ("criteria.part-maxima", C23, TWO_PARTS, nested({'["1", "2"]': '["1"]', "max: 15": "max: 6", "max: 5\n": "max: 14\n"}), 20),
    ("criteria.part-members", C23, TWO_PARTS, nested({'["3.2"]': '["3.2", "1.1"]'}), 31),
    ("criteria.part-members", C23, TWO_PARTS, nested({'["3.2"]': '["9"]'}), 31),
    ("criteria.part-members", C23, TWO_PARTS, nested({'["1", "2"]': '["1"]', "max: 15": "max: 6"}), 89),
    ("criteria.part-ids", C23, TWO_PARTS, nested({"id: khao-sat-lanh-dao": "id: hai-long"}), 27),
    ("registry.consistent", REG, "  - id: so-tu-phap", "  - id: thu-ky-cchc", None),  # a reviewing team's name
    ("registry.consistent", REG, "  - id: so-tu-phap", "  - id: tham-dinh-so-nganh", None),
    ("file.canonical", S23, '"2.1": {status: done, self: 8.5}', '"2.1": {self: 8.5, status: done}', None),
    ("file.canonical", C23, "    name: Cải cách thể chế\n    max: 9", "    name:   Cải cách thể chế\n    max: 9", None),
    # a right-to-left override pasted raw, and a NUL written as an escape
    ("text.forbidden-character", S23, "reason: Kế hoạch ban hành", "reason: Kế hoạch \u202eban hành", None),
    ("text.forbidden-character", REG, "    name: Sở Tư pháp", '    name: "Sở Tư\\0 pháp"', None),
    ("text.invisible-character", REG, "    name: Sở Tư pháp", "    name: Sở Tư\u200b pháp", None),
    ("text.not-nfc", S23, "reason: Kế hoạch ban hành", "reason: Kế hoạch ba\u0300n hành", None),
    # the same name with a Cyrillic "о", then a name that mixes scripts
    ("registry.names", REG, "    name: Sở Tư pháp", "    name: Th\u0430nh tra tỉnh", None),
    ("registry.names", REG, "    name: Sở Tư pháp", "    name: Sở Tư phá\u0440", None),
    # agencies and their files
    ("registry.agencies", REG, "    unit: so-tai-chinh\n", "    unit: so-tai-chin\n", None),
    ("registry.agencies", REG, "    groups: [so-nganh]", "    groups: [huyen]", None),
    ("registry.agencies", REG, "  - id: hoi-dong-so-nganh", "  - id: so-tu-phap", None),
    ("agency.file", AG23, "agency: so-tai-chinh", "agency: so-tai-chin", None),
    ("agency.file", AG23, '"1.3.1": {appraised_figures: {received: 200, on_time: 196, late: 4}}',
     '"1.2": {appraised: true}', None),  # 1.2 is the council's
    ("agency.file", AG23, "  so-tu-phap:\n", "  so-tu-phap-x:\n", None),
    ("agency.file", AG23, "received: 200, on_time: 196", "received: 200, on_time: 150", None),  # no reason
    ("agency.file", AG23, "{received: 50, on_time: 50, late: 0}", "{received: 50, on_time: 50}", None),
    ("agency.file", AG23, '{received: 10, on_time: 10, late: 0}}',
     '{received: 10, on_time: 10, late: 0}, result: 5}', None),
    ("dataset.recorded-once", TP23, "figures: {received: 50, on_time: 50, late: 0}\n",
     "figures: {received: 50, on_time: 50, late: 0}\n    appraised_figures: {received: 50, on_time: 40, late: 10}\n"
     "    reason: Chậm hạn.\n", 12),
    ("round.file", "scores/2023/ky-danh-gia.yaml", "appraisal: 2023-10-31", "appraisal: 2023-10-20", None),
    # an announced row naming an unregistered unit (tests/test_reconcile.py)
    ("round.announced", "scores/2023/ky-danh-gia.yaml", "title: Báo cáo kết quả thẩm định năm 2023}",
     "title: Báo cáo kết quả thẩm định năm 2023}\n    announced:\n      - {unit: so-tai-chnh, rank: 1}", 14),
    ("dataset.deadline", TP23, "stage: final\n", "stage: final\nsubmitted: 2023-10-28\n", 6),
    ("scores.explanation", S23, '  "3.2": {result: 90}\n',
     '  "3.2": {result: 90}\nexplanations:\n  "9.9": {date: 2023-11-20, text: Đã bổ sung kiểm chứng.}\n', 29),
    # done without the evidence its criterion names, in a self-assessment (tests/test_rule_scores_evidence.py)
    ("scores.evidence", S24, "    evidence:\n      - number: 8/KH-SNV\n        date: 2024-01-10\n"
     "        title: Kế hoạch cải cách hành chính năm 2024\n", "", 8),
    # evidence on a personal drive (tests/test_rule_scores_evidence_hosts.py)
    ("scores.evidence-host", S23, "        title: Kế hoạch cải cách hành chính năm 2023\n",
     "        title: Kế hoạch cải cách hành chính năm 2023\n        url: https://drive.google.com/file/d/1x/view\n", 17),
]


@pytest.mark.parametrize("rule,rel,old,new,line", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_catches_broken_copy(mini, rule, rel, old, new, line):
    changed_line = mutate(mini, rel, old, new)
    expected_line = changed_line if line is None else line
    diags = diagnostics_of(mini)
    hits = [d for d in diags if d.rule == rule]
    assert hits, f"{rule} did not fire; got {[(d.rule, d.path, d.line) for d in diags]}"
    where = {(d.path, d.line) for d in hits}
    file_for_rule = "scores/units.yaml" if rule == "registry.consistent" and "last_year" in old else rel
    assert any(line == expected_line for _, line in where), f"{rule} at {where}, expected line {expected_line}"
    assert all(d.message_vi and d.message_en and d.hint_vi and d.hint_en for d in hits)
    assert any(p == file_for_rule or rule == "scores.unit" for p, _ in where)


def test_every_rule_has_a_failing_case():
    covered = {c[0] for c in CASES}
    assert {r.id for r in RULES} <= covered


def test_golden_dataset_is_clean(mini):
    assert diagnostics_of(mini) == []


def test_rule_ids_are_unique_and_bilingual():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.summary_vi and r.summary_en for r in RULES)
