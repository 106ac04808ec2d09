"""The criterion rows written in Python (render/rows.py) are the HTML the Jinja2 loop they
replaced wrote, byte for byte, on the golden dataset, on the demo and on hostile text."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from generator.compute import compute
from generator.load import load
from generator.compute.types import NO_EXTRA
from generator.render import rows as rows_module
from generator.render.rows import criterion_rows
from generator.render.templating import make_environment
from generator.render.words import RULE_NAMES, STATUS, figure_lines, how_points
from tests.conftest import mutate

# The loop as unit.md.j2 had it (with the environment's trim_blocks / lstrip_blocks).
JINJA_ROWS = """{% for row in rows %}
{% set c = row.c %}
<tr class="pp-depth-{{ c.depth }}{% if not c.is_leaf %} pp-parent{% endif %}{% if not c.applicable %} pp-na{% endif %}"><th scope="row"><span class="pp-cid">{{ c.id }}</span> {{ c.name }}{% if row.rule[0] %}<br><small class="pp-muted">{{ row.rule[0] }}{% if row.agency %} · thẩm định: {{ row.agency }}{% endif %}</small>{% endif %}</th>
<td>{{ c.max | num if c.applicable else "—" }}{% if not c.applicable %}<br><small>({{ c.nominal_max | num }})</small>{% endif %}</td>
<td>{{ c.self_points | num(2) if c.self_points is not none else "—" }}</td>
<td>{% if c.appraised_points is not none %}<strong>{{ c.points | num(2) }}</strong>{% elif c.points is not none %}{{ c.points | num(2) }}{% else %}—{% endif %}</td>
<td>{% if c.is_leaf %}<span class="pp-status pp-status-{{ c.status or 'none' }}">{{ row.status[0] }}</span>{% if row.how %}<br>{{ row.how }}{% endif %}
{% for line in row.figures %}<br><small>{{ line }}</small>{% endfor %}
{% if c.reason %}<br><span class="pp-reason"><strong>Hội đồng thẩm định</strong> <span lang="en">(council)</span>: {{ c.reason }}</span>{% endif %}
{% if c.note %}<br><small class="pp-note-text">Ghi chú / note: {{ c.note }}</small>{% endif %}
{% if c.evidence %}<ul class="pp-evidence">{% for number, date, title, url in c.evidence %}<li>{% if url %}<a href="{{ url }}" rel="nofollow noopener">{{ number }}</a>{% else %}{{ number }}{% endif %} ({{ date }}){% if title %}: {{ title }}{% endif %}</li>{% endfor %}</ul>{% elif row.evidence_expected and c.status == "done" %}<br><small class="pp-muted">Kiểm chứng cần có: {{ row.evidence_expected }}</small>{% endif %}{% endif %}</td></tr>
{% endfor %}
"""


def _jinja(env: Environment, criteria, by_id, name) -> str:
    rows = [dict(c=c, status=STATUS.get(c.status, STATUS[None]), how=how_points(c, by_id.get(c.id)),
                 figures=figure_lines(c, by_id.get(c.id)), rule=RULE_NAMES.get(c.rule or "", ("", "")),
                 evidence_expected=by_id[c.id].evidence if c.id in by_id else None,
                 agency=name(c.appraised_by) if c.appraised_by else None) for c in criteria]
    return env.from_string(JINJA_ROWS).render(rows=rows)


def _without_trails(criteria):
    """The criteria as the Jinja loop knew them: the path through the agencies' files
    (`rows.trail_html`, tests/test_appraisal_cycle.py) came after it; its agency is the set's."""
    return [c if c.extra.trail is None else replace(c, extra=c.extra._replace(trail=None)) for c in criteria]


def _compare(root: Path) -> int:
    loaded = load(root)
    ds, res = loaded.dataset, compute(loaded.dataset)
    env = make_environment(Path(__file__).parents[1] / "site_templates/pages")

    def name(uid):
        return ds.units[uid].name if uid in ds.units else uid

    count = 0
    for uy in res.unit_years:
        cs = ds.set_for(uy.group, uy.year)
        by_id = {c.id: c for c, _ in cs.walk()}
        criteria = _without_trails(uy.criteria)
        assert str(criterion_rows(criteria, by_id, name)) == _jinja(env, criteria, by_id, name), (uy.unit, uy.year)
        count += len(uy.criteria)
    return count


@pytest.mark.parametrize("data", ["tests/fixtures/mini", "."], ids=["golden", "demo"])
def test_rows_are_the_jinja_rows(data):
    assert _compare(Path(__file__).parents[1] / data) > 20


def test_rows_escape_hostile_text(tmp_path):
    import shutil
    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parents[1] / "tests/fixtures/mini", root)
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", "note: Bị phê bình một lần.}",
           'note: "<script>alert(1)</script> & \\"q\\" <b>x</b>"}')
    assert _compare(root) > 0
    ds = load(root).dataset
    html = "".join(str(criterion_rows(uy.criteria, {c.id: c for c, _ in ds.set_for(uy.group, uy.year).walk()}, str))
                   for uy in compute(ds).unit_years)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34; &lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in html and "<b>x" not in html


# --------------------------------------------------------------------- remembered rows

_DECIMALS = [None, Decimal("0"), Decimal("0.0"), Decimal("0.5"), Decimal("0.50"), Decimal("1"), Decimal("1.00"),
             Decimal("2.25")]


@pytest.fixture(scope="module")
def demo_results() -> list[tuple]:
    """One computed result of the demo per rule (and one parent), with its criterion."""
    ds = load(Path(__file__).parents[1]).dataset
    chosen: dict[str, tuple] = {}
    for uy in compute(ds).unit_years:
        by_id = {c.id: c for c, _ in ds.set_for(uy.group, uy.year).walk()}
        for c in uy.criteria:
            chosen.setdefault(c.rule or "parent", (c, by_id.get(c.id)))
    assert len(chosen) >= 5, sorted(chosen)
    return [chosen[k] for k in sorted(chosen)]


_CHOICES = {
    "max": _DECIMALS, "self_points": _DECIMALS, "appraised_points": _DECIMALS, "points": _DECIMALS,
    "tier_min": _DECIMALS, "applicable": [True, False], "status": [None, *sorted(k for k in STATUS if k)],
    "rate": [None, Fraction(1, 2), Fraction(49, 50), Fraction(2, 3)], "agency": [None, "Sở Nội vụ", "Sở Tư pháp"],
    "change": [None, (Decimal("0.5"), None), (Decimal("0.50"), None), (Decimal("2"), None), (None, "new"),
               (Decimal("2"), "max-changed")],
}


def _afresh(c, crit, agency, change=None) -> str:
    """The row made without either cache."""
    before, after = rows_module._criterion_row(c, crit, agency)
    return before + (rows_module._change_cells(c.points, change) if change else "") + after


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_remembered_row_is_the_row_made_afresh(demo_results, data):
    """Rows without figures, reason, note or evidence are remembered (rows._ROWS) by what they
    show, and their change cells (rows._CHANGES) by the numbers they compare. A row is made, then
    for each thing a row may show, a row differing from it in that alone: each must be the row made
    afresh, so no field a row shows (a number's own decimals, "0,5" against "0,50", included) is
    missing from either key."""
    base, crit = data.draw(st.sampled_from(demo_results))
    values = {name: data.draw(st.sampled_from(options), label=name) for name, options in _CHOICES.items()}

    def check(values: dict) -> None:
        agency, change = values["agency"], values["change"]
        if values["points"] is None and change is not None and change[1] is None:
            change = (change[0], "not-scored")  # what `change_pairs` says of a year without points
        c = replace(base, **{k: v for k, v in values.items() if k not in ("agency", "change")}, extra=NO_EXTRA)
        assert rows_module.criterion_row(c, crit, agency, change=change) == _afresh(c, crit, agency, change), values

    check(values)
    for name, options in _CHOICES.items():
        check({**values, name: data.draw(st.sampled_from(options), label=f"other {name}")})


def test_rows_of_other_sets_are_not_mistaken_for_each_other(demo_results):
    """The same numbers under another criterion (another spec object) make another row."""
    (a, crit_a), (b, crit_b) = demo_results[0], demo_results[1]
    values = dict(max=Decimal("1"), self_points=Decimal("1"), points=Decimal("1"), appraised_points=None,
                  status="done", applicable=True, rate=None, tier_min=None, extra=NO_EXTRA)
    first, second = replace(a, **values), replace(b, **values)
    assert rows_module.criterion_row(first, crit_a, None) == _afresh(first, crit_a, None)
    assert rows_module.criterion_row(second, crit_b, None) == _afresh(second, crit_b, None)
    assert rows_module.criterion_row(first, crit_a, None) != rows_module.criterion_row(second, crit_b, None)
