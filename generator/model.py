"""The data model: unit registry, criteria sets and score files, exactly as written in YAML.

These classes define the file formats (the JSON Schemas in `generator/schemas/` are generated
from them) and are the typed objects the load stage hands to validation. They know nothing
of scoring or rendering. Points are `Decimal`; no float is ever accepted.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, PrivateAttr,
                      StringConstraints, WithJsonSchema)
from pydantic_core import PydanticCustomError

from .yamlsource import SourceMap


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
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500)]
Status = Literal["done", "in_progress", "not_due", "failed", "not_applicable"]
Stage = Literal["self", "appraised", "final"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_by_alias=True,
                              validate_by_name=False, serialize_by_alias=True)


class Located(Strict):
    """A whole file's top object: remembers its path and the position of every value."""

    _source: SourceMap = PrivateAttr(default_factory=lambda: SourceMap(""))

    @property
    def source(self) -> SourceMap:
        return self._source

    @property
    def path(self) -> str:
        return self._source.path


# --------------------------------------------------------------------------- unit registry

class Province(Strict):
    name: Text = Field(description="Tên tỉnh hiển thị trên cổng / Province name shown on the portal")
    name_en: Text
    demo: bool = Field(False, description="Dữ liệu minh họa: mọi trang ghi rõ / Demonstration data: every page says so")
    repository: Url | None = Field(None, description="Kho git công khai, để liên kết tới tệp nguồn / Public git repository, for source links")
    issues_url: Url | None = Field(None, description="Nơi báo số liệu sai / Where to report an incorrect figure")


class Group(Strict):
    id: Slug
    name: Text
    name_en: Text
    first_year: Year | None = None
    last_year: Year | None = Field(None, description="Năm cuối cùng nhóm được đánh giá (ví dụ cấp huyện đến 2024)")


class FormerName(Strict):
    name: Text
    name_en: Text | None = None
    until: Year = Field(description="Năm cuối cùng dùng tên này / Last year this name was used")


class Unit(Strict):
    id: Slug = Field(description="Mã ổn định, không đổi khi đơn vị đổi tên / Stable id, kept across renames")
    name: Text
    name_en: Text
    group: Slug
    ranked: bool = Field(True, description="false: được đánh giá nhưng không xếp hạng / evaluated but not ranked")
    unranked_reason: Text | None = None
    first_year: Year
    last_year: Year | None = None
    former_names: list[FormerName] = Field(default_factory=list)
    merged_from: list[Slug] = Field(default_factory=list, description="Đơn vị được hợp nhất vào đơn vị này / Units merged into this one")

    def name_in(self, year: int) -> str:
        for former in sorted(self.former_names, key=lambda f: f.until):
            if year <= former.until:
                return former.name
        return self.name

    def active_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class Registry(Located):
    province: Province
    groups: list[Group] = Field(min_length=1)
    units: list[Unit] = Field(min_length=1)


# --------------------------------------------------------------------------- criteria sets

class Decision(Strict):
    number: Text = Field(description="Số quyết định, ví dụ 3507/QĐ-UBND")
    date: Date
    issuer: Text
    title: Text | None = None
    url: Url | None = None


class Parts(Strict):
    appraised: NonNegative = Field(description="Điểm thẩm định / Appraised part")
    survey: NonNegative = Field(description="Điểm điều tra xã hội học / Survey part")


class Rounding(Strict):
    decimals: int = Field(2, ge=0, le=4, description="Số chữ số thập phân của chỉ số / Index decimals")
    points_decimals: int = Field(2, ge=0, le=4, description="Số chữ số thập phân của điểm tính theo tỷ lệ")
    mode: Literal["half_up", "half_even", "down"] = "half_up"


class Band(Strict):
    id: Slug
    name: Text
    name_en: Text
    min: Percent = Field(description="Chỉ số tối thiểu (bao gồm) / Lowest index, inclusive")


class Rate(Strict):
    numerator: FigureId
    denominator: FigureId


class PartsOf(Strict):
    whole: FigureId
    parts: list[FigureId] = Field(min_length=1)


class Tier(Strict):
    min: Percent = Field(description="Tỷ lệ tối thiểu, % (bao gồm) / Lowest rate in percent, inclusive")
    points: NonNegative


class ManualRule(Strict):
    type: Literal["manual"]
    step: NonNegative | None = Field(None, description="Bước điểm; mặc định theo bộ tiêu chí")


class BinaryRule(Strict):
    type: Literal["binary"]


class TiersRule(Strict):
    type: Literal["tiers"]
    figures: dict[FigureId, Text] = Field(min_length=1)
    rate: Rate
    checks: list[PartsOf] = Field(default_factory=list)
    tiers: list[Tier] = Field(min_length=1)


class ProportionalRule(Strict):
    type: Literal["proportional"]
    figures: dict[FigureId, Text] = Field(min_length=1)
    rate: Rate
    checks: list[PartsOf] = Field(default_factory=list)


class SurveyRule(Strict):
    type: Literal["survey"]
    scale: NonNegative = Field(Decimal(100), description="Thang điểm của kết quả điều tra / Scale of the survey result")


class DeductionRule(Strict):
    type: Literal["deduction"]
    floor: Points = Field(description="Điểm trừ tối đa (số âm) / Lowest value (negative)")
    step: NonNegative | None = None


Rule = Annotated[Union[ManualRule, BinaryRule, TiersRule, ProportionalRule, SurveyRule, DeductionRule],
                 Field(discriminator="type")]
RateRule = (TiersRule, ProportionalRule)


class Criterion(Strict):
    id: CriterionId
    name: Text
    name_en: Text | None = None
    max: NonNegative
    rule: Rule | None = Field(None, description="Chỉ tiêu chí lá có cách chấm / Only leaf criteria have a rule")
    criteria: list[Criterion] = Field(default_factory=list)
    may_be_not_applicable: bool = False
    appraised_by: Slug | None = Field(None, description="Đơn vị thẩm định, nếu khác mặc định / Appraising unit if not the default")
    evidence: Text | None = Field(None, description="Tài liệu kiểm chứng cần có / Expected evidence")
    replaces: list[CriterionId] = Field(default_factory=list, description="Mã trong bộ trước mà tiêu chí này kế tục")
    description: Text | None = None

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


class CriteriaSet(Located):
    group: Slug
    year: Year = Field(description="Năm đầu tiên áp dụng, trùng tên tệp / First year, equals the file name")
    until: Year | None = Field(None, description="Năm cuối áp dụng; mặc định đến bộ kế tiếp")
    title: Text
    title_en: Text
    decision: Decision
    total: NonNegative
    parts: Parts
    rounding: Rounding = Field(default_factory=Rounding)
    ties: Literal["shared", "unrounded"] = Field(
        "shared", description="shared: chỉ số công bố bằng nhau thì đồng hạng; unrounded: phân định bằng giá trị chưa làm tròn")
    step: NonNegative = Field(Decimal("0.25"), description="Bước điểm mặc định của tiêu chí chấm tay")
    appraised_by: Slug = Field(description="Cơ quan thẩm định mặc định (thường là Sở Nội vụ)")
    survey_missing: Literal["rescale", "count_zero"] = Field(
        "rescale", description="Khi chưa có điều tra: quy đổi phần thẩm định về thang 100, hoặc tính 0")
    bands: list[Band] = Field(default_factory=list)
    fields: list[Criterion] = Field(min_length=1)

    @property
    def id(self) -> str:
        return f"{self.group}/{self.year}"

    def walk(self) -> Iterator[tuple[Criterion, int]]:
        for top in self.fields:
            yield from top.walk(0)

    def leaves(self) -> Iterator[Criterion]:
        return (c for c, _ in self.walk() if c.is_leaf)


# --------------------------------------------------------------------------- score files

class Evidence(Strict):
    number: Text = Field(description="Số, ký hiệu văn bản / Document number")
    date: Date
    title: Text | None = None
    url: Url | None = None


def _value(value: Any) -> bool | Decimal:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    raise PydanticCustomError("value_type", "Input should be a number, or true/false")


Value = Annotated[Union[bool, Decimal], PlainValidator(_value),
                  WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "boolean"}]})]


class ScoreEntry(Strict):
    status: Status | None = None
    self_value: Value | None = Field(None, alias="self", description="Điểm tự đánh giá (true/false với tiêu chí đạt/không đạt)")
    appraised: Value | None = Field(None, description="Điểm thẩm định, chỉ ghi khi Hội đồng thay đổi")
    reason: Text | None = Field(None, description="Lý do Hội đồng thay đổi điểm / Why the council changed it")
    figures: dict[FigureId, Annotated[int, Field(ge=0, le=10**12)]] | None = None
    appraised_figures: dict[FigureId, Annotated[int, Field(ge=0, le=10**12)]] | None = None
    result: NonNegative | None = Field(None, description="Kết quả điều tra xã hội học / Survey result")
    evidence: list[Evidence] = Field(default_factory=list)
    note: Text | None = None


class ScoreFile(Located):
    unit: Slug
    year: Year
    group: Slug
    stage: Stage
    submitted: Date | None = None
    appraisal: Text | None = Field(None, description="Văn bản thẩm định / The appraisal document")
    scores: dict[CriterionId, ScoreEntry] = Field(default_factory=dict)


Criterion.model_rebuild()
