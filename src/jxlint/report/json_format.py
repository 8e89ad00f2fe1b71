"""The JSON report: one object with the tables read and the findings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jxlint.model.finding import Finding
from jxlint.model.table import Table

if TYPE_CHECKING:
    from jxlint.api import Report


def table_summary(table: Table) -> dict[str, Any]:
    """The facts of a table a report reader needs: what, which year, how much money, how many rows."""
    funding = table.funding
    return {
        "path": table.path,
        "table": table.index,
        "kind": table.kind,
        "project": table.project,
        "plan_year": table.plan_year,
        "money_unit": table.money_unit,
        "budget_yuan": funding.budget_yuan,
        "fiscal_yuan": funding.fiscal_yuan,
        "other_yuan": funding.other_yuan,
        "executed_yuan": funding.executed_yuan,
        "components_yuan": sum(funding.components_yuan) if funding.components_yuan else None,
        "indicators": len(table.indicators),
        "location": table.location.as_dict(),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object, its location both as fields and as one short string."""
    data = finding.model_dump(exclude={"location"})
    data["location"] = {**finding.location.as_dict(), "text": finding.location.short()}
    return data


def report_to_json(report: Report) -> dict[str, Any]:
    """The whole report as one JSON-ready object."""
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    return {
        "tables": report.summaries,
        "findings": [finding_json(f) for f in report.findings],
        "summary": {"tables": len(report.summaries), "findings": len(report.findings), **counts},
    }


def render_json(report: Report) -> str:
    """The JSON report as text."""
    return json.dumps(report_to_json(report), ensure_ascii=False, indent=2)
