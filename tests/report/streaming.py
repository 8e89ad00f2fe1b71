"""What the streamed-report tests share: the examples linted file by file (fixtures), and feeding a stream.

A module of its own, not a conftest.py: tests/conftest.py is imported by name elsewhere. The test
modules load it as a plugin (``pytest_plugins``) for the fixtures and import its helpers first, so it
is not rewritten for assertions (it holds none): PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jxlint.api import Linter, Report, unreadable_report

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").iterdir())


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter(keep_tables=False)


@pytest.fixture(scope="session")
def file_reports(linter) -> list[Report]:
    """A report per example file, then two unreadable files (findings of no table, of rules in no rule set)."""
    reports = [linter.lint_file(path) for path in EXAMPLES if path.is_file()]
    unreadable = [unreadable_report(None, f"broken{n}.xlsx", "a damaged zip") for n in range(2)]
    return [*reports, *unreadable]


def streamed(stream_class: Any, parts: list[Report], *args: Any) -> str:
    """The text a stream writes when given ``parts`` one by one."""
    pieces: list[str] = []
    stream = stream_class(pieces.append, *args)
    for part in parts:
        stream.add(part)
    stream.close()
    return "".join(pieces)


def gathered(parts: list[Report]) -> Report:
    """``parts`` as one whole-run report."""
    report = Report()
    for part in parts:
        report.extend(part)
    return report
