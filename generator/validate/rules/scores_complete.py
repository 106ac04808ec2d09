"""A `final` score file scores every leaf criterion (or marks it not applicable), and survey
results are all present or all absent. Entries the load stage set aside (`set_aside`) are
neither counted as given nor as missing: their own errors are reported already."""
from __future__ import annotations

from generator.load import labels
from generator.load.model import RateRule, SurveyRule
from generator.validate.rules.base import Rule, Scope, problem, set_aside
from generator.validate.rules.criteria_index import applicable_set

ID = "scores.complete"


def has_value(entry, rule) -> bool:
    if entry.status == "not_applicable":
        return True
    if isinstance(rule, SurveyRule):
        return entry.result is not None
    if isinstance(rule, RateRule):
        return entry.figures is not None
    return entry.self_value is not None or entry.appraised is not None


def check(sf, ds):
    cs = applicable_set(sf, ds)
    if cs is None:
        return
    leaves = ds.leaves_of(cs).values()  # in the set's order, walked once per set
    if sf._salvaged:  # read in part: skip the entries set aside (a whole file is the usual case)
        leaves = [c for c in leaves if not set_aside(sf, ("scores", c.id))]
    survey = [c for c in leaves if isinstance(c.rule, SurveyRule)]
    given = [c.id for c in survey if c.id in sf.scores and sf.scores[c.id].result is not None]
    if given and len(given) != len(survey):
        missing = sorted(c.id for c in survey if c.id not in given)
        yield problem(sf, ("scores",), ID, f"Thiếu kết quả điều tra xã hội học cho: {', '.join(missing)}.",
                      f"Survey results are missing for: {', '.join(missing)}.",
                      "Nhập đủ kết quả điều tra (`result`) cho mọi tiêu chí điều tra, hoặc chưa nhập tiêu chí nào "
                      "nếu chưa điều tra.",
                      "Enter every survey result (`result`), or none if the survey has not run.")
    if sf.stage != "final":
        return
    missing = [c.id for c in leaves
               if not isinstance(c.rule, SurveyRule) and (c.id not in sf.scores or not has_value(sf.scores[c.id], c.rule))]
    if missing:
        shown = ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        yield problem(sf, ("stage",), ID,
                      f"Tệp ở giai đoạn kết quả chính thức (`stage: final`) nhưng chưa chấm {len(missing)} tiêu chí: "
                      f"{shown}.",
                      f"The file is final (`stage: final`) but {len(missing)} criteria have no value: {shown}.",
                      f"Chấm điểm các tiêu chí còn thiếu (hoặc ghi {labels.vi('not_applicable')} nếu tiêu chí cho "
                      "phép), hoặc đặt `stage: self`.",
                      "Score the missing criteria (or set `status: not_applicable` where allowed), or set "
                      "`stage: self`.")


RULE = Rule(ID, Scope.SCORE_FILE, "Tệp final chấm đủ tiêu chí", "A final file scores every criterion", check)
