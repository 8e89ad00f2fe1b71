"""Read a text PDF into one Grid: ruled tables found from their lines, the text between them as rows.

The characters, their boxes and the page's drawn lines come from pypdfium2
(PDFium, in C; one wheel, no other dependency): 20× faster than pdfplumber
(pdfminer.six, pure Python) on a 1,000-row table (``benchmarks/parsers.py``,
figures in benchmarks/README.md). The table finding is our own, for the
tables budget documents hold (every cell ruled):

* the ruling lines are the horizontal and vertical straight segments of the
  page's stroked or filled paths (thin filled rectangles and the edges of
  cell rectangles included), snapped together within ``_SNAP`` points;
* lines that cross make a table; its column edges are the x of its vertical
  lines, its row edges the y of its horizontal lines; where a line between
  two neighbouring grid cells is missing they are one merged cell, read into
  the top-left one with the others empty (as merged cells are in an xlsx);
* a character belongs to the cell its centre falls in; a cell's characters
  make lines top to bottom, left to right; wrapped lines join without a
  break (Chinese wraps anywhere) unless the next starts a numbered item or
  the last ended a sentence, which keep their "\\n";
* the text outside tables makes a row per line, cut into cells where a gap
  wider than two characters parts it ("填报单位：…    单位：万元"); page numbers
  ("第 3 页", "- 3 -") are left out;
* a table at the top of a page that continues the table the previous page
  ended with (as many columns) drops its leading rows that repeat one of the
  first ``_HEADER_ROWS`` rows of that table (a repeated header row is not data).

Locations: ``page``, ``table`` (counted on that page), ``row`` (grid row of
that table on that page) and ``column`` (grid column), 1-based; text outside
tables at ``page`` and ``line`` (its line on the page outside tables). A PDF
with no characters at all is a scanned one: ReadError, OCR is not done.
Encrypted and damaged files and files above ``limits.MAX_PDF_PAGES`` pages
raise ReadError; the reader runs in a child process (:mod:`.sandbox`).
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

#: Points within which two lines are one, a line touches another, or a coordinate is on an edge.
_SNAP = 2.0
#: Shortest segment taken for a ruling line (the ends of a thin filled rectangle are shorter).
_MIN_SEGMENT = 4.0
_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页.*|-\s*\d+\s*-|\d+\s*/\s*\d+|\d{1,4})\s*$")
#: A line that starts a numbered item (1. 1、 （1） ①) or a line that ends a sentence keep the break before it.
_ITEM_START = re.compile(r"^(?:\d{1,2}[.．、)）]|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+、)")
_SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？")
#: How many first rows of a table a continued part may repeat at its top (the head block and the column header).
_HEADER_ROWS = 12

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class _Char:
    """One character with its box in points from the page's top-left corner."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    middle: tuple[float, float] = (0.0, 0.0)

    def __post_init__(self) -> None:
        self.middle = (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Segment:
    """A ruling line: horizontal (``at`` is its y, ``start``–``end`` its x) or vertical (the other way)."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass
class _Table:
    """A ruled table on a page: its column and row edges and its lines."""

    xs: list[float]
    ys: list[float]
    segments: list[_Segment]
    rows: list[list[str]] = field(default_factory=list)
    #: The first rows of the table where it began (on this page or an earlier one): repeated, they are no data.
    header: list[list[str]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.ys[0]

    def contains(self, x: float, y: float) -> bool:
        """Whether a point lies inside the table's outer edges."""
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]


def read_pdf(path: str) -> list[Grid]:
    """The tables and text lines of a text PDF as one Grid; ReadError for a scanned, encrypted or damaged one."""
    import pypdfium2  # type: ignore[import-untyped]  # ships no type information
    import pypdfium2.raw as pdfium  # type: ignore[import-untyped]

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise ReadError(path, _open_error(error, pdfium)) from None
    try:
        pages = len(document)
        if pages > limits.MAX_PDF_PAGES:
            raise ReadError(path, f"the PDF has {pages:,} pages, above the limit of {limits.MAX_PDF_PAGES:,}")
        rows: list[Row] = []
        any_text = False
        previous: _Table | None = None  # the table the previous page ended with, and its first rows
        for number in range(1, pages + 1):
            page = document[number - 1]
            height = page.get_height()
            chars = _chars(page, height, pdfium)
            any_text = any_text or bool(chars)
            tables = _tables(_segments(page, height, pdfium))
            previous = _page_rows(path, number, chars, tables, previous, rows)
            page.close()
            if len(rows) > limits.MAX_ROWS:
                raise ReadError(path, f"more than {limits.MAX_ROWS:,} rows")
    except pypdfium2.PdfiumError as error:
        raise ReadError(path, f"the PDF is damaged: {error}") from None
    finally:
        document.close()
    if not any_text:
        raise ReadError(path, "no text layer: scanned PDF, OCR is not supported")
    return [Grid(path, rows)]


def _open_error(error: Any, pdfium: Any) -> str:
    """Why PDFium could not open a file, in words."""
    code = getattr(error, "err_code", None)
    if code in (pdfium.FPDF_ERR_PASSWORD, pdfium.FPDF_ERR_SECURITY):
        return "the PDF is password-protected (encrypted): save an unprotected copy"
    if code == pdfium.FPDF_ERR_FORMAT:
        return "not a readable PDF (damaged or not a PDF)"
    return f"the PDF cannot be opened: {error}"


def _chars(page: Any, height: float, pdfium: Any) -> list[_Char]:
    """The page's characters (those PDFium generates for spacing left out), boxes from the top-left."""
    textpage = page.get_textpage()
    raw = textpage.raw
    box = pdfium.FS_RECTF()
    chars: list[_Char] = []
    high = 0  # a UTF-16 high surrogate waiting for its low half (a character beyond the BMP, 𠀀)
    for index in range(textpage.count_chars()):
        if pdfium.FPDFText_IsGenerated(raw, index) == 1:
            continue
        code = pdfium.FPDFText_GetUnicode(raw, index)
        if 0xD800 <= code < 0xDC00:
            high = code
            continue
        if 0xDC00 <= code < 0xE000:  # the low half: with its high half one character, alone a damaged one (�)
            code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00) if high else 0xFFFD
        high = 0  # a high half not followed by its low half is dropped: text never holds a lone surrogate
        if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n":
            continue
        pdfium.FPDFText_GetLooseCharBox(raw, index, box)  # the glyph's advance and line height, not its ink
        chars.append(_Char(chr(code), box.left, height - box.top, box.right, height - box.bottom))
    textpage.close()
    return chars


def _segments(page: Any, height: float, pdfium: Any) -> list[_Segment]:
    """The horizontal and vertical straight segments of the page's drawn paths (inside forms too)."""
    found: list[_Segment] = []
    count = pdfium.FPDFPage_CountObjects(page.raw)
    _collect_paths(pdfium, [pdfium.FPDFPage_GetObject(page.raw, i) for i in range(count)], _IDENTITY, height, found,
                   depth=0)
    return found


def _collect_paths(pdfium: Any, objects: list[Any], outer: Matrix, height: float, found: list[_Segment],
                   depth: int) -> None:
    matrix_struct = pdfium.FS_MATRIX()
    for obj in objects:
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind not in (pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM):
            continue
        own = _IDENTITY
        if pdfium.FPDFPageObj_GetMatrix(obj, matrix_struct):
            m = matrix_struct
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
        matrix = _compose(own, outer)
        if kind == pdfium.FPDF_PAGEOBJ_FORM:
            if depth < 8:
                count = pdfium.FPDFFormObj_CountObjects(obj)
                _collect_paths(pdfium, [pdfium.FPDFFormObj_GetObject(obj, i) for i in range(count)], matrix, height,
                               found, depth + 1)
            continue
        _path_segments(pdfium, obj, matrix, height, found)
        if len(found) > limits.MAX_PDF_SEGMENTS:
            del found[limits.MAX_PDF_SEGMENTS:]
            return


def _path_segments(pdfium: Any, path: Any, matrix: Matrix, height: float, found: list[_Segment]) -> None:
    """The axis-parallel straight pieces of one stroked or filled path."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium.FPDFPath_GetDrawMode(path, fill, stroke) and not fill.value and not stroke.value:
        return  # a clipping path draws nothing
    x, y = ctypes.c_float(), ctypes.c_float()
    start = last = None
    for index in range(pdfium.FPDFPath_CountSegments(path)):
        segment = pdfium.FPDFPath_GetPathSegment(path, index)
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value, height)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium.FPDF_SEGMENT_LINETO and last is not None:
            _add_segment(last, point, found)
        if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_segment(point, start, found)
        last = point


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` and then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix, x: float, y: float, height: float) -> tuple[float, float]:
    """A point in page space, y measured down from the page's top."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, height - (b * x + d * y + f)


def _add_segment(one: tuple[float, float], other: tuple[float, float], found: list[_Segment]) -> None:
    (x0, y0), (x1, y1) = one, other
    if abs(y0 - y1) <= 0.5 and abs(x1 - x0) >= _MIN_SEGMENT:
        found.append(_Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) <= 0.5 and abs(y1 - y0) >= _MIN_SEGMENT:
        found.append(_Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _tables(segments: list[_Segment]) -> list[_Table]:
    """The ruled tables the segments make: groups of crossing lines with two rows and two columns of edges."""
    if not segments:
        return []
    parent = list(range(len(segments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = sorted((i for i, s in enumerate(segments) if s.horizontal), key=lambda i: segments[i].at)
    vertical = sorted((i for i, s in enumerate(segments) if not s.horizontal), key=lambda i: segments[i].at)
    vertical_at = [segments[i].at for i in vertical]
    for h in horizontal:
        line = segments[h]
        first = bisect_right(vertical_at, line.start - _SNAP - 1e-9)
        for v in vertical[first:bisect_right(vertical_at, line.end + _SNAP)]:
            upright = segments[v]
            if upright.start - _SNAP <= line.at <= upright.end + _SNAP:
                parent[root(h)] = root(v)
    groups: dict[int, list[_Segment]] = {}
    for index, segment in enumerate(segments):
        groups.setdefault(root(index), []).append(segment)
    tables = []
    for members in groups.values():
        xs = _edges(s.at for s in members if not s.horizontal)
        ys = _edges(s.at for s in members if s.horizontal)
        if len(xs) >= 2 and len(ys) >= 2:
            tables.append(_Table(xs, ys, members))
    return sorted(tables, key=lambda t: (t.top, t.xs[0]))


def _edges(values: Any) -> list[float]:
    """Coordinates snapped together: each run of values within ``_SNAP`` of the previous is one edge."""
    edges: list[list[float]] = []
    for value in sorted(values):
        if edges and value - edges[-1][-1] <= _SNAP:
            edges[-1].append(value)
        else:
            edges.append([value])
    return [sum(run) / len(run) for run in edges]


def _has_line(segments: list[_Segment], horizontal: bool, at: float, middle: float) -> bool:
    """Whether a ruling line at ``at`` passes the point ``middle`` along it."""
    return any(s.horizontal == horizontal and abs(s.at - at) <= _SNAP and s.start - _SNAP <= middle <= s.end + _SNAP
               for s in segments)


def _table_cells(table: _Table, chars: list[_Char]) -> list[list[str]]:
    """The table's text by grid row and column: merged cells in their top-left cell, the rest empty."""
    xs, ys = table.xs, table.ys
    rows, columns = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(columns)}
    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            if c + 1 < columns and not _has_line(table.segments, False, xs[c + 1], middle_y):
                owner[(r, c + 1)] = owner[(r, c)]
            if r + 1 < rows and not _has_line(table.segments, True, ys[r + 1], (xs[c] + xs[c + 1]) / 2):
                below = owner[(r + 1, c)]
                if below == (r + 1, c):
                    owner[(r + 1, c)] = owner[(r, c)]
    held: dict[tuple[int, int], list[_Char]] = {}
    for char in chars:
        x, y = char.middle
        c, r = bisect_right(xs, x) - 1, bisect_right(ys, y) - 1
        if 0 <= r < rows and 0 <= c < columns:
            held.setdefault(owner[(r, c)], []).append(char)
    return [[_cell_text(held.get((r, c), [])) if owner[(r, c)] == (r, c) else "" for c in range(columns)]
            for r in range(rows)]


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (top to bottom), each line left to right."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda ch: (ch.middle[1], ch.left)):
        if lines:
            last = lines[-1][-1]
            if abs(char.middle[1] - last.middle[1]) <= max(2.0, (last.bottom - last.top) / 2):
                lines[-1].append(char)
                continue
        lines.append([char])
    return [sorted(line, key=lambda ch: ch.left) for line in lines]


def _line_text(line: list[_Char], cut: float | None = None) -> list[str]:
    """The text of one line; with ``cut``, split where a gap is wider than ``cut`` times the character height."""
    parts: list[list[str]] = [[]]
    for index, char in enumerate(line):
        if index:
            gap = char.left - line[index - 1].right
            size = max(char.bottom - char.top, 1.0)
            if cut is not None and gap > cut * size:
                parts.append([])
            elif gap > 0.25 * size and parts[-1] and parts[-1][-1].isascii() and char.text.isascii():
                parts[-1].append(" ")  # between Latin words set apart without a space character
        parts[-1].append(char.text)
    return [" ".join("".join(part).split()) for part in parts]


def _cell_text(chars: list[_Char]) -> str:
    """A cell's lines joined: directly, or with a space between Latin words, or "\\n" before a numbered item."""
    text = ""
    for line in _lines(chars):
        piece = _line_text(line)[0]
        if not piece:
            continue
        if not text:
            text = piece
        elif _ITEM_START.match(piece) or text.endswith(_SENTENCE_END):
            text += "\n" + piece
        elif text[-1].isascii() and text[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            text += " " + piece
        else:
            text += piece
    return text


def _page_rows(path: str, page: int, chars: list[_Char], tables: list[_Table], previous: _Table | None,
               rows: list[Row]) -> _Table | None:
    """Add one page's rows in reading order to ``rows``; returns the table the page ends with, if it does."""
    held: dict[int, list[_Char]] = {id(table): [] for table in tables}
    loose: list[_Char] = []
    for char in chars:
        table = next((t for t in tables if t.contains(*char.middle)), None)
        (held[id(table)] if table is not None else loose).append(char)
    items: list[tuple[float, Any]] = [(line[0].top, line) for line in _lines(loose)]
    items += [(table.top, table) for table in tables]
    items.sort(key=lambda item: item[0])
    line_number = table_number = 0
    last: _Table | None = None
    for _, item in items:
        if isinstance(item, _Table):
            table_number += 1
            item.rows = _table_cells(item, held[id(item)])
            item.header = item.rows[:_HEADER_ROWS]
            skip = 0
            if previous is not None and table_number == 1 and line_number == 0 and len(item.xs) == len(previous.xs):
                item.header = previous.header  # a continued table: its header is where the table began
                while skip < len(item.rows) and any(item.rows[skip]) and item.rows[skip] in item.header:
                    skip += 1
            rows.extend(_table_rows(path, page, table_number, item.rows, skip))
            last = item
            continue
        parts = [part for part in _line_text(item, cut=2.0) if part]
        if not parts or _PAGE_NUMBER.match(" ".join(parts)):
            continue
        line_number += 1
        locate = partial(Location, path, line_number, None, None, None, None, None, page)
        rows.append(Row([Cell(part, None, "", locate) for part in parts], locate()))
        last = None
    return last


def _table_rows(path: str, page: int, table: int, texts: list[list[str]], skip: int) -> list[Row]:
    """Rows of one table on one page, after its first ``skip`` (repeated header) rows; blank rows left out."""
    found = []
    for row_number, row in enumerate(texts[skip:], skip + 1):
        if not any(row):
            continue
        locate = partial(_locate, path, page, table, row_number)
        cells = [Cell(text, None, "", locate, column) for column, text in enumerate(row, 1)]
        found.append(Row(cells, next(c for c in cells if c.text).location))
    return found


def _locate(path: str, page: int, table: int, row: int, column: int) -> Location:
    """The Location of a cell of a PDF table."""
    return Location(path, None, None, None, row, column, table, page)
