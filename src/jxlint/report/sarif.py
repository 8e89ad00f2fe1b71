"""SARIF 2.1.0: the static-analysis exchange format code-scanning tools read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jxlint import __version__
from jxlint.core.finding import Finding
from jxlint.report.json_format import Spool, dumps, indented_json

if TYPE_CHECKING:
    from jxlint.check.engine import RuleSet
    from jxlint.report.report import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def report_to_sarif(report: Report, rules: RuleSet | None = None) -> dict[str, Any]:
    """The report as one SARIF log with one run; rules carry their docs, results their figures."""
    described = _described(rules)
    names: dict[str, str] = {}
    for finding in report.findings:
        names.setdefault(finding.rule, finding.name)  # the rules used, in the order of first use
    index = {rule_id: n for n, rule_id in enumerate(names)}
    descriptors = [_descriptor(rule_id, described.get(rule_id), name) for rule_id, name in names.items()]
    return _log(descriptors, [_result(f, index[f.rule]) for f in report.findings])


class SarifStream:
    """The SARIF log written at the end from results rendered file by file: the text :func:`render_sarif` gives.

    The rule descriptors come first in the log and depend on every finding,
    so the results wait, rendered, in a temporary file that moves to disk
    past a megabyte; only the rules used stay in memory.
    """

    def __init__(self, write: Callable[[str], object], rules: RuleSet | None = None) -> None:
        """``write`` puts out text exactly as given."""
        self._write = write
        self._described = _described(rules)
        self._names: dict[str, str] = {}
        self._index: dict[str, int] = {}
        self._results = Spool()

    def add(self, report: Report) -> None:
        """Render one file's findings as results."""
        for finding in report.findings:
            if finding.rule not in self._index:
                self._index[finding.rule] = len(self._index)
                self._names[finding.rule] = finding.name
            self._results.write(("\n" if self._results.empty else ",\n")
                                + indented_json(_result(finding, self._index[finding.rule]), 8))

    def close(self) -> None:
        """Write the log, its results from the temporary file, and a newline."""
        descriptors = [_descriptor(rule_id, self._described.get(rule_id), name) for rule_id, name in self._names.items()]
        if self._results.empty:
            self._write(dumps(_log(descriptors, []), ensure_ascii=False, indent=2) + "\n")
            self._results.drain(self._write)
            return
        mark = "jxlint: the results go here"
        head, tail = dumps(_log(descriptors, [mark]), ensure_ascii=False, indent=2).split(
            "\n" + indented_json(mark, 8))
        self._write(head)
        self._results.drain(self._write)
        self._write(tail + "\n")


def _described(rules: RuleSet | None) -> dict[str, Any]:
    return {rule.id: rule for rule in rules.in_force()} if rules else {}


def _log(descriptors: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    """The SARIF log of one jxlint run."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "jxlint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/jxlint/",
                "rules": descriptors,
            }},
            "results": results,
        }],
    }


def _descriptor(rule_id: str, rule: Any, name: str) -> dict[str, Any]:
    """A rule's descriptor; a rule not in the rule set (a read error) gets its finding's ``name``."""
    if rule is None:
        return {"id": rule_id, "name": name, "shortDescription": {"text": name}}
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.docs.summary},
        "fullDescription": {"text": rule.docs.rationale or rule.docs.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "source": rule.docs.source},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": Path(finding.path).as_posix()}}
    if location.line is not None:
        physical["region"] = {"startLine": location.line}
        if location.column is not None:
            physical["region"]["startColumn"] = location.column
    elif location.row is not None:
        physical["region"] = {"startLine": location.row, **({"startColumn": location.column} if location.column else {})}
    logical = [{"name": finding.project, "kind": "module"}] if finding.project else []
    if finding.indicator:
        logical.append({"name": finding.indicator, "kind": "member"})
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical, **({"logicalLocations": logical} if logical else {})}],
        "properties": {"category": finding.category, "where": location.short(), "data": finding.data},
    }
    return result


def render_sarif(report: Report, rules: RuleSet | None = None) -> str:
    """The SARIF log as text."""
    return dumps(report_to_sarif(report, rules), ensure_ascii=False, indent=2)
