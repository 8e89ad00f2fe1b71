"""Rows rebuilt from a stream of tokens, by the form's own words.

The tokens of :mod:`jxlint.model.tokens` come in reading order with no
trustworthy row breaks. :func:`reflow` walks them and writes the rows a table
builder expects, in the shapes :mod:`jxlint.model.head` and
:mod:`jxlint.model.indicator_rows` read:

* a **key** takes the next cell as its value ([项目名称, X]); a run of keys is a
  header whose values follow in order, and when fewer values follow than keys,
  the first keys are group labels (年度总体目标 over 预期目标 | 实际完成情况);
  a 项目名称 with no value after it takes the text just before it (a PDF's
  reading order puts the value first);
* a run of **funding columns** (年初预算数 | 全年预算数 | 全年执行数 | 分值 |
  执行率 | 得分) is a funding grid: each money key after it takes the figures
  that follow, each figure in the first column its kind fits (a rate in 执行率,
  a score no larger than a weight in 得分);
* a run of **grid columns** (≥ 3 with 指标值 and 三级指标 or 一级指标) fixes the
  indicator grid's width; category words (一级/二级) open a row, the next cell
  is the 三级 name and the cells after it fill the value columns. Where a
  line holds a whole row (rows copied with their separators) the line ends the
  row; where the figures of all rows come before all names (a PDF read column
  by column) they are paired in order;
* category words followed by running text ("数量指标:…≥17600株;…") are
  indicators written as prose, one per clause;
* an **allocation table** (…分配表) adds up to the amount the covering notice
  allocates; a **spending list** (支出项目名称 | 预算金额) gives items.

Everything else is written as one-cell rows, as the text around a table is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jxlint.model.glued import split_figures, split_row, split_rows
from jxlint.model.tokens import (
    ALLOCATION,
    EMPTY,
    NOTE,
    TEXT,
    TITLE,
    VALUE,
    WORD,
    Token,
    garbled_column,
    looks_like_value,
)
from jxlint.model.vocab import headers, labels
from jxlint.read.grid import Cell, Row

# Fields whose value is a paragraph, continued over list lines ("目标1:…", "目标2:…").
_PROSE_FIELDS = frozenset({"goals", "long_term_goals", "content", "necessity", "feasibility", "goals_achieved"})
_LIST_ITEM = re.compile(r"^\s*(?:目标\s*\d+|\d+\s*[、.．:：]|[（(]\d+[）)]|[一二三四五六七八九十]+、)")
_CHECKBOX = "□☑■√☐☒"
#: How many category words may stand between one and the prose it opens (产出指标 数量指标 …):
#: a long run of them is no opening of prose, and looking past every one would be quadratic.
_MOST_LABELS_BEFORE_PROSE = 6
_MONEY_FIELDS = frozenset({"budget", "total_budget", "fiscal", "other", "local", "carry_over",
                           "basic_spending", "project_spending"})
_CLOSING_FIELDS = frozenset({"total_score", "grade", "filled_by", "filled_on"})
_STOP = re.compile(r"^(?:说明|注[:：]|备注|填表人|填报人|审核人|单位负责人|填表说明|评价结论)")
_TOTAL = re.compile(r"^(?:合计|总计|总分|合\s*计)$")
_RATE = re.compile(r"%\s*$")
_MONEY_TEXT = re.compile(r"(?<!\d)(\d++(?:\.\d+)?)\s*(万元|亿元|元)")
_UNIT_IN_TEXT = re.compile(r"[（(]\s*(万元|元)\s*[）)]|单位\s*[:：]\s*(?:人民币)?\s*(万元|元)")
_TOTAL_IN_TEXT = re.compile(r"合\s*计[:：]?\s*(\d[\d,]*(?:\.\d+)?)")
# A comparison written in prose: the last comparator outside brackets starts the value.
_COMPARATOR = re.compile(r"(?:大于等于|小于等于|不低于|不高于|不少于|不多于|不超过|大于|小于|高于|低于|达到|>=|<=|[≥≤＞＜><=])")
_CLAUSE = re.compile(r"[;；。]")
# A cell longer than this holding a row's name is glued text (rows without separators).
_GLUED = 30
_YEAR_HINT = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[）)]?")


def reflow(tokens: list[Token]) -> list[Row]:
    """The rows of a token stream, in reading order."""
    walker = _Reflow(tokens)
    walker.run()
    return walker.rows


@dataclass
class _Reflow:
    tokens: list[Token]
    rows: list[Row] = field(default_factory=list)
    # Text written out since the last key: a value that stands before its key.
    _loose: list[tuple[int, Token]] = field(default_factory=list)
    # How many filled tokens each source line holds.
    line_sizes: dict[int, int] = field(default_factory=dict)
    # The category words in force in indicators written as prose.
    running_level1: Token | None = None
    running_level2: Token | None = None

    def __post_init__(self) -> None:
        for token in self.tokens:
            if token.kind not in (EMPTY, NOTE):
                self.line_sizes[token.line] = self.line_sizes.get(token.line, 0) + 1

    # ------------------------------------------------------------ the walk

    def run(self) -> None:
        """Walk every token, block by block."""
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.kind == EMPTY:
                index += 1
            elif token.kind == TITLE:
                self._emit([token.cell])
                self._loose.clear()
                index += 1
            elif token.kind == ALLOCATION:
                index = self._allocation(index)
            elif (end := self._grid_header(index)) is not None:
                index = self._grid(index, end)
                self._end_grid()
            elif (end := self._funding_header(index)) is not None:
                index = self._funding(index, end)
            elif (end := self._item_header(index)) is not None:
                index = self._items(index, end)
            elif token.is_label and self._running_text_follows(index):
                index = self._running(index)
                self.running_level1 = self.running_level2 = None
                self._end_grid()
            elif token.field and token.kind == WORD:
                index = self._keys(index)
            else:
                self._emit([token.cell])
                if token.kind in (TEXT, VALUE):
                    self._loose.append((len(self.rows) - 1, token))
                index += 1

    def _emit(self, cells: list[Cell]) -> None:
        self.rows.append(Row(cells, cells[0].location))

    def _end_grid(self) -> None:
        """Mark where the indicator grid ends: the rows after it are the head's or notes."""
        if self.rows:
            self.rows.append(Row([], self.rows[-1].location, ends_grid=True))

    # ------------------------------------------------------------ keys

    def _keys(self, index: int) -> int:
        """A key or a run of keys, with the values that follow."""
        run = [self.tokens[index]]
        position = index + 1
        while position < len(self.tokens) and self._is_key(self.tokens[position]) and len(run) < 8:
            if self.tokens[position].line_start and not self.tokens[position - 1].line_start and len(run) == 1:
                break  # a key at the end of a line, the next line's first key: two separate keys
            run.append(self.tokens[position])
            position += 1
        if (len(run) == 2 and position < len(self.tokens) and not run[1].line_start
                and not self.tokens[position].line_start and self.tokens[position].text[:1] not in _CHECKBOX
                and _checkboxes_follow(self.tokens, position)):
            # 项目名称 项目属性 新增项目 □ 延续项目 □: the second key's check boxes, the first key left blank
            self._emit([run[0].cell, run[0].located("")])
            return position - 1
        values: list[Token] = []
        while position < len(self.tokens) and len(values) < len(run):
            token = self.tokens[position]
            if token.kind == NOTE:
                self._emit([token.cell])
                position += 1
                continue
            if not self._is_value_cell(token) or not _takes(run[min(len(values), len(run) - 1)], token):
                break
            values.append(token)
            position += 1
            if len(run) == 1 and token.text[:1] in _CHECKBOX:
                while position < len(self.tokens) and self.tokens[position].text[:1] in _CHECKBOX:
                    values.append(self.tokens[position])
                    position += 1
        # A lone key takes several values (check boxes) as one cell.
        taken: list[Token | Cell] = [_merged(values, " ")] if len(run) == 1 and len(values) > 1 else [*values]
        unpaired = run[:len(run) - len(taken)]
        following = self.tokens[position] if position < len(self.tokens) else None
        for key in unpaired:
            if key.field == "project" and (before := self._take_loose()):
                self._emit([key.cell, before])
            elif len(run) == 1 and following is not None and following.kind == WORD and not following.line_start:
                self._emit([key.cell, key.located("")])  # a key followed by the next key: left blank
            else:
                self._emit([key.cell])
        for key, value in zip(run[len(unpaired):], taken):
            cell = value if isinstance(value, Cell) else value.cell
            if key.field in _PROSE_FIELDS and not isinstance(value, Cell) and _LIST_ITEM.match(value.text):
                position, cell = self._continued(position, value)
            self._emit([key.cell, cell])
        self._loose.clear()
        return position

    def _is_key(self, token: Token) -> bool:
        return token.kind == WORD and bool(token.field) and not token.is_label

    @staticmethod
    def _is_value_cell(token: Token) -> bool:
        """A cell that may be a key's value: text, a figure, an empty cell (not a word of the form)."""
        if token.kind in (TEXT, VALUE, EMPTY):
            return True
        # A title standing where a value belongs (标题: 关于…的公示) is that value.
        return token.kind == TITLE and not token.line_start

    def _continued(self, position: int, first: Token) -> tuple[int, Cell]:
        """A list value continued over the following list lines ("目标1:…", "目标2:…")."""
        parts = [first]
        while (position < len(self.tokens) and self.tokens[position].kind == TEXT
               and _LIST_ITEM.match(self.tokens[position].text)):
            parts.append(self.tokens[position])
            position += 1
        return position, _merged(parts, "\n")

    def _take_loose(self) -> Cell | None:
        """The text written out just before a key that got no value: its value, in a PDF's order."""
        texts = [(row, token) for row, token in self._loose if token.kind == TEXT and not _YEAR_HINT.fullmatch(token.text)]
        if not texts:
            return None
        taken = texts[-3:]
        for row_index, _ in reversed(taken):
            del self.rows[row_index]
        self._loose.clear()
        return _merged([token for _, token in taken], "")

    # ------------------------------------------------------------ funding grid

    def _funding_header(self, index: int) -> int | None:
        """The end of a run of two or more funding columns starting at ``index``, else None."""
        position = index
        roles: list[str] = []
        while position < len(self.tokens) and (funding := self.tokens[position].funding):
            token = self.tokens[position]
            if roles and position + 1 < len(self.tokens) and self.tokens[position + 1].kind == VALUE \
                    and not token.line_start and funding in ("budget", "executed") and len(roles) == 1:
                break
            roles.append(funding)
            position += 1
        if len(roles) >= 2 and {"initial", "budget", "executed"} & set(roles):
            # Further columns on the header's line (得分计算方法): part of the header, holding text.
            while (position < len(self.tokens) and not self.tokens[position].line_start
                   and self.tokens[position].kind == WORD and self.tokens[position].column):
                position += 1
            return position
        return None

    def _funding(self, index: int, end: int) -> int:
        """A funding grid: its header and the money lines under it."""
        columns = self.tokens[index:end]
        roles = [c.funding or c.column or "" for c in columns]
        header = self.tokens[index]
        self._emit([header.located(""), *(c.cell for c in columns)])
        position = end
        first = True
        while position < len(self.tokens):
            token = self.tokens[position]
            if token.kind in (EMPTY, NOTE) or (token.kind == WORD and token.section):
                if token.kind != EMPTY:
                    self._emit([token.cell])
                position += 1
                continue
            money_key = token.kind == WORD and token.field in _MONEY_FIELDS
            unlabeled = first and token.kind == VALUE
            if first and token.kind == TEXT and (glued := split_figures(token.text, roles)):
                # The figures of an unlabeled total line glued together ("O76%107.6").
                self._emit([token.located("年度资金总额"), *(token.located(text) for text in glued)])
                position += 1
                first = False
                continue
            if not (money_key or unlabeled):
                break
            label = token.cell if money_key else token.located("年度资金总额")
            position += 1 if money_key else 0
            # A label with figures after it on its line: the line is the row; a label alone on
            # its line: the figures follow one a line.
            on_its_line = position < len(self.tokens) and not self.tokens[position].line_start
            figures: list[Token] = []
            while position < len(self.tokens) and len(figures) < len(roles):
                figure = self.tokens[position]
                if figure.kind not in (VALUE, EMPTY) and not (figure.kind == TEXT and figures and not figure.line_start):
                    break
                if on_its_line and figure.line_start and figures:
                    break
                figures.append(figure)
                position += 1
            self._emit([label, *_fitted(figures, roles, header)])
            first = False
        return position

    # ------------------------------------------------------------ spending list

    def _item_header(self, index: int) -> int | None:
        position = index
        roles = []
        while position < len(self.tokens):
            role = headers().item_column_of(self.tokens[position].text)
            if role is None:
                break
            roles.append(role)
            position += 1
        return position if len(roles) >= 2 and "amount" in roles else None

    def _items(self, index: int, end: int) -> int:
        """A spending list: its header and one row per line, the amount last."""
        header = self.tokens[index:end]
        self._emit([t.cell for t in header])
        position = end
        while position < len(self.tokens):
            line = self._line_tokens(position)
            if not line or line[-1].kind != VALUE or any(t.kind == WORD and t.column for t in line[:-1]):
                break
            cells = [t.cell for t in line[:-1]][-(len(header) - 1):] if len(header) > 1 else []
            cells = [line[0].located("")] * (len(header) - 1 - len(cells)) + cells
            self._emit([*cells, line[-1].cell])
            position += len(line)
        return position

    def _line_tokens(self, position: int) -> list[Token]:
        """The tokens from ``position`` to the end of its line."""
        line = [self.tokens[position]]
        position += 1
        while position < len(self.tokens) and not self.tokens[position].line_start:
            line.append(self.tokens[position])
            position += 1
        return line

    # ------------------------------------------------------------ allocation table

    def _allocation(self, index: int) -> int:
        """An allocation table of the covering notice: its total (合计, else the sum of its amounts)."""
        title = self.tokens[index]
        self._emit([title.cell])
        position = index + 1
        total = None
        unit: str | None = None
        amounts: list[float] = []
        while position < len(self.tokens):
            token = self.tokens[position]
            if token.kind in (TITLE, ALLOCATION) or (token.line_start and token.kind == WORD and token.field == "project"):
                break
            text = token.text
            if unit is None and (stated := _UNIT_IN_TEXT.search(text)):
                unit = stated.group(1) or stated.group(2)
            if _TOTAL.match(text) and position + 1 < len(self.tokens) and self.tokens[position + 1].kind == VALUE:
                total = self.tokens[position + 1].text
                position += 1
            elif (match := _TOTAL_IN_TEXT.search(text)) is not None:
                total = match.group(1)
            amounts.extend(float(m.group(1)) * (1 if m.group(2) == "万元" else 0 if m.group(2) != "元" else 1e-4)
                           for m in _MONEY_TEXT.finditer(text))
            position += 1
        if total is None and amounts:
            total = f"{sum(amounts):g}万元"
        elif total is not None and unit and not total.endswith("元"):
            total += unit
        if total is not None:
            self._emit([title.located("分配合计"), title.located(total)])
        return position

    # ------------------------------------------------------------ running text

    def _running_text_follows(self, index: int) -> bool:
        """True when a category word opens indicators written as prose ("数量指标:…≥17600株;")."""
        position = self._next_filled_at(index + 1)
        skipped = 0  # category words before the prose: 一级 and 二级 at most, with their stray repeats
        while (position < len(self.tokens) and self.tokens[position].is_label and position < len(self.tokens) - 1
               and skipped < _MOST_LABELS_BEFORE_PROSE):
            position = self._next_filled_at(position + 1)
            skipped += 1
        following = self.tokens[position] if position < len(self.tokens) else None
        return (following is not None and following.kind in (TEXT, VALUE) and len(following.text) >= 6
                and _COMPARATOR.search(following.text) is not None)

    def _next_filled(self, position: int) -> Token | None:
        position = self._next_filled_at(position)
        return self.tokens[position] if position < len(self.tokens) else None

    def _next_filled_at(self, position: int) -> int:
        """The position of the first token from ``position`` on that is neither empty nor a note (the end if none)."""
        while position < len(self.tokens) and self.tokens[position].kind in (EMPTY, NOTE):
            position += 1
        return position

    def _running(self, index: int) -> int:
        """Indicators written as prose under category words, one per clause.

        "数量指标:★补助…数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率…"
        gives one row per clause, the value from the clause's last comparison
        outside brackets; a category word at the head of a clause opens its own rows.
        """
        first = self.tokens[index]
        self._emit([first.located("一级指标"), first.located("二级指标"), first.located("三级指标"), first.located("指标值")])
        self.running_level1: Token | None = None
        self.running_level2: Token | None = None
        position = index
        while position < len(self.tokens):
            token = self.tokens[position]
            if token.kind in (EMPTY, NOTE):
                position += 1
                continue
            if token.is_label:
                self._running_label(token)
                position += 1
                continue
            if (token.kind not in (TEXT, VALUE) or token.line_start
                    or (self.running_level1 is None and self.running_level2 is None)):
                break  # the prose indicators end at a line that opens with no category word
            for clause in _CLAUSE.split(token.text):
                self._running_clause(clause, token)
            position += 1
        return position

    def _running_label(self, token: Token) -> None:
        current = self.running_level1.level1 if self.running_level1 else None
        if token.level1 and (not token.level2 or _parent(token) != current):
            self.running_level1, self.running_level2 = token, None
        else:
            self.running_level2 = token

    def _running_clause(self, clause: str, token: Token) -> None:
        clause = clause.strip(" ,，")
        lead = re.match(r"^([^:：,，]{2,12})[:：,，]", clause)
        if lead and labels().level2_of(lead.group(1)) or lead and labels().level1_of(lead.group(1)):
            label = Token(lead.group(1), token.located(lead.group(1)), token.line, WORD,
                          level1=labels().level1_of(lead.group(1)),
                          level2=(labels().level2_of(lead.group(1)) or (None,))[0])
            self._running_label(label)
            clause = clause[lead.end():]
        for name, value in _clauses(clause):
            self._emit([
                self.running_level1.cell if self.running_level1 else token.located(""),
                self.running_level2.cell if self.running_level2 else token.located(""),
                token.located(name), token.located(value),
            ])

    # ------------------------------------------------------------ indicator grid

    def _grid_header(self, index: int) -> int | None:
        """The end of an indicator-grid header starting at ``index``, else None.

        The header is a run of column words; a cell or two that are no column
        word may stand inside it (a PDF puts the first row's label there).
        """
        first = self.tokens[index]
        if not first.column:
            return None
        following = self._next_filled(index + 1)
        if first.field and first.column not in ("level1", "level2", "name") and (following is None or not following.column):
            return None  # a key with its value (实际完成情况 已完成…), not the first column of a header
        position = index
        roles: list[str] = []
        last_column = index
        while position < len(self.tokens) and position - last_column <= 3:
            token = self.tokens[position]
            if roles and not token.column and token.kind == TEXT and (word := garbled_column(token.text)):
                # A column word an OCR scrambled ("年成值全完值" for 全年完成值): read as the word.
                token.column = headers().exact_roles(word).column
                token.cell = token.cell.with_text(word)
            if token.column and not (token.is_label and roles and token.column not in ("level1", "level2")):
                roles.append(token.column)
                last_column = position
            elif token.kind in (TITLE, ALLOCATION) or (token.kind == VALUE and roles):
                break
            position += 1
        if len(roles) >= 3 and {"target", "actual", "sense"} & set(roles) and ("name" in roles or "level1" in roles):
            return last_column + 1
        return None

    def _grid(self, index: int, end: int) -> int:
        """The indicator grid: its header row and one row per indicator."""
        header = [t for t in self.tokens[index:end] if t.column and not (t.is_label and t.column not in ("level1", "level2"))]
        displaced = [t for t in self.tokens[index:end] if not (t.column and not (t.is_label and t.column not in ("level1", "level2")))
                     and t.kind not in (EMPTY, NOTE) and not t.group]
        roles = [t.column for t in header if t.column]
        cells = [t.cell for t in header]
        if not {"target", "actual"} & set(roles):
            # Values under place names after 指标方向 (笏石街道办 | 埭头镇): the first is the target.
            roles.append("target")
            cells.append(header[-1].located("指标值"))
        self._emit(cells)
        layout = _Layout.of(roles)
        rows_mode = self._lines_are_rows(end, len(roles))
        values_first = self._values_first(end, layout)
        if values_first:
            return self._column_major(end, layout, displaced)
        assembler = _RowAssembler(layout, rows_mode, self)
        position = end
        while position < len(self.tokens):
            token = self.tokens[position]
            if self._ends_grid(token, assembler):
                break
            if token.column and (header_end := self._grid_header(position)) is not None and not assembler.open_name():
                # The header again (a page break): passed over.
                position = header_end
                continue
            if _TOTAL.match(token.text) or (token.kind == WORD and token.field == "total_score"):
                assembler.close()
                position = self._total(position)
                break
            assembler.take(token)
            position += 1
        assembler.close()
        return position

    def _ends_grid(self, token: Token, assembler: _RowAssembler) -> bool:
        if token.kind in (TITLE, ALLOCATION):
            return True
        if _STOP.match(token.text):
            return True
        if token.kind == WORD and token.field in _CLOSING_FIELDS | {"project", "unit_name"} and not token.is_label:
            return not (token.field == "project" and assembler.expects_value())
        return False

    def _total(self, position: int) -> int:
        """A total row (合计 / 总分): the score it states, the last figure on it."""
        key = self.tokens[position]
        position += 1
        figures = []
        while position < len(self.tokens) and self.tokens[position].kind in (VALUE, EMPTY):
            if self.tokens[position].kind == VALUE:
                figures.append(self.tokens[position])
            position += 1
            if self.tokens[position - 1].row_end:
                break
        if figures:
            self._emit([key.located("总分"), figures[-1].cell])
        return position

    def _lines_are_rows(self, position: int, width: int) -> bool:
        """True when the lines after a header hold whole rows (two or more cells each)."""
        counts: list[int] = []
        while position < len(self.tokens) and len(counts) < 6:
            line = self._line_tokens(position)
            filled = [t for t in line if t.kind not in (EMPTY, NOTE)]
            if filled:
                counts.append(len(filled))
            position += len(line)
        if len(counts) < 2:
            return False  # one line holding the whole grid: glued, not rows
        counts.sort()
        median = counts[len(counts) // 2]
        return 2 <= median <= width + 3

    def _values_first(self, position: int, layout: _Layout) -> bool:
        """True when the figures of several rows come before any name (a PDF read column by column)."""
        width = len([r for r in layout.slots if r in ("target", "actual", "weight", "score", "half_year")])
        if width < 2:
            return False
        count = 0
        while position < len(self.tokens) and self.tokens[position].kind in (VALUE, EMPTY):
            count += self.tokens[position].kind == VALUE
            position += 1
        return count >= 2 * width

    def _column_major(self, position: int, layout: _Layout, displaced: list[Token]) -> int:
        """Rows whose figures all came first: figures in groups of the value columns, paired with names in order."""
        width = len([r for r in layout.slots if r in ("target", "actual", "weight", "score", "half_year")])
        figures: list[Token] = []
        while position < len(self.tokens) and self.tokens[position].kind in (VALUE, EMPTY):
            if self.tokens[position].kind == VALUE:
                figures.append(self.tokens[position])
            position += 1
        groups = [figures[i:i + width] for i in range(0, len(figures) - len(figures) % width, width)]
        remainder = figures[len(groups) * width:]
        names: list[Token] = []
        level2s: list[Token] = []
        pool = displaced[:]
        while position < len(self.tokens):
            token = self.tokens[position]
            if token.kind in (TITLE, ALLOCATION) or _TOTAL.match(token.text) or (token.kind == WORD and token.field == "total_score"):
                break
            pool.append(token)
            position += 1
        for token in pool:
            if token.is_label:
                if token.level2 and not token.level1:
                    level2s.append(token)
            elif token.kind in (TEXT, VALUE) or (token.kind == WORD and not token.column):
                if names and len(token.text) <= 2:
                    names[-1] = _joined_token(names[-1], token)
                elif not token.group:
                    names.append(token)
        if len(names) != len(groups):
            names = names[:len(groups)]
        value_roles = [r for r in layout.slots if r in ("target", "actual", "weight", "score", "half_year")]
        for number, (name, group) in enumerate(zip(names, groups)):
            cells = [name.located("")] * layout.width
            if layout.level2 is not None and len(level2s) == len(names):
                cells[layout.level2] = level2s[number].cell
            cells[layout.name if layout.name is not None else 0] = name.cell
            for role, figure in zip(value_roles, group):
                cells[layout.column_of(role)] = figure.cell
            self._emit(cells)
        if position < len(self.tokens) and (_TOTAL.match(self.tokens[position].text) or self.tokens[position].field == "total_score"):
            key = self.tokens[position]
            if remainder:
                self._emit([key.located("总分"), remainder[-1].cell])
            position += 1
        return position


@dataclass
class _Layout:
    """Where a grid's label, name and value columns stand."""

    roles: list[str]
    level1: int | None
    level2: int | None
    name: int | None
    slots: list[str]
    slot_columns: list[int]

    @property
    def width(self) -> int:
        return len(self.roles)

    @classmethod
    def of(cls, roles: list[str]) -> _Layout:
        level1 = roles.index("level1") if "level1" in roles else None
        level2 = roles.index("level2") if "level2" in roles else None
        name = roles.index("name") if "name" in roles else None
        start = (name if name is not None else max(i for i in (level1, level2, -1) if i is not None)) + 1
        slot_columns = list(range(start, len(roles)))
        return cls(roles, level1, level2, name, [roles[i] for i in slot_columns], slot_columns)

    def column_of(self, role: str) -> int:
        return self.slot_columns[self.slots.index(role)]


class _RowAssembler:
    """Builds grid rows from tokens: labels, then the name, then the value columns."""

    def __init__(self, layout: _Layout, rows_mode: bool, walker: _Reflow) -> None:
        self.layout = layout
        self.rows_mode = rows_mode
        self.walker = walker
        # The 一级 the rows stand under, to tell 成本指标 (二级 of 产出, or 一级) by its neighbours.
        self.dimension: str | None = None
        self.seen_label = False
        self._reset()

    def _reset(self) -> None:
        self.level1: Token | None = None
        self.level2: Token | None = None
        self.name: Token | None = None
        self.values: list[Token] = []
        self.line: int | None = None

    def open_name(self) -> bool:
        return self.name is not None

    def expects_value(self) -> bool:
        return self.name is not None and len(self.values) < len(self.layout.slots)

    def take(self, token: Token) -> None:
        """Place one token in the row being built (closing it when the token opens the next)."""
        if self.rows_mode and token.line_start and self.name is not None:
            self.close()
        if token.kind == NOTE or token.group and not token.is_label:
            return
        if self.rows_mode and self._is_note_line(token):
            return
        if token.kind == EMPTY:
            if self.name is not None and len(self.values) < len(self.layout.slots):
                self.values.append(token)
                self._maybe_close(token)
            elif token.row_end and self.name is not None:
                self.close()
            return
        if token.is_label and not (self.rows_mode and self.name is not None and not token.line_start):
            self.seen_label = True
            self._label(token)
            return
        if not self.seen_label and not self.rows_mode and token.kind == TEXT and self.layout.level2 is not None:
            return  # a sub-header between the header and the first row (笏石街道办埭头镇)
        if self.name is None:
            if self.layout.name is None and self.layout.level1 is not None and self.level1 is None:
                self.level1 = token  # a grid without a 三级 column: the 一级 column holds the name
            self.name = token
            self.line = token.line
            if not self.rows_mode:
                self._unglue()
        elif token.kind == TEXT and len(token.text) > _GLUED and len(self.name.text) > _GLUED and not self.values:
            self.close()  # glued rows continued on the next line (a page break): a block of their own
            self.name = token
            self.line = token.line
        else:
            if len(self.values) < len(self.layout.slots):
                self.values.append(token)
        self._maybe_close(token)

    def _is_note_line(self, token: Token) -> bool:
        """A line of one long text in a grid whose lines are rows: a note between rows (定量指标计算:…)."""
        return (token.kind == TEXT and self.walker.line_sizes.get(token.line) == 1 and self.name is None
                and (len(token.text) > 20 or token.text.endswith("。")) and not (self.level1 or self.level2))

    def _label(self, token: Token) -> None:
        if self.name is not None or self.values:
            self.close()
        if not self._place_label(token):
            self.close()  # the row has its labels: this one opens the next
            if not self._place_label(token):
                self.name = token  # a grid with no label columns: the word is the row's name
                self.line = token.line
        if token.row_end:
            self.close()

    def _place_label(self, token: Token) -> bool:
        """Put a category word in the 一级 or 二级 column of the row being built; False when both are taken."""
        as_level1 = bool(token.level1) and not (token.level2 and _parent(token) == self.dimension)
        if as_level1 and self.level1 is None and self.level2 is None and self.layout.level1 is not None:
            self.level1 = token
            self.dimension = token.level1
            return True
        if self.level2 is None and self.layout.level2 is not None:
            self.level2 = token
            if token.level2 and self.level1 is None:
                self.dimension = _parent(token)
            return True
        if self.level1 is None and self.level2 is None and self.layout.level1 is not None:
            self.level1 = token
            return True
        return False

    def _emit_glued_rows(self, cells: list[Cell], anchor: Token, rows: list[tuple[str, list[str]]]) -> None:
        """Several rows glued into one text (a grid with no category words): one row each, the
        category words of the row being built on the first."""
        assert self.layout.name is not None
        for name, placed in rows:
            row = list(cells)
            row[self.layout.name] = anchor.located(name)
            for column, text in zip(self.layout.slot_columns, placed):
                if text:
                    row[column] = anchor.located(text)
            self.walker._emit(row)
            cells = [anchor.located("") for _ in range(self.layout.width)]
        self._reset()

    def _maybe_close(self, token: Token) -> None:
        full = len(self.values) >= len(self.layout.slots)
        if token.row_end or (full and not self.rows_mode):
            self.close()

    def _unglue(self) -> None:
        """Nothing to do until the row closes: a glued name is cut when no values followed it."""

    def close(self) -> None:
        """Write the row being built, if it holds anything.

        A row whose name came with no values after it may hold them glued to
        the name ("…数量情况2312222", "…收入≥280亿元30%正向指标"): they are cut
        off into the value columns (:func:`jxlint.model.glued.split_row`).
        """
        if self.level1 is None and self.level2 is None and self.name is None:
            self._reset()
            return
        anchor = self.name or self.level2 or self.level1
        assert anchor is not None
        cells = [anchor.located("") for _ in range(self.layout.width)]
        if self.level1 is not None and self.layout.level1 is not None:
            cells[self.layout.level1] = self.level1.cell
        if self.level2 is not None and self.layout.level2 is not None:
            cells[self.layout.level2] = self.level2.cell
        glued = None
        unvalued = not any(v.kind != EMPTY for v in self.values)
        if self.name is not None and self.name.kind in (TEXT, VALUE) and (unvalued or len(self.name.text) > _GLUED):
            # Values on the next line go on the last glued row: read them with the text.
            text = self.name.text + "".join(v.text for v in self.values if v.kind != EMPTY)
            rows = split_rows(text, self.layout.slots) if self.layout.name is not None else []
            if rows:
                self._emit_glued_rows(cells, anchor, rows)
                return
            if unvalued:
                glued = split_row(self.name.text, self.layout.slots)
        if glued is not None and self.layout.name is not None:
            name, placed = glued
            cells[self.layout.name] = anchor.located(name)
            for column, text in zip(self.layout.slot_columns, placed):
                if text:
                    cells[column] = anchor.located(text)
        else:
            if self.name is not None and self.layout.name is not None:
                cells[self.layout.name] = self.name.cell
            for column, value in zip(self.layout.slot_columns, self.values):
                cells[column] = value.cell
        self.walker._emit(cells)
        self._reset()


# Fields whose value is words: a bare figure after their key belongs to something else.
_WORDS_FIELDS = frozenset({"project", "unit_name", "department", "implementing_unit", "leader", "goals",
                           "long_term_goals", "content", "goals_achieved", "necessity", "feasibility", "region",
                           "finance_bureau", "project_type", "project_attribute"})
_BARE_FIGURE = re.compile(r"^[\d,.]+%?$")


def _takes(key: Token, value: Token) -> bool:
    """Whether a key can take a cell as its value: a words field takes no bare figure."""
    return not (key.field in _WORDS_FIELDS and value.kind == VALUE and _BARE_FIGURE.match(value.text.strip()))


def _parent(token: Token) -> str | None:
    """The 一级 a 二级 word belongs under."""
    found = labels().level2_of(token.text)
    return found[1] if found else None


def _fitted(figures: list[Token], roles: list[str], anchor: Token) -> list[Cell]:
    """Figures placed in the funding columns their kind fits, in order; columns left over are empty."""
    cells = [anchor.located("") for _ in roles]
    column = 0
    for figure in figures:
        while column < len(roles) and not _fits(figure, roles[column]):
            column += 1
        if column >= len(roles):
            break
        cells[column] = figure.cell
        column += 1
    return cells


def _fits(figure: Token, role: str) -> bool:
    if figure.kind == EMPTY:
        return True
    text = figure.text.replace(",", "")
    if role == "rate":
        return bool(_RATE.search(text))
    if role in ("weight", "score"):
        try:
            return 0 <= float(text.rstrip("分")) <= 100
        except ValueError:
            return False
    if role in ("initial", "budget", "executed", "half_year_plan"):
        return figure.kind == VALUE and not _RATE.search(text)
    return True


def _merged(tokens: list[Token], separator: str) -> Cell:
    """One cell holding several tokens' texts, at the first token's place."""
    return tokens[0].located(separator.join(t.text for t in tokens))


def _joined_token(first: Token, tail: Token) -> Token:
    return Token(first.text + tail.text, first.cell.with_text(first.text + tail.text), first.line, first.kind)


def _clauses(text: str) -> list[tuple[str, str]]:
    """The indicators of a prose clause list: (name, value) per clause, the value from its comparison."""
    out = []
    for clause in _CLAUSE.split(text):
        clause = clause.strip(" ,，")
        if not clause:
            continue
        parts = [p for p in re.split(r"[,，](?=[^,，]*(?:大于等于|小于等于|不低于|>=|<=|[≥≤]))", clause) if p.strip()]
        merged: list[str] = []
        for part in parts:
            if merged and _comparison_start(merged[-1]) is None:
                merged[-1] += "," + part
            else:
                merged.append(part)
        for item in merged:
            start = _comparison_start(item)
            if start is None:
                out.append((item, ""))
            else:
                value = re.sub(r"[,，][^\d,，]*$", "", item[start:].strip())  # a cut-off next clause: ",环"
                out.append((item[:start].strip(" ,，:："), value))
    return out


def _comparison_start(text: str) -> int | None:
    """Where the last comparison outside brackets starts in a clause."""
    depth = 0
    last = None
    index = 0
    while index < len(text):
        char = text[index]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _COMPARATOR.match(text, index)
            if match and index + len(match.group(0)) < len(text) and text[index + len(match.group(0))].strip(" ") and \
                    re.match(r"\s*\d", text[index + len(match.group(0)):]):
                last = index
                index += len(match.group(0))
                continue
        index += 1
    if last is None and looks_like_value(text):
        return 0
    return last


def _checkboxes_follow(tokens: list[Token], position: int) -> bool:
    """True when the tokens from ``position`` on the same line are choices with check boxes (新增项目 □ 延续项目 □)."""
    boxes = 0
    for token in tokens[position:position + 8]:
        if token.line_start and token is not tokens[position]:
            break
        boxes += token.text[:1] in _CHECKBOX or token.text[-1:] in _CHECKBOX
    return boxes >= 2
