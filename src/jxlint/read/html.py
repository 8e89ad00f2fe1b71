"""Read an HTML page (or a saved .mhtml web archive) into one Grid: its tables and the text around them.

The parser is selectolax's Lexbor engine (an HTML5 parser in C): on a
5,000-row page it parses and walks the tables 5× faster than lxml.html,
15× faster than the standard library's html.parser and 40× faster than
html5lib, and imports in 13 ms (``benchmarks/parsers.py``, figures in
benchmarks/README.md). It is imported only when a page is read.

* Text outside tables becomes one-cell rows, one per block (heading,
  paragraph, ``div``, ``<br>``-separated line): the title, "单位：万元" and the
  plan year stand there. Its location is ``line`` = the number of that text
  block on the page. ``script``, ``style``, ``head`` and comments are left out.
* A table row becomes a row of cells in grid columns: ``colspan`` gives the
  text to the first column and empty cells for the others, and the cells a
  ``rowspan`` covers in the rows below are empty, as merged cells are in an
  xlsx (the table builder carries a merged 一级/二级 label down).
  Locations are ``table`` (the page's ``<table>`` elements counted from 1 in
  document order, nested ones included, as ``document.querySelectorAll("table")``
  numbers them), ``row`` (the table's ``<tr>``, blank ones counted),
  ``column`` (grid column) and ``element``, the cell's CSS selector (``#id``
  when the cell, its row or its table has an id).
* A cell holding a table (a page laid out with tables, or a grid nested in a
  cell) is read as page content: its text as one-cell rows, its tables as
  tables of their own, in place.
* In a cell, ``<br>`` and block elements break lines ("\\n"); other runs of
  whitespace collapse to one space as a browser shows them, while ``&nbsp;``
  reads as a space of its own and a full-width space stays; lines are stripped
  of both.

The encoding is the one a BOM, ``<meta charset>`` or ``http-equiv`` names
(GB2312 and GBK read as their superset GB18030), else told by the content
(:func:`.decode.decode_tolerant`).
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from functools import partial
from pathlib import Path
from typing import Any

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.decode import BadBytes, bom_encoding, decode_tolerant
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Labels pages use for GBK, all read as GB18030 (which decodes everything GBK and GB2312 do).
_GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312"}
_SKIPPED = {"head", "script", "style", "noscript", "template", "-comment", "select", "button", "svg", "iframe"}
#: Elements whose start and end break the text into lines (as a browser lays them out).
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
    "header", "footer", "main", "nav", "aside", "blockquote", "pre", "center", "form", "fieldset", "caption",
    "address", "figure", "figcaption", "hr", "tr", "td", "th", "table", "tbody", "thead", "tfoot",
}
_SECTIONS = ("thead", "tbody", "tfoot")
#: HTML's collapsible whitespace (not &nbsp; nor the full-width space, which a browser shows as they are).
_SPACES = re.compile(r"[ \t\r\n\f]+")
#: Where ``<br>`` or a block breaks a cell's text (a source newline is only whitespace).
_BREAK = "\ue000"
#: An id usable as a ``#id`` selector as it stands.
_ID = re.compile(r"[A-Za-z][\w-]*")
_DIGITS = re.compile(r"\d+")
#: The largest spans a browser honours (the HTML standard clips colspan at 1,000, rowspan at 65,534).
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534


def read_html(path: str) -> list[Grid]:
    """The text blocks and table rows of an HTML page (or the page in a .mhtml archive) as one Grid."""
    text, bad = page_text(Path(path).read_bytes(), path)
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(text).body
    walker = _PageWalker(path)
    if body is not None:
        walker.walk(body)
        walker.flush()
    if not any(row.filled for row in walker.rows):
        raise ReadError(path, "the page has no text")
    return [Grid(path, walker.rows, None, bad)]


def page_text(data: bytes, path: str) -> tuple[str, BadBytes | None]:
    """The page's HTML as str: the HTML part of a web archive, decoded by its declared or detected encoding."""
    head = data[:4096].lstrip()
    if head[:200].lower().find(b"multipart/related") >= 0 or head.lower().startswith(b"mime-version"):
        data, declared = _archive_page(data, path)
    else:
        declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), None
        except UnicodeDecodeError:
            pass  # the page is not in the encoding it names: tell it by the content
    return decode_tolerant(data, path)


def _declared_charset(data: bytes) -> str | None:
    """The codec a BOM or a ``<meta>`` in the first 4 KB names, if Python knows it."""
    if (codec := bom_encoding(data)) is not None:
        return codec
    match = _META_CHARSET.search(data[:4096])
    return _codec(match.group(1).decode("ascii")) if match else None


def _codec(label: str) -> str | None:
    """Python's codec for a charset label (GB2312/GBK → GB18030), None for one it does not know."""
    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _archive_page(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The first text/html part of a MIME web archive (.mhtml), undone from its transfer encoding, and its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                return payload, (_codec(charset) if charset else None) or _declared_charset(payload)
    raise ReadError(path, "a web archive (.mhtml) without an HTML page in it")


def _clean(parts: list[str]) -> str:
    """Text pieces joined, runs of HTML whitespace made one space, &nbsp; a space, lines stripped
    (of full-width spaces too)."""
    text = _SPACES.sub(" ", "".join(parts)).replace("\xa0", " ")
    lines = (line.strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _span(attributes: dict, name: str, most: int) -> int:
    """A cell's rowspan or colspan as a browser reads it: digits at the start, at least 1, at most ``most``."""
    digits = _DIGITS.match((attributes.get(name) or "").strip())
    return min(max(int(digits.group()), 1), most) if digits else 1


def _nth(node: Any) -> int:
    """The element's position among its parent's children of its tag (CSS ``:nth-of-type``)."""
    count = 1
    sibling = node.prev
    while sibling is not None:
        if sibling.tag == node.tag:
            count += 1
        sibling = sibling.prev
    return count


def selector(node: Any) -> str:
    """A CSS selector for ``node``: ``#id`` or the nearest ancestor's id (or ``body``), then ``tag:nth-of-type``."""
    steps = []
    while node is not None and node.tag not in ("body", "html"):
        node_id = node.attributes.get("id")
        if node_id and _ID.fullmatch(node_id):
            steps.append(f"#{node_id}")
            break
        steps.append(f"{node.tag}:nth-of-type({_nth(node)})")
        node = node.parent
    else:
        steps.append("body")
    return " > ".join(reversed(steps))


class _PageWalker:
    """Collects rows from the page in document order: text blocks between tables, and each table's rows."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.rows: list[Row] = []
        self.parts: list[str] = []
        self.blocks = 0
        self.tables = 0

    def walk(self, container: Any) -> None:
        """Read the text and tables inside ``container``."""
        for child in container.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.parts.append(child.text_content or "")
            elif tag in _SKIPPED:
                continue
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in _BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def flush(self) -> None:
        """End the current text block: a one-cell row when it holds text."""
        text = _clean(self.parts)
        self.parts.clear()
        if text:
            self.blocks += 1
            location = Location(self.path, self.blocks)
            self.rows.append(Row([Cell(text, location)], location))
            self._check_size()

    def table(self, table: Any) -> None:
        """The rows of one table, spans expanded, cells holding a table read as page content."""
        self.tables += 1
        number = self.tables
        table_selector = selector(table)
        covered: dict[int, int] = {}  # grid column → rows a rowspan above still covers
        nested = table.css_first("table") is not None
        row_number = 0
        for tr, tr_selector in _table_rows(table, table_selector):
            row_number += 1
            cell_nodes = [node for node in tr.iter() if node.tag in ("td", "th")]
            if nested and any(node.css_first("table") is not None for node in cell_nodes):
                for node in cell_nodes:
                    self.walk(node)
                    self.flush()
                continue
            cells = self._row_cells(cell_nodes, covered, number, row_number, tr_selector)
            filled = [cell for cell in cells if cell.text]
            if filled:
                self.rows.append(Row(cells, filled[0].location))
                self._check_size()

    def _row_cells(self, nodes: list[Any], covered: dict[int, int], table: int, row: int,
                   tr_selector: str) -> list[Cell]:
        """One row's cells in grid columns: spanned and covered columns as empty cells."""
        cells: list[Cell] = []
        locate = partial(_locate, self.path, table, row)

        def skip_covered() -> None:
            while covered.get(len(cells), 0) > 0:
                covered[len(cells)] -= 1
                cells.append(Cell("", None, "", locate, (len(cells) + 1, None)))

        counts: dict[str, int] = {}
        for node in nodes:
            skip_covered()
            counts[node.tag] = counts.get(node.tag, 0) + 1
            attributes = node.attributes
            node_id = attributes.get("id")
            element = f"#{node_id}" if node_id and _ID.fullmatch(node_id) \
                else f"{tr_selector} > {node.tag}:nth-of-type({counts[node.tag]})"
            rowspan, colspan = _span(attributes, "rowspan", _MAX_ROWSPAN), _span(attributes, "colspan", _MAX_COLSPAN)
            if rowspan > 1:
                for column in range(len(cells), len(cells) + colspan):
                    covered[column] = rowspan - 1
            first = len(cells) + 1
            cells.append(Cell(cell_text(node), None, "", locate, (first, element)))
            cells.extend([Cell("", None, "", locate, (first + extra, None)) for extra in range(1, colspan)])
            if len(cells) > limits.MAX_ROW_CELLS:
                raise ReadError(self.path, f"table {table}, row {row} spans more than {limits.MAX_ROW_CELLS:,} columns")
        last_covered = max((column for column, count in covered.items() if count > 0), default=-1)
        while len(cells) <= last_covered:  # columns past the row's last cell that rowspans above still cover
            covered[len(cells)] = max(covered.get(len(cells), 0) - 1, 0)
            cells.append(Cell("", None, "", locate, (len(cells) + 1, None)))
        return cells

    def _check_size(self) -> None:
        if len(self.rows) > limits.MAX_ROWS:
            raise ReadError(self.path, f"more than {limits.MAX_ROWS:,} rows")


def _locate(path: str, table: int, row: int, at: tuple[int, str | None]) -> Location:
    """The Location of a table cell: ``at`` is its grid column and CSS selector."""
    column, element = at
    return Location(path, None, None, None, row, column, table, None, element)


def _table_rows(table: Any, table_selector: str) -> list[tuple[Any, str]]:
    """The table's own ``<tr>`` elements (in its sections, not in nested tables) with a selector for each."""
    rows: list[tuple[Any, str]] = []
    sections: dict[str, int] = {}
    direct = 0
    for child in table.iter():
        if child.tag in _SECTIONS:
            sections[child.tag] = sections.get(child.tag, 0) + 1
            prefix = f"{table_selector} > {child.tag}:nth-of-type({sections[child.tag]})"
            rows.extend((tr, _row_selector(tr, prefix, number))
                        for number, tr in enumerate((n for n in child.iter() if n.tag == "tr"), 1))
        elif child.tag == "tr":
            direct += 1
            rows.append((child, _row_selector(child, table_selector, direct)))
    return rows


def _row_selector(tr: Any, prefix: str, number: int) -> str:
    row_id = tr.attributes.get("id")
    if row_id and _ID.fullmatch(row_id):
        return f"#{row_id}"
    return f"{prefix} > tr:nth-of-type({number})"


def cell_text(node: Any) -> str:
    """A cell's visible text: ``<br>`` and blocks break lines, other whitespace is one space."""
    parts: list[str] = []
    _collect(node, parts)
    return _clean(parts)


def _collect(node: Any, parts: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append(_BREAK)
        elif tag in _SKIPPED:
            continue
        elif tag in _BLOCKS:
            parts.append(_BREAK)
            _collect(child, parts)
            parts.append(_BREAK)
        else:
            _collect(child, parts)
