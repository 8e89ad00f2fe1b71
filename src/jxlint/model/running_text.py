"""Indicators written as running text in one cell, one project per row (the Guangzhou layout).

"1、产出指标：举办论坛活动场次，年度指标值：举办…≥4场。2、效益指标：…" becomes
one Indicator per numbered item: the 一级 before the colon, the name before
"年度指标值：", the value after it.
"""

from __future__ import annotations

import re
from functools import cache

from jxlint.model.indicator_rows import GridReader
from jxlint.model.table import Indicator
from jxlint.model.vocab import labels
from jxlint.read.grid import Cell, Row

_VALUE_KEY = re.compile(r"[，,；;]?\s*(?:年度|全年|年)?(?:指标值|目标值)\s*[：:]")


@cache
def _item_start() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in labels().prefixes())
    return re.compile(rf"(?:^|(?<=[。；;\s]))\s*\d+\s*[、.．]\s*((?:{words})(?:指标)?)(?:\s*[-—/]\s*((?:{words})(?:指标)?))?\s*[：:]")


def has_running_indicators(text: str) -> bool:
    """True when a cell holds numbered indicators as running text."""
    return len(_item_start().findall(text)) >= 1


def running_indicators(cell: Cell) -> list[Indicator]:
    """The indicators written in one cell, located at that cell."""
    text = cell.text
    starts = list(_item_start().finditer(text))
    reader = GridReader({"level1": 0, "level2": 1, "name": 2, "target": 3}, 4)
    for match, following in zip(starts, starts[1:] + [None]):
        body = text[match.end(): following.start() if following else len(text)].strip()
        parts = _VALUE_KEY.split(body, maxsplit=1)
        name, value = (parts[0], parts[1]) if len(parts) == 2 else (body, "")
        row_texts = [match.group(1), match.group(2) or "", name.strip(" ，,"), value.strip().rstrip("。；;")]
        reader.take(Row([Cell(t, cell.location) for t in row_texts], cell.location))
    return reader.finish()
