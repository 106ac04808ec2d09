"""What was done after its deadline (scores/<year>/ky-danh-gia.yaml): a self-assessment submitted
late, an explanation sent after the explanation deadline. Warnings: the facts stay recorded; the
reviewer sees them. (An agency's document is not held to the appraisal deadline: the council's is
its final report, written after the explanations.)"""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "dataset.deadline"


def _deadline_at(ds, year: int, group: str, kind: str) -> str:
    rnd = ds.round_of[year]
    mark = rnd.source.value(("groups", group, "deadlines", kind))
    return f"{rnd.path}:{mark.line}"


def check(ds, _):
    for sf in ds.score_files:
        group = ds.round_group(sf.year, sf.group)
        if group is None:
            continue
        due = group.deadlines.self_assessment
        if due is not None and sf.submitted is not None and sf.submitted > due:
            days = (sf.submitted - due).days
            yield problem(sf, ("submitted",), ID,
                          f"Nộp muộn {days} ngày: ngày nộp {sf.submitted.isoformat()}, hạn {due.isoformat()} "
                          f"({_deadline_at(ds, sf.year, sf.group, 'self_assessment')}).",
                          f"Submitted {days} day{'s' if days != 1 else ''} late: on {sf.submitted.isoformat()}, due {due.isoformat()} "
                          f"({_deadline_at(ds, sf.year, sf.group, 'self_assessment')}).",
                          "Giữ đúng ngày nộp thật; Hội đồng xem xét theo quy định về nộp muộn.",
                          "Keep the true date; the council applies the rules on late submissions.", warning=True)
        due = group.deadlines.explanation
        for cid, told in sf.explanations.items():
            if due is not None and told.date > due:
                yield problem(sf, ("explanations", cid, "date"), ID,
                              f"Giải trình tiêu chí {cid} ngày {told.date.isoformat()}, sau hạn giải trình "
                              f"{due.isoformat()}.", f"The explanation of criterion {cid} is dated "
                              f"{told.date.isoformat()}, after the explanation deadline {due.isoformat()}.",
                              "Hội đồng quyết định có xem xét giải trình muộn hay không; ghi rõ trong trả lời.",
                              "The council decides whether to consider a late explanation; say so in the response.",
                              warning=True)


RULE = Rule(ID, Scope.DATASET, "Việc làm sau thời hạn", "Work done after its deadline", check)
