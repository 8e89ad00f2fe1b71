"""The neutral output of every reader: rows of cells, each cell with its location."""

from __future__ import annotations

from dataclasses import dataclass, field

from jxlint.model.location import Location


@dataclass(slots=True)
class Cell:
    """The text of one cell, where it was read, and the note (comment) attached to it, if any."""

    text: str
    location: Location
    comment: str = ""


@dataclass(slots=True)
class Row:
    """One table row (or one loose line of text) as a list of cells."""

    cells: list[Cell]
    location: Location

    @property
    def texts(self) -> list[str]:
        """The stripped text of each cell."""
        return [c.text.strip() for c in self.cells]

    @property
    def filled(self) -> list[Cell]:
        """The cells that hold text."""
        return [c for c in self.cells if c.text.strip()]


@dataclass(slots=True)
class Grid:
    """Everything a reader found in one file (or one sheet)."""

    path: str
    rows: list[Row] = field(default_factory=list)
