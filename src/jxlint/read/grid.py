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
    """One table row (or one loose line of text) as a list of cells.

    ``texts`` and ``filled`` are worked out on first use and kept: the table
    builder asks for them several times a row. Whoever changes a cell's text
    after that calls :meth:`forget`.
    """

    cells: list[Cell]
    location: Location
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
    """Everything a reader found in one file (or one sheet)."""

    path: str
    rows: list[Row] = field(default_factory=list)
