"""Checks on deadlines and periods (category ``date``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import DateValue, of_kind
from jxlint.values.parse import parse_value


def _first_date(text: str) -> DateValue | None:
    dates = of_kind(parse_value(text), DateValue) if text else []
    return dates[0] if dates else None


def project_end(table: Table) -> date | None:
    """The last day of the project as its 完成时间 states it, or None."""
    end = _first_date(table.end)
    return end.interval(table.plan_year or 2000)[1] if end is not None and end.years else None


@check("deadline_before_plan_year")
def deadline_before_plan_year(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A target date that ends before the plan year begins (2015年12月前 in a 2025 plan)."""
    if table.plan_year is None:
        return
    year_start = date(table.plan_year, 1, 1)
    for indicator in indicators:
        for value in of_kind(indicator.target, DateValue):
            end = value.interval(table.plan_year)[1]
            if end < year_start:
                yield Hit({"value": value.text, "deadline": end.isoformat(), "plan_year": table.plan_year}, indicator)
                break


@check("deadline_after_plan_end")
def deadline_after_plan_end(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A target date that ends after the project's end, or after the plan year when no end is stated."""
    if table.plan_year is None:
        return
    limit = project_end(table) or date(table.plan_year, 12, 31)
    limit = max(limit, date(table.plan_year, 12, 31))
    for indicator in indicators:
        for value in of_kind(indicator.target, DateValue):
            end = value.interval(table.plan_year)[1]
            if end > limit:
                yield Hit({"value": value.text, "deadline": end.isoformat(), "limit": limit.isoformat()}, indicator)
                break


@check("start_after_end")
def start_after_end(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A project whose 开始时间 lies after its 完成时间."""
    start = _first_date(table.start)
    end = _first_date(table.end)
    if start is None or end is None or not start.years or not end.years:
        return
    first = start.interval(table.plan_year or 2000)[0] or start.interval(table.plan_year or 2000)[1]
    last = end.interval(table.plan_year or 2000)[1]
    if first > last:
        yield Hit({"table_start": table.start, "table_end": table.end})
