"""Checks on deadlines and periods (category ``date``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import DateValue, flatten, of_kind
from jxlint.values.parse import parse_value

# A span of years: 2021-2025年, 2024至2026年, 2021—2025.
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–至~到]\s*((?:19|20)\d{2})\s*年")
# A date written inside a sentence: "2021年12月底完成…", "截至2026年12月底,…".
_DATE_IN_TEXT = re.compile(r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?(?:底|末|初|上旬|中旬|下旬)?(?:前|之前|以前)?")


def _first_date(text: str) -> DateValue | None:
    dates = of_kind(parse_value(text), DateValue) if text else []
    return dates[0] if dates else None


def dates_in(text: str) -> list[DateValue]:
    """The dates a text holds: the value's own, else those written inside its sentence."""
    value = parse_value(text) if text else None
    found = of_kind(value, DateValue) if value is not None else []
    if found or not text:
        return found
    return [d for m in _DATE_IN_TEXT.finditer(text) for d in of_kind(parse_value(m.group(0)), DateValue)]


def _target_dates(indicator: Indicator) -> list[DateValue]:
    return dates_in(indicator.target.text) if indicator.target.kind == "text" else of_kind(indicator.target, DateValue)


def project_end(table: Table) -> date | None:
    """The last day of the project as its 完成时间 states it, or None."""
    end = _first_date(table.end)
    return end.interval(table.plan_year or 2000)[1] if end is not None and end.years else None


def deadline_limit(table: Table) -> date:
    """The last day a target of this table may fall due: the EARLIER of the project's end and the last day of
    the plan (or assessed) year. A project ending mid-year ends its targets there; a project running on past
    the year still has its year's targets due within the year. Needs the plan year."""
    year_end = date(table.plan_year or 2000, 12, 31)
    end = project_end(table)
    return min(end, year_end) if end is not None else year_end


@check("date.deadline-before-plan-year")
def deadline_before_plan_year(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A target date that ends before the plan year begins (2015年12月前 in a 2025 plan)."""
    if table.plan_year is None:
        return
    year_start = date(table.plan_year, 1, 1)
    for indicator in indicators:
        for value in _target_dates(indicator):
            end = value.interval(table.plan_year)[1]
            if end < year_start:
                yield Hit({"value": value.text, "deadline": end.isoformat(), "plan_year": table.plan_year}, indicator)
                break


@check("date.deadline-after-plan-end")
def deadline_after_plan_end(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A target date that ends after the project's end or after the plan year, whichever comes first.

    An annual table's targets fall due within its year, even when the project
    runs on (2021年12月底 in the 2019 table of a 2019–2021 project); a project
    that ends within the year ends its targets there.
    """
    if table.plan_year is None:
        return
    limit = deadline_limit(table)
    for indicator in indicators:
        for value in _target_dates(indicator):
            end = value.interval(table.plan_year)[1]
            if end > limit:
                yield Hit({"value": value.text, "deadline": end.isoformat(), "limit": limit.isoformat()}, indicator)
                break


@check("date.start-after-end")
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


@check("date.name-before-plan-year", "date.name-after-plan-year")
def name_date_outside_plan_year(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A date written in a 时效 indicator's name (截至2026年12月底,项目开展率) that ends before the plan
    year begins (params ``side: before``) or after the earlier of the project's end and the plan year's
    (``side: after``)."""
    if table.plan_year is None:
        return
    first, last = date(table.plan_year, 1, 1), deadline_limit(table)
    for indicator in indicators:
        for value in dates_in_name(indicator.name):
            end = value.interval(table.plan_year)[1]
            outside = end < first if params.get("side", "before") == "before" else end > last
            if outside:
                yield Hit({"date": value.text, "deadline": end.isoformat(), "plan_year": table.plan_year,
                           "limit": last.isoformat()}, indicator)
                break


@check("date.long-term-target")
def long_term_target(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A target that speaks of a period longer than the plan year: params ``long_term_words`` (十四五, 三年内,
    累计), or a span of years (2021-2025年) that ends after the plan year (any span, with no plan year)."""
    search = re.compile(params["long_term_words"]).search
    for indicator in indicators:
        target = indicator.target
        for value in flatten(target) if target.kind == "list" else (target,):
            if value.kind in _WORDED_KINDS and (search(value.text) or _span_past_year(value.text, table.plan_year)):
                yield Hit({"value": value.text}, indicator)
                break


_WORDED_KINDS = frozenset({"text", "grade", "quantity"})


def _span_past_year(text: str, plan_year: int | None) -> bool:
    """True when the text names a span of years ending after the plan year (with none, any span)."""
    if "年" not in text:
        return False
    for match in _YEAR_RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if (last > plan_year) if plan_year is not None else last > first:
            return True
    return False


def dates_in_name(name: str) -> list[DateValue]:
    """The dates written in an indicator's name, with their year (a name's 12月底 alone says no year)."""
    if "年" not in name:
        return []  # every date with a year is written with 年: most names are answered here
    return [d for m in _DATE_IN_TEXT.finditer(name) for d in of_kind(parse_value(m.group(0)), DateValue) if d.years]
