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
from collections.abc import Iterator, Sequence
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
#: The longest digit run cut into glued figures: four figures of six digits ("450000450000…").
#: A longer run is one figure (or none): cutting it in up to four is cubic in its length.
_MAX_CUT_DIGITS = 24
# What cutting a figure into two costs a reading: a cut must buy a better fit.
_CUT_PENALTY = 1.0
#: The most value atoms one row holds (its columns, or one figure per place in a grid of places):
#: a longer run of figures is no row, and reading it at every start would be quadratic.
_MAX_ROW_ATOMS = 32
_ENUMERATORS = ("指标", "目标")
_PROSE = re.compile(r"[，,。；;：:]")
# A name ending in a year or month, or a text going on with a date's tail: a date cut in two.
_CUT_DATE = re.compile(r"\d\s*[年月]$")
_DATE_TAIL = re.compile(r"[年月日]?\s*(?:底|末|前|之前|以前|\d{1,2}\s*[月日])")
_PLACEHOLDER_NAME = re.compile(r"\s*(?:指标|目标)\s*\d+\s*[:：]?\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Atom:
    text: str
    kind: str  # "cmp", "num" (bare number), "qty" (number with unit or %), "word", "dir"


def split_row(text: str, slots: list[str]) -> tuple[str, list[str]] | None:
    """``(name, texts)`` for a glued row, the texts one per slot ("" where none), or None when no cut makes sense."""
    if len(text) < 4 or _PLACEHOLDER_NAME.fullmatch(text):
        return None  # "指标2": a template's numbered row, not a name glued to a figure
    best: tuple[float, str, list[str]] | None = None
    for start in _starts(text, slots):
        atoms = _atomise(text[start:])
        if atoms is None:
            continue
        name = text[:start].rstrip(" ,，:：;；")
        if len(name) < 2 or not _CJK.search(name):
            continue
        for candidate in itertools.islice(_recut(atoms), _MAX_CANDIDATES):
            placed = _place(candidate, slots)
            if placed is None:
                continue
            filled = _first_of_each(slots, placed)
            if not {"target", "actual"} & filled.keys():
                continue
            score = _plausibility(filled) - _CUT_PENALTY * _cut_count(candidate, atoms)
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


def split_rows(text: str, slots: list[str]) -> list[tuple[str, list[str]]]:
    """Several glued rows one after another ("…控制率%定量指标100%92%100%22否“三公经费变动率%…"):
    each row is a name and the value atoms after it, up to the next name. Empty unless the text
    is two rows or more, wholly."""
    rows = []
    rest = text
    while rest:
        found = _first_row(rest, slots)
        if found is None:
            break
        name, placed, end = found
        rows.append((name, placed))
        rest = rest[end:].lstrip(" ,，;；。、“”\"")
        if _DATE_TAIL.match(rest):
            return []  # the next row would start inside a date (…11月30日前): a cut in the wrong place
    # Only a text cut wholly into rows is read as rows: a name with figures inside stays a name.
    # What may be left is a word that opens the next block (绩效指标) or a page's number.
    left = rest.strip()
    return rows if len(rows) >= 2 and (not left or len(left) <= 4) else []


def _first_row(text: str, slots: list[str]) -> tuple[str, list[str], int] | None:
    """The first row of glued rows: (name, texts per slot, where the next row starts)."""
    for start in _starts(text, slots):
        name = text[:start].rstrip(" ,，:：;；")
        if len(name) < 2 or not _CJK.search(name) or _CUT_DATE.search(name) or _DATE_TAIL.match(text, start - 1):
            continue  # a date cut in two (指标12021年 | 11月30日前…) is no row's end
        if _PROSE.search(name) or name[0] in "(（)）":
            return None  # a clause of a sentence ("…共计3875人(涉及…"): the text is prose, not rows
        atoms, end = _atomise(text[start:], prefix=True) or (None, 0)
        if not atoms:
            continue
        if start + end < len(text) and not any(a.kind in ("num", "qty", "cmp", "date") for a in atoms):
            continue  # words of judgement inside a text (…完成及时率…) end a row only at the end
        best: tuple[float, list[str]] | None = None
        for candidate in itertools.islice(_recut(atoms), _MAX_CANDIDATES):
            placed = _place(candidate, slots)
            if placed is None:
                continue
            filled = _first_of_each(slots, placed)
            # A row of several value columns fills two of them at least (a lone figure is prose),
            # but the text's last row may stop after one (a page cut short).
            at_end = not text[start + end:].strip()
            enough = len(filled) >= (1 if at_end else min(2, len([r for r in slots if r not in _TEXT_ROLES])))
            if enough and ({"target", "actual"} & filled.keys() or len(filled) >= 3):
                score = _plausibility(filled) - _CUT_PENALTY * _cut_count(candidate, atoms)
                if best is None or score > best[0]:
                    best = (score, placed)
        if best is not None:
            return name, best[1], start + end
    return None


def _starts(text: str, slots: Sequence[str] = ()) -> Iterator[int]:
    """Where the values may begin, in order: at a comparator, a digit or 是/否, not inside a number;
    at a percent sign or 定量/定性 when the grid has a unit or a 指标性质 column. Lazy: the first
    row of glued rows is found near the text's start."""
    extra = ("%",) * ("unit" in slots) + _DIRECTIONS * ("sense" in slots)
    for index, char in enumerate(text):
        if index == 0:
            continue
        previous = text[index - 1]
        if char.isdigit() and (previous.isdigit() or previous in ".%" or text[max(0, index - 2):index] in _ENUMERATORS):
            continue  # inside a number, or the template's numbering (指标1, 目标2)
        if (char.isdigit() or char in "≥≤><=＞＜±" or text.startswith(_COMPARATORS, index) or char in "是否"
                or text.startswith(_WORDS, index) or (extra and text.startswith(extra, index))):
            yield index


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    words = sorted({*unit_words(), "%", "‰", "平米", "平方米", "亩", "粒", "株", "公里", "km", "吨", "头", "只", "棵", "张"},
                   key=len, reverse=True)
    units = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:[万亿千])?(?:{units})(?:/(?:{units}))?|[万亿千]")


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|初|上旬|中旬|下旬)?(?:前|之前|以前|内)?|"
                   r"\d{1,2}月(?:\d{1,2}日)?(?:底|末)(?:前|之前)?")


def _atomise(tail: str, prefix: bool = False):
    """The tail cut into value atoms, or None when some part of it is no value. With ``prefix``,
    the atoms at the start of the tail and where they end: ``(atoms, end)``."""
    atoms: list[_Atom] = []
    position = 0
    units = _unit_pattern()
    if not prefix and tail.rstrip()[-1:] in ",，、;；":
        return None  # a clause of prose ("…目标人群3620人,"), not a row's figures
    while position < len(tail):
        if len(atoms) > _MAX_ROW_ATOMS:
            return None  # more figures than any row holds
        if tail[position] in " ,，、;；。":
            position += 1
            continue
        comparator = next((c for c in _COMPARATORS if tail.startswith(c, position)), None)
        if comparator:
            atoms.append(_Atom(comparator, "cmp"))
            position += len(comparator)
            continue
        date = _DATE.match(tail, position)
        if date:
            atoms.append(_Atom(date.group(0), "date"))
            position = date.end()
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
        unit = units.match(tail, position)
        if unit and not atoms:
            atoms.append(_Atom(unit.group(0), "unit"))  # a unit cell before the figures ("%定量指标100%")
            position = unit.end()
            continue
        if prefix:
            return (atoms, position) if atoms else None
        return None
    if prefix:
        return (atoms, position) if atoms else None
    return atoms or None


def _cut_count(candidate: list[_Atom], atoms: list[_Atom]) -> int:
    return len(candidate) - len(atoms)


def _recut(atoms: list[_Atom]):
    """The atoms, then every way of cutting a digit run into several numbers (at most four pieces)."""
    options: list[list[list[_Atom]]] = []
    for atom in atoms:
        choices = [[atom]]
        if atom.kind in ("num", "qty"):
            digits = _NUMBER.match(atom.text)
            assert digits is not None
            head, tail = digits.group(0), atom.text[digits.end():]
            if not _well_formed(head):
                choices = []  # "0100%": no figure starts with 0, so it holds two
            if 2 <= len(head) <= _MAX_CUT_DIGITS:
                for pieces in _cuts(head):
                    if len(pieces) > 1:
                        *first, last = pieces
                        choices.append([*(_Atom(p, "num") for p in first), _Atom(last + tail, atom.kind)])
        options.append(choices)
    for combination in itertools.product(*options):
        yield [atom for group in combination for atom in group]


@lru_cache(maxsize=512)
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
    """The atoms placed in the columns their kind fits, in order ("" for a column left empty), the
    placement that makes the most sense when several fit; None when none does. A comparator with
    no 指标性质 column joins the figure after it; figures beyond the last column (one per place in a
    grid of places, 笏石街道办 | 埭头镇) are passed over once a target is placed."""
    merged: list[_Atom] = []
    pending = ""
    for atom in atoms:
        if atom.kind == "cmp" and "sense" not in slots:
            pending += atom.text
            continue
        if pending:
            if atom.kind not in ("num", "qty", "word", "date"):
                return None
            atom, pending = _Atom(pending + atom.text, atom.kind), ""
        merged.append(atom)
    if pending:
        return None
    best: tuple[float, list[str]] | None = None
    for columns in _placements(merged, slots):
        placed = [""] * len(slots)
        for atom, column in zip(merged, columns):
            placed[column] = atom.text
        score = _plausibility(_first_of_each(slots, placed))
        if best is None or score > best[0]:
            best = (score, placed)
    return best[1] if best else None


def _placements(atoms: list[_Atom], slots: list[str], start: int = 0, budget: list[int] | None = None):
    """Every increasing choice of a column for each atom that its kind fits (at most a few hundred);
    atoms past the last column are dropped once a target is among the columns chosen."""
    budget = budget if budget is not None else [300]
    if not atoms:
        yield []
        return
    first, rest = atoms[0], atoms[1:]
    fitting = [c for c in range(start, len(slots)) if _fits(first, slots[c])]
    if not fitting and "target" in slots and first.kind in ("num", "qty", "word", "date") and start > slots.index("target"):
        yield from ([] for _ in [0]) if not rest else ()
        return
    for column in fitting:
        for tail in _placements(rest, slots, column + 1, budget):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            yield [column, *tail]


def _fits(atom: _Atom, role: str) -> bool:
    if role == "sense":
        return atom.kind in ("cmp", "dir")
    if role == "adjusted_target":
        return False  # an adjusted target is seldom filled: a figure there belongs to the next column
    if role in _FIGURE_ROLES:
        return atom.kind in ("num", "qty", "word", "date")
    if role == "coefficient":
        return atom.kind == "qty" and atom.text.endswith("%")
    if role in _NUMBER_ROLES:
        return atom.kind == "num" or (atom.kind == "qty" and atom.text.endswith("%"))
    if role == "unit":
        return atom.kind == "unit"
    if role == "core":
        return atom.kind == "word" and atom.text in ("是", "否")
    return False


def _plausibility(placed: dict[str, str]) -> float:
    """How much sense a placement makes (see the module's docstring)."""
    score = float(len(placed))  # the more columns a reading fills, the likelier it is
    number = {role: _value(text) for role, text in placed.items()}
    for role in ("target", "actual"):
        if role in placed:
            score += 2
    weight, mark = number.get("weight"), number.get("score")
    if weight is not None:
        score += 1 if 0 < weight <= 100 else -4
        score -= weight > 40  # one indicator's weight is seldom above 40 of 100
    if mark is not None:
        score += 1 if 0 <= mark <= 100 else -4
        if weight is not None:
            score += 1 if mark <= weight else -3
    target, actual = number.get("target"), number.get("actual")
    if "target" in placed and "actual" in placed and placed["target"].endswith("%") != placed["actual"].endswith("%"):
        score -= 2  # a rate's actual is a rate too
    if target == 0:
        score -= 3  # a target of nothing is a figure cut in the wrong place
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


_MONEY_ROLES = frozenset({"initial", "budget", "executed", "half_year_plan"})


def split_figures(text: str, roles: list[str]) -> list[str] | None:
    """A funding line's figures glued into one text ("76%107.6" under 执行率 | 执行率权重 | 执行率得分),
    one text per column ("" where none), or None when they cannot be told apart. A stray character
    or two before the figures (an OCR's "O") is passed over."""
    for skip in range(0, min(3, len(text))):
        atoms = _atomise(text[skip:])
        if atoms:
            break
    else:
        return None
    best: tuple[float, list[str]] | None = None
    for candidate in itertools.islice(_recut(atoms), _MAX_CANDIDATES):
        placed = _place_figures(candidate, roles)
        if placed is None:
            continue
        score = _funding_plausibility(dict(zip(roles, placed))) - _CUT_PENALTY * _cut_count(candidate, atoms)
        if best is None or score > best[0]:
            best = (score, placed)
    return best[1] if best else None


def _place_figures(atoms: list[_Atom], roles: list[str]) -> list[str] | None:
    placed = [""] * len(roles)
    column = 0
    for atom in atoms:
        while column < len(roles) and not _fits_funding(atom, roles[column]):
            column += 1
        if column >= len(roles):
            return None
        placed[column] = atom.text
        column += 1
    return placed


def _fits_funding(atom: _Atom, role: str) -> bool:
    percent = atom.text.endswith("%")
    if role == "rate":
        return percent
    if role in ("weight", "score"):
        return atom.kind == "num"
    if role in _MONEY_ROLES:
        return atom.kind in ("num", "qty") and not percent
    return False


def _funding_plausibility(placed: dict[str, str]) -> float:
    number = {role: _value(text) for role, text in placed.items() if text}
    score = float(len(number))
    weight, mark = number.get("weight"), number.get("score")
    if weight is not None:
        score += 1 if 0 < weight <= 100 else -4
    if mark is not None and weight is not None:
        score += 1 if mark <= weight else -3
    rate = number.get("rate")
    if rate is not None and weight is not None and mark is not None:
        score += 2 if abs(min(rate, 100) / 100 * weight - mark) < 0.05 * weight else 0
    return score
