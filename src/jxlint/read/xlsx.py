"""Read an xlsx/xlsm workbook into one Grid per visible worksheet, each cell at its physical address.

Values come from python-calamine (Rust; 15× faster than openpyxl on a
10,000-row sheet and 1 ms to import instead of 90 ms). Three things calamine
does not give are taken from the sheet XML with a cheap byte scan that runs
first:

* the sheet's extent, checked against :mod:`jxlint.read.limits` before
  calamine allocates its rectangle (a stray cell at XFD1048576 would
  otherwise make it allocate 500 GB and abort the process);
* which cells carry a percent number format, so 0.2 formatted ``0%`` reads
  "20%" and 0.119 formatted ``0.000%`` reads "11.900%" as Excel shows them,
  and which dates are formatted as a month (``yyyy"年"m"月"`` reads "2025年12月",
  a deadline for the whole month, not its first day);
* formulas with no cached value: openpyxl saves any text starting with "="
  as a formula, so a typed "=20%" arrives as ``<f>20%</f>`` with no value;
  it is read back as the text "=20%" (a formula with a cached value shows
  the value, as Excel does).

Numbers read as Excel's General format shows them without exponents (5.0 →
"5", 1e-07 → "0.0000001", at most 15 significant digits); dates read
"2025年12月31日". Locations carry ``sheet``, ``cell`` ("E12"), ``row`` and
``column``, physical and 1-based. Blank rows are skipped, the numbering
still counts them. Merged cells keep their text in the top-left cell and
leave the others empty, so a vertically merged 一级 label is carried down by
the table builder and a horizontal merge never shifts the columns. Hidden
sheets are skipped (they hold drop-down lists, not tables). A note on a cell
becomes the cell's ``comment`` (where ``jxlint-ignore`` markers are read).
"""

from __future__ import annotations

import datetime
import gc
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from io import BytesIO
from typing import Any

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.archive import parse_member, read_member, verify_member
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = {"m": _MAIN, "p": _PACKAGE_REL}

_ROOT_PREFIX = re.compile(rb"<(?:([\w.-]+):)?worksheet\b")
#: Each row's number and each cell's column letters; b"" for a tag that does not start with its address.
_ROW_NUMBER = re.compile(rb'<row(?: r="(\d+)"|[ >])')
_CELL_REFERENCE = re.compile(rb'<c(?: r="([A-Z]+)(\d+)"|[ >/])')
_COUNTS = re.compile(rb'\b(?:count|uniqueCount)="(\d+)"')
_BARE_FORMULA = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*>([^<]*)</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_FORMULA_TAG = re.compile(rb"<f\b")
_REF = re.compile(r"([A-Z]+)(\d+)")
#: The five XML entities, "&amp;" last so that "&amp;lt;" reads "&lt;".
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


@dataclass(frozen=True)
class Display:
    """How a cell's number format shows its value, where that differs from the General format."""

    percent_decimals: int | None = None  # a percentage with this many decimals ("0.0%" → 1)
    month_only: bool = False  # a date shown as year and month


#: Built-in number formats that show values differently: 0%, 0.00%, mmm-yy and the Chinese 年月 formats.
_BUILTIN_DISPLAYS = {
    9: Display(percent_decimals=0), 10: Display(percent_decimals=2),
    **{number: Display(month_only=True) for number in (17, 27, 36, 50, 52, 57)},
}


@dataclass
class SheetScan:
    """What the byte scan of one sheet's XML found.

    ``rows`` and ``columns`` are the last row and column (1-based, 0 when the
    sheet is empty); ``displays`` and ``formulas`` hold, by 0-based (row,
    column), the display of percent- and month-formatted cells and the text
    of formulas saved without a value.
    """

    rows: int = 0
    columns: int = 0
    displays: dict[tuple[int, int], Display] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class _Sheet:
    name: str
    member: str
    hidden: bool


def read_xlsx(path: str, archive: zipfile.ZipFile, workbook_member: str) -> list[Grid]:
    """One Grid per visible worksheet with content; ReadError when the workbook cannot be read or is empty.

    ``workbook_member`` is the main part the package names (:func:`.archive.main_part`), else ``xl/workbook.xml``.
    """
    sheets = [s for s in _sheets(archive, workbook_member, path) if not s.hidden]
    display_styles = _display_styles(archive, posixpath.dirname(workbook_member), path)
    for name in archive.namelist():
        if name.endswith("sharedStrings.xml"):
            verify_member(archive, name, path)  # calamine inflates it: make sure it is what it claims
            _check_string_counts(archive, name, path)
    scans_and_notes = {}
    for sheet in sheets:
        scan = scan_sheet(read_member(archive, sheet.member, path), display_styles, path)
        comments = _comments(archive, sheet.member, path)
        _check_extent(_with_notes(scan, comments), sheet.name, path)
        scans_and_notes[sheet.name] = (scan, comments)
    return _calamine_grids(path, lambda workbook: scans_and_notes)


def _check_string_counts(archive: zipfile.ZipFile, member: str, path: str) -> None:
    """ReadError when the shared strings part declares more strings than any sheet can hold (the native
    reader reserves memory for the count it declares)."""
    with archive.open(member) as stream:
        head = stream.read(2048)
    for count in _COUNTS.findall(head):
        if len(count) > 9 or int(count) > limits.MAX_CELLS:
            raise ReadError(path, f"{member} declares {int(count[:30]):,}… strings, more than the "
                                  f"{limits.MAX_CELLS:,} cells a sheet may hold: the workbook is damaged")


def _with_notes(scan: SheetScan, comments: dict[tuple[int, int], str]) -> SheetScan:
    """The scan's extent stretched to the notes' cells (a note far outside the cells enlarges the grid too)."""
    if not comments:
        return scan
    rows = max(scan.rows, *(r + 1 for r, _ in comments))
    columns = max(scan.columns, *(c + 1 for _, c in comments))
    return SheetScan(rows=rows, columns=columns)


def read_xls(path: str) -> list[Grid]:
    """One Grid per visible worksheet of a legacy Excel 97–2003 workbook (number formats and notes unknown)."""

    def visible_sheets(workbook: Any) -> dict[str, tuple[SheetScan, dict]]:
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        return {
            meta.name: (SheetScan(), {})
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        }

    return _calamine_grids(path, visible_sheets)


def _calamine_grids(path: str, sheets_of: Callable[[Any], dict[str, tuple[SheetScan, dict]]]) -> list[Grid]:
    """Read the sheets ``sheets_of(workbook)`` names (with their scans and notes) through calamine."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError  # text and docx runs never need it

    grids = []
    try:
        workbook = CalamineWorkbook.from_path(path)
        with _collector_paused():
            for name, (scan, comments) in sheets_of(workbook).items():
                values, merged = _values(workbook, name, path)
                grid = _grid(path, name, values, merged, scan, comments)
                if grid.rows:
                    grids.append(grid)
    except PasswordError:
        raise ReadError(path, "the workbook is password-protected: remove the password and save it again") from None
    except CalamineError as exc:
        raise ReadError(path, f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 — the native reader's panic is a BaseException, not its error class
        raise ReadError(path, f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from None
    if not grids:
        raise ReadError(path, "the workbook has no visible sheet with any content")
    return grids


def _values(workbook: Any, name: str, path: str) -> tuple[list[list], list]:
    sheet = workbook.get_sheet_by_name(name)
    height, width = sheet.total_height, sheet.total_width
    if height * width > limits.MAX_CELLS or height > limits.MAX_ROWS:
        raise ReadError(path, f"sheet {name!r} spans {height:,} rows × {width:,} columns, above the limits "
                              f"({limits.MAX_ROWS:,} rows, {limits.MAX_CELLS:,} cells)")
    return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []


def _grid(path: str, sheet_name: str, values: list[list], merged: list, scan: SheetScan,
          comments: dict[tuple[int, int], str]) -> Grid:
    """Rows of cells in physical positions; merge continuations emptied, blank rows left out.

    ``values`` (calamine's, row by row) is padded and changed in place by :func:`_apply_scan_and_merges`.
    """
    extra = [*scan.formulas, *comments]
    height = max([len(values), *(r + 1 for r, _ in extra)])
    width = max([len(values[0]) if values else 0, *(c + 1 for _, c in extra)])
    values += [[] for _ in range(height - len(values))]
    for raw in values:
        raw += [""] * (width - len(raw))
    changed_rows = _apply_scan_and_merges(values, scan, merged)
    notes: dict[int, dict[int, str]] = {}  # row → column → note
    for (r, c), note in comments.items():
        notes.setdefault(r, {})[c] = note
    letters = [column_letters(c + 1) for c in range(width)]
    rows = []
    for r, raw in enumerate(values):
        if not (r in changed_rows or r in notes or raw.count("") < len(raw)):
            continue  # a blank row: skipped, the numbering stays physical
        texts = [value if type(value) is str else cell_text(value) for value in raw]
        row_notes = notes.get(r, {})
        first = _first_filled(texts, row_notes)
        if first is None:
            continue  # nothing but spaces
        locate = partial(_cell_location, path, sheet_name, letters, r + 1)
        cells = [Cell(text, None, "", locate, column) for column, text in enumerate(texts, 1)]
        for c, note in row_notes.items():
            cells[c].comment = note
        rows.append(Row(cells, cells[first].location))
    return Grid(path, rows)


def _cell_location(path: str, sheet_name: str, letters: list[str], row: int, column: int) -> Location:
    """The Location of a sheet's cell (row and column 1-based, ``letters`` of each column), made on first use."""
    # Location's fields by position (path, line, sheet, cell, row, column): twice as fast as by keyword.
    return Location(path, None, sheet_name, letters[column - 1] + str(row), row, column)


def _apply_scan_and_merges(values: list[list], scan: SheetScan, merged: list) -> set[int]:
    """Put the scan's texts (percent and month formats, bare formulas) and empty merge continuations into ``values``.

    Returns the rows changed. Merges are clipped to ``values``: a merge may span far beyond the cells read.
    """
    height, width = len(values), len(values[0]) if values else 0
    changed: set[int] = set()
    for r, c in scan.displays.keys() | scan.formulas.keys():
        if r < height and c < width:
            values[r][c] = _scanned_text(values[r][c], (r, c), scan)
            changed.add(r)
    for (top, left), (bottom, right) in merged:
        stop = min(right, width - 1) + 1
        for r in range(top, min(bottom, height - 1) + 1):
            start = left + 1 if r == top else left
            if start < stop:
                values[r][start:stop] = [""] * (stop - start)
                changed.add(r)
    return changed


def _first_filled(texts: list[str], notes: dict[int, str]) -> int | None:
    """The column of a row's first cell with text or a note; None when there is none."""
    for c, text in enumerate(texts):
        if text.strip() or notes.get(c):
            return c
    return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading sheets into cells, which form no reference cycles.

    A 10,000 × 6 sheet makes 120,000 objects; the collections they set off
    took half of its reading time (540 ms → 270 ms measured).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scanned_text(value: object, position: tuple[int, int], scan: SheetScan) -> str:
    """The text of a cell the scan knows more about: a percent or month number format, a formula without a value."""
    if position in scan.displays:
        return cell_text(value, scan.displays[position])
    text = cell_text(value)
    if not text and position in scan.formulas:
        return "=" + scan.formulas[position]
    return text


def cell_text(value: object, display: Display | None = None) -> str:
    """A cell value as Excel shows it: whole numbers without ".0", no exponents, percents, dates in 年月日."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if display is not None and display.percent_decimals is not None:
            return f"{value * 100:.{display.percent_decimals}f}%"
        return number_text(value)
    if isinstance(value, datetime.date):
        if display is not None and display.month_only:
            return f"{value.year}年{value.month}月"
        day = f"{value.year}年{value.month}月{value.day}日"
        if isinstance(value, datetime.datetime) and value.time() != datetime.time():
            return f"{day} {_clock(value.time())}"
        return day
    if isinstance(value, datetime.time):
        return _clock(value)
    return str(value)


def number_text(value: float) -> str:
    """A number in plain positional notation, at most 15 significant digits (Excel's precision)."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(f"{value:.15g}"), "f")


def _clock(moment: datetime.time) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def column_letters(number: int) -> str:
    """Spreadsheet column letters of a 1-based column number (1 → A, 27 → AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """The 1-based column number of spreadsheet column letters (A → 1, AA → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def scan_sheet(xml: bytes, display_styles: dict[int, Display], path: str = "") -> SheetScan:
    """Extent, percent- and month-formatted cells and value-less formulas of one sheet's XML.

    Excel, WPS and openpyxl write every cell as ``<c r="A1" s=… t=…>`` with no
    namespace prefix; such XML is scanned with regular expressions (a few ms
    for 10,000 rows). Anything else is walked with ElementTree.
    """
    root = _ROOT_PREFIX.search(xml[:4096])
    if root is None or root.group(1) is not None:
        return _scan_with_elementtree(xml, display_styles, path)
    row_numbers = _ROW_NUMBER.findall(xml)
    references = _CELL_REFERENCE.findall(xml)
    columns = {letters for letters, _ in references}
    if b"" in row_numbers or b"" in columns:
        return _scan_with_elementtree(xml, display_styles, path)
    cell_rows = {digits for _, digits in references}
    _check_reference(max(columns, key=len, default=b""), max([*row_numbers, *cell_rows], key=len, default=b""), path)
    scan = SheetScan(
        rows=max(map(int, [*row_numbers, *cell_rows]), default=0),
        columns=max((column_number(c.decode()) for c in columns), default=0),
    )
    if display_styles:
        styled = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\ss="(' + b"|".join(str(i).encode() for i in display_styles)
                            + rb')"')
        for styled_cell in styled.finditer(xml):
            scan.displays[_position(styled_cell)] = display_styles[int(styled_cell.group(3))]
    for tag in _FORMULA_TAG.finditer(xml):
        start = xml.rfind(b"<c ", 0, tag.start())
        match = _BARE_FORMULA.match(xml, start)
        if match and match.end() > tag.start():
            scan.formulas[_position(match)] = _unescape(match.group(3).decode("utf-8", "replace"))
    return scan


def _position(match: re.Match[bytes]) -> tuple[int, int]:
    return int(match.group(2)) - 1, column_number(match.group(1).decode()) - 1


def _unescape(text: str) -> str:
    # Not xml.sax.saxutils.unescape: importing it imports urllib.request, 7-20 ms at every start.
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text


def _scan_with_elementtree(xml: bytes, display_styles: dict[int, Display], path: str) -> SheetScan:
    """The same scan for XML written differently (prefixed tags, cells without ``r``)."""
    scan = SheetScan()
    row = column = 0
    try:
        for event, element in ET.iterparse(BytesIO(xml), events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start" and tag == "row":
                number = element.get("r") or ""
                _check_reference(b"", number.encode(), path)
                row = int(number) if number.isdigit() else row + 1
                column = 0
            elif event == "end" and tag == "c":
                reference = _REF.fullmatch(element.get("r") or "")
                if reference:
                    _check_reference(reference.group(1).encode(), reference.group(2).encode(), path)
                    row, column = int(reference.group(2)), column_number(reference.group(1))
                else:
                    column += 1
                scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, column)
                style = int(element.get("s") or 0)
                if style in display_styles:
                    scan.displays[(row - 1, column - 1)] = display_styles[style]
                formula = element.find(f"{{{_MAIN}}}f")
                value = element.find(f"{{{_MAIN}}}v")
                if formula is not None and formula.text and (value is None or not (value.text or "").strip()):
                    scan.formulas[(row - 1, column - 1)] = formula.text
                element.clear()
    except (ET.ParseError, ValueError, LookupError) as exc:
        raise ReadError(path, f"damaged sheet XML ({type(exc).__name__}: {str(exc)[:200]})") from None
    return scan


def _check_reference(letters: bytes, digits: bytes, path: str) -> None:
    """ReadError for a cell reference beyond any spreadsheet's last column (XFD) or row (1,048,576).

    Such a reference is damage, and reading it would cost the native reader
    all its memory (a process abort no Python code can catch) or a column
    number of a million letters minutes to work out.
    """
    if len(letters) > limits.MAX_COLUMN_LETTERS or len(digits) > limits.MAX_ROW_DIGITS:
        shown = (letters[:8] + (b"..." if len(letters) > 8 else b"") + digits[:12]).decode("ascii", "replace")
        raise ReadError(path, f"a cell reference beyond any spreadsheet's last cell ({shown}…): the workbook is damaged")


def _check_extent(scan: SheetScan, sheet_name: str, path: str) -> None:
    if scan.rows > limits.MAX_ROWS:
        raise ReadError(path, f"sheet {sheet_name!r} reaches row {scan.rows:,}, above the limit of "
                              f"{limits.MAX_ROWS:,} rows")
    if scan.rows * scan.columns > limits.MAX_CELLS:
        raise ReadError(path, f"sheet {sheet_name!r} spans {scan.rows:,} rows × {scan.columns:,} columns "
                              f"(to {column_letters(scan.columns)}{scan.rows}), above the limit of "
                              f"{limits.MAX_CELLS:,} cells")


def _sheets(archive: zipfile.ZipFile, workbook_member: str, path: str) -> list[_Sheet]:
    """The worksheets in tab order with their XML members (chart sheets left out)."""
    if workbook_member not in archive.namelist():
        raise ReadError(path, f"not a workbook: {workbook_member} is missing")
    folder = posixpath.dirname(workbook_member)
    targets = _relationships(archive, workbook_member, path)
    sheets: list[_Sheet] = []
    members = set(archive.namelist())
    read: set[str] = set()
    for sheet in parse_member(archive, workbook_member, path).iterfind("m:sheets/m:sheet", _NS):
        kind, target = targets.get(sheet.get(f"{{{_REL}}}id", ""), ("", ""))
        if kind.endswith("/worksheet"):
            member = _resolve(folder, target)
            if member in members and member not in read:  # two entries on one part: one sheet, read once
                read.add(member)
                sheets.append(_Sheet(sheet.get("name", ""), member, sheet.get("state", "visible") != "visible"))
                if len(sheets) > limits.MAX_SHEETS:
                    raise ReadError(path, f"more than {limits.MAX_SHEETS} worksheets")
    return sheets


def _relationships(archive: zipfile.ZipFile, part: str, path: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target) for one part (empty when it has none)."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in archive.namelist():
        return {}
    return {
        rel.get("Id", ""): (rel.get("Type", ""), rel.get("Target", ""))
        for rel in parse_member(archive, rels, path).iterfind("p:Relationship", _NS)
    }


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _display_styles(archive: zipfile.ZipFile, folder: str, path: str) -> dict[int, Display]:
    """Cell style index → display, for the styles whose number format is a percentage or a month."""
    member = posixpath.join(folder, "styles.xml")
    if member not in archive.namelist():
        return {}
    styles = parse_member(archive, member, path)
    custom = {
        _number(fmt.get("numFmtId")): display
        for fmt in styles.iterfind("m:numFmts/m:numFmt", _NS)
        if (display := display_of(fmt.get("formatCode", ""))) is not None
    }
    known = {**_BUILTIN_DISPLAYS, **custom}
    return {
        index: known[number_format]
        for index, xf in enumerate(styles.iterfind("m:cellXfs/m:xf", _NS))
        if (number_format := _number(xf.get("numFmtId"))) in known
    }


def _number(text: str | None) -> int:
    """A style attribute's number; -1 when it is missing or no number (a damaged styles part)."""
    return int(text) if text and text.isdigit() else -1


def display_of(format_code: str) -> Display | None:
    """How a number format shows values, when it is a percentage ("0.00%") or a month (``yyyy"年"m"月"``)."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", format_code.split(";")[0])
    if "%" in section:
        _, dot, fraction = section.split("%")[0].partition(".")
        return Display(percent_decimals=sum(ch in "0#?" for ch in fraction) if dot else 0)
    letters = set(section.lower())
    if {"y", "m"} <= letters and not letters & {"d", "h", "s"}:
        return Display(month_only=True)
    return None


def _comments(archive: zipfile.ZipFile, sheet_member: str, path: str) -> dict[tuple[int, int], str]:
    """The notes on a sheet's cells, by 0-based (row, column)."""
    found: dict[tuple[int, int], str] = {}
    for kind, target in _relationships(archive, sheet_member, path).values():
        if not kind.endswith("/comments"):
            continue
        member = _resolve(posixpath.dirname(sheet_member), target)
        if member not in archive.namelist():
            continue
        for comment in parse_member(archive, member, path).iterfind("m:commentList/m:comment", _NS):
            reference = _REF.fullmatch(comment.get("ref", "").split(":")[0])
            if reference:
                _check_reference(reference.group(1).encode(), reference.group(2).encode(), path)
                text = "".join(t.text or "" for t in comment.iter(f"{{{_MAIN}}}t"))
                found[(int(reference.group(2)) - 1, column_number(reference.group(1)) - 1)] = text
    return found
