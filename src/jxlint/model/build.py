"""Build Tables from a Grid: cut it into tables, read each head and indicator grid, settle the year.

A new table starts at a title row (…绩效目标表) or at a second 项目名称 once
the current table has one. A header row that names 项目名称 among its
columns (one project per row) makes every row below it a table of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from jxlint.core.location import Location
from jxlint.model.amounts import amount_in_yuan, listed_amounts, money_in_text, parse_amount, parse_rate, scale_of
from jxlint.model.head import Head, is_title_row
from jxlint.model.indicator_rows import GridReader, grid_columns, is_stop_row
from jxlint.model.running_text import has_running_indicators, running_indicators
from jxlint.model.table import Funding, FundingItem, FundingLine, Indicator, Table, TableKind
from jxlint.model.tokens import looks_like_value
from jxlint.model.vocab import headers, labels
from jxlint.read.grid import Grid, Row
from jxlint.values.model import Quantity

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BRACKETED = re.compile(r"[〔【\[（(《][^〕】\]）)》]*[〕】\]）)》]")
_LONG_TEXT = 20


def build_tables(grid: Grid, first_index: int = 1) -> list[Table]:
    """Every table in a Grid, numbered in reading order from ``first_index``.

    The rows as the reader found them are read first. When that reading is
    incomplete (no table, a table without a project or without indicators),
    the Grid is read again as a stream of cells whose rows are rebuilt from
    the form (:mod:`jxlint.model.reflow`), and the reading that makes more
    sense is kept.
    """
    tables = _tables_of(grid.rows, grid.path, first_index)
    if not _complete(tables):
        from jxlint.model.reflow import reflow
        from jxlint.model.tokens import tokens_of

        second = _tables_of(reflow(tokens_of(grid)), grid.path, first_index)
        if reading_score(second) > reading_score(tables):
            tables = second
    lines = _last_text_lines(grid)
    if tables and lines and _cut_short(lines, tables[-1]):
        last = tables[-1]
        last.truncated = True
        if last.indicators and last.indicators[-1].location.line == lines[-1][0] and _short_of_values(last.indicators):
            last.indicators[-1].cut_short = True  # the row the text stops in, its values cut
    _settle_plan_years(tables)
    return tables


_OPEN_END = "、，,：:(（“《-—"


def _filled(indicator: Indicator) -> int:
    values = (indicator.target, indicator.actual, indicator.half_year, indicator.long_term)
    return sum(v is not None and v.kind != "empty" for v in values) + (indicator.weight is not None) + (indicator.score is not None)


def _short_of_values(indicators: list[Indicator]) -> bool:
    """True when the last row has no target, or fewer values than the row before it (工程竣工验收合格率 | 1)."""
    last = indicators[-1]
    if last.target.kind == "empty":
        return True
    return len(indicators) > 1 and _filled(last) < _filled(indicators[-2])


def _last_text_lines(grid: Grid) -> list[tuple[int, str]]:
    """The last 30 lines of a text file that hold text, as (number, line), in order; none for other files."""
    if grid.lines is None:
        return []
    lines: list[tuple[int, str]] = []
    for number in range(len(grid.lines), 0, -1):
        if grid.lines[number - 1].strip():
            lines.append((number, grid.lines[number - 1].rstrip()))
            if len(lines) == 30:
                break
    lines.reverse()
    return lines


def _cut_short(lines: list[tuple[int, str]], table: Table) -> bool:
    """True when a text file, whose last ``lines`` these are, stops inside its last table (a page cut short).

    The table's last row or field stands at the end of the file, and the last
    line lacks the pipe that ends the lines before it, or ends on a comma, colon
    or open bracket, or on a label cut in the middle (数量指), or is an indicator
    row with no value; or a one-line table (a glued paragraph) ends without a
    full stop.
    """
    last_number, last = lines[-1]
    rows = [i.location.line for i in table.indicators if i.location.line is not None]
    fields = [location.line for location in table.field_locations.values() if location.line is not None]
    table_end = max([table.location.line or 0, *rows, *fields])
    if last_number - table_end > 2:
        return False  # text after the table: the cut, if any, is not in it
    recent = [line for _, line in lines[:-1]]
    if recent and sum(line.endswith("|") for line in recent) >= len(recent) / 2 and not last.endswith("|"):
        return True
    if last[-1] in _OPEN_END or _cut_label(last):
        return True
    last_row = table.indicators[-1] if table.indicators else None
    if last_row is not None and last_row.location.line == last_number and last_row.target.kind == "empty" \
            and last_row.dimension != "满意度":
        return True  # a row with no value (an empty last 满意度 row may be the template's, left empty)
    # A table glued into one paragraph: cut short when its last row has no value.
    return len(last) > 200 and last[-1] not in "。.!！?？)）|】" and (last_row is None or last_row.target.kind == "empty")


def _cut_label(line: str) -> bool:
    """True when the line ends on the first part of a label and no label (数量指 of 数量指标)."""
    piece = line.split()[-1].strip("|") if line.split() else ""
    if len(piece) < 2 or not piece.isalpha():
        return False
    spellings = labels().spellings
    return piece not in spellings and any(spelling.startswith(piece) for spelling in spellings)


def _tables_of(rows: list[Row], path: str, first_index: int) -> list[Table]:
    tables: list[Table] = []
    for segment in _segments(rows):
        tables.extend(_build_segment(segment, path, first_index + len(tables)))
    return tables


def _complete(tables: list[Table]) -> bool:
    """True when every table read has a project and indicators with values: nothing to gain from a second reading."""
    return bool(tables) and all(
        t.project and sum(1 for i in t.indicators if i.name and i.target.kind != "empty") >= 2 for t in tables
    )


def reading_score(tables: list[Table]) -> float:
    """How much sense the tables of one reading make: named tables with money and indicators whose
    names are words and whose values are values, less rows that read a value as a name."""
    score = 0.0
    for table in tables:
        score += 4 * bool(table.project) + 3 * (table.funding.budget_yuan is not None)
        for indicator in table.indicators:
            if not indicator.name:
                continue
            if _reads_as_value(indicator.name) or labels().is_label(indicator.name):
                score -= 2
            elif indicator.target.kind != "empty":
                score += 1
    return score


def _reads_as_value(name: str) -> bool:
    """A 三级 name that is a value (a row read one cell to the left); a template hint inside a name
    ("种植作物成活率(≥**%)") does not make it one."""
    return looks_like_value(name) and not ("**" in name and len(name) > 8)


def _segments(rows: list[Row]) -> list[list[Row]]:
    segments: list[list[Row]] = [[]]
    has_project = has_grid = False
    for row in rows:
        field = _first_field(row)
        starts_new = (is_title_row(row) and (has_project or has_grid)) or (field == "project" and has_project)
        if starts_new:
            segments.append([])
            has_project = has_grid = False
        segments[-1].append(row)
        has_project = has_project or field == "project"
        has_grid = has_grid or grid_columns(row) is not None
    return [s for s in segments if s]


def _first_field(row: Row) -> str | None:
    filled = row.filled
    return headers().field_of(filled[0].text) if filled else None


def _build_segment(rows: list[Row], path: str, index: int) -> list[Table]:
    head = Head()
    reader: GridReader | None = None
    indicators: list[Indicator] = []
    for position, row in enumerate(rows):
        if reader is not None:
            if not is_stop_row(row):
                reader.take(row)
                continue
            indicators.extend(reader.finish())
            reader = None
            head.take(row)
            continue
        columns = grid_columns(row)
        if columns is not None:
            reader = GridReader(columns, len(row.cells))
            continue
        project_columns = _project_columns(row)
        if project_columns is not None:
            return _one_table_per_row(rows[position + 1:], project_columns, head, path, index)
        head.take(row)
    if reader is not None:
        indicators.extend(reader.finish())
    if not head.fields.get("project") and not head.fields.get("unit_name") and not any(map(_holds_something, indicators)):
        return []
    return [_make_table(head, indicators, path, index, rows[0])]


def _holds_something(indicator: Indicator) -> bool:
    """An indicator row with a value or a category word of its own (not a stray line under a header)."""
    return (indicator.target.kind != "empty" or (bool(indicator.level1) and not indicator.level1_inferred)
            or (bool(indicator.level2) and not indicator.level2_inferred))


def _project_columns(row: Row) -> dict[str, int] | None:
    """Columns of a header row naming 项目名称 beside other fields: one project per row below.

    Every filled cell of such a row is a key; a row of keys and their values
    (项目名称 X 主管部门 Y 实施单位 Z) is a head row, not a header.
    """
    if len(row.filled) < 3:
        return None
    columns: dict[str, int] = {}
    for position, text in enumerate(row.texts):
        if not text:
            continue
        field = headers().field_of(text)
        if not field:
            return None
        columns.setdefault(field, position)
    return columns if "project" in columns and len(columns) >= 3 else None


def _one_table_per_row(rows: list[Row], columns: dict[str, int], head: Head, path: str, index: int) -> list[Table]:
    tables: list[Table] = []
    for row in rows:
        texts = row.texts
        project_at = columns["project"]
        if project_at >= len(texts) or not texts[project_at]:
            continue
        table_head = Head(titles=list(head.titles), money_unit=head.money_unit, year_of_plan=head.year_of_plan)
        indicators: list[Indicator] = []
        for field, position in columns.items():
            if position >= len(texts) or not texts[position]:
                continue
            if field == "indicators_text" and has_running_indicators(texts[position]):
                indicators = running_indicators(row.cells[position])
            else:
                table_head.fields.setdefault(field, texts[position])
                table_head.locations.setdefault(field, row.cells[position].location)
        tables.append(_make_table(table_head, indicators, path, index + len(tables), row))
    return tables


def _make_table(head: Head, indicators: list[Indicator], path: str, index: int, first: Row) -> Table:
    fields = head.fields
    if fields.get("project") or not head.titles:
        title = head.titles[0] if head.titles else ""
    else:
        title = next((t for t in head.titles if name_from_title(t)), head.titles[-1])
    kind: TableKind = "project"
    if "自评" in title or any(i.actual is not None for i in indicators):
        kind = "self_assessment"
    elif "部门整体" in title or (fields.get("unit_name") and not fields.get("project")):
        kind = "department"
    preamble = "\n".join(head.preamble)
    project, source = project_name(head.fields, kind, title, preamble)
    goals = fields.get("goals", "")
    content = "\n".join(t for t in [fields.get("content", ""), *(t for t in head.loose_texts if len(t) > _LONG_TEXT)] if t)
    money_unit = head.money_unit or _inferred_money_unit(head, indicators, preamble + "\n" + goals + "\n" + content)
    scale = scale_of(money_unit)
    funding = Funding(
        budget_yuan=_yuan(fields.get("budget") or fields.get("total_budget"), scale),
        total_budget_yuan=_yuan(fields.get("total_budget"), scale),
        fiscal_yuan=_yuan(fields.get("fiscal"), scale),
        other_yuan=_yuan(fields.get("other"), scale),
        sources_yuan={f: v for f in ("local", "carry_over") if (v := _yuan(fields.get(f), scale)) is not None},
        half_year_plan_yuan=_scaled(head.half_year_plan, scale),
        components_yuan=listed_amounts(goals + "\n" + content),
        items=[FundingItem(label=item.label, amount_yuan=amount, location=item.location)
               for item in head.items if (amount := _yuan(item.amount, scale)) is not None],
        allocated_yuan=_yuan(fields.get("allocated"), scale) if fields.get("allocated") else
        notice_amount(preamble) if preamble else None,
        lines=[
            FundingLine(
                label=row.label,
                field=row.field,
                initial_yuan=_yuan(row.initial, scale),
                budget_yuan=_yuan(row.budget, scale),
                executed_yuan=_yuan(row.executed, scale),
                rate=row.rate,
                rate_text=row.rate_text,
                weight=row.weight,
                score=row.score,
                location=row.location,
            )
            for row in head.funding_rows
        ],
    )
    if funding.budget_yuan is None:
        funding.budget_yuan = prose_budget(preamble + "\n" + content)
    total = next((line for line in funding.lines if line.field == "budget"), None)
    if total is not None:
        _agree_with_stated_rate(total, head.loose_texts, scale)
        funding.executed_yuan = total.executed_yuan
        funding.execution_rate = total.rate
        if total.initial_yuan is not None and total.budget_yuan is not None and total.initial_yuan != total.budget_yuan:
            funding.initial_budget_yuan = total.initial_yuan
    return Table(
        path=path,
        index=index,
        kind=kind,
        title=title,
        project=project,
        project_stated=source == "",
        project_source=source,
        department=fields.get("department", ""),
        implementing_unit=fields.get("implementing_unit", ""),
        plan_year=_stated_plan_year(head, title, project),
        money_unit=money_unit,
        money_unit_stated=head.money_unit is not None,
        funding=funding,
        start=fields.get("start", ""),
        end=fields.get("end", ""),
        contact=fields.get("contact", ""),
        goals=goals,
        content=content,
        preamble=preamble,
        other_fields={f: v for f, v in fields.items() if f not in _MODEL_FIELDS},
        blank_fields=[f for f in head.blank if f not in fields],
        total_score=parse_amount(fields.get("total_score", "").rstrip("分")) if fields.get("total_score") else None,
        grade=fields.get("grade", ""),
        indicators=indicators,
        truncated=head.truncated,
        location=first.location,
        field_locations=dict(head.locations),
    )


# Fields the Table holds in attributes of their own; the others go to other_fields.
_MODEL_FIELDS = frozenset({
    "project", "department", "implementing_unit", "budget", "total_budget", "fiscal", "other", "local", "carry_over",
    "start", "end", "contact", "goals", "content", "total_score", "grade", "allocated", "indicators_text",
})
_GENERIC_TITLE_WORDS = re.compile(
    r"区级|市级|县级|省级|市本级|本级|部门|预算|项目|支出|财政|整体|专项|资金|转移支付|区域|中央|年度|单位|绩效|目标|"
    r"自评|评价|申报|审批|批复|公开|情况|设定|的|公示|关于|解决|[\d年度()（）、.．:：\s\-—]")
_TITLE_WORDS = re.compile(
    r"(?:项目支出|部门整体支出|部门整体|财政支出|转移支付)?(?:预算)?绩效(?:目标|自评|评价)"
    r"(?:设定|申报|审批|批复|自评)?(?:表|情况表|的公示|公示)?(?:[（(][^（()）]{0,12}[）)])?$|"
    r"(?:项目)?(?:预算)?(?:绩效)?(?:自评表|申报表|审批表|批复表|目标表)(?:[（(][^（()）]{0,12}[）)])?$")
_TITLE_LEAD = re.compile(r"^(?:附件\s*\d*[:：]?|\d+\s*[、.．]|关于(?:解决)?)\s*")
_NOTICE_OBJECT = re.compile(
    r"(?:下达|拨付|安排|分配)(?:给)?(?:你(?:单位|们|区|县|市|局))?(?:\d{4}年)?([^，,。；;（(《》“”:：]{2,40}(?:资金|经费))")


def name_from_title(title: str) -> str:
    """The project a title names ("3岁以下婴幼儿照护服务项目项目绩效目标" → "3岁以下婴幼儿照护服务项目"), or ""
    when it names only the kind of table (区级部门预算项目支出绩效自评表)."""
    name = _TITLE_LEAD.sub("", title.strip())
    name = _TITLE_WORDS.sub("", name).strip(" ·-—")
    return name if _GENERIC_TITLE_WORDS.sub("", name) else ""


def project_name(fields: Mapping[str, str], kind: str, title: str, preamble: str) -> tuple[str, str]:
    """The table's project and where it came from: "" when a 项目名称 field states it, else "title" or "notice"."""
    if fields.get("project"):
        return fields["project"], ""
    if kind == "department" and fields.get("unit_name"):
        return fields["unit_name"], ""
    if named := name_from_title(title):
        return named, "title"
    if match := _NOTICE_OBJECT.search(preamble):
        return match.group(1).strip(), "notice"
    return title, "title" if title else ""


_NOTICE_AMOUNT = re.compile(
    r"(?:现|本次|特|今)(?:下达|拨付|安排)[^。；;]{0,50}?(\d+(?:\.\d+)?)\s*(万元|亿元|元)|"
    r"现将[^。；;]{0,50}?(\d+(?:\.\d+)?)\s*(万元|亿元|元)[^。；;]{0,12}?下达")
_PROSE_BUDGET = re.compile(r"(?:资金总额|总投资|项目总预算|安排[^。；;]{0,120}?资金|下达资金)\s*(?:为|共|约)?\s*(\d+(?:\.\d+)?)\s*(万元|亿元|元)")


def notice_amount(preamble: str) -> float | None:
    """What a covering notice allocates ("现下达…70万元", "现将…500万元下达你们"), in 元, or None."""
    match = _NOTICE_AMOUNT.search(preamble)
    if match is None:
        return None
    number, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return float(number) * scale_of(unit)


def prose_budget(text: str) -> float | None:
    """A budget stated once in prose ("资金总额500万元", "安排…资金50万元"), in 元; None when none or several."""
    amounts = {float(m.group(1)) * scale_of(m.group(2)) for m in _PROSE_BUDGET.finditer(text)}
    return amounts.pop() if len(amounts) == 1 else None


def _inferred_money_unit(head: Head, indicators: list[Indicator], text: str) -> str:
    """The money unit of a table that states none: 万元 when its figures are 万元 elsewhere, else 元.

    Evidence for 万元: the covering notice or an allocation states the budget's
    figure in 万元, or the table's cost rows in 万元 add up to it.
    """
    budget = parse_amount(head.fields.get("budget") or head.fields.get("total_budget") or "")
    if budget is None or budget >= 100_000:
        return "元"
    wan = budget * 10_000
    stated = [yuan for yuan, written in money_in_text(text)]
    if (allocated := notice_amount(text)) is not None:
        stated.append(allocated)
    if (allocation := head.fields.get("allocated")) and (yuan := amount_in_yuan(allocation, 0.0)):
        stated.append(yuan)  # an allocation total written with its unit (a bare figure gives 0)
    if any(abs(yuan - wan) < 0.5 for yuan in stated):
        return "万元"
    costs = [i.target for i in indicators if i.family == "成本" or i.dimension == "成本"]
    cost_total = sum(v.number * scale_of(v.unit) for v in costs if isinstance(v, Quantity) and v.unit in ("万元", "元"))
    if costs and abs(cost_total - wan) < 0.5:
        return "万元"
    return "元"


def _agree_with_stated_rate(line: FundingLine, loose: list[str], scale: float) -> None:
    """Choose the spend that agrees with a stated 执行率 when the figures came out of order (a PDF).

    When the total line's spend over its budget is not a rate stated loose in
    the table (45.17%), but another loose figure is (9,034 / 20,000), that
    figure is the spend and the rate is the stated one.
    """
    if line.budget_yuan is None or not line.budget_yuan:
        return
    rates = [rate for text in loose if (rate := parse_rate(text)) is not None]
    figures = [yuan for text in loose if _BARE_NUMBER.match(text) and (yuan := _yuan(text, scale)) is not None]
    for rate in rates:
        if line.executed_yuan is not None and abs(line.executed_yuan / line.budget_yuan - rate) < 0.0006:
            return
        spend = next((f for f in figures if abs(f / line.budget_yuan - rate) < 0.0006), None)
        if spend is not None:
            line.executed_yuan, line.rate = spend, rate
            line.rate_text = f"{rate:.2%}"
            return


_BARE_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")


def _scaled(amount: float | None, scale: float) -> float | None:
    return amount * scale if amount is not None else None


def _yuan(text: str | None, scale: float) -> float | None:
    """An amount cell in 元: its own unit when it writes one (10000万元, 50万), else the table's."""
    return amount_in_yuan(text, scale) if text else None


def _stated_plan_year(head: Head, title: str, project: str) -> int | None:
    if head.year_of_plan:
        return head.year_of_plan
    for text in (title, project, head.fields.get("start", "")):
        match = _YEAR.search(_BRACKETED.sub("", text)) or re.fullmatch(r"\s*((?:19|20)\d{2})\s*", text or "")
        if match:
            return int(match.group(1))
    return None


def _settle_plan_years(tables: list[Table]) -> None:
    """Give a year to tables that state none: from their own text, else the file's usual year."""
    for table in tables:
        if table.plan_year is None:
            years = Counter(_YEAR.findall(_BRACKETED.sub("", table.goals + table.content)))
            if not years:
                years = Counter(_YEAR.findall(_BRACKETED.sub("", table.preamble)))
            if years:
                table.plan_year = int(years.most_common(1)[0][0])
    known = Counter(t.plan_year for t in tables if t.plan_year)
    if known:
        usual = known.most_common(1)[0][0]
        for table in tables:
            if table.plan_year is None:
                table.plan_year = usual


_NOTHING_FOUND = {
    "zh": {
        "header_only": "未找到绩效目标表：{header}有指标表头，但没有项目名称",
        "project_only": "未找到绩效目标表：{project}有项目名称，但没有指标表头（一级指标、三级指标、指标值）",
        "neither": "未找到绩效目标表：没有项目名称，也没有指标表头（一级指标、三级指标、指标值）",
    },
    "en": {
        "header_only": "no performance table found: an indicator header at {header} but no project name",
        "project_only": "no performance table found: a project name at {project} but no indicator header "
                        "(一级指标, 三级指标, 指标值)",
        "neither": "no performance table found: no project name and no indicator header (一级指标, 三级指标, 指标值)",
    },
}


def table_traces(grids: Sequence[Grid]) -> tuple[Location | None, Location | None]:
    """Where a file with no table holds a trace of one: its first project name and its first indicator
    header (None for what it lacks). A file with neither holds no performance table at all."""
    from jxlint.model.tokens import tokens_of

    project: Location | None = None
    header: Location | None = None
    for grid in grids:
        for token in tokens_of(grid):
            if project is None and token.field in ("project", "unit_name") and not token.is_label:
                project = token.cell.location
            if header is None and token.column in ("level1", "name", "target"):
                header = token.cell.location
            if project is not None and header is not None:
                return project, header
    return project, header


def describe_reading(grids: list[Grid], lang: str = "zh") -> str:
    """Why no table was read from a file: what was missing, and what was seen instead."""
    found_project, found_header = table_traces(grids)
    project = found_project.short() or found_project.path if found_project else None
    header = found_header.short() or found_header.path if found_header else None
    messages = _NOTHING_FOUND[lang]
    if header and not project:
        return messages["header_only"].format(header=header)
    if project and not header:
        return messages["project_only"].format(project=project)
    return messages["neither"]
