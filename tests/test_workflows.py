"""Where users work: configuration files, baselines, CI formats, parallel runs, the library API."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT, rules_found
from conftest import run_cli as run

BINHAI = EXAMPLES / "binhai-2025-project-targets.txt"




@pytest.fixture
def project(tmp_path):
    """A folder of tables with a jxlint.toml, and a subfolder with its own pyproject.toml."""
    shutil.copy(BINHAI, tmp_path / "a.txt")
    sub = tmp_path / "drafts"
    sub.mkdir()
    shutil.copy(BINHAI, sub / "b.txt")
    return tmp_path


def test_closest_config_wins(capsys, project):
    (project / "jxlint.toml").write_text('ignore = ["DATE"]\n', encoding="utf-8")
    (project / "drafts" / "pyproject.toml").write_text('[tool.jxlint]\nselect = ["DATE"]\n', encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "json", project / "a.txt")
    assert "DATE001" not in rules_found(out) and "UNIT001" in rules_found(out)
    _, out, _ = run(capsys, "check", "--format", "json", project / "drafts" / "b.txt")
    assert rules_found(out) == {"DATE001"}


def test_config_keys_shape_the_run(capsys, project):
    (project / "jxlint.toml").write_text(
        'select = ["DATE", "BUDGET001", "VALUE003"]\nseverity = { DATE001 = "info" }\n'
        'params = { BUDGET001 = { tolerance_yuan = 1000 } }\nfail-on = "warning"\nlang = "en"\n'
        'per-file-ignores = { "drafts/*" = ["BUDGET"] }\n',
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "check", "--format", "json", project / "a.txt")
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == {"DATE001", "BUDGET001", "VALUE003"}
    assert all(f["severity"] == "info" for f in findings if f["rule"] == "DATE001")
    over = [f for f in findings if f["rule"] == "BUDGET001"]
    assert [f["project"][-6:] for f in over] == ["运行维护经费"], "148500 > 148000 is within a 1000 元 tolerance"
    assert "plan year" in next(f["message"] for f in findings if f["rule"] == "DATE001")
    assert status == 1
    _, out, _ = run(capsys, "check", "--format", "json", project / "drafts" / "b.txt")
    assert "BUDGET001" not in rules_found(out)


def test_plan_year_override_and_command_line_over_config(capsys, project):
    (project / "jxlint.toml").write_text("plan-year = 2015\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "json", "--select", "DATE001", project / "a.txt")
    assert rules_found(out) == set(), "2015年12月前 is fine in a 2015 plan"


def test_bad_config_names_the_file(capsys, project):
    (project / "jxlint.toml").write_text("select = 3\n", encoding="utf-8")
    status, _, err = run(capsys, "check", project / "a.txt")
    assert status == 2 and "jxlint.toml" in err


def test_baseline_reports_only_new_findings_and_survives_inserted_rows(capsys, project):
    baseline = project / "baseline.json"
    table = project / "a.txt"
    assert run(capsys, "check", "--write-baseline", baseline, table)[0] == 0
    status, out, _ = run(capsys, "check", "--format", "json", "--baseline", baseline, table)
    assert status == 0 and json.loads(out)["findings"] == []
    text = table.read_text(encoding="utf-8")
    inserted = text.replace("\t数量指标\n\t组织受理、评审、验收项目", "\t数量指标\n\t新增一行\n\t新增一行\n\t≥1个\n\n\t\n\t数量指标\n\t组织受理、评审、验收项目", 1)
    table.write_text(inserted.replace("≥85%", "≥**%", 1), encoding="utf-8")
    status, out, _ = run(capsys, "check", "--format", "json", "--baseline", baseline, table)
    assert rules_found(out) == {"VALUE001"}, "only the new placeholder is new"


def test_sarif_validates_against_the_official_schema(capsys):
    status, out, _ = run(capsys, "check", "--format", "sarif", *sorted(EXAMPLES.glob("*.txt")))
    log = json.loads(out)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results if r["ruleId"] != "READ001")
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {r["ruleId"] for r in results}


def test_github_annotations(capsys):
    _, out, _ = run(capsys, "check", "--format", "github", BINHAI)
    line = next(text for text in out.splitlines() if "DATE001" in text)
    assert re.match(r"::error file=.*binhai-2025-project-targets\.txt,line=\d+,title=DATE001 date\.deadline-before-plan-year::", line)


def test_junit_is_xml_with_a_case_per_table(capsys):
    _, out, _ = run(capsys, "check", "--format", "junit", BINHAI)
    root = ElementTree.fromstring(out.split("\n", 1)[1])
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 8 and 3 <= int(suite.get("failures")) <= len(cases)


def test_junit_cases_hold_one_failure_and_one_output_at_most(capsys):
    """The JUnit schema CI systems read allows one <failure> and one <system-out> per test case:
    a table's problems are listed one a line inside them, none lost."""
    _, out, _ = run(capsys, "check", "--format", "junit", BINHAI)
    _, listed, _ = run(capsys, "check", "--format", "json", BINHAI)
    suite = ElementTree.fromstring(out.split("\n", 1)[1]).find("testsuite")
    cases = suite.findall("testcase")
    assert all(len(c.findall("failure")) <= 1 and len(c.findall("system-out")) <= 1 for c in cases)
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    lines = [line for c in cases for part in c for line in part.text.splitlines()]
    assert len(lines) == len(json.loads(listed)["findings"])


def test_junit_keeps_findings_of_no_table_in_a_case_for_the_file(capsys, tmp_path):
    table = tmp_path / "t.txt"
    table.write_text(BINHAI.read_text(encoding="utf-8") + "\n\t备注 jxlint-ignore: DATE999 -- 不用的标记\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "junit", table)
    suite = ElementTree.fromstring(out.split("\n", 1)[1]).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 9 and cases[-1].get("name") == str(table)
    assert [f.get("type") for f in cases[-1]] == ["JXL001"]


def test_parallel_run_is_identical_to_serial(capsys, tmp_path):
    for n in range(6):
        shutil.copy(EXAMPLES / sorted(p.name for p in EXAMPLES.glob("*.txt"))[n % 4], tmp_path / f"t{n}.txt")
    _, serial, _ = run(capsys, "check", "--format", "json", tmp_path)
    _, parallel, _ = run(capsys, "check", "--format", "json", "-j", "2", tmp_path)
    assert serial == parallel and json.loads(serial)["summary"]["tables"] == 33


def test_readme_library_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## As a library\n\n```python\n(.*?)```", readme, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "DATE001" in result.stdout


def test_library_lints_bytes_and_tables():
    import jxlint
    from jxlint.core.location import Location
    from jxlint.model.table import Table

    report = jxlint.lint(BINHAI.read_bytes(), name="upload.txt")
    assert len(report.tables) == 8 and all(f.path == "upload.txt" for f in report.findings)
    assert report.to_sarif()["version"] == "2.1.0"
    findings = jxlint.lint_table(Table(path="x", index=1, location=Location(path="x"), project="p"))
    assert {f.rule for f in findings} >= {"STRUCT001", "STRUCT007"}


def test_suppression_marker_silences_its_row_and_unused_ones_are_reported(capsys, tmp_path):
    table = tmp_path / "t.txt"
    text = BINHAI.read_text(encoding="utf-8")
    text = text.replace("\t室内温度\n\t室内温度\n", "\t室内温度\n\t室内温度 jxlint-ignore: UNIT001 按合同约定的供暖达标率\n", 1)
    text = text.replace("\t保洁达标率\n\t保洁达标率\n", "\t保洁达标率\n\t保洁达标率 jxlint-ignore: DATE001 旧标记\n", 1)
    table.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "json", table)
    findings = json.loads(out)["findings"]
    assert not [f for f in findings if f["rule"] == "UNIT001"]
    unused = [f for f in findings if f["rule"] == "JXL001"]
    assert len(unused) == 1 and unused[0]["data"]["codes"] == ["DATE001"]
    assert [f for f in findings if f["rule"] == "DATE001"], "a row marker does not reach other rows"


def test_unreadable_baseline_is_a_usage_error(capsys, tmp_path):
    broken = tmp_path / "baseline.json"
    broken.write_text("[]", encoding="utf-8")
    status, _, err = run(capsys, "check", "--baseline", broken, BINHAI)
    assert status == 2 and "baseline.json" in err


def test_the_tests_keep_their_caches_out_of_the_users_folder():
    from jxlint.resources import cache_dir

    folder = cache_dir()
    assert folder is not None and folder.parent == Path(os.environ["XDG_CACHE_HOME"])
    assert Path(os.environ["XDG_CACHE_HOME"]).name.startswith("jxlint-test-cache-")
