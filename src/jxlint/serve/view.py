"""The page's data for one uploaded file: each table as a grid with the findings placed on its cells.

The grid is the table as jxlint read it (the rows of ``jxlint show``): the head
fields with their values, then one row per indicator. A finding goes on the
cell whose location it names, else on the row it points into, else it is
listed with its table (or with the file, when it belongs to no table).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jxlint.api import Report
from jxlint.core.finding import SEVERITY_RANK, Finding
from jxlint.core.location import Location
from jxlint.model.table import Indicator, Table

#: Head fields shown above the indicator grid, in order: key → (Chinese label, English label).
HEAD_FIELDS = {
    "project": ("项目名称", "Project"), "department": ("主管部门", "Department"),
    "implementing_unit": ("实施单位", "Implementing unit"), "plan_year": ("计划年度", "Plan year"),
    "budget": ("预算", "Budget"), "fiscal": ("财政资金", "Fiscal funds"), "other": ("其他资金", "Other funds"),
    "executed": ("执行数", "Executed"), "start": ("开始时间", "Start"), "end": ("完成时间", "End"),
    "contact": ("联系电话", "Contact"), "goals": ("年度目标", "Goals"), "content": ("项目内容", "Content"),
}
_MONEY_FIELDS = {"budget": "budget_yuan", "fiscal": "fiscal_yuan", "other": "other_yuan", "executed": "executed_yuan"}
#: Indicator grid columns: key → (Chinese heading, English heading); optional ones appear when a row fills them.
COLUMNS = {
    "level1": ("一级指标", "Level 1"), "level2": ("二级指标", "Level 2"), "name": ("三级指标", "Indicator"),
    "description": ("指标解释", "Description"), "target": ("指标值", "Target"), "half_year": ("半年指标值", "Half-year"),
    "long_term": ("中期指标值", "Long-term"), "actual": ("实际完成值", "Actual"), "weight": ("分值", "Weight"),
    "score": ("得分", "Score"), "reason": ("偏差原因", "Reason"),
}
_ALWAYS = ("level1", "level2", "name", "target")


def file_view(name: str, report: Report, english: Report) -> dict[str, Any]:
    """The page data of one file from its report in Chinese and the same report in English."""
    findings = [_finding(number, zh, en) for number, (zh, en) in enumerate(zip(report.findings, english.findings))]
    placed: set[int] = set()
    tables = []
    for table in report.tables:
        mine = [(number, f) for number, f in enumerate(report.findings) if f.table == table.index]
        view = _table_view(table, mine)
        placed.update(n for n, _ in mine)
        tables.append(view)
    counts = {severity: sum(1 for f in report.findings if f.severity == severity) for severity in SEVERITY_RANK}
    return {
        "name": name,
        "unreadable": bool(report.unreadable or report.failed),
        "counts": {"tables": len(report.tables), **counts},
        "findings": findings,
        "file_findings": [n for n in range(len(report.findings)) if n not in placed],
        "tables": tables,
    }


def _finding(number: int, zh: Finding, en: Finding) -> dict[str, Any]:
    return {"id": number, "rule": zh.rule, "severity": zh.severity, "where": zh.location.short(),
            "indicator": zh.indicator or "", "message": {"zh": zh.message, "en": en.message}}


def _table_view(table: Table, findings: list[tuple[int, Finding]]) -> dict[str, Any]:
    """One table: its head rows and indicator rows, each cell with the findings placed on it."""
    head = [row for row in (_head_row(table, key) for key in HEAD_FIELDS) if row is not None]
    columns = [key for key in COLUMNS if key in _ALWAYS or any(_cell_text(i, key) for i in table.indicators)]
    rows = [_indicator_row(indicator, columns) for indicator in table.indicators]
    loose: list[int] = []
    for number, finding in findings:
        if not _place(number, finding.location, head, rows):
            loose.append(number)
    for row in head + rows:
        _settle(row, findings)
    return {
        "index": table.index, "kind": table.kind, "project": table.project, "plan_year": table.plan_year,
        "budget_yuan": table.budget_yuan, "money_unit": table.money_unit, "where": table.location.short(),
        "columns": [{"key": key, "zh": COLUMNS[key][0], "en": COLUMNS[key][1]} for key in columns],
        "head": head, "rows": rows, "table_findings": loose,
    }


def _head_row(table: Table, key: str) -> dict[str, Any] | None:
    if key in _MONEY_FIELDS:
        amount = getattr(table.funding, _MONEY_FIELDS[key])
        text = "" if amount is None else f"{amount:,.2f}".rstrip("0").rstrip(".") + " 元"
    elif key == "plan_year":
        text = str(table.plan_year or "")
    else:
        text = str(getattr(table, key, "") or "")
    location = table.field_locations.get(key)
    if not text and location is None:
        return None
    label_zh, label_en = HEAD_FIELDS[key]
    cell: dict[str, Any] = {"key": key, "text": text, "where": location.short() if location else "", "findings": [], "_at": location}
    return {"label": {"zh": label_zh, "en": label_en}, "where": cell["where"], "cells": [cell], "findings": [],
            "_anchor": cell}


def _indicator_row(indicator: Indicator, columns: list[str]) -> dict[str, Any]:
    at: dict[str, Location | None] = {"name": indicator.name_location or indicator.location,
                                      "description": indicator.description_location,
                                      "target": indicator.target_location}
    cells: list[dict[str, Any]] = []
    for key in columns:
        location = at.get(key)
        cells.append({"key": key, "text": _cell_text(indicator, key), "where": location.short() if location else "",
                      "findings": [], "_at": location})
    anchor = next(c for c in cells if c["key"] == "name")
    return {"where": indicator.location.short(), "cells": cells, "findings": [], "_anchor": anchor,
            "_row": indicator.location}


def _cell_text(indicator: Indicator, key: str) -> str:
    value = getattr(indicator, key)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return value if isinstance(value, str) else value.text


def _place(number: int, location: Location, head: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bool:
    """Put finding ``number`` on the cell at ``location``, else on the row it points into; False if neither."""
    every = head + rows
    for row in every:
        for cell in row["cells"]:
            if cell["_at"] is not None and _spot(cell["_at"]) == _spot(location):
                cell["findings"].append(number)
                row["findings"].append(number)
                return True
    for row in rows:
        key = _row_key(location)
        if _spot(location) == _spot(row["_row"]) or (key is not None and key == _row_key(row["_row"])):
            row["_anchor"]["findings"].append(number)
            row["findings"].append(number)
            return True
    for row in head:
        at = row["_anchor"]["_at"]
        if at is not None and _row_key(at) is not None and _row_key(location) == _row_key(at):
            row["_anchor"]["findings"].append(number)
            row["findings"].append(number)
            return True
    return False


def _spot(location: Location) -> Location:
    """A location without its path (an upload is linted under a temporary name, its findings under its own)."""
    return replace(location, path="")


def _row_key(location: Location) -> tuple[Any, ...] | None:
    """The physical row a location is in: a sheet's row, a table's row (Word, HTML, a PDF page's) or a text line."""
    if location.sheet is not None and location.row is not None:
        return ("sheet", location.sheet, location.row)
    if location.table is not None and location.row is not None:
        return ("table", location.page, location.table, location.row)
    if location.line is not None:
        return ("line", location.line)
    return None


def _settle(row: dict[str, Any], findings: list[tuple[int, Finding]]) -> None:
    """Give each cell its worst severity and drop the working fields."""
    severity = dict(findings)
    for cell in row["cells"]:
        found = [severity[n].severity for n in cell["findings"]]
        cell["severity"] = max(found, key=SEVERITY_RANK.__getitem__) if found else ""
        del cell["_at"]
    del row["_anchor"]
    row.pop("_row", None)
