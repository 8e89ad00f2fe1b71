"""Formats for CI systems: GitHub workflow annotations and JUnit XML."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from jxlint.core.finding import Finding

if TYPE_CHECKING:
    from jxlint.report.report import Report

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """One ``::error file=…,line=…,title=…::message`` workflow command per finding."""
    lines = []
    for finding in report.findings:
        properties = [f"file={_escape_property(finding.path)}"]
        if finding.location.line is not None:
            properties.append(f"line={finding.location.line}")
        elif finding.location.row is not None:
            properties.append(f"line={finding.location.row}")
        properties.append(f"title={_escape_property(f'{finding.rule} {finding.name}')}")
        where = finding.location.short()
        about = f"[{finding.indicator}] " if finding.indicator else ""
        text = f"{where}: {about}{finding.message}" if where and not where.startswith("line ") else f"{about}{finding.message}"
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {','.join(properties)}::{_escape_data(text)}")
    return "\n".join(lines)


def render_junit(report: Report) -> str:
    """JUnit XML: a test suite per file, a test case per table, a failure per finding at or above warning.

    Findings of no table (an unused suppression, an unreadable file) go to a
    case named for the file. Suites of files with tables come first, in order,
    then those of files without.
    """
    pieces: list[str] = []
    stream = JunitStream(pieces.append)
    stream.add(report)
    stream.close()
    return "".join(pieces).removesuffix("\n")


class JunitStream:
    """The JUnit report written file by file: a suite as soon as its file is linted.

    Files without a table (unreadable ones) come last in the document, so
    their findings are kept until the end; everything else is written.
    """

    def __init__(self, write: Callable[[str], object]) -> None:
        """``write`` puts out text exactly as given."""
        self._write = write
        self._started = False
        self._without_tables: dict[str, list[Finding]] = {}

    def add(self, report: Report) -> None:
        """Write the suites of the files in ``report`` that have tables; keep the others' findings."""
        tables_of: dict[str, list[tuple[int | None, str]]] = {}
        for summary in report.summaries:
            tables_of.setdefault(summary["path"], []).append((summary["table"], summary["project"]))
        findings_of: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            if finding.path in tables_of:
                findings_of[finding.path].append(finding)
            else:
                self._without_tables.setdefault(finding.path, []).append(finding)
        for path, cases in tables_of.items():
            self._suite(path, cases, findings_of[path])

    def close(self) -> None:
        """Write the suites of the files without tables and end the document, with a newline."""
        for path, findings in self._without_tables.items():
            self._suite(path, [], findings)
        if self._started:
            self._write("\n</testsuites>\n")
        else:
            self._write(_XML_DECLARATION + '<testsuites name="jxlint" />\n')

    def _suite(self, path: str, cases: list[tuple[int | None, str]], findings: list[Finding]) -> None:
        by_case: dict[int | None, list[Finding]] = defaultdict(list)
        listed = {index for index, _ in cases}
        for finding in findings:
            by_case[finding.table if finding.table in listed else None].append(finding)
        if not cases or None in by_case:
            cases = [*cases, (None, path)]
        suite = ElementTree.Element("testsuite", name=path, tests=str(len(cases)))
        failures = 0
        for index, project in cases:
            # One test case a table: at most one <failure> (its errors and warnings, one a line) and
            # one <system-out> (its info findings), as the JUnit schema CI systems read allows.
            case = ElementTree.SubElement(suite, "testcase", classname=path, name=f"表{index} {project}" if index else project)
            found = by_case.get(index, [])
            failing = [f for f in found if f.severity != "info"]
            notes = [f for f in found if f.severity == "info"]
            if failing:
                failures += 1
                rules = sorted({f.rule for f in failing})
                failure = ElementTree.SubElement(case, "failure", type=rules[0] if len(rules) == 1 else "jxlint",
                                                 message=f"{len(failing)} problem(s): {', '.join(rules)}")
                failure.text = "\n".join(_detail(f) for f in failing)
            if notes:
                ElementTree.SubElement(case, "system-out").text = "\n".join(_detail(f) for f in notes)
        suite.set("failures", str(failures))
        ElementTree.indent(suite, level=1)  # as deep as it stands in the document
        if not self._started:
            self._write(_XML_DECLARATION + '<testsuites name="jxlint">')
            self._started = True
        self._write("\n  " + ElementTree.tostring(suite, encoding="unicode"))


def _detail(finding: Finding) -> str:
    return f"{finding.location.short()} {finding.rule} [{finding.severity}] {finding.message}"


_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
