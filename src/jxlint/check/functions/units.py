"""Checks on units that need arithmetic (category ``unit``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import quantities
from jxlint.values.units import dimension_of, to_yuan

_CJK_START = re.compile(r"^[\u4e00-\u9fff]{1,4}")


@check("money_scale_mismatch")
def money_scale_mismatch(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A money amount params ``factor`` times larger than the whole budget (万元 written for 元).

    Only the upper side is checked: per-unit costs (1 元 a 度) are legitimately
    tiny next to the budget, so a small amount proves nothing.
    """
    budget = table.funding.budget_yuan
    factor = params.get("factor", 10000)
    if not budget:
        return
    for indicator in indicators:
        for quantity in quantities(indicator.target):
            amount = to_yuan(quantity.number, quantity.unit)
            if amount and amount > budget * factor:
                yield Hit({"value": quantity.text, "amount_yuan": amount, "budget_yuan": budget}, indicator)
                break


@check("unknown_unit")
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
