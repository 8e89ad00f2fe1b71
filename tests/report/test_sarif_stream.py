"""The streamed SARIF log is, byte for byte, the log render_sarif builds from the whole run."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from streaming import gathered, streamed

from jxlint.api import Report
from jxlint.config import Config
from jxlint.report.sarif import SarifStream, render_sarif

pytest_plugins = ["streaming"]  # the fixtures linter and file_reports


def test_the_examples_stream_as_one_log(linter, file_reports):
    rules = linter.rules_for(Config())
    text = streamed(SarifStream, file_reports, rules)
    assert text == render_sarif(gathered(file_reports), rules) + "\n"
    results = json.loads(text)["runs"][0]["results"]
    assert len(results) == sum(len(r.findings) for r in file_reports) > 20


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_selection_of_files_streams_as_one_log(linter, file_reports, data):
    """Files with and without findings, in any number and order (none at all included), with and without rules."""
    chosen = data.draw(st.lists(st.sampled_from(file_reports + [Report()]), max_size=6))
    rules = data.draw(st.sampled_from([None, linter.rules_for(Config())]))
    assert streamed(SarifStream, chosen, rules) == render_sarif(gathered(chosen), rules) + "\n"


def test_results_past_a_megabyte_move_to_disk_and_come_back(linter, file_reports):
    many = [part for part in file_reports if part.findings] * 100
    rules = linter.rules_for(Config())
    assert streamed(SarifStream, many, rules) == render_sarif(gathered(many), rules) + "\n"
