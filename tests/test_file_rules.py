"""The file rules are rules like the others: select, ignore, severities and baselines apply to
READ001–005 and JXL001; a suppression for a rule that was not run is not reported as unused."""

from __future__ import annotations

import json
from pathlib import Path

from jxlint.cli import main

BINHAI = Path(__file__).resolve().parents[1] / "examples" / "binhai-2025-project-targets.txt"
#: A table with one UNIT001 defect silenced by a marker and one marker for a rule with nothing to silence.
TABLE = ("项目名称\t培训项目\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训次数\t≥10次 jxlint-ignore: DATE001 跨年度\n"
         "效益指标\t社会效益指标\t室内温度\t≥18% jxlint-ignore: UNIT001 原文如此\n")


def findings(capsys, *argv) -> tuple[int, list[dict]]:
    status = main([str(a) for a in argv])
    return status, json.loads(capsys.readouterr().out)["findings"]


def test_a_marker_for_a_rule_not_run_is_not_unused(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(TABLE, encoding="utf-8")
    _, everything = findings(capsys, "check", "--format", "json", tmp_path)
    _, units_only = findings(capsys, "check", "--format", "json", "--select", "UNIT,JXL", tmp_path)
    assert [f["data"]["codes"] for f in everything if f["rule"] == "JXL001"] == [["DATE001"]]
    assert [f for f in units_only if f["rule"] == "JXL001"] == []  # DATE001 was not run: nothing to say
    assert not any(f["rule"] == "UNIT001" for f in everything + units_only)  # the used marker still silences


def test_ignore_and_severity_apply_to_file_rules(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(TABLE, encoding="utf-8")
    _, ignored = findings(capsys, "check", "--format", "json", "--ignore", "JXL001", tmp_path)
    assert not any(f["rule"] == "JXL001" for f in ignored)
    configured = tmp_path / "configured"  # a folder of its own: configurations are cached by folder
    configured.mkdir()
    (configured / "t.txt").write_text(TABLE, encoding="utf-8")
    (configured / "jxlint.toml").write_text('severity = {JXL001 = "error"}\n', encoding="utf-8")
    status, raised = findings(capsys, "check", "--format", "json", "--select", "JXL001,DATE", configured)
    assert [f["severity"] for f in raised] == ["error"] and status == 1


def test_an_unreadable_file_can_be_ignored_but_still_counts_as_unread(capsys, tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    status, found = findings(capsys, "check", "--format", "json", "--ignore", "READ001", tmp_path / "broken.xlsx")
    assert found == [] and status == 2  # no file could be read: a usage error, finding or not
    status, found = findings(capsys, "check", "--format", "json", tmp_path / "broken.xlsx")
    assert [f["rule"] for f in found] == ["READ001"] and status == 2


def test_a_baseline_records_file_rules_too(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("会议纪要：下周讨论预算安排。\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text(TABLE, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--write-baseline", str(baseline), str(tmp_path)]) == 0
    capsys.readouterr()
    recorded = baseline.read_text(encoding="utf-8")
    assert "JXL001" in recorded and "READ005" in recorded
    status, fresh = findings(capsys, "check", "--format", "json", "--baseline", baseline, tmp_path)
    assert fresh == [] and status == 0


def test_explain_shows_options_and_the_implementing_function(capsys):
    assert main(["explain", "BUDGET001"]) == 0
    out = capsys.readouterr().out
    assert "Implemented by: jxlint.check.functions.budget." in out
    assert "Options" in out and "tolerance_yuan (number, default" in out
    assert "SOURCES.md" in out
    assert main(["explain", "VALUE003"]) == 0
    assert "declarative conditions" in capsys.readouterr().out


def test_the_summary_counts_every_file_and_the_exit_status_follows_one_rule(capsys, tmp_path):
    """Every file given is counted; exit 2 only when not one could be read; a file with no trace of a
    table is skipped at info level (exit 0); one that looks like a table but gives none is an error."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("会议纪要：下周讨论预算安排。\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("一级指标,二级指标,三级指标,指标值\n", encoding="utf-8")

    def check(*paths):
        status = main(["check", *map(str, paths)])
        return status, capsys.readouterr().out.strip().splitlines()[-1]

    assert check(tmp_path / "empty.txt") == (2, "1 个文件（1 个无法读取），0 张表：1 个错误，0 个警告，0 个提示")
    assert check(tmp_path / "notes.txt") == (0, "1 个文件（1 个不含绩效表），0 张表：0 个错误，0 个警告，1 个提示")
    assert check(tmp_path / "header.csv") == (1, "1 个文件，0 张表：1 个错误，0 个警告，0 个提示")
    status, line = check(tmp_path, BINHAI)
    assert status == 1 and line.startswith("4 个文件（1 个无法读取，1 个不含绩效表），8 张表")
