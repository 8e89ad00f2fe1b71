"""Suppressions written in the table itself, and the report of those that suppress nothing.

A cell comment (an Excel note) or the text of any cell may carry::

    jxlint-ignore: DATE001, UNIT001 原因：跨年度项目，经财政局同意

It silences those rules for findings on the same row. ``jxlint-ignore-file:``
silences them for the whole file. A reason is expected after the ids. The
marker is taken out of the cell text before the value is parsed, and a
marker that silences nothing is itself reported (JXL001), so stale ones are
cleaned up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jxlint.check.file_findings import FileHit, unused_suppression
from jxlint.core.finding import Finding
from jxlint.core.location import Location
from jxlint.read.grid import Cell, Grid

_MARKER = re.compile(
    r"jxlint-ignore(?P<file>-file)?\s*[:：]\s*(?P<codes>[A-Z]+\d{3}(?:\s*[,，、]\s*[A-Z]+\d{3})*)\s*(?P<reason>[^\n]*)"
)


@dataclass
class Suppression:
    """One marker: which rules, where, why, and whether it silenced anything."""

    codes: tuple[str, ...]
    reason: str
    location: Location
    row: int | None
    used: bool = field(default=False)


def _key(location: Location) -> tuple:
    return (location.path, location.sheet, location.table, location.cell, location.row, location.line, location.column)


@dataclass
class Suppressions:
    """The markers of one file, and the row each cell belongs to."""

    markers: list[Suppression] = field(default_factory=list)
    row_of_cell: dict[tuple, int] = field(default_factory=dict)

    def allows(self, finding: Finding) -> bool:
        """False when a marker on the finding's row (or a file marker) names its rule; marks that marker used."""
        if not self.markers:
            return True
        row = self.row_of_cell.get(_key(finding.location))
        silenced = False
        for marker in self.markers:
            if finding.rule in marker.codes and (marker.row is None or marker.row == row):
                marker.used = True
                silenced = True
        return not silenced

    def unused(self, ran: set[str], known: set[str]) -> list[FileHit]:
        """A JXL001 hit for every marker that silenced nothing though each rule it names was run (is in
        ``ran``) or is no rule at all (not in ``known``): a marker for a rule not run may still be needed."""
        return [unused_suppression(m.location.path, m.location, m.codes, m.reason) for m in self.markers
                if not m.used and all(code in ran or code not in known for code in m.codes)]


def extract_suppressions(grids: Sequence[Grid]) -> Suppressions:
    """Take the markers out of the cells (text and notes) of a file's grids, remembering their rows.

    The cell-to-row map is only built when the file holds a marker: most files
    hold none, and mapping every cell would cost more than the scan.
    """
    found = Suppressions()
    rows = [row for grid in grids for row in grid.rows]
    for number, row in enumerate(rows):
        for cell in row.cells:
            if "jxlint-ignore" in cell.text:
                _take_markers(found, cell, cell.text, number)
                cell.text = _MARKER.sub("", cell.text).strip()
                row.forget()
            if cell.comment and "jxlint-ignore" in cell.comment:
                _take_markers(found, cell, cell.comment, number)
    if found.markers:
        for number, row in enumerate(rows):
            found.row_of_cell[_key(row.location)] = number
            for cell in row.cells:
                found.row_of_cell[_key(cell.location)] = number
    return found


def _take_markers(found: Suppressions, cell: Cell, text: str, row_number: int) -> None:
    for match in _MARKER.finditer(text):
        codes = tuple(re.split(r"\s*[,，、]\s*", match.group("codes")))
        row = None if match.group("file") else row_number
        found.markers.append(Suppression(codes, match.group("reason").strip(), cell.location, row))
