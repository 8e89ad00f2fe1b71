"""Checks on units that need arithmetic (category ``unit``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.messages import plain
from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity, quantities
from jxlint.values.normalise import canonical_unit
from jxlint.values.units import dimension_of, to_yuan

_CJK_START = re.compile(r"^[\u4e00-\u9fff]{1,4}")


@check("unit.money-scale-mismatch")
def money_scale_mismatch(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A money amount params ``factor`` times larger than the whole budget (万元 written for 元), or a
    total cost (name matching params ``total_names``) that many times smaller (元 written for 万元).

    The lower side is checked on total costs only: per-unit costs (1 元 a 度)
    are legitimately tiny next to the budget, so a small amount proves nothing.
    """
    budget = table.funding.budget_yuan
    factor = params.get("factor", 10000)
    if not budget:
        return
    totals = re.compile(params.get("total_names", "总成本"))
    for indicator in indicators:
        for quantity in quantities(indicator.target):
            amount = to_yuan(quantity.number, quantity.unit)
            if not amount:
                continue
            if amount > budget * factor:
                relation = {"zh": f"是预算 {plain(budget)} 元的 {factor} 倍以上", "en": f"over {factor} times the budget {plain(budget)} 元"}
            elif amount * factor < budget and "/" not in (quantity.unit or "") and totals.search(indicator.name):
                relation = {"zh": f"不到预算 {plain(budget)} 元的 1/{factor}", "en": f"under 1/{factor} of the budget {plain(budget)} 元"}
            else:
                continue
            yield Hit({"value": quantity.text, "amount_yuan": amount, "budget_yuan": budget,
                       "relation": relation["zh"], "relation_en": relation["en"]}, indicator)
            break


@check("unit.unknown-unit")
def unknown_unit(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A unit word jxlint does not know, or a figure followed by a word that is no unit (≥100百分比)."""
    for indicator in indicators:
        for quantity in quantities(indicator.target):
            unit = None
            if quantity.unit and dimension_of(quantity.unit, indicator.name) == "unknown":
                unit = quantity.unit
            elif quantity.unit is None and quantity.subject is None and quantity.tail:
                match = _CJK_START.match(quantity.tail)
                unit = match.group(0) if match and quantity.tail == match.group(0) else None
            if unit:
                yield Hit({"value": quantity.text, "unit": unit}, indicator)
                break


@check("unit.count-without-unit")
def count_without_unit(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 数量指标 whose figure has no unit (每千人托位 4.5), when its name neither is a rate nor gives the unit."""
    exempt = re.compile(params.get("exempt_names", ""))
    for indicator in indicators:
        target = indicator.target
        if (indicator.family == "数量" and isinstance(target, Quantity) and target.unit is None and target.tail is None
                and target.scale is None and not exempt.search(indicator.name)):
            yield Hit({"value": target.text}, indicator)


@check("unit.per-unit-without-money")
def per_unit_without_money(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A cost or standard per unit written without its money unit (≤28.40/株)."""
    money_names = re.compile(params.get("money_names", ""))
    for indicator in indicators:
        target = indicator.target
        if (isinstance(target, Quantity) and target.unit is None and (target.tail or "").startswith("/")
                and (indicator.cost_kind == "money" or money_names.search(indicator.name))):
            yield Hit({"value": target.text}, indicator)


@check("unit.standard-without-basis")
def standard_without_basis(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 补助标准 or 单价 (a rate per unit) given as a plain amount of money (≤120万元), per nothing."""
    names = re.compile(params.get("standard_names", ""))
    for indicator in indicators:
        target = indicator.target
        if (isinstance(target, Quantity) and names.search(indicator.name) and target.unit
                and dimension_of(target.unit) == "currency" and "/" not in target.unit and not _PER.search(indicator.name)):
            yield Hit({"value": target.text}, indicator)


@check("unit.basis-differs-from-siblings")
def basis_differs_from_siblings(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A cost row whose name gives a quantity (防疫室84平米) but whose value is a plain amount (≥1050元)
    while its sibling cost rows are priced per unit (490元/平米)."""
    costs = [(i, target) for i in indicators
             if i.cost_kind is not None and isinstance(target := i.target, Quantity)]
    priced = [target for _, target in costs if target.unit and "/" in target.unit]
    per_unit = {canonical_unit(target.unit.split("/", 1)[1]) for target in priced
                if target.unit and dimension_of(target.unit) == "currency_rate"}
    if len(per_unit) == 0 or len(priced) < params.get("least", 2):
        return
    example = priced[0].text
    for indicator, target in costs:
        unit = target.unit
        if not unit or "/" in unit or dimension_of(unit) != "currency":
            continue
        named = _NAMED_QUANTITY.search(indicator.name)
        if named and canonical_unit(named.group(2)) in per_unit:
            yield Hit({"value": target.text, "quantity": named.group(0), "example": example}, indicator)


_PER = re.compile(r"每|单个|/")
_NAMED_QUANTITY = re.compile(r"(?<!\d)(\d++(?:\.\d+)?)\s*(平方米|平米|立方米|公里|米|亩|个|座|栋|间|台|套|户|株|头|吨)")
