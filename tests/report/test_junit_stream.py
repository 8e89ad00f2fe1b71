"""The JUnit report written file by file is the document render_junit builds from the whole run."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import Linter, Report, read_finding
from jxlint.report.ci_formats import JunitStream, render_junit

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").iterdir())


@pytest.fixture(scope="module")
def file_reports() -> list[Report]:
    linter = Linter(keep_tables=False)
    reports = [linter.lint_file(path) for path in EXAMPLES if path.is_file()]
    unreadable = [Report(findings=[read_finding(f"broken{n}.xlsx", "a damaged zip")], unreadable=[f"broken{n}.xlsx"])
                  for n in range(2)]
    return [*reports, *unreadable]


def streamed(parts: list[Report]) -> str:
    pieces: list[str] = []
    stream = JunitStream(pieces.append)
    for part in parts:
        stream.add(part)
    stream.close()
    return "".join(pieces)


def whole(parts: list[Report]) -> str:
    report = Report()
    for part in parts:
        report.extend(part)
    return render_junit(report) + "\n"


def test_the_examples_stream_as_one_document_with_unreadable_files_last(file_reports):
    text = streamed(file_reports)
    assert text == whole(file_reports)
    suites = ElementTree.fromstring(text.split("\n", 1)[1]).findall("testsuite")
    assert [s.get("name") for s in suites[-2:]] == ["broken0.xlsx", "broken1.xlsx"]
    assert sum(len(s.findall("testcase")) for s in suites[:-2]) == sum(len(r.summaries) for r in file_reports)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_document(file_reports, data):
    """Distinct files with and without tables or findings, in any order (none at all included)."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6, unique_by=id))
    assert streamed(chosen) == whole(chosen)
