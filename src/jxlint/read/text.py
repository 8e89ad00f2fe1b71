"""Read plain-text dumps of tables into a Grid.

Two shapes occur:

* **one cell per line** (a Word table saved as text): each cell is a line that
  starts with a tab, a blank line ends a row, and a line without a leading tab
  continues the previous cell (a paragraph of a multi-paragraph cell) unless
  it is a title or a footer line of its own;
* **one row per line**, the cells separated by tabs, by ``|`` (tables copied
  from web pages) or by runs of two or more spaces, decided line by line.

Rows whose cells are glued together with no separator come through as one
cell; the table builder splits them on the known category words.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.decode import decode_tolerant
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_JUNK_LINE = re.compile(r"^\s*(page number|第\s*\d+\s*页.*)?\s*$")
# A title, an attachment or unit line, or two "key：value" pairs on one line ("填报单位：…    单位：万元");
# keys and values are bounded so that a megabyte-long line is not backtracked over.
_STANDALONE = re.compile(r"(绩效目标表|自评表|申报表|目标表（[^）]*）)\s*$|^附件|^单位[：:]|^\S{1,30}[：:]\S{0,80}\s{2,}\S{1,30}[：:]")
_SPACE_RUN = re.compile(r"[ \u3000]{2,}")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def read_text(path: str | Path) -> Grid:
    """Read a text dump (any encoding :func:`.decode.decode_tolerant` knows) into a Grid; stray
    undecodable bytes are read as U+FFFD and their place kept in ``Grid.undecodable``."""
    name = str(path)
    text, bad = decode_tolerant(Path(path).read_bytes(), name)
    lines = text.splitlines()
    if "[bookmark:" in text:
        lines = [_BOOKMARK.sub("", line) for line in lines]
    if _is_cell_per_line(lines):
        return Grid(name, _rows_cell_per_line(lines, name), lines, bad)
    return Grid(name, _rows_delimited(lines, name), lines, bad)


def _is_cell_per_line(lines: list[str]) -> bool:
    """True when most text lines are a single tab-led cell (a Word table saved as text)."""
    content = [line for line in lines if line.strip()]
    single = sum(1 for line in content if line[0] == "\t" and "\t" not in line.rstrip("\t \r")[1:])
    return bool(content) and single >= 0.5 * len(content)


def _is_footer(line: str) -> bool:
    """Whether a non-blank line is a page footer ("第 3 页", "page number").

    The substring tests spare most lines the regular expression, which costs several times as much.
    """
    return ("页" in line or "page number" in line) and _JUNK_LINE.match(line) is not None


def _rows_cell_per_line(lines: list[str], path: str) -> list[Row]:
    rows: list[Row] = []
    cells: list[Cell] = []
    locate = partial(Location, path)  # a cell's location is its line: Location(path, number)

    def close() -> None:
        if cells:
            if len(cells) > limits.MAX_ROW_CELLS:
                raise ReadError(path, f"the row from line {cells[0].location.line} has {len(cells):,} cells, "
                                      f"above the limit of {limits.MAX_ROW_CELLS:,}")
            rows.append(Row(list(cells), cells[0].location))
            cells.clear()

    last: Cell | None = None
    for number, raw in enumerate(lines, 1):
        if raw.startswith("\t"):
            cell = Cell(raw[1:].rstrip("\t \r"), None, "", locate, number)
            cells.append(cell)
            last = cell
        elif not raw.strip():
            close()
        elif _is_footer(raw):
            continue
        elif last is not None and not _STANDALONE.search(raw.strip()):
            last.text += "\n" + raw.rstrip("\t \r")
        else:
            close()
            rows.append(_row(_split_spaces(raw), number, path))
            last = None
    close()
    return rows


def _rows_delimited(lines: list[str], path: str) -> list[Row]:
    rows = []
    for number, raw in enumerate(lines, 1):
        # A markdown rule line ("|---|") holds "--": the cheap test first, as in _is_footer.
        if not raw.strip() or _is_footer(raw) or ("--" in raw and _PIPE_RULE.match(raw)):
            continue
        if "\t" in raw:
            rows.append(_row(raw.split("\t"), number, path))
        elif raw.count("|") >= 2 or " | " in raw:  # a last line cut short keeps one pipe (名称 | 1)
            rows.append(_row(raw.strip().strip("|").split("|"), number, path))
        else:
            rows.append(_row(_split_spaces(raw), number, path))
    return rows


def _split_spaces(text: str) -> list[str]:
    """The parts of a line between runs of two or more spaces, blank ones left out (at least one part)."""
    return [p for p in _SPACE_RUN.split(text) if p.strip()] or [""]


def _row(parts: list[str], number: int, path: str) -> Row:
    """A row of line ``number``, a cell per part (stripped), at ``line`` and ``column``; ReadError for a
    line of more cells than a spreadsheet row can hold."""
    if len(parts) > limits.MAX_ROW_CELLS:
        raise ReadError(path, f"line {number} has {len(parts):,} cells, above the limit of {limits.MAX_ROW_CELLS:,}")
    # Location's fields by position (path, line, sheet, cell, row, column): a keyword call costs a third more.
    locate = partial(Location, path, number, None, None, None)
    cells = [Cell(part.strip(), None, "", locate, index) for index, part in enumerate(parts, 1)]
    return Row(cells, Location(path, number))
