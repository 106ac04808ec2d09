"""The diff report for a terminal: a short summary, then the details."""
from __future__ import annotations

from decimal import Decimal

from generator.core import paths
from generator.core.textfmt import vn_number
from generator.workflow.diff.compare import CriterionDelta, Report, SetDelta, UnitDelta


def _rank(value: int | None) -> str:
    return str(value) if value is not None else "—"


def _arrow(pair: tuple, fmt=str) -> str:
    a, b = pair
    return fmt(a) if a == b else f"{fmt(a)} → {fmt(b)}"


def summary(report: Report) -> tuple[str, str]:
    parts_vi, parts_en = [], []
    for what, vi, en in (("index", "đơn vị thay đổi chỉ số", "units changed index"),
                         ("rank", "thay đổi thứ hạng", "changed rank"),
                         ("band", "đổi xếp loại", "changed band"),
                         ("data", "đơn vị đổi dữ liệu nhưng giữ chỉ số", "units changed data but not the index"),
                         ("added", "đơn vị mới", "units added"),
                         ("removed", "đơn vị bị xóa", "units removed")):
        n = report.count(what)
        if n or what in ("index", "rank"):
            parts_vi.append(f"{n} {vi}")
            parts_en.append(f"{n} {en}")
    if report.sets:
        parts_vi.append(f"{len(report.sets)} bộ tiêu chí thêm/sửa")
        parts_en.append(f"{len(report.sets)} criteria sets added/changed")
    return ", ".join(parts_vi), ", ".join(parts_en)


HEADLINES = 10        # units listed in the short summary
HEADLINE_CRITERIA = 3  # criteria named per unit there


def _moved(report: Report) -> list[UnitDelta]:
    """Units whose published result moved, added or removed: biggest index change first."""
    def size(u: UnitDelta) -> Decimal:
        a, b = u.index
        return abs((b or 0) - (a or 0)) if u.kind == "changed" else Decimal(1000)

    moved = [u for u in report.units if u.kind != "changed" or u.index_changed or u.rank_changed or u.band_changed]
    return sorted(moved, key=lambda u: (-size(u), -u.year, u.group, u.unit))


def _criterion_words(c: CriterionDelta, esc=lambda s: s) -> str:
    words = f"{esc(c.id)}: tự chấm/self {_arrow(c.self_points, vn_number)}"
    if c.appraised_points != (None, None):
        words += f", thẩm định/appraised {_arrow(c.appraised_points, vn_number)}"
    if c.reason[1]:
        words += f" ({esc(c.reason[1])})"
    return words


def headlines(report: Report, esc=lambda s: s) -> list[str]:
    """One line per unit whose result moved, with the criteria behind it (the short summary)."""
    lines = []
    for u in _moved(report)[:HEADLINES]:
        kind = f" [{' / '.join(_KIND[u.kind])}]" if u.kind != "changed" else ""
        line = (f"{esc(u.name)} {u.year}{kind}: chỉ số/index {_arrow(u.index, vn_number)}, hạng/rank {_arrow(u.rank, _rank)}"
                + (f", xếp loại/band {_arrow(tuple(esc(b) if b else '—' for b in u.band))}" if u.band_changed else ""))
        shown = [c for c in u.criteria if c.points[0] != c.points[1]][:HEADLINE_CRITERIA]
        if shown:
            line += " — " + "; ".join(_criterion_words(c, esc) for c in shown)
            more = sum(c.points[0] != c.points[1] for c in u.criteria) - len(shown)
            if more > 0:
                line += f"; +{more}"
        lines.append(line)
    rest = len(_moved(report)) - HEADLINES
    if rest > 0:
        lines.append(f"… và {rest} đơn vị khác trong phần chi tiết / and {rest} more units in the details")
    return lines


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
            kind = " [" + " / ".join(_KIND[u.kind]) + "]" if u.kind != "changed" else ""
            out.append(f"  {u.name} ({u.unit}){kind}: chỉ số/index {_arrow(u.index, vn_number)}, "
                       f"hạng/rank {_arrow(u.rank, _rank)}, xếp loại/band {_arrow(u.band, lambda b: b or '—')}")
            for c in u.criteria:
                out.append(f"    {c.id} {c.name}: tự chấm/self {_arrow(c.self_points, vn_number)}; "
                           f"thẩm định/appraised {_arrow(c.appraised_points, vn_number)}; điểm/points {_arrow(c.points, vn_number)}"
                           + (f"; lý do/reason: {c.reason[1]}" if c.reason[1] else "")
                           + (f" (trước/before: {c.reason[0]})" if c.reason[0] and c.reason[0] != c.reason[1] else ""))
    if report.sets:
        out += ["", "== Bộ tiêu chí / Criteria sets"]
        for s in report.sets:
            detail = _set_detail(s)
            out.append(f"  {s.path}: {' / '.join(_SET_KIND[s.kind])}" + (f" ({detail})" if detail else ""))
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


def _set_detail(s: SetDelta) -> str:
    bits = []
    if s.kind == "changed":
        for items, vi in ((s.added, "thêm/added"), (s.removed, "bỏ/removed"), (s.changed, "sửa/changed")):
            if items:
                shown = ", ".join(items[:15]) + (" …" if len(items) > 15 else "")
                bits.append(f"{vi}: {shown}")
        if not bits:
            bits.append("thông tin chung / set-level details")
    else:
        n = len(s.added or s.removed)
        bits.append(f"{n} tiêu chí / criteria")
    return "; ".join(bits)
