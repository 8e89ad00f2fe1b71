"""Money figures in header cells and running text: ``1,986,900.00``, ``54``, ``30万元``, ``11.900%``."""

from __future__ import annotations

import re

_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")
# A figure is read from its first digit and never backtracked into ((?<!\d), \d++): a long run of
# digits costs one pass, not one per digit.
_MONEY = re.compile(r"(?<!\d)(\d++(?:\.\d+)?)\s*(亿元|万元|千元|元)")
_LISTED = re.compile(r"含([^。；;]*)")
_SCALE = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_YUAN_SUFFIX = re.compile(r"^(.*?)\s*(亿元|万元|千元|元)$")


#: Above this many 元 (a thousand times China's annual budget) a figure is no amount of money.
_MOST_YUAN = 1e15


def _real(amount: float) -> float | None:
    """The amount, or None when it is too large to be real (or not finite)."""
    return amount if abs(amount) < _MOST_YUAN else None


def parse_amount(text: str) -> float | None:
    """A number as written in a money cell (thousands separators allowed), or None (also for an unreal figure)."""
    text = text.strip()
    match = _YUAN_SUFFIX.match(text)
    factor = 1.0
    if match:
        text, factor = match.group(1), _SCALE[match.group(2)]
    if not _PLAIN_NUMBER.match(text) or len(text) > 40:
        return None
    return _real(float(text.replace(",", "").replace("，", "")) * factor)


_OWN_UNIT = re.compile(r"^\s*([-+]?\d[\d,，]*(?:\.\d+)?)\s*(亿元|万元|千元|元|亿|万)\s*(?:[（(][^）)]*[）)])?\s*$")
_TRAILING_FIGURE = re.compile(r"^[^\d]{2,40}?[:：]?\s*(\d[\d,，]*(?:\.\d+)?)\s*$")
_UNIT_SCALE = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0, "亿": 1e8, "万": 1e4}


def amount_in_yuan(text: str, scale: float) -> float | None:
    """A money cell in 元: ``10000万元`` and ``50万`` by their own unit (a note in brackets after
    it is left out), a bare figure by the table's ``scale``, a label before a figure passed over
    ("中央补助资金(少数民族发展任务)50"); None when the cell holds no amount."""
    text = text.strip()
    own = _OWN_UNIT.match(text)
    if own:
        return _real(float(own.group(1).replace(",", "").replace("，", "")) * _UNIT_SCALE[own.group(2)])
    amount = parse_amount(text)
    if amount is not None:
        return _real(amount * scale)
    trailing = _TRAILING_FIGURE.match(text)
    if trailing and "年" not in text:
        return _real(float(trailing.group(1).replace(",", "").replace("，", "")) * scale)
    return None


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
    found = [(float(m.group(1)) * _SCALE[m.group(2)], m.group(0)) for m in _MONEY.finditer(text)]
    return [(amount, written) for amount, written in found if _real(amount) is not None]


def listed_amounts(text: str) -> list[float]:
    """Amounts in 元 listed after 含 ("含人工智能项目30万元、人才大会项目40.8万元…")."""
    return [yuan for clause in _LISTED.findall(text) for yuan, _ in money_in_text(clause)]
