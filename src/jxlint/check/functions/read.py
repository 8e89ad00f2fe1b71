"""Checks on what the reader could take from the input (category ``read``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table


@check("read.table-cut-short")
def cut_short(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A table whose input stops inside it, pointed at the last row or field read."""
    if table.truncated:
        read = [i.location for i in table.indicators] + list(table.field_locations.values())
        last = max(read, key=lambda location: location.line or 0, default=table.location)
        where = ("指标", "indicators") if table.indicators else ("表头", "head")
        yield Hit({"what": where[0], "what_en": where[1]}, location=last)
