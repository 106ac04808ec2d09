#!/usr/bin/env python3
"""Synthetic but valid PAR Index datasets of any size, for benchmarks.

    python benchmarks/synth.py OUT --units N --criteria C --years Y --seed S [--first-year 2021]

writes, under OUT:

* ``scores/units.yaml``: a province (marked ``demo: true``), 2 groups (N < 12) or 3 groups
  (departments, districts, communes), N units, a few of them unranked, one renamed;
* ``criteria/<group>/<year>.yaml``: one criteria set per group and version, a new version
  every 2 years whose criteria name their predecessors in ``replaces`` (one leaf replaced by a
  new id and one pair of maxima shifted per version, so the "changes" pages have content).
  Each set has C leaf criteria under up to 8 fields (7 appraised fields + one survey field),
  some nested one level deeper, with a mix of rules: manual (with and without ``step``),
  binary, tiers with figures, proportional with ``may_be_not_applicable``, survey leaves
  that add up to ``parts.survey``, and one deduction;
* ``content/``: its own hand-written pages (an About page and one announcement), so that the
  build does not fall back on the repository's demo announcements, which link to pages of the
  demo's years;
* ``scores/<year>/<group>/<unit>.yaml``: one score file per unit and year. Every year is
  ``stage: final`` (all leaves scored, survey results, a few appraisal changes with reasons,
  some evidence) except the last, which is ``stage: self`` with statuses and no survey results.

Deterministic for a seed: one ``random.Random(seed)`` drawn in a fixed order, sorted iteration.
The YAML is written as text (f-strings), not through a YAML library, so 17,500 score files
of 120 criteria take seconds. The output passes ``parportal check`` with no errors or warnings.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# The generator's own helpers, so that synthetic files are what the portal's tools write: the
# schema line (`file.schema-line`), canonical text (`parportal fix`, no `file.canonical` warning)
# and slugs.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.render.templating import slugify as slug  # noqa: E402
from generator.validate.canonical import canonical_text as _canonical_text  # noqa: E402
from generator.validate.canonical import double_quoted as _dq  # noqa: E402
from generator.validate.canonical import plain_ok as _plain_ok
from generator.validate.rules.file_schema_line import schema_line  # noqa: E402


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML): criterion ids."""
    return json.dumps(text, ensure_ascii=False)


def canonical(text: str, rel_path: str) -> str:
    """The registry and the criteria sets (a handful of files) go through the generator's own
    canonical writer (key order of the model); score files are written canonical directly."""
    return _canonical_text(text, rel_path)


def t(text: str) -> str:
    """Text as a block value or list item, in canonical form."""
    return text if _plain_ok(text, False) else _dq(text)


def tf(text: str) -> str:
    """Text inside a flow collection (`{a: b}`), in canonical form."""
    return text if _plain_ok(text, True) else _dq(text)


_FRAC = {0: "", 1: ".25", 2: ".5", 3: ".75"}


def pts(quarters: int) -> str:
    """Points held as whole quarters (exact), written as people write them: 2, 0.5, -1.25."""
    sign = "-" if quarters < 0 else ""
    whole, frac = divmod(abs(quarters), 4)
    return f"{sign}{whole}{_FRAC[frac]}"


def tenths(value: int) -> str:
    whole, frac = divmod(value, 10)
    return f"{whole}" if frac == 0 else f"{whole}.{frac}"


# --------------------------------------------------------------------------- word lists

DEPARTMENTS = [
    ("Sở Nội vụ", "Department of Home Affairs"), ("Sở Tài chính", "Department of Finance"),
    ("Sở Tư pháp", "Department of Justice"), ("Sở Xây dựng", "Department of Construction"),
    ("Sở Công Thương", "Department of Industry and Trade"), ("Sở Y tế", "Department of Health"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
    ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("Sở Ngoại vụ", "Department of Foreign Affairs"), ("Sở Dân tộc và Tôn giáo", "Department of Ethnic and Religious Affairs"),
    ("Thanh tra tỉnh", "Provincial Inspectorate"), ("Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"),
    ("Ban Quản lý các khu công nghiệp", "Industrial Zones Authority"),
]
SYLLABLES = [
    "An", "Bình", "Châu", "Đông", "Đức", "Giang", "Hà", "Hải", "Hòa", "Hưng", "Khánh", "Lạc", "Lâm", "Long",
    "Minh", "Mỹ", "Nam", "Nghĩa", "Ninh", "Phong", "Phú", "Phúc", "Quang", "Sơn", "Tân", "Thạch", "Thành",
    "Thanh", "Thịnh", "Thuận", "Tiến", "Trung", "Trường", "Tường", "Vân", "Văn", "Việt", "Vĩnh", "Xuân", "Yên",
]
FIELDS = [
    ("Công tác chỉ đạo, điều hành cải cách hành chính", "Direction of administrative reform"),
    ("Cải cách thể chế", "Institutional reform"),
    ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the administrative apparatus"),
    ("Cải cách chế độ công vụ", "Civil service reform"),
    ("Cải cách tài chính công", "Public finance reform"),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "E-government and digital government"),
]
SURVEY_FIELD = ("Điều tra xã hội học", "Sociological survey")
MANUAL_NAMES = [
    "Ban hành kế hoạch cải cách hành chính năm", "Mức độ thực hiện kế hoạch cải cách hành chính",
    "Công tác kiểm tra cải cách hành chính", "Công tác tuyên truyền cải cách hành chính",
    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Thực hiện quy chế làm việc",
    "Sáng kiến, giải pháp mới trong cải cách hành chính", "Thực hiện quy định về vị trí việc làm",
    "Đánh giá, xếp loại chất lượng công chức", "Quản lý, sử dụng kinh phí cải cách hành chính",
    "Triển khai cơ chế tự chủ tài chính", "Kết nối, chia sẻ dữ liệu với cơ sở dữ liệu quốc gia",
]
BINARY_NAMES = [
    "Báo cáo cải cách hành chính định kỳ đúng hạn", "Công khai thủ tục hành chính đầy đủ, đúng quy định",
    "Ban hành quy chế chi tiêu nội bộ", "Cập nhật văn bản lên cơ sở dữ liệu quốc gia",
    "Thực hiện chế độ báo cáo thống kê", "Bố trí công chức đầu mối kiểm soát thủ tục hành chính",
    "Vận hành hệ thống quản lý văn bản và điều hành", "Áp dụng hệ thống quản lý chất lượng ISO",
]
TIERS_NAMES = [
    "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "Tỷ lệ văn bản ban hành đúng thời hạn",
    "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "Tỷ lệ nhiệm vụ được giao hoàn thành đúng hạn",
]
PROPORTIONAL_NAMES = [
    "Tỷ lệ hồ sơ thanh toán trực tuyến", "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
    "Tỷ lệ hồ sơ được số hóa kết quả giải quyết", "Tỷ lệ văn bản điện tử có chữ ký số",
]
SURVEY_NAMES = [
    "Mức độ hài lòng của người dân, tổ chức", "Đánh giá của công chức về công tác cải cách hành chính",
    "Đánh giá của lãnh đạo cơ quan, đơn vị", "Đánh giá của doanh nghiệp",
    "Mức độ hài lòng về dịch vụ y tế, giáo dục công", "Đánh giá về tính công khai, minh bạch",
]
EVIDENCE = ["Kế hoạch và báo cáo thực hiện", "Quyết định ban hành kèm theo danh mục", "Báo cáo thống kê có xác nhận",
            "Biên bản kiểm tra", "Ảnh chụp màn hình hệ thống"]
REASONS = ["Tài liệu kiểm chứng chưa đầy đủ.", "Văn bản ban hành chậm so với quy định.",
           "Số liệu không khớp với hệ thống một cửa điện tử.", "Bổ sung tài liệu kiểm chứng sau thẩm định.",
           "Kết quả thực hiện chưa đạt yêu cầu của kế hoạch."]
NOTES = ["Bị phê bình một lần.", "Chậm báo cáo một kỳ."]
BANDS = [("xuat-sac", "Xuất sắc", "Excellent", 90), ("tot", "Tốt", "Good", 80), ("kha", "Khá", "Fair", 65),
         ("trung-binh", "Trung bình", "Average", 50), ("yeu", "Yếu", "Weak", 0)]

# Figures of the rate rules: (figures, numerator, denominator, check parts)
TIERS_FIGURES = [
    ({"received": "Số hồ sơ tiếp nhận", "on_time": "Số hồ sơ giải quyết đúng hạn", "late": "Số hồ sơ quá hạn"},
     "on_time", "received", ["on_time", "late"]),
    ({"due": "Số văn bản phải ban hành", "issued_on_time": "Số văn bản ban hành đúng hạn"},
     "issued_on_time", "due", ["issued_on_time"]),
]
PROPORTIONAL_FIGURES = [
    ({"eligible": "Số hồ sơ có thể thanh toán trực tuyến", "paid_online": "Số hồ sơ thanh toán trực tuyến"},
     "paid_online", "eligible", ["paid_online"]),
    ({"procedures": "Số thủ tục hành chính", "online_full": "Số thủ tục trực tuyến toàn trình"},
     "online_full", "procedures", ["online_full"]),
]
TIER_MINS = [(100, 95, 90, 0), (90, 70, 50, 0)]


# --------------------------------------------------------------------------- the data model of the generator

@dataclass
class Node:
    id: str
    name: str
    max_q: int = 0                      # quarters of a point (leaves); parents are summed when written
    kind: str | None = None             # leaf rule type, None for parents
    children: list["Node"] = field(default_factory=list)
    variant: int = 0                    # which figures / tier template / step preference
    may_na: bool = False
    appraised_by: str | None = None
    evidence: str | None = None
    replaces: list[str] | None = None   # None: first version (no key written)

    def total_q(self) -> int:
        return self.max_q if not self.children else sum(c.total_q() for c in self.children)

    def leaves(self):
        if not self.children:
            yield self
        for c in self.children:
            yield from c.leaves()

    def copy(self) -> "Node":
        return Node(self.id, self.name, self.max_q, self.kind, [c.copy() for c in self.children], self.variant,
                    self.may_na, self.appraised_by, self.evidence, None)

    def manual_step_q(self) -> int | None:
        """The explicit `step` of a manual rule, in quarters, only when it divides the max."""
        want = (None, 2, 4)[self.variant % 3]
        return want if want and self.max_q % want == 0 else None


@dataclass
class UnitRow:
    id: str
    name: str
    name_en: str
    group: str
    ranked: bool = True
    former: tuple[str, str, int] | None = None  # (name, name_en, until)
    ability: float = 0.8


@dataclass
class Version:
    group: str
    year: int
    fields: list[Node]
    survey_q: int
    appraised_q: int

    def leaves(self) -> list[Node]:
        return [leaf for f in self.fields for leaf in f.leaves()]


# --------------------------------------------------------------------------- registry

def make_units(rng: random.Random, n: int, first_year: int) -> tuple[list[tuple[str, str, str]], list[UnitRow]]:
    if n < 6:
        raise SystemExit("--units must be at least 6")
    if n < 12:
        groups = [("so-nganh", "Sở, ban, ngành", "Departments and boards"),
                  ("huyen", "UBND cấp huyện", "District people's committees")]
        sizes = [n // 2, n - n // 2]
    else:
        groups = [("so-nganh", "Sở, ban, ngành", "Departments and boards"),
                  ("huyen", "UBND cấp huyện", "District people's committees"),
                  ("xa", "UBND cấp xã", "Commune people's committees")]
        first = max(4, round(n * 0.08))
        second = max(3, round(n * 0.12))
        sizes = [first, second, n - first - second]
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(pairs)
    place_iter = iter(range(10**9))

    def place() -> str:
        i = next(place_iter)
        base = pairs[i % len(pairs)]
        return base if i < len(pairs) else f"{base} {i // len(pairs) + 1}"

    units: list[UnitRow] = []
    used: set[str] = set()
    for (gid, _, _), size in zip(groups, sizes):
        for k in range(size):
            if gid == "so-nganh":
                if k < len(DEPARTMENTS):
                    name, name_en = DEPARTMENTS[k]
                else:
                    name, name_en = f"Ban chuyên ngành số {k + 1}", f"Specialised board no. {k + 1}"
                uid = slug(name)
            else:
                p = place()
                while f"{gid}-{slug(p)}" in used:  # "Thành Hà" and "Thanh Hà" share a slug
                    p = place()
                kind = "huyện" if gid == "huyen" else "xã"
                name = f"UBND {kind} {p}"
                name_en = f"{p} {'District' if gid == 'huyen' else 'Commune'} People's Committee"
                uid = f"{gid}-{slug(p)}"
            used.add(uid)
            units.append(UnitRow(uid, name, name_en, gid, ability=0.55 + 0.42 * rng.random()))
    # A few unranked units (never the appraising agencies), one renamed unit.
    candidates = [u for u in units if u.group != "so-nganh"] or units[3:]
    for u in rng.sample(candidates, min(len(candidates), max(2, n // 150))):
        u.ranked = False
    renamed = next(u for u in units if u.group == groups[1][0])
    renamed.former = (renamed.name + " (cũ)", renamed.name_en + " (former)", first_year + 1)
    return groups, units


def registry_text(groups, units: list[UnitRow], first_year: int) -> str:
    rel = "scores/units.yaml"
    out = [schema_line(rel, "registry"),
           "province:",
           f"  name: {t('Tỉnh Tổng Hợp')}",
           f"  name_en: {t('Synthetic Province')}",
           "  demo: true",
           "  repository: https://example.org/parportal/synthetic",
           "  issues_url: https://example.org/parportal/synthetic/issues/new",
           "groups:"]
    for gid, name, name_en in groups:
        out += [f"  - id: {gid}", f"    name: {t(name)}", f"    name_en: {t(name_en)}"]
    out.append("units:")
    for u in units:
        out += [f"  - id: {u.id}", f"    name: {t(u.name)}", f"    name_en: {t(u.name_en)}", f"    group: {u.group}"]
        if not u.ranked:
            out += ["    ranked: false",
                    f"    unranked_reason: {t('Được đánh giá nhưng không xếp hạng chung theo quyết định của UBND tỉnh.')}"]
        out.append(f"    first_year: {first_year}")
        if u.former:
            out += ["    former_names:", f"      - name: {t(u.former[0])}", f"        name_en: {t(u.former[1])}",
                    f"        until: {u.former[2]}"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- criteria sets

def _spread(rng: random.Random, count: int, total_units: int) -> list[int]:
    """`count` positive integers adding up to `total_units` (each at least 1)."""
    out = [1] * count
    for _ in range(total_units - count):
        out[rng.randrange(count)] += 1
    return out


def base_tree(rng: random.Random, group: str, n_leaves: int, agencies: list[str]) -> tuple[list[Node], int, int]:
    """The first criteria set of a group: fields, nested criteria, leaf maxima and rules."""
    if n_leaves < 3:
        raise SystemExit("--criteria must be at least 3")
    n_survey = max(1, min(6, n_leaves // 20))
    n_appraised = n_leaves - n_survey - 1        # one deduction
    total = 100
    survey_points = 20 if n_survey * 1 <= 20 else n_survey
    appraised_points = total - survey_points
    # Leaf maxima in quarters: half points when there is room for them, else quarters.
    unit = 2 if n_appraised * 2 <= 0.75 * appraised_points * 4 else 1
    if n_appraised * unit > appraised_points * 4:  # very many criteria: raise the total
        appraised_points = -(-n_appraised // 4) + 10
        total = appraised_points + survey_points
    maxima = [m * unit for m in _spread(rng, n_appraised, appraised_points * 4 // unit)]
    leftover = appraised_points * 4 - sum(maxima)  # when `unit` does not divide the part
    maxima[0] += leftover

    n_fields = min(len(FIELDS), max(1, n_appraised // 3))
    per_field = _spread(rng, n_fields, n_appraised)
    fields: list[Node] = []
    taken = iter(maxima)
    counters = {"manual": 0, "binary": 0, "tiers": 0, "proportional": 0}
    names = {"manual": MANUAL_NAMES, "binary": BINARY_NAMES, "tiers": TIERS_NAMES, "proportional": PROPORTIONAL_NAMES}

    def leaf(cid: str) -> Node:
        r = rng.random()
        kind = "manual" if r < 0.42 else "binary" if r < 0.67 else "tiers" if r < 0.83 else "proportional"
        pool = names[kind]
        i = counters[kind]
        counters[kind] += 1
        name = pool[i % len(pool)] + (f" (nội dung {i // len(pool) + 1})" if i >= len(pool) else "")
        node = Node(cid, name, next(taken), kind, variant=rng.randrange(6), may_na=(kind == "proportional"))
        if rng.random() < 0.3:
            node.evidence = EVIDENCE[rng.randrange(len(EVIDENCE))]
        if len(agencies) > 1 and kind in ("tiers", "proportional") and rng.random() < 0.3:
            node.appraised_by = agencies[1 + rng.randrange(len(agencies) - 1)]
        return node

    for f_i, count in enumerate(per_field, start=1):
        fname, _ = FIELDS[f_i - 1]
        fnode = Node(str(f_i), fname)
        j = 0
        left = count
        while left:
            j += 1
            size = min(left, rng.choice((1, 1, 2, 3, 4, 5)))
            left -= size
            if size == 1:
                fnode.children.append(leaf(f"{f_i}.{j}"))
            else:
                sub = Node(f"{f_i}.{j}", f"{fname} — nhóm nội dung {j}")
                sub.children = [leaf(f"{f_i}.{j}.{k}") for k in range(1, size + 1)]
                fnode.children.append(sub)
        fields.append(fnode)
    # One deduction, directly under the first field.
    fields[0].children.append(Node(f"1.{len(fields[0].children) + 1}", "Bị phê bình do chậm trễ, sai sót", 0, "deduction"))
    # The survey field: leaves adding up to the survey part.
    s_field = Node(str(len(fields) + 1), SURVEY_FIELD[0])
    s_max = [m * 4 for m in _spread(rng, n_survey, survey_points)]
    s_field.children = [Node(f"{s_field.id}.{k}", SURVEY_NAMES[(k - 1) % len(SURVEY_NAMES)], m, "survey")
                        for k, m in enumerate(s_max, start=1)]
    fields.append(s_field)
    return fields, survey_points * 4, appraised_points * 4


def next_version(rng: random.Random, prev: list[Node], year: int) -> list[Node]:
    """The next criteria set: every criterion continues its namesake (`replaces`), except one
    leaf replaced by a new id; a few leaves renamed; one pair of sibling maxima shifted."""
    fields = [f.copy() for f in prev]
    all_nodes = []

    def walk(node: Node) -> None:
        all_nodes.append(node)
        for c in node.children:
            walk(c)

    for f in fields:
        walk(f)
    for node in all_nodes:
        node.replaces = [node.id]
    appraised = [n for n in all_nodes if n.kind in ("manual", "binary", "tiers", "proportional")]
    for node in rng.sample(appraised, max(1, len(appraised) // 30)):
        node.name = node.name + " (sửa đổi)"
    new = appraised[rng.randrange(len(appraised))]
    new.id, new.replaces, new.name = f"{new.id}n{year % 100}", [], new.name + " (mới)"
    parents = [n for n in all_nodes if sum(1 for c in n.children if c.kind in ("manual", "binary")) >= 2]
    if parents:
        parent = parents[rng.randrange(len(parents))]
        a, b = [c for c in parent.children if c.kind in ("manual", "binary")][:2]
        shift = 2
        if b.max_q > shift:
            a.max_q += shift
            b.max_q -= shift
    return fields


def _rule_lines(node: Node, pad: str) -> list[str]:
    kind = node.kind
    if kind == "manual":
        step = node.manual_step_q()
        return [f"{pad}rule: {{type: manual, step: {pts(step)}}}" if step else f"{pad}rule: {{type: manual}}"]
    if kind == "binary":
        return [f"{pad}rule: {{type: binary}}"]
    if kind == "survey":
        return [f"{pad}rule: {{type: survey}}"]
    if kind == "deduction":
        return [f"{pad}rule: {{type: deduction, floor: -2, step: 0.5}}"]
    figures, num, den, parts = (TIERS_FIGURES if kind == "tiers" else PROPORTIONAL_FIGURES)[node.variant % 2]
    out = [f"{pad}rule:", f"{pad}  type: {kind}", f"{pad}  figures:"]
    out += [f"{pad}    {k}: {t(v)}" for k, v in figures.items()]
    out += [f"{pad}  rate: {{numerator: {num}, denominator: {den}}}", f"{pad}  checks:",
            f"{pad}    - {{whole: {den}, parts: [{', '.join(parts)}]}}"]
    if kind == "tiers":
        mins = TIER_MINS[node.variant % 2]
        m = node.max_q
        points = (m, m * 3 // 4, m // 2, 0)
        out.append(f"{pad}  tiers:")
        out += [f"{pad}    - {{min: {lo}, points: {pts(p)}}}" for lo, p in zip(mins, points)]
    return out


def _node_lines(node: Node, depth: int) -> list[str]:
    pad = "  " * (2 * depth + 2)
    out = [f"{pad[:-2]}- id: {q(node.id)}", f"{pad}name: {t(node.name)}", f"{pad}max: {pts(node.total_q())}"]
    if node.may_na:
        out.append(f"{pad}may_be_not_applicable: true")
    if node.appraised_by:
        out.append(f"{pad}appraised_by: {node.appraised_by}")
    if node.evidence:
        out.append(f"{pad}evidence: {t(node.evidence)}")
    if node.replaces is not None and node.replaces:
        out.append(f"{pad}replaces: [{', '.join(q(r) for r in node.replaces)}]")
    if node.children:
        out.append(f"{pad}criteria:")
        for c in node.children:
            out += _node_lines(c, depth + 1)
    else:
        out += _rule_lines(node, pad)
    return out


def criteria_text(v: Version, group_name: str, agency: str) -> str:
    rel = f"criteria/{v.group}/{v.year}.yaml"
    total_q = sum(f.total_q() for f in v.fields)
    out = [schema_line(rel, "criteria"),
           f"group: {v.group}",
           f"year: {v.year}",
           f"title: {t(f'Bộ tiêu chí Chỉ số CCHC {group_name} năm {v.year}')}",
           f"title_en: {t(f'PAR Index criteria, {v.group}, {v.year}')}",
           "decision:",
           f"  number: {t(f'{(v.year * 7) % 4000 + 100}/QĐ-UBND')}",
           f"  date: {v.year - 1}-12-20",
           f"  issuer: {t('UBND tỉnh Tổng Hợp')}",
           f"total: {pts(total_q)}",
           "parts:",
           f"  appraised: {pts(v.appraised_q)}",
           f"  survey: {pts(v.survey_q)}",
           "rounding: {decimals: 2, points_decimals: 2, mode: half_up}",
           f"appraised_by: {agency}",
           "bands:"]
    out += [f"  - {{id: {b}, name: {tf(n)}, name_en: {tf(e)}, min: {m}}}" for b, n, e, m in BANDS]
    out.append("fields:")
    for f in v.fields:
        out += _node_lines(f, 0)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- score files

def _evidence(unit: UnitRow, year: int, leaf: Node) -> str:
    """The evidence a self-assessment lists for a judged criterion done (what `parportal check` asks
    for before submission: rule scores.evidence); no draw, so the other values stay as they were."""
    number = sum(map(ord, f"{unit.id}/{leaf.id}")) % 900 + 100
    return (f"    evidence:\n      - number: {t(f'{number}/KH-{unit.id[:6].upper()}')}\n"
            f"        date: {year}-03-15\n        title: {t(f'{leaf.evidence} năm {year}')}")


def score_text(rng: random.Random, unit: UnitRow, year: int, leaves: list[Node], final: bool, skill: float) -> str:
    rel = f"scores/{year}/{unit.group}/{unit.id}.yaml"
    rand = rng.random
    out = [schema_line(rel, "scores"), f"unit: {unit.id}", f"year: {year}", f"group: {unit.group}",
           f"stage: {'final' if final else 'self'}", f"submitted: {year}-10-{1 + int(rand() * 28):02d}"]
    if final:
        out.append(f"appraisal: {t(f'Báo cáo thẩm định số {int(rand() * 900) + 10}/BC-SNV ngày 20/11/{year}')}")
    out.append("scores:")
    append = out.append
    for leaf in leaves:
        kind = leaf.kind
        key = f'  "{leaf.id}":'
        if not final:
            r = rand()
            status = "done" if r < 0.5 else "in_progress" if r < 0.75 else "not_due" if r < 0.9 else "failed"
            if kind == "survey":
                continue
            if status == "not_due" or (status == "in_progress" and rand() < 0.5):
                append(f"{key} {{status: {status}}}")
                continue
        else:
            status = "done"
        if kind == "manual":
            step = leaf.manual_step_q() or 1
            n_steps = leaf.max_q // step
            k = min(n_steps, max(0, round(n_steps * (skill + 0.25 * (rand() - 0.5)))))
            if final and k == 0:
                status = "failed"
            if final and rand() < 0.04 and n_steps > 0:
                k2 = k - 1 if k > 0 else k + 1
                append(f"{key}\n    status: {status}\n    self: {pts(k * step)}\n    appraised: {pts(k2 * step)}\n"
                       f"    reason: {t(REASONS[int(rand() * len(REASONS))])}")
            elif final and rand() < 0.05:
                append(f"{key}\n    status: {status}\n    self: {pts(k * step)}\n    evidence:\n"
                       f"      - number: {t(f'{int(rand() * 300) + 1}/KH-{unit.id[:6].upper()}')}\n"
                       f"        date: {year}-0{1 + int(rand() * 9)}-15\n"
                       f"        title: {t(f'{EVIDENCE[0]} năm {year}')}")
            elif not final and status == "done" and leaf.evidence:
                append(f"{key}\n    status: done\n    self: {pts(k * step)}\n" + _evidence(unit, year, leaf))
            else:
                append(f"{key} {{status: {status}, self: {pts(k * step)}}}")
        elif kind == "binary":
            ok = rand() < skill
            if final and rand() < 0.03:
                append(f"{key}\n    status: {'done' if ok else 'failed'}\n    self: {'true' if ok else 'false'}\n"
                       f"    appraised: {'false' if ok else 'true'}\n    reason: {t(REASONS[int(rand() * len(REASONS))])}")
            elif not final and ok and leaf.evidence:
                append(f"{key}\n    status: done\n    self: true\n" + _evidence(unit, year, leaf))
            else:
                append(f"{key} {{status: {'done' if ok else 'failed'}, self: {'true' if ok else 'false'}}}")
        elif kind in ("tiers", "proportional"):
            if leaf.may_na and rand() < 0.05:
                append(f"{key} {{status: not_applicable}}")
                continue
            figures, num, den, parts = (TIERS_FIGURES if kind == "tiers" else PROPORTIONAL_FIGURES)[leaf.variant % 2]
            whole = 20 + int(rand() * 2000)
            good = min(whole, int(whole * min(1.0, skill + 0.2 * rand())))
            values = {den: whole, num: good}
            if len(parts) > 1:
                values[parts[1]] = int(rand() * (whole - good + 1))
            text = ", ".join(f"{k}: {values[k]}" for k in figures)
            if final and rand() < 0.03 and good > 0:
                values[num] = good - 1
                changed = ", ".join(f"{k}: {values[k]}" for k in figures)
                append(f"{key}\n    status: {status}\n    reason: {t(REASONS[2])}\n    figures: {{{text}}}\n"
                       f"    appraised_figures: {{{changed}}}")
            else:
                append(f"{key} {{status: {status}, figures: {{{text}}}}}")
        elif kind == "survey":
            value = min(1000, max(0, int(1000 * (skill + 0.1 * (rand() - 0.5)))))
            append(f"{key} {{result: {tenths(value)}}}")
        else:  # deduction
            if rand() < 0.15:
                append(f"{key} {{status: done, self: {pts(-2 * (1 + int(rand() * 2)))}, note: {tf(NOTES[int(rand() * 2)])}}}")
            else:
                append(f"{key} {{status: done, self: 0}}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main

def content_files(n_units: int, years: list[int]) -> dict[str, str]:
    """The hand-written pages of a synthetic portal: an About page and one announcement."""
    last_final = years[-2] if len(years) > 1 else years[-1]
    return {
        "gioi-thieu.md": (
            "# Giới thiệu <span class=\"pp-en\" lang=\"en\">About</span>\n\n"
            f"*Dữ liệu tổng hợp để đo hiệu năng: {n_units} đơn vị, các năm {years[0]}–{years[-1]}.*\n\n"
            "<p class=\"pp-en\" lang=\"en\">Synthetic data for benchmarks (benchmarks/synth.py).</p>\n"),
        f"thong-bao/{last_final}-11-15-cong-bo-chi-so-{last_final}.md": (
            f"---\ntitle: Công bố Chỉ số CCHC năm {last_final}\ndate: {last_final}-11-15\n"
            f"summary: Kết quả năm {last_final} của các nhóm đơn vị (dữ liệu tổng hợp).\n---\n\n"
            f"# Công bố Chỉ số CCHC năm {last_final}\n\n*Dữ liệu tổng hợp.*\n\n"
            "Bảng xếp hạng từng nhóm có ở trang [Xếp hạng](../xep-hang/index.md).\n"),
    }


def generate(out: Path, n_units: int, n_criteria: int, n_years: int, seed: int, first_year: int = 2021) -> dict:
    """Write the dataset under `out` (replacing criteria/, scores/ and content/ there); return counts."""
    if n_years < 1:
        raise SystemExit("--years must be at least 1")
    rng = random.Random(seed)
    for sub in ("criteria", "scores", "content"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "scores").mkdir(parents=True, exist_ok=True)
    years = list(range(first_year, first_year + n_years))
    for rel, text in content_files(n_units, years).items():
        (out / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / "content" / rel).write_text(text, encoding="utf-8")
    groups, units = make_units(rng, n_units, first_year)
    (out / "scores" / "units.yaml").write_text(
        canonical(registry_text(groups, units, first_year), "scores/units.yaml"), encoding="utf-8")
    dept_ids = [u.id for u in units if u.group == "so-nganh"]
    agency, others = dept_ids[0], dept_ids[1:3]

    versions: dict[str, list[Version]] = {}
    files = 1
    for gid, gname, _ in groups:
        fields, survey_q, appraised_q = base_tree(rng, gid, n_criteria, [agency, *others])
        vs = [Version(gid, first_year, fields, survey_q, appraised_q)]
        for vy in range(first_year + 2, years[-1] + 1, 2):
            vs.append(Version(gid, vy, next_version(rng, vs[-1].fields, vy), survey_q, appraised_q))
        versions[gid] = vs
        (out / "criteria" / gid).mkdir(parents=True, exist_ok=True)
        for v in vs:
            (out / "criteria" / gid / f"{v.year}.yaml").write_text(
                canonical(criteria_text(v, gname, agency), f"criteria/{gid}/{v.year}.yaml"), encoding="utf-8")
            files += 1

    leaves_of = {(gid, v.year): v.leaves() for gid, vs in versions.items() for v in vs}
    by_group = {gid: sorted((u for u in units if u.group == gid), key=lambda u: u.id) for gid, _, _ in groups}
    for y_i, year in enumerate(years):
        final = year != years[-1]
        for gid in sorted(by_group):
            set_year = max(v.year for v in versions[gid] if v.year <= year)
            leaves = leaves_of[(gid, set_year)]
            folder = out / "scores" / str(year) / gid
            folder.mkdir(parents=True, exist_ok=True)
            for unit in by_group[gid]:
                skill = min(0.99, unit.ability + 0.015 * y_i + 0.04 * (rng.random() - 0.5))
                (folder / f"{unit.id}.yaml").write_text(
                    score_text(rng, unit, year, leaves, final, skill), encoding="utf-8")
                files += 1
    return {"units": len(units), "groups": len(groups), "criteria_sets": sum(len(v) for v in versions.values()),
            "leaf_criteria": n_criteria, "years": n_years, "score_files": len(units) * len(years), "files": files}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output data root (criteria/ and scores/ are replaced)")
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--criteria", type=int, default=120, help="leaf criteria per criteria set")
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first-year", type=int, default=2021)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    counts = generate(args.out, args.units, args.criteria, args.years, args.seed, args.first_year)
    print(f"{counts['files']} files ({counts['score_files']} score files, {counts['criteria_sets']} criteria sets, "
          f"{counts['units']} units in {counts['groups']} groups) in {time.perf_counter() - start:.1f} s → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
