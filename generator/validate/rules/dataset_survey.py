"""In a final group and year, either every unit has its survey results or none has: an index
rescaled without the survey cannot be ranked against indices that include it."""
from __future__ import annotations

from collections import defaultdict

from generator.load.model import SurveyRule
from generator.validate.rules.base import Rule, Scope, problem

ID = "dataset.survey-consistent"


def check(ds, _):
    by_group: dict[tuple[int, str], list] = defaultdict(list)
    for sf in ds.score_files:
        if sf.stage == "final":
            by_group[(sf.year, sf.group)].append(sf)
    for (year, group), files in sorted(by_group.items()):
        cs = ds.set_for(group, year)
        survey = [c.id for c in cs.leaves() if isinstance(c.rule, SurveyRule)] if cs else []
        if not survey:
            continue
        has = {sf.path: any(sf.scores.get(cid) is not None and sf.scores[cid].result is not None for cid in survey)
               or _surveyed(ds, sf, survey) for sf in files}
        with_survey = sum(has.values())
        if 0 < with_survey < len(files):
            for sf in files:
                if not has[sf.path]:
                    yield problem(sf, ("scores",), ID,
                                  f"{with_survey}/{len(files)} đơn vị nhóm `{group}` năm {year} có kết quả điều tra xã "
                                  "hội học, đơn vị này chưa có: chỉ số không so sánh được để xếp hạng.",
                                  f"{with_survey} of {len(files)} units of group `{group}` in {year} have survey "
                                  "results and this one has none: its index cannot be ranked against theirs.",
                                  f"Nhập kết quả điều tra (`result`) cho các tiêu chí {', '.join(survey)}, hoặc đặt "
                                  "`stage: appraised` cho đến khi có kết quả.",
                                  f"Enter the survey results (`result`) of {', '.join(survey)}, or set `stage: appraised` "
                                  "until they are known.")


def _surveyed(ds, sf, survey: list[str]) -> bool:
    """The survey organiser's file of the unit's group records a result for it."""
    recorded = ds.agency_entries.get((sf.year, sf.unit), {})
    return any(af.kind == "survey" and af.group == sf.group for cid in survey for af, _ in recorded.get(cid, ()))


RULE = Rule(ID, Scope.DATASET, "Điều tra xã hội học đủ cho cả nhóm", "Survey results for the whole group or none",
            check)
