"""`parportal diff BASE [HEAD]`: what a change does to the published results.

Both revisions are materialised from git (only `criteria/` and `scores/`), loaded, validated
and computed with the same code as the portal; the report lists, per year and group, the
units whose index, rank or band moved (with the criteria behind it: self-assessed and
appraised values and the council's reason), units added or removed, criteria sets added or
changed, and whether HEAD validates. As text for a terminal, or as Markdown for a
pull-request comment (every piece of text from the data is escaped).
"""
from __future__ import annotations

import html
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from . import paths
from .diagnostics import Diagnostic
from .load import Dataset
from .textfmt import vn_number

MARKER = "<!-- parportal-diff -->"
MAX_MARKDOWN = 60_000  # a GitHub comment holds 65,536 characters
WORKTREE = None  # HEAD = the working tree


class DiffUsageError(Exception):
    """A revision or repository problem (exit 2), in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi, self.en = vi, en


# --------------------------------------------------------------------------- git

def _git(repo: Path, *args: str, binary: bool = False) -> Any:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary)
    if done.returncode != 0:
        err = done.stderr if not binary else done.stderr.decode("utf-8", "replace")
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, err)
    return done.stdout


def repo_root(root: Path) -> Path:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise DiffUsageError(f"{root} không nằm trong một kho git.", f"{root} is not inside a git repository.") from None


def resolve(repo: Path, rev: str) -> str:
    """The commit id of `rev`, or DiffUsageError."""
    if rev.startswith("-"):
        raise DiffUsageError(f"Phiên bản không hợp lệ: {rev}", f"Not a revision: {rev}")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
    except subprocess.CalledProcessError:
        raise DiffUsageError(f"Không tìm thấy phiên bản git '{rev}' (nhánh, thẻ hoặc mã commit).",
                             f"No git revision '{rev}' (a branch, tag or commit id).") from None


def default_base(repo: Path) -> str:
    for candidate in ("origin/main", "main"):
        try:
            resolve(repo, candidate)
            return candidate
        except DiffUsageError:
            continue
    raise DiffUsageError("Không có origin/main hay main; hãy nêu phiên bản gốc: parportal diff <BASE>.",
                         "Neither origin/main nor main exists; name the base: parportal diff <BASE>.")


def materialise(repo: Path, commit: str, prefix: str, dest: Path) -> Path:
    """Extract `prefix`/criteria and `prefix`/scores of `commit` under `dest`; the data root there."""
    wanted = [str(PurePosixPath(prefix, d)) if prefix else d for d in (paths.CRITERIA_DIR, paths.SCORES_DIR)]
    present = [p for p in _git(repo, "ls-tree", "--name-only", commit, "--", *wanted).splitlines() if p]
    if present:
        archive = _git(repo, "archive", "--format=tar", commit, "--", *present, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return dest / prefix if prefix else dest


# --------------------------------------------------------------------------- one side

@dataclass
class Side:
    label: str
    dataset: Dataset
    diagnostics: list[Diagnostic]
    results: Any = None            # compute.Results, or None when it could not be computed
    compute_error: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def evaluate(root: Path, label: str) -> Side:
    from .cli import load_and_validate
    from .compute import compute
    ds, diags = load_and_validate(root)
    side = Side(label, ds, diags)
    try:
        side.results = compute(ds)
    except Exception as err:  # an invalid dataset may not compute; the errors say why
        side.compute_error = f"{type(err).__name__}: {err}"
    return side


# --------------------------------------------------------------------------- comparing

@dataclass
class CriterionDelta:
    id: str
    name: str
    self_points: tuple[Decimal | None, Decimal | None]
    appraised_points: tuple[Decimal | None, Decimal | None]
    points: tuple[Decimal | None, Decimal | None]
    status: tuple[str | None, str | None]
    reason: tuple[str | None, str | None]
    applicable: tuple[bool, bool]


@dataclass
class UnitDelta:
    year: int
    group: str
    unit: str
    name: str
    kind: str                                   # "changed", "added", "removed"
    source: str
    index: tuple[Decimal | None, Decimal | None]
    rank: tuple[int | None, int | None]
    band: tuple[str | None, str | None]
    criteria: list[CriterionDelta] = field(default_factory=list)

    @property
    def index_changed(self) -> bool:
        return self.index[0] != self.index[1]

    @property
    def rank_changed(self) -> bool:
        return self.rank[0] != self.rank[1]

    @property
    def band_changed(self) -> bool:
        return self.band[0] != self.band[1]


@dataclass
class SetDelta:
    path: str
    kind: str                                   # "added", "removed", "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class Report:
    base: Side
    head: Side
    units: list[UnitDelta]
    sets: list[SetDelta]
    registry: list[str]                         # plain-language lines about scores/units.yaml
    group_names: dict[str, str]

    @property
    def head_valid(self) -> bool:
        return not self.head.errors

    def count(self, what: str) -> int:
        changed = [u for u in self.units if u.kind == "changed"]
        return {"index": sum(u.index_changed for u in changed), "rank": sum(u.rank_changed for u in changed),
                "band": sum(u.band_changed for u in changed),
                "data": sum(not (u.index_changed or u.rank_changed or u.band_changed) for u in changed),
                "added": sum(u.kind == "added" for u in self.units),
                "removed": sum(u.kind == "removed" for u in self.units)}[what]


def _ranks(results) -> dict[tuple[int, str], int | None]:
    out: dict[tuple[int, str], int | None] = {}
    for ranking in results.rankings if results else ():
        for entry in ranking.entries:
            out[(ranking.year, entry.unit)] = entry.rank
    return out


def _band_names(ds: Dataset) -> dict[tuple[str, int], dict[str, str]]:
    return {(cs.group, cs.year): {b.id: b.name for b in cs.bands} for cs in ds.criteria_sets}


def _band(ds: Dataset, names: dict, group: str, year: int, band: str | None) -> str | None:
    if band is None:
        return None
    cs = ds.set_for(group, year)
    return names.get((cs.group, cs.year), {}).get(band, band) if cs else band


def _criteria_deltas(old, new) -> list[CriterionDelta]:
    before = {c.id: c for c in old.criteria if c.is_leaf} if old else {}
    after = {c.id: c for c in new.criteria if c.is_leaf} if new else {}
    out = []
    for cid in list(after) + [c for c in before if c not in after]:
        a, b = before.get(cid), after.get(cid)

        def pair(attr: str):
            return (getattr(a, attr) if a else None, getattr(b, attr) if b else None)

        delta = CriterionDelta(cid, (b or a).name, pair("self_points"), pair("appraised_points"), pair("points"),
                               pair("status"), pair("reason"),
                               (a.applicable if a else False, b.applicable if b else False))
        facts = ("self_points", "appraised_points", "points", "status", "reason", "applicable", "figures",
                 "appraised_figures", "result", "evidence", "note")
        if a is None or b is None:  # a unit or criterion added or removed: only what has a value
            if any(getattr(a or b, f) not in (None, (), False) for f in facts if f != "applicable"):
                out.append(delta)
        elif any(getattr(a, f) != getattr(b, f) for f in facts):
            out.append(delta)
    return out


def _set_deltas(base: Dataset, head: Dataset) -> list[SetDelta]:
    old = {cs.path: cs for cs in base.criteria_sets}
    new = {cs.path: cs for cs in head.criteria_sets}
    out = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is None:
            out.append(SetDelta(path, "added", added=[c.id for c, _ in b.walk()]))
            continue
        if b is None:
            out.append(SetDelta(path, "removed", removed=[c.id for c, _ in a.walk()]))
            continue
        if a.model_dump() == b.model_dump():
            continue
        ca = {c.id: c for c, _ in a.walk()}
        cb = {c.id: c for c, _ in b.walk()}

        def same(x, y) -> bool:
            return x.model_dump(exclude={"criteria"}) == y.model_dump(exclude={"criteria"}) and \
                [c.id for c in x.criteria] == [c.id for c in y.criteria]

        out.append(SetDelta(path, "changed", added=[i for i in cb if i not in ca],
                            removed=[i for i in ca if i not in cb],
                            changed=[i for i in cb if i in ca and not same(ca[i], cb[i])]))
    return out


def _registry_lines(base: Dataset, head: Dataset) -> list[tuple[str, str]]:
    if not base.registry or not head.registry or base.registry.model_dump() == head.registry.model_dump():
        return []
    lines = []
    old, new = base.units, head.units
    for uid in sorted(set(new) - set(old)):
        lines.append((f"thêm đơn vị {uid} ({new[uid].name})", f"unit {uid} added"))
    for uid in sorted(set(old) - set(new)):
        lines.append((f"xóa đơn vị {uid} ({old[uid].name})", f"unit {uid} removed"))
    for uid in sorted(set(old) & set(new)):
        if old[uid].model_dump() != new[uid].model_dump():
            lines.append((f"sửa đơn vị {uid} ({new[uid].name})", f"unit {uid} changed"))
    if not lines:
        lines.append(("sửa thông tin tỉnh hoặc nhóm", "province or group details changed"))
    return lines


def compare(base: Side, head: Side) -> Report:
    old_uy = {(u.year, u.unit): u for u in base.results.unit_years} if base.results else {}
    new_uy = {(u.year, u.unit): u for u in head.results.unit_years} if head.results else {}
    old_rank, new_rank = _ranks(base.results), _ranks(head.results)
    old_bands, new_bands = _band_names(base.dataset), _band_names(head.dataset)
    units: list[UnitDelta] = []
    for key in sorted(set(old_uy) | set(new_uy)):
        a, b = old_uy.get(key), new_uy.get(key)
        u = b or a
        delta = UnitDelta(
            u.year, u.group, u.unit, u.name, "added" if a is None else "removed" if b is None else "changed",
            u.source,
            (a.index if a else None, b.index if b else None),
            (old_rank.get(key), new_rank.get(key)),
            (_band(base.dataset, old_bands, a.group, a.year, a.band) if a else None,
             _band(head.dataset, new_bands, b.group, b.year, b.band) if b else None),
            _criteria_deltas(a, b))
        if delta.kind != "changed" or delta.index_changed or delta.rank_changed or delta.band_changed or delta.criteria:
            units.append(delta)
    names = {}
    for ds in (base.dataset, head.dataset):
        names.update({g.id: g.name for g in (ds.registry.groups if ds.registry else ())})
    return Report(base, head, units, _set_deltas(base.dataset, head.dataset),
                  _registry_lines(base.dataset, head.dataset), names)


def run(root: Path, base_rev: str | None, head_rev: str | None) -> Report:
    """Materialise, evaluate and compare; DiffUsageError for a bad revision."""
    repo = repo_root(root)
    prefix = root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix
    base_rev = base_rev or default_base(repo)
    base_commit = resolve(repo, base_rev)
    head_commit = resolve(repo, head_rev) if head_rev else None
    with tempfile.TemporaryDirectory(prefix="parportal-diff-") as tmp:
        base_root = materialise(repo, base_commit, prefix, Path(tmp) / "base")
        base = evaluate(base_root, f"{base_rev} ({base_commit[:7]})")
        if head_commit:
            head_root = materialise(repo, head_commit, prefix, Path(tmp) / "head")
            head = evaluate(head_root, f"{head_rev} ({head_commit[:7]})")
        else:
            head = evaluate(root, "cây làm việc / working tree")
    return compare(base, head)


# --------------------------------------------------------------------------- writing

def _num(value: Decimal | None) -> str:
    return vn_number(value) if value is not None else "—"


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
    words = f"{esc(c.id)}: tự chấm/self {_arrow(c.self_points, _num)}"
    if c.appraised_points != (None, None):
        words += f", thẩm định/appraised {_arrow(c.appraised_points, _num)}"
    if c.reason[1]:
        words += f" ({esc(c.reason[1])})"
    return words


def headlines(report: Report, esc=lambda s: s) -> list[str]:
    """One line per unit whose result moved, with the criteria behind it (the short summary)."""
    lines = []
    for u in _moved(report)[:HEADLINES]:
        kind = f" [{' / '.join(_KIND[u.kind])}]" if u.kind != "changed" else ""
        line = (f"{esc(u.name)} {u.year}{kind}: chỉ số/index {_arrow(u.index, _num)}, hạng/rank {_arrow(u.rank, _rank)}"
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


def _groups(report: Report) -> list[tuple[tuple[int, str], list[UnitDelta]]]:
    grouped: dict[tuple[int, str], list[UnitDelta]] = {}
    for u in report.units:
        grouped.setdefault((u.year, u.group), []).append(u)
    return sorted(grouped.items(), key=lambda kv: (-kv[0][0], kv[0][1]))


_KIND = {"added": ("mới", "added"), "removed": ("bị xóa", "removed"), "changed": ("", "")}
_SET_KIND = {"added": ("bộ mới", "new set"), "removed": ("bộ bị xóa", "set removed"), "changed": ("sửa", "changed")}


def as_text(report: Report) -> str:
    vi, en = summary(report)
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
            out.append(f"  {u.name} ({u.unit}){kind}: chỉ số/index {_arrow(u.index, _num)}, "
                       f"hạng/rank {_arrow(u.rank, _rank)}, xếp loại/band {_arrow(u.band, lambda b: b or '—')}")
            for c in u.criteria:
                out.append(f"    {c.id} {c.name}: tự chấm/self {_arrow(c.self_points, _num)}; "
                           f"thẩm định/appraised {_arrow(c.appraised_points, _num)}; điểm/points {_arrow(c.points, _num)}"
                           + (f"; lý do/reason: {c.reason[1]}" if c.reason[1] else "")
                           + (f" (trước/before: {c.reason[0]})" if c.reason[0] and c.reason[0] != c.reason[1] else ""))
    if report.sets:
        out += ["", "== Bộ tiêu chí / Criteria sets"]
        for s in report.sets:
            detail = _set_detail(s)
            out.append(f"  {s.path}: {' / '.join(_SET_KIND[s.kind])}" + (f" ({detail})" if detail else ""))
    if report.registry:
        out += ["", f"== {paths.REGISTRY_FILE}"] + [f"  {vi} / {en}" for vi, en in report.registry]
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


_ZWSP = "\u200b"
_MD = {**{ch: f"&#{ord(ch)};" for ch in "&<>\"'"}, **{ch: "\\" + ch for ch in "\\`*_{}[]()+-.!|~"},
       "@": "@" + _ZWSP, "#": "\\#" + _ZWSP}


def md(text: Any) -> str:
    """Text from a data file, safe inside Markdown and table cells: no HTML, no markup, and no
    mentions, issue references or autolinks (a zero-width space breaks them)."""
    text = " ".join(str(text).split()).translate(str.maketrans(_MD))
    return text.replace("://", ":" + _ZWSP + "//").replace("www\\.", "www" + _ZWSP + "\\.")


def html_text(text: Any) -> str:
    """Text from a data file inside an HTML element (`<summary>`), where Markdown is not parsed."""
    text = html.escape(" ".join(str(text).split()), quote=True)
    return text.replace("@", "@" + _ZWSP).replace("#", "#" + _ZWSP).replace("://", ":" + _ZWSP + "//")


def as_markdown(report: Report, limit: int = MAX_MARKDOWN) -> str:
    vi, en = summary(report)
    ok_vi, ok_en = _validity(report)
    icon = "❌" if report.head.errors else "✅"
    out = [MARKER, "### Thay đổi kết quả Chỉ số CCHC · PAR Index changes", "",
           f"**{vi}**  ", en, "",
           f"{icon} {ok_vi} · {ok_en}", ""]
    lines = headlines(report, md)
    if lines:
        out += [f"- {line}" for line in lines] + [""]
    out.append(f"<sub>So sánh / Comparing `{_code(report.base.label)}` → `{_code(report.head.label)}`"
               " · tạo bởi / generated by `parportal diff`</sub>")
    for side in (report.base, report.head):
        if side.compute_error and not side.errors:
            out += ["", f"⚠️ Không tính được / Could not compute {md(side.label)}: {md(side.compute_error)}"]
    if report.head.errors:
        out += ["", "<details open><summary>Lỗi ở HEAD / Errors in HEAD</summary>", "",
                "| Tệp / File | Quy tắc / Rule | Lỗi / Error |", "|---|---|---|"]
        for d in report.head.errors[:20]:
            out.append(f"| {md(d.path)}:{d.line} | {md(d.rule)} | {md(d.message_vi)}<br>{md(d.message_en)} |")
        if len(report.head.errors) > 20:
            out.append(f"| … | | {len(report.head.errors) - 20} lỗi khác / more |")
        out += ["", "</details>"]
    for (year, group), units in _groups(report):
        moved = sum(u.index_changed or u.rank_changed or u.band_changed for u in units)
        out += ["", f"<details><summary>{year} · {html_text(report.group_names.get(group, group))}: "
                    f"{len(units)} đơn vị / units ({moved} đổi kết quả / results moved)</summary>", "",
                "| Đơn vị / Unit | Chỉ số / Index | Thứ hạng / Rank | Xếp loại / Band |", "|---|---|---|---|"]
        for u in units:
            kind = f" *({' / '.join(_KIND[u.kind])})*" if u.kind != "changed" else ""
            out.append(f"| {md(u.name)}{kind} | {_arrow(u.index, _num)} | {_arrow(u.rank, _rank)} | "
                       f"{_arrow(tuple(md(b) if b else '—' for b in u.band))} |")
        for u in units:
            if not u.criteria:
                continue
            out += ["", f"**{md(u.name)}** — tiêu chí thay đổi / criteria changed (`{_code(u.source)}`)", "",
                    "| Tiêu chí / Criterion | Tự chấm / Self | Thẩm định / Appraised | Điểm / Points | Lý do / Reason |",
                    "|---|---|---|---|---|"]
            for c in u.criteria:
                reason = md(c.reason[1]) if c.reason[1] else "—"
                if c.reason[0] and c.reason[0] != c.reason[1]:
                    reason += f" <br><sub>trước / before: {md(c.reason[0])}</sub>"
                status = f" <sub>({md(c.status[0] or '—')} → {md(c.status[1] or '—')})</sub>" if c.status[0] != c.status[1] else ""
                out.append(f"| {md(c.id)} {md(c.name)}{status} | {_arrow(c.self_points, _num)} | "
                           f"{_arrow(c.appraised_points, _num)} | {_arrow(c.points, _num)} | {reason} |")
        out += ["", "</details>"]
    if report.sets:
        out += ["", f"<details><summary>Bộ tiêu chí / Criteria sets: {len(report.sets)}</summary>", ""]
        for s in report.sets:
            detail = _set_detail(s)
            out.append(f"- `{_code(s.path)}`: {' / '.join(_SET_KIND[s.kind])}" + (f" — {md(detail)}" if detail else ""))
        out += ["", "</details>"]
    if report.registry:
        out += ["", f"<details><summary>Danh mục đơn vị / Unit registry ({paths.REGISTRY_FILE})</summary>", ""]
        out += [f"- {md(vi)} / {md(en)}" for vi, en in report.registry]
        out += ["", "</details>"]
    if not report.units and not report.sets and not report.registry:
        out += ["", "Không có thay đổi nào về dữ liệu. · No data changes."]
    return _fit(out, limit)


def _fit(lines: list[str], limit: int) -> str:
    """The comment, whole folded sections left out from the end while it is too long."""
    text = "\n".join(lines) + "\n"
    starts = [n for n, line in enumerate(lines) if line.startswith("<details")]
    if len(text) <= limit or not starts:
        return text
    keep, left_out = lines[:starts[0]], 0
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        if len("\n".join(keep + lines[a:b])) + 400 < limit:
            keep += lines[a:b]
        else:
            left_out += 1
    keep += ["", f"… {left_out} phần chi tiết bị lược vì bình luận quá dài; chạy `parportal diff` để xem đủ. · "
                 f"{left_out} detail sections left out (too long for a comment); run `parportal diff` for all of it."]
    return "\n".join(keep) + "\n"


def _code(text: str) -> str:
    """Text for an inline code span: no backticks, no line breaks."""
    return " ".join(str(text).replace("`", "'").split())
