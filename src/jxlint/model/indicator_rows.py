"""The indicator grid: header columns, rows aligned to them, merged labels carried down.

Rows reach us in several shapes: every cell in place (Word and Excel), merged
一级/二级 cells left out of continuation rows, cells shifted by a column, or
a whole row glued into one cell ("产出指标数量指标…覆盖率100%"). Each row is
read twice, by position and by content (labels, then the name, then the
values), and the reading that makes more sense wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jxlint.core.location import Location
from jxlint.model.table import Indicator
from jxlint.model.vocab import headers, labels
from jxlint.read.grid import Cell, Row
from jxlint.values.model import Quantity, Value
from jxlint.values.parse import parse_value

VALUE_ROLES = ("half_year", "target", "long_term", "actual", "reason", "weight", "score", "unit", "sense", "basis")
_VALUE_COLUMNS = frozenset({"half_year", "target", "actual", "long_term"})
# Words in a target column's header that say which of two column groups it belongs to.
_ANNUAL = re.compile(r"年度|本年|当年|全年")
_LONG_TERM = re.compile(r"中期|长期|项目期|实施期|周期|总目标|滚动")
_COMPARATOR_CELL = re.compile(r"^\s*(?:[≥≤><=]=?|>=|<=|大于等于|小于等于|不低于|不高于|不少于|不超过)\s*$")
# A template's numbering before the name: "1、", "指标1：", or 指标1 glued to what was typed after it.
_NAME_NUMBER = re.compile(r"^\s*(?:(?:指标\s*\d+|\d+)\s*[:：、.．]|指标\s*\d+(?=[\u4e00-\u9fff]{2}))\s*")
_MONEY_NAME = re.compile(r"成本|费用|费$|金额|资金|经费|补贴|资助|奖励|贴息|预算")
_MONEY_FAMILIES = frozenset({"成本", "经济成本"})
_CLOSING_FIELDS = frozenset({"project", "filled_by", "filled_on", "total_score", "grade"})
_HAS_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
#: The longest cell read as a glued row (labels, a name and a value): longer ones are prose.
_LONGEST_GLUED_ROW = 300
_STOP_WORDS = re.compile(r"^(说明|注[:：]?|备注|填表人|填报人|审核人|单位负责人)")


def grid_columns(row: Row) -> dict[str, int] | None:
    """The column of each role when ``row`` is an indicator-grid header, else None.

    Two column groups side by side (中期 | 年度, each with its 二级 / 三级 /
    指标值) give two target columns: the annual one is the target and the
    other the long-term target. A header word that names its group (年度指标值,
    中期指标值) decides; else the templates put the long-term group first.
    """
    if len(row.filled) < 3:
        return None  # a header names at least three columns
    columns: dict[str, int] = {}
    targets: list[int] = []
    for index, text in enumerate(row.texts):
        role = headers().column_of(text) if text else None
        if role == "target":
            targets.append(index)
        if role and role not in columns:
            columns[role] = index
    if "target" in columns and ("name" in columns or "level1" in columns) and len(columns) >= 3:
        if len(targets) >= 2 and "long_term" not in columns:
            texts = row.texts
            annual = [i for i in targets if _ANNUAL.search(texts[i]) and not _LONG_TERM.search(texts[i])]
            long_term = [i for i in targets if _LONG_TERM.search(texts[i])]
            columns["target"] = annual[0] if annual else next((i for i in reversed(targets) if i not in long_term), targets[-1])
            columns["long_term"] = next(i for i in targets if i != columns["target"])
        return columns
    return None


def is_stop_row(row: Row) -> bool:
    """True when a row ends the indicator grid (a note, a signature line, a new table's key)."""
    if row.ends_grid:
        return True
    filled = row.filled
    if not filled:
        return False
    first = filled[0].text.strip()
    # Keys that close a form or open the next table end the grid; other keys
    # (完成时间, 绩效目标) are also indicator names and category words.
    return bool(_STOP_WORDS.match(first)) or headers().field_of(first) in _CLOSING_FIELDS


@dataclass
class _Reading:
    cells: dict[str, Cell]
    score: int


class GridReader:
    """Turns grid rows into Indicators, carrying merged 一级/二级 labels down."""

    def __init__(self, columns: dict[str, int], width: int) -> None:
        self.columns = columns
        self.width = max(width, max(columns.values()) + 1)
        self.value_roles = sorted((r for r in VALUE_ROLES if r in columns), key=columns.__getitem__)
        if "description" in columns:
            self.text_roles = ["name", "description"]
        else:
            self.text_roles = ["name"]
        self.level1 = ""
        self.level2 = ""
        # A target split over 指标性质 | 指标值 | 计量单位 cells, joined before parsing.
        self.split_target = "sense" in columns or "unit" in columns
        self.indicators: list[Indicator] = []
        self._held: Row | None = None

    def take(self, row: Row) -> None:
        """Read one grid row (a row cut in two by a stray blank line is joined first)."""
        if self._held is not None:
            held, self._held = self._held, None
            if len(held.cells) + len(row.cells) <= self.width and not (row.cells and labels().is_label(row.texts[0])):
                row = Row(held.cells + row.cells, held.location)
            elif (value := _lone_value(row)) is not None:
                row = _with_target(held, value, self.columns["target"])  # the held row's 指标值, a row down
            else:
                self._read(held)
        if self._stops_before_target(row):
            self._held = row
            return
        self._read(row)

    def _stops_before_target(self, row: Row) -> bool:
        """A named row that stops before its 指标值: shorter than the grid, or padded to a sheet's
        width with every cell from the 指标值 on blank (its value may follow on the next row)."""
        target = self.columns["target"]
        cells = row.cells
        if len(cells) > target and cells[target].text.strip():
            return False  # the commonest row: its 指标值 is there
        if len(row.filled) <= 1:
            return False
        if len(cells) < self.width:
            return target >= len(cells)
        return not any(cell.text.strip() for cell in cells[target + 1:])

    def finish(self) -> list[Indicator]:
        """The indicators read, after the last row."""
        if self._held is not None:
            self._read(self._held)
            self._held = None
        return self.indicators

    def _read(self, row: Row) -> None:
        if not row.filled:
            return
        cells = self._best_reading(row)
        if cells is None:
            return
        self._emit(cells, row.location)

    def _best_reading(self, row: Row) -> dict[str, Cell] | None:
        if len(row.filled) == 1 and len(row.cells) < self.width:
            glued = self._unglue(row.filled[0])
            if glued:
                return glued
        in_columns = {role: row.cells[i] for role, i in self.columns.items() if i < len(row.cells)}
        if _in_place(in_columns):
            return in_columns  # the usual case, and no second reading can beat it
        by_position = _Reading(in_columns, _plausibility(in_columns) + 1)
        best = max([by_position, self._by_content(row)], key=lambda r: r.score)
        return best.cells

    def _by_content(self, row: Row) -> _Reading:
        filled = list(row.filled)
        cells: dict[str, Cell] = {}
        if filled and labels().level1_of(filled[0].text) and "level1" in self.columns:
            cells["level1"] = filled.pop(0)
        if filled and labels().level2_of(filled[0].text) and "level2" in self.columns:
            cells["level2"] = filled.pop(0)
        surplus = len(filled) - len(self.text_roles) - len(self.value_roles)
        for role in ("level1", "level2"):
            if surplus > 0 and role in self.columns and role not in cells:
                cells[role] = filled.pop(0)
                surplus -= 1
        for role in self.text_roles:
            if filled and (role == "name" or len(filled) > len(self.value_roles)):
                cells[role] = filled.pop(0)
        for role, cell in zip(self.value_roles, filled):
            cells[role] = cell
        return _Reading(cells, _plausibility(cells))

    def _unglue(self, cell: Cell) -> dict[str, Cell] | None:
        """Split a glued row "产出指标数量指标名称≥5个" on its category words and trailing value.

        Each cut point is tried, so a cell longer than a glued row can be is not tried at all.
        """
        rest = cell.text.strip()
        if len(rest) > _LONGEST_GLUED_ROW:
            return None
        parts: dict[str, Cell] = {}
        for role, lookup in (("level1", labels().level1_of), ("level2", labels().level2_of)):
            for prefix in labels().prefixes():
                if rest.startswith(prefix) and lookup(prefix):
                    parts[role] = Cell(prefix, cell.location)
                    rest = rest[len(prefix):]
                    break
        if not rest:
            return parts or None
        for start in range(1, len(rest)):
            if not _HAS_WORD.search(rest[:start]):
                continue  # a name is words: "≥" alone is the start of the value ("≥90%")
            value = parse_value(rest[start:])
            if value.kind in {"quantity", "date", "grade", "list", "range"} and not getattr(value, "subject", None):
                parts["name"] = Cell(rest[:start], cell.location)
                parts["target"] = Cell(rest[start:], cell.location)
                return parts
        return None

    def _emit(self, cells: dict[str, Cell], location: Location) -> None:
        vocab = labels()
        text = {role: cell.text.strip() for role, cell in cells.items()}
        level1, level2 = text.get("level1", ""), text.get("level2", "")
        if level1 and not level2 and (as_level2 := vocab.level2_of(level1)):
            carried = vocab.level1_of(self.level1) if self.level1 else None
            if not vocab.level1_of(level1) or carried == as_level2[1]:
                level1, level2 = "", level1  # a 二级 word written in the 一级 column
        if level2 and not level1 and vocab.level1_of(level2) and not vocab.level2_of(level2):
            level1, level2 = level2, ""  # a 一级 word in the 二级 column, under a wrapping 一级 (实施效果指标)
        if level1:
            self.level1, self.level2 = level1, ""
        if level2:
            self.level2 = level2
        dimension = vocab.level1_of(self.level1) if self.level1 else None
        family_parent = vocab.level2_of(self.level2) if self.level2 else None
        if not level1 and family_parent and family_parent[1] != dimension:
            # A 二级 under another 一级 than the one carried down: the merged 一级 ended.
            dimension = family_parent[1]
            self.level1 = dimension + "指标"
        family = family_parent[0] if family_parent and family_parent[1] == dimension else None
        level1_inferred, level2_inferred = not level1, not level2 and bool(self.level2)
        name = _NAME_NUMBER.sub("", text.get("name", ""))
        # The money cost in either layout: 产出/成本 (88号); 成本/经济成本 or a bare 成本 (101号).
        money = family in _MONEY_FAMILIES or (dimension == "成本" and family is None) or _MONEY_NAME.search(name) is not None
        target_cell = cells.get("target")
        if self.split_target:
            text["target"] = _joined_target(text.get("target", ""), text.get("sense", ""), text.get("unit", ""))
        indicator = Indicator(
            level1=self.level1,
            level2=self.level2,
            name=name,
            description=text.get("description", ""),
            dimension=dimension,
            family=family,
            level1_inferred=level1_inferred,
            level2_inferred=level2_inferred,
            target=_value(text.get("target"), money),
            half_year=_value(text.get("half_year"), money) if "half_year" in self.columns else None,
            long_term=_value(text.get("long_term"), money) if "long_term" in self.columns else None,
            actual=_value(text.get("actual"), money) if "actual" in self.columns else None,
            reason=text.get("reason", ""),
            basis=text.get("basis", "") if "basis" in self.columns else None,
            weight=_number(text.get("weight")),
            score=_number(text.get("score")),
            location=location,
            target_location=target_cell.location if target_cell else None,
            cells=cells,
        )
        self.indicators.append(indicator)


def _lone_value(row: Row) -> Cell | None:
    """The row's one filled cell when it is a value alone (≥90%): the rest of the row above it."""
    filled = row.filled
    if len(filled) == 1 and _looks_like_value(filled[0].text.strip()):
        return filled[0]
    return None


def _with_target(row: Row, value: Cell, target: int) -> Row:
    """``row`` with ``value`` in its 指标值 cell."""
    cells = list(row.cells) + [Cell("", row.location)] * max(0, target + 1 - len(row.cells))
    cells[target] = value
    return Row(cells, row.location)


def _joined_target(target: str, sense: str, unit: str) -> str:
    """A target split over cells joined for parsing: 指标性质 "≥" | 指标值 "90" | 计量单位 "%" → "≥90%"."""
    if not target:
        return target
    if sense and _COMPARATOR_CELL.match(sense) and not _COMPARATOR_CELL.match(target[:1]):
        target = sense.strip() + target
    if unit and target[-1:].isdigit() and len(unit) <= 6 and not any(c.isdigit() for c in unit):
        target += unit.strip()
    return target


def _in_place(cells: dict[str, Cell]) -> bool:
    """True when every filled cell is what its column expects: known labels, a name, values."""
    vocab = labels()
    for role, cell in cells.items():
        text = cell.text.strip()
        if not text:
            continue
        if role == "level1":
            if not vocab.level1_of(text):
                return False
        elif role == "level2":
            if not vocab.level2_of(text):
                return False
        elif role == "name":
            if _looks_like_value(text) or vocab.is_label(text):
                return False
        elif role in _VALUE_COLUMNS and not _looks_like_value(text):
            return False
    return True


def _plausibility(cells: dict[str, Cell]) -> int:
    """How much sense a reading makes: labels in label columns, a name that is no value, values that are."""
    score = 0
    for role, cell in cells.items():
        text = cell.text.strip()
        if not text:
            continue
        if role == "level1":
            score += 1 if labels().level1_of(text) else (0 if labels().level2_of(text) else -1)
        elif role == "level2":
            score += 1 if labels().level2_of(text) else (-1 if _looks_like_value(text) else 0)
        elif role == "name":
            score += -2 if _looks_like_value(text) or labels().is_label(text) else 2
        elif role in ("half_year", "target", "actual"):
            score += 1 if _looks_like_value(text) else (-2 if labels().is_label(text) else 0)
    return score


def _looks_like_value(text: str) -> bool:
    value = parse_value(text)
    if value.kind == "quantity":
        return value.subject is None
    return value.kind in {"date", "grade", "list", "range", "placeholder", "formula"}


def _value(text: str | None, money: bool) -> Value:
    """The parsed cell; in a cost row (or one named for money) a bare 550万 reads as 550 万元."""
    value = parse_value(text or "")
    return as_money(value) if money else value


def as_money(value: Value) -> Value:
    """Read a bare scaled figure as money: ``550万`` in a cost row is 550 万元."""
    if isinstance(value, Quantity) and value.unit is None and value.scale in {"千", "万", "亿"}:
        factor = {"千": 1e3, "万": 1e4, "亿": 1e8}[value.scale]
        return value.model_copy(update={"unit": value.scale + "元", "number": value.number / factor, "scale": None})
    if value.kind == "list":
        return value.model_copy(update={"items": [as_money(item) for item in value.items]})
    return value


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text.strip().rstrip("分"))
    except ValueError:
        return None
