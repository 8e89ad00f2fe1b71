"""The streamed JSON report is, byte for byte, the document render_json builds from the whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import Linter, Report
from jxlint.report.json_format import JsonStream, render_json

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").iterdir())


@pytest.fixture(scope="module")
def file_reports() -> list[Report]:
    linter = Linter(keep_tables=False)
    return [linter.lint_file(path) for path in EXAMPLES if path.is_file()]


def streamed(parts: list[Report]) -> str:
    pieces: list[str] = []
    stream = JsonStream(pieces.append)
    for part in parts:
        stream.add(part)
    stream.close()
    return "".join(pieces)


def whole(parts: list[Report]) -> str:
    report = Report()
    for part in parts:
        report.extend(part)
    return render_json(report) + "\n"


def test_the_examples_stream_as_one_document(file_reports):
    assert sum(len(r.findings) for r in file_reports) > 20
    text = streamed(file_reports)
    assert text == whole(file_reports)
    assert json.loads(text)["summary"]["tables"] == sum(len(r.summaries) for r in file_reports)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_document(file_reports, data):
    """Files with and without tables or findings, in any number and order (none at all included)."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6))
    assert streamed(chosen) == whole(chosen)


def test_findings_past_a_megabyte_move_to_disk_and_come_back(file_reports):
    many = [part for part in file_reports if part.findings] * 100
    assert sum(len(p.findings) for p in many) * 300 > 1 << 20
    assert streamed(many) == whole(many)
