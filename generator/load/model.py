"""The data model: unit registry, criteria sets and score files, exactly as written in YAML.

These classes define the file formats (the JSON Schemas in `generator/schemas/` are generated
from them) and are the typed objects the load stage hands to validation. They know nothing
of scoring or rendering. Points are `Decimal`; no float is ever accepted.
"""
from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.core.escape import safe_url
from generator.load.yamlsource import SourceMap


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError("number_type", "Input should be a number")
    return Decimal(value)


def _date(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.date):
        return value
    raise PydanticCustomError("date_format", "Input should be a date YYYY-MM-DD")


Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Points = Annotated[Number, Field(ge=-1000, le=1000, decimal_places=4)]
NonNegative = Annotated[Number, Field(ge=0, le=1000, decimal_places=4)]
Percent = Annotated[Number, Field(ge=0, le=100, decimal_places=4)]
Date = Annotated[dt.date, BeforeValidator(_date),
                 WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})]
Year = Annotated[int, Field(ge=2000, le=2100)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
CriterionId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]+([._-][0-9A-Za-z]+)*$", max_length=40)]
FigureId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Figures = dict[FigureId, Annotated[int, Field(ge=0, le=10**12)]]  # raw figures by name, as reported or appraised


def _url(value: str) -> str:
    if safe_url(value) is None:
        raise PydanticCustomError("url_format", "Input should be an http(s) URL with a host")
    return value


Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500), AfterValidator(_url)]
Host = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                                        max_length=253)]
Status = Literal["done", "in_progress", "not_due", "failed", "not_applicable"]
Stage = Literal["self", "appraised", "final"]

# Personal file-sharing services, whose links change or vanish (`Province.file_sharing_hosts`).
FILE_SHARING_HOSTS = ("drive.google.com", "docs.google.com", "drive.usercontent.google.com", "dropbox.com",
                      "dropboxusercontent.com", "onedrive.live.com", "1drv.ms", "mega.nz", "mega.io",
                      "mediafire.com", "wetransfer.com", "we.tl", "box.com", "icloud.com", "fshare.vn",
                      "4share.vn", "4shared.com", "terabox.com")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_by_alias=True,
                              validate_by_name=False, serialize_by_alias=True)


class Located(Strict):
    """A whole file's top object: remembers its path and the position of every value."""

    _source: SourceMap = PrivateAttr(default_factory=lambda: SourceMap(""))
    # A file the schema rejected in part: the places set aside so that the rest of it could still
    # be checked (`generator.load.salvage`); empty for a file that loaded whole.
    _salvaged: frozenset = PrivateAttr(default=frozenset())

    @property
    def source(self) -> SourceMap:
        return self._source

    @property
    def path(self) -> str:
        return self._source.path


# --------------------------------------------------------------------------- unit registry

class Province(Strict):
    name: Text = Field(description="Tên tỉnh hiển thị trên cổng / Province name shown on the portal")
    name_en: Text = Field(description="Tên tỉnh bằng tiếng Anh / Province name in English")
    demo: bool = Field(False, description="true: dữ liệu minh họa, mọi trang ghi rõ / true: demonstration data, every page says so")
    repository: Url | None = Field(None, description="Kho git công khai, để liên kết tới tệp nguồn tại đúng commit / Public git repository, for links to source files at the built commit")
    issues_url: Url | None = Field(None, description="Nơi người dân báo số liệu sai / Where the public reports an incorrect figure")
    file_sharing_hosts: list[Host] | None = Field(None, description=(
        "Máy chủ chia sẻ tệp cá nhân: tài liệu kiểm chứng có liên kết tới các máy chủ này (và tên miền con) bị "
        "cảnh báo, vì liên kết ở đó bị đổi quyền hay mất đi. Không ghi: danh sách mặc định ("
        + ", ".join(FILE_SHARING_HOSTS) + "); ghi thì danh sách này thay cho danh sách mặc định; [] tắt cảnh báo / "
        "Personal file-sharing hosts: evidence linked on them (or their subdomains) draws a warning, since such "
        "links change or vanish. Not given: the default list above; given: it replaces the default; []: no "
        "warning"))


class Group(Strict):
    id: Slug = Field(description="Mã nhóm, chữ thường và gạch nối (so-nganh, huyen, xa) / Group id, lowercase with hyphens")
    name: Text = Field(description="Tên nhóm / Group name")
    name_en: Text = Field(description="Tên nhóm bằng tiếng Anh / Group name in English")
    first_year: Year | None = Field(None, description="Năm đầu tiên nhóm được đánh giá / First year the group is assessed")
    last_year: Year | None = Field(None, description="Năm cuối cùng nhóm được đánh giá (ví dụ cấp huyện đến 2024) / Last year the group is assessed (e.g. districts until 2024)")


class FormerName(Strict):
    name: Text = Field(description="Tên cũ / Former name")
    name_en: Text | None = Field(None, description="Tên cũ bằng tiếng Anh / Former name in English")
    until: Year = Field(description="Năm cuối cùng dùng tên này / Last year this name was used")


class Unit(Strict):
    id: Slug = Field(description="Mã ổn định, không đổi khi đơn vị đổi tên; trùng tên tệp điểm / Stable id, kept across renames; the score files' name")
    name: Text = Field(description="Tên hiện nay / Current name")
    name_en: Text = Field(description="Tên bằng tiếng Anh / Name in English")
    group: Slug = Field(description="Mã nhóm xếp hạng của đơn vị / Id of the group the unit is ranked in")
    ranked: bool = Field(True, description="false: được đánh giá nhưng không xếp hạng chung / false: evaluated but not ranked with the others")
    unranked_reason: Text | None = Field(None, description="Lý do không xếp hạng (bắt buộc khi ranked: false) / Why it is not ranked (required with ranked: false)")
    first_year: Year = Field(description="Năm đầu tiên đơn vị được đánh giá / First year the unit is assessed")
    last_year: Year | None = Field(None, description="Năm cuối cùng đơn vị được đánh giá (giải thể, sáp nhập) / Last year the unit is assessed (dissolved or merged)")
    former_names: list[FormerName] = Field(default_factory=list, description="Các tên cũ, theo năm tăng dần / Former names, in increasing years")
    merged_from: list[Slug] = Field(default_factory=list, description="Mã các đơn vị đã hợp nhất vào đơn vị này / Ids of the units merged into this one")
    split_from: list[Slug] = Field(default_factory=list, description="Mã các đơn vị mà đơn vị này được tách ra từ, kế tục một phần nhiệm vụ (kết quả cũ vẫn thuộc đơn vị đó) / Ids of the units this one was split from, continuing part of their work (their earlier results stay theirs)")

    def name_in(self, year: int) -> str:
        for former in sorted(self.former_names, key=lambda f: f.until):
            if year <= former.until:
                return former.name
        return self.name

    def active_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class Agency(Strict):
    id: Slug = Field(description="Mã cơ quan; tên tệp thẩm định của cơ quan / Agency id; the name of its appraisal files")
    name: Text = Field(description="Tên cơ quan / Agency name")
    name_en: Text = Field(description="Tên bằng tiếng Anh / Name in English")
    role: Literal["council", "department", "survey", "ministry"] = Field(description="council: Hội đồng thẩm định; department: sở, ngành thẩm định tiêu chí của mình; survey: đơn vị điều tra xã hội học; ministry: bộ, ngành trung ương / council: the appraisal council; department: a department appraising its criteria; survey: the survey organiser; ministry: a central ministry")
    unit: Slug | None = Field(None, description="Mã đơn vị trong danh mục, nếu cơ quan cũng là đơn vị được đánh giá / The unit id, if the agency is also a unit assessed")
    groups: list[Slug] = Field(default_factory=list, description="Các nhóm mà cơ quan thẩm định hoặc điều tra (để trống: mọi nhóm) / Groups it appraises or surveys (empty: every group)")


class Registry(Located):
    province: Province = Field(description="Thông tin tỉnh / The province")
    groups: list[Group] = Field(min_length=1, description="Các nhóm xếp hạng / The ranking groups")
    agencies: list[Agency] = Field(default_factory=list, description="Các cơ quan thẩm định và điều tra xã hội học (Hội đồng thẩm định, sở, ngành, đơn vị điều tra), dù có là đơn vị được đánh giá hay không / The bodies that appraise or survey (council, departments, survey organiser), whether or not they are also units assessed")
    units: list[Unit] = Field(min_length=1, description="Các đơn vị được đánh giá / The units assessed")


# --------------------------------------------------------------------------- criteria sets

class Decision(Strict):
    number: Text = Field(description="Số, ký hiệu quyết định, ví dụ 3507/QĐ-UBND / Decision number, e.g. 3507/QĐ-UBND")
    date: Date = Field(description="Ngày ban hành, YYYY-MM-DD / Date issued, YYYY-MM-DD")
    issuer: Text = Field(description="Cơ quan ban hành / Issuing authority")
    title: Text | None = Field(None, description="Trích yếu quyết định / Title of the decision")
    url: Url | None = Field(None, description="Liên kết tới văn bản / Link to the document")


class Parts(Strict):
    appraised: NonNegative = Field(description="Điểm tối đa phần thẩm định / Maximum of the appraised part")
    survey: NonNegative = Field(description="Điểm tối đa phần điều tra xã hội học / Maximum of the survey part")

    def as_list(self) -> list[Part]:
        """The two parts as the list form declares parts: the appraised part (every criterion without
        a survey rule) and the survey part (the criteria with `type: survey`), ids `LEGACY_PARTS`."""
        (a_id, a_name, a_en), (s_id, s_name, s_en) = LEGACY_PARTS
        return [Part.model_construct(id=a_id, name=a_name, name_en=a_en, max=self.appraised, criteria=[], parts=[]),
                Part.model_construct(id=s_id, name=s_name, name_en=s_en, max=self.survey, criteria=[], parts=[])]


# The two parts of `parts: {appraised, survey}`: (id, name, name_en).
LEGACY_PARTS = (("tham-dinh", "Thẩm định", "Appraised"), ("dieu-tra", "Điều tra xã hội học", "Survey"))


class Part(Strict):
    id: Slug = Field(description="Mã phần, chữ thường và gạch nối (diem-tham-dinh, tac-dong) / Part id, lowercase with hyphens")
    name: Text = Field(description="Tên phần, ví dụ Tác động của cải cách hành chính / Part name, e.g. Tác động của cải cách hành chính")
    name_en: Text = Field(description="Tên phần bằng tiếng Anh / Part name in English")
    max: NonNegative = Field(description="Điểm tối đa của phần; bằng tổng điểm tối đa các lĩnh vực, tiêu chí hoặc phần con của nó / Maximum of the part; the sum of its fields', criteria's or sub-parts' maxima")
    criteria: list[CriterionId] = Field(default_factory=list, description="Mã các lĩnh vực (hoặc tiêu chí) thuộc phần này, ví dụ [\"1\", \"2\"]; mỗi tiêu chí thuộc đúng một phần. Phần có phần con thì không ghi / Ids of the fields (or criteria) in this part, e.g. [\"1\", \"2\"]; every criterion is in exactly one part. Not with sub-parts")
    parts: list[Part] = Field(default_factory=list, description="Các phần con (ví dụ phần Tác động gồm hài lòng của người dân, khảo sát lãnh đạo, tác động kinh tế - xã hội); điểm tối đa của phần bằng tổng của chúng / Sub-parts (e.g. an impact part made of satisfaction, leader survey and socio-economic impact); the part's max is their sum")

    def walk(self, depth: int = 0, parent: Part | None = None) -> Iterator[tuple[Part, int, Part | None]]:
        yield self, depth, parent
        for child in self.parts:
            yield from child.walk(depth + 1, self)


class Rounding(Strict):
    decimals: int = Field(2, ge=0, le=4, description="Số chữ số thập phân của chỉ số công bố / Decimals of the published index")
    points_decimals: int = Field(2, ge=0, le=4, description="Số chữ số thập phân của điểm tính theo tỷ lệ hoặc điều tra / Decimals of points computed from a rate or survey")
    mode: Literal["half_up", "half_even", "down"] = Field("half_up", description="Cách làm tròn: half_up (từ 5 trở lên làm tròn lên), half_even, down / Rounding: half_up (5 and above rounds up), half_even, down")


class Band(Strict):
    id: Slug = Field(description="Mã xếp loại / Band id")
    name: Text = Field(description="Tên xếp loại, ví dụ Xuất sắc / Band name, e.g. Xuất sắc")
    name_en: Text = Field(description="Tên xếp loại bằng tiếng Anh / Band name in English")
    min: Percent = Field(description="Chỉ số tối thiểu, bao gồm / Lowest index, inclusive")


class Rate(Strict):
    numerator: FigureId = Field(description="Số liệu ở tử số / Figure in the numerator")
    denominator: FigureId = Field(description="Số liệu ở mẫu số / Figure in the denominator")


class PartsOf(Strict):
    whole: FigureId = Field(description="Số liệu tổng / The whole")
    parts: list[FigureId] = Field(min_length=1, description="Các số liệu thành phần; tổng không vượt số liệu tổng / Its parts; their sum may not exceed the whole")


class Tier(Strict):
    min: Percent = Field(description="Tỷ lệ tối thiểu, %, bao gồm / Lowest rate in percent, inclusive")
    points: NonNegative = Field(description="Điểm của mức / Points of the tier")


class ManualRule(Strict):
    type: Literal["manual"] = Field(description="Chấm trực tiếp từ 0 đến max / Scored directly from 0 to max")
    step: NonNegative | None = Field(None, description="Bước điểm; mặc định theo step của bộ tiêu chí / Points step; the set's step by default")


class BinaryRule(Strict):
    type: Literal["binary"] = Field(description="Đạt (max) hoặc không đạt (0) / Done (max) or not done (0)")


class TiersRule(Strict):
    type: Literal["tiers"] = Field(description="Tỷ lệ từ số liệu gốc, quy ra điểm theo mức / A rate from raw figures, mapped to points in tiers")
    figures: dict[FigureId, Text] = Field(min_length=1, description="Tên và mô tả các số liệu gốc / Names and descriptions of the raw figures")
    rate: Rate = Field(description="Tỷ lệ = tử số ÷ mẫu số × 100 / Rate = numerator ÷ denominator × 100")
    checks: list[PartsOf] = Field(default_factory=list, description="Kiểm tra nhất quán: tổng các phần không vượt tổng / Consistency checks: parts do not exceed their whole")
    tiers: list[Tier] = Field(min_length=1, description="Các mức, min giảm dần, mức cuối min: 0 / Tiers in decreasing min, the last with min: 0")


class ProportionalRule(Strict):
    type: Literal["proportional"] = Field(description="Điểm = tỷ lệ × max / Points = rate × max")
    figures: dict[FigureId, Text] = Field(min_length=1, description="Tên và mô tả các số liệu gốc / Names and descriptions of the raw figures")
    rate: Rate = Field(description="Tỷ lệ = tử số ÷ mẫu số × 100 / Rate = numerator ÷ denominator × 100")
    checks: list[PartsOf] = Field(default_factory=list, description="Kiểm tra nhất quán: tổng các phần không vượt tổng / Consistency checks: parts do not exceed their whole")


class SurveyRule(Strict):
    type: Literal["survey"] = Field(description="Kết quả điều tra xã hội học quy đổi theo max / A survey result scaled to max")
    scale: NonNegative = Field(Decimal(100), description="Thang điểm của kết quả điều tra / Scale of the survey result")


class DeductionRule(Strict):
    type: Literal["deduction"] = Field(description="Điểm trừ, từ 0 xuống floor / A deduction, from 0 down to floor")
    floor: Points = Field(description="Mức trừ tối đa (số âm) / Lowest value (negative)")
    step: NonNegative | None = Field(None, description="Bước điểm trừ; mặc định theo step của bộ tiêu chí / Step of the deduction; the set's step by default")


Rule = Annotated[Union[ManualRule, BinaryRule, TiersRule, ProportionalRule, SurveyRule, DeductionRule],
                 Field(discriminator="type")]
RateRule = (TiersRule, ProportionalRule)


class Criterion(Strict):
    id: CriterionId = Field(description="Mã tiêu chí, ví dụ \"1.2.3\"; luôn đặt trong dấu nháy / Criterion id, e.g. \"1.2.3\"; always quoted")
    name: Text = Field(description="Tên tiêu chí / Criterion name")
    name_en: Text | None = Field(None, description="Tên tiêu chí bằng tiếng Anh / Criterion name in English")
    max: NonNegative = Field(description="Điểm tối đa; bằng tổng điểm tối đa các tiêu chí con / Maximum points; the sum of its sub-criteria's")
    rule: Rule | None = Field(None, description="Cách chấm; chỉ tiêu chí lá (không có tiêu chí con) mới có / How it is scored; only leaves (no sub-criteria) have one")
    criteria: list[Criterion] = Field(default_factory=list, description="Các tiêu chí con (tiêu chí thành phần), sâu tùy ý / Sub-criteria, to any depth")
    may_be_not_applicable: bool = Field(False, description="true: được giảm trừ (not_applicable) khi không phát sinh / true: may be marked not applicable when it does not arise")
    appraised_by: Slug | None = Field(None, description="Mã đơn vị thẩm định, nếu khác mặc định của bộ / Id of the appraising unit, if not the set's default")
    evidence: Text | None = Field(None, description="Tài liệu kiểm chứng cần có / Expected evidence")
    evidence_required: bool = Field(False, description="true: tiêu chí ở trạng thái done phải có tài liệu kiểm chứng (evidence), thiếu là lỗi / true: a done criterion must list its evidence, an error if none")
    replaces: list[CriterionId] = Field(default_factory=list, description="Mã trong bộ tiêu chí trước mà tiêu chí này kế tục (đổi tên, tách, gộp) / Ids in the previous set that this one continues (renamed, split, merged)")
    description: Text | None = Field(None, description="Giải thích thêm / Further explanation")

    @property
    def is_leaf(self) -> bool:
        return not self.criteria

    @property
    def is_survey(self) -> bool:
        return isinstance(self.rule, SurveyRule)

    def walk(self, depth: int = 0) -> Iterator[tuple[Criterion, int]]:
        yield self, depth
        for child in self.criteria:
            yield from child.walk(depth + 1)


def _parts_form(value: Any) -> str:
    return "list" if isinstance(value, list) else "two"


# `parts:` in either form, told apart by the value's shape (a mapping or a list), so that a mistake
# in one form is reported as that form's, not as "should be the other form" as well.
PartsForm = Annotated[Union[Annotated[Parts, Tag("two")], Annotated[list[Part], Field(min_length=1), Tag("list")]],
                      Discriminator(_parts_form)]


class CriteriaSet(Located):
    group: Slug = Field(description="Mã nhóm áp dụng; trùng thư mục / Id of the group it applies to; equals the folder")
    year: Year = Field(description="Năm đầu tiên áp dụng; trùng tên tệp / First year it applies; equals the file name")
    until: Year | None = Field(None, description="Năm cuối áp dụng; mặc định đến bộ kế tiếp / Last year it applies; by default until the next set")
    title: Text = Field(description="Tên bộ tiêu chí / Title of the set")
    title_en: Text = Field(description="Tên bộ tiêu chí bằng tiếng Anh / Title in English")
    decision: Decision = Field(description="Quyết định ban hành / The decision that issued it")
    total: NonNegative = Field(description="Tổng điểm tối đa, thường là 100 / Total maximum points, usually 100")
    parts: PartsForm = Field(description=(
        "Chia tổng điểm thành các phần: {appraised: …, survey: …} (phần thẩm định và phần điều tra xã hội học), "
        "hoặc danh sách các phần do bộ tiêu chí quy định, mỗi phần gồm các lĩnh vực (criteria) hoặc các phần con "
        "(parts) / How the total splits into parts: {appraised: …, survey: …} (appraised and survey parts), or a "
        "list of the parts the set declares, each made of fields (criteria) or of sub-parts (parts)"))
    rounding: Rounding = Field(default_factory=Rounding, description="Quy tắc làm tròn / Rounding rules")
    ties: Literal["shared", "unrounded"] = Field("shared", description="shared: chỉ số công bố bằng nhau thì đồng hạng; unrounded: phân định bằng giá trị chưa làm tròn / shared: equal published indices share a rank; unrounded: ties broken on the unrounded value")
    step: NonNegative = Field(Decimal("0.25"), description="Bước điểm mặc định của tiêu chí chấm tay / Default points step of manual criteria")
    appraised_by: Slug = Field(description="Mã cơ quan thẩm định mặc định (thường là Sở Nội vụ) / Id of the default appraising agency (usually the Department of Home Affairs)")
    survey_missing: Literal["rescale", "count_zero"] = Field("rescale", description="Khi chưa có điều tra: rescale quy đổi phần thẩm định về thang 100; count_zero tính 0 / Without a survey: rescale the appraised part to 100, or count_zero")
    bands: list[Band] = Field(default_factory=list, description="Xếp loại theo chỉ số, từ cao xuống thấp / Classification bands by index, best first")
    fields: list[Criterion] = Field(min_length=1, description="Các lĩnh vực (cấp cao nhất của cây tiêu chí) / The fields (top level of the criteria tree)")

    @property
    def id(self) -> str:
        return f"{self.group}/{self.year}"

    def walk(self) -> Iterator[tuple[Criterion, int]]:
        for top in self.fields:
            yield from top.walk(0)

    def leaves(self) -> Iterator[Criterion]:
        return (c for c, _ in self.walk() if c.is_leaf)

    @property
    def declares_parts(self) -> bool:
        """True when `parts` is the list form (parts named by the set), False for {appraised, survey}."""
        return isinstance(self.parts, list)

    def part_list(self) -> list[Part]:
        """The top parts, the two-part form read as two parts (`Parts.as_list`)."""
        return self.parts if isinstance(self.parts, list) else self.parts.as_list()

    def walk_parts(self) -> Iterator[tuple[Part, int, Part | None]]:
        """(part, depth, parent part) of every part, parents before their sub-parts, in file order."""
        for top in self.part_list():
            yield from top.walk()

    def appraised_max(self) -> Decimal:
        """The maximum of the criteria without a survey rule: `parts.appraised` in the two-part form."""
        if isinstance(self.parts, Parts):
            return self.parts.appraised
        total = sum((c.max for c in self.leaves() if not c.is_survey), start=Decimal(0))
        return total.quantize(Decimal(1)) if total == total.to_integral_value() else total.normalize()  # 60, not 60.0


# --------------------------------------------------------------------------- score files

class Evidence(Strict):
    number: Text = Field(description="Số, ký hiệu văn bản / Document number")
    date: Date = Field(description="Ngày ban hành, YYYY-MM-DD / Date issued, YYYY-MM-DD")
    title: Text | None = Field(None, description="Trích yếu văn bản / Title of the document")
    url: Url | None = Field(None, description="Liên kết tới văn bản / Link to the document")


def _value(value: Any) -> bool | Decimal:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    raise PydanticCustomError("value_type", "Input should be a number, or true/false")


Value = Annotated[Union[bool, Decimal], PlainValidator(_value),
                  WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "boolean"}]})]


class ScoreEntry(Strict):
    status: Status | None = Field(None, description="Trạng thái: done, in_progress, not_due, failed, not_applicable / Status: done, in_progress, not_due, failed, not_applicable")
    self_value: Value | None = Field(None, alias="self", description="Điểm tự đánh giá (true/false với tiêu chí đạt/không đạt) / Self-assessed points (true/false for done/not done)")
    appraised: Value | None = Field(None, description="Điểm thẩm định, chỉ ghi khi Hội đồng thay đổi / Appraised points, only where the council changed them")
    reason: Text | None = Field(None, description="Lý do Hội đồng thay đổi điểm / Why the council changed it")
    figures: Figures | None = Field(None, description="Số liệu gốc do đơn vị báo cáo (tiêu chí tính theo tỷ lệ) / Raw figures reported by the unit (rate criteria)")
    appraised_figures: Figures | None = Field(None, description="Số liệu gốc sau thẩm định, chỉ ghi khi Hội đồng thay đổi / Raw figures after appraisal, only where the council changed them")
    result: NonNegative | None = Field(None, description="Kết quả điều tra xã hội học, theo thang của tiêu chí / Survey result, on the criterion's scale")
    evidence: list[Evidence] = Field(default_factory=list, description="Tài liệu kiểm chứng / Evidence documents")
    note: Text | None = Field(None, description="Ghi chú của đơn vị / The unit's note")


_ENTRY_FIELDS = ("status", "self_value", "appraised", "reason", "figures", "appraised_figures", "result",
                 "evidence", "note")
_STATUSES = {s: s for s in ("done", "in_progress", "not_due", "failed", "not_applicable")}
_NO_EVIDENCE: list = []  # shared by every entry without evidence (nothing ever changes a loaded entry)


class StoredEntry:
    """How a loaded score file keeps one entry: the values of a validated `ScoreEntry`, in a
    slotted object (about 100 bytes instead of about 700: a national dataset has two million
    entries). Read-only by convention, like the model; same attribute names, equality and repr
    as `ScoreEntry`, so every reader of `ScoreFile.scores` sees no difference. Only ever made
    from a `ScoreEntry` that pydantic validated (`ScoreFile.model_validate` → `stored`)."""

    __slots__ = _ENTRY_FIELDS

    def __init__(self, status, self_value, appraised, reason, figures, appraised_figures, result, evidence,
                 note) -> None:
        self.status = _STATUSES.get(status, status) if status is not None else None
        self.self_value = self_value
        self.appraised = appraised
        self.reason = reason
        self.figures = figures
        self.appraised_figures = appraised_figures
        self.result = result
        self.evidence = evidence if evidence else _NO_EVIDENCE
        self.note = note

    @classmethod
    def of(cls, entry: "ScoreEntry") -> "StoredEntry":
        d = entry.__dict__
        return cls(d["status"], d["self_value"], d["appraised"], d["reason"], d["figures"], d["appraised_figures"],
                   d["result"], d["evidence"], d["note"])

    def _values(self) -> tuple:
        return (self.status, self.self_value, self.appraised, self.reason, self.figures, self.appraised_figures,
                self.result, self.evidence, self.note)

    def __reduce__(self):
        return StoredEntry, self._values()

    def __eq__(self, other) -> bool:
        if isinstance(other, StoredEntry):
            return self._values() == other._values()
        if isinstance(other, ScoreEntry):
            return self._values() == tuple(getattr(other, f) for f in _ENTRY_FIELDS)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as the model: frozen pydantic models with dict fields are unhashable in use

    def __repr__(self) -> str:
        return "ScoreEntry(" + ", ".join(f"{f}={v!r}" for f, v in zip(_ENTRY_FIELDS, self._values())) + ")"


class Explanation(Strict):
    date: Date = Field(description="Ngày gửi giải trình, YYYY-MM-DD / Date the explanation was sent")
    text: Text = Field(description="Nội dung giải trình của đơn vị / The unit's explanation")
    evidence: list[Evidence] = Field(default_factory=list, description="Tài liệu kiểm chứng bổ sung / Further evidence")


class ScoreFile(Located):
    unit: Slug = Field(description="Mã đơn vị; trùng tên tệp / Unit id; equals the file name")
    year: Year = Field(description="Năm đánh giá; trùng thư mục / Year assessed; equals the folder")
    group: Slug = Field(description="Mã nhóm; trùng thư mục / Group id; equals the folder")
    stage: Stage = Field(description="Giai đoạn: self (tự đánh giá), appraised (đã thẩm định), final (chính thức) / Stage: self, appraised, final")
    submitted: Date | None = Field(None, description="Ngày nộp, YYYY-MM-DD / Date submitted, YYYY-MM-DD")
    appraisal: Text | None = Field(None, description="Văn bản thẩm định / The appraisal document")
    scores: dict[CriterionId, ScoreEntry] = Field(default_factory=dict, description="Kết quả theo mã tiêu chí lá / Results by leaf criterion id")
    explanations: dict[CriterionId, Explanation] = Field(default_factory=dict, description="Giải trình của đơn vị sau thẩm định sơ bộ, theo mã tiêu chí lá / The unit's explanations after the preliminary appraisal, by leaf criterion id")

    def stored(self) -> "ScoreFile":
        """This validated file with its entries kept as `StoredEntry` (the load stage keeps
        score files this way). Returns self, changed in place before anyone else sees it."""
        scores = self.__dict__["scores"]
        self.__dict__["scores"] = {cid: e if type(e) is StoredEntry else StoredEntry.of(e) for cid, e in scores.items()}
        return self

    def __setstate__(self, state) -> None:
        # Unpickled (the load cache, worker processes): share the criterion-id strings, which
        # repeat in every file, instead of keeping a copy per file.
        scores = state["__dict__"].get("scores")
        if scores:
            state["__dict__"]["scores"] = {sys.intern(cid): e for cid, e in scores.items()}
        super().__setstate__(state)


Criterion.model_rebuild()
Part.model_rebuild()


# --------------------------------------------------------------------------- agency files


class Document(Strict):
    number: Text = Field(description="Số, ký hiệu văn bản, ví dụ 125/BC-HĐTĐ / Document number, e.g. 125/BC-HĐTĐ")
    date: Date = Field(description="Ngày ban hành, YYYY-MM-DD / Date issued, YYYY-MM-DD")
    title: Text | None = Field(None, description="Trích yếu / Title")
    url: Url | None = Field(None, description="Liên kết tới văn bản / Link to the document")


class Response(Strict):
    date: Date = Field(description="Ngày trả lời giải trình, YYYY-MM-DD / Date of the response")
    accepted: bool = Field(description="true: chấp nhận giải trình (ghi giá trị mới); false: không chấp nhận (ghi lý do) / true: accepted (write the new value); false: rejected (write the reason)")
    appraised: Value | None = Field(None, description="Giá trị mới khi chấp nhận / The new value when accepted")
    appraised_figures: Figures | None = Field(None, description="Số liệu mới khi chấp nhận (tiêu chí tính theo tỷ lệ) / New figures when accepted (rate criteria)")
    reason: Text | None = Field(None, description="Lý do (bắt buộc khi không chấp nhận) / Reason (required when rejected)")


class AgencyEntry(Strict):
    appraised: Value | None = Field(None, description="Điểm thẩm định (true/false với tiêu chí đạt/không đạt) / Appraised points (true/false for done/not done)")
    appraised_figures: Figures | None = Field(None, description="Số liệu gốc sau thẩm định (tiêu chí tính theo tỷ lệ) / Raw figures after appraisal (rate criteria)")
    reason: Text | None = Field(None, description="Lý do, khi khác giá trị tự đánh giá / Why, where it differs from the self-assessment")
    result: NonNegative | None = Field(None, description="Kết quả điều tra xã hội học, theo thang của tiêu chí (tệp điều tra) / Survey result on the criterion's scale (survey files)")
    response: Response | None = Field(None, description="Trả lời giải trình của đơn vị / The response to the unit's explanation")


class AgencyFile(Located):
    agency: Slug = Field(description="Mã cơ quan; trùng tên tệp / Agency id; equals the file name")
    year: Year = Field(description="Năm đánh giá; trùng thư mục / Year assessed; equals the folder")
    group: Slug = Field(description="Mã nhóm; trùng thư mục / Group id; equals the folder")
    document: Document | None = Field(None, description="Văn bản thẩm định hoặc báo cáo kết quả điều tra / The appraisal document or survey report")
    units: dict[Slug, dict[CriterionId, AgencyEntry]] = Field(default_factory=dict, description="Theo mã đơn vị, rồi mã tiêu chí lá / By unit id, then leaf criterion id")

    @property
    def kind(self) -> str:
        """"appraisal" (scores/<year>/<group>/tham-dinh/) or "survey" (…/dieu-tra/), by its folder."""
        return "survey" if f"/{SURVEY_FOLDER}/" in self.path else "appraisal"


APPRAISAL_FOLDER = "tham-dinh"  # scores/<year>/<group>/tham-dinh/<agency>.yaml
SURVEY_FOLDER = "dieu-tra"      # scores/<year>/<group>/dieu-tra/<agency>.yaml


# --------------------------------------------------------------------------- the year's round


class Deadlines(Strict):
    self_assessment: Date | None = Field(None, description="Hạn nộp tự đánh giá / Self-assessment due")
    appraisal: Date | None = Field(None, description="Hạn thẩm định sơ bộ / Preliminary appraisal due")
    explanation: Date | None = Field(None, description="Hạn giải trình / Explanations due")
    publication: Date | None = Field(None, description="Hạn công bố kết quả / Results to be published by")


class ResultsDecision(Strict):
    number: Text = Field(description="Số, ký hiệu quyết định công bố, ví dụ 2815/QĐ-UBND / Number, e.g. 2815/QĐ-UBND")
    date: Date = Field(description="Ngày ký, YYYY-MM-DD / Date signed, YYYY-MM-DD")
    issuer: Text = Field(description="Cơ quan ban hành / Issuing authority")
    signer: Text | None = Field(None, description="Người ký (chức vụ, họ tên) / Signatory (office, name)")
    title: Text | None = Field(None, description="Trích yếu / Title")
    url: Url | None = Field(None, description="Liên kết tới văn bản / Link to the document")


class Announced(Strict):
    unit: Slug = Field(description="Mã đơn vị / Unit id")
    index: Percent | None = Field(None, description=(
        "Chỉ số như quyết định in, giữ nguyên số chữ số thập phân (81.33, 91.651) / The index as the decision prints "
        "it, with the decimals it prints (81.33, 91.651)"))
    rank: Annotated[int, Field(ge=1, le=100_000)] | None = Field(None, description="Thứ hạng như quyết định in / The rank as printed")
    band: Slug | None = Field(None, description="Mã xếp loại như quyết định in / Id of the band as printed")
    points: Points | None = Field(None, description="Điểm đạt như quyết định in / Points as printed")
    max: NonNegative | None = Field(None, description="Điểm tối đa được áp dụng như quyết định in / Applicable maximum as printed")
    columns: dict[Slug, Points] = Field(default_factory=dict, description=(
        "Điểm từng lĩnh vực hoặc phần như quyết định in, theo mã cột trong `columns` của nhóm / Points per field or "
        "part as printed, by the ids of the group's `columns`"))
    note: Text | None = Field(None, description=(
        "Ghi chú: nguồn khác, đính chính sau công bố… / A note: another source, a correction made after the decision…"))


class AnnexColumn(Strict):
    id: Slug = Field(description="Mã cột / Column id")
    name: Text = Field(description="Tên cột như phụ lục in (lĩnh vực, phần) / The column's name as the annex prints it")
    name_en: Text | None = Field(None, description="Tên tiếng Anh / English name")
    max: NonNegative | None = Field(None, description="Điểm tối đa của cột, nếu phụ lục ghi / The column's maximum, where printed")


class RoundGroup(Strict):
    deadlines: Deadlines = Field(default_factory=Deadlines, description="Các mốc thời hạn / Deadlines")
    decision: ResultsDecision | None = Field(None, description="Quyết định công bố kết quả / The decision announcing the results")
    council_report: Document | None = Field(None, description="Báo cáo của Hội đồng thẩm định / The appraisal council's report")
    announced: list[Announced] = Field(default_factory=list, description=(
        "Kết quả như quyết định công bố (phụ lục), từng đơn vị: đối chiếu với kết quả tính lại; năm nhóm không có "
        "tệp điểm thì đây là kết quả của năm, \"như công bố\" / The results as the decision announced them (its annex), "
        "unit by unit: reconciled with the recomputed results; in a year the group has no score files, they are that "
        "year's results, \"as published\""))
    columns: list[AnnexColumn] = Field(default_factory=list, description=(
        "Các cột điểm theo lĩnh vực hoặc phần mà phụ lục in, theo thứ tự / The annex's columns of points per field or "
        "part, in order"))
    bands: list[Band] = Field(default_factory=list, description=(
        "Xếp loại của năm như quyết định quy định, khi không bộ tiêu chí nào áp dụng cho năm / The year's bands as the "
        "decision defines them, where no criteria set applies to the year"))


class Round(Located):
    year: Year = Field(description="Năm đánh giá; trùng thư mục / Year assessed; equals the folder")
    as_of: Date | None = Field(None, description="Ngày số liệu được tính đến, khi khác ngày dựng trang (đối chiếu thời hạn) / The date the data stands at, when not the build's date (deadlines are read against it)")
    groups: dict[Slug, RoundGroup] = Field(default_factory=dict, description="Theo mã nhóm / By group id")


ROUND_FILE = "ky-danh-gia.yaml"  # scores/<year>/ky-danh-gia.yaml: the year's calendar and decisions
