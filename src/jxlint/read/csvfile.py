"""Read a .csv file with the standard csv module: quoted fields, embedded newlines and commas.

The encoding is detected from the content (:func:`jxlint.read.decode.decode_tolerant`:
UTF-8 with or without BOM, UTF-16, GB18030/GBK, as Excel and WPS save csv on
Chinese Windows). Fields are separated by commas, or by tabs when the first
4,096 characters hold more tabs than commas. Each cell's location is ``line`` (the line
its record starts on, so a field with embedded newlines points at its first
line) and ``column`` (1-based). Blank records are skipped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from jxlint.core.location import Location
from jxlint.read import limits
from jxlint.read.decode import decode_tolerant
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell, Grid, Row

_SAMPLE_CHARS = 4096


def read_csv(path: str | Path) -> Grid:
    """Read a csv file into a Grid, one row per record."""
    name = str(path)
    text, bad = decode_tolerant(Path(path).read_bytes(), name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    first_line = 1
    try:
        for record in reader:
            if len(record) > limits.MAX_ROW_CELLS:
                raise ReadError(name, f"line {first_line} has {len(record):,} cells, above the limit of "
                                      f"{limits.MAX_ROW_CELLS:,}")
            if any(field.strip() for field in record):
                cells = [Cell(field, Location(path=name, line=first_line, column=index))
                         for index, field in enumerate(record, 1)]
                rows.append(Row(cells, Location(path=name, line=first_line)))
                if len(rows) > limits.MAX_ROWS:
                    raise ReadError(name, f"more than {limits.MAX_ROWS:,} rows")
            first_line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(name, f"not a readable csv file (line {reader.line_num}: {exc})") from None
    return Grid(name, rows, None, bad)


def _delimiter(text: str) -> str:
    sample = text[:_SAMPLE_CHARS]
    return "\t" if sample.count("\t") > sample.count(",") else ","
