"""A criterion marked done shows its evidence.

* An **error** where the criteria set requires evidence (`evidence_required: true` on the
  criterion): the set's authors decided that a claim of done without a document is not to be
  scored, at any stage.
* A **warning** where the set names the evidence it expects (`evidence:` text), the criterion is
  scored by judgement (`manual` or `binary`) and the file is still a self-assessment
  (`stage: self`). This is what an appraiser wants flagged: the council scores a judged criterion
  by its documents, so a unit that claims it done without one should hear so before it submits,
  while it can still attach it. Not elsewhere, so that warnings do not bury the errors:
  - rate criteria (`tiers`, `proportional`): their raw figures are the claim, checked against
    the provincial systems the set's `evidence:` text names; survey results are entered by the
    secretariat and deductions come from other agencies' records;
  - criteria that name no evidence: the set asks for none;
  - appraised and final files: the council has ruled (a missing document shows in its
    `appraised` value and `reason`), and earlier years' files are history nobody will amend;
    a warning on each of their entries would repeat on every check for ever.
"""
from __future__ import annotations

from generator.load import labels
from generator.load.model import BinaryRule, ManualRule
from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.criteria_index import scored_entries

ID = "scores.evidence"


def check(sf, ds):
    for cid, entry, crit in scored_entries(sf, ds):
        if entry.status != "done" or entry.evidence:
            continue
        expected_vi = f" Bộ tiêu chí nêu tài liệu cần có: “{crit.evidence}”." if crit.evidence else ""
        expected_en = f" The set names the evidence expected: “{crit.evidence}”." if crit.evidence else ""
        if crit.evidence_required:
            yield problem(sf, ("scores", cid, "status"), ID,
                          f"Tiêu chí {cid} ghi {labels.vi('done')} nhưng chưa có tài liệu kiểm chứng (`evidence`), "
                          f"mà bộ tiêu chí bắt buộc phải có (`evidence_required: true`).{expected_vi}",
                          f"Criterion {cid} is `done` but lists no evidence (`evidence`), which its criteria set "
                          f"requires (`evidence_required: true`).{expected_en}",
                          "Thêm dưới `evidence` từng văn bản kiểm chứng, với số, ký hiệu (`number`) và ngày ban hành "
                          f"(`date`); nếu chưa có văn bản, ghi trạng thái đúng (ví dụ {labels.vi('in_progress')}).",
                          "List each document under `evidence`, with its number (`number`) and date (`date`); if "
                          "there is none yet, set the status that is true (e.g. `in_progress`).")
        elif sf.stage == "self" and crit.evidence and isinstance(crit.rule, (ManualRule, BinaryRule)):
            yield problem(sf, ("scores", cid, "status"), ID,
                          f"Tiêu chí {cid} ghi {labels.vi('done')} nhưng chưa có tài liệu kiểm chứng (`evidence`)."
                          f"{expected_vi}",
                          f"Criterion {cid} is `done` but lists no evidence (`evidence`).{expected_en}",
                          "Thêm dưới `evidence` văn bản kiểm chứng (số, ký hiệu `number` và ngày `date`) trước khi "
                          "nộp: Hội đồng thẩm định chấm tiêu chí này theo tài liệu kiểm chứng.",
                          "List the documents under `evidence` (`number` and `date`) before submitting: the "
                          "appraisal council scores this criterion by its evidence.", warning=True)


RULE = Rule(ID, Scope.SCORE_FILE, "Tiêu chí đã thực hiện có tài liệu kiểm chứng", "Done criteria show their evidence",
            check)
