"""The words for the format's fixed values and keys in the checker's messages, so that a
Vietnamese line names them in Vietnamese, with the value to write in code quotes:
“không áp dụng” (`not_applicable`).

`VALUES`: each enumerated value of the model (statuses, stages, rule types, rounding, ties, a
missing survey): its Vietnamese words, its English words, and other Vietnamese ways staff write it
(matched by `generator.core.suggest.closest`, so `status: hoàn thành` is answered with `done`).
`KEYS`: Vietnamese ways of writing a key (`ghi chú` for `note`).
"""
from __future__ import annotations

# value -> (Vietnamese, English, other ways to write it)
VALUES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "done": ("đã thực hiện", "done", ("hoàn thành", "đã hoàn thành", "xong", "đạt", "thực hiện")),
    "in_progress": ("đang thực hiện", "in progress", ("đang làm", "chưa xong", "đang triển khai")),
    "not_due": ("chưa đến hạn", "not yet due", ("chưa tới hạn", "chưa đến thời hạn")),
    "failed": ("không đạt", "failed", ("chưa đạt", "không hoàn thành", "không thực hiện")),
    "not_applicable": ("không áp dụng", "not applicable", ("không phát sinh", "giảm trừ")),
    "self": ("tự đánh giá", "self-assessment", ("tự chấm", "tự chấm điểm")),
    "appraised": ("đã thẩm định", "appraised", ("thẩm định", "đang thẩm định")),
    "final": ("kết quả chính thức", "final", ("chính thức", "công bố")),
    "manual": ("chấm điểm trực tiếp", "scored directly", ("chấm tay",)),
    "binary": ("đạt hoặc không đạt", "done or not done", ("đạt không đạt",)),
    "tiers": ("theo mức tỷ lệ", "rate in tiers", ("mức", "theo mức")),
    "proportional": ("theo tỷ lệ", "proportional to a rate", ("tỷ lệ",)),
    "survey": ("điều tra xã hội học", "sociological survey", ("điều tra",)),
    "deduction": ("điểm trừ", "deduction", ("trừ điểm",)),
    "half_up": ("làm tròn từ 5 trở lên", "round half up", ()),
    "half_even": ("làm tròn về số chẵn", "round half to even", ()),
    "down": ("bỏ phần lẻ", "round down", ()),
    "shared": ("bằng nhau thì đồng hạng", "equal indices share a rank", ()),
    "unrounded": ("phân định bằng giá trị chưa làm tròn", "ties broken on the unrounded value", ()),
    "rescale": ("quy đổi phần thẩm định về thang 100", "rescale the appraised part", ()),
    "count_zero": ("tính điều tra bằng 0", "count the survey as zero", ()),
}

# key -> Vietnamese ways staff write it
KEYS: dict[str, tuple[str, ...]] = {
    "status": ("trạng thái", "tình trạng"),
    "self": ("tự chấm", "tự đánh giá", "điểm tự chấm", "điểm"),
    "appraised": ("thẩm định", "điểm thẩm định"),
    "reason": ("lý do", "lí do"),
    "figures": ("số liệu", "số liệu gốc"),
    "appraised_figures": ("số liệu thẩm định",),
    "result": ("kết quả", "kết quả điều tra"),
    "evidence": ("tài liệu kiểm chứng", "tài liệu", "kiểm chứng", "minh chứng", "văn bản"),
    "note": ("ghi chú", "ghi chu", "chú thích"),
    "number": ("số", "số hiệu", "số ký hiệu", "ký hiệu"),
    "date": ("ngày", "ngày ban hành"),
    "title": ("trích yếu", "tiêu đề", "tên văn bản"),
    "url": ("liên kết", "đường dẫn", "link"),
    "submitted": ("ngày nộp",),
    "stage": ("giai đoạn",),
    "unit": ("đơn vị",),
    "group": ("nhóm",),
    "year": ("năm",),
}


def vi(value: object) -> str:
    """A value as a Vietnamese line names it: “không áp dụng” (`not_applicable`), else `value`."""
    words = VALUES.get(value) if isinstance(value, str) else None
    return f"“{words[0]}” (`{value}`)" if words else f"`{value}`"


def en(value: object) -> str:
    """A value as an English line names it: `not_applicable` (not applicable), else `value`."""
    words = VALUES.get(value) if isinstance(value, str) else None
    return f"`{value}` ({words[1]})" if words and words[1] != value else f"`{value}`"


def vi_list(values: list[str]) -> str:
    return ", ".join(vi(v) for v in values)


def en_list(values: list[str]) -> str:
    return ", ".join(en(v) for v in values)


def aliases(values: list[str]) -> dict[str, tuple[str, ...]]:
    """`values` with the Vietnamese words each may be written by (for `suggest.closest`)."""
    return {v: (VALUES[v][0], *VALUES[v][2]) if v in VALUES else () for v in values}
