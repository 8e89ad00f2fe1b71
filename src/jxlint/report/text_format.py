"""The text report: findings grouped by file and table, one line each, ``path:line: severity RULE message``."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from jxlint.model.finding import Finding

if TYPE_CHECKING:
    from jxlint.api import Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "head": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"
_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "table": "表", "budget": "预算", "none": "未发现问题",
           "summary": "{files} 个文件，{tables} 张表：{error} 个错误，{warning} 个警告，{info} 个提示"},
    "en": {"error": "error", "warning": "warning", "info": "info", "table": "table", "budget": "budget",
           "none": "no problems found",
           "summary": "{files} files, {tables} tables: {error} errors, {warning} warnings, {info} info"},
}


def render_text(report: Report, lang: str = "zh", colour: bool = False) -> str:
    """The report as lines for a terminal or a log, grouped by file and table, with a closing summary."""
    words = _WORDS[lang]

    def paint(kind: str, text: str) -> str:
        return f"{_COLOURS[kind]}{text}{_RESET}" if colour else text

    tables = {(t["path"], t["table"]): t for t in report.summaries}
    groups: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[(finding.path, finding.table)].append(finding)
    lines: list[str] = []
    for (path, index), findings in groups.items():
        table = tables.get((path, index)) if index is not None else None
        lines.append(paint("head", _heading(path, table, words)))
        for finding in sorted(findings, key=_position):
            where = finding.location.short()
            if where.startswith("line "):
                place = f"{path}:{where.removeprefix('line ')}"
            elif where:
                place = f"{path}:{where}"
            else:
                place = path
            severity = paint(finding.severity, words[finding.severity])
            about = f"[{finding.indicator}] " if finding.indicator else ""
            lines.append(f"  {place}: {severity} {finding.rule} {about}{finding.message}")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    files = len({t["path"] for t in report.summaries} | set(report.unreadable))
    if not report.findings:
        lines.append(words["none"])
    lines.append(paint("dim", words["summary"].format(files=files, tables=len(report.summaries), **counts)))
    return "\n".join(lines)


def _position(finding: Finding) -> tuple:
    """Where a finding sits, for reading a table top to bottom (sorted is stable: rule order breaks ties)."""
    where = finding.location
    return (where.sheet or "", where.table or 0, where.line or where.row or 0, where.column or 0)


def _heading(path: str, table: dict | None, words: dict[str, str]) -> str:
    if table is None:
        return path
    facts = []
    if table["plan_year"]:
        facts.append(str(table["plan_year"]))
    if table["budget_yuan"] is not None:
        facts.append(f"{words['budget']} {table['budget_yuan']:,.2f} 元".replace(".00 元", " 元"))
    detail = f" ({', '.join(facts)})" if facts else ""
    return f"{path} · {words['table']} {table['table']} {table['project']}{detail}"
