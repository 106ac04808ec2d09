"""The diff report for a terminal: a short summary, then the details.

The words of each piece (a criterion's line, an explanation and its response, evidence, an agency's
entry, a criteria set's changes) are built here once, with an `esc` for the text that comes from
the data: the identity in a terminal, `markdown.md` in a pull-request comment."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any, Callable

from generator.core import paths
from generator.core.textfmt import vn_number
from generator.render.words import DEADLINES, STAGE, STATUS
from generator.workflow.diff.compare import (
    AgencyDelta,
    CriterionDelta,
    EntryDelta,
    LateItem,
    Report,
    RoundDelta,
    SetDelta,
    UnitDelta,
)

Esc = Callable[[Any], str]


def _plain(text: Any) -> str:
    return str(text)


def _rank(value: int | None) -> str:
    return str(value) if value is not None else "—"


def _arrow(pair: tuple, fmt=str) -> str:
    a, b = pair
    return fmt(a) if a == b else f"{fmt(a)} → {fmt(b)}"


SHORT = 120  # characters of an explanation, a note or a reason quoted in a list


def short(text: Any, limit: int = SHORT) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def status_words(status: str | None) -> str:
    """A criterion's status in Vietnamese (English in brackets), as the site says it."""
    vi, en = STATUS.get(status, (status, status))
    return f"{vi} ({en})"


def stage_words(stage: str | None) -> str:
    if stage is None:
        return "—"
    vi, en = STAGE.get(stage, (stage, stage))
    return f"{vi} ({en})"


def _status_arrow(pair: tuple) -> str:
    a, b = pair
    if a == b:
        return STATUS.get(a, (a,))[0]
    return f"{STATUS.get(a, (a,))[0]} → {STATUS.get(b, (b,))[0]} ({STATUS.get(a, (a, a))[1]} → {STATUS.get(b, (b, b))[1]})"


def _progress_words(u: UnitDelta) -> str:
    """Points so far and criteria done, in an open year (the site's progress page)."""
    a, b = u.progress
    p = b or a
    points = _arrow((a.points if a else None, b.points if b else None), vn_number)
    done = _arrow(tuple(f"{x.done}/{x.criteria}" if x else "—" for x in (a, b)))
    return f"điểm đến nay/points so far {points} (trên/of {vn_number(p.appraised_max)}), đã thực hiện/done {done}"


def summary(report: Report) -> tuple[str, str]:
    parts_vi, parts_en = [], []
    for what, vi, en in (("index", "đơn vị thay đổi chỉ số", "units changed index"),
                         ("rank", "thay đổi thứ hạng", "changed rank"),
                         ("band", "đổi xếp loại", "changed band"),
                         ("progress", "đơn vị của năm đang đánh giá đổi điểm hoặc trạng thái",
                          "units of a year in progress changed points or statuses"),
                         ("stage", "đơn vị chuyển giai đoạn", "units changed stage"),
                         ("told", "giải trình hoặc trả lời mới, sửa", "explanations or responses added or changed"),
                         ("data", "đơn vị đổi dữ liệu nhưng giữ kết quả", "units changed data but not the result"),
                         ("added", "đơn vị mới", "units added"),
                         ("removed", "đơn vị bị xóa", "units removed")):
        n = report.count(what)
        if n or what in ("index", "rank"):
            parts_vi.append(f"{n} {vi}")
            parts_en.append(f"{n} {en}")
    if report.late:
        parts_vi.append(f"{len(report.late)} việc làm sau thời hạn")
        parts_en.append(f"{len(report.late)} things done after their deadline")
    if report.rounds:
        parts_vi.append(f"{len(report.rounds)} nhóm có thời hạn hoặc quyết định công bố thay đổi")
        parts_en.append(f"{len(report.rounds)} groups' deadlines or results decisions changed")
    if report.agencies:
        parts_vi.append(f"{len(report.agencies)} tệp của cơ quan thẩm định, điều tra thêm/sửa")
        parts_en.append(f"{len(report.agencies)} agency files added/changed")
    if report.sets:
        parts_vi.append(f"{len(report.sets)} bộ tiêu chí thêm/sửa")
        parts_en.append(f"{len(report.sets)} criteria sets added/changed")
    return ", ".join(parts_vi), ", ".join(parts_en)


HEADLINES = 10         # units listed in the short summary
HEADLINE_CRITERIA = 3  # criteria named per unit there
HEADLINE_AGENCIES = 5  # agency files named there
HEADLINE_LATE = 5      # things done after their deadline named there


def _moved(report: Report) -> list[UnitDelta]:
    """Units whose published result moved (in an open year: points so far or statuses), added or
    removed: biggest index change first."""
    def size(u: UnitDelta) -> Decimal:
        a, b = u.index
        return abs((b or 0) - (a or 0)) if u.kind == "changed" else Decimal(1000)

    moved = [u for u in report.units if u.moved]
    return sorted(moved, key=lambda u: (-size(u), -u.year, u.group, u.unit))


def _criterion_words(c: CriterionDelta, esc: Esc = _plain) -> str:
    words = f"{esc(c.id)}: "
    if c.status[0] != c.status[1]:
        words += f"{esc(_status_arrow(c.status))}, "
    words += f"tự chấm/self {_arrow(c.self_points, vn_number)}"
    if c.appraised_points != (None, None):
        words += f", thẩm định/appraised {_arrow(c.appraised_points, vn_number)}"
    if c.reason[1]:
        words += f" ({esc(c.reason[1])})"
    return words


def _rank_words(u: UnitDelta) -> str:
    if u.rank == (None, None):
        return "không xếp hạng/not ranked"
    return _arrow(u.rank, _rank)


def unit_result(u: UnitDelta, esc: Esc = _plain) -> str:
    """What the unit's result is and how it moved: index, rank and band; in an open year points
    so far and criteria done (no rank there yet)."""
    if u.open:
        return f"năm đang đánh giá/year in progress, {_progress_words(u)}"
    words = f"chỉ số/index {_arrow(u.index, vn_number)}, hạng/rank {_rank_words(u)}"
    return words + f", xếp loại/band {_arrow(tuple(esc(b) if b else '—' for b in u.band))}"


def headlines(report: Report, esc: Esc = _plain) -> list[str]:
    """One line per unit whose result moved, with the criteria behind it (the short summary); then
    stage changes and agencies' files, one line each."""
    lines = []
    for u in _moved(report)[:HEADLINES]:
        kind = f" [{' / '.join(_KIND[u.kind])}]" if u.kind != "changed" else ""
        if u.open:
            line = f"{esc(u.name)} {u.year}{kind} (đang đánh giá/in progress): {_progress_words(u)}"
            changed = [c for c in u.criteria if c.points[0] != c.points[1] or c.status[0] != c.status[1]]
        else:
            line = (f"{esc(u.name)} {u.year}{kind}: chỉ số/index {_arrow(u.index, vn_number)}, hạng/rank {_rank_words(u)}"
                    + (f", xếp loại/band {_arrow(tuple(esc(b) if b else '—' for b in u.band))}" if u.band_changed else ""))
            changed = [c for c in u.criteria if c.points[0] != c.points[1]]
        shown = changed[:HEADLINE_CRITERIA]
        if shown:
            line += " — " + "; ".join(_criterion_words(c, esc) for c in shown)
            if len(changed) > len(shown):
                line += f"; +{len(changed) - len(shown)}"
        lines.append(line)
    rest = len(_moved(report)) - HEADLINES
    if rest > 0:
        lines.append(f"… và {rest} đơn vị khác trong phần chi tiết / and {rest} more units in the details")
    stages = Counter((u.year, u.group, u.stage[0], u.stage[1]) for u in report.units if u.stage_changed)
    for (year, group, a, b), n in sorted(stages.items(), key=lambda kv: (-kv[0][0], kv[0][1], str(kv[0][2]), str(kv[0][3]))):
        lines.append(f"Chuyển giai đoạn/stage {year} · {esc(report.group_names.get(group, group))}: "
                     f"{stage_words(a)} → {stage_words(b)}: {n} đơn vị/units")
    for item in report.late[:HEADLINE_LATE]:
        lines.append(f"Sau thời hạn/after the deadline: {esc(item.name)} {item.year} — {late_words(item, esc)}")
    if len(report.late) > HEADLINE_LATE:
        rest = len(report.late) - HEADLINE_LATE
        lines.append(f"… và {rest} việc khác sau thời hạn / and {rest} more done after their deadline")
    for r in report.rounds[:HEADLINE_AGENCIES]:
        lines.append(f"Kỳ đánh giá/round {r.year} · {esc(report.group_names.get(r.group, r.group))}: "
                     f"{round_words(r, esc, brief=True)}")
    if len(report.rounds) > HEADLINE_AGENCIES:
        rest = len(report.rounds) - HEADLINE_AGENCIES
        lines.append(f"… và {rest} nhóm khác có thời hạn, quyết định thay đổi / and {rest} more groups' rounds changed")
    for a in report.agencies[:HEADLINE_AGENCIES]:
        lines.append(agency_headline(a, report, esc))
    if len(report.agencies) > HEADLINE_AGENCIES:
        rest = len(report.agencies) - HEADLINE_AGENCIES
        lines.append(f"… và {rest} tệp của cơ quan khác / and {rest} more agency files")
    return lines


# --------------------------------------------------------------------------- pieces of the details

def _value(value: Any) -> str:
    if value is None:
        return "—"
    if value is True:
        return "đạt/done"
    if value is False:
        return "không đạt/not done"
    return vn_number(value)


def _figures(figures: dict | None, esc: Esc = _plain) -> str:
    return ", ".join(f"{esc(k)} {vn_number(v)}" for k, v in sorted((figures or {}).items()))


def document_words(doc: Any, esc: Esc = _plain, title: bool = True) -> str:
    """A document (`load.model.Document`, `Evidence`) or a tuple (number, date, title, url); its
    title unless `title` is false."""
    if doc is None:
        return "—"
    number, date, name = (doc[0], doc[1], doc[2]) if isinstance(doc, tuple) else \
        (doc.number, doc.date.isoformat(), doc.title)
    return f"{esc(short(number))} ({esc(date)})" + (f" «{esc(short(name, 80))}»" if name and title else "")


def explanation_words(c: CriterionDelta, esc: Esc = _plain) -> str:
    """The unit's explanation of a criterion and the agency's response, as HEAD has them."""
    told, answer = c.explanation[1], c.response[1]
    if told is None:
        words = "giải trình bị xóa/explanation removed"
    else:
        date, text, evidence = told
        words = f"giải trình/explanation {esc(date)}: «{esc(short(text))}»"
        if evidence:
            words += " + " + ", ".join(document_words(e, esc) for e in evidence)
        if c.explanation[0] is not None and c.explanation[0] != told:
            words += " (sửa/changed)"
    if answer is None:
        words += "; chưa trả lời/no response yet" if c.response[0] is None else "; trả lời bị xóa/response removed"
        return words
    date, accepted, reason = answer
    if accepted:
        words += f"; trả lời/response {esc(date)}: chấp nhận/accepted"
        if c.preliminary is not None and c.preliminary != c.points[1]:
            words += f", điểm/points {vn_number(c.preliminary)} → {vn_number(c.points[1])}"
    else:
        words += f"; trả lời/response {esc(date)}: không chấp nhận/rejected"
    if reason:
        words += f" — {esc(short(reason))}"
    return words


def evidence_words(c: CriterionDelta, esc: Esc = _plain) -> str:
    """Evidence documents added, removed or changed and the note, for one criterion."""
    added, removed, changed = c.evidence_changes
    bits = []
    if added:
        bits.append("thêm/added " + ", ".join(document_words(e, esc) for e in added))
    if removed:
        bits.append("bỏ/removed " + ", ".join(document_words(e, esc) for e in removed))
    if changed:
        bits.append("sửa/changed " + ", ".join(f"{document_words(a, esc)} → {document_words(b, esc)}" for a, b in changed))
    if c.note_changed:
        a, b = c.note
        bits.append(f"ghi chú/note «{esc(short(a)) if a else '—'}» → «{esc(short(b)) if b else '—'}»")
    return "; ".join(bits)


def _figures_arrow(a: dict | None, b: dict | None, esc: Esc = _plain) -> str:
    """Figures before and after: the whole of one side where the other has none, else only the
    figures that differ."""
    if a is None or b is None:
        return _arrow((_figures(a, esc) or "—", _figures(b, esc) or "—"))
    keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return ", ".join(f"{esc(k)} {vn_number(a.get(k))} → {vn_number(b.get(k))}" for k in keys)


def entry_value(before: Any, after: Any, esc: Esc = _plain, self_value: Any = None, self_figures: dict | None = None) -> str:
    """What an agency recorded for one criterion of one unit, before and after
    (`load.model.AgencyEntry` or None); a new entry against the unit's self-assessment."""
    def parts(e) -> tuple:
        return (e.appraised, e.appraised_figures, e.result) if e is not None else (None, None, None)

    (va, fa, ra), (vb, fb, rb) = parts(before), parts(after)
    against_self = before is None and (self_value is not None or self_figures is not None)
    if against_self:
        va, fa = (self_value if vb is not None else None), (self_figures if fb is not None else None)
    bits = []
    if va is not None or vb is not None:
        bits.append(_arrow((_value(va), _value(vb))))
    if fa is not None or fb is not None:
        bits.append(_figures_arrow(fa, fb, esc))
    if ra is not None or rb is not None:
        bits.append(_arrow((ra, rb), vn_number))
    words = "; ".join(b for b in bits if b) or "—"
    return f"tự chấm/self → thẩm định/appraised: {words}" if against_self and bits else words


def response_words(e: Any, esc: Esc = _plain) -> str:
    """The agency's response to the unit's explanation (`load.model.Response`), or ''."""
    r = e.response if e is not None else None
    if r is None:
        return ""
    if r.accepted:
        new = " ".join(x for x in (_value(r.appraised) if r.appraised is not None else "",
                                   _figures(r.appraised_figures, esc)) if x)
        words = f"{esc(r.date.isoformat())}: chấp nhận/accepted, " + \
            (f"giá trị mới/new value {new}" if new else "giữ điểm tự chấm/self-assessment restored")
    else:
        words = f"{esc(r.date.isoformat())}: không chấp nhận/rejected"
    return words + (f" — {esc(short(r.reason))}" if r.reason else "")


def entry_words(e: EntryDelta, esc: Esc = _plain) -> tuple[str, str, str]:
    """(value, reason, response) of an agency's entry before and after."""
    value = entry_value(e.before, e.after, esc, e.self_value, e.self_figures)
    a, b = (x.reason if x is not None else None for x in (e.before, e.after))
    reason = esc(short(b)) if b else "—"
    if a and a != b:
        reason += f" (trước/before: {esc(short(a))})"
    before, after = response_words(e.before, esc), response_words(e.after, esc)
    response = after or ("bị xóa/removed" if before else "")
    return value, reason, response


_AGENCY_KIND = {"appraisal": ("thẩm định", "appraisal"), "survey": ("điều tra", "survey")}
_CHANGE = {"added": ("mới", "added"), "removed": ("bị xóa", "removed"), "changed": ("sửa", "changed")}


def agency_counts(a: AgencyDelta) -> str:
    """What an agency's file holds and how much of it changed, in a line."""
    if a.change == "changed":
        return (f"{len(a.entries)} mục thay đổi, {len(a.affected)} đơn vị / "
                f"{len(a.entries)} entries changed, {len(a.affected)} units")
    holds = f"{a.units} đơn vị, {a.total} tiêu chí / {a.units} units, {a.total} criteria"
    if a.change == "added" and a.kind == "appraisal":
        same = a.total - len(a.entries)
        return (f"{holds}; {same} xác nhận điểm tự chấm, {len(a.entries)} khác hoặc có trả lời giải trình / "
                f"{same} confirm the self-assessment, {len(a.entries)} differ or answer an explanation")
    return holds


def agency_headline(a: AgencyDelta, report: Report, esc: Esc = _plain) -> str:
    kind, change = _AGENCY_KIND[a.kind], _CHANGE[a.change]
    line = (f"{kind[0].capitalize()}/{kind[1]} {esc(a.name)} {a.year} · {esc(report.group_names.get(a.group, a.group))} "
            f"[{change[0]} / {change[1]}]: {agency_counts(a)}")
    if a.document_changed:
        line += f"; văn bản/document {_arrow(tuple(document_words(d, esc, title=False) for d in a.document))}"
    return line


_LATE = {"self_assessment": ("nộp tự đánh giá", "self-assessment submitted"), "explanation": ("giải trình", "explanation")}


def late_words(item: LateItem, esc: Esc = _plain) -> str:
    """What was done after its deadline, when, and how late."""
    vi, en = _LATE[item.kind]
    what = f"{vi}/{en}" + (f" {esc(item.criterion)}" if item.criterion else "")
    return (f"{what} {item.done.isoformat()}, hạn/due {item.due.isoformat()} "
            f"(muộn {item.days} ngày/{item.days} days late)")


def _date(value: Any) -> str:
    return value.isoformat() if value is not None else "—"


def round_words(r: RoundDelta, esc: Esc = _plain, brief: bool = False) -> str:
    """A group's deadlines, results decision and council report, as they changed; `brief`: the
    deadlines of a group new in its round as their dates only."""
    if brief and r.change == "added" and r.deadlines:
        bits = ["hạn/deadlines " + ", ".join(_date(b) for _, _, b in r.deadlines)]
    else:
        bits = [f"hạn/deadline {DEADLINES.get(k, (k, k))[0]}/{DEADLINES.get(k, (k, k))[1]} {_arrow((_date(a), _date(b)))}"
                for k, a, b in r.deadlines]
    if r.decision[0] != r.decision[1]:
        bits.append("quyết định công bố/results decision " + _arrow(tuple(document_words(d, esc, title=False) for d in r.decision)))
    if r.report[0] != r.report[1]:
        bits.append("báo cáo Hội đồng/council's report " + _arrow(tuple(document_words(d, esc, title=False) for d in r.report)))
    if not bits:
        bits.append("sửa chi tiết văn bản/document details changed")
    change = "" if r.change == "changed" else f"[{_CHANGE[r.change][0]} / {_CHANGE[r.change][1]}] "
    return change + "; ".join(bits)


SET_ITEMS = 60  # criteria listed per kind of change of a set


def _crit(cid: str, names: dict[str, str], esc: Esc) -> str:
    name = names.get(cid)
    return f"{esc(cid)} {esc(short(name, 80))}" if name else esc(cid)


def set_sections(s: SetDelta, esc: Esc = _plain) -> list[tuple[str, list[str]]]:
    """(heading, items) of a criteria set's changes: removed, renamed, added, maximum changed,
    otherwise changed, set-level details; none for a set added without one before it or removed."""
    if s.kind == "removed" or (s.kind == "added" and s.previous is None):
        return []
    out = []
    if s.removed:
        out.append(("bỏ/removed", [_crit(i, s.old_names, esc) for i in s.removed]))
    if s.renamed:
        items = []
        for old_ids, old_names, new_id, new_name in s.renamed:
            olds = " + ".join(f"{esc(i)} «{esc(short(n, 80))}»" for i, n in zip(old_ids, old_names))
            merged = " (gộp/merged)" if len(old_ids) > 1 else ""
            new = f"«{esc(short(new_name, 80))}»" if old_ids == (new_id,) else f"{esc(new_id)} «{esc(short(new_name, 80))}»"
            items.append(f"{olds} → {new}{merged}")
        out.append(("đổi tên hoặc gộp/renamed or merged", items))
    if s.added:
        out.append(("thêm/added", [_crit(i, s.names, esc) for i in s.added]))
    if s.maxima:
        out.append(("điểm tối đa/maximum", [f"{' + '.join(esc(i) for i in old_ids)}{'' if old_ids == (new_id,) else ' → ' + esc(new_id)}: "
                                            f"{vn_number(a)} → {vn_number(b)}" for old_ids, new_id, a, b in s.maxima]))
    renamed_only = {r[2] for r in s.renamed} | {m[1] for m in s.maxima}
    other = [i for i in s.changed if i not in renamed_only]
    if other:
        out.append(("sửa khác/other changes", [_crit(i, s.names, esc) for i in other]))
    if s.details:
        out.append(("thông tin chung/set-level", [esc(k) for k in s.details]))
    if s.kind == "changed" and not out:
        out.append(("sửa/changed", [_crit(i, s.names, esc) for i in s.changed]))
    return out


def capped(items: list[str], limit: int = SET_ITEMS) -> list[str]:
    """The first `limit` items, and how many more there are."""
    if len(items) <= limit:
        return items
    return items[:limit] + [f"… và {len(items) - limit} khác / {len(items) - limit} more"]


def set_line(s: SetDelta, esc: Esc = _plain) -> str:
    """One line about a criteria set: what it is, and how many of each change."""
    words = " / ".join(_SET_KIND[s.kind])
    if s.kind == "added":
        words += f", {s.count} tiêu chí / criteria"
        if s.previous:
            words += f", so với/against {esc(s.previous)}"
    elif s.kind == "removed":
        words += f", {s.count} tiêu chí / criteria"
    counts = [f"{heading} {len(items)}" if not heading.startswith("thông tin") else f"{heading} {', '.join(items)}"
              for heading, items in set_sections(s, esc)]
    return words + (": " + ", ".join(counts) if counts else "")


# --------------------------------------------------------------------------- the text report

def _validity(report: Report) -> tuple[str, str]:
    errors = report.head.errors
    warnings = len(report.head.diagnostics) - len(errors)
    if errors:
        return (f"HEAD có {len(errors)} lỗi, {warnings} cảnh báo: chưa thể xuất bản.",
                f"HEAD has {len(errors)} errors, {warnings} warnings: it cannot be published.")
    return (f"HEAD hợp lệ ({warnings} cảnh báo).", f"HEAD is valid ({warnings} warnings).")


BASE_ERRORS = 5  # BASE's errors listed when the comparison is skipped


def skipped(report: Report) -> tuple[str, str]:
    """Why nothing is compared: BASE has errors (`Report.compared`)."""
    n = len(report.base.errors)
    return (f"BASE ({report.base.label}) không hợp lệ, có {n} lỗi: bỏ qua việc so sánh kết quả, vì không thể tin "
            "các con số tính từ dữ liệu có lỗi.",
            f"BASE ({report.base.label}) is invalid, with {n} errors: the comparison of results is skipped, as "
            "figures computed from data with errors cannot be trusted.")


def _groups(report: Report) -> list[tuple[tuple[int, str], list[UnitDelta]]]:
    grouped: dict[tuple[int, str], list[UnitDelta]] = {}
    for u in report.units:
        grouped.setdefault((u.year, u.group), []).append(u)
    return sorted(grouped.items(), key=lambda kv: (-kv[0][0], kv[0][1]))


_KIND = {"added": ("mới", "added"), "removed": ("bị xóa", "removed"), "changed": ("", "")}
_SET_KIND = {"added": ("bộ mới", "new set"), "removed": ("bộ bị xóa", "set removed"), "changed": ("sửa", "changed")}


def as_text(report: Report) -> str:
    vi, en = summary(report) if report.compared else skipped(report)
    ok_vi, ok_en = _validity(report)
    out = [f"So sánh / Comparing: {report.base.label} → {report.head.label}", vi, en, ok_vi, ok_en]
    out += [f"  * {line}" for line in headlines(report)]
    for side in (report.base, report.head):
        if side.compute_error and not side.errors:
            out.append(f"Không tính được / Could not compute {side.label}: {side.compute_error}")
    for (year, group), units in _groups(report):
        out += ["", f"== {year} · {report.group_names.get(group, group)} ({group})"]
        for u in units:
            out += _unit_lines(u)
    if report.late or report.rounds:
        out += ["", "== Thời hạn, quyết định công bố / Deadlines and decisions"]
        for r in report.rounds:
            out.append(f"  {r.path} {report.group_names.get(r.group, r.group)} ({r.group}): {round_words(r)}")
        for item in report.late:
            out.append(f"  {item.name} ({item.unit}) {item.year}: {late_words(item)}")
    if report.agencies:
        out += ["", "== Tệp của cơ quan thẩm định, điều tra / Agency files"]
        for a in report.agencies:
            kind, change = _AGENCY_KIND[a.kind], _CHANGE[a.change]
            out.append(f"  {a.path}: {a.name} ({a.agency}), {kind[0]}/{kind[1]} {a.year} · "
                       f"{report.group_names.get(a.group, a.group)} [{change[0]} / {change[1]}]")
            if a.document_changed or a.change != "changed":
                out.append(f"    văn bản/document: {_arrow(tuple(document_words(d) for d in a.document))}")
            out.append(f"    {agency_counts(a)}")
            for e in a.entries:
                value, reason, response = entry_words(e)
                out.append(f"    {e.name} ({e.unit}) {e.criterion}: {value}" + (f"; lý do/reason: {reason}" if reason != "—" else "")
                           + (f"; trả lời/response {response}" if response else ""))
    if report.sets:
        out += ["", "== Bộ tiêu chí / Criteria sets"]
        for s in report.sets:
            out.append(f"  {s.path}: {set_line(s)}")
            for heading, items in set_sections(s):
                out.append(f"    {heading}: " + "; ".join(capped(items)))
    if report.registry:
        out += ["", f"== {paths.REGISTRY_FILE}"] + [f"  {vi} / {en}" for vi, en in report.registry]
    if not report.compared:
        out += ["", "== Lỗi ở BASE / Errors in BASE"]
        for d in report.base.errors[:BASE_ERRORS]:
            out.append(f"  {d.path}:{d.line}:{d.col} [{d.rule}] {d.message_vi} / {d.message_en}")
        if len(report.base.errors) > BASE_ERRORS:
            rest = len(report.base.errors) - BASE_ERRORS
            out.append(f"  … và {rest} lỗi khác / and {rest} more")
    if report.head.errors:
        out += ["", "== Lỗi ở HEAD / Errors in HEAD"]
        for d in report.head.errors[:10]:
            out.append(f"  {d.path}:{d.line}:{d.col} [{d.rule}] {d.message_vi} / {d.message_en}")
        if len(report.head.errors) > 10:
            out.append(f"  … và {len(report.head.errors) - 10} lỗi khác / and {len(report.head.errors) - 10} more")
    return "\n".join(out) + "\n"


def _unit_lines(u: UnitDelta) -> list[str]:
    kind = " [" + " / ".join(_KIND[u.kind]) + "]" if u.kind != "changed" else ""
    line = f"  {u.name} ({u.unit}){kind}: {unit_result(u)}"
    if u.stage_changed:
        line += f", giai đoạn/stage {stage_words(u.stage[0])} → {stage_words(u.stage[1])}"
    out = [line]
    if u.appraisal[0] != u.appraisal[1] and u.kind == "changed":
        out.append(f"    văn bản thẩm định/appraisal document: {_arrow(tuple(short(x) if x else '—' for x in u.appraisal))}")
    for c in u.criteria:
        if not c.scored:
            continue
        out.append(f"    {c.id} {c.name}: tự chấm/self {_arrow(c.self_points, vn_number)}; "
                   f"thẩm định/appraised {_arrow(c.appraised_points, vn_number)}; điểm/points {_arrow(c.points, vn_number)}"
                   + (f"; trạng thái/status {_status_arrow(c.status)}" if c.status[0] != c.status[1] else "")
                   + (f"; lý do/reason: {c.reason[1]}" if c.reason[1] else "")
                   + (f" (trước/before: {c.reason[0]})" if c.reason[0] and c.reason[0] != c.reason[1] else ""))
    for c in u.criteria:
        if c.told_changed:
            out.append(f"    {c.id} {explanation_words(c)}")
    if u.kind == "changed":
        for c in u.criteria:
            words = evidence_words(c)
            if words:
                out.append(f"    {c.id} {words}")
    return out
