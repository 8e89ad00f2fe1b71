"""Normalise an 指标值 cell before it is parsed, and give units their canonical text.

Cells come from Word and Excel tables written by hand: full-width digits and
symbols (``≥５０％``, ``＞１５家``), stray spaces (``2000m ²``), a sentence
full stop at the end. The grammar only has to know one spelling of each.
"""

from __future__ import annotations

import functools
import re

# Full-width ASCII (U+FF01–U+FF5E) maps to ASCII by a fixed offset. The Chinese
# clause punctuation ，；：！？ stays full-width: it separates clauses and list
# items, while a half-width comma inside a number is a thousands separator.
_KEEP_FULL_WIDTH = "，；：！？"
_TRANSLATION: dict[int, int | str] = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH
}
_TRANSLATION.update(
    {
        ord("\u3000"): " ",  # ideographic space
        ord("≧"): "≥",
        ord("≦"): "≤",
        ord("﹥"): ">",
        ord("﹤"): "<",
        ord("﹪"): "%",
        ord("〜"): "~",
        ord("㎡"): "m²",
        ord("㎥"): "m³",
    }
)

# Chinese needs no spaces, so all whitespace goes, except between two Latin
# letters where it may separate words of an English unit or name.
_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])")
# A sentence full stop or a dangling separator at either end says nothing.
_EDGE_PUNCTUATION = "，,；;、。"


def normalise(text: str) -> str:
    """The cell text as the grammar expects it: half-width, without spaces or trailing 。."""
    text = text.translate(_TRANSLATION).replace("°C", "℃")
    if _SPACE.search(text):  # most cells have none, and the search is a third of the removal's cost
        text = _SPACES.sub("", text)
    return text.strip(_EDGE_PUNCTUATION)


# Superscripts written as plain digits after a metre: m2, km2, m3.
_PLAIN_POWERS = re.compile(r"(?<=m)([23])(?![0-9])")
_SUPERSCRIPTS = {"2": "²", "3": "³"}


# Units are few and recur in every table: their spellings are remembered.
@functools.lru_cache(maxsize=1024)
def canonical_unit(unit: str) -> str:
    """The canonical spelling of a unit already through :func:`normalise`.

    The unit keeps the words it was written with (``万元``, ``平方米``,
    ``元/平方米/月`` stay as they are); only its spelling is made uniform:

    - full-width letters and symbols are half-width (``ｋＷｈ`` → ``kWh``, ``％`` → ``%``);
    - there is no whitespace (``m ²`` → ``m²``);
    - an area or volume power is a superscript (``㎡``, ``m2`` → ``m²``; ``㎥``, ``m3`` → ``m³``);
    - a temperature is ``℃`` (``°C`` → ``℃``).

    What each unit means is defined in ``grammar/units.txt``.
    """
    return _PLAIN_POWERS.sub(lambda match: _SUPERSCRIPTS[match.group(1)], normalise(unit))
