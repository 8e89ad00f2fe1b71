"""``jxlint annotate``: a copy of a workbook with every finding on the cell a person would click.

Each located finding becomes a cell comment (one per cell, findings joined)
and a fill colour by its worst severity; a summary sheet lists every finding
with a link to its cell. The input workbook is only read: the copy is written
to another path.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from jxlint.core.finding import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from jxlint.report.report import Report

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SUMMARY_SHEET = "jxlint"
_HEADINGS = {"zh": ("位置", "规则", "级别", "项目", "指标", "问题"), "en": ("Cell", "Rule", "Severity", "Project", "Indicator", "Message")}


class AnnotateError(Exception):
    """The workbook cannot be annotated (not an xlsx, or the output is the input)."""


def annotate_workbook(source: Path, target: Path, report: Report, lang: str = "zh") -> int:
    """Write ``target``: ``source`` with the report's findings as comments, fills and a summary sheet.

    Returns the number of findings placed on cells.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    if source.resolve() == target.resolve():
        raise AnnotateError(f"{target}: the output must not be the input (jxlint never changes the input)")
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise AnnotateError(f"{source}: only .xlsx and .xlsm workbooks can be annotated")
    try:
        workbook = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    except Exception as exc:  # noqa: BLE001 — openpyxl fails in many ways on a damaged part check never reads
        raise AnnotateError(f"{source}: the workbook cannot be opened for annotation, although it could be "
                            f"checked ({type(exc).__name__}: {str(exc).strip()[:200]}); save it again in Excel "
                            "or WPS and retry") from None
    if SUMMARY_SHEET in workbook.sheetnames:
        del workbook[SUMMARY_SHEET]
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        where = finding.location
        if where.sheet is not None and where.sheet in workbook.sheetnames and where.cell:
            by_cell[(where.sheet, where.cell)].append(finding)
    for (sheet, cell), findings in by_cell.items():
        target_cell = workbook[sheet][cell]
        text = "\n".join(f"[{f.severity}] {f.rule} {f.message}" for f in findings)
        target_cell.comment = Comment(text, "jxlint", width=360, height=40 + 40 * len(findings))
        worst = max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity
        target_cell.fill = PatternFill("solid", fgColor=FILLS[worst])

    summary = workbook.create_sheet(SUMMARY_SHEET)
    summary.append(list(_HEADINGS[lang]))
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for finding in report.findings:
        where = finding.location
        summary.append([where.short() or finding.path, finding.rule, finding.severity,
                        finding.project or "", finding.indicator or "", finding.message])
        if where.sheet in workbook.sheetnames and where.cell:
            link = summary.cell(row=summary.max_row, column=1)
            link.hyperlink = f"#'{where.sheet}'!{where.cell}"
            link.font = Font(color="0563C1", underline="single")
    for column, width in zip("ABCDEF", (18, 10, 9, 30, 30, 80)):
        summary.column_dimensions[column].width = width
    workbook.save(target)
    return sum(len(f) for f in by_cell.values())
