"""Checks that recompute the figures a table states (category ``arithmetic``).

Every comparison follows the stated precision (Arelle's calculation rule): a
sum of stated figures is right when it equals the stated total at the most
decimals any of them shows; a ratio or a formula is right when the exact
result rounds to the stated figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.formula import decimals, find_formulas, rounds_to
from jxlint.check.messages import plain
from jxlint.check.registry import Hit, check
from jxlint.core.location import Location
from jxlint.model.amounts import scale_of
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity, quantities
from jxlint.values.units import to_yuan

_ITEM = re.compile(r"(?:^|(?<=[。；;\s]))(\d{1,2})\s*[.．、]\s*(?!\d)")
_AMOUNT = re.compile(r"(?P<before>.{0,3}?)(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|千元|元|万|亿)")
_SCALE = {"元": 1.0, "千元": 1e3, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8}


def sums_agree(parts: list[float], total: float) -> bool:
    """True when the parts add up to the total at the most decimals any of the figures shows."""
    places = max(decimals(f) for f in [*parts, total])
    return round(sum(parts), places) == round(total, places)


@check("arithmetic.funding-sources-sum")
def funding_sources_add_up(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """预算数 = 财政资金 + 其他资金 (+ every further stated source), and the same for 执行数."""
    funding, scale = table.funding, scale_of(table.money_unit)
    parts = {"fiscal": funding.fiscal_yuan, "other": funding.other_yuan, **funding.sources_yuan}
    stated = {k: v / scale for k, v in parts.items() if v is not None}
    # Zero-valued side sources with no 财政资金 stated are no breakdown of the budget to check.
    if funding.budget_yuan is not None and stated and (funding.fiscal_yuan is not None or any(stated.values())):
        total = funding.budget_yuan / scale
        if not sums_agree(list(stated.values()), total):
            yield Hit({"what": "预算数", "computation": " + ".join(plain(v) for v in stated.values()),
                       "computed": plain(sum(stated.values())), "stated": plain(total),
                       "money_unit": table.money_unit}, location=table.location_of("budget"))
    total_line = next((line for line in funding.lines if line.field == "budget"), None)
    executed = [line.executed_yuan / scale for line in funding.lines
                if line is not total_line and line.executed_yuan is not None]
    if total_line is not None and total_line.executed_yuan is not None and executed:
        total = total_line.executed_yuan / scale
        if not sums_agree(executed, total):
            yield Hit({"what": "执行数", "computation": " + ".join(plain(v) for v in executed),
                       "computed": plain(sum(executed)), "stated": plain(total),
                       "money_unit": table.money_unit}, location=total_line.location)


@check("arithmetic.execution-rate")
def execution_rate_matches(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A stated 预算执行率 that is not 执行数 ÷ 预算数 at its stated precision."""
    scale = scale_of(table.money_unit)
    for line in table.funding.lines:
        if line.rate is None or not line.budget_yuan or line.executed_yuan is None:
            continue
        computed = line.executed_yuan / line.budget_yuan * 100
        stated = float(line.rate_text.strip().rstrip("%"))
        if not rounds_to(computed, stated):
            yield Hit({"label": line.label, "computation": f"{plain(line.executed_yuan / scale)} / {plain(line.budget_yuan / scale)}",
                       "computed": f"{computed:.3f}%", "stated": line.rate_text}, location=line.location)


@check("arithmetic.executed-over-budget")
def executed_over_budget(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A funding line whose 执行数 is larger than its 预算数, and a half-year plan (半年计划执行数)
    larger than the annual budget."""
    scale = scale_of(table.money_unit)
    for line in table.funding.lines:
        if line.budget_yuan is not None and line.executed_yuan is not None and line.executed_yuan > line.budget_yuan + 0.5:
            yield Hit({"label": line.label, "executed": plain(line.executed_yuan / scale),
                       "budget": plain(line.budget_yuan / scale), "money_unit": table.money_unit}, location=line.location)
    plan, budget = table.funding.half_year_plan_yuan, table.funding.budget_yuan
    if plan is not None and budget is not None and plan > budget + 0.5:
        yield Hit({"label": "半年计划", "executed": plain(plan / scale), "budget": plain(budget / scale),
                   "money_unit": table.money_unit}, location=table.location_of("budget"))


@check("arithmetic.text-formula")
def text_formula(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A formula in the text (面积×单价×月数=金额) whose stated result is not what it computes to."""
    texts: list[tuple[str, Location, Indicator | None]] = [
        (table.content, table.location_of("content"), None), (table.goals, table.location_of("goals"), None)]
    texts += [(i.description, i.location, i) for i in indicators if i.description]
    for text, location, indicator in texts:
        for formula in find_formulas(text):
            if formula.computed is not None and not formula.agrees():
                yield Hit({"expression": formula.expression, "computed": plain(formula.computed),
                           "stated": plain(formula.stated), "unit": formula.stated_unit}, indicator, location)


@check("arithmetic.numbered-components")
def numbered_components(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Numbered items of 项目实施内容 ("1. …8万元。…4万元；…4万元。2. …") that do not add up."""
    restated = re.compile(params.get("restated_words", "累计|合计|共计|总计|共"))
    items = _items(table.content)
    totals: list[float] = []
    for number, text in items:
        amounts = [(m.group("before"), float(m.group("number")), m.group("unit")) for m in _AMOUNT.finditer(text)]
        if not amounts:
            continue
        _, first, unit = amounts[0]
        totals.append(first * _SCALE[unit])
        parts = [n * _SCALE[u] / _SCALE[unit] for before, n, u in amounts[1:] if not restated.search(before)]
        if parts and not sums_agree(parts, first):
            yield Hit({"item": number, "computation": " + ".join(plain(p) for p in parts),
                       "computed": plain(sum(parts)), "stated": plain(first), "unit": unit},
                      location=table.location_of("content"))
    budget = table.funding.budget_yuan
    if len(totals) >= 2 and budget is not None:
        scale = scale_of(table.money_unit)
        if not sums_agree([t / scale for t in totals], budget / scale):
            yield Hit({"item": "全部", "computation": " + ".join(plain(t / scale) for t in totals),
                       "computed": plain(sum(totals) / scale), "stated": plain(budget / scale),
                       "unit": table.money_unit}, location=table.location_of("content"))


def _items(text: str) -> list[tuple[int, str]]:
    """The numbered items 1., 2., 3. … of a text, when they are numbered in order from 1."""
    starts = list(_ITEM.finditer(text))
    numbers = [int(m.group(1)) for m in starts]
    if len(starts) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return []
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [(n, text[m.end():end]) for n, m, end in zip(numbers, starts, ends)]


@check("arithmetic.half-year-rate")
def half_year_rate(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A half-year rate (name matching params ``names``, 预算执行率) that is not the half-year plan ÷ the annual budget."""
    plan, budget = table.funding.half_year_plan_yuan, table.funding.budget_yuan
    if plan is None or not budget:
        return  # most tables: no half-year plan, and no need to look at the names
    scale = scale_of(table.money_unit)
    computed = plan / budget * 100
    names = re.compile(params["names"])
    for indicator in indicators:
        value = indicator.half_year
        if (isinstance(value, Quantity) and value.unit == "%" and names.search(indicator.name)
                and not rounds_to(computed, value.number)):
            yield Hit({"computation": f"{plain(plan / scale)} / {plain(budget / scale)}",
                       "computed": f"{computed:.2f}%", "stated": value.text}, indicator)


@check("arithmetic.half-year-exceeds-annual")
def half_year_exceeds_annual(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A cumulative half-year target larger than the annual one (same unit; rates are not cumulative)."""
    for indicator in indicators:
        half, annual = indicator.half_year, indicator.target
        if not (isinstance(half, Quantity) and isinstance(annual, Quantity)):
            continue
        if half.unit != annual.unit or half.unit in ("%", None) or half.comparator != annual.comparator:
            continue
        if half.number > annual.number:
            yield Hit({"half_year": half.text, "annual": annual.text}, indicator)


@check("arithmetic.actual-costs-vs-executed")
def actual_costs_vs_executed(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """In a self-assessment whose cost targets cover all the money, the actual costs do not add up to 全年执行数.

    The cost rows cover all the money when their targets add up to the budget
    or to the spend; otherwise they are a part of it and no sum is expected.
    """
    executed = table.funding.executed_yuan
    if executed is None:
        return  # a table of targets: nothing spent to compare
    costs = [i for i in indicators if i.cost_kind == "money"]
    actuals = [q for i in costs for q in quantities(i.actual)]
    targets = [q for i in costs for q in quantities(i.target)]
    amounts = [a for q in actuals if (a := to_yuan(q.number, q.unit)) is not None]
    planned = [a for q in targets if (a := to_yuan(q.number, q.unit)) is not None]
    if not amounts or len(amounts) != len(actuals) or len(planned) != len(targets):
        return
    scale = scale_of(table.money_unit)
    whole = [m / scale for m in (table.funding.budget_yuan, executed) if m is not None]
    if not any(sums_agree([p / scale for p in planned], total) for total in whole):
        return
    if not sums_agree([a / scale for a in amounts], executed / scale):
        yield Hit({"computation": " + ".join(plain(a / scale) for a in amounts), "computed": plain(sum(amounts) / scale),
                   "stated": plain(executed / scale), "money_unit": table.money_unit},
                  location=table.funding.lines[0].location if table.funding.lines else None)


@check("arithmetic.listed-components")
def listed_components(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Amounts listed after 含 ("含A 30万元、B 40.8万元…") that do not add up to the stated budget."""
    parts, budget = table.funding.components_yuan, table.funding.budget_yuan
    if len(parts) < 2 or budget is None:
        return
    scale = scale_of(table.money_unit)
    if not sums_agree([p / scale for p in parts], budget / scale):
        yield Hit({"computation": " + ".join(plain(p / scale) for p in parts), "computed": plain(sum(parts) / scale),
                   "stated": plain(budget / scale), "money_unit": table.money_unit}, location=table.location_of("goals"))


@check("arithmetic.items-add-up")
def items_add_up(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A spending list in the head (年度履职目标: 支出项目名称 | 预算金额) whose amounts do not add up
    to the table's budget."""
    items, budget = table.funding.items, table.funding.budget_yuan
    if len(items) < 2 or budget is None:
        return
    scale = scale_of(table.money_unit)
    amounts = [item.amount_yuan / scale for item in items]
    if not sums_agree(amounts, budget / scale):
        yield Hit({"computation": " + ".join(plain(a) for a in amounts), "computed": plain(sum(amounts)),
                   "stated": plain(budget / scale), "money_unit": table.money_unit}, location=items[0].location)


@check("arithmetic.allocation-differs")
def allocation_differs(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A table whose budget is not what its covering notice (or the notice's allocation table) allocates."""
    allocated, budget = table.funding.allocated_yuan, table.funding.budget_yuan
    if allocated is None or budget is None:
        return
    scale = scale_of(table.money_unit)
    if not sums_agree([allocated / scale], budget / scale):
        yield Hit({"allocated": plain(allocated / scale), "stated": plain(budget / scale), "money_unit": table.money_unit},
                  location=table.location_of("budget"))
