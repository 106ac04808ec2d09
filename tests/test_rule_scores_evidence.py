"""Rule `scores.evidence`: a criterion marked done shows its evidence; an error where the set
requires it (`evidence_required: true`), a warning only where an appraiser needs it before the
file is submitted (see the rule's docstring)."""
from __future__ import annotations

from generator.core.diagnostics import Severity
from generator.validate.rules.scores_evidence import ID
from tests.conftest import diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
S24 = "scores/2024/so-nganh/so-noi-vu.yaml"
C23 = "criteria/so-nganh/2023.yaml"
EVIDENCE_24 = ("    evidence:\n      - number: 8/KH-SNV\n        date: 2024-01-10\n"
               "        title: Kế hoạch cải cách hành chính năm 2024\n")


def _hits(root):
    return [d for d in diagnostics_of(root) if d.rule == ID]


def _line(root, rel, text):
    rows = (root / rel).read_text(encoding="utf-8").split("\n")
    number = next(i for i, row in enumerate(rows, 1) if text in row)
    return number, rows[number - 1].index(text) + 1


def _require(root, cid_line: str):
    """Mark the criterion whose `rule:` line is `cid_line` in the 2023 set as requiring evidence."""
    mutate(root, C23, cid_line, cid_line + "\n        evidence_required: true")


def test_required_evidence_missing_is_an_error_at_any_stage(mini):
    _require(mini, "        rule: {type: binary}")  # 1.2, done without evidence in the final 2023 files
    hits = [d for d in _hits(mini) if d.path == S23]
    assert len(hits) == 1 and hits[0].severity is Severity.ERROR
    line, col = _line(mini, S23, '"1.2": {status: done')
    assert (hits[0].line, hits[0].col) == (line, col + len('"1.2": {status: '))  # at the status
    d = hits[0]
    assert "`evidence_required: true`" in d.message_vi and "“đã thực hiện” (`done`)" in d.message_vi
    assert "`evidence_required: true`" in d.message_en and "`number`" in d.hint_vi and "`date`" in d.hint_en
    assert {h.path for h in _hits(mini)} >= {S23, "scores/2023/so-nganh/so-tai-chinh.yaml"}


def test_required_evidence_given_or_not_done_is_fine(mini):
    _require(mini, "        rule: {type: binary}")
    mutate(mini, S23, '"1.2": {status: done, self: true}',
           '"1.2": {status: done, self: true, evidence: [{number: 3/BC-SNV, date: 2023-03-01}]}')
    assert not [d for d in _hits(mini) if d.path == S23]
    mutate(mini, S23, '"1.2": {status: done, self: true, evidence: [{number: 3/BC-SNV, date: 2023-03-01}]}',
           '"1.2": {status: failed, self: false}')
    assert not [d for d in _hits(mini) if d.path == S23]


def test_a_self_assessment_done_without_the_evidence_its_criterion_names_is_a_warning(mini):
    mutate(mini, S24, EVIDENCE_24, "")
    hits = _hits(mini)
    assert [(d.path, d.severity) for d in hits] == [(S24, Severity.WARNING)]
    assert hits[0].line == _line(mini, S24, "status: done")[0]
    assert "Kế hoạch CCHC năm và báo cáo thực hiện" in hits[0].message_vi  # the evidence the set names


def test_no_warning_where_an_appraiser_would_not_want_one(mini):
    mutate(mini, C23, "        rule: {type: manual}\n        replaces: [\"2.1\"]",
           "        rule: {type: manual}\n        evidence: Văn bản quy phạm pháp luật đã ban hành\n"
           "        replaces: [\"2.1\"]")
    mutate(mini, C23, "            appraised_by: so-tai-chinh",
           "            appraised_by: so-tai-chinh\n            evidence: Số liệu trên Hệ thống giải quyết TTHC")
    # final files: 2.1 is done without evidence in 2023 and the council has ruled: no warning
    assert _hits(mini) == []
    # a self-assessment: a judged criterion done without its evidence warns, a rate criterion does not
    mutate(mini, S24, '"2.1": {status: failed, self: 4}', '"2.1": {status: done, self: 4}')
    mutate(mini, S24, "    status: in_progress\n    figures: {received: 120",
           "    status: done\n    figures: {received: 120")
    assert [(d.path, d.line) for d in _hits(mini)] == [(S24, _line(mini, S24, '"2.1": {status: done')[0])]
    # a criterion that names no evidence: no warning (the deduction 2.2 is done without any)
    assert not any("2.2" in d.message_en for d in _hits(mini))


def test_the_demo_requires_evidence_somewhere_and_checks_clean():
    from generator.core import paths
    from generator.load import load
    ds = load(paths.ROOT).dataset
    required = [(cs.id, c.id) for cs in ds.criteria_sets for c in cs.leaves() if c.evidence_required]
    assert required
    assert not [d for d in diagnostics_of(paths.ROOT) if d.rule == ID]
