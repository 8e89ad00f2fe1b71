"""The table model: what a 绩效目标表 or 绩效自评表 says, independent of its file format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from jxlint.core.location import Location
from jxlint.read.grid import Cell
from jxlint.values.model import Empty, Value

TableKind = Literal["project", "department", "self_assessment"]


#: The 二级 of the 一级 成本指标 (财预〔2021〕101号) by the kind of cost they hold.
_COST_KINDS = {"经济成本": "money", "社会成本": "social", "生态环境成本": "ecological"}


class Indicator(BaseModel):
    """One indicator row: 一级 / 二级 / 三级 with its target (and, in a self-assessment, its actual).

    ``dimension`` and ``family`` are the canonical 一级 and 二级 names from
    ``grammar/labels.yaml`` (产出 / 数量 …), or None when the label is unknown.
    ``*_inferred`` is true when the label was not written on this row but
    carried down from a merged cell or deduced from the 二级.
    """

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)  # cells: the reader's Cell objects

    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    dimension: str | None = None
    family: str | None = None
    level1_inferred: bool = False
    level2_inferred: bool = False
    target: Value = Field(default_factory=lambda: Empty(text=""))
    half_year: Value | None = None
    long_term: Value | None = Field(None, description="the target of the 中期/项目期 column group, beside the annual one")
    actual: Value | None = None
    reason: str = ""
    basis: str | None = Field(None, description="the 指标值设定依据 / 数据来源 cell; None when the grid has no such column")
    weight: float | None = None
    score: float | None = None
    location: Location
    target_location: Location | None = None
    cut_short: bool = Field(False, description="the row the text stops in: its values may be cut, so only table checks read it")
    #: The row's cells by role (name, description …), kept so that a finding can point at the cell
    #: that holds its text; their locations are worked out only when one is asked for. Taken as
    #: given (no validation) and left out of dumps: a pydantic private attribute cost 5% of reading.
    cells: SkipValidation[Mapping[str, Cell] | None] = Field(None, exclude=True, repr=False)

    @property
    def name_location(self) -> Location | None:
        """The 三级指标 cell, when the reader kept it."""
        return self._cell_location("name")

    @property
    def description_location(self) -> Location | None:
        """The 指标解释 / 指标内容 cell, when the grid has one."""
        return self._cell_location("description")

    def _cell_location(self, role: str) -> Location | None:
        cell = self.cells.get(role) if self.cells else None
        return cell.location if cell is not None else None

    def location_of(self, field: str) -> Location:
        """Where one of the row's texts is (``name``, ``description``, ``target``): its cell, else the row."""
        found = self.target_location if field == "target" else self._cell_location(field)
        return found or self.location

    @property
    def cost_kind(self) -> str | None:
        """Which cost the row is, in either layout: ``money`` for 成本指标 under 产出 (88号) and for
        经济成本指标 or a bare 成本指标 row under the 一级 成本指标 (101号); ``social`` (社会成本) and
        ``ecological`` (生态环境成本), which are seldom money; None for a row that is no cost."""
        if self.family == "成本":
            return "money"
        if self.dimension != "成本":
            return None
        return _COST_KINDS.get(self.family or "", "money")

    @property
    def label(self) -> str:
        """The name a person recognises the row by: the 三级 name, else the 二级 or 一级 label."""
        return self.name or self.level2 or self.level1

    @property
    def is_empty(self) -> bool:
        """True when the row has labels but neither a 三级 name nor a target value."""
        return not self.name and self.target.kind == "empty"


class FundingLine(BaseModel):
    """One row of the funding block: a source with its budget, spend and stated rate (amounts in 元)."""

    model_config = ConfigDict(extra="forbid")

    label: str
    field: str = Field(description="what the label names: budget, fiscal, other, local …")
    initial_yuan: float | None = Field(None, description="年初预算数: the budget before adjustment")
    budget_yuan: float | None = Field(None, description="全年预算数: the adjusted budget (年初 when no other is stated)")
    executed_yuan: float | None = None
    rate: float | None = Field(None, description="stated 执行率 as a fraction")
    rate_text: str = Field("", description="the stated rate as written, for its precision")
    weight: float | None = Field(None, description="分值 of the budget-execution row in a self-assessment")
    score: float | None = Field(None, description="得分 of the budget-execution row")
    location: Location


class FundingItem(BaseModel):
    """One item of a spending list in the head (支出项目名称 | 预算金额), in 元."""

    model_config = ConfigDict(extra="forbid")

    label: str
    amount_yuan: float
    location: Location


class Funding(BaseModel):
    """The money of a table, in 元. None means the table does not state it."""

    model_config = ConfigDict(extra="forbid")

    budget_yuan: float | None = Field(None, description="the year's budget (for a multi-year project, this year's part)")
    total_budget_yuan: float | None = Field(None, description="项目总预算 / 中期预算: the whole project's budget")
    initial_budget_yuan: float | None = Field(None, description="年初预算数 when an adjusted 全年预算数 is also stated")
    fiscal_yuan: float | None = None
    other_yuan: float | None = None
    sources_yuan: dict[str, float] = Field(default_factory=dict, description="further stated sources")
    executed_yuan: float | None = None
    execution_rate: float | None = Field(None, description="stated 预算执行率 as a fraction")
    half_year_plan_yuan: float | None = None
    components_yuan: list[float] = Field(default_factory=list, description="amounts listed in 含…万元")
    items: list[FundingItem] = Field(default_factory=list, description="a spending list in the head (年度履职目标 …)")
    allocated_yuan: float | None = Field(None, description="what the covering notice or its allocation table allocates")
    lines: list[FundingLine] = Field(default_factory=list)


class Table(BaseModel):
    """One performance table with its header fields, money and indicator rows."""

    model_config = ConfigDict(extra="forbid")

    path: str
    index: int = Field(description="1-based number of the table in its file")
    kind: TableKind = "project"
    title: str = ""
    project: str = ""
    project_stated: bool = Field(True, description="the table names its project in a 项目名称 (or like) field")
    project_source: str = Field("", description="where an unstated project name was taken from: title, notice")
    department: str = ""
    implementing_unit: str = ""
    plan_year: int | None = None
    money_unit: str = "元"
    money_unit_stated: bool = Field(True, description="the table states its money unit (else it is inferred or 元)")
    funding: Funding = Field(default_factory=Funding)
    start: str = ""
    end: str = ""
    contact: str = ""
    goals: str = ""
    content: str = ""
    other_fields: dict[str, str] = Field(default_factory=dict, description="further header texts by field")
    blank_fields: list[str] = Field(default_factory=list, description="head keys printed with no value (联系电话 …)")
    preamble: str = Field("", description="the text before the table in its file: a covering notice, a page's head")
    total_score: float | None = Field(None, description="the stated total score of a self-assessment")
    grade: str = Field("", description="the stated grade of a self-assessment (优/良/中/差)")
    indicators: list[Indicator] = Field(default_factory=list)
    truncated: bool = Field(False, description="the input stops inside the table (a page cut short)")
    location: Location
    field_locations: dict[str, Location] = Field(default_factory=dict)

    @property
    def budget_yuan(self) -> float | None:
        """The table's total budget in 元, or None when it states none."""
        return self.funding.budget_yuan

    def location_of(self, field: str) -> Location:
        """Where a header field was read, falling back to the table's first line."""
        return self.field_locations.get(field, self.location)
