"""Typed indicator values: what an 指标值 cell means once parsed.

Every parse returns one of these models and never raises. The ``kind`` field
tells them apart, so rules can select on it (``value.kind: date``) and the JSON
report can carry it unchanged.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

#: Canonical comparator symbols. ``~`` is "about" (约, 左右).
Comparator = Literal[">=", "<=", "=", ">", "<", "~"]

#: Comparators that set a lower bound (the target is a minimum).
LOWER_BOUNDS = frozenset({">=", ">"})
#: Comparators that set an upper bound (the target is a maximum).
UPPER_BOUNDS = frozenset({"<=", "<"})


class _Value(BaseModel):
    """Fields shared by every kind of value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="the cell text as written")


class Quantity(_Value):
    """A number with an optional comparator and unit: ``≥5个``, ``≤25.66万元/年/人``, ``100%``.

    ``number`` is the figure as written, multiplied by a bare scale word when
    no unit absorbed it (``550万`` → 5500000, unit None, ``scale`` "万").
    ``unit`` is the canonical unit text (``万元``, ``元/平方米/月``, ``%``),
    resolved to a pint quantity by :mod:`jxlint.values.units`.
    """

    kind: Literal["quantity"] = "quantity"
    comparator: Comparator | None = None
    number: float
    unit: str | None = None
    scale: str | None = Field(None, description="bare scale word applied to number: 千, 万, 亿")
    qualifier: str | None = Field(None, description="suffix word as written: 以上, 以下, 以内, 余, 多, 左右")
    subject: str | None = Field(None, description="text before the comparison: 举办…活动 in 举办…活动≥4场")
    tail: str | None = Field(None, description="text after the unit: 安全巡检报告 in ≥2项安全巡检报告")


class Range(_Value):
    """Two bounds: ``80%-90%``, ``3至5个``."""

    kind: Literal["range"] = "range"
    low: float
    high: float
    unit: str | None = None


class PartialDate(BaseModel):
    """A calendar point that may lack its year (``12月底`` in a table whose year is known elsewhere)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int | None = None
    month: int = Field(ge=1, le=12)
    day: int | None = Field(None, ge=1, le=31)

    def first_day(self, plan_year: int) -> date:
        """The first day this point can stand for, filling a missing year from ``plan_year``."""
        return date(self.year or plan_year, self.month, self.day or 1)

    def last_day(self, plan_year: int) -> date:
        """The last day this point can stand for, filling a missing year from ``plan_year``."""
        year = self.year or plan_year
        return date(year, self.month, self.day or calendar.monthrange(year, self.month)[1])


class DateValue(_Value):
    """A deadline or a period: ``2025年12月底前``, ``2025年1月—12月``, ``2025年全年``, ``第三季度``.

    ``start`` and ``end`` are inclusive. A deadline ("…前") has no ``start``;
    ``X月前`` ends on the last day of the month before X, ``X月底前`` and
    ``X月X日前`` end on that day. ``bound`` says whether the value is a deadline
    ("by") or a period the work runs through ("during").
    """

    kind: Literal["date"] = "date"
    bound: Literal["by", "during"]
    start: PartialDate | None = None
    end: PartialDate

    def interval(self, plan_year: int) -> tuple[date | None, date]:
        """The value as an inclusive date interval, a missing year taken from ``plan_year``."""
        first = self.start.first_day(plan_year) if self.start else None
        return first, self.end.last_day(plan_year)

    @property
    def years(self) -> set[int]:
        """The years written in the value (empty when none is)."""
        return {p.year for p in (self.start, self.end) if p is not None and p.year is not None}


class Grade(_Value):
    """A qualitative grade from the vocabulary file: ``合理``, ``及时``, ``效果显著``, ``明显提升``."""

    kind: Literal["grade"] = "grade"
    grade: str = Field(description="the vocabulary word found")
    group: str = Field(description="its group in the vocabulary: positive, timeliness, compliance, vague …")


class Formula(_Value):
    """A computed target: ``年末所有者权益/年初所有者权益*100%≥1``."""

    kind: Literal["formula"] = "formula"
    expression: str = Field(description="the left-hand side as written")
    comparator: Comparator
    target: Quantity
    times_percent: bool = Field(description="the expression multiplies by 100% (it yields a percentage)")


class Placeholder(_Value):
    """A template placeholder left in the value: ``≥**%``, ``XX个``, ``待定``."""

    kind: Literal["placeholder"] = "placeholder"


class Empty(_Value):
    """A blank cell."""

    kind: Literal["empty"] = "empty"


class Text(_Value):
    """Anything else; the raw string is kept in ``text``."""

    kind: Literal["text"] = "text"
    embedded: list[Quantity] = Field(default_factory=list, description="comparisons found inside the text")


class ListValue(_Value):
    """Several values in one cell: ``70万、95万、35万``, ``不少于5项、不少于8家、不少于100件``."""

    kind: Literal["list"] = "list"
    items: list[Value]


Value = Annotated[
    Quantity | Range | DateValue | Grade | Formula | Placeholder | Empty | Text | ListValue,
    Field(discriminator="kind"),
]
ListValue.model_rebuild()
#: Every class of Value, for ``isinstance`` (a value among a parser's other results).
VALUE_CLASSES = (Quantity, Range, DateValue, Grade, Formula, Placeholder, Empty, Text, ListValue)
_V = TypeVar("_V", bound=BaseModel)

def flatten(value: Value | None) -> list[Value]:
    """The value itself, or each item of a list value, recursively (nothing for None)."""
    if value is None:
        return []
    if isinstance(value, ListValue):
        return [leaf for item in value.items for leaf in flatten(item)]
    return [value]


def of_kind(value: Value | None, kind: type[_V]) -> list[_V]:
    """The values of one class in a value: itself, or those items of a list (a single value is not flattened)."""
    if isinstance(value, kind):
        return [value]  # the usual case
    return [v for v in flatten(value) if isinstance(v, kind)] if isinstance(value, ListValue) else []


def quantities(value: Value | None) -> list[Quantity]:
    """The quantities in a value: itself, or the quantity items of a list."""
    return of_kind(value, Quantity)


#: The value kinds, in the order the docs list them.
KINDS = ("quantity", "range", "date", "grade", "formula", "list", "placeholder", "empty", "text")
