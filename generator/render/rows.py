"""The criterion rows of a unit page, written in Python rather than Jinja2.

A unit page lists every criterion of every year (about 750 rows); as a Jinja2 loop the rows were
three quarters of the page's rendering time (about 70 µs a row), which at national scale (3,500
units) is minutes. This writes the same HTML, byte for byte (tests/test_render_rows.py renders
both and compares), with every text from a data file escaped by markupsafe, as autoescaping does.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.compute.types import NO_EXTRA, CriterionResult
from generator.core.textfmt import vn_number
from generator.load.model import Criterion
from generator.render.words import NOT_COMPARED_WORD, RULE_NAMES, STATUS, figure_lines, how_points

_SPECIAL = re.compile(r"[&<>'\"]")


def _e(text: object) -> str:
    """`markupsafe.escape` as text; a string with nothing to escape is itself (most are)."""
    if type(text) is str and not _SPECIAL.search(text):
        return text
    return str(escape(text))


def criterion_anchor(cid: str, year: int | None = None) -> str:
    """A criterion row's id: "tc-1-2" for criterion 1.2 on a criteria set's page, "nam-2023-tc-1-2"
    on a unit's page, which shows a table for each year. Criterion ids are letters, digits and
    . _ - (`CriterionId`): safe in an id and a URL fragment as they are."""
    anchor = "tc-" + cid.replace(".", "-")
    return f"nam-{year}-{anchor}" if year is not None else anchor


LINK_TITLE = "Liên kết tới tiêu chí này / link to this criterion"

# Per criterion of a set (`CriterionResult.spec`, one shared object), appraising agency and year:
# the start of its row, which every unit-year scored on the set shares.
_HEADS: dict[tuple[int, int | None], tuple[object, str | None, int | None, tuple[str, str, str]]] = {}


def _row_start(c: CriterionResult, agency: str | None, year: int | None) -> tuple[str, str, str]:
    """The row's `<tr` attributes before its class (its id, with `year`), its class (without its
    "not applicable" mark) and its first cell's content (with `year`, a link to the row itself)."""
    spec = c.spec
    known = _HEADS.get((id(spec), year))
    if known is not None and known[0] is spec and known[1] == agency:
        return known[3]
    rule = RULE_NAMES.get(c.rule or "", ("", ""))[0]
    head = f'<span class="pp-cid">{_e(c.id)}</span> {_e(c.name)}'
    if rule:
        head += f'<br><small class="pp-muted">{_e(rule)}' + (f" · thẩm định: {_e(agency)}" if agency else "") + "</small>"
    ident = ""
    if year is not None:
        anchor = criterion_anchor(c.id, year)
        ident = f' id="{anchor}"'
        head += f'<a class="headerlink" href="#{anchor}" title="{LINK_TITLE}">#</a>'
    made = (ident, f"pp-depth-{c.depth}" + ("" if c.is_leaf else " pp-parent"), head)
    if len(_HEADS) >= 100_000:
        _HEADS.clear()
    _HEADS[(id(spec), year)] = (spec, agency, year, made)
    return made


# Rows with nothing of the unit's own but numbers and a status (no figures, reason, note or
# evidence: NO_EXTRA) repeat across the units of a set: at 500 units, two rows in three are one
# made before. Keyed by what such a row shows; numbers whose text keeps the value's own decimals
# ("0,5" against "0,50") by their text. The value pins the spec and criterion the key names by id.
# A row is kept as the text before and after its two change cells: last year's points multiply
# the rows that differ, the cells themselves (`_CHANGES`) are few.
_ROWS: dict[tuple, tuple[object, object, str, str]] = {}
_CHANGES: dict[tuple, str] = {}
_KEPT_MAX = 100_000


def _row_halves(c: CriterionResult, crit: Criterion | None, agency: str | None, year: int | None) -> tuple[str, str]:
    """The row's text before its change cells and after them, from `_ROWS` where it can be."""
    spec = c.spec
    if c.extra is not NO_EXTRA:
        return _criterion_row(c, crit, agency, year)
    key = (id(spec), id(crit), agency, year, c.applicable, c.status, str(c.max), c.self_points,
           c.appraised_points is None, str(c.points), c.rate, str(c.tier_min))
    known = _ROWS.get(key)
    if known is not None and known[0] is spec and known[1] is crit:
        return known[2], known[3]
    halves = _criterion_row(c, crit, agency, year)
    if len(_ROWS) >= _KEPT_MAX:
        _ROWS.clear()
    _ROWS[key] = (spec, crit, *halves)
    return halves


def change_cells(points, change: tuple | None) -> str:
    """The two cells "last year" and "change" of a criterion row, from `change` = (the points of
    its predecessor(s) through `replaces`, why the years are not compared or None:
    `compute.history.change_pairs`): last year's points and the difference, or the reason in a
    word (the table's caption says what the words mean). Kept short: millions of rows."""
    if change is None:
        return ""
    before, why = change
    # by text (0,5 and 0,50 print apart); a reason instead of a difference does not need the points
    key = (str(before), why) if why is not None else (str(points), str(before))
    known = _CHANGES.get(key)
    if known is None:
        if len(_CHANGES) >= _KEPT_MAX:
            _CHANGES.clear()
        known = _CHANGES[key] = _change_cells(points, change)
    return known


def _change_cells(points, change: tuple) -> str:
    before, why = change
    shown = vn_number(before, 2) if before is not None else "—"
    if why is not None:
        return f'<td>{shown}</td><td class="pp-nc">{NOT_COMPARED_WORD[why]}</td>\n'
    delta = points - before
    if delta == 0:
        return f'<td>{shown}</td><td>0</td>\n'
    if delta > 0:
        return f'<td>{shown}</td><td class="pp-up">▲ {vn_number(delta, 2, signed=True)}</td>\n'
    return f'<td>{shown}</td><td class="pp-down">▼ {vn_number(delta, 2, signed=True)}</td>\n'


def criterion_row(c: CriterionResult, crit: Criterion | None, agency: str | None, year: int | None = None,
                  change: tuple | None = None) -> str:
    """One <tr> of the criteria table: the criterion, its maximum, self-assessed and counted
    points, with `change` the points of last year and the difference (`change_cells`), and for a
    leaf its status, how the points were reached, figures, the council's reason, the note and the
    evidence. With `year` (a unit page's table of that year), the row has an id
    (`criterion_anchor`) and a link to itself."""
    before, after = _row_halves(c, crit, agency, year)
    return before + change_cells(c.points, change) + after


def _criterion_row(c: CriterionResult, crit: Criterion | None, agency: str | None,
                   year: int | None = None) -> tuple[str, str]:
    """The row's text before its change cells and after them."""
    ident, cls, head = _row_start(c, agency, year)
    if not c.applicable:
        cls += " pp-na"
    if c.applicable:
        maximum = vn_number(c.max)  # numbers print digits and , . + - only: nothing to escape
    else:
        maximum = f"—<br><small>({vn_number(c.nominal_max)})</small>"
    own = vn_number(c.self_points, 2) if c.self_points is not None else "—"
    if c.appraised_points is not None:
        points = f"<strong>{vn_number(c.points, 2)}</strong>"
    else:
        points = vn_number(c.points, 2) if c.points is not None else "—"
    # number cells carry no class (`pp-num` on 2.75 million rows is 190 MB at national scale): the
    # stylesheet aligns every cell of `.pp-criteria-table` but the last as numbers (parportal.css)
    before = f'<tr{ident} class="{cls}"><th scope="row">{head}</th>\n<td>{maximum}</td>\n<td>{own}</td>\n<td>{points}</td>\n'
    parts = ["<td>"]
    if c.is_leaf:
        status = STATUS.get(c.status, STATUS[None])[0]
        parts.append(f'<span class="pp-status pp-status-{_e(c.status or "none")}">{_e(status)}</span>')
        how = how_points(c, crit)
        if how:
            parts.append(f"<br>{_e(how)}")
        parts += [f"<br><small>{_e(line)}</small>" for line in figure_lines(c, crit)]
        if c.reason:
            parts.append(f'<br><span class="pp-reason"><strong>Hội đồng thẩm định</strong> <span lang="en">(council)'
                         f"</span>: {_e(c.reason)}</span>")
        trail = c.extra.trail
        if trail is not None:
            parts.append(trail_html(c, trail))
        if c.note:
            parts.append(f'<br><small class="pp-note-text">Ghi chú / note: {_e(c.note)}</small>')
        if c.evidence:
            parts.append(_evidence_items(c.evidence))
        elif crit is not None and crit.evidence and c.status == "done":
            parts.append(f'<br><small class="pp-muted">Kiểm chứng cần có: {_e(crit.evidence)}</small>')
    parts.append("</td></tr>\n")
    return before, "".join(parts)


def _evidence_items(evidence) -> str:
    items = []
    for number, date, title, url in evidence:
        label = f'<a href="{_e(url)}" rel="nofollow noopener">{_e(number)}</a>' if url else _e(number)
        items.append(f"<li>{label} ({_e(date)})" + (f": {_e(title)}" if title else "") + "</li>")
    return '<ul class="pp-evidence">' + "".join(items) + "</ul>"


def _pts(value) -> str:
    return vn_number(value, 2) if value is not None else "—"


def trail_html(c: CriterionResult, trail) -> str:
    """Where a criterion's value came from beyond the unit's file: the agency's file and document,
    and, where the unit explained, the path self → appraised → explained → final."""
    out = []
    if trail.document:
        out.append(f'<br><small class="pp-muted">Văn bản thẩm định <span lang="en">(document)</span>: '
                   f'{_e(trail.document[0])} ({_e(trail.document[1])})</small>')
    told, answer = trail.explanation, trail.response
    if told is None and answer is None:
        return "".join(out)
    accepted = answer is not None and answer[1]
    preliminary = c.extra.preliminary_points if accepted and c.extra.preliminary_points is not None else (
        c.points if not accepted else c.self_points)
    steps = [f'<li>Tự chấm <span lang="en">(self)</span>: {_pts(c.self_points)}</li>']
    if trail.source:
        steps.append(f'<li>Thẩm định sơ bộ <span lang="en">(appraised)</span>: {_pts(preliminary)}</li>')
    if told is not None:
        steps.append(f'<li>Giải trình ngày {_e(told[0])} <span lang="en">(explained)</span>: {_e(told[1])}'
                     + (_evidence_items(told[2]) if told[2] else "") + "</li>")
    if answer is None:
        steps.append('<li class="pp-muted">Chưa có trả lời giải trình <span lang="en">(no response yet)</span></li>')
    else:
        verdict = ('<span class="pp-up">chấp nhận</span> <span lang="en">(accepted)</span>' if accepted else
                   '<span class="pp-down">không chấp nhận</span> <span lang="en">(rejected)</span>')
        why = f": {_e(answer[2])}" if answer[2] else ""
        steps.append(f"<li>Trả lời ngày {_e(answer[0])}: {verdict}{why} → điểm tính <span lang=\"en\">(final)</span>: "
                     f"<strong>{_pts(c.points)}</strong></li>")
    out.append('<ol class="pp-trail" aria-label="Quá trình chấm điểm / how the points were reached">'
               + "".join(steps) + "</ol>")
    return "".join(out)


def criterion_rows(criteria: list[CriterionResult], by_id: dict[str, Criterion], agency_name,
                   year: int | None = None, changes: list[tuple] | None = None) -> Markup:
    """Every row of a unit-year's criteria table (`criterion_row`; `agency_name(id)` names an
    appraising unit); with `year`, each row has an id (`criterion_anchor`) and a link to itself;
    with `changes` (one pair per criterion, in the same order: `compute.history.change_pairs`),
    last year's points and the change. One loop with one call a row: a national build writes
    millions."""
    names: dict[str, str] = {}  # a table names a handful of agencies, each on many rows
    out: list[str] = []
    append = out.append
    for c, change in zip(criteria, changes or (None,) * len(criteria)):
        trail = c.extra.trail
        agency = trail.agency if trail is not None and trail.agency else c.spec.appraised_by  # the agency whose file recorded it, else the set's
        if agency:
            name = names.get(agency)
            if name is None:
                name = names[agency] = agency_name(agency)
            agency = name
        else:
            agency = None
        before, after = _row_halves(c, by_id.get(c.spec.id), agency, year)
        append(before)
        if change is not None:
            append(change_cells(c.points, change))
        append(after)
    return Markup("".join(out))
