"""Turn a rule's docs example (a small table written in YAML) into a Table the rule can run on."""

from __future__ import annotations

from jxlint.check.pack import Example
from jxlint.model.indicator_rows import GridReader
from jxlint.model.location import Location
from jxlint.model.table import Funding, Table
from jxlint.read.grid import Cell, Row

_COLUMNS = {"level1": 0, "level2": 1, "name": 2, "target": 3}
_SELF_ASSESSMENT_COLUMNS = {**_COLUMNS, "actual": 4, "reason": 5}


def table_from_example(example: Example, path: str = "<example>") -> Table:
    """The Table an example describes; indicator rows go through the same reader as real files."""
    scale = 10000.0 if example.money_unit == "万元" else 1.0
    self_assessment = any(len(row) > 4 for row in example.indicators)
    columns = _SELF_ASSESSMENT_COLUMNS if self_assessment else _COLUMNS
    reader = GridReader(columns, len(columns))
    for number, texts in enumerate(example.indicators, 1):
        location = Location(path=path, line=number)
        cells = [Cell(t, Location(path=path, line=number, column=i + 1)) for i, t in enumerate(texts)]
        cells += [Cell("", location)] * (len(columns) - len(cells))
        reader.take(Row(cells, location))

    def money(amount: float | None) -> float | None:
        return amount * scale if amount is not None else None

    return Table(
        path=path,
        index=1,
        kind="self_assessment" if self_assessment else "project",
        project=example.project,
        plan_year=example.plan_year,
        money_unit=example.money_unit,
        funding=Funding(
            budget_yuan=money(example.budget),
            fiscal_yuan=money(example.fiscal),
            other_yuan=money(example.other),
            executed_yuan=money(example.executed),
        ),
        contact=example.contact,
        goals=example.goals,
        content=example.content,
        start=example.start,
        end=example.end,
        indicators=reader.finish(),
        location=Location(path=path, line=1),
    )
