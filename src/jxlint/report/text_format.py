"""The text report: findings grouped by file and table, one line each, ``path:line: severity RULE message``."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jxlint.core.finding import Finding

if TYPE_CHECKING:
    from jxlint.report.report import Report, TableSummary

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "head": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"
_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "table": "表", "budget": "预算", "none": "未发现问题",
           "summary": "{files} 个文件{aside}，{tables} 张表：{error} 个错误，{warning} 个警告，{info} 个提示",
           "unreadable": "{n} 个无法读取", "skipped": "{n} 个不含绩效表", "aside": "（{parts}）", "and": "，"},
    "en": {"error": "error", "warning": "warning", "info": "info", "table": "table", "budget": "budget",
           "none": "no problems found",
           "summary": "{files} files{aside}, {tables} tables: {error} errors, {warning} warnings, {info} info",
           "unreadable": "{n} unreadable", "skipped": "{n} with no performance table", "aside": " ({parts})",
           "and": ", "},
}


@dataclass
class Totals:
    """The counts the closing line of a text report gives, added up file by file."""

    files: int = 0
    unreadable: int = 0
    skipped: int = 0
    tables: int = 0
    severities: Counter = field(default_factory=Counter)

    def add(self, report: Report) -> None:
        """Count one more report (a file, or several): every file linted, read or not."""
        self.files += len(set(report.files) or {t["path"] for t in report.summaries} | set(report.unreadable))
        self.unreadable += len(report.unreadable)
        self.skipped += len(report.skipped)
        self.tables += len(report.summaries)
        self.severities.update(f.severity for f in report.findings)


def render_text(report: Report, lang: str = "zh", colour: bool = False) -> str:
    """The report as lines for a terminal or a log, grouped by file and table, with a closing summary."""
    totals = Totals()
    totals.add(report)
    return "\n".join([*text_lines(report, lang, colour), *closing_lines(totals, lang, colour)])


def text_lines(report: Report, lang: str = "zh", colour: bool = False) -> list[str]:
    """The findings of a report grouped by file and table, one line each (no closing summary).

    The command line prints these file by file as linting goes, so that it
    keeps no findings in memory; concatenated, they are the whole report's.
    """
    words = _WORDS[lang]
    tables = {(t["path"], t["table"]): t for t in report.summaries}
    groups: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[(finding.path, finding.table)].append(finding)
    lines: list[str] = []
    for (path, index), findings in groups.items():
        table = tables.get((path, index)) if index is not None else None
        lines.append(_paint("head", _heading(path, table, words), colour))
        for finding in sorted(findings, key=_position):
            where = finding.location.short()
            if where.startswith("line "):
                place = f"{path}:{where.removeprefix('line ')}"
            elif where:
                place = f"{path}:{where}"
            else:
                place = path
            severity = _paint(finding.severity, words[finding.severity], colour)
            about = f"[{finding.indicator}] " if finding.indicator else ""
            lines.append(f"  {place}: {severity} {finding.rule} {about}{finding.message}")
    return lines


def closing_lines(totals: Totals, lang: str = "zh", colour: bool = False) -> list[str]:
    """The closing summary: files, tables and findings by severity (and "no problems" when there are none)."""
    words = _WORDS[lang]
    counts = {s: totals.severities[s] for s in ("error", "warning", "info")}
    lines = [] if sum(totals.severities.values()) else [words["none"]]
    parts = [words[kind].format(n=n) for kind, n in (("unreadable", totals.unreadable), ("skipped", totals.skipped)) if n]
    aside = words["aside"].format(parts=words["and"].join(parts)) if parts else ""
    lines.append(_paint("dim", words["summary"].format(files=totals.files, aside=aside, tables=totals.tables, **counts),
                        colour))
    return lines


def _paint(kind: str, text: str, colour: bool) -> str:
    return f"{_COLOURS[kind]}{text}{_RESET}" if colour else text


def _position(finding: Finding) -> tuple:
    """Where a finding sits, for reading a table top to bottom (sorted is stable: rule order breaks ties)."""
    where = finding.location
    return (where.sheet or "", where.table or 0, where.line or where.row or 0, where.column or 0)


def _heading(path: str, table: TableSummary | None, words: dict[str, str]) -> str:
    if table is None:
        return path
    facts = []
    if table["plan_year"]:
        facts.append(str(table["plan_year"]))
    if table["budget_yuan"] is not None:
        facts.append(f"{words['budget']} {table['budget_yuan']:,.2f} 元".replace(".00 元", " 元"))
    detail = f" ({', '.join(facts)})" if facts else ""
    return f"{path} · {words['table']} {table['table']} {table['project']}{detail}"
