"""Build Tables from a Grid: cut it into tables, read each head and indicator grid, settle the year.

A new table starts at a title row (…绩效目标表) or at a second 项目名称 once
the current table has one. A header row that names 项目名称 among its
columns (one project per row) makes every row below it a table of its own.
"""

from __future__ import annotations

import re
from collections import Counter

from jxlint.model.amounts import listed_amounts, parse_amount, scale_of
from jxlint.model.head import Head, is_title_row
from jxlint.model.indicator_rows import GridReader, grid_columns, is_stop_row
from jxlint.model.running_text import has_running_indicators, running_indicators
from jxlint.model.table import Funding, FundingLine, Indicator, Table
from jxlint.model.vocab import headers
from jxlint.read.grid import Grid, Row

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BRACKETED = re.compile(r"[〔【\[（(《][^〕】\]）)》]*[〕】\]）)》]")
_LONG_TEXT = 20


def build_tables(grid: Grid, first_index: int = 1) -> list[Table]:
    """Every table in a Grid, numbered in reading order from ``first_index``."""
    tables: list[Table] = []
    for segment in _segments(grid.rows):
        tables.extend(_build_segment(segment, grid.path, first_index + len(tables)))
    _settle_plan_years(tables)
    return tables


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
    if not head.fields.get("project") and not indicators:
        return []
    return [_make_table(head, indicators, path, index, rows[0])]


def _project_columns(row: Row) -> dict[str, int] | None:
    """Columns of a header row naming 项目名称 beside other fields: one project per row below."""
    if len(row.filled) < 3:
        return None
    columns = {}
    for position, text in enumerate(row.texts):
        field = headers().field_of(text) if text else None
        if field:
            columns.setdefault(field, position)
    return columns if "project" in columns and len(columns) >= 3 else None


def _one_table_per_row(rows: list[Row], columns: dict[str, int], head: Head, path: str, index: int) -> list[Table]:
    tables = []
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
    money_unit = head.money_unit or "元"
    scale = scale_of(money_unit)
    goals = fields.get("goals", "")
    content = "\n".join(t for t in [fields.get("content", ""), *(t for t in head.loose_texts if len(t) > _LONG_TEXT)] if t)
    funding = Funding(
        budget_yuan=_yuan(fields.get("budget"), scale),
        fiscal_yuan=_yuan(fields.get("fiscal"), scale),
        other_yuan=_yuan(fields.get("other"), scale),
        sources_yuan={f: v for f in ("local", "carry_over") if (v := _yuan(fields.get(f), scale)) is not None},
        half_year_plan_yuan=_scaled(head.half_year_plan, scale),
        components_yuan=listed_amounts(goals + "\n" + content),
        lines=[
            FundingLine(
                label=line["label"],
                field=line["field"],
                budget_yuan=_scaled(line["budget"], scale),
                executed_yuan=_scaled(line["executed"], scale),
                rate=line["rate"],
                rate_text=line["rate_text"],
                weight=line["weight"],
                score=line["score"],
                location=line["location"],
            )
            for line in head.funding_lines
        ],
    )
    total = next((line for line in funding.lines if line.field == "budget"), None)
    if total is not None:
        funding.executed_yuan = total.executed_yuan
        funding.execution_rate = total.rate
    title = head.titles[0] if head.titles else ""
    kind = "project"
    if "自评" in title or any(i.actual is not None for i in indicators):
        kind = "self_assessment"
    elif "部门整体" in title:
        kind = "department"
    project = fields.get("project", "")
    return Table(
        path=path,
        index=index,
        kind=kind,
        title=title,
        project=project,
        department=fields.get("department", ""),
        implementing_unit=fields.get("implementing_unit", ""),
        plan_year=_stated_plan_year(head, title, project),
        money_unit=money_unit,
        funding=funding,
        start=fields.get("start", ""),
        end=fields.get("end", ""),
        contact=fields.get("contact", ""),
        goals=goals,
        content=content,
        other_fields={
            f: v for f, v in fields.items() if f in {"long_term_goals", "necessity", "feasibility", "goals_achieved"}
        },
        total_score=parse_amount(fields.get("total_score", "").rstrip("分")) if fields.get("total_score") else None,
        grade=fields.get("grade", ""),
        indicators=indicators,
        location=first.location,
        field_locations=dict(head.locations),
    )


def _scaled(amount: float | None, scale: float) -> float | None:
    return amount * scale if amount is not None else None


def _yuan(text: str | None, scale: float) -> float | None:
    amount = parse_amount(text) if text else None
    return amount * scale if amount is not None else None


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
            if years:
                table.plan_year = int(years.most_common(1)[0][0])
    known = Counter(t.plan_year for t in tables if t.plan_year)
    if known:
        usual = known.most_common(1)[0][0]
        for table in tables:
            if table.plan_year is None:
                table.plan_year = usual
