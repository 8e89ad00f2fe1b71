"""Formats for CI systems: GitHub workflow annotations and JUnit XML."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from jxlint.model.finding import Finding

if TYPE_CHECKING:
    from jxlint.api import Report

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
    case named for the file.
    """
    tables_of: dict[str, list[tuple[int | None, str]]] = {}
    for summary in report.summaries:
        tables_of.setdefault(summary["path"], []).append((summary["table"], summary["project"]))
    by_table: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        listed = any(index == finding.table for index, _ in tables_of.get(finding.path, []))
        by_table[(finding.path, finding.table if listed else None)].append(finding)
    suites = ElementTree.Element("testsuites", name="jxlint")
    files = list(dict.fromkeys([*tables_of, *(f.path for f in report.findings)]))
    for path in files:
        cases = tables_of.get(path, [])
        if not cases or (path, None) in by_table:
            cases = [*cases, (None, path)]
        suite = ElementTree.SubElement(suites, "testsuite", name=path, tests=str(len(cases)))
        failures = 0
        for index, project in cases:
            case = ElementTree.SubElement(suite, "testcase", classname=path, name=f"表{index} {project}" if index else project)
            for finding in by_table.get((path, index), []):
                tag = "failure" if finding.severity != "info" else "system-out"
                element = ElementTree.SubElement(case, tag)
                detail = f"{finding.location.short()} {finding.rule} [{finding.severity}] {finding.message}"
                if tag == "failure":
                    failures += 1
                    element.set("type", finding.rule)
                    element.set("message", finding.message)
                element.text = detail
        suite.set("failures", str(failures))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode")
