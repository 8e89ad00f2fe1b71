"""Write seed tables as departments publish them: an HTML page (rowspan/colspan) and a ruled PDF (reportlab).

Rows come from :func:`office_fixtures.seed_rows`; one-cell rows are the text
around the tables (paragraphs on the page, lines above the table in the PDF),
runs of wider rows are tables, 一级/二级 labels merged down their blocks
(:func:`office_fixtures.label_merges`), a short row's last cell spanning the rest.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from office_fixtures import label_merges


def blocks(rows: list[list[str]]) -> list[tuple[str, list[list[str]]]]:
    """The rows as ("text", [row]) for a one-cell row and ("table", rows) for a run of wider rows."""
    found: list[tuple[str, list[list[str]]]] = []
    for row in rows:
        kind = "table" if len(row) >= 2 else "text"
        if kind == "table" and found and found[-1][0] == "table":
            found[-1][1].append(row)
        else:
            found.append((kind, [row]))
    return found


def html_cell(text: str, tag: str = "td", attributes: str = "") -> str:
    """One cell, its line breaks as <br>, spaces inside lines as &nbsp; every other time (as editors write them)."""
    inner = "<br>".join(escape(line).replace("  ", "&nbsp; ") for line in text.split("\n"))
    return f"<{tag}{attributes}>{inner}</{tag}>"


def html_table(rows: list[list[str]], attributes: str = "") -> str:
    """A table as wide as its widest row: labels merged down by rowspan, a short row's last cell by colspan."""
    width = max(len(r) for r in rows)
    spans = {(first, column): last - first + 1 for column, first, last in label_merges(rows)}
    covered = {(r, column) for column, first, last in label_merges(rows) for r in range(first + 1, last + 1)}
    lines = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attrs = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            if c == len(row) - 1 and len(row) < width:
                attrs += f' colspan="{width - len(row) + 1}"'
            cells.append(html_cell(text, "td", attrs))
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table border=\"1\"{attributes}>\n" + "\n".join(lines) + "\n</table>"


def seed_html(rows: list[list[str]], charset: str = "utf-8") -> str:
    """A whole page: one-cell rows as paragraphs (the first as a heading), tables between them."""
    parts = [f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>部门预算公开</title>'
             "<style>td{border:1px solid}</style><script>var x = '<table>';</script></head><body>"]
    for number, (kind, block) in enumerate(blocks(rows)):
        if kind == "text":
            tag = "h2" if number == 0 else "p"
            parts.append(f"<{tag}>{html_cell(block[0][0] if block[0] else '', 'span')}</{tag}>")
        else:
            parts.append(html_table(block))
    parts.append("<!-- 页脚 --></body></html>")
    return "\n".join(parts)


def write_pdf(path: Path, story_blocks: list[tuple[str, list[list[str]]]], *, tall: bool = False) -> None:
    """Draw blocks with reportlab (STSong-Light, a CID font every PDF reader has): text as paragraphs, tables
    ruled with merged labels as spans, a ("break", []) block as a page break; A3 pages, or ``tall`` ones (a
    label merged down 30 rows cannot be split over pages)."""
    from reportlab.lib.pagesizes import A3
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6, leading=7.5, wordWrap="CJK")
    story = []
    page = (A3[0], A3[1] * 2) if tall else A3
    for kind, rows in story_blocks:
        if kind == "break":
            story.append(PageBreak())
            continue
        if kind == "text":
            story.append(Paragraph(escape(rows[0][0] if rows[0] else "").replace("\n", "<br/>"), style))
            continue
        width = max(len(r) for r in rows)
        data = [[Paragraph(escape(t).replace("\n", "<br/>"), style) for t in row] + [""] * (width - len(row))
                for row in rows]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, row in enumerate(rows):
            if len(row) < width:
                commands.append(("SPAN", (len(row) - 1, r), (width - 1, r)))
        for column, first, last in label_merges(rows):
            commands.append(("SPAN", (column, first), (column, last)))
        longest = [max(len(row[c]) if c < len(row) else 0 for row in rows) for c in range(width)]
        weights = [min(max(n, 4), 40) for n in longest]
        widths = [(page[0] - 72) * w / sum(weights) for w in weights]
        story.append(LongTable(data, colWidths=widths, style=commands))
        story.append(Spacer(1, 12))
    SimpleDocTemplate(str(path), pagesize=page, leftMargin=36, rightMargin=36, topMargin=36,
                      bottomMargin=36).build(story)
