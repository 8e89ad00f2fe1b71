"""Money figures in header cells and running text: ``1,986,900.00``, ``54``, ``30万元``, ``11.900%``."""

from __future__ import annotations

import re

_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")
_MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|千元|元)")
_LISTED = re.compile(r"含([^。；;]*)")
_SCALE = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_YUAN_SUFFIX = re.compile(r"^(.*?)\s*(亿元|万元|千元|元)$")


def parse_amount(text: str) -> float | None:
    """A number as written in a money cell (thousands separators allowed), or None."""
    text = text.strip()
    match = _YUAN_SUFFIX.match(text)
    factor = 1.0
    if match:
        text, factor = match.group(1), _SCALE[match.group(2)]
    if not _PLAIN_NUMBER.match(text):
        return None
    return float(text.replace(",", "").replace("，", "")) * factor


def parse_rate(text: str) -> float | None:
    """A stated rate ``11.900%`` as a fraction (0.119), or None."""
    text = text.strip()
    if not text.endswith("%"):
        return None
    number = parse_amount(text[:-1])
    return None if number is None else number / 100


def scale_of(money_unit: str) -> float:
    """How many 元 one unit of the table's money unit is (元 → 1, 万元 → 10000)."""
    return _SCALE.get(money_unit, 1.0)


def money_in_text(text: str) -> list[tuple[float, str]]:
    """Every ``N万元``/``N元`` in running text, as (amount in 元, the figure as written)."""
    return [(float(m.group(1)) * _SCALE[m.group(2)], m.group(0)) for m in _MONEY.finditer(text)]


def listed_amounts(text: str) -> list[float]:
    """Amounts in 元 listed after 含 ("含人工智能项目30万元、人才大会项目40.8万元…")."""
    return [yuan for clause in _LISTED.findall(text) for yuan, _ in money_in_text(clause)]
