"""The command line as a user runs it: exit codes, formats, languages, bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES
from conftest import run_cli as run

from jxlint.cli import main

BINHAI = str(EXAMPLES / "binhai-2025-project-targets.txt")



def test_json_report_has_tables_and_located_findings(capsys):
    status, out, _ = run(capsys, "check", "--format", "json", BINHAI)
    report = json.loads(out)
    assert status == 1
    assert len(report["tables"]) == 8 and report["tables"][1]["budget_yuan"] == 310000
    finding = next(f for f in report["findings"] if f["rule"] == "DATE001")
    assert finding["location"]["line"] > 0 and finding["location"]["text"].startswith("line ")
    assert {"rule", "category", "severity", "message", "path", "project", "indicator", "data"} <= finding.keys()


def test_text_report_shows_path_line_rule_and_english(capsys):
    status, out, _ = run(capsys, "check", "--lang", "en", "--color", "never", BINHAI)
    line = next(text for text in out.splitlines() if "DATE001" in text)
    assert f"{BINHAI}:" in line and "error" in line and "plan year" in line
    assert "tables" in out.splitlines()[-1]


def test_fail_on_and_select(capsys):
    assert run(capsys, "check", "--select", "TEXT", "--fail-on", "error", BINHAI)[0] == 0
    assert run(capsys, "check", "--select", "TEXT", "--fail-on", "info", BINHAI)[0] == 1
    assert run(capsys, "check", "--fail-on", "never", BINHAI)[0] == 0


def test_bad_file_is_reported_and_the_others_still_linted(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    status, out, _ = run(capsys, "check", "--format", "json", str(empty), BINHAI)
    report = json.loads(out)
    assert status == 1
    assert any(f["category"] == "read" and f["path"] == str(empty) for f in report["findings"])
    assert len(report["tables"]) == 8


def test_nothing_readable_exits_2(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(capsys, "check", str(empty))[0] == 2
    assert run(capsys, "check", str(tmp_path / "missing.txt"))[0] == 2


def test_folders_are_searched(capsys, tmp_path):
    shutil.copy(BINHAI, tmp_path / "a.txt")
    status, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert len(json.loads(out)["tables"]) == 8


def test_rules_and_explain(capsys):
    status, out, _ = run(capsys, "rules")
    assert status == 0 and "DATE001" in out and "(off)" in out
    status, out, _ = run(capsys, "explain", "VALUE005")
    assert status == 0 and "Fails:" in out and "→" in out
    assert run(capsys, "explain", "NOPE999")[0] == 2


def test_broken_extra_pack_exits_2_but_reports(capsys, tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text("rules: [", encoding="utf-8")
    status, out, err = run(capsys, "check", "--rules", str(pack), BINHAI)
    assert status == 2 and str(pack) in err and "DATE001" in out


@pytest.mark.parametrize("argv", [[], ["check"], ["check", "--format", "xml", BINHAI]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        status = main(argv)
        raise SystemExit(status)
    assert caught.value.code == 2


def test_text_report_written_file_by_file_equals_the_whole_report(capsys, tmp_path):
    # The command line prints each file's lines as it goes and keeps only counts;
    # the result must be what rendering the whole run at once gives.
    from jxlint.api import Linter, Report
    from jxlint.report.text_format import render_text

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))] + [str(bad)]
    whole = Report()
    for part in Linter(keep_tables=False).lint_files(paths):
        whole.extend(part)
    status, out, _ = run(capsys, "check", "--color", "never", *paths)
    assert status == 1
    assert out == render_text(whole, "zh") + "\n"
    assert "个文件" in out.splitlines()[-1] and len(out.splitlines()) > 20


def test_an_output_file_that_cannot_be_written_is_a_usage_error(capsys, tmp_path):
    status, _, err = run(capsys, "check", "--output", str(tmp_path / "missing" / "report.txt"), BINHAI)
    assert status == 2 and "cannot write" in err and "report.txt" in err
