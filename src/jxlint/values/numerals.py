"""Chinese numerals as written in 指标值 cells: 三, 十二, 两百, 九十五, 一千五百, 二〇二五."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

_NUMERAL_CHARACTERS = frozenset(_DIGITS) | frozenset(_SMALL_UNITS) | frozenset(_LARGE_UNITS)


def chinese_to_int(numeral: str) -> int:
    """The value of a Chinese numeral; raises ValueError on a character that is not one.

    Digits without any unit word are read place by place (``二〇二五`` → 2025);
    otherwise units multiply the digit before them (``十二`` → 12,
    ``一百零五`` → 105, ``三千万`` → 30000000).
    """
    if not numeral or not set(numeral) <= _NUMERAL_CHARACTERS:
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if set(numeral) <= _DIGITS.keys():
        return int("".join(str(_DIGITS[character]) for character in numeral))
    total = section = digit = 0
    for character in numeral:
        if character in _DIGITS:
            digit = _DIGITS[character]
        elif character in _SMALL_UNITS:
            # A unit with no digit before it counts once: 十二 is 12.
            section += (digit or 1) * _SMALL_UNITS[character]
            digit = 0
        elif character == "亿":
            # 亿 is the largest unit: it scales everything before it (三万亿).
            total = (total + section + digit) * _LARGE_UNITS[character]
            section = digit = 0
        else:
            # 万 scales only its own section: 一亿三千万 is 1亿 + 3000万.
            total += (section + digit) * _LARGE_UNITS[character]
            section = digit = 0
    return total + section + digit
