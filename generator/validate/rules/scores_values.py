"""Each value fits its criterion's rule: type, range and step; figures for rate rules; a
survey result for survey rules; nothing that the rule does not use."""
from __future__ import annotations

from decimal import Decimal

from generator.core.suggest import closest
from generator.load.model import BinaryRule, DeductionRule, ManualRule, RateRule, SurveyRule
from generator.validate.rules.base import Rule, Scope, num, problem
from generator.validate.rules.criteria_index import applicable_set, scored_entries
from generator.validate.rules.suggestions import codes

ID = "scores.value"


def _number_problem(value, low, high, step):
    if isinstance(value, bool):
        return ("phải là một số, không phải `true`/`false`", "must be a number, not `true`/`false`",
                f"Nhập số điểm từ {num(low)} đến {num(high)}.", f"Enter points from {num(low)} to {num(high)}.")
    if not low <= value <= high:
        return (f"= {num(value)} nằm ngoài khoảng {num(low)}..{num(high)}",
                f"= {num(value)} is outside {num(low)}..{num(high)}",
                f"Nhập giá trị từ {num(low)} đến {num(high)}.", f"Enter a value from {num(low)} to {num(high)}.")
    if step and value % step != 0:
        return (f"= {num(value)} không theo bước điểm {num(step)}", f"= {num(value)} is not a multiple of the step {num(step)}",
                f"Làm tròn tới bội số của {num(step)}.", f"Round to a multiple of {num(step)}.")
    return None


def _figures_problem(crit, key: str, given: dict, declared: dict):
    missing = sorted(set(declared) - set(given))
    unknown = sorted(set(given) - set(declared))
    if not (missing or unknown):
        return None
    renames = [(u, found[0]) for u in unknown for found in [closest(u, missing, n=1)] if found]
    rename_vi = "; ".join(f"đổi tên `{u}` thành `{m}`" for u, m in renames)
    rename_en = "; ".join(f"rename `{u}` to `{m}`" for u, m in renames)
    return (key, f"Tiêu chí {crit.id}: `{key}` thiếu {codes(missing) or '—'}, có số liệu lạ {codes(unknown) or '—'}.",
            f"Criterion {crit.id}: `{key}` lacks {codes(missing) or '—'}, has unknown {codes(unknown) or '—'}.",
            (rename_vi[0].upper() + rename_vi[1:] + ". " if renames else "")
            + f"Các số liệu của tiêu chí này: {codes(sorted(declared))}.",
            (rename_en[0].upper() + rename_en[1:] + ". " if renames else "")
            + f"This criterion's figures are: {codes(sorted(declared))}.")


def _value_problems(cs, crit, entry):
    rule = crit.rule
    for key, value in (("self", entry.self_value), ("appraised", entry.appraised)):
        if value is None:
            continue
        if isinstance(rule, (RateRule, SurveyRule)):
            kind = "số liệu gốc (`figures`)" if isinstance(rule, RateRule) else "kết quả điều tra (`result`)"
            kind_en = "its raw figures (`figures`)" if isinstance(rule, RateRule) else "a survey result (`result`)"
            yield (key, f"Tiêu chí {crit.id} được tính từ {kind}, không nhập điểm trực tiếp.",
                   f"Criterion {crit.id} is computed from {kind_en}; points are not entered.",
                   f"Nhập {kind} thay cho `{key}`: điểm được tính từ đó.",
                   f"Enter {kind_en} instead of `{key}`: the points are computed from it.")
        elif isinstance(rule, BinaryRule):
            if not isinstance(value, bool):
                yield (key, f"Tiêu chí {crit.id} chấm đạt hoặc không đạt: `{key}` phải là `true` hoặc `false`.",
                       f"Criterion {crit.id} is done or not done: `{key}` must be `true` or `false`.",
                       "Viết `true` (đạt) hoặc `false` (không đạt).", "Write `true` (done) or `false` (not done).")
        else:
            if isinstance(rule, DeductionRule):
                low, high, step = rule.floor, Decimal(0), rule.step or cs.step
            else:
                low, high, step = Decimal(0), crit.max, (rule.step if isinstance(rule, ManualRule) else None) or cs.step
            found = _number_problem(value, low, high, step)
            if found:
                vi, en, hvi, hen = found
                yield (key, f"Tiêu chí {crit.id}: `{key}` {vi}.", f"Criterion {crit.id}: `{key}` {en}.", hvi, hen)
    if not isinstance(rule, RateRule):
        for key in ("figures", "appraised_figures"):
            if getattr(entry, key) is not None:
                yield (key, f"Tiêu chí {crit.id} không tính từ số liệu gốc nên không có `{key}`.",
                       f"Criterion {crit.id} is not computed from raw figures, so it takes no `{key}`.",
                       "Chấm điểm bằng `self`; nếu cần giữ các số liệu này, ghi chúng trong `note`.",
                       "Score it with `self`; to keep these figures, write them in `note`.")
    else:
        for key in ("figures", "appraised_figures"):
            given = getattr(entry, key)
            if given is not None:
                found = _figures_problem(crit, key, given, rule.figures)
                if found:
                    yield found
    if entry.result is not None:
        if not isinstance(rule, SurveyRule):
            yield ("result", f"Tiêu chí {crit.id} không phải tiêu chí điều tra xã hội học nên không có `result`.",
                   f"Criterion {crit.id} is not a survey criterion, so it takes no `result`.",
                   "Chấm điểm bằng `self` (hoặc `figures` với tiêu chí tính theo tỷ lệ); kết quả điều tra chỉ ghi "
                   "ở tiêu chí điều tra.",
                   "Score it with `self` (or `figures` for a rate); survey results go on survey criteria only.")
        elif entry.result > rule.scale:
            yield ("result", f"Kết quả điều tra {num(entry.result)} vượt thang {num(rule.scale)}.",
                   f"Survey result {num(entry.result)} is above the scale {num(rule.scale)}.",
                   f"Nhập kết quả từ 0 đến {num(rule.scale)}.", f"Enter a result from 0 to {num(rule.scale)}.")


def check(sf, ds):
    cs = applicable_set(sf, ds)
    for cid, entry, crit in scored_entries(sf, ds):
        for key, vi, en, hvi, hen in _value_problems(cs, crit, entry):
            yield problem(sf, ("scores", cid, key), ID, vi, en, hvi, hen)


RULE = Rule(ID, Scope.SCORE_FILE, "Giá trị đúng loại, khoảng và bước", "Values fit the rule, range and step", check)
