"""What a run hands the reports: the tables read, a summary of each, and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from jxlint.core.finding import Finding
from jxlint.model.table import Table, TableKind

if TYPE_CHECKING:
    from jxlint.check.engine import RuleSet


class TableSummary(TypedDict):
    """The facts of a table a report reader needs, as the JSON report writes them (in this order)."""

    path: str
    table: int
    kind: TableKind
    project: str
    plan_year: int | None
    money_unit: str
    budget_yuan: float | None
    fiscal_yuan: float | None
    other_yuan: float | None
    executed_yuan: float | None
    components_yuan: float | None
    indicators: int
    location: dict[str, str | int]


def table_summary(table: Table) -> TableSummary:
    """What a table is, which year, how much money, how many rows (kept when the table itself is not)."""
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


@dataclass
class Report:
    """What linting found: the tables read and the findings, in file and row order."""

    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    summaries: list[TableSummary] = field(default_factory=list)
    #: Files that met an error in jxlint itself (a JXL002 finding each; the command line exits 3).
    failed: list[str] = field(default_factory=list)
    #: Every file linted, read or not: what the summary line counts.
    files: list[str] = field(default_factory=list)
    #: Files read whole that hold no trace of a performance table (READ005: skipped).
    skipped: list[str] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        """Add another report's tables, summaries and findings to this one."""
        self.tables.extend(other.tables)
        self.findings.extend(other.findings)
        self.unreadable.extend(other.unreadable)
        self.summaries.extend(other.summaries)
        self.failed.extend(other.failed)
        self.files.extend(other.files)
        self.skipped.extend(other.skipped)

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object ``jxlint check --format json`` prints."""
        from jxlint.report.json_format import report_to_json

        return report_to_json(self)

    def to_sarif(self, rules: RuleSet | None = None) -> dict[str, Any]:
        """The report as a SARIF 2.1.0 log."""
        from jxlint.report.sarif import report_to_sarif

        return report_to_sarif(self, rules)
