"""Checks on what a target value says for its kind of indicator (category ``value``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity
from jxlint.values.units import dimension_of


@check("value.output-in-money")
def output_in_money(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 数量指标 that counts money (工程资金金额 43.2) instead of the output bought with it."""
    words = re.compile(params.get("money_words", ""))
    for indicator in indicators:
        if indicator.family != "数量" or not isinstance(indicator.target, Quantity):
            continue
        unit = indicator.target.unit
        money = dimension_of(unit) == "currency" if unit else bool(words.search(indicator.name))
        if money:
            yield Hit({"value": indicator.target.text}, indicator)


@check("value.timeliness-without-time")
def timeliness_without_time(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 时效指标 that is a plain rate whose name says nothing of time (免费开放率 100%): no deadline,
    no on-time rate, so the project has no timeliness target."""
    time_words = re.compile(params.get("time_words", ""))
    for indicator in indicators:
        target = indicator.target
        if (indicator.family == "时效" and isinstance(target, Quantity) and target.unit == "%"
                and not time_words.search(indicator.name)):
            yield Hit({"value": target.text}, indicator)


@check("value.comparator-missing-among-siblings")
def comparator_missing_among_siblings(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A percentage without ≥, ≤ or = in a table whose other figures mostly have one (90% beside ≥95%);
    a bare 100% (params ``whole``) is all of it and leaves no direction open."""
    figures = [(i, target) for i in indicators if isinstance(target := i.target, Quantity) and target.subject is None]
    compared = [target for _, target in figures if target.comparator or target.qualifier]
    if len(compared) < params.get("least", 2) or len(compared) < params.get("share", 0.5) * len(figures):
        return
    example = compared[0].text
    whole = params.get("whole", 100)
    for indicator, target in figures:
        # A bare 100% is all of it: no direction is left open.
        if not target.comparator and not target.qualifier and target.unit == "%" and target.number != whole:
            yield Hit({"value": target.text, "example": example}, indicator)


@check("value.basis-blank")
def basis_blank(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Filled indicator rows whose 指标值设定依据 / 数据来源 cell is blank, in a grid that has that
    column: reported once, at the first, with how many."""
    blank = [i for i in indicators if i.basis is not None and not i.basis.strip() and i.name
             and i.target.kind != "empty"]
    if blank:
        yield Hit({"count": len(blank)}, blank[0])
