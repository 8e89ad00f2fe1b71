"""The neutral output of every reader: rows of cells, each cell with its location."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jxlint.core.location import Location
from jxlint.read.decode import BadBytes


class Cell:
    """The text of one cell, where it was read, and the note (comment) attached to it, if any.

    Readers make one per cell, but only a few cells' locations are ever asked
    for (those a finding or a head field points at), so a reader passes
    ``location=None`` and a ``locate`` shared by the row or the file, and the
    Location is made on first use as ``locate(at)``, e.g.
    ``Cell(text, None, "", partial(Location, path, line, None, None, None), column)``.
    Making a Location per cell was half the cost of reading a cell, and twice the
    objects for the garbage collector to walk. Cells compare by text, location
    and comment (and are unhashable), as when Cell was a dataclass.
    """

    __slots__ = ("text", "comment", "_location", "_locate", "_at")

    def __init__(self, text: str, location: Location | None, comment: str = "",
                 locate: Callable[[Any], Location] | None = None, at: Any = None) -> None:
        self.text = text
        self._location = location
        self.comment = comment
        self._locate = locate
        self._at = at

    @property
    def location(self) -> Location:
        """Where the cell was read."""
        if self._location is None:
            assert self._locate is not None  # a cell is made with its location or with the means to work it out
            self._location = self._locate(self._at)
        return self._location

    def with_text(self, text: str) -> Cell:
        """A cell at this cell's place holding ``text`` (a piece or a join of cells' texts)."""
        if self._location is not None:
            return Cell(text, self._location, self.comment)
        return Cell(text, None, self.comment, self._locate, self._at)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return (self.text, self.location, self.comment) == (other.text, other.location, other.comment)

    def __repr__(self) -> str:
        return f"Cell(text={self.text!r}, location={self.location!r}, comment={self.comment!r})"


@dataclass(slots=True)
class Row:
    """One table row (or one loose line of text) as a list of cells.

    ``texts`` and ``filled`` are worked out on first use and kept: the table
    builder asks for them several times a row. Whoever changes a cell's text
    after that calls :meth:`forget`.
    """

    cells: list[Cell]
    location: Location
    #: True for a row the model writes where it knows the indicator grid ends (no cells).
    ends_grid: bool = field(default=False, compare=False)
    _texts: list[str] | None = field(default=None, repr=False, compare=False)
    _filled: list[Cell] | None = field(default=None, repr=False, compare=False)

    @property
    def texts(self) -> list[str]:
        """The stripped text of each cell."""
        if self._texts is None:
            self._texts = [c.text.strip() for c in self.cells]
        return self._texts

    @property
    def filled(self) -> list[Cell]:
        """The cells that hold text."""
        if self._filled is None:
            self._filled = [c for c, text in zip(self.cells, self.texts) if text]
        return self._filled

    def forget(self) -> None:
        """Drop the kept ``texts`` and ``filled`` after a cell's text changed."""
        self._texts = self._filled = None


@dataclass(slots=True)
class Grid:
    """Everything a reader found in one file (or one sheet).

    ``lines`` holds a text file's decoded lines (None for workbooks, documents
    and csv): when its lines are not the table's rows (one cell per line, a
    whole table glued into a paragraph), the model cuts them into cells anew.
    """

    path: str
    rows: list[Row] = field(default_factory=list)
    lines: list[str] | None = None
    #: Where a text or csv file held bytes its encoding could not decode (read as U+FFFD), if it did.
    undecodable: BadBytes | None = None
