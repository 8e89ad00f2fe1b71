"""Checks on the shape of the indicator system (category ``structure``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.model.vocab import labels, normalise
from jxlint.values.model import quantities
from jxlint.values.parse import parse_value
from jxlint.values.units import to_yuan


@check("structure.missing-dimension")
def missing_dimensions(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Each required 一级 (params ``required``) with no filled indicator row. A table whose indicators
    carry no 一级 or 二级 at all (a flat list of 指标名称, as some 部门整体 forms print) has no categories
    to miss: it is left alone."""
    if indicators and not any(i.level1 or i.level2 for i in indicators):
        return
    present = {i.dimension for i in indicators if not i.is_empty}
    for dimension in params.get("required", []):
        if dimension not in present:
            yield Hit({"dimension": dimension})


@check("structure.no-cost-indicator")
def no_cost_indicator(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A table with no 成本 row at all (an empty one is reported by the empty-row rule)."""
    if indicators and not any(i.cost_kind is not None for i in indicators):
        yield Hit({"indicators": len(indicators)})


@check("structure.level2-outside-level1")
def level2_outside_level1(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A stated 二级 that the vocabulary does not list under its 一级 (reported once per pair)."""
    seen: set[tuple[str, str]] = set()
    for indicator in indicators:
        if indicator.level2_inferred or not indicator.level2 or indicator.dimension is None:
            continue
        if indicator.family is not None or labels().level1_of(indicator.level2) == indicator.dimension:
            continue  # a known pair, or the 二级 repeating its 一级 (成本指标 / 成本指标)
        pair = (indicator.level1, indicator.level2)
        if pair in seen:
            continue
        seen.add(pair)
        allowed = "、".join(sorted(labels().children.get(indicator.dimension, ())))
        yield Hit({"level1": indicator.level1, "level2": indicator.level2, "allowed": allowed}, indicator)


@check("structure.duplicate-indicator")
def duplicate_indicators(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 三级 name that appears more than once under the same 二级: reported once, at its second row,
    with how many times it appears."""
    keys = [(i.family or i.level2, normalise(i.name)) for i in indicators if i.name]
    if len(set(keys)) == len(keys):
        return  # no name repeated: the usual table, told in one pass
    rows: dict[tuple[str | None, str], list[tuple[int, Indicator]]] = {}
    for position, indicator in enumerate(indicators):
        if indicator.name:
            key = (indicator.family or indicator.level2, normalise(indicator.name))
            rows.setdefault(key, []).append((position, indicator))
    for same in sorted((same for same in rows.values() if len(same) > 1), key=lambda same: same[1][0]):
        yield Hit({"first_line": same[0][1].location.short(), "count": len(same)}, same[1][1])


@check("structure.too-few-indicators")
def too_few_indicators(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Fewer filled indicator rows than params ``minimum``."""
    count = sum(1 for i in indicators if not i.is_empty)
    if count < params.get("minimum", 3):
        yield Hit({"count": count, "minimum": params.get("minimum", 3)})


@check("structure.placeholder-rows")
def placeholder_rows(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """The template's numbered rows left empty ("指标2", "……"): reported once, at the first, with how many."""
    pattern = re.compile(params.get("names", ""))
    empty = [i for i in indicators if i.target.kind == "empty" and pattern.fullmatch(i.name.strip())]
    if empty:
        yield Hit({"count": len(empty), "names": "、".join(dict.fromkeys(i.name for i in empty))}, empty[0])


@check("structure.goals-repeat-name")
def goals_repeat_name(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """年度目标 text that, once the project's name and joining words are taken out, says almost nothing
    (fewer than params ``least`` Chinese characters; a rest longer than ``longest`` is not looked into)."""
    goals = table.goals.strip()
    if not goals or not table.project:
        return
    rest = goals
    for name in {table.project, _BRACKETS.sub("", table.project)}:
        if len(name) >= 4:
            rest = rest.replace(name, "")
    if len(rest) > params.get("longest", 30):
        return  # more than joining words is left: the goals say something beside the name
    rest = re.sub(params.get("filler", ""), "", rest)
    if len(goals) > len(rest) and _hanzi_at_least(params.get("least", 6)).search(rest) is None:
        yield Hit({"goals": goals[:60]}, location=table.location_of("goals"))


@lru_cache(maxsize=8)
def _hanzi_at_least(count: int) -> re.Pattern[str]:
    """Matches a text holding ``count`` Chinese characters or more, stopping at the last one needed."""
    return re.compile(r"(?:[\u4e00-\u9fff][^\u4e00-\u9fff]*){%d}" % count)


@check("structure.blank-head-fields")
def blank_head_fields(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Head keys the form prints and the table leaves blank (params ``required``), and a choice of
    boxes (□新增 □延续) with none ticked."""
    blank = [f for f in table.blank_fields if f in params.get("required", [])]
    unticked = [f for f, v in table.other_fields.items() if "□" in v and not re.search(params.get("ticked", "[☑■√✓✔☒]"), v)]
    fields = [*blank, *unticked]
    if fields:
        names = params.get("names", {})
        yield Hit({"fields": "、".join(names.get(f, f) for f in fields)}, location=table.location_of(fields[0]))


@check("structure.blank-target")
def blank_target(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A named indicator whose 指标值 cell, apart from the name's, is blank (a template's numbered
    row, params ``placeholder_names``, is left to the placeholder-rows rule)."""
    blank = [i for i in indicators if i.name and i.target.kind == "empty"]
    if not blank:
        return  # the usual table
    placeholder = re.compile(params.get("placeholder_names", ""))
    for indicator in blank:
        separate = indicator.target_location is not None and indicator.target_location != indicator.name_location
        if separate and not placeholder.fullmatch(indicator.name.strip()) and not _is_value(indicator.name):
            yield Hit({}, indicator)


@check("structure.missing-department")
def missing_department(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """The form prints 主管部门 and the table leaves it blank."""
    if "department" in table.blank_fields and not table.department:
        yield Hit({}, location=table.location_of("department"))


@check("structure.long-term-copies-annual")
def long_term_copies_annual(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 中期 column group whose targets repeat the annual ones row for row (params ``least`` rows)."""
    pairs = [(i.target.text.strip(), i.long_term.text.strip()) for i in indicators
             if i.long_term is not None and i.target.kind != "empty"]
    if len(pairs) >= params.get("least", 3) and all(a == b for a, b in pairs):
        yield Hit({"rows": len(pairs)}, location=indicators[0].location if indicators else None)


@check("structure.timeliness-misfiled")
def misfiled_timeliness(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A timeliness measure (时效, 及时, 时限) filed under another 二级 (params ``families``)."""
    words = re.compile(params.get("words", ""))
    for indicator in indicators:
        if indicator.family in params.get("families", []) and words.search(indicator.name):
            yield Hit({"family": indicator.family}, indicator)


@check("structure.outcome-as-output")
def outcome_as_output(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 数量指标 whose target is an amount of money many times the budget (params ``ratio``): an
    economic effect (an industry's revenue) filed as an output of the fund."""
    budget = table.funding.budget_yuan
    if not budget:
        return
    for indicator in indicators:
        if indicator.family != "数量":
            continue
        for value in quantities(indicator.target):
            amount = to_yuan(value.number, value.unit) if value.unit else None
            if amount is not None and amount >= params.get("ratio", 100) * budget:
                yield Hit({"value": value.text, "times": round(amount / budget)}, indicator)
                break


def _is_value(text: str) -> bool:
    """True when a text reads as a target (≥90%, 75万元, 2025年6月底前): a value read into the name cell."""
    value = parse_value(text)
    return value.kind in _VALUE_KINDS and getattr(value, "subject", None) is None


_VALUE_KINDS = frozenset({"quantity", "date", "range", "placeholder", "formula"})
_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")
