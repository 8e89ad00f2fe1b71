"""Read a Word .docx into one Grid, walking the body of ``word/document.xml`` in order.

Only the standard library (zipfile, ElementTree): python-docx takes long to
import and its ``table.cell()`` is quadratic in the size of a table.

* A paragraph outside tables becomes a one-cell row (titles such as
  "2.2025年…绩效目标表" and "单位：元" live there). Its location is
  ``line`` = the paragraph's number among the body's paragraphs outside
  tables, empty ones counted (what a person counts pressing ↓ in Word).
* A table row becomes a row of cells. A cell spanning columns (``gridSpan``)
  gives its text to the first of them and empty cells for the others, and
  ``gridBefore``/``gridAfter`` give empty cells, so every cell sits in its grid
  column. A continuation of a vertical merge (``vMerge``) is empty whatever
  it repeats: the table builder carries a merged 一级/二级 label down.
  Locations are ``table`` (the document's tables counted from 1), ``row`` and
  ``column`` (grid column), 1-based.
* Paragraphs of a cell are joined with "\\n"; a table nested in a cell is part
  of that cell's text. Tabs read as "\\t", line breaks as "\\n"; deleted
  (tracked) text, field codes and the fallback copy of text boxes are left out.

All tables of a document go into one Grid: the builder cuts it into tables
at titles and at each new 项目名称.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from functools import partial

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.archive import parse_member
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
#: Containers whose children are body content in their own right (content controls, custom XML).
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"}


def read_docx(path: str, archive: zipfile.ZipFile, member: str) -> list[Grid]:
    """The paragraphs and table rows of a .docx as one Grid; ReadError when it has no text.

    ``member`` is the main part the package names (:func:`.archive.main_part`), else ``word/document.xml``.
    """
    if member not in archive.namelist():
        raise ReadError(path, f"not a Word document: {member} is missing")
    body = parse_member(archive, member, path).find(f"{_W}body")
    walker = _BodyWalker(path)
    if body is not None:
        walker.walk(body)
    if not any(row.filled for row in walker.rows):
        raise ReadError(path, "the document has no text")
    return [Grid(path, walker.rows)]


class _BodyWalker:
    """Collects rows from body content in document order, counting paragraphs and tables."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.rows: list[Row] = []
        self.paragraphs = 0
        self.tables = 0

    def walk(self, container: ET.Element) -> None:
        """Read the paragraphs and tables directly inside ``container`` (or inside its wrappers)."""
        for child in container:
            if child.tag == f"{_W}p":
                self.paragraphs += 1
                text = paragraph_text(child)
                if text.strip():
                    location = Location(path=self.path, line=self.paragraphs)
                    self.rows.append(Row([Cell(text, location)], location))
            elif child.tag == f"{_W}tbl":
                self.tables += 1
                self.rows.extend(table_rows(child, self.tables, self.path))
            elif child.tag in _WRAPPERS:
                self.walk(child)
            if len(self.rows) > limits.MAX_ROWS:
                raise ReadError(self.path, f"more than {limits.MAX_ROWS:,} rows")


def table_rows(table: ET.Element, number: int, path: str) -> list[Row]:
    """The rows of one Word table with spans expanded and merge continuations empty (blank rows left out)."""
    rows = []
    for row_number, tr in enumerate(_own_children(table, "tr"), 1):
        cells: list[Cell] = []
        add = partial(_add_cell, cells, path, number, row_number)
        properties = tr.find(f"{_W}trPr")
        for _ in range(_int_value(properties, "gridBefore")):
            add("")
        for tc in _own_children(tr, "tc"):
            cell_properties = tc.find(f"{_W}tcPr")
            span = max(1, _int_value(cell_properties, "gridSpan"))
            add("" if _is_continuation(cell_properties) else cell_text(tc))
            for _ in range(span - 1):
                add("")
        for _ in range(_int_value(properties, "gridAfter")):
            add("")
        filled = [cell for cell in cells if cell.text.strip()]
        if filled:
            rows.append(Row(cells, filled[0].location))
    return rows


def _add_cell(cells: list[Cell], path: str, table: int, row: int, text: str) -> None:
    """Put a cell holding ``text`` at the end of a row's ``cells``, in the next column."""
    cells.append(Cell(text, Location(path=path, table=table, row=row, column=len(cells) + 1)))


def _own_children(element: ET.Element, tag: str) -> list[ET.Element]:
    """The ``tag`` children of ``element`` (rows of a table, cells of a row), looking through
    wrappers such as content controls but not into tables nested in cells."""
    found = []
    for child in element:
        if child.tag == f"{_W}{tag}":
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_own_children(child, tag))
    return found


def _int_value(properties: ET.Element | None, name: str) -> int:
    """A span or skip count, at most the widest table Word makes (a damaged file may state millions)."""
    element = properties.find(f"{_W}{name}") if properties is not None else None
    try:
        value = int(element.get(f"{_W}val", "0")) if element is not None else 0
    except ValueError:
        return 0
    return min(max(value, 0), limits.MAX_WORD_COLUMNS)


def _is_continuation(properties: ET.Element | None) -> bool:
    """True for a cell that continues a vertical (or legacy horizontal) merge."""
    if properties is None:
        return False
    for name in ("vMerge", "hMerge"):
        merge = properties.find(f"{_W}{name}")
        if merge is not None and merge.get(f"{_W}val", "continue") != "restart":
            return True
    return False


def cell_text(tc: ET.Element) -> str:
    """The non-empty paragraphs of a table cell (nested tables included), joined with newlines."""
    texts = (paragraph_text(p) for p in _paragraphs(tc))
    return "\n".join(text for text in texts if text.strip())


def _paragraphs(element: ET.Element) -> list[ET.Element]:
    found = []
    for child in element:
        if child.tag == f"{_W}p":
            found.append(child)
        elif child.tag != _FALLBACK:
            found.extend(_paragraphs(child))
    return found


def paragraph_text(paragraph: ET.Element) -> str:
    """The visible text of one paragraph: text runs, tabs and breaks (text boxes inside it left out)."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: ET.Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag not in (_FALLBACK, f"{_W}txbxContent", f"{_W}p"):
            _collect(child, parts)
