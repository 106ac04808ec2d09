"""Properties of scoring and ranking, checked by hypothesis on generated units."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from generator.compute.points import compute_unit_year
from generator.compute.rank import rank_group
from tests.builders import criteria_set, score_file

LEAVES = [
    {"id": "m", "max": "10", "rule": {"type": "manual", "step": "0.25"}},
    {"id": "b", "max": "2", "rule": {"type": "binary"}},
    {"id": "t", "max": "3", "rule": {"type": "tiers", "figures": {"r": "r", "o": "o"},
                                      "rate": {"numerator": "o", "denominator": "r"},
                                      "tiers": [{"min": "95", "points": "3"}, {"min": "80", "points": "1"},
                                                {"min": "0", "points": "0"}]}},
    {"id": "p", "max": "2", "may_be_not_applicable": True,
     "rule": {"type": "proportional", "figures": {"n": "n", "d": "d"}, "rate": {"numerator": "n", "denominator": "d"}}},
    {"id": "d", "max": "0", "rule": {"type": "deduction", "floor": "-3", "step": "0.5"}},
    {"id": "s", "max": "3", "rule": {"type": "survey"}},
]
SHARED = criteria_set(LEAVES, survey=Decimal(3))
UNROUNDED = criteria_set(LEAVES, survey=Decimal(3), ties="unrounded")

unit_scores = st.fixed_dictionaries({
    "m": st.integers(0, 40).map(lambda q: {"self": Decimal(q) / 4}),
    "b": st.booleans().map(lambda v: {"self": v}),
    "t": st.integers(1, 500).flatmap(lambda r: st.integers(0, r).map(lambda o: {"figures": {"r": r, "o": o}})),
    "p": st.one_of(st.just({"status": "not_applicable"}),
                   st.integers(1, 300).flatmap(lambda d: st.integers(0, d).map(lambda n: {"figures": {"n": n, "d": d}}))),
    "d": st.integers(-6, 0).map(lambda q: {"self": Decimal(q) / 2}),
    "s": st.integers(0, 10000).map(lambda q: {"result": Decimal(q) / 100}),
})


def units(cs, scores):
    return [compute_unit_year(score_file(f"u{i:02d}", s), cs, None) for i, s in enumerate(scores)]


def ranks(cs, uys):
    return {e.unit: e.rank for e in rank_group(2023, "g", cs, uys, [], {}).entries}


@settings(max_examples=120, deadline=None)
@given(st.lists(unit_scores, min_size=1, max_size=8), st.randoms(use_true_random=False), st.booleans())
def test_ranking_does_not_depend_on_input_order(scores, rnd, unrounded):
    cs = UNROUNDED if unrounded else SHARED
    uys = units(cs, scores)
    shuffled = list(uys)
    rnd.shuffle(shuffled)
    a = rank_group(2023, "g", cs, uys, [], {})
    b = rank_group(2023, "g", cs, shuffled, [], {})
    assert a == b


@settings(max_examples=120, deadline=None)
@given(st.lists(unit_scores, min_size=2, max_size=8), st.data())
def test_raising_points_never_lowers_rank(scores, data):
    who = data.draw(st.integers(0, len(scores) - 1))
    before = ranks(SHARED, units(SHARED, scores))[f"u{who:02d}"]
    raised = [dict(s) for s in scores]
    current = raised[who]["m"]["self"]
    raised[who]["m"] = {"self": min(Decimal(10), current + data.draw(st.integers(0, 40)) / Decimal(4))}
    after = ranks(SHARED, units(SHARED, raised))[f"u{who:02d}"]
    assert after <= before


@settings(max_examples=200, deadline=None)
@given(unit_scores)
def test_index_stays_within_0_and_100_and_no_float_anywhere(scores):
    uy = compute_unit_year(score_file("u", scores), SHARED, None)
    assert Decimal(0) <= uy.index <= Decimal(100)
    assert 0 <= uy.index_exact <= 100
    for f in uy.fields:
        assert f.index is None or Decimal(0) <= f.index <= Decimal(100)
    _assert_no_float(uy)


def _assert_no_float(obj, path="uy"):
    assert not isinstance(obj, float), path
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _assert_no_float(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            _assert_no_float(item, f"{path}[{i}]")
    else:
        assert obj is None or isinstance(obj, (str, int, bool, Decimal, Fraction)), (path, type(obj))


def test_same_points_give_same_rank_regardless_of_name():
    scores = [{"m": {"self": Decimal(5)}, "b": {"self": True}, "t": {"figures": {"r": 1, "o": 1}},
               "p": {"status": "not_applicable"}, "d": {"self": Decimal(0)}, "s": {"result": Decimal(50)}}] * 3
    assert set(ranks(SHARED, units(SHARED, scores)).values()) == {1}
