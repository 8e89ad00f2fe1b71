"""Where something sits in an input file, in the terms a person uses to go there."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(slots=True, unsafe_hash=True)
class Location:
    """A place in an input file: a text line, a spreadsheet cell or a Word table cell.

    A plain dataclass rather than a pydantic model: readers make one per
    cell (hundreds of thousands in a large run), and validation would be most
    of the reading time; pydantic models that hold a Location still serialise it.
    It is hashable and treated as immutable (use ``dataclasses.replace``), but not
    ``frozen``: a frozen dataclass's ``__init__`` costs five times as much.
    """

    path: str
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: int | None = None
    table: int | None = None
    #: The PDF page (1-based) a table cell or a line of text is on; ``table`` then counts tables on that page.
    page: int | None = None
    #: An HTML cell's CSS selector: ``#id`` when it (or its row or table) has an id, else its path from ``body``.
    element: str | None = None

    def as_dict(self) -> dict[str, str | int]:
        """The fields that are set, for JSON (read directly: ``dataclasses.asdict`` costs twenty times as much)."""
        return {name: value for name in _FIELD_NAMES if (value := getattr(self, name)) is not None}

    def short(self) -> str:
        """One short string: ``line 12``, ``Sheet1!E12``, ``table 2, row 12, column 5`` (an HTML cell's
        selector after it in brackets), ``page 3, table 1, row 12, column 5`` or ``page 3, line 4``."""
        if self.sheet is not None and self.cell is not None:
            return f"{self.sheet}!{self.cell}"
        page = f"page {self.page}, " if self.page is not None else ""
        if self.table is not None and self.row is not None:
            col = f", column {self.column}" if self.column is not None else ""
            element = f" ({self.element})" if self.element else ""
            return f"{page}table {self.table}, row {self.row}{col}{element}"
        if self.line is not None:
            return f"{page}line {self.line}"
        return page.rstrip(", ")


_FIELD_NAMES = tuple(f.name for f in fields(Location))
