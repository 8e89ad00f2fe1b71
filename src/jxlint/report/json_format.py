"""The JSON report: one object with the tables read and the findings."""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jxlint.core.finding import Finding

if TYPE_CHECKING:
    from jxlint.report.report import Report


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` that never writes NaN or Infinity, which JSON parsers reject: a number that is
    not finite is written as null (the figures of a table are bounded when read; this is the last guard)."""
    try:
        return json.dumps(value, allow_nan=False, **options)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False, **options)


def finite(value: Any) -> Any:
    """``value`` with every float that is not finite replaced by None, in nested dicts, lists and tuples."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object, its location both as fields and as one short string."""
    data = finding.model_dump(exclude={"location"})
    data["location"] = {**finding.location.as_dict(), "text": finding.location.short()}
    return data


def report_to_json(report: Report) -> dict[str, Any]:
    """The whole report as one JSON-ready object."""
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    return {
        "tables": report.summaries,
        "findings": [finding_json(f) for f in report.findings],
        "summary": {"tables": len(report.summaries), "findings": len(report.findings), **counts},
    }


def render_json(report: Report) -> str:
    """The JSON report as text."""
    return dumps(report_to_json(report), ensure_ascii=False, indent=2)


class JsonStream:
    """The JSON report written file by file: the text :func:`render_json` gives, without holding the run.

    Table summaries are written as they come. Findings follow all the tables
    in the document, so they wait, already rendered, in a temporary file that
    moves to disk past a megabyte; only counts stay in memory.
    """

    def __init__(self, write: Callable[[str], object]) -> None:
        """``write`` puts out text exactly as given."""
        self._write = write
        self._tables = 0
        self._findings = Spool()
        self._counts = {"findings": 0, "error": 0, "warning": 0, "info": 0}

    def add(self, report: Report) -> None:
        """Write one file's table summaries and keep its findings for the end."""
        for summary in report.summaries:
            self._write(('{\n  "tables": [\n' if not self._tables else ",\n") + indented_json(summary, 4))
            self._tables += 1
        for finding in report.findings:
            self._findings.write((",\n" if self._counts["findings"] else "") + indented_json(finding_json(finding), 4))
            self._counts["findings"] += 1
            self._counts[finding.severity] += 1

    def close(self) -> None:
        """Write the findings and the summary that end the document, and a newline."""
        self._write('\n  ],\n' if self._tables else '{\n  "tables": [],\n')
        if self._counts["findings"]:
            self._write('  "findings": [\n')
            self._findings.drain(self._write)
            self._write("\n  ],\n")
        else:
            self._write('  "findings": [],\n')
            self._findings.drain(self._write)
        summary = {"tables": self._tables, **self._counts}
        self._write('  "summary": ' + dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")


class Spool:
    """Rendered text kept for the end of a document: in memory up to a megabyte, then in a temporary file."""

    def __init__(self) -> None:
        # Open for the spool's whole life (closed by drain), so not in a with block.
        self._file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.empty = True

    def write(self, text: str) -> None:
        """Keep ``text`` after what is kept already."""
        self._file.write(text)
        self.empty = False

    def drain(self, write: Callable[[str], object]) -> None:
        """Give everything kept to ``write``, in pieces, and let the temporary file go."""
        self._file.seek(0)
        while chunk := self._file.read(1 << 16):
            write(chunk)
        self._file.close()


def indented_json(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` renders it ``depth`` spaces deep, as an element of a list in a document."""
    return " " * depth + dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)
