"""Write the seed tables as the files they really travel in: xlsx (openpyxl), docx (raw OOXML), csv.

The content comes from the text reader's Grid of a seed in examples/, so a
fixture holds exactly the seed's cells, laid out as a person would: a blank
row before each table, numbers as numbers (percentages with a percent format),
一级/二级 labels merged down over their rows, a one-value row merged across.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

from jxlint.read.grid import Grid
from jxlint.read.text import read_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BINHAI = "binhai-2025-project-targets.txt"
SEEDS = [BINHAI, "nantong-2024-project-targets.txt", "chaoyang-2020-self-assessment.txt",
         "guangzhou-2022-project-targets.txt"]


def findings_of(report) -> Counter:
    """What a report found, locations aside: a seed in another format must find the same."""
    return Counter((f.rule, f.project, f.indicator) for f in report.findings)


def tables_of(report) -> list[tuple]:
    """Each table's project, plan year and budget."""
    return [(t.project, t.plan_year, t.funding.budget_yuan) for t in report.tables]

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
_PERCENT = re.compile(r"(\d+(?:\.(\d+))?)%")
_GRID_HEADER = re.compile(r"^一级\s*指标$")
_LEVEL2_HEADER = re.compile(r"^二级\s*指标$")


def seed_rows(name: str) -> list[list[str]]:
    """The cells of a seed in examples/, as the text reader reads them."""
    grid: Grid = read_text(EXAMPLES / name)
    return [row.texts for row in grid.rows]


def split_tables(rows: list[list[str]]) -> list[list[list[str]]]:
    """The rows cut before each title row (…绩效目标表, …自评表) that follows other rows."""
    tables: list[list[list[str]]] = [[]]
    for row in rows:
        if _is_title(row) and tables[-1]:
            tables.append([])
        tables[-1].append(row)
    return tables


def label_merges(rows: list[list[str]]) -> list[tuple[int, int, int]]:
    """Vertical merges (column, first row, last row; 0-based) of 一级/二级 labels over the empty cells below them.

    Inside each indicator grid (the rows after a header naming 一级指标 that
    have four cells or more), every column up to the 二级 column is merged
    from a filled cell down over the empty cells that follow it.
    """
    merges = []
    index = 0
    while index < len(rows):
        header = rows[index]
        level1 = next((i for i, t in enumerate(header) if _GRID_HEADER.match(t)), None)
        if level1 is None:
            index += 1
            continue
        level2 = next((i for i, t in enumerate(header) if _LEVEL2_HEADER.match(t)), level1)
        end = index + 1
        while end < len(rows) and len(rows[end]) >= 4:
            end += 1
        for column in range(level2 + 1):
            start = None
            for r in range(index, end + 1):
                text = rows[r][column] if r < end and column < len(rows[r]) else None
                if text == "":
                    continue
                if start is not None and r - 1 > start:
                    merges.append((column, start, r - 1))
                start = r if text else None
        index = end
    return merges


def typed(text: str) -> tuple[object, str | None]:
    """The value a person would have typed for this text, and its number format."""
    if _NUMBER.fullmatch(text):
        return float(text), None
    percent = _PERCENT.fullmatch(text)
    if percent:
        decimals = len(percent.group(2) or "")
        return float(percent.group(1)) / 100, "0%" if not decimals else "0." + "0" * decimals + "%"
    return text, None


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[str]]]], *, gap: int = 1) -> dict[tuple[str, int], int]:
    """Write sheets of rows; returns (sheet, index of a source row) → its physical row number.

    ``gap`` blank rows go before every title row after the first row, and one
    before the very first (so physical numbering is tested).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    placed: dict[tuple[str, int], int] = {}
    for sheet_name, rows in sheets:
        sheet = workbook.create_sheet(sheet_name)
        width = max(len(r) for r in rows)
        physical = 1
        for index, row in enumerate(rows):
            if index == 0 or _is_title(row):
                physical += gap
            placed[(sheet_name, index)] = physical
            for column, text in enumerate(row, 1):
                if text:
                    value, number_format = typed(text)
                    cell = sheet.cell(row=physical, column=column, value=value)
                    if number_format:
                        cell.number_format = number_format
            if len(row) == 2 and width > 2 and row[1]:
                sheet.merge_cells(start_row=physical, start_column=2, end_row=physical, end_column=width)
            physical += 1
        for column, first, last in label_merges(rows):
            sheet.merge_cells(start_row=placed[(sheet_name, first)], start_column=column + 1,
                              end_row=placed[(sheet_name, last)], end_column=column + 1)
    workbook.save(path)
    return placed


def _is_title(row: list[str]) -> bool:
    filled = [t for t in row if t]
    return len(filled) == 1 and bool(re.search(r"(目标表|自评表)\s*$", filled[0]))


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> None:
    """Write rows as csv in the given encoding (Excel's "CSV" on Chinese Windows is GBK)."""
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def write_docx(path: Path, body_xml: str) -> None:
    """A minimal Word document around ``body_xml`` (the children of ``w:body``)."""
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{body_xml}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)


def paragraph_xml(text: str) -> str:
    """One Word paragraph; "\\n" become line breaks, "\\t" tabs."""
    runs = []
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            runs.append("<w:r><w:br/></w:r>")
        for part_number, part in enumerate(line.split("\t")):
            if part_number:
                runs.append("<w:r><w:tab/></w:r>")
            if part:
                runs.append(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return f"<w:p>{''.join(runs)}</w:p>"


def seed_docx_body(rows: list[list[str]]) -> tuple[str, list[tuple[int | None, int]]]:
    """Word body XML for seed rows, and where each row went: (table number or None, row or paragraph number).

    One-cell rows become paragraphs; runs of wider rows become tables as wide
    as their widest row, a short row's last cell spanning the rest
    (``gridSpan``); labels merged down become ``vMerge`` cells whose
    continuations repeat the label, as some converters write them.
    """
    parts: list[str] = []
    where: list[tuple[int | None, int]] = []
    paragraphs = tables = 0
    index = 0
    while index < len(rows):
        if len(rows[index]) < 2:
            paragraphs += 1
            parts.append(paragraph_xml(rows[index][0] if rows[index] else ""))
            where.append((None, paragraphs))
            index += 1
            continue
        end = index
        while end < len(rows) and len(rows[end]) >= 2:
            end += 1
        block = rows[index:end]
        tables += 1
        parts.append(_table_xml(block))
        where.extend((tables, number) for number in range(1, len(block) + 1))
        index = end
    return "".join(parts), where


def _table_xml(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    continuation: dict[tuple[int, int], str] = {}
    restarts: set[tuple[int, int]] = set()
    for column, first, last in label_merges(rows):
        restarts.add((first, column))
        for r in range(first + 1, last + 1):
            continuation[(r, column)] = rows[first][column]
    grid = "".join("<w:gridCol/>" for _ in range(width))
    xml_rows = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            properties = []
            if c == len(row) - 1 and len(row) < width:
                properties.append(f'<w:gridSpan w:val="{width - len(row) + 1}"/>')
            if (r, c) in restarts:
                properties.append('<w:vMerge w:val="restart"/>')
            if (r, c) in continuation:
                properties.append("<w:vMerge/>")
                text = continuation[(r, c)]
            cells.append(f"<w:tc><w:tcPr>{''.join(properties)}</w:tcPr>{paragraph_xml(text)}</w:tc>")
        xml_rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(xml_rows)}</w:tbl>"


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB v3) holding ``streams``, each padded to 4,096 bytes.

    Enough structure for a reader to tell what it holds: an encrypted
    xlsx/docx has ``EncryptionInfo`` and ``EncryptedPackage`` streams, a .doc
    a ``WordDocument`` stream, a .xls a ``Workbook`` stream.
    """
    import struct

    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    sector = 512
    fat = [fat_sector, end]  # sector 0 holds the FAT, sector 1 the directory
    starts = []
    for data in streams.values():
        count = max(1, -(-max(len(data), 4096) // sector))
        first = len(fat)
        starts.append(first)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(end)
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, no_stream, right, child,
                           b"\x00" * 16, 0, 0, 0, start, size)

    names = list(streams)
    entries = [entry("Root Entry", 5, no_stream, 1, end, 0)]
    for index, name in enumerate(names, 1):
        entries.append(entry(name, 2, index + 1 if index < len(names) else no_stream, no_stream,
                             starts[index - 1], max(len(streams[name]), 4096)))
    directory = b"".join(entries).ljust(sector * -(-len(entries) * 128 // sector), b"\x00")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"), b"\x00" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\x00" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    body = b"".join(data.ljust(-(-max(len(data), 4096) // sector) * sector, b"\x00") for data in streams.values())
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body
