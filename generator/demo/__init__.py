"""The demonstration province: a deterministic script that writes `scores/units.yaml`,
`criteria/<group>/<year>.yaml`, `scores/<year>/<group>/<unit>.yaml` and the districts' boundary
file `content/ban-do/huyen.geojson`.

    python -m generator.demo [--root DIR]      (or: make demo)

"Tỉnh Minh Họa" is fictional and marked `demo: true`, so every page says it is demonstration
data; so are its districts' boundaries (`content/ban-do/huyen.geojson`, generator/demo/boundaries.py). It has 20 departments and boards (two evaluated but not ranked, one renamed, one created
in 2023) and 10 districts, each group on its own criteria set, revised in 2023 as seed 003
describes (generator/demo/criteria.py). 2022 and 2023 are final (self-assessment, appraisal
changes with reasons, survey); 2024 is still in progress (statuses, no survey yet).

Every value comes from `random.Random` seeded with the unit and year, so the output is the
same on every machine and does not depend on the order units are written in. Files are
written through the canonical formatter, so they are exactly what `parportal fix` keeps.

Apart from the product code: imports `core`, `load` (the folders of agency files) and `validate` (the canonical writer), and nothing
imports it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from generator.core import paths
from generator.demo.boundaries import boundary_file
from generator.demo.criteria import CONCEPTS, VERSIONS, Concept, build_criteria, leaf_concepts
from generator.load.model import APPRAISAL_FOLDER, ROUND_FILE, SURVEY_FOLDER
from generator.validate.rules.file_schema_line import schema_line

SEED = "parportal-demo-1"
YEARS = (2022, 2023, 2024)
OPEN_YEAR = 2024
PROVINCE = {"name": "Tỉnh Minh Họa", "name_en": "Demonstration Province", "demo": True,
            "repository": "https://github.com/parportal/parportal",
            "issues_url": "https://github.com/parportal/parportal/issues/new?template=report-figure.yml"}
ISSUER = "UBND tỉnh Minh Họa"
GROUPS = [
    {"id": "so-nganh", "name": "Sở, ban, ngành", "name_en": "Provincial departments and boards", "first_year": 2020},
    {"id": "huyen", "name": "UBND huyện, thị xã, thành phố", "name_en": "District-level people's committees",
     "first_year": 2020, "last_year": 2024},
]


@dataclass(frozen=True)
class DemoUnit:
    id: str
    name: str
    name_en: str
    group: str
    abbr: str                 # sign of its documents: 45/KH-SNV
    quality: float            # 0..1, how well it does (drawn once, fixed here for readability)
    size: int                 # dossiers a year, for rate figures
    first_year: int = 2020
    ranked: bool = True
    reason: str | None = None
    former: tuple[tuple[str, str, int], ...] = ()   # (name, name_en, until)
    split_from: tuple[str, ...] = ()  # ids of the units it was split from
    investment: bool = False  # manages public investment capital


NOT_RANKED = ("Đánh giá nhưng không xếp hạng chung với các cơ quan chuyên môn khác "
              "(Quyết định số 3507/QĐ-UBND ngày 21/9/2023).")
UNITS = [
    DemoUnit("so-noi-vu", "Sở Nội vụ", "Department of Home Affairs", "so-nganh", "SNV", .93, 2400),
    DemoUnit("so-tu-phap", "Sở Tư pháp", "Department of Justice", "so-nganh", "STP", .91, 9800),
    DemoUnit("so-ke-hoach-dau-tu", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", "so-nganh",
             "SKHĐT", .92, 7600, investment=True),
    DemoUnit("so-tai-chinh", "Sở Tài chính", "Department of Finance", "so-nganh", "STC", .90, 1900),
    DemoUnit("so-cong-thuong", "Sở Công Thương", "Department of Industry and Trade", "so-nganh", "SCT", .86, 5200),
    DemoUnit("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn",
             "Department of Agriculture and Rural Development", "so-nganh", "SNN", .84, 3100, investment=True),
    DemoUnit("so-giao-thong-van-tai", "Sở Giao thông vận tải", "Department of Transport", "so-nganh", "SGTVT", .85,
             21000, investment=True),
    DemoUnit("so-xay-dung", "Sở Xây dựng", "Department of Construction", "so-nganh", "SXD", .87, 2700,
             investment=True),
    DemoUnit("so-tai-nguyen-moi-truong", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and "
             "Environment", "so-nganh", "STNMT", .80, 14500),
    DemoUnit("so-thong-tin-truyen-thong", "Sở Thông tin và Truyền thông", "Department of Information and "
             "Communications", "so-nganh", "STTTT", .89, 900,
             former=(("Sở Văn hóa - Thông tin - Thể thao và Du lịch",
                      "Department of Culture, Information, Sports and Tourism", 2022),)),
    DemoUnit("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch",
             "Department of Culture, Sports and Tourism", "so-nganh", "SVHTTDL", .83, 1300, first_year=2023,
             split_from=("so-thong-tin-truyen-thong",)),
    DemoUnit("so-lao-dong", "Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social "
             "Affairs", "so-nganh", "SLĐTBXH", .85, 6800),
    DemoUnit("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", "Department of Science and Technology",
             "so-nganh", "SKHCN", .88, 600),
    DemoUnit("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "so-nganh",
             "SGDĐT", .86, 4100, investment=True),
    DemoUnit("so-y-te", "Sở Y tế", "Department of Health", "so-nganh", "SYT", .82, 8700, investment=True),
    DemoUnit("so-ngoai-vu", "Sở Ngoại vụ", "Department of Foreign Affairs", "so-nganh", "SNgV", .87, 450),
    DemoUnit("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee",
             "so-nganh", "VP", .92, 1200),
    DemoUnit("ban-quan-ly-kcn", "Ban Quản lý các khu công nghiệp", "Industrial Zones Authority", "so-nganh",
             "BQLKCN", .84, 1600, investment=True),
    DemoUnit("ban-dan-toc", "Ban Dân tộc", "Ethnic Minorities Board", "so-nganh", "BDT", .86, 150, ranked=False,
             reason=NOT_RANKED),
    DemoUnit("thanh-tra-tinh", "Thanh tra tỉnh", "Provincial Inspectorate", "so-nganh", "TTr", .88, 300,
             ranked=False, reason=NOT_RANKED),
    DemoUnit("tp-minh-chau", "Thành phố Minh Châu", "Minh Chau City", "huyen", "UBND", .91, 38000, investment=True),
    DemoUnit("tx-binh-son", "Thị xã Bình Sơn", "Binh Son Town", "huyen", "UBND", .88, 21000, investment=True),
    DemoUnit("huyen-an-phu", "Huyện An Phú", "An Phu District", "huyen", "UBND", .86, 15500, investment=True),
    DemoUnit("huyen-dong-loc", "Huyện Đông Lộc", "Dong Loc District", "huyen", "UBND", .84, 12800, investment=True),
    DemoUnit("huyen-phuoc-lam", "Huyện Phước Lâm", "Phuoc Lam District", "huyen", "UBND", .87, 11900,
             investment=True),
    DemoUnit("huyen-son-my", "Huyện Sơn Mỹ", "Son My District", "huyen", "UBND", .81, 9400, investment=True),
    DemoUnit("huyen-tan-hoa", "Huyện Tân Hòa", "Tan Hoa District", "huyen", "UBND", .85, 14200, investment=True),
    DemoUnit("huyen-thach-binh", "Huyện Thạch Bình", "Thach Binh District", "huyen", "UBND", .83, 8800,
             investment=True),
    DemoUnit("huyen-ngoc-lam", "Huyện Ngọc Lâm", "Ngoc Lam District", "huyen", "UBND", .79, 7600, investment=True),
    DemoUnit("huyen-yen-hoa", "Huyện Yên Hòa", "Yen Hoa District", "huyen", "UBND", .85, 10300, investment=True),
]

DECISIONS = {
    2022: {"number": "2854/QĐ-UBND", "date": "2021-12-20", "issuer": ISSUER,
           "title": "Quyết định ban hành Bộ chỉ số đánh giá, xếp hạng kết quả cải cách hành chính năm 2022"},
    2023: {"number": "3507/QĐ-UBND", "date": "2023-09-21", "issuer": ISSUER,
           "title": "Quyết định ban hành Bộ chỉ số đánh giá, xếp hạng kết quả cải cách hành chính "
                    "giai đoạn 2023 - 2025"},
}
TITLES = {
    "so-nganh": ("Bộ chỉ số cải cách hành chính các sở, ban, ngành",
                 "PAR Index criteria for provincial departments and boards"),
    "huyen": ("Bộ chỉ số cải cách hành chính UBND huyện, thị xã, thành phố",
              "PAR Index criteria for district-level people's committees"),
}
BANDS = {
    "so-nganh": [("xuat-sac", "Xuất sắc", "Excellent", 90), ("tot", "Tốt", "Good", 80), ("kha", "Khá", "Fair", 70),
                 ("trung-binh", "Trung bình", "Average", 50), ("yeu", "Yếu", "Weak", 0)],
    # Districts have lower thresholds, as some provinces set them (DOMAIN.md).
    "huyen": [("xuat-sac", "Xuất sắc", "Excellent", 85), ("tot", "Tốt", "Good", 75), ("kha", "Khá", "Fair", 65),
              ("trung-binh", "Trung bình", "Average", 50), ("yeu", "Yếu", "Weak", 0)],
}
COUNCIL = {"so-nganh": "hoi-dong-so-nganh", "huyen": "hoi-dong-huyen"}
COUNCIL_NAMES = {"so-nganh": ("Hội đồng thẩm định Chỉ số CCHC các sở, ban, ngành",
                              "PAR Index appraisal council for departments and boards"),
                 "huyen": ("Hội đồng thẩm định Chỉ số CCHC cấp huyện", "PAR Index appraisal council for districts")}
SURVEY_AGENCY = "trung-tam-khao-sat"
SURVEY_NAMES = ("Trung tâm Nghiên cứu và Khảo sát xã hội tỉnh Minh Họa",
                "Provincial Centre for Social Research and Surveys")
# The documents of each year's appraisal: the council's report (number, date), the departments'
# reports on their own criteria, and the survey organiser's report.
COUNCIL_DOCS = {2022: ("18/BC-HĐTĐ", "2023-02-06"), 2023: ("212/BC-HĐTĐ", "2023-11-08")}
SURVEY_DOCS = {2022: ("09/BC-TTKS", "2023-01-16"), 2023: ("41/BC-TTKS", "2023-10-20")}
# Explanations of 2023 (unit, group's council): the council's first lowered values of each group
# are explained; the first of so-nganh is accepted, the second rejected, the first of huyen accepted.
EXPLAINED = {"so-nganh": (True, False), "huyen": (True,)}
EXPLANATION_TEXT = ("Đơn vị đã bổ sung văn bản ban hành đúng thời hạn, được gửi kèm giải trình; đề nghị Hội đồng "
                    "xem xét giữ nguyên điểm tự đánh giá.")
# Each year's round (scores/<year>/ky-danh-gia.yaml): deadlines, and for the final years the decision
# that announced the results and the council's report. 2023 has one late submission (LATE); the
# open year stands at its review (as_of), its self-assessment deadline passed, the others ahead.
ROUNDS = {
    2022: {"deadlines": {"self_assessment": "2022-12-26", "appraisal": "2023-01-31", "explanation": "2023-02-03",
                         "publication": "2023-02-28"},
           "decision": ("398/QĐ-UBND", "2023-02-17")},
    2023: {"deadlines": {"self_assessment": "2023-10-25", "appraisal": "2023-10-31", "explanation": "2023-11-03",
                         "publication": "2023-11-15"},
           "decision": ("2815/QĐ-UBND", "2023-11-10")},
    2024: {"deadlines": {"self_assessment": "2024-09-25", "appraisal": "2024-10-31", "explanation": "2024-11-08",
                         "publication": "2024-11-30"}, "as_of": "2024-09-30"},
}
LATE = ("so-y-te", 2023, "2023-10-28")
# Years before the first criterion-level year, known only from their decisions (results as published):
# the annex prints each unit's appraised and survey parts, its index (their sum), rank and band.
PUBLISHED_YEARS = {2020: ("2987/QĐ-UBND", "2021-02-26"), 2021: ("412/QĐ-UBND", "2022-02-25")}
PUBLISHED_COLUMNS = (("tham-dinh", "Điểm thẩm định", "Appraised part"), ("dieu-tra", "Điều tra xã hội học", "Survey part"))
# The annex of one decision recorded as printed (`announced:` in the round file): the province added
# the parts of the index (appraised, survey) each rounded first, and printed one unit with three
# decimals. Against the portal's recomputation it differs once, by that rounding (compute/reconcile.py).
ANNOUNCED = (2023, "huyen", {"tx-binh-son": 3})
SIGNER = "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Trần Văn Minh"
REJECTED_REASON = "Văn bản bổ sung được ban hành sau thời điểm chốt số liệu nên không được tính."
APPRAISAL_DOCS = {2022: ("Báo cáo thẩm định số 18/BC-HĐTĐ ngày 06/02/2023 của Hội đồng thẩm định", "2023-01-10"),
                  2023: ("Báo cáo thẩm định số 212/BC-HĐTĐ ngày 08/11/2023 của Hội đồng thẩm định", "2023-10-05")}
REASONS_LOWER = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện.",
    "Văn bản ban hành chậm so với thời hạn quy định.",
    "Chưa có báo cáo đánh giá kết quả thực hiện theo yêu cầu.",
    "Một số nhiệm vụ trong kế hoạch chưa hoàn thành đến thời điểm thẩm định.",
    "Tài liệu kiểm chứng là bản dự thảo, chưa được ký ban hành.",
]
REASON_HIGHER = "Đơn vị bổ sung tài liệu kiểm chứng trong thời gian giải trình; Hội đồng chấm lại."
REASON_FIGURES = "Số liệu đối chiếu theo Hệ thống thông tin giải quyết TTHC của tỉnh tại thời điểm chốt số liệu."
REASON_BINARY = "Thực hiện sau thời hạn quy định nên không đạt."
REASON_DEDUCTION = "Đơn vị có 01 công chức bị kỷ luật khiển trách trong năm (theo báo cáo của Sở Nội vụ)."
DEDUCTION_NOTE = "Bị UBND tỉnh phê bình do chậm thực hiện chế độ báo cáo."
NOTES = ["Đơn vị đã tổ chức họp đánh giá nội bộ trước khi tự chấm.",
         "Số liệu chốt đến ngày 15/12.",
         "Đơn vị đã khắc phục tồn tại sau kiểm tra."]
STEP = Decimal("0.25")
DOC_KINDS = (("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Quyết định", "QĐ"), ("Thông báo", "TB"), ("Quy chế", "QC"),
             ("Văn bản", "CV"), ("Biên bản", "BB"), ("Kết quả", "BC"), ("Chương trình", "CTr"))
MAPPED_GROUP = "huyen"  # places: the districts have a (fictional) boundary file; departments have none
# Two districts whose 2022 files draw the same values, so the demo shows a shared rank (1, 2, 2, 4).
TWINS = {("huyen-yen-hoa", 2022): "huyen-tan-hoa"}


# --------------------------------------------------------------------------- YAML text

class Printed(Decimal):
    """A figure written with the decimals it was printed with (an annex's 80.50), not normalised."""


def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is Printed:
        return format(value, "f")
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)   # JSON strings are YAML; canonical form unquotes


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def emit(value: Any, indent: int = 0) -> list[str]:
    """Block YAML lines for dicts and lists; small all-scalar maps in flow style."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            shown = scalar(key) if key[0].isdigit() else key
            if isinstance(item, dict) and item and getattr(item, "flow", False):
                lines.append(f"{pad}{shown}: {flow(item)}")
            elif isinstance(item, list) and not any(isinstance(v, (dict, list)) for v in item):
                lines.append(f"{pad}{shown}: {flow(item)}")
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{shown}:")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}{shown}: {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and getattr(item, "flow", False):
                lines.append(f"{pad}- {flow(item)}")
            elif isinstance(item, dict):
                sub = emit(item, indent + 2)
                lines.append(f"{pad}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


class Flow(dict):
    """A mapping written on one line: {status: done, self: 2}."""

    flow = True


def write_file(root: Path, rel: str, kind: str, data: dict[str, Any], comment: str | None = None) -> None:
    head = [schema_line(rel, kind)] + ([f"# {comment}"] if comment else [])
    text = "\n".join(head + emit(data)) + "\n"
    try:
        from generator.validate.canonical import fix_text
        text = fix_text(text.encode("utf-8"), rel)
    except ImportError:  # pragma: no cover - the formatter is part of the package
        pass
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- registry and sets

def registry() -> dict[str, Any]:
    units = []
    for u in UNITS:
        item: dict[str, Any] = {"id": u.id, "name": u.name, "name_en": u.name_en, "group": u.group}
        if not u.ranked:
            item["ranked"] = False
            item["unranked_reason"] = u.reason
        item["first_year"] = u.first_year
        if u.group == "huyen":
            item["last_year"] = 2024
        if u.former:
            item["former_names"] = [{"name": n, "name_en": e, "until": y} for n, e, y in u.former]
        if u.split_from:
            item["split_from"] = list(u.split_from)
        units.append(item)
    return {"province": dict(PROVINCE), "groups": GROUPS, "agencies": agencies(), "units": units}


def agencies() -> list[dict[str, Any]]:
    """The council of each group, the departments that appraise their own criteria (they are
    ranked units too), and the survey organiser."""
    out: list[dict[str, Any]] = [
        {"id": COUNCIL[g["id"]], "name": COUNCIL_NAMES[g["id"]][0], "name_en": COUNCIL_NAMES[g["id"]][1],
         "role": "council", "groups": [g["id"]]} for g in GROUPS]
    by_id = {u.id: u for u in UNITS}
    for uid in sorted(department_agencies()):
        out.append({"id": uid, "name": by_id[uid].name, "name_en": by_id[uid].name_en, "role": "department",
                    "unit": uid})
    out.append({"id": SURVEY_AGENCY, "name": SURVEY_NAMES[0], "name_en": SURVEY_NAMES[1], "role": "survey"})
    return out


def department_agencies() -> set[str]:
    """The departments that some criteria set of the demo names in `appraised_by`."""
    return {c["appraised_by"] for group in CONCEPTS for version in VERSIONS
            for c in _walk(build_criteria(group, version)) if c.get("appraised_by")}


def _rule_flow(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Short rules and bands on one line, as people write them."""
    for item in tree:
        rule = item.get("rule")
        if rule is not None:
            if rule["type"] in ("tiers", "proportional"):
                rule["rate"] = Flow(rule["rate"])
                rule["checks"] = [Flow(c) for c in rule["checks"]] if rule["checks"] else None
                if rule["checks"] is None:
                    del rule["checks"]
                if "tiers" in rule:
                    rule["tiers"] = [Flow(t) for t in rule["tiers"]]
            else:
                item["rule"] = Flow(rule)
        if "criteria" in item:
            _rule_flow(item["criteria"])
    return tree


# The criteria set that names its parts (`parts:` as a list) rather than {appraised, survey}, as
# national and some provincial methodologies do: a score part (the appraised fields) and an impact
# part made of one sub-part per survey criterion of the last field: (id, name, name_en) of each.
NAMED_PARTS = ("huyen", 2023)
SCORE_PART = ("diem-tham-dinh", "Điểm thẩm định", "Appraisal score")
IMPACT_PART = ("tac-dong", "Tác động của cải cách hành chính", "Impact of administrative reform")
IMPACT_SUBPARTS = (("hai-long", "Hài lòng của người dân và tổ chức", "Satisfaction of citizens and organisations"),
                   ("doanh-nghiep", "Đánh giá của doanh nghiệp", "Businesses' assessment"),
                   ("khao-sat-lanh-dao", "Khảo sát lãnh đạo và công chức", "Survey of leaders and officials"))


def _part(ids: tuple[str, str, str], maximum: Decimal, **rest) -> dict[str, Any]:
    pid, name, name_en = ids
    return {"id": pid, "name": name, "name_en": name_en, "max": maximum, **rest}


def named_parts(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`parts:` as a list: the fields before the last (the survey) make the score part; the last
    field's criteria, one sub-part each, make the impact part."""
    scored, survey = fields[:-1], fields[-1]
    subs = [_part(names, c["max"], criteria=[c["id"]]) for names, c in zip(IMPACT_SUBPARTS, survey["criteria"],
                                                                          strict=True)]
    return [_part(SCORE_PART, sum(f["max"] for f in scored), criteria=[f["id"] for f in scored]),
            _part(IMPACT_PART, survey["max"], parts=subs)]


def criteria_set(group: str, version: int) -> dict[str, Any]:
    fields = _rule_flow(build_criteria(group, version))
    survey = sum(f["max"] for f in fields if f["id"] == str(len(fields)))  # the last field is the survey
    total = sum(f["max"] for f in fields)
    title, title_en = TITLES[group]
    return {
        "group": group, "year": version, "title": f"{title} năm {version}" if version == 2022 else
        f"{title} giai đoạn 2023 - 2025", "title_en": title_en, "decision": DECISIONS[version],
        "total": total, "parts": named_parts(fields) if (group, version) == NAMED_PARTS else
        {"appraised": total - survey, "survey": survey},
        "rounding": {"decimals": 2, "points_decimals": 2, "mode": "half_up"},
        "ties": "shared", "step": STEP, "appraised_by": COUNCIL[group], "survey_missing": "rescale",
        "bands": [Flow({"id": i, "name": n, "name_en": e, "min": m}) for i, n, e, m in BANDS[group]],
        "fields": fields,
    }


# --------------------------------------------------------------------------- scores

def _quarters(value: float, maximum: Decimal, step: Decimal) -> Decimal:
    raw = Decimal(str(max(0.0, value))) * maximum
    snapped = (raw / step).to_integral_value(rounding=ROUND_FLOOR) * step
    return min(snapped, maximum)


class UnitYear:
    """Draws one unit's values for one year; all randomness from one seeded generator."""

    def __init__(self, unit: DemoUnit, year: int):
        self.u = unit
        self.year = year
        self.rng = random.Random(f"{SEED}/{TWINS.get((unit.id, year), unit.id)}/{year}")
        drift = {2022: 0.04, 2023: 0.06, 2024: 0.06}[year]
        self.q = min(0.985, max(0.55, unit.quality + drift + self.rng.gauss(0, 0.02)))
        self.doc_no = self.rng.randint(20, 90)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def share(self) -> float:
        return min(1.0, max(0.2, self.rng.gauss(self.q, 0.09)))

    def document(self, expected: str, rng: random.Random | None = None) -> dict[str, Any]:
        """A document as staff cite it: '45/KH-SNV', its date and title ('Kế hoạch CCHC năm 2023').
        With `rng`, drawn from it instead of the unit-year's generator (whose draws stay as they were)."""
        if rng is None:
            self.doc_no += self.rng.randint(3, 40)
            number, draw = self.doc_no, self.rng
        else:
            number, draw = rng.randint(100, 999), rng
        title = re.sub(r"\s*\(.*?\)", "", expected).split(" và ")[0]
        title = f"{title} {self.year}" if title.endswith(" năm") else f"{title} năm {self.year}"
        kind = next((k for word, k in DOC_KINDS if title.startswith(word)), "BC")
        month = draw.randint(1, 11)
        day = draw.randint(1, 28)
        return {"number": f"{number}/{kind}-{self.u.abbr}", "date": dt.date(self.year, month, day).isoformat(),
                "title": title}

    # -- rate figures ---------------------------------------------------------------
    def figures(self, concept: Concept, rule: dict[str, Any]) -> dict[str, int]:
        names = list(rule["figures"])
        if "on_time" in names and "resolved" in names:                      # dossiers
            scale = 1 if concept.key == "dung-han" else 3
            received = int(self.u.size * scale * self.rng.uniform(0.85, 1.15))
            pending = int(received * self.rng.uniform(0.005, 0.03))
            resolved = received - pending
            late_share = max(0.0, self.rng.gauss((1 - self.q) * 0.08, 0.01))
            late = 0 if self.chance(self.q * 0.45) else int(resolved * late_share)
            return {"received": received, "resolved": resolved, "on_time": resolved - late, "late": late,
                    "pending": pending}
        num, den = rule["rate"]["numerator"], rule["rate"]["denominator"]
        whole_range = {"planned": (12, 40), "assigned": (30, 160), "issued": (900, 6000), "staff": (40, 400),
                       "procedures": (40, 260), "received": (1500, 40000), "eligible": (200, 9000),
                       "officials": (150, 420), "allocated": (20000, 900000), "estimate": (80000, 1500000),
                       "target": (200, 3000)}
        low, high = whole_range.get(den, (50, 5000))
        whole = self.rng.randint(low, high)
        if den in ("estimate", "target"):               # can exceed the plan
            part = int(whole * self.rng.uniform(0.75, 1.25) * (0.8 + 0.25 * self.q))
        elif den in ("received",) and num == "online":
            part = int(whole * min(1.0, self.rng.gauss(self.q - 0.25, 0.12)))
        else:
            ratio = 1.0 if self.chance(self.q - 0.35) else min(1.0, max(0.3, self.rng.gauss(self.q, 0.07)))
            part = int(whole * ratio)
        out = {den: whole, num: max(0, part)}
        for extra in names:                             # e.g. tasks done late
            if extra not in out:
                out[extra] = self.rng.randint(0, max(0, whole - out[num]))
        return {k: out[k] for k in names}

    def lowered_figures(self, figs: dict[str, int], rule: dict[str, Any]) -> dict[str, int]:
        num = rule["rate"]["numerator"]
        moved = max(1, int(figs[num] * self.rng.uniform(0.01, 0.04)))
        out = dict(figs)
        out[num] -= moved
        if "late" in out:
            out["late"] += moved
        return out

    # -- one criterion -------------------------------------------------------------
    def entry(self, cid: str, concept: Concept, rule: dict[str, Any], maximum: Decimal, final: bool,
              required: bool = False) -> dict:
        kind = rule["type"]
        e: dict[str, Any] = {}
        if concept.may_be_not_applicable and self.not_applicable(concept):
            return Flow({"status": "not_applicable"})
        if kind == "survey":
            if final:
                e["result"] = Decimal(self.rng.randint(int(self.q * 8400), min(9900, int(self.q * 10400)))) / 100
            return Flow(e)
        status = "done"
        if not final:
            status = self.rng.choices(["done", "in_progress", "not_due", "failed"], [62, 24, 8, 6])[0]
            if status == "not_due":
                return Flow({"status": "not_due"})
        if kind == "manual":
            step = Decimal(str(rule.get("step", STEP)))
            value = _quarters(self.share(), maximum, step)
            if status == "in_progress":
                value = _quarters(0.5 * self.share(), maximum, step)
            if status == "failed":
                value = Decimal(0)
            e.update(status=status, self=value)
        elif kind == "binary":
            if status == "in_progress":
                e["status"] = status
            else:
                done = status == "done" and self.chance(self.q + 0.06)
                e.update(status="done" if done else "failed", self=done)
        elif kind == "deduction":
            value = Decimal("-0.5") if self.chance(0.12) else Decimal(0)
            e.update(status="done", self=value)
            if value:
                e["note"] = DEDUCTION_NOTE
        else:
            e.update(status=status, figures=Flow(self.figures(concept, rule)))
        if final:
            self.appraise(e, kind, rule, maximum)
        if kind not in ("survey", "deduction") and e.get("status") in ("done", "in_progress") and self.chance(0.45):
            e["evidence"] = [self.document(concept.evidence or concept.names[max(concept.names)])]
            if self.chance(0.2):
                e["evidence"][0]["url"] = (f"https://vanban.minhhoa.example/{self.year}/"
                                           f"{e['evidence'][0]['number'].split('/')[0]}")
        if e.get("status") == "done" and "evidence" not in e and (
                required or (not final and kind in ("manual", "binary") and concept.evidence)):
            # What `parportal check` asks for (rule scores.evidence): evidence the set requires, and
            # before submission, the documents of a criterion judged done. Drawn apart, so that every
            # other value of the demo stays as it was.
            own = random.Random(f"{SEED}/evidence/{self.u.id}/{self.year}/{cid}")
            e["evidence"] = [self.document(concept.evidence or concept.names[max(concept.names)], own)]
        if self.chance(0.04) and "note" not in e:
            e["note"] = self.rng.choice(NOTES)
        simple = all(k in ("status", "self") for k in e)
        return Flow(e) if simple else e

    def not_applicable(self, concept: Concept) -> bool:
        if concept.key == "giai-ngan":
            return not self.u.investment
        if concept.key == "thanh-toan":
            return self.u.size < 800 or self.chance(0.08)
        if concept.key == "xin-loi":
            return self.chance(0.3)
        return self.chance(0.3)

    def appraise(self, e: dict[str, Any], kind: str, rule: dict[str, Any], maximum: Decimal) -> None:
        """Sometimes the council changes the value, always with a reason."""
        if not self.chance(0.16 - 0.08 * (self.q - 0.8)):
            return
        if kind == "manual" and e["self"] > 0:
            step = Decimal(str(rule.get("step", STEP)))
            if self.chance(0.85):
                e["appraised"] = max(Decimal(0), e["self"] - step * self.rng.randint(1, 3))
                e["reason"] = self.rng.choice(REASONS_LOWER)
            elif e["self"] < maximum:
                e["appraised"] = e["self"] + step
                e["reason"] = REASON_HIGHER
        elif kind == "binary" and e.get("self") is True:
            e["appraised"] = False
            e["reason"] = REASON_BINARY
        elif kind == "deduction" and e["self"] == 0:
            e["appraised"] = Decimal(-1)
            e["reason"] = REASON_DEDUCTION
        elif kind in ("tiers", "proportional") and "figures" in e:
            lowered = self.lowered_figures(dict(e["figures"]), rule)
            if lowered != dict(e["figures"]):
                e["appraised_figures"] = Flow(lowered)
                e["reason"] = REASON_FIGURES

    # -- the file ------------------------------------------------------------------
    def score_file(self) -> dict[str, Any]:
        version = max(v for v in VERSIONS if v <= self.year)
        final = self.year != OPEN_YEAR
        leaves = leaf_concepts(self.u.group, version)
        cs = criteria_set(self.u.group, version)
        maxima = {c["id"]: c["max"] for c in _walk(cs["fields"])}
        rules = {c["id"]: c.get("rule") for c in _walk(cs["fields"])}
        scores = {}
        for cid, concept in leaves:
            entry = self.entry(cid, concept, dict(rules[cid]), maxima[cid], final, version in concept.evidence_required)
            if entry:
                scores[cid] = entry
        data: dict[str, Any] = {"unit": self.u.id, "year": self.year, "group": self.u.group,
                                "stage": "final" if final else "self"}
        month = {2022: 12, OPEN_YEAR: 9}.get(self.year, 10)  # the open year: before the September review
        data["submitted"] = dt.date(self.year, month, self.rng.randint(1, 25)).isoformat()
        if final:
            data["appraisal"] = APPRAISAL_DOCS[self.year][0]
        data["scores"] = scores
        return data


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("criteria", []))


# --------------------------------------------------------------------------- main

def active(unit: DemoUnit, year: int) -> bool:
    return unit.first_year <= year


def write_demo(root: Path) -> list[str]:
    """Write the whole demonstration dataset under `root`; return the files written."""
    for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR):
        shutil.rmtree(root / folder, ignore_errors=True)
    written = [paths.REGISTRY_FILE]
    write_file(root, paths.REGISTRY_FILE, "registry", registry(),
               "Dữ liệu minh họa, không phải kết quả thật / Demonstration data, not real results")
    for group in sorted(CONCEPTS):
        for version in VERSIONS:
            rel = f"{paths.CRITERIA_DIR}/{group}/{version}.yaml"
            write_file(root, rel, "criteria", criteria_set(group, version))
            written.append(rel)
    rel = f"{paths.BOUNDARIES_DIR}/{MAPPED_GROUP}.geojson"  # the districts' map (demo/boundaries.py)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(boundary_file([(u.id, u.name) for u in UNITS if u.group == MAPPED_GROUP]),
                            encoding="utf-8")
    written.append(rel)
    for year in YEARS:
        files: dict[tuple[str, str], dict[str, Any]] = {}   # (group, unit) -> score file data
        recorded: dict[tuple[str, str], dict[str, dict]] = {}  # (group, agency) -> unit -> criterion -> entry
        for unit in sorted(UNITS, key=lambda u: u.id):
            if not active(unit, year):
                continue
            data = UnitYear(unit, year).score_file()
            if year != OPEN_YEAR:
                _hand_over(data, recorded)
            files[(unit.group, unit.id)] = data
        if year == 2023:
            _explain(files, recorded)
        if LATE[1] == year:
            late = next(data for (group, uid), data in files.items() if uid == LATE[0])
            late["submitted"] = LATE[2]
        rel = f"{paths.SCORES_DIR}/{year}/{ROUND_FILE}"
        write_file(root, rel, "round", round_of(year), f"Kỳ đánh giá năm {year}: thời hạn và quyết định công bố")
        written.append(rel)
        for (group, uid), data in sorted(files.items()):
            unit = next(u for u in UNITS if u.id == uid)
            rel = f"{paths.SCORES_DIR}/{year}/{group}/{uid}.yaml"
            stage = "tự đánh giá, đang thực hiện" if year == OPEN_YEAR else "kết quả sau thẩm định"
            write_file(root, rel, "scores", data, f"{unit.name} — năm {year}, {stage}")
            written.append(rel)
        for (group, agency), units in sorted(recorded.items()):
            survey = agency == SURVEY_AGENCY
            folder = SURVEY_FOLDER if survey else APPRAISAL_FOLDER
            rel = f"{paths.SCORES_DIR}/{year}/{group}/{folder}/{agency}.yaml"
            write_file(root, rel, "agency", {"agency": agency, "year": year, "group": group,
                                             "document": _agency_document(agency, year), "units": units},
                       f"{_agency_name(agency)} — năm {year}, nhóm {group}")
            written.append(rel)
    year, group, _ = ANNOUNCED
    write_file(root, f"{paths.SCORES_DIR}/{year}/{ROUND_FILE}", "round", round_of(year, {group: announced_rows(root)}),
               f"Kỳ đánh giá năm {year}: thời hạn và quyết định công bố")
    for year in sorted(PUBLISHED_YEARS):
        rel = f"{paths.SCORES_DIR}/{year}/{ROUND_FILE}"
        write_file(root, rel, "round", published_round(year),
                   f"Năm {year}: chỉ có kết quả như quyết định công bố (không có tệp điểm)")
        written.append(rel)
    return written


def published_round(year: int) -> dict[str, Any]:
    """A year known only from its decision: per group, the decision and its annex as printed (each
    ranked unit's two parts, their sum as the index, rank and band), drawn from the unit's quality
    with a seeded generator."""
    number, date = PUBLISHED_YEARS[year]
    groups: dict[str, Any] = {}
    for group in GROUPS:
        gid = group["id"]
        parts = criteria_set(gid, VERSIONS[0])["parts"]
        rng = random.Random(f"published-{year}-{gid}")
        printed = []
        for unit in sorted((u for u in UNITS if u.group == gid and active(u, year) and u.ranked), key=lambda u: u.id):
            share = min(Decimal("0.98"), Decimal(str(unit.quality)) - Decimal(2022 - year) / 50
                        + Decimal(rng.randint(-40, 40)) / 1000)
            appraised = (Decimal(parts["appraised"]) * share).quantize(Decimal("0.01"))
            survey = (Decimal(parts["survey"]) * (share + Decimal(rng.randint(-30, 30)) / 1000)).quantize(Decimal("0.01"))
            printed.append((unit.id, appraised, survey, appraised + survey))
        order = sorted(printed, key=lambda p: (-p[3], p[0]))
        bands = criteria_set(gid, VERSIONS[0])["bands"]
        rows = []
        for rank, (uid, appraised, survey, index) in enumerate(order, 1):
            band = next(b["id"] for b in bands if index >= Decimal(str(b["min"])))
            rows.append(Flow({"unit": uid, "index": Printed(index), "rank": rank, "band": band,
                              "points": Printed(index), "max": 100,
                              "columns": Flow({"tham-dinh": Printed(appraised), "dieu-tra": Printed(survey)})}))
        groups[gid] = {
            "decision": {"number": number, "date": date, "issuer": ISSUER, "signer": SIGNER,
                         "title": f"Công bố Chỉ số cải cách hành chính năm {year} của các sở, ban, ngành và UBND các "
                                  f"huyện, thị xã, thành phố"},
            "columns": [Flow({"id": cid, "name": name, "name_en": name_en, "max": parts[key]})
                        for (cid, name, name_en), key in zip(PUBLISHED_COLUMNS, ("appraised", "survey"))],
            "announced": rows}
    return {"year": year, "groups": groups}


def announced_rows(root: Path) -> list[Flow]:
    """The `ANNOUNCED` annex, from the dataset just written: each ranked unit's index as the sum of
    its parts rounded first (to the unit's printed decimals), ranked on those figures, banded."""
    from fractions import Fraction

    from generator.compute import compute
    from generator.compute.points import band_of
    from generator.compute.rank import competition_ranks
    from generator.compute.rounding import round_fraction
    from generator.load import load
    year, group, decimals = ANNOUNCED
    ds = load(root).dataset
    res = compute(ds)
    cs = ds.set_for(group, year)
    ranking = next(r for r in res.rankings if (r.year, r.group) == (year, group))
    printed = []
    for e in ranking.entries:
        if e.rank is None:
            continue
        uy = res.unit_year(e.unit, year)
        places = decimals.get(e.unit, cs.rounding.decimals)
        parts = (Fraction(uy.appraised_points) * 100 / Fraction(uy.max),
                 Fraction(uy.survey_points) * 100 / Fraction(uy.max))
        printed.append((e.unit, sum(round_fraction(p, places, cs.rounding.mode) for p in parts)))
    ranks = competition_ranks(printed)
    return [Flow({"unit": unit, "index": Printed(index), "rank": ranks[unit], "band": band_of(cs, index)})
            for unit, index in sorted(printed, key=lambda item: (ranks[item[0]], item[0]))]


def round_of(year: int, announced: dict[str, list] | None = None) -> dict[str, Any]:
    """A year's round: the same deadlines for both groups; a decision and the council's report
    for each group of a final year; the decision's annex as printed for the groups in `announced`."""
    spec = ROUNDS[year]
    groups: dict[str, Any] = {}
    for group in GROUPS:
        item: dict[str, Any] = {"deadlines": Flow(spec["deadlines"])}
        if "decision" in spec:
            number, date = spec["decision"]
            item["decision"] = {"number": number, "date": date, "issuer": ISSUER, "signer": SIGNER,
                                "title": f"Công bố Chỉ số cải cách hành chính năm {year} của các sở, ban, ngành và "
                                         f"UBND các huyện, thị xã, thành phố"}
            report = COUNCIL_DOCS[year]
            item["council_report"] = {"number": report[0], "date": report[1],
                                      "title": f"Báo cáo kết quả thẩm định Chỉ số CCHC năm {year}"}
        if announced and group["id"] in announced:
            item["announced"] = announced[group["id"]]
        groups[group["id"]] = item
    out: dict[str, Any] = {"year": year}
    if "as_of" in spec:
        out["as_of"] = spec["as_of"]
    out["groups"] = groups
    return out


def _agency_name(agency: str) -> str:
    return next(a["name"] for a in agencies() if a["id"] == agency)


def _agency_document(agency: str, year: int) -> dict[str, Any]:
    """The appraisal document or survey report of an agency for a year."""
    if agency == SURVEY_AGENCY:
        number, date = SURVEY_DOCS[year]
        title = f"Báo cáo kết quả điều tra xã hội học năm {year}"
    elif agency in COUNCIL.values():
        number, date = COUNCIL_DOCS[year]
        title = f"Báo cáo thẩm định kết quả tự đánh giá Chỉ số CCHC năm {year}"
    else:
        unit = next(u for u in UNITS if u.id == agency)
        rng = random.Random(f"{SEED}/{agency}/{year}/document")
        number = f"{rng.randint(100, 400)}/BC-{unit.abbr}"
        date = dt.date(year + (year == 2022), 1 if year == 2022 else 10, rng.randint(5, 28)).isoformat()
        title = f"Báo cáo thẩm định các tiêu chí do {unit.name} đánh giá năm {year}"
    return {"number": number, "date": date, "title": title}


def _agencies_of(group: str, year: int) -> dict[str, str]:
    """Criterion id -> the agency that records it (survey criteria: the survey organiser)."""
    version = max(v for v in VERSIONS if v <= year)
    out = {}
    for c in _walk(build_criteria(group, version)):
        if "criteria" in c:
            continue
        out[c["id"]] = SURVEY_AGENCY if c["rule"]["type"] == "survey" else c.get("appraised_by", COUNCIL[group])
    return out


def _hand_over(data: dict[str, Any], recorded: dict) -> None:
    """Move the appraisal and the survey out of a unit's final file into the agencies' files: the
    agency records every criterion assigned to it for every unit, a value equal to the
    self-assessment confirming it; the unit's file keeps its self-assessment."""
    group, uid = data["group"], data["unit"]
    data.pop("appraisal", None)  # the document is the agency's own now
    owners = _agencies_of(group, data["year"])
    for cid in list(data["scores"]):
        e = data["scores"][cid]
        agency = owners[cid]
        if e.get("status") == "not_applicable":
            continue
        if agency == SURVEY_AGENCY:
            if "result" in e:
                recorded.setdefault((group, agency), {}).setdefault(uid, {})[cid] = Flow({"result": e.pop("result")})
            if not e:
                del data["scores"][cid]
            continue
        out: dict[str, Any] = {}
        if "figures" in e:
            out["appraised_figures"] = Flow(dict(e.pop("appraised_figures", e["figures"])))
        elif "self" in e:
            out["appraised"] = e.pop("appraised", e["self"])
        else:
            continue
        if "reason" in e:
            out["reason"] = e.pop("reason")
        kept = {k: v for k, v in e.items()}
        data["scores"][cid] = Flow(kept) if all(k in ("status", "self") for k in kept) else kept
        recorded.setdefault((group, agency), {}).setdefault(uid, {})[cid] = Flow(out) if "reason" not in out else out


def _explain(files: dict, recorded: dict) -> None:
    """2023: units explain some of the council's lowered values; the council responds (`EXPLAINED`)."""
    for group, verdicts in EXPLAINED.items():
        council = recorded.get((group, COUNCIL[group]), {})
        changed = [(uid, cid) for uid in sorted(council) for cid in council[uid]
                   if council[uid][cid].get("reason") in REASONS_LOWER and "appraised" in council[uid][cid]]
        for (uid, cid), accepted in zip(changed, verdicts):
            data = files[(group, uid)]
            data.setdefault("explanations", {})[cid] = {
                "date": "2023-11-02", "text": EXPLANATION_TEXT,
                "evidence": [{"number": f"{(sum(map(ord, uid + cid)) % 80) + 10}/CV-GT", "date": "2023-11-01",
                              "title": "Công văn giải trình kết quả thẩm định sơ bộ"}]}
            response: dict[str, Any] = {"date": "2023-11-06", "accepted": accepted}
            if not accepted:
                response["reason"] = REJECTED_REASON
            entry = dict(council[uid][cid])
            entry["response"] = Flow(response) if accepted else response
            council[uid][cid] = entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh dữ liệu minh họa / Write the demonstration dataset.")
    parser.add_argument("--root", type=Path, default=paths.ROOT, help="Thư mục đích / Target folder.")
    args = parser.parse_args(argv)
    files = write_demo(args.root)
    print(f"{len(files)} tệp đã ghi vào {args.root} / files written.")
    return 0

