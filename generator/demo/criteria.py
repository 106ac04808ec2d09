"""The demonstration province's criteria sets, written once as concepts that live across versions.

Each concept says in which set versions it exists, its name and maximum in each, and its rule;
`build_set` numbers the criteria of one version in order and fills `replaces` from the concept's
id in the previous version. Between the 2022 and 2023 versions the changes follow seed 003:
six criteria removed, six renamed, three added, and a few maxima and rules revised (public
investment disbursement becomes a tiered rate, seed 000).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

VERSIONS = (2022, 2023)


@dataclass(frozen=True)
class Concept:
    """A criterion (or field, at depth 0) as it lives across versions."""

    key: str
    names: dict[int, str]                     # version -> Vietnamese name (missing version: absent)
    name_en: str | None = None
    max: dict[int, Decimal] = field(default_factory=dict)   # leaves only; version -> max
    rule: dict[int, dict[str, Any]] = field(default_factory=dict)
    children: tuple["Concept", ...] = ()
    may_be_not_applicable: bool = False
    appraised_by: dict[int, str] = field(default_factory=dict)
    evidence: str | None = None
    evidence_required: tuple[int, ...] = ()   # versions whose set requires its evidence

    def present(self, version: int) -> bool:
        return version in self.names


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


def both(value):
    return {2022: value, 2023: value}


def leaf(key, name, en, mx, rule, *, name23=None, max23=None, rule23=None, only=None, na=False,
         by=None, by23=None, evidence=None, required=()) -> Concept:
    versions = (only,) if only else VERSIONS
    names = {v: (name23 if (v == 2023 and name23) else name) for v in versions}
    maxima = {v: D(max23 if (v == 2023 and max23 is not None) else mx) for v in versions}
    rules = {v: (rule23 if (v == 2023 and rule23) else rule) for v in versions}
    agencies = {v: a for v, a in ((2022, by), (2023, by23 or by)) if a and v in versions}
    return Concept(key, names, en, maxima, rules, (), na, agencies, evidence, tuple(required))


def node(key, name, en, children, *, name23=None, only=None, by=None) -> Concept:
    versions = (only,) if only else VERSIONS
    names = {v: (name23 if (v == 2023 and name23) else name) for v in versions}
    return Concept(key, names, en, children=tuple(children), appraised_by={v: by for v in versions if by})


# --------------------------------------------------------------------------- rules

MANUAL = {"type": "manual"}
MANUAL_HALF = {"type": "manual", "step": D("0.5")}
BINARY = {"type": "binary"}
SURVEY = {"type": "survey"}


def quarter(points) -> Decimal:
    """Bracket points as criteria sets write them: whole quarters (1.125 becomes 1.25)."""
    return (D(points) * 4).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 4


def tiers(figures: dict[str, str], numerator: str, denominator: str, brackets, checks=()) -> dict:
    return {"type": "tiers", "figures": figures, "rate": {"numerator": numerator, "denominator": denominator},
            "checks": [{"whole": w, "parts": list(p)} for w, p in checks],
            "tiers": [{"min": D(m), "points": quarter(p)} for m, p in brackets]}


def proportional(figures: dict[str, str], numerator: str, denominator: str, checks=()) -> dict:
    return {"type": "proportional", "figures": figures,
            "rate": {"numerator": numerator, "denominator": denominator},
            "checks": [{"whole": w, "parts": list(p)} for w, p in checks]}


def deduction(floor: str) -> dict:
    return {"type": "deduction", "floor": D(floor), "step": D("0.5")}


DOSSIERS = {"received": "Số hồ sơ tiếp nhận", "resolved": "Số hồ sơ đã giải quyết",
            "on_time": "Số hồ sơ giải quyết đúng hạn", "late": "Số hồ sơ giải quyết quá hạn",
            "pending": "Số hồ sơ đang giải quyết"}
DOSSIER_CHECKS = (("received", ("resolved", "pending")), ("resolved", ("on_time", "late")))


def dossiers_on_time(top: str) -> dict:
    t = D(top)
    return tiers(DOSSIERS, "on_time", "resolved",
                 [(100, t), (98, t * D("0.75")), (95, t / 2), (90, t / 4), (0, 0)], DOSSIER_CHECKS)


def plan_done(top: str) -> dict:
    t = D(top)
    return tiers({"planned": "Số nhiệm vụ trong kế hoạch", "completed": "Số nhiệm vụ đã hoàn thành"},
                 "completed", "planned", [(100, t), (90, t * 2 / 3), (80, t / 3), (0, 0)],
                 (("planned", ("completed",)),))


def tasks_on_time(top: str) -> dict:
    t = D(top)
    return tiers({"assigned": "Số nhiệm vụ UBND tỉnh giao", "on_time": "Số nhiệm vụ hoàn thành đúng hạn",
                  "late": "Số nhiệm vụ hoàn thành quá hạn"}, "on_time", "assigned",
                 [(100, t), (95, t * D("0.75")), (90, t / 2), (80, t / 4), (0, 0)],
                 (("assigned", ("on_time", "late")),))


DISBURSEMENT = tiers({"allocated": "Kế hoạch vốn đầu tư công được giao (triệu đồng)",
                      "disbursed": "Vốn đã giải ngân đến 31/01 năm sau (triệu đồng)"}, "disbursed", "allocated",
                     [(95, 3), (90, "2.5"), (80, 2), (70, 1), (60, "0.5"), (0, 0)],
                     (("allocated", ("disbursed",)),))
ONLINE_PAYMENT = proportional({"eligible": "Số hồ sơ của TTHC có thể thanh toán trực tuyến",
                               "paid_online": "Số hồ sơ đã thanh toán trực tuyến"}, "paid_online", "eligible",
                              (("eligible", ("paid_online",)),))
DIGITISED = proportional({"resolved": "Số hồ sơ TTHC đã giải quyết",
                          "digitised": "Số hồ sơ được số hóa kết quả giải quyết"}, "digitised", "resolved",
                         (("resolved", ("digitised",)),))
FULL_ONLINE = proportional({"procedures": "Số TTHC thuộc thẩm quyền giải quyết",
                            "full_online": "Số TTHC cung cấp dịch vụ công trực tuyến toàn trình"},
                           "full_online", "procedures", (("procedures", ("full_online",)),))


def online_dossiers(top: str) -> dict:
    t = D(top)
    return tiers({"received": "Tổng số hồ sơ tiếp nhận", "online": "Số hồ sơ tiếp nhận trực tuyến"},
                 "online", "received", [(80, t), (60, t * D("0.75")), (40, t / 2), (20, t / 4), (0, 0)],
                 (("received", ("online",)),))


def e_documents(top: str) -> dict:
    t = D(top)
    return tiers({"issued": "Số văn bản đi", "electronic": "Số văn bản đi dưới dạng điện tử có chữ ký số"},
                 "electronic", "issued", [(100, t), (95, t * D("0.75")), (90, t / 2), (80, t / 4), (0, 0)],
                 (("issued", ("electronic",)),))


# --------------------------------------------------------------------------- shared by both groups

# Removed in 2023 as seed 003 lists them.
PROCEDURES_REMOVED_2023 = (
    leaf("cong-khai-tthc", "Công khai TTHC đầy đủ, đúng quy định tại nơi tiếp nhận, giải quyết TTHC",
         "Procedures published where dossiers are received", 1, BINARY, only=2022),
    leaf("quy-trinh-noi-bo", "Công bố quy trình nội bộ giải quyết TTHC", "Internal procedures published", 1,
         BINARY, only=2022),
    leaf("csdl-quoc-gia", "Nhập, đăng tải công khai TTHC vào Cơ sở dữ liệu quốc gia sau khi công bố",
         "Procedures entered in the national database", 1, BINARY, only=2022),
)
# Service to citizens around each dossier (the one-stop software is appraised by the PPC Office from 2023, seed 000).
PROCEDURES_SERVICE = (
    leaf("mot-cua-dien-tu", "Cập nhật thông tin hồ sơ giải quyết TTHC trên phần mềm Một cửa điện tử",
         "Dossiers kept up to date in the one-stop software", "1.5", MANUAL_HALF, by23="van-phong-ubnd-tinh",
         evidence="Báo cáo của Văn phòng UBND tỉnh"),
    leaf("bcci", "Thực hiện tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích",
         "Dossiers through the public postal service", 1, BINARY, only=2022, na=True),
    leaf("thanh-toan", "Tỷ lệ hồ sơ thanh toán trực tuyến", "Dossiers paid online", "1.5", ONLINE_PAYMENT,
         na=True, evidence="Số liệu thanh toán trên Cổng dịch vụ công"),
    leaf("xin-loi", "Thực hiện xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn",
         "Apologies for late dossiers", 1, BINARY, na=True, evidence="Văn bản xin lỗi (số, ngày)"),
)


def digitised(top) -> Concept:
    """Added in 2023: dossiers and results digitised."""
    return leaf("so-hoa", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "Digitised dossiers and results", top,
                DIGITISED, only=2023, evidence="Số liệu số hóa trên Hệ thống thông tin giải quyết TTHC")


# --------------------------------------------------------------------------- departments (so-nganh)

def _direction(unit_kind: str, tops: dict[str, str]) -> Concept:
    leader = "sở" if unit_kind == "so" else "huyện"
    return node("chi-dao", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction of administrative reform", [
        node("ke-hoach", "Kế hoạch cải cách hành chính năm", "Annual reform plan", [
            leaf("ke-hoach-ban-hanh", "Ban hành kế hoạch CCHC năm đúng thời hạn", "Plan issued on time", "0.5",
                 BINARY, evidence="Kế hoạch CCHC năm (số, ngày ban hành)", required=(2023,)),
            leaf("ke-hoach-thuc-hien", "Mức độ hoàn thành kế hoạch CCHC năm", "Share of the plan completed",
                 tops["plan"], plan_done(tops["plan"]), evidence="Báo cáo kết quả thực hiện kế hoạch CCHC năm"),
        ]),
        leaf("bao-cao", "Thực hiện chế độ báo cáo CCHC định kỳ đúng hạn", "Periodic reports on time", 1, BINARY,
             evidence="Báo cáo CCHC quý, 6 tháng, năm"),
        leaf("kiem-tra", "Công tác kiểm tra cải cách hành chính", "Reform inspections", tops["inspect"], MANUAL,
             max23=tops.get("inspect23"), evidence="Kế hoạch kiểm tra và báo cáo kết quả kiểm tra"),
        leaf("tuyen-truyen", "Công tác tuyên truyền cải cách hành chính", "Reform communication", tops["comms"], MANUAL,
             evidence="Kế hoạch tuyên truyền và sản phẩm tuyên truyền"),
        leaf("sang-kien", "Sáng kiến hoặc giải pháp mới trong cải cách hành chính", "Innovation in reform", 2,
             MANUAL_HALF, name23="Đổi mới, sáng tạo trong triển khai nhiệm vụ cải cách hành chính",
             max23=tops.get("innovation23"), evidence="Quyết định công nhận sáng kiến, giải pháp"),
        leaf("nhiem-vu-giao", "Thực hiện nhiệm vụ UBND tỉnh giao", "Tasks assigned by the Provincial People's Committee",
             tops["tasks"], tasks_on_time(tops["tasks"]), by="van-phong-ubnd-tinh",
             evidence="Số liệu trên Hệ thống theo dõi nhiệm vụ của Văn phòng UBND tỉnh"),
        leaf("doi-thoai", f"Đối thoại của lãnh đạo {leader} với người dân, doanh nghiệp",
             "Leaders' dialogue with citizens and businesses", 1, BINARY, only=2023,
             evidence="Thông báo kết luận buổi đối thoại"),
    ])


SO_NGANH = (
    _direction("so", {"plan": "1.5", "inspect": "1.5", "inspect23": "1", "tasks": 2, "comms": "1.5"}),
    node("the-che", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh", "Institutional reform", [
        node("xay-dung-vb", "Tham mưu xây dựng văn bản quy phạm pháp luật", "Drafting legal documents", [
            leaf("vb-dung-ke-hoach", "Tỷ lệ văn bản QPPL tham mưu ban hành đúng kế hoạch",
                 "Legal documents issued as planned", 2,
                 tiers({"planned": "Số văn bản trong chương trình xây dựng VBQPPL",
                        "on_time": "Số văn bản trình đúng thời hạn"}, "on_time", "planned",
                       [(100, 2), (90, "1.5"), (80, 1), (0, 0)], (("planned", ("on_time",)),)),
                 by="so-tu-phap", evidence="Chương trình xây dựng VBQPPL và văn bản đã ban hành"),
            leaf("vb-chat-luong", "Chất lượng dự thảo văn bản", "Quality of drafts", 1, MANUAL,
                 by="so-tu-phap", evidence="Báo cáo thẩm định của Sở Tư pháp"),
        ]),
        leaf("ra-soat-vb", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Review of legal documents", 2, MANUAL,
             evidence="Kết quả rà soát, danh mục văn bản hết hiệu lực"),
        leaf("kiem-tra-vb", "Kiểm tra, xử lý văn bản quy phạm pháp luật", "Checking legal documents", "1.5", MANUAL,
             evidence="Báo cáo kiểm tra văn bản"),
        leaf("thi-hanh-pl", "Theo dõi tình hình thi hành pháp luật", "Monitoring law enforcement", "1.5", MANUAL,
             evidence="Kế hoạch và báo cáo theo dõi thi hành pháp luật"),
    ], name23="Cải cách thể chế"),
    node("tthc", "Cải cách thủ tục hành chính", "Administrative procedure reform", [
        *PROCEDURES_REMOVED_2023,
        node("ra-soat-tthc", "Rà soát, đơn giản hóa thủ tục hành chính", "Review and simplification", [
            leaf("ke-hoach-ra-soat", "Ban hành kế hoạch rà soát, đánh giá TTHC", "Review plan issued", 1, BINARY,
                 evidence="Kế hoạch rà soát TTHC năm"),
            leaf("phuong-an", "Kiến nghị phương án đơn giản hóa TTHC", "Simplification proposals", 2, MANUAL,
                 evidence="Quyết định thông qua phương án đơn giản hóa"),
        ]),
        leaf("dung-han", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "Dossiers resolved on time", 3,
             dossiers_on_time("3"), evidence="Số liệu trên Hệ thống thông tin giải quyết TTHC của tỉnh"),
        *PROCEDURES_SERVICE,
        digitised(2),
    ]),
    node("bo-may", "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the administrative apparatus", [
        leaf("quy-dinh-bo-may", "Thực hiện quy định của Chính phủ và hướng dẫn của các bộ, ngành về tổ chức bộ máy",
             "Following rules on organisation", 2, MANUAL, only=2022),
        leaf("sap-xep", "Sắp xếp, kiện toàn tổ chức bộ máy", "Restructuring the organisation", 2, MANUAL,
             max23="2.5", evidence="Quyết định quy định chức năng, nhiệm vụ, cơ cấu tổ chức"),
        leaf("phan-cap", "Thực hiện phân cấp, ủy quyền", "Delegation of powers", 2, MANUAL, max23="2.5",
             evidence="Báo cáo thực hiện phân cấp, ủy quyền"),
    ]),
    node("cong-vu", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "Civil service reform", [
        leaf("vi-tri-viec-lam", "Thực hiện quy định về vị trí việc làm", "Job positions", 2, MANUAL,
             evidence="Quyết định phê duyệt vị trí việc làm"),
        leaf("tuyen-dung", "Tuyển dụng, sử dụng công chức, viên chức đúng quy định", "Recruitment by the rules", 2,
             BINARY, evidence="Kết quả tuyển dụng, quyết định bổ nhiệm"),
        leaf("danh-gia-cc", "Đánh giá, xếp loại chất lượng công chức, viên chức", "Staff appraisal", 2, MANUAL,
             evidence="Kết quả đánh giá, xếp loại công chức năm"),
        leaf("boi-duong", "Đào tạo, bồi dưỡng công chức, viên chức theo kế hoạch", "Training as planned", 2,
             tiers({"planned": "Số lượt bồi dưỡng theo kế hoạch", "trained": "Số lượt đã bồi dưỡng"}, "trained",
                   "planned", [(100, 2), (90, "1.5"), (80, 1), (0, 0)], (("planned", ("trained",)),)),
             evidence="Báo cáo kết quả đào tạo, bồi dưỡng"),
        leaf("ky-luat", "Chấp hành kỷ luật, kỷ cương hành chính", "Administrative discipline", 2, MANUAL,
             evidence="Báo cáo kiểm tra công vụ"),
        leaf("vi-pham", "Bị phê bình, kỷ luật do vi phạm kỷ luật, kỷ cương hành chính",
             "Reprimands and sanctions (deduction)", 0, deduction("-2"),
             evidence="Quyết định kỷ luật, văn bản phê bình"),
    ], name23="Cải cách chế độ công vụ"),
    node("tai-chinh", "Cải cách tài chính công", "Public finance reform", [
        leaf("giai-ngan", "Giải ngân vốn đầu tư công", "Public investment disbursed", 2, BINARY, max23=3,
             rule23=DISBURSEMENT, na=True, by23="so-ke-hoach-dau-tu",
             evidence="Báo cáo giải ngân của Kho bạc Nhà nước tỉnh"),
        leaf("chi-tieu-noi-bo", "Ban hành và thực hiện quy chế chi tiêu nội bộ", "Internal spending rules", 1, BINARY,
             evidence="Quy chế chi tiêu nội bộ"),
        leaf("tai-san-cong", "Quản lý, sử dụng tài sản công", "Managing public assets", 2, MANUAL,
             evidence="Báo cáo kê khai tài sản công"),
        leaf("tu-chu", "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp", "Autonomy of public service units",
             "1.5", MANUAL, evidence="Quyết định giao quyền tự chủ"),
        leaf("tac-dong-tc", "Tác động của cải cách đến quản lý tài chính công", "Impact on public finance", "1.5",
             MANUAL, only=2022),
    ]),
    node("hien-dai-hoa", "Hiện đại hóa hành chính", "E-government and digital government", [
        leaf("nen-tang", "Ứng dụng công nghệ thông tin", "Platforms and databases", 3, MANUAL, max23=4,
             name23="Phát triển các nền tảng, cơ sở dữ liệu", by="so-thong-tin-truyen-thong",
             evidence="Báo cáo ứng dụng CNTT, chuyển đổi số"),
        node("dich-vu", "Cung cấp dịch vụ công trực tuyến", "Online public services", [
            leaf("toan-trinh", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình",
                 "Procedures fully online", 2, FULL_ONLINE, evidence="Danh mục TTHC trên Cổng dịch vụ công"),
            leaf("ho-so-truc-tuyen", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Dossiers received online", 2,
                 online_dossiers("2"), evidence="Số liệu trên Cổng dịch vụ công của tỉnh"),
        ], name23="Phát triển các ứng dụng, dịch vụ trong nội bộ cơ quan nhà nước"),
        leaf("van-ban-dien-tu", "Tỷ lệ văn bản đi được gửi dưới dạng điện tử", "Outgoing documents sent electronically",
             3, e_documents("3"), evidence="Số liệu trên Hệ thống quản lý văn bản và điều hành"),
        leaf("iso", "Áp dụng, duy trì Hệ thống quản lý chất lượng ISO", "Quality management (ISO)", 2, BINARY,
             evidence="Quyết định công bố hệ thống quản lý chất lượng"),
        leaf("chu-ky-so", "Tỷ lệ công chức được cấp và sử dụng chữ ký số", "Staff using digital signatures", 2,
             proportional({"staff": "Số công chức, viên chức", "signing": "Số người được cấp và sử dụng chữ ký số"},
                          "signing", "staff", (("staff", ("signing",)),)),
             evidence="Danh sách cấp chứng thư số"),
        leaf("chia-se-du-lieu", "Kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia, chuyên ngành",
             "Data sharing with national databases", 2, MANUAL, only=2023,
             evidence="Báo cáo kết nối, chia sẻ dữ liệu"),
    ], name23="Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    node("dieu-tra", "Điều tra xã hội học", "Sociological survey", [
        leaf("hai-long-dan", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan",
             "Satisfaction of citizens and organisations", 12, SURVEY),
        leaf("doanh-nghiep", "Đánh giá của doanh nghiệp", "Businesses' assessment", 8, SURVEY),
        leaf("cong-chuc", "Đánh giá của lãnh đạo, công chức về công tác cải cách hành chính",
             "Officials' assessment", 10, SURVEY),
    ]),
)

# --------------------------------------------------------------------------- districts (huyen)

HUYEN = (
    _direction("huyen", {"plan": "1.5", "inspect": "1.5", "inspect23": "1.5", "tasks": "1.5", "comms": 1,
                         "innovation23": "2.5"}),
    node("the-che", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại huyện", "Institutional reform", [
        leaf("ban-hanh-vb", "Công tác ban hành văn bản quy phạm pháp luật cấp huyện, cấp xã",
             "Issuing legal documents at district and commune level", 2, MANUAL, by="so-tu-phap",
             evidence="Danh mục văn bản đã ban hành"),
        leaf("ra-soat-vb", "Rà soát, công bố danh mục văn bản hết hiệu lực đúng thời gian quy định",
             "Reviewing expired documents on time", 2, MANUAL, evidence="Quyết định công bố danh mục"),
        leaf("xu-ly-vb", "Xử lý văn bản sau rà soát, kết luận kiểm tra của cơ quan có thẩm quyền",
             "Acting on review findings", 1, BINARY, evidence="Văn bản xử lý sau rà soát"),
        leaf("thi-hanh-pl", "Theo dõi tình hình thi hành pháp luật", "Monitoring law enforcement", 2, MANUAL,
             evidence="Báo cáo theo dõi thi hành pháp luật"),
    ], name23="Cải cách thể chế"),
    node("tthc", "Cải cách thủ tục hành chính", "Administrative procedure reform", [
        *PROCEDURES_REMOVED_2023,
        leaf("dung-han", "Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hạn", "District dossiers on time", 3,
             dossiers_on_time("3"), evidence="Số liệu trên Hệ thống thông tin giải quyết TTHC của tỉnh"),
        leaf("dung-han-xa", "Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn", "Commune dossiers on time", 2,
             dossiers_on_time("2"), evidence="Số liệu trên Hệ thống thông tin giải quyết TTHC của tỉnh"),
        *PROCEDURES_SERVICE,
        digitised("1.5"),
    ]),
    node("bo-may", "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the administrative apparatus", [
        leaf("quy-dinh-bo-may", "Thực hiện quy định của Chính phủ và hướng dẫn của các bộ, ngành về tổ chức bộ máy",
             "Following rules on organisation", 2, MANUAL, only=2022),
        leaf("chuc-nang", "Ban hành quy định chức năng, nhiệm vụ của các phòng chuyên môn, đơn vị trực thuộc",
             "Mandates of district offices", "1.5", MANUAL, max23=2, evidence="Quyết định quy định chức năng, nhiệm vụ"),
        leaf("phan-cap", "Thực hiện phân cấp, ủy quyền và kiểm tra nội dung đã phân cấp", "Delegation and its checks",
             "1.5", MANUAL, max23=2, evidence="Biên bản kiểm tra nội dung phân cấp, ủy quyền"),
    ]),
    node("cong-vu", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "Civil service reform", [
        leaf("vi-tri-viec-lam", "Thực hiện quy định về vị trí việc làm", "Job positions", 2, MANUAL,
             evidence="Quyết định phê duyệt vị trí việc làm"),
        leaf("tuyen-dung", "Tuyển dụng, sử dụng công chức, viên chức đúng quy định", "Recruitment by the rules",
             "1.5", BINARY, evidence="Kết quả tuyển dụng"),
        leaf("danh-gia-cc", "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức", "Staff appraisal", "1.5",
             MANUAL, evidence="Kết quả đánh giá, xếp loại năm"),
        leaf("chuan-xa", "Tỷ lệ công chức cấp xã có trình độ đại học trở lên phù hợp tiêu chuẩn chức danh",
             "Commune officials with the required degree", 2,
             tiers({"officials": "Số công chức cấp xã", "qualified": "Số công chức đạt chuẩn trình độ"},
                   "qualified", "officials", [(100, 2), (95, "1.5"), (90, 1), (0, 0)],
                   (("officials", ("qualified",)),)),
             evidence="Báo cáo chất lượng đội ngũ công chức cấp xã"),
        leaf("ky-luat", "Chấp hành kỷ luật, kỷ cương hành chính", "Administrative discipline", 3, MANUAL,
             evidence="Báo cáo kiểm tra công vụ"),
        leaf("vi-pham", "Bị phê bình, kỷ luật do vi phạm kỷ luật, kỷ cương hành chính",
             "Reprimands and sanctions (deduction)", 0, deduction("-3"),
             evidence="Quyết định kỷ luật, văn bản phê bình"),
    ], name23="Cải cách chế độ công vụ"),
    node("tai-chinh", "Cải cách tài chính công", "Public finance reform", [
        leaf("giai-ngan", "Giải ngân vốn đầu tư công", "Public investment disbursed", 2, BINARY, max23=3,
             rule23=DISBURSEMENT, by23="so-ke-hoach-dau-tu",
             evidence="Báo cáo giải ngân của Kho bạc Nhà nước"),
        leaf("thu-ngan-sach", "Thực hiện dự toán thu ngân sách nhà nước trên địa bàn", "Budget revenue against plan", 2,
             tiers({"estimate": "Dự toán thu được giao (triệu đồng)", "collected": "Số thu thực hiện (triệu đồng)"},
                   "collected", "estimate", [(100, 2), (95, "1.5"), (90, 1), (80, "0.5"), (0, 0)]),
             by="so-tai-chinh", evidence="Báo cáo quyết toán thu ngân sách"),
        leaf("tai-san-cong", "Quản lý, sử dụng tài sản công", "Managing public assets", "1.5", MANUAL,
             evidence="Báo cáo kê khai tài sản công"),
        leaf("tac-dong-tc", "Tác động của cải cách đến quản lý tài chính công", "Impact on public finance", "1.5",
             MANUAL, only=2022),
        leaf("von-dang-ky", "Số vốn đăng ký của doanh nghiệp thành lập mới so với chỉ tiêu", "New business capital",
             "1.5", tiers({"target": "Chỉ tiêu vốn đăng ký (tỷ đồng)", "registered": "Vốn đăng ký thực hiện (tỷ đồng)"},
                          "registered", "target", [(100, "1.5"), (80, 1), (60, "0.5"), (0, 0)]),
             only=2023, by="so-ke-hoach-dau-tu", evidence="Số liệu đăng ký doanh nghiệp"),
    ]),
    node("hien-dai-hoa", "Hiện đại hóa hành chính", "E-government and digital government", [
        leaf("nen-tang", "Ứng dụng công nghệ thông tin", "Platforms and databases", 2, MANUAL, max23=3,
             name23="Phát triển các nền tảng, cơ sở dữ liệu", by="so-thong-tin-truyen-thong",
             evidence="Báo cáo ứng dụng CNTT, chuyển đổi số"),
        node("dich-vu", "Cung cấp dịch vụ công trực tuyến", "Online public services", [
            leaf("toan-trinh", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", "Procedures fully online",
                 "1.5", FULL_ONLINE, evidence="Danh mục TTHC trên Cổng dịch vụ công"),
            leaf("ho-so-truc-tuyen", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Dossiers received online", "1.5",
                 online_dossiers("1.5"), evidence="Số liệu trên Cổng dịch vụ công của tỉnh"),
        ], name23="Phát triển các ứng dụng, dịch vụ trong nội bộ cơ quan nhà nước"),
        leaf("van-ban-dien-tu", "Tỷ lệ văn bản đi được gửi dưới dạng điện tử", "Outgoing documents sent electronically",
             2, e_documents("2"), evidence="Số liệu trên Hệ thống quản lý văn bản và điều hành"),
        leaf("mang-lan", "Thiết lập hạ tầng kỹ thuật mạng LAN ở các xã, thị trấn", "Local networks in communes", 1,
             BINARY, evidence="Sơ đồ thiết kế quản trị hệ thống mạng LAN"),
        leaf("iso", "Áp dụng, duy trì Hệ thống quản lý chất lượng ISO", "Quality management (ISO)", 1, BINARY,
             evidence="Quyết định công bố hệ thống quản lý chất lượng"),
    ], name23="Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    node("dieu-tra", "Điều tra xã hội học", "Sociological survey", [
        leaf("hai-long-dan", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của chính quyền",
             "Satisfaction of citizens and organisations", 20, SURVEY),
        leaf("doanh-nghiep", "Đánh giá của doanh nghiệp", "Businesses' assessment", 10, SURVEY),
        leaf("cong-chuc", "Đánh giá của lãnh đạo, công chức về công tác cải cách hành chính", "Officials' assessment",
             10, SURVEY),
    ]),
)

CONCEPTS = {"so-nganh": SO_NGANH, "huyen": HUYEN}


# --------------------------------------------------------------------------- numbering

def numbering(concepts: tuple[Concept, ...], version: int) -> dict[str, str]:
    """Concept key path -> criterion id ("1", "1.2", "1.2.1") in one version, in order."""
    ids: dict[str, str] = {}

    def walk(items, prefix: str, path: str) -> None:
        n = 0
        for c in items:
            if not c.present(version):
                continue
            n += 1
            cid = f"{prefix}{n}"
            key = f"{path}/{c.key}"
            ids[key] = cid
            walk(c.children, cid + ".", key)

    walk(concepts, "", "")
    return ids


def concept_max(c: Concept, version: int) -> Decimal:
    if c.children:
        return sum((concept_max(k, version) for k in c.children if k.present(version)), start=Decimal(0))
    return c.max[version]


def build_criteria(group: str, version: int) -> list[dict[str, Any]]:
    """The `fields:` tree of one version, with ids, maxima, rules and `replaces`."""
    concepts = CONCEPTS[group]
    ids = numbering(concepts, version)
    before = numbering(concepts, version - 1) if version - 1 in VERSIONS else {}

    def one(c: Concept, path: str) -> dict[str, Any]:
        key = f"{path}/{c.key}"
        out: dict[str, Any] = {"id": ids[key], "name": c.names[version]}
        if c.name_en:
            out["name_en"] = c.name_en
        out["max"] = concept_max(c, version)
        if c.children:
            out["criteria"] = [one(k, key) for k in c.children if k.present(version)]
        else:
            out["rule"] = copy.deepcopy(c.rule[version])
        if c.may_be_not_applicable:
            out["may_be_not_applicable"] = True
        if version in c.appraised_by:
            out["appraised_by"] = c.appraised_by[version]
        if c.evidence and not c.children:
            out["evidence"] = c.evidence
        if version in c.evidence_required and not c.children:
            out["evidence_required"] = True
        if key in before:
            out["replaces"] = [before[key]]
        return out

    return [one(c, "") for c in concepts if c.present(version)]


def leaf_concepts(group: str, version: int) -> list[tuple[str, Concept]]:
    """(criterion id, concept) of every scored leaf of a version, in order."""
    ids = numbering(CONCEPTS[group], version)
    out: list[tuple[str, Concept]] = []

    def walk(items, path: str) -> None:
        for c in items:
            if not c.present(version):
                continue
            key = f"{path}/{c.key}"
            if c.children:
                walk(c.children, key)
            else:
                out.append((ids[key], c))

    walk(CONCEPTS[group], "")
    return out
