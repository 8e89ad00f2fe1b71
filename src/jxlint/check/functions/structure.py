"""Checks on the shape of the indicator system (category ``structure``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.model.vocab import labels, normalise


@check("missing_dimensions")
def missing_dimensions(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Each required 一级 (params ``required``) with no filled indicator row."""
    present = {i.dimension for i in indicators if not i.is_empty}
    for dimension in params.get("required", []):
        if dimension not in present:
            yield Hit({"dimension": dimension})


@check("no_cost_indicator")
def no_cost_indicator(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A table with no 成本 row at all (an empty one is reported by the empty-row rule)."""
    if indicators and not any(i.family == "成本" or i.dimension == "成本" for i in indicators):
        yield Hit({"indicators": len(indicators)})


@check("level2_outside_level1")
def level2_outside_level1(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A stated 二级 that the vocabulary does not list under its 一级 (reported once per pair)."""
    seen: set[tuple[str, str]] = set()
    for indicator in indicators:
        if indicator.level2_inferred or not indicator.level2 or indicator.dimension is None:
            continue
        if indicator.family is not None:
            continue
        pair = (indicator.level1, indicator.level2)
        if pair in seen:
            continue
        seen.add(pair)
        allowed = "、".join(sorted(labels().children.get(indicator.dimension, ())))
        yield Hit({"level1": indicator.level1, "level2": indicator.level2, "allowed": allowed}, indicator)


@check("duplicate_indicators")
def duplicate_indicators(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 三级 name that appears twice under the same 二级."""
    first_row: dict[tuple[str | None, str], Indicator] = {}
    for indicator in indicators:
        if not indicator.name:
            continue
        key = (indicator.family or indicator.level2, normalise(indicator.name))
        if key in first_row:
            yield Hit({"first_line": first_row[key].location.short()}, indicator)
        else:
            first_row[key] = indicator


@check("too_few_indicators")
def too_few_indicators(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Fewer filled indicator rows than params ``minimum``."""
    count = sum(1 for i in indicators if not i.is_empty)
    if count < params.get("minimum", 3):
        yield Hit({"count": count, "minimum": params.get("minimum", 3)})
