"""A grid row whose cells are glued into one text: the name, then its figures with no separator.

Tables pasted as running text lose their cell borders, so a row reaches us as
"全年实现会展业综合收入≥280亿元30%正向指标" or, worse, as
"…发放完毕,2010010020" (分值 20 | 指标值 100 | 实际值 100 | 得分 20). Many cuts
are possible; :func:`split_row` tries them and keeps the one that makes the
most sense for the columns the header announced:

* the tail after the name must be made wholly of value atoms: a comparator,
  a number with its unit or percent, 是/否, a direction word (正向指标);
* a run of digits may hold several numbers (20 | 100 | 100 | 20): each way of
  cutting it is a candidate;
* a candidate scores by how well its atoms fit the columns: a weight is a
  number up to 100, a score is no more than its weight, a target and its
  actual are of the same order (equal is best), numbers have no leading zero.

The text before the first atom is the name; when the grid has a description
column, a description that starts with 反映 is cut from the name.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from jxlint.values.parse import unit_words

_COMPARATORS = ("大于等于", "小于等于", "不低于", "不高于", "不少于", "不超过", ">=", "<=", "≥", "≤", "＞", "＜", ">", "<", "=", "±")
_DIRECTIONS = ("正向指标", "反向指标", "正向", "反向", "定量指标", "定性指标", "定量", "定性")
_WORDS = ("是/否", "是", "否", "及时", "按时", "合格", "达标", "良好", "优秀", "较好", "好", "高", "完成", "已完成")
_SCALES = ("万", "亿", "千")
_DESCRIPTION = re.compile(r"反映|用于反映|考察|衡量")
# Columns that take a figure, a word of judgement, a direction, or text.
_FIGURE_ROLES = frozenset({"target", "actual", "long_term", "half_year", "adjusted_target"})
_NUMBER_ROLES = frozenset({"weight", "score", "coefficient"})
_TEXT_ROLES = frozenset({"reason", "method", "description", "basis"})
_MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class _Atom:
    text: str
    kind: str  # "cmp", "num" (bare number), "qty" (number with unit or %), "word", "dir"


def split_row(text: str, slots: list[str]) -> tuple[str, list[str]] | None:
    """``(name, texts)`` for a glued row, the texts one per slot ("" where none), or None when no cut makes sense."""
    best: tuple[float, str, list[str]] | None = None
    for start in _starts(text):
        atoms = _atomise(text[start:])
        if atoms is None:
            continue
        name = text[:start].rstrip(" ,，:：;；")
        if not name:
            continue
        for candidate in itertools.islice(_recut(atoms), _MAX_CANDIDATES):
            placed = _place(candidate, slots)
            if placed is None:
                continue
            filled = _first_of_each(slots, placed)
            if not {"target", "actual"} & filled.keys():
                continue
            score = _plausibility(filled)
            if best is None or score > best[0]:
                best = (score, name, placed)
        if best is not None:
            break  # the first place where the tail is all values: the name ends there
    if best is None:
        return None
    _, name, placed = best
    if "description" in slots and not placed[slots.index("description")] and (match := _DESCRIPTION.search(name, 2)):
        placed[slots.index("description")] = name[match.start():]
        name = name[:match.start()]
    return name, placed


def _first_of_each(slots: list[str], placed: list[str]) -> dict[str, str]:
    """The first filled text of each role (a role may have two columns: 指标性质 and 指标方向性)."""
    first: dict[str, str] = {}
    for role, text in zip(slots, placed):
        if text and role not in first:
            first[role] = text
    return first


def _starts(text: str) -> list[int]:
    """Where the values may begin: at a comparator, a digit or 是/否, not inside a number."""
    starts = []
    for index, char in enumerate(text):
        if index == 0:
            continue
        previous = text[index - 1]
        if char.isdigit() and (previous.isdigit() or previous in ".%"):
            continue
        if char.isdigit() or char in "≥≤><=＞＜±" or text.startswith(_COMPARATORS, index) or char in "是否":
            starts.append(index)
    return starts


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    words = sorted({*unit_words(), "%", "‰", "平米", "平方米", "亩", "粒", "株", "公里", "km", "吨", "头", "只", "棵", "张"},
                   key=len, reverse=True)
    units = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:[万亿千])?(?:{units})(?:/(?:{units}))?|[万亿千]")


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _atomise(tail: str) -> list[_Atom] | None:
    """The tail cut into value atoms, or None when some part of it is no value."""
    atoms: list[_Atom] = []
    position = 0
    units = _unit_pattern()
    if tail.rstrip()[-1:] in ",，、;；":
        return None  # a clause of prose ("…目标人群3620人,"), not a row's figures
    while position < len(tail):
        if tail[position] in " ,，、;；。":
            position += 1
            continue
        comparator = next((c for c in _COMPARATORS if tail.startswith(c, position)), None)
        if comparator:
            atoms.append(_Atom(comparator, "cmp"))
            position += len(comparator)
            continue
        number = _NUMBER.match(tail, position)
        if number:
            end = number.end()
            unit = units.match(tail, end)
            if unit:
                atoms.append(_Atom(tail[position:unit.end()], "qty"))
                position = unit.end()
            else:
                atoms.append(_Atom(number.group(0), "num"))
                position = end
            continue
        word = next((w for w in (*_DIRECTIONS, *_WORDS) if tail.startswith(w, position)), None)
        if word:
            atoms.append(_Atom(word, "dir" if word in _DIRECTIONS else "word"))
            position += len(word)
            continue
        return None
    return atoms or None


def _recut(atoms: list[_Atom]):
    """The atoms, then every way of cutting a digit run into several numbers (at most four pieces)."""
    options: list[list[list[_Atom]]] = []
    for atom in atoms:
        choices = [[atom]]
        if atom.kind in ("num", "qty"):
            digits = _NUMBER.match(atom.text)
            assert digits is not None
            head, tail = digits.group(0), atom.text[digits.end():]
            if len(head) >= 2:
                for pieces in _cuts(head):
                    if len(pieces) > 1:
                        *first, last = pieces
                        choices.append([*(_Atom(p, "num") for p in first), _Atom(last + tail, atom.kind)])
        options.append(choices)
    for combination in itertools.product(*options):
        yield [atom for group in combination for atom in group]


def _cuts(digits: str) -> list[list[str]]:
    """Every way of cutting a figure into up to four numbers, each with at most one decimal point."""
    found = []
    for count in range(2, 5):
        for points in itertools.combinations(range(1, len(digits)), count - 1):
            bounds = (0, *points, len(digits))
            pieces = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
            if all(_well_formed(p) for p in pieces):
                found.append(pieces)
    return found


def _well_formed(piece: str) -> bool:
    if piece.startswith(".") or piece.endswith(".") or piece.count(".") > 1:
        return False
    whole = piece.split(".")[0]
    return whole == "0" or not whole.startswith("0")


def _place(atoms: list[_Atom], slots: list[str]) -> list[str] | None:
    """The atoms placed in the columns their kind fits, in order ("" for a column left empty);
    None when an atom fits nowhere. Figures beyond the last column (one per place in a grid of
    places, 笏石街道办 | 埭头镇) are passed over once a target is placed."""
    placed = [""] * len(slots)
    column = 0
    pending_comparator = ""
    for atom in atoms:
        if atom.kind == "cmp" and "sense" not in slots[column:]:
            pending_comparator += atom.text
            continue
        while column < len(slots) and not _fits(atom, slots[column]):
            column += 1
        if column >= len(slots):
            if "target" in slots and placed[slots.index("target")] and atom.kind in ("num", "qty", "word"):
                pending_comparator = ""
                continue
            return None
        text = atom.text
        if pending_comparator and slots[column] in _FIGURE_ROLES:
            text, pending_comparator = pending_comparator + text, ""
        placed[column] = text
        column += 1
    return placed if not pending_comparator else None


def _fits(atom: _Atom, role: str) -> bool:
    if role == "sense":
        return atom.kind in ("cmp", "dir")
    if role in _FIGURE_ROLES:
        return atom.kind in ("num", "qty", "word")
    if role in _NUMBER_ROLES:
        return atom.kind == "num" or (atom.kind == "qty" and atom.text.endswith("%"))
    if role == "unit":
        return False
    if role == "core":
        return atom.kind == "word" and atom.text in ("是", "否")
    return False


def _plausibility(placed: dict[str, str]) -> float:
    """How much sense a placement makes (see the module's docstring)."""
    score = 0.0
    number = {role: _value(text) for role, text in placed.items()}
    for role in ("target", "actual"):
        if role in placed:
            score += 2
    weight, mark = number.get("weight"), number.get("score")
    if weight is not None:
        score += 1 if 0 < weight <= 100 else -4
    if mark is not None:
        score += 1 if 0 <= mark <= 100 else -4
        if weight is not None:
            score += 1 if mark <= weight else -3
    target, actual = number.get("target"), number.get("actual")
    if target is not None and actual is not None:
        if target == actual:
            score += 2
        elif target and 0.5 <= actual / target <= 2:
            score += 1
        else:
            score -= 2
    return score


def _value(text: str) -> float | None:
    match = _NUMBER.search(text)
    return float(match.group(0)) if match else None
