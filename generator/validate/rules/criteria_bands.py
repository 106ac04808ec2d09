"""Classification bands have unique ids and strictly decreasing thresholds ending at 0."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem

ID = "criteria.bands"


def check(cs, ds):
    if not cs.bands:
        return
    mins = [b.min for b in cs.bands]
    if mins != sorted(set(mins), reverse=True) or mins[-1] != 0:
        yield problem(cs, ("bands",), ID, "Các mức xếp loại phải có min giảm dần, không trùng, mức cuối min: 0.",
                      "Bands must have decreasing min, no repeats, the last with min: 0.",
                      "Sắp xếp từ Xuất sắc xuống Yếu; mức thấp nhất có min: 0.",
                      "Order from the best band down; the lowest has min: 0.")
    ids = [b.id for b in cs.bands]
    if len(ids) != len(set(ids)):
        yield problem(cs, ("bands",), ID, "Mã xếp loại bị lặp.", "A band id is used twice.",
                      "Đặt mã khác nhau cho mỗi mức.", "Give each band its own id.")


RULE = Rule(ID, Scope.CRITERIA_SET, "Xếp loại hợp lệ", "Bands are well formed", check)
