"""The streamed JSON report is, byte for byte, the document render_json builds from the whole run."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from streaming import gathered, streamed

from jxlint.api import Report
from jxlint.report.json_format import JsonStream, render_json

pytest_plugins = ["streaming"]  # the fixtures linter and file_reports


def test_the_examples_stream_as_one_document(file_reports):
    assert sum(len(r.findings) for r in file_reports) > 20
    text = streamed(JsonStream, file_reports)
    assert text == render_json(gathered(file_reports)) + "\n"
    assert json.loads(text)["summary"]["tables"] == sum(len(r.summaries) for r in file_reports)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_document(file_reports, data):
    """Files with and without tables or findings, in any number and order (none at all included)."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6))
    assert streamed(JsonStream, chosen) == render_json(gathered(chosen)) + "\n"


def test_findings_past_a_megabyte_move_to_disk_and_come_back(file_reports):
    many = [part for part in file_reports if part.findings] * 100
    assert sum(len(p.findings) for p in many) * 300 > 1 << 20
    assert streamed(JsonStream, many) == render_json(gathered(many)) + "\n"
