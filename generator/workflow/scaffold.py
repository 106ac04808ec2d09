"""`parportal new`: start a score file or a new year's criteria set, ready to fill in.

A new score file lists every leaf criterion of the set that applies, with its name, maximum,
rule and expected evidence as comments, and empty values (null, which the model allows) so
that the file passes `parportal check` as it is and the editor's schema guides the rest.
A new criteria set copies the previous one, with the decision to fill in and `replaces`
linking every criterion to the same id in the previous set.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.core import paths
from generator.core.suggest import closest, fold
from generator.core.textfmt import vn_number
from generator.load import Dataset, load
from generator.load.model import (
    BinaryRule,
    CriteriaSet,
    Criterion,
    DeductionRule,
    ManualRule,
    RateRule,
    SurveyRule,
    Unit,
)
from generator.render.words import rule_words
from generator.validate.canonical import Document, Map, Seq, canonical_text, plain_node, text_node
from generator.validate.rules.base import num


class ScaffoldError(Exception):
    """A refusal, in Vietnamese and English, with what to do about it."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi}\n{en}")
        self.vi, self.en = vi, en


@dataclass(frozen=True)
class Created:
    path: str          # repo-relative
    next_vi: str
    next_en: str


def _write_new(root: Path, rel: str, text: str) -> None:
    target = root / rel
    if os.path.lexists(target):  # a link too, even one to nothing
        raise ScaffoldError(
            f"{rel} đã có; lệnh không ghi đè. Sửa tệp đó, hoặc xóa nó trước nếu thật sự muốn tạo lại.",
            f"{rel} already exists; not overwriting it. Edit that file, or delete it first to start again.")
    folder = PurePosixPath()
    for name in PurePosixPath(rel).parent.parts:  # never written through a linked folder
        folder /= name
        if (root / folder).is_symlink():
            raise ScaffoldError(
                f"{folder} là một liên kết tượng trưng (symlink): lệnh không ghi qua liên kết. Thay nó bằng một "
                "thư mục thật trong kho.",
                f"{folder} is a symbolic link: parportal does not write through a link. Replace it with a real "
                "folder in the repository.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return f" ({', '.join(close)}?)" if close else ""


def find_unit(ds: Dataset, given: str) -> Unit:
    """The unit `given` names: its id, or its name (current, English or former) written with any
    case, diacritics or spacing ("Sở Tài chính", "so tai chinh"). Refused, with the closest units,
    when none or several match."""
    unit = ds.units.get(given)
    if unit is not None:
        return unit
    key = fold(given)
    named = [u for u in ds.units.values()
             if key and key in {fold(n) for n in (u.id, u.name, u.name_en, *(f.name for f in u.former_names))}]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        listed = ", ".join(f"{u.id} ({u.name})" for u in sorted(named, key=lambda u: u.id))
        raise ScaffoldError(f"Tên “{given}” trùng với nhiều đơn vị: {listed}. Dùng mã của đơn vị cần tạo tệp.",
                            f"“{given}” names several units: {listed}. Give the id of the one you mean.")
    names = {u.id: (u.name, u.name_en, *(f.name for f in u.former_names)) for u in ds.units.values()}
    close = closest(given, names, n=3, cutoff=0.5)
    vi = f" Có phải là: {'; '.join(f'{c} ({ds.units[c].name})' for c in close)}?" if close else ""
    en = f" Did you mean: {'; '.join(f'{c} ({ds.units[c].name_en})' for c in close)}?" if close else ""
    raise ScaffoldError(
        f"Không có đơn vị “{given}” trong {paths.REGISTRY_FILE}.{vi} Ghi mã đơn vị (ví dụ so-noi-vu) hoặc tên đầy đủ.",
        f"No unit “{given}” in {paths.REGISTRY_FILE}.{en} Give the unit's id (e.g. so-noi-vu) or its full name.")


# --------------------------------------------------------------------------- new score file

def _points(value) -> str:
    return vn_number(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _enter_words(crit: Criterion, cs: CriteriaSet) -> tuple[str, str]:
    """What the unit writes for this criterion (vi, en)."""
    rule = crit.rule
    if isinstance(rule, BinaryRule):
        return ("Nhập self: true (đạt) hoặc false (không đạt).", "Enter self: true (done) or false (not done).")
    if isinstance(rule, RateRule):
        return ("Nhập số liệu gốc dưới figures (bỏ dấu # ở mỗi dòng); điểm được tính tự động.",
                "Enter the raw figures under figures (remove the # of each line); points are computed.")
    if isinstance(rule, DeductionRule):
        step = num(rule.step or cs.step)
        return (f"Nhập self: điểm trừ từ {num(rule.floor)} đến 0 (bước {step}); 0 nếu không bị trừ.",
                f"Enter self: the deduction from {num(rule.floor)} to 0 (steps of {step}); 0 if none.")
    step = num((rule.step if isinstance(rule, ManualRule) else None) or cs.step)
    return (f"Nhập self: điểm tự chấm từ 0 đến {num(crit.max)} (bước {step}).",
            f"Enter self: the self-assessed points from 0 to {num(crit.max)} (steps of {step}).")


def _criterion_comments(crit: Criterion, cs: CriteriaSet, ds: Dataset) -> list[str]:
    rule_vi, rule_en = (_one_line(w) for w in rule_words(crit, cs))
    enter_vi, enter_en = _enter_words(crit, cs)
    name_en = f" ({_one_line(crit.name_en)})" if crit.name_en else ""
    if isinstance(crit.rule, DeductionRule):
        most = f"điểm trừ, thấp nhất {_points(crit.rule.floor)} / a deduction, down to {num(crit.rule.floor)}"
    else:
        most = f"tối đa {_points(crit.max)} điểm / up to {num(crit.max)} point{'' if crit.max == 1 else 's'}"
    lines = [f"{crit.id} {_one_line(crit.name)}{name_en} — {most}",
             f"Cách chấm: {rule_vi}", f"Rule: {rule_en}", f"{enter_vi} / {enter_en}"]
    if isinstance(crit.rule, RateRule):
        for check in crit.rule.checks:
            parts = " + ".join(check.parts)
            lines.append(f"Kiểm tra / Check: {parts} ≤ {check.whole}")
    if crit.may_be_not_applicable:
        lines.append("Nếu không phát sinh: status: not_applicable (giảm trừ khỏi điểm tối đa) / "
                     "If nothing arose: status: not_applicable (removed from the maximum)")
    if crit.appraised_by and crit.appraised_by != cs.appraised_by:
        agency = ds.units.get(crit.appraised_by)
        lines.append(f"Cơ quan thẩm định / Appraised by: {_one_line(agency.name) if agency else crit.appraised_by}")
    if crit.evidence:
        lines.append(f"Tài liệu kiểm chứng / Evidence: {_one_line(crit.evidence)}")
    if crit.evidence_required:
        lines.append("Bắt buộc có tài liệu kiểm chứng khi đã thực hiện, thiếu là lỗi / "
                     "Evidence required when done, an error if missing")
    if crit.description:
        lines.append(f"Ghi chú / Note: {_one_line(crit.description)}")
    return [f"# {line}" for line in lines]


def _heading(crit: Criterion, depth: int) -> str:
    bar = "══" if depth == 0 else "──"
    return f"# {bar} {crit.id} {_one_line(crit.name)} — {_points(crit.max)} điểm / points {bar}"


def score_file_text(ds: Dataset, unit_id: str, year: int) -> tuple[str, str]:
    """(repo-relative path, canonical text) of a new self-assessment file for `unit_id` in `year`."""
    unit = find_unit(ds, unit_id)
    if not unit.active_in(year):
        span = f"{unit.first_year}–{unit.last_year if unit.last_year else '…'}"
        raise ScaffoldError(f"Đơn vị {unit.id} không được đánh giá năm {year} (hoạt động {span}).",
                            f"Unit {unit.id} is not evaluated in {year} (active {span}).")
    group = ds.groups.get(unit.group)
    if group is not None and ((group.first_year and year < group.first_year) or (group.last_year and year > group.last_year)):
        raise ScaffoldError(f"Nhóm {unit.group} không được đánh giá năm {year}.",
                            f"Group {unit.group} is not evaluated in {year}.")
    cs = ds.set_for(unit.group, year)
    if cs is None:
        raise ScaffoldError(
            f"Chưa có bộ tiêu chí áp dụng cho nhóm {unit.group} năm {year} ({paths.CRITERIA_DIR}/{unit.group}/*.yaml). "
            f"Tạo bộ mới: parportal new criteria --group {unit.group} --year {year} --from <năm trước>",
            f"No criteria set applies to group {unit.group} in {year}. "
            f"Create one: parportal new criteria --group {unit.group} --year {year} --from <previous year>")
    rel = f"{paths.SCORES_DIR}/{year}/{unit.group}/{unit.id}.yaml"
    decision = f"Quyết định số {cs.decision.number} ngày {cs.decision.date:%d/%m/%Y}"
    group_name = (group.name, group.name_en) if group else (unit.group, unit.group)
    out = [
        f"# Tự đánh giá Chỉ số CCHC năm {year}: {_one_line(unit.name_in(year))} ({unit.id}), nhóm {_one_line(group_name[0])}",
        f"# Self-assessment, PAR Index {year}: {_one_line(unit.name_en)} ({unit.id}), group {_one_line(group_name[1])}",
        f"# Bộ tiêu chí / Criteria set: {cs.path or f'{paths.CRITERIA_DIR}/{cs.group}/{cs.year}.yaml'} ({decision})",
        "#",
        "# Mỗi tiêu chí / For each criterion:",
        "#   status: done (đã thực hiện) | in_progress (đang thực hiện) | not_due (chưa đến hạn)",
        "#           | failed (không đạt) | not_applicable (không áp dụng, giảm trừ)",
        "#   self: điểm tự chấm, hoặc true/false / self-assessed points, or true/false",
        "#   evidence: tài liệu kiểm chứng / evidence documents, e.g.",
        "#     evidence:",
        "#       - number: 12/KH-UBND",
        f"#         date: {year}-01-15",
        f"#         title: Kế hoạch cải cách hành chính năm {year}",
        "#   note: ghi chú / a note",
        "# Hội đồng thẩm định ghi appraised: và reason: khi thay đổi điểm; đơn vị không sửa hai khóa này.",
        "# The appraisal council writes appraised: and reason: when it changes a value; units leave them alone.",
        "# Kiểm tra / Check: parportal check · Dạng chuẩn / Canonical form: parportal fix " + rel,
        "",
        f"unit: {unit.id}",
        f"year: {year}",
        f"group: {unit.group}",
        "stage: self",
        "submitted:  # ngày nộp / date submitted: YYYY-MM-DD",
        "scores:",
    ]
    leaves = 0
    pending: list[str] = []
    for crit, depth in cs.walk():
        if not crit.is_leaf:
            pending += ["", _heading(crit, depth)]
            continue
        if isinstance(crit.rule, SurveyRule):
            pending.append(f"# {crit.id} {_one_line(crit.name)} — điều tra xã hội học, tối đa {_points(crit.max)} điểm: "
                           f"Sở Nội vụ nhập kết quả, đơn vị không tự chấm / survey: entered by the secretariat")
            continue
        leaves += 1
        block = pending + ([""] if not pending or pending[-1] else []) + _criterion_comments(crit, cs, ds)
        pending = []
        out += ["  " + line if line else "" for line in block]
        out += [f'  "{crit.id}":', "    status:"]
        if isinstance(crit.rule, RateRule):
            out.append("    figures:")
            out += [f"      # {fid}:  # {_one_line(label)}" for fid, label in crit.rule.figures.items()]
        else:
            out.append("    self:")
    if pending:
        out += ["  " + line if line else "" for line in pending]
    if not leaves:
        out[out.index("scores:")] = "scores: {}"
    return rel, canonical_text("\n".join(out) + "\n", rel, "scores")


def new_score_file(root: Path, unit_id: str, year: int) -> Created:
    ds = load(root).dataset
    unit = find_unit(ds, unit_id)
    rel, text = score_file_text(ds, unit.id, year)
    _write_new(root, rel, text)
    named_vi = named_en = ""
    if unit.id != unit_id:
        named_vi = f"Đơn vị {unit.name} có mã {unit.id} (lần sau có thể gõ --unit {unit.id}). "
        named_en = f"{unit.name_en} has the id {unit.id} (next time: --unit {unit.id}). "
    return Created(
        rel,
        f"{named_vi}Đã tạo {rel}. Điền trạng thái (status), điểm tự chấm (self) hoặc số liệu (figures) cho từng "
        f"tiêu chí, thêm tài liệu kiểm chứng (evidence); rồi chạy parportal check và parportal fix {rel}, và gửi "
        "pull request.",
        f"{named_en}Created {rel}. Fill in status, self or figures for each criterion and add evidence; "
        f"then run parportal check and parportal fix {rel}, and open a pull request.")


# --------------------------------------------------------------------------- new criteria set

TO_FILL = "CẦN ĐIỀN / TO FILL IN"

_PERIOD_VI = re.compile(r"(?i:giai\s+đoạn|thời\s+kỳ)\s+(\d{4})\s*[-–—]\s*(\d{4})")
_PERIOD = re.compile(r"(?<!\d)(\d{4})\s*[-–—]\s*(\d{4})(?!\d)")


def new_title(title: str, previous: int, year: int, english: bool = False) -> tuple[str, bool]:
    """The title of a set copied from `previous` for `year`, and whether it named a period.

    A period ("giai đoạn 2023 - 2025", "2023–2025") is not carried over: the new set starts in
    `year` and its end is not known yet, so the period becomes the year ("năm 2025", "2025")
    rather than "giai đoạn 2025 - 2025"; the caller marks the line to check. Otherwise the old
    year becomes the new one ("năm 2022" → "năm 2023")."""
    found = None if english else _PERIOD_VI.search(title)
    if found:
        return title[:found.start()] + f"năm {year}" + title[found.end():], True
    found = _PERIOD.search(title)
    if found:
        return title[:found.start()] + str(year) + title[found.end():], True
    return title.replace(str(previous), str(year)), False


def criteria_set_text(root: Path, group: str, year: int, previous: int, decision_number: str | None = None,
                      decision_date: str | None = None) -> tuple[str, str, int]:
    """(repo-relative path, text, criteria linked) of the criteria set of `group` for `year`, copied from `previous`."""
    ds = load(root).dataset
    if ds.groups and group not in ds.groups:
        raise ScaffoldError(f"Không có nhóm '{group}' trong {paths.REGISTRY_FILE}{_suggest(group, list(ds.groups))}.",
                            f"No group '{group}' in {paths.REGISTRY_FILE}{_suggest(group, list(ds.groups))}.")
    if year <= previous:
        raise ScaffoldError(f"Năm mới ({year}) phải sau năm của bộ cũ ({previous}).",
                            f"The new year ({year}) must come after the previous set's year ({previous}).")
    source = f"{paths.CRITERIA_DIR}/{group}/{previous}.yaml"
    rel = f"{paths.CRITERIA_DIR}/{group}/{year}.yaml"
    if source not in ds.files and os.path.lexists(root / source):  # `load` found it is not a regular file
        raise ScaffoldError(f"{source} không phải tệp thường (liên kết, ống hay thiết bị) nên không được đọc; chạy "
                            "parportal check để xem.",
                            f"{source} is not a regular file (a link, a pipe or a device), so it is not read; run "
                            "parportal check for details.")
    if source not in ds.files:
        have = sorted(p.stem for p in (root / paths.CRITERIA_DIR / group).glob("*.yaml"))
        raise ScaffoldError(f"Không có {source}. Các năm hiện có của nhóm {group}: {', '.join(have) or '—'}.",
                            f"{source} does not exist. Years available for group {group}: {', '.join(have) or '—'}.")
    if os.path.lexists(root / rel):
        raise ScaffoldError(f"{rel} đã có; lệnh không ghi đè.", f"{rel} already exists; not overwriting it.")
    years = sorted(int(p.stem) for p in (root / paths.CRITERIA_DIR / group).glob("*.yaml") if p.stem.isdigit())
    later = [y for y in years if y > year]
    if later:
        raise ScaffoldError(
            f"Đã có bộ tiêu chí năm {later[0]} sau năm {year}: replaces của bộ đó trỏ về bộ trước nó, nên không chèn "
            "bộ mới vào giữa.",
            f"A criteria set for {later[0]} already follows {year}: its replaces point at the set before it, so a set "
            "cannot be inserted in between.")
    latest = max(y for y in years if y < year)
    if previous != latest:
        raise ScaffoldError(
            f"Bộ tiêu chí ngay trước năm {year} là {latest}: replaces phải trỏ về bộ đó. Dùng --from {latest}.",
            f"The set just before {year} is {latest}, which replaces must point at. Use --from {latest}.")
    from generator.load.yamlsource import read_yaml
    read = read_yaml(root / source, source)
    if read.diagnostics:
        raise ScaffoldError(f"{source} có lỗi YAML; chạy parportal check và sửa trước.",
                            f"{source} has YAML errors; run parportal check and fix them first.")
    doc = Document.parse((root / source).read_text(encoding="utf-8"))
    top = doc.root
    if not isinstance(top, Map):
        raise ScaffoldError(f"{source} không phải một bộ tiêu chí.", f"{source} is not a criteria set.")
    doc.set(top, "year", plain_node(str(year)))
    doc.remove(top, "until")
    for key in ("title", "title_en"):
        found = doc.entry(top, key)
        if found is None:
            continue
        title, period = new_title(found[1].value, previous, year, english=key == "title_en")
        if title != found[1].value:
            doc.set(top, key, text_node(title),
                    eol="# kiểm tra lại giai đoạn áp dụng / check the period it applies to" if period else None)
    decision = doc.entry(top, "decision")
    if decision is None or not isinstance(decision[1], Map) or decision[1].flow:
        decision_map = Map(False, -1, -1)
        doc.set(top, "decision", decision_map)
    else:
        decision_map = decision[1]
    for key in ("title", "url"):
        doc.remove(decision_map, key)
    if decision_number:
        doc.set(decision_map, "number", text_node(decision_number))
    else:
        doc.set(decision_map, "number", plain_node(""),
                eol=f"# {TO_FILL}: số quyết định, ví dụ 3507/QĐ-UBND (lỗi đến khi điền) / the decision's number "
                    "(an error until filled in)")
    if decision_date:
        doc.set(decision_map, "date", plain_node(decision_date))
    else:
        doc.set(decision_map, "date", plain_node(""),
                eol=f"# {TO_FILL}: ngày ký YYYY-MM-DD (lỗi đến khi điền) / the date signed (an error until filled in)")
    issuer = doc.entry(decision_map, "issuer")
    if issuer is not None:
        doc.comments.eol[id(issuer[0])] = ["# kiểm tra lại / check"]
    fields = doc.entry(top, "fields")
    count = 0

    def link(items: Seq) -> None:
        nonlocal count
        for item in items.items:
            if not isinstance(item, Map):
                continue
            cid = doc.entry(item, "id")
            if cid is not None:
                doc.set(item, "replaces", Seq(True, -1, -1, [text_node(cid[1].value)]))
                count += 1
            children = doc.entry(item, "criteria")
            if children is not None and isinstance(children[1], Seq):
                link(children[1])

    if fields is not None and isinstance(fields[1], Seq):
        link(fields[1])
    doc.comments.header = [
        f"# Bộ tiêu chí năm {year}, sao từ {source} bằng parportal new criteria.",
        f"# Criteria set for {year}, copied from {source} by parportal new criteria.",
        "# Việc cần làm / To do: điền quyết định (CẦN ĐIỀN); sửa tên, điểm, cách chấm của tiêu chí thay đổi;",
        "#   tiêu chí mới: xóa replaces; tiêu chí tách/gộp: liệt kê mã cũ trong replaces; tiêu chí bỏ: xóa hẳn.",
        "#   fill in the decision (TO FILL IN); edit renamed or rescored criteria; a new criterion has no replaces;",
        "#   a split or merged one lists the old ids in replaces; a removed one is deleted.",
        None,
    ]
    return rel, doc.render(rel, "criteria"), count


def new_criteria_set(root: Path, group: str, year: int, previous: int, decision_number: str | None = None,
                     decision_date: str | None = None) -> Created:
    rel, text, count = criteria_set_text(root, group, year, previous, decision_number, decision_date)
    _write_new(root, rel, text)
    return Created(
        rel,
        f"Đã tạo {rel} ({count} tiêu chí có replaces trỏ về bộ {previous}). Điền quyết định, sửa các tiêu chí "
        f"thay đổi, rồi chạy parportal check.",
        f"Created {rel} ({count} criteria with replaces pointing at the {previous} set). Fill in the decision, "
        f"edit what changed, then run parportal check.")
