"""The JUnit report written file by file is the document render_junit builds from the whole run."""

from __future__ import annotations

from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st
from streaming import gathered, streamed

from jxlint.api import Report
from jxlint.report.ci_formats import JunitStream, render_junit

pytest_plugins = ["streaming"]  # the fixtures linter and file_reports


def test_the_examples_stream_as_one_document_with_unreadable_files_last(file_reports):
    text = streamed(JunitStream, file_reports)
    assert text == render_junit(gathered(file_reports)) + "\n"
    suites = ElementTree.fromstring(text.split("\n", 1)[1]).findall("testsuite")
    assert [s.get("name") for s in suites[-2:]] == ["broken0.xlsx", "broken1.xlsx"]
    assert sum(len(s.findall("testcase")) for s in suites[:-2]) == sum(len(r.summaries) for r in file_reports)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_document(file_reports, data):
    """Distinct files with and without tables or findings, in any order (none at all included)."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6, unique_by=id))
    assert streamed(JunitStream, chosen) == render_junit(gathered(chosen)) + "\n"
