"""The head of a table: key cells (项目名称 …), the funding block, titles, money unit and year hints.

A key's value is the next filled cell of its row, the text after a colon in
the same cell, or, when a row holds only keys (a header row of a small grid),
the cell below it. Funding rows under a funding header (全年预算数（A） /
全年执行数（B） / 预算执行率) take their figures from those columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from jxlint.core.location import Location
from jxlint.model.amounts import parse_amount, parse_rate
from jxlint.model.tokens import TITLE, title_kind
from jxlint.model.vocab import Roles, headers, normalise
from jxlint.read.grid import Row

_MONEY_UNIT = re.compile(r"(?:单位[：:]\s*|[（(])\s*(万元|元)\s*[）)]?")
# The unit key standing alone in its cell ("金额单位:"), its unit in the next cell ("万元").
_UNIT_KEY = re.compile(r"^(?:金额|资金|货币)?单位\s*[：:]$")
_UNIT_ALONE = re.compile(r"^[（(]?\s*(?:人民币)?\s*(万元|元)\s*[）)]?$")
_YEAR_OF_PLAN = re.compile(r"((?:19|20)\d{2})\s*年度")
# A cell that is only a year ("2021年", "（2021年）"): the form's year line under its title.
_YEAR_CELL = re.compile(r"[（(]?\s*((?:19|20)\d{2})\s*年度?\s*[）)]?")
_INLINE_KEY = re.compile(r"^([^：:]{2,12})[：:]\s*(\S.*)$", re.S)
_MONEY_FIELDS = frozenset({"budget", "fiscal", "other", "local", "carry_over"})
#: Fields whose value is prose: a form may print the key on a row of its own and the text on the next.
_PROSE_FIELDS = frozenset({"goals", "long_term_goals", "content", "goals_achieved", "necessity", "feasibility",
                           "indicators_text"})


class FundingRow(NamedTuple):
    """One row of the head's funding grid (全年预算数 | 全年执行数 | 执行率 …), its amounts as written."""

    label: str
    field: str  # the money field its label names: budget, fiscal, other …
    initial: str | None  # 年初预算数
    budget: str | None  # 全年预算数 (年初 when no other is stated)
    executed: str | None
    rate: float | None  # the stated 执行率 as a fraction
    rate_text: str
    weight: float | None
    score: float | None
    location: Location


class SpendingItem(NamedTuple):
    """One row of a spending list in the head (支出项目名称 | 预算金额), its amount as written."""

    label: str
    amount: str
    location: Location


@dataclass
class Head:
    """What the head rows of one table said, before amounts are converted to 元."""

    fields: dict[str, str] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    loose_texts: list[str] = field(default_factory=list)
    #: Text before the table's title or first key: a covering notice, a page's head.
    preamble: list[str] = field(default_factory=list)
    #: A spending list (支出项目名称 | 预算金额).
    items: list[SpendingItem] = field(default_factory=list)
    #: True when the input stops inside the table.
    truncated: bool = False
    #: Keys the form prints whose value cell is empty.
    blank: list[str] = field(default_factory=list)
    _item_columns: dict[str, int] = field(default_factory=dict)
    money_unit: str | None = None
    year_of_plan: int | None = None
    funding_rows: list[FundingRow] = field(default_factory=list)
    half_year_plan: float | None = None
    _funding_columns: dict[str, int] = field(default_factory=dict)
    _pending_columns: dict[int, str] = field(default_factory=dict)
    _pending_prose: str | None = None
    _unit_key_open: bool = False

    def take(self, row: Row) -> None:
        """Read one head row into the fields."""
        texts = row.texts
        self._note_hints(texts)
        # What each cell names, looked up once for the questions below.
        roles = headers().roles_of_row(texts)
        if self._take_prose(row, roles):
            return
        if self._take_item(row, roles):
            return
        if self._pending_columns:
            pending, self._pending_columns = self._pending_columns, {}
            for index, name in pending.items():
                if index < len(texts) and texts[index]:
                    self._set(name, texts[index], row.cells[index].location)
            return
        funding = {role.funding: i for i, role in enumerate(roles) if role.funding}
        if funding and len(row.filled) == 2 and roles[0].field and not roles[1].funding \
                and parse_amount(texts[1] or "") is not None:
            funding = {}  # a key with its amount ("全年预算数(A) 300"), not a funding grid's header
        if funding:
            if "half_year_plan" in self._funding_columns and any(parse_amount(t) is not None for t in texts if t):
                self._take_half_year_plan(texts)  # a figure beside the next header, in a shifted dump
            self._funding_columns = funding
            return
        if _is_columnar_header(texts, roles):
            self._pending_columns = {i: role.field for i, role in enumerate(roles) if role.field}
            return
        if not self._take_keys(row, roles) and self._funding_columns.get("half_year_plan") is not None:
            self._take_half_year_plan(texts)

    def _take_prose(self, row: Row, roles: list[Roles]) -> bool:
        """A prose key alone on its row (年度目标 | | |) takes the text that fills the next row alone."""
        pending, self._pending_prose = self._pending_prose, None
        if len(row.filled) != 1:
            return False
        index = row.texts.index(row.filled[0].text.strip())
        if pending is not None and not any(roles[index]) and len(row.texts[index]) > 4:
            self.blank = [name for name in self.blank if name != pending]
            self._set(pending, row.texts[index], row.cells[index].location)
            return True
        name = roles[index].field
        if name in _PROSE_FIELDS and len(row.texts) > 1 and name not in self.fields:
            self._pending_prose = name
        return False

    def _note_hints(self, texts: list[str]) -> None:
        for text in texts:
            if not text:
                continue
            if self.money_unit is None and len(text) < 30 and (unit := _MONEY_UNIT.search(text)):
                self.money_unit = unit.group(1)
            if self.money_unit is None and self._unit_key_open and (unit := _UNIT_ALONE.match(text.strip())):
                self.money_unit = unit.group(1)
            self._unit_key_open = bool(_UNIT_KEY.match(text.strip()))
            if self.year_of_plan is None and len(text) < 40 and (year := _YEAR_OF_PLAN.search(text)):
                self.year_of_plan = int(year.group(1))
            if self.year_of_plan is None and not self.fields and (year := _YEAR_CELL.fullmatch(text.strip())):
                self.year_of_plan = int(year.group(1))
            if len(text) < 200 and title_kind(text) == TITLE:
                self.titles.append(text)

    def _take_keys(self, row: Row, roles: list[Roles]) -> bool:
        texts = row.texts
        took = False
        for index, text in enumerate(texts):
            if not text:
                continue
            name = roles[index].field
            if name:
                took = True
                if name in _MONEY_FIELDS and self._funding_columns:
                    self._take_funding_line(name, text, row)
                else:
                    value_index = _value_index(texts, roles, index)
                    if value_index is not None:
                        self._set(name, texts[value_index], row.cells[value_index].location)
                    elif index + 1 < len(texts) and not texts[index + 1] and name not in self.blank:
                        # The key's own cell stands empty: printed by the form, left blank (联系电话 ___).
                        self.blank.append(name)
                        self.locations.setdefault(name, row.cells[index].location)
                continue
            inline = _INLINE_KEY.match(text)
            if inline and (name := headers().field_of(inline.group(1))):
                took = True
                self._set(name, inline.group(2).strip(), row.cells[index].location)
        if not took:
            loose = [t for t, role in zip(texts, roles) if t and not role.section and t not in self.titles]
            if not self.titles and not self.fields and not self._funding_columns:
                self.preamble.extend(loose)
            else:
                self.loose_texts.extend(loose)
        return took

    def _take_item(self, row: Row, roles: list[Roles]) -> bool:
        """A spending list's header or one of its rows (支出项目名称 | 预算金额); False for any other row."""
        texts = row.texts
        items = {role.item: i for i, role in enumerate(roles) if role.item} if any(role.item for role in roles) else {}
        if len(items) >= 2 and "amount" in items:
            self._item_columns = items
            return True
        if not self._item_columns:
            return False
        at = self._item_columns["amount"]
        amount = texts[at] if at < len(texts) else ""
        if not amount or parse_amount(amount.rstrip("万元")) is None:
            self._item_columns = {}
            return False
        label_at = self._item_columns.get("item", self._item_columns.get("task", 0))
        label = texts[label_at] if label_at < len(texts) else ""
        self.items.append(SpendingItem(label, amount, row.cells[at].location))
        return True

    def _take_funding_line(self, name: str, label: str, row: Row) -> None:
        texts = row.texts
        columns = self._funding_columns
        # Money as written (its own unit, if any, is read when the table's unit is known).
        budget = _nearest_amount_text(texts, columns.get("budget"))
        if budget is None and "budget" not in columns:
            budget = _nearest_amount_text(texts, next((i for i, t in enumerate(texts) if t == label), 0) + 1)
        rate_text = _text_at(texts, columns.get("rate"))
        initial = _amount_text_at(texts, columns.get("initial"))
        if "budget" not in columns and "initial" in columns:
            budget = initial
        self.funding_rows.append(FundingRow(
            label=label,
            field=name,
            initial=initial,
            budget=budget,
            executed=_amount_text_at(texts, columns.get("executed")),
            rate=parse_rate(rate_text),
            rate_text=rate_text,
            weight=_amount_at(texts, columns.get("weight")),
            score=_amount_at(texts, columns.get("score")),
            location=row.location,
        ))
        if budget is not None:
            self.fields.setdefault(name, budget)
            self.locations.setdefault(name, row.location)

    def _take_half_year_plan(self, texts: list[str]) -> None:
        if self.half_year_plan is not None:
            return
        amounts = [a for t in texts if t and (a := parse_amount(t)) is not None]
        order = sorted(self._funding_columns, key=self._funding_columns.__getitem__)
        if len(amounts) == len(order):
            # As many figures as funding columns: they stand in column order, however shifted.
            self.half_year_plan = amounts[order.index("half_year_plan")]
        else:
            self.half_year_plan = _nearest_amount(texts, self._funding_columns["half_year_plan"])

    def _set(self, name: str, value: str, location: Location) -> None:
        if name not in self.fields:
            self.fields[name] = value
            self.locations[name] = location


def _is_columnar_header(texts: list[str], roles: list[Roles]) -> bool:
    """True when a row holds only keys and section labels, two or more, at least one a key."""
    filled = [role for text, role in zip(texts, roles) if text]
    return len(filled) >= 2 and any(role.field for role in filled) and all(role.field or role.section for role in filled)


def _value_index(texts: list[str], roles: list[Roles], key_index: int) -> int | None:
    """Where the value of the key at ``key_index`` stands: the next filled cell that is no skip word, key or label."""
    for index in range(key_index + 1, len(texts)):
        text = texts[index]
        if not text or normalise(text) in headers().skip_words:
            continue
        if roles[index].field or roles[index].section:
            return None
        return index
    return None


def _text_at(texts: list[str], column: int | None) -> str:
    return texts[column] if column is not None and column < len(texts) else ""


def _amount_at(texts: list[str], column: int | None) -> float | None:
    return parse_amount(_text_at(texts, column)) if _text_at(texts, column) else None


def _amount_text_at(texts: list[str], column: int | None) -> str | None:
    text = _text_at(texts, column)
    return text if text and parse_amount(text) is not None else None


def _nearest_amount_text(texts: list[str], column: int | None) -> str | None:
    """The cell nearest to ``column`` that holds an amount, as written."""
    if column is None:
        return None
    numbered = [(abs(i - column), -i, t) for i, t in enumerate(texts) if t and parse_amount(t) is not None]
    return min(numbered)[2] if numbered else None


def _nearest_amount(texts: list[str], column: int | None) -> float | None:
    """The number in the cell nearest to ``column`` (merged cells shift figures by a column or two)."""
    if column is None:
        return None
    numbered = [(abs(i - column), -i, a) for i, t in enumerate(texts) if t and (a := parse_amount(t)) is not None]
    return min(numbered)[2] if numbered else None


def is_title_row(row: Row) -> bool:
    """True when a row is a table title (…绩效目标表, …自评表)."""
    filled = row.filled
    return len(filled) == 1 and title_kind(filled[0].text.strip()) == TITLE
