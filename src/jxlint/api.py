"""The library entry points: lint a file or a table and get a Report, with no printing and no exits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jxlint.check.engine import RuleSet, load_rules, run_rules
from jxlint.model.build import build_tables
from jxlint.model.finding import Finding
from jxlint.model.location import Location
from jxlint.model.table import Table
from jxlint.read.errors import ReadError
from jxlint.read.text import read_text


@dataclass
class Report:
    """What linting found: the tables read and the findings, in file and row order."""

    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        """Add another report's tables and findings to this one."""
        self.tables.extend(other.tables)
        self.findings.extend(other.findings)
        self.unreadable.extend(other.unreadable)

    def to_json(self) -> dict:
        """The report as the JSON object the CLI prints with ``--format json``."""
        from jxlint.report.json_format import report_to_json

        return report_to_json(self)


def lint_table(table: Table, rules: RuleSet | None = None, lang: str = "zh") -> list[Finding]:
    """The findings of ``rules`` (all enabled rules by default) on one table."""
    return run_rules(rules or load_rules(), table, lang)


def lint(path: str | Path, rules: RuleSet | None = None, lang: str = "zh") -> Report:
    """Read one file and lint every table in it; an unreadable file gives a ``read`` finding."""
    rules = rules or load_rules()
    report = Report()
    name = str(path)
    try:
        grid = read_text(path)
    except ReadError as exc:
        report.unreadable.append(name)
        report.findings.append(read_finding(name, exc.reason, lang))
        return report
    except OSError as exc:
        report.unreadable.append(name)
        report.findings.append(read_finding(name, exc.strerror or str(exc), lang))
        return report
    tables = build_tables(grid)
    if not tables:
        report.findings.append(read_finding(name, _NO_TABLE[lang], lang))
    for table in tables:
        report.tables.append(table)
        report.findings.extend(run_rules(rules, table, lang))
    return report


_NO_TABLE = {"zh": "未找到绩效目标表（没有项目名称或指标表头）", "en": "no performance table found (no 项目名称 and no indicator header)"}


def read_finding(path: str, reason: str, lang: str = "zh") -> Finding:
    """A ``read`` finding: the file could not be read, and why."""
    message = f"无法读取：{reason}" if lang == "zh" else f"cannot read: {reason}"
    return Finding(
        rule="READ001",
        name="read.unreadable",
        category="read",
        severity="error",
        message=message,
        path=path,
        location=Location(path=path),
        data={"reason": reason},
    )


def lint_paths(paths: Sequence[str | Path], rules: RuleSet | None = None, lang: str = "zh") -> Report:
    """Lint several files, each on its own: a file that fails to read does not stop the others."""
    rules = rules or load_rules()
    report = Report()
    for path in paths:
        report.extend(lint(path, rules, lang))
    return report
