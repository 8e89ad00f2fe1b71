"""One bad file never takes a run down: an error of jxlint's own on one file becomes an internal-error
finding (JXL002) on that file, the other files are linted, the report stays valid and the exit status is 3."""

from __future__ import annotations

import faulthandler
import json
import os

import pytest
from conftest import EXAMPLES

import jxlint.api
from jxlint.api import lint
from jxlint.cli import main

TABLE = (EXAMPLES / "binhai-2025-project-targets.txt").read_text(encoding="utf-8")


def _files(tmp_path, names):
    for name in names:
        (tmp_path / name).write_text(TABLE, encoding="utf-8")
    return [str(tmp_path / name) for name in names]


@pytest.fixture
def failing_reader(monkeypatch):
    """read_path raises an error of jxlint's own on any file named boom*."""
    real = jxlint.api.read_path

    def read(path):
        if os.path.basename(str(path)).startswith("boom"):
            raise KeyError("a bug in a reader")
        return real(path)

    monkeypatch.setattr(jxlint.api, "read_path", read)


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "text"])
def test_an_internal_error_is_a_finding_on_its_file_and_exits_3(capsys, tmp_path, failing_reader, fmt):
    files = _files(tmp_path, ["a.txt", "boom.txt", "c.txt"])
    status = main(["check", "--format", fmt, *files])
    out = capsys.readouterr().out
    assert status == 3
    assert "JXL002" in out and "KeyError" in out
    if fmt == "json":
        report = json.loads(out)
        assert {t["path"] for t in report["tables"]} == {files[0], files[2]}
        (failure,) = [f for f in report["findings"] if f["rule"] == "JXL002"]
        assert failure["path"] == files[1] and failure["data"]["error"] == "KeyError"
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"]


def test_the_library_returns_the_error_as_a_finding(tmp_path, failing_reader):
    (path,) = _files(tmp_path, ["boom.txt"])
    report = lint(path, lang="en")
    assert report.failed == [path]
    assert [f.rule for f in report.findings] == ["JXL002"] and "please report" in report.findings[0].message


@pytest.mark.skipif(os.name != "posix", reason="workers are forked with the patched reader")
def test_a_worker_that_dies_is_replaced_and_its_file_reported(capsys, tmp_path, monkeypatch):
    real = jxlint.api.read_path

    def read(path):
        if os.path.basename(str(path)).startswith("boom"):
            faulthandler.disable()  # no dump of the dying worker's stack into the test's output
            os.abort()  # as a native reader does on a hostile file
        return real(path)

    monkeypatch.setattr(jxlint.api, "read_path", read)
    files = _files(tmp_path, ["a.txt", "b.txt", "boom.txt", "d.txt", "e.txt"])
    status = main(["check", "--format", "json", "-j", "2", *files])
    report = json.loads(capsys.readouterr().out)
    assert status == 3
    assert [t["path"] for t in report["tables"] if t["table"] == 1] == [f for f in files if "boom" not in f]
    (failure,) = [f for f in report["findings"] if f["rule"] == "JXL002"]
    assert failure["path"] == files[2] and failure["data"]["error"] == "WorkerDied"


def test_folders_with_a_link_loop_and_an_unreadable_folder_are_walked(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    _files(tmp_path / "sub", ["a.txt"])
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        status = main(["check", "--format", "json", "--fail-on", "never", str(tmp_path)])
    finally:
        locked.chmod(0o755)
    report = json.loads(capsys.readouterr().out)
    assert status == 0 and [t["path"] for t in report["tables"] if t["table"] == 1] == [str(tmp_path / "sub" / "a.txt")]


def test_a_name_too_long_is_an_unreadable_file_not_a_traceback(capsys, tmp_path):
    status = main(["check", "--format", "json", str(tmp_path / ("x" * 300 + ".txt"))])
    report = json.loads(capsys.readouterr().out)
    assert status == 2 and report["findings"][0]["rule"] == "READ001"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_every_number_in_the_output_is_finite(capsys, tmp_path, fmt):
    huge = "9" * 400
    path = tmp_path / "huge.txt"
    path.write_text(f"项目名称\t培训项目\n预算数\t{huge}\n一级指标\t二级指标\t三级指标\t指标值\n"
                    f"产出指标\t数量指标\t培训人数\t≥{huge}人\n产出指标\t成本指标\t培训成本\t≤1e400万元\n", encoding="utf-8")
    main(["check", "--format", fmt, "--fail-on", "never", str(path)])
    out = capsys.readouterr().out

    def reject(token):
        raise AssertionError(f"non-finite number {token} in the {fmt} output")

    document = json.loads(out, parse_constant=reject)
    if fmt == "json":
        assert "VALUE016" in {f["rule"] for f in document["findings"]}
        assert document["tables"][0]["budget_yuan"] is None


def test_the_last_guard_writes_null_for_a_number_that_is_not_finite():
    from jxlint.report.json_format import dumps

    assert json.loads(dumps({"a": [1.5, float("inf"), {"b": float("nan")}]})) == {"a": [1.5, None, {"b": None}]}


@pytest.mark.parametrize("line", [
    "项目内容：" + "培训" * 500_000,                 # one line of a megabyte
    "年度目标：完成" + "9" * 20_000 + "人次培训",       # a run of digits read once, not once per digit
    "测算依据：" + "1+" * 20_000 + "=5万元",            # a formula too long to be one
    "年度目标：开展培训；" * 100_000,                   # key：value over and over, on a cell's continuation line
])
def test_long_lines_and_long_runs_of_digits_are_read_in_one_pass(tmp_path, line):
    path = tmp_path / "long.txt"
    path.write_text(TABLE + line + "\n", encoding="utf-8")
    report = lint(path)
    assert report.summaries and not report.failed


@pytest.mark.parametrize("name,text", [
    ("wide.txt", "项目名称\t培训项目\n" + "\t1" * 20_000 + "\n"),
    ("wide.csv", "项目名称,培训项目\n" + ",1" * 20_000 + "\n"),
    ("cells.txt", "\t项目名称\n" + "\t1\n" * 20_000),
])
def test_a_row_wider_than_a_spreadsheet_is_refused_with_its_line(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = lint(path, lang="en")
    assert report.unreadable == [str(path)] and "above the limit of 16,384" in report.findings[0].message
