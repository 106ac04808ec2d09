"""Plain-language words for statuses, rules and how points were reached (Vietnamese, English)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from generator.compute.rounding import shown_rate
from generator.compute.types import CriterionResult
from generator.core.textfmt import en_number, en_points, vn_number
from generator.load.model import (
    BinaryRule,
    CriteriaSet,
    Criterion,
    DeductionRule,
    ManualRule,
    ProportionalRule,
    SurveyRule,
    TiersRule,
)

STATUS = {
    "done": ("Đã thực hiện", "done"),
    "in_progress": ("Đang thực hiện", "in progress"),
    "not_due": ("Chưa đến hạn", "not yet due"),
    "failed": ("Không đạt", "failed"),
    "not_applicable": ("Không áp dụng (giảm trừ)", "not applicable"),
    None: ("Chưa cập nhật", "not reported"),
}

STAGE = {
    "self": ("Đang tự đánh giá", "self-assessment"),
    "appraised": ("Đã thẩm định", "appraised"),
    "final": ("Kết quả chính thức", "final"),
}

DEADLINES = {  # the kinds of deadline of a year's round (`compute.calendar.KINDS`)
    "self_assessment": ("Nộp tự đánh giá", "self-assessment due"),
    "appraisal": ("Thẩm định sơ bộ", "preliminary appraisal"),
    "explanation": ("Giải trình", "explanations"),
    "publication": ("Công bố kết quả", "results announced"),
}

NOT_COMPARABLE = {  # why a criterion is not compared with last year (`CriterionChange.why_not`)
    "new": ("mới có trong bộ tiêu chí năm nay", "new in this year's set"),
    "split-or-merged": ("được tách hoặc gộp từ tiêu chí năm trước", "split or merged"),
    "not-applicable": ("không áp dụng ở một trong hai năm", "not applicable in one of the years"),
    "max-changed": ("có điểm tối đa thay đổi", "maximum changed"),
    "not-scored": ("chưa có điểm ở một trong hai năm", "not scored in one of the years"),
}

NOT_COMPARED_WORD = {  # the same, in the word a criterion row shows (its table's caption explains)
    "new": "mới", "split-or-merged": "tách, gộp", "not-applicable": "không áp dụng", "max-changed": "đổi điểm tối đa",
    "not-scored": "chưa chấm",
}

RULE_NAMES = {
    "manual": ("Chấm điểm trực tiếp", "scored directly"),
    "binary": ("Đạt / không đạt", "done / not done"),
    "tiers": ("Theo mức tỷ lệ", "rate in tiers"),
    "proportional": ("Theo tỷ lệ", "proportional to a rate"),
    "survey": ("Điều tra xã hội học", "sociological survey"),
    "deduction": ("Điểm trừ", "deduction"),
}


_PERCENTS: dict[tuple[int, int], str] = {}  # (numerator, denominator) → text: few rates, millions of rows


def pct(rate: Fraction | None) -> str:
    """A rate as pages show it (`compute.rounding.shown_rate`): "98,00 %"."""
    if rate is None:
        return "—"
    key = (rate.numerator, rate.denominator)
    text = _PERCENTS.get(key)
    if text is None:
        if len(_PERCENTS) >= 100_000:
            _PERCENTS.clear()
        text = _PERCENTS[key] = vn_number(shown_rate(rate)) + " %"
    return text


def rule_words(crit: Criterion, cs: CriteriaSet) -> tuple[str, str]:
    """How a criterion is scored, in a sentence (vi, en)."""
    rule = crit.rule
    mx = vn_number(crit.max)
    if isinstance(rule, ManualRule):
        step = rule.step or cs.step
        return (f"Hội đồng chấm từ 0 đến {mx} điểm, bước {vn_number(step)}.",
                f"Scored from 0 to {en_points(crit.max)} in steps of {en_number(step)}.")
    if isinstance(rule, BinaryRule):
        return (f"Đạt: {mx} điểm; không đạt: 0.", f"Done: {en_points(crit.max)}; not done: 0.")
    if isinstance(rule, TiersRule):
        rate = f"{rule.figures[rule.rate.numerator]} ÷ {rule.figures[rule.rate.denominator]}"
        tiers = "; ".join(f"≥ {vn_number(t.min)} %: {vn_number(t.points)}" for t in rule.tiers)
        tiers_en = "; ".join(f"≥ {en_number(t.min)} %: {en_number(t.points)}" for t in rule.tiers)
        return (f"Tỷ lệ = {rate}. Mức điểm: {tiers}.",
                f"Rate = {rule.rate.numerator} ÷ {rule.rate.denominator}; tiers: {tiers_en}.")
    if isinstance(rule, ProportionalRule):
        rate = f"{rule.figures[rule.rate.numerator]} ÷ {rule.figures[rule.rate.denominator]}"
        return (f"Điểm = tỷ lệ ({rate}) × {mx}.",
                f"Points = rate ({rule.rate.numerator} ÷ {rule.rate.denominator}) × {en_number(crit.max)}.")
    if isinstance(rule, SurveyRule):
        scale = vn_number(rule.scale)
        return (f"Điểm = kết quả điều tra ÷ {scale} × {mx}.",
                f"Points = survey result ÷ {en_number(rule.scale)} × {en_number(crit.max)}.")
    if isinstance(rule, DeductionRule):
        return (f"Trừ từ 0 đến {vn_number(rule.floor)} điểm.", f"Deducts from 0 down to {en_number(rule.floor)}.")
    return ("Cộng điểm các tiêu chí thành phần.", "Sum of the sub-criteria.")


def _figures(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


def how_points(c: CriterionResult, crit: Criterion | None) -> str:
    """How this unit's figures became its points, e.g. '196/200 = 98,00 % → mức ≥ 95 % → 1,5 điểm'."""
    if not c.is_leaf or crit is None:
        return ""
    if not c.applicable:
        return "Không áp dụng: loại khỏi điểm tối đa / removed from the maximum"
    if c.points is None:
        return "Chưa có số liệu / no value yet"
    rule = crit.rule
    pts = vn_number(c.points)
    if isinstance(rule, (TiersRule, ProportionalRule)):
        figures = _figures(c.appraised_figures or c.figures)
        num, den = figures.get(rule.rate.numerator), figures.get(rule.rate.denominator)
        head = f"{vn_number(num)}/{vn_number(den)} = {pct(c.rate)}"
        if isinstance(rule, TiersRule):
            return f"{head} → mức ≥ {vn_number(c.tier_min)} % → {pts} điểm"
        return f"{head} × {vn_number(crit.max)} = {pts} điểm"
    if isinstance(rule, SurveyRule):
        return f"{vn_number(c.result)} / {vn_number(rule.scale)} × {vn_number(crit.max)} = {pts} điểm"
    if isinstance(rule, BinaryRule):
        return ("Đạt" if c.points == crit.max else "Không đạt") + f" → {pts} điểm"
    return f"{pts} điểm"


def figure_lines(c: CriterionResult, crit: Criterion | None) -> list[str]:
    """Raw figures with their names, e.g. 'Số hồ sơ tiếp nhận: 113.905'."""
    if crit is None or not isinstance(crit.rule, (TiersRule, ProportionalRule)):
        return []
    own = _figures(c.figures)
    council = _figures(c.appraised_figures)
    lines = []
    for key, label in crit.rule.figures.items():
        line = f"{label}: {vn_number(own.get(key))}"
        if key in council and council.get(key) != own.get(key):
            line += f" → thẩm định / appraised: {vn_number(council[key])}"
        lines.append(line)
    return lines


def points_text(value: Decimal | None) -> str:
    return "—" if value is None else vn_number(value)
