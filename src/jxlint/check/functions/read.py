"""Checks on what the reader could take from the input (category ``read``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table


@check("cut_short")
def cut_short(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A table whose input stops inside it, pointed at its last row read."""
    if table.truncated:
        last = table.indicators[-1].location if table.indicators else table.location
        yield Hit({"last_line": last.short() or table.location.short()}, location=last)
