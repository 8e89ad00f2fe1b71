"""What the cost indicators of a table add up to: each cost × the quantity or period it applies to.

A cost indicator is one of three kinds, by the cue in its name, description or unit:

* **per period** — 每月 ×12, 每季度 ×4, 每年 ×1 (per year of the plan), or a
  time unit in the value (万元/年/人 → ×1 year);
* **per unit** — 每场, 每家, 每平方米, 每度, 单个账号, 培育1个…, or a count or
  measure in the value's unit (元/平方米, 万元/年/人 → × 人): multiplied by the
  数量指标 with the same unit and the closest name (synonym groups widen names:
  采暖 ~ 供热); 平均成本 with no unit is matched on the name alone;
* **total** — anything else, counted once.

A per-unit cost whose quantity cannot be found is kept apart as unmatched.
Words and periods come from the rule's params, so a bureau can extend them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jxlint.check.messages import plain
from jxlint.check.registry import TABLE_MEMO
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity, quantities
from jxlint.values.normalise import canonical_unit
from jxlint.values.parse import unit_words
from jxlint.values.units import dimension_of, to_yuan

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Factor:
    """One multiplier of a cost: how many, and why (``每月 ×12``, ``× 耗电量 130000度``)."""

    times: float
    why: str
    quantity: Indicator | None = None


@dataclass
class CostTerm:
    """A cost indicator's amount in 元 and what it is multiplied by."""

    indicator: Indicator
    value: Quantity
    amount_yuan: float
    factors: list[Factor] = field(default_factory=list)
    unmatched: str | None = None

    @property
    def total_yuan(self) -> float:
        """The amount times every factor."""
        total = self.amount_yuan
        for factor in self.factors:
            total *= factor.times
        return total

    def formula(self) -> str:
        """The term as a person checks it: ``9500×12``."""
        return "×".join([plain(self.amount_yuan, 4), *(plain(f.times, 4) for f in self.factors)])

    def as_data(self) -> dict[str, Any]:
        """The term for a finding's ``data``."""
        return {
            "indicator": self.indicator.label,
            "value": self.value.text,
            "amount_yuan": self.amount_yuan,
            "factors": [{"times": f.times, "why": f.why} for f in self.factors],
            "total_yuan": self.total_yuan,
        }


def cost_terms(table: Table, params: Mapping[str, Any]) -> list[CostTerm]:
    """Every money-valued cost indicator of ``table`` as a term with its factors.

    Worked out once for the rules of a table that share their params (BUDGET001, BUDGET002).
    """
    shared = TABLE_MEMO.get("costs.terms")
    if shared is not None and shared[0] is table and shared[1] == params:
        return shared[2]
    terms = _cost_terms(table, params)
    TABLE_MEMO["costs.terms"] = (table, dict(params), terms)
    return terms


def _cost_terms(table: Table, params: Mapping[str, Any]) -> list[CostTerm]:
    counted = [i for i in table.indicators if i.family == "数量" and isinstance(i.target, Quantity)]
    years = _plan_years(table)
    terms = []
    for indicator in table.indicators:
        if indicator.family != "成本" and indicator.dimension != "成本":
            continue
        for value in quantities(indicator.target):
            unit = value.unit
            if dimension_of(unit) not in ("currency", "currency_rate"):
                continue
            money, *per = unit.split("/")
            amount = to_yuan(value.number, money)
            if amount is None:
                continue
            term = CostTerm(indicator, value, amount)
            _add_factors(term, per, counted, years, params)
            terms.append(term)
    return terms


def _add_factors(
    term: CostTerm, per_units: list[str], counted: list[Indicator], years: int, params: Mapping[str, Any]
) -> None:
    periods: Mapping[str, float] = params.get("periods", {})
    text = term.indicator.name + " " + term.indicator.description
    cues = per_units or _cue_units(text, params)
    for unit in cues:
        if unit in periods and not _same_unit_quantities(unit, counted):
            term.factors.append(Factor(periods[unit] * years, f"每{unit} ×{plain(periods[unit] * years, 4)}"))
            continue
        own = _quantity_in_name(term.indicator.name, unit)
        if own is not None:
            # The cost row names its own quantity: 饲料库120平米 | 490元/平米.
            term.factors.append(Factor(own[0], f"× {own[1]}"))
            continue
        match = _best_quantity(term.indicator, _same_unit_quantities(unit, counted), params)
        if match is None:
            term.unmatched = unit
            continue
        term.factors.append(Factor(match.target.number, f"× {match.label} {match.target.text}", match))
    if not cues and re.search(params.get("average_cue", "平均"), term.indicator.name):
        match = _best_quantity(term.indicator, counted, params, need_overlap=True)
        if match is None:
            term.unmatched = "平均"
        else:
            term.factors.append(Factor(match.target.number, f"× {match.label} {match.target.text}", match))


def _quantity_in_name(name: str, unit: str) -> tuple[float, str] | None:
    """A figure with ``unit`` (or a unit of its kind and size) written in a cost row's name, as
    (number, the figure as written): "围墙300米" for 元/米."""
    for match in _FIGURE_IN_NAME.finditer(name):
        word = match.group(2)
        if canonical_unit(word) == canonical_unit(unit) or {canonical_unit(word), canonical_unit(unit)} == {"平米", "平方米"}:
            return float(match.group(1)), match.group(0)
    return None


_FIGURE_IN_NAME = re.compile(r"(\d+(?:\.\d+)?)\s*(平方米|平米|立方米|公里|千米|米|亩|个|座|栋|间|台|套|人|户|株|棵|头|只|吨|公斤)")


def _cue_units(text: str, params: Mapping[str, Any]) -> list[str]:
    """Units named by a per-unit cue: 每月 → 月, 单个账号 → 个, 培育1个… → 个."""
    match = _cue_pattern(params.get("per_unit_cue", "每|单个|单位"), params.get("one_cue", "[1一]")).search(text)
    if not match:
        return []
    unit = match.group("unit") or match.group("one_unit")
    return [unit]


@cache
def _cue_pattern(per_unit_cue: str, one_cue: str) -> re.Pattern[str]:
    units = "|".join(re.escape(w) for w in sorted({*unit_words(), "季度", "半年"}, key=len, reverse=True) if _CJK.search(w))
    return re.compile(
        # "培育1个…" names one unit; "第1项" is an ordinal, not a unit cost.
        rf"(?:{per_unit_cue})(?:一)?(?P<unit>{units})|(?<![\d.第]){one_cue}(?P<one_unit>{units})"
    )


def _same_unit_quantities(unit: str, counted: list[Indicator]) -> list[Indicator]:
    """The 数量 indicators counted in ``unit``: the same word, or the same measure (平方米 ~ m²)."""
    same = [q for q in counted if q.target.unit == unit]
    if same:
        return same
    dimension = dimension_of(unit)
    if dimension in ("count", "unknown", "dimensionless", "percent"):
        return []
    return [q for q in counted if dimension_of(q.target.unit, q.name) == dimension]


def _best_quantity(
    cost: Indicator, candidates: list[Indicator], params: Mapping[str, Any], need_overlap: bool = False
) -> Indicator | None:
    if not candidates:
        return None
    if len(candidates) == 1 and not need_overlap:
        return candidates[0]
    score, _, best = max(
        ((_similarity(cost.name, c.name, params), -n, c) for n, c in enumerate(candidates)), key=lambda s: s[:2]
    )
    return best if score > (0, 0) else None


def _similarity(cost_name: str, quantity_name: str, params: Mapping[str, Any]) -> tuple[int, int]:
    """(shared character pairs, shared characters) after widening the cost name with its synonyms."""
    ignore = set(params.get("ignore_chars", "每平均单位个成本费用的"))
    words = cost_name
    for group in params.get("synonyms", []):
        if any(w in cost_name for w in group):
            words += "|" + "|".join(group)
    pairs = {words[i:i + 2] for i in range(len(words) - 1)}
    quantity_pairs = {quantity_name[i:i + 2] for i in range(len(quantity_name) - 1)}
    shared_pairs = {p for p in pairs & quantity_pairs if _CJK.search(p) and not set(p) <= ignore}
    shared_chars = {c for c in set(words) & set(quantity_name) if _CJK.match(c) and c not in ignore}
    return len(shared_pairs), len(shared_chars)


def _plan_years(table: Table) -> int:
    """How many years the plan spans: from 开始时间/完成时间 when both are years, else one."""
    start = re.search(r"(?:19|20)\d{2}", table.start or "")
    end = re.search(r"(?:19|20)\d{2}", table.end or "")
    if start and end and int(end.group()) >= int(start.group()):
        return int(end.group()) - int(start.group()) + 1
    return 1
