"""Turn a rule's docs example (a small table written in YAML) into a Table the rule can run on."""

from __future__ import annotations

from jxlint.check.pack import Example
from jxlint.core.location import Location
from jxlint.model.amounts import listed_amounts, parse_rate
from jxlint.model.build import project_name
from jxlint.model.indicator_rows import GridReader
from jxlint.model.table import Funding, FundingItem, FundingLine, Table, TableKind
from jxlint.read.grid import Cell, Row

_BASIC = ["level1", "level2", "name", "target"]
_SELF_ASSESSMENT = [*_BASIC, "actual", "reason", "weight", "score"]
# A column of these in the example makes the table a self-assessment.
_ASSESSED = ("actual", "score")


def table_from_example(example: Example, path: str = "<example>") -> Table:
    """The Table an example describes; indicator rows go through the same reader as real files."""
    scale = 10000.0 if example.money_unit == "万元" else 1.0
    columns = example.columns or (_SELF_ASSESSMENT if any(len(r) > 4 for r in example.indicators) else _BASIC)
    reader = GridReader({role: i for i, role in enumerate(columns)}, len(columns))
    for number, texts in enumerate(example.indicators, 1):
        location = Location(path=path, line=number + 1)
        cells = [Cell(t, Location(path=path, line=number + 1, column=i + 1)) for i, t in enumerate(texts)]
        cells += [Cell("", location)] * (len(columns) - len(cells))
        reader.take(Row(cells, location))

    def money(amount: float | None) -> float | None:
        return amount * scale if amount is not None else None

    lines = []
    if example.executed is not None or example.execution_rate or example.budget_weight is not None:
        lines.append(FundingLine(
            label="年度资金总额", field="budget", budget_yuan=money(example.budget),
            executed_yuan=money(example.executed), rate=parse_rate(example.execution_rate),
            rate_text=example.execution_rate, weight=example.budget_weight, score=example.budget_score,
            location=Location(path=path, line=1),
        ))
    indicators = reader.finish()
    kind: TableKind = "self_assessment" if any(c in columns for c in _ASSESSED) else "project"
    project, source = example.project, ""
    if not example.project_stated:  # named as the reader names it: from the title, else the notice
        project, source = project_name({}, kind, example.title, example.preamble)
    return Table(
        path=path,
        index=1,
        kind=kind,
        project=project,
        plan_year=example.plan_year,
        money_unit=example.money_unit,
        money_unit_stated=example.money_unit_stated,
        other_fields=dict(example.other_fields),
        blank_fields=list(example.blank_fields),
        funding=Funding(
            budget_yuan=money(example.budget),
            fiscal_yuan=money(example.fiscal),
            other_yuan=money(example.other),
            sources_yuan={"local": example.local * scale} if example.local is not None else {},
            executed_yuan=money(example.executed),
            execution_rate=parse_rate(example.execution_rate),
            half_year_plan_yuan=money(example.half_year_plan),
            components_yuan=listed_amounts(example.goals + "\n" + example.content),
            allocated_yuan=money(example.allocated),
            items=[FundingItem(label=label, amount_yuan=money(amount) or 0.0, location=Location(path=path, line=1))
                   for label, amount in example.items],
            lines=lines,
        ),
        contact=example.contact,
        goals=example.goals,
        content=example.content,
        start=example.start,
        end=example.end,
        total_score=example.total_score,
        grade=example.grade,
        title=example.title,
        preamble=example.preamble,
        project_stated=example.project_stated,
        project_source=source,
        truncated=example.truncated,
        indicators=indicators,
        location=Location(path=path, line=1),
    )
