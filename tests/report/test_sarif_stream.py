"""The streamed SARIF log is, byte for byte, the log render_sarif builds from the whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import Linter, Report, read_finding
from jxlint.config import Config
from jxlint.report.sarif import SarifStream, render_sarif

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").iterdir())


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(keep_tables=False)


@pytest.fixture(scope="module")
def file_reports(linter) -> list[Report]:
    reports = [linter.lint_file(path) for path in EXAMPLES if path.is_file()]
    # A file that cannot be read: its rule is in no rule set, so its descriptor is made from the finding.
    return [*reports, Report(findings=[read_finding("broken.xlsx", "a damaged zip")], unreadable=["broken.xlsx"])]


def streamed(parts: list[Report], rules) -> str:
    pieces: list[str] = []
    stream = SarifStream(pieces.append, rules)
    for part in parts:
        stream.add(part)
    stream.close()
    return "".join(pieces)


def whole(parts: list[Report], rules) -> str:
    report = Report()
    for part in parts:
        report.extend(part)
    return render_sarif(report, rules) + "\n"


def test_the_examples_stream_as_one_log(linter, file_reports):
    rules = linter.rules_for(Config())
    text = streamed(file_reports, rules)
    assert text == whole(file_reports, rules)
    results = json.loads(text)["runs"][0]["results"]
    assert len(results) == sum(len(r.findings) for r in file_reports) > 20


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_log(linter, file_reports, data):
    """Files with and without findings, in any number and order (none at all included), with and without rules."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6))
    rules = data.draw(st.sampled_from([None, linter.rules_for(Config())]))
    assert streamed(chosen, rules) == whole(chosen, rules)


def test_results_past_a_megabyte_move_to_disk_and_come_back(linter, file_reports):
    many = [part for part in file_reports if part.findings] * 100
    rules = linter.rules_for(Config())
    assert streamed(many, rules) == whole(many, rules)
