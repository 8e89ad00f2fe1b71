"""Checks that match the cost indicators to the budget (category ``budget``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.costs import CostTerm, cost_terms
from jxlint.check.messages import plain
from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity
from jxlint.values.units import to_yuan


def _sum_text(terms: list[CostTerm]) -> str:
    return " + ".join(t.formula() for t in terms)


@check("budget.costs-exceed-budget")
def cost_total_over_budget(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """The cost indicators, each times its quantity or period, add up to more than the budget."""
    budget = table.funding.budget_yuan
    terms = [t for t in cost_terms(table, params) if t.unmatched is None]
    if budget is None or not terms:
        return
    total = sum(t.total_yuan for t in terms)
    tolerance = max(params.get("tolerance_yuan", 1.0), budget * params.get("tolerance_ratio", 0.0))
    if total > budget + tolerance:
        yield Hit({
            "computation": _sum_text(terms),
            "total_yuan": total,
            "budget_yuan": budget,
            "excess_yuan": total - budget,
            "total": plain(total),
            "budget": plain(budget),
            "terms": [t.as_data() for t in terms],
        }, location=table.location_of("budget"))


@check("budget.unmatched-unit-cost")
def unmatched_unit_cost(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A per-unit cost whose quantity no 数量指标 gives, so it is left out of the budget sum."""
    for term in cost_terms(table, params):
        if term.unmatched is not None:
            yield Hit({"value": term.value.text, "unit": term.unmatched}, term.indicator)


@check("budget.total-cost-over-budget")
def total_cost_over_budget(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A cost row named as the whole project's cost (总成本) whose target is above the budget."""
    budget = table.funding.budget_yuan
    if budget is None:
        return
    names = re.compile(params.get("total_names", "总成本|项目成本|总投入|总费用"))
    for indicator in indicators:
        value = indicator.target
        if names.search(indicator.name) and isinstance(value, Quantity):
            amount = to_yuan(value.number, value.unit)
            if amount is not None and amount > budget + params.get("tolerance_yuan", 1.0):
                yield Hit({"value": value.text, "amount": plain(amount), "budget": plain(budget)}, indicator)
