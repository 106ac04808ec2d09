"""Classification bands have unique ids and strictly decreasing thresholds ending at 0."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "criteria.bands"


def check(cs, ds):
    if not cs.bands:
        return
    mins = [b.min for b in cs.bands]
    if mins != sorted(set(mins), reverse=True) or mins[-1] != 0:
        yield problem(cs, ("bands",), ID,
                      "Các mức xếp loại phải có `min` giảm dần, không trùng nhau, mức cuối cùng có `min: 0`.",
                      "Bands must have decreasing `min`, no repeats, the last with `min: 0`.",
                      "Sắp xếp từ mức cao nhất (ví dụ Xuất sắc) xuống mức thấp nhất; mức thấp nhất có `min: 0`.",
                      "Order them from the best band down; the lowest has `min: 0`.")
    seen: set[str] = set()
    for i, band in enumerate(cs.bands):
        if band.id in seen:
            yield problem(cs, ("bands", i, "id"), ID, f"Mã xếp loại `{band.id}` bị lặp.",
                          f"The band id `{band.id}` is used twice.",
                          "Đặt mã khác nhau cho mỗi mức xếp loại.", "Give each band its own id.")
        seen.add(band.id)


RULE = Rule(ID, Scope.CRITERIA_SET, "Xếp loại hợp lệ", "Bands are well formed", check)
