"""SARIF 2.1.0: the static-analysis exchange format code-scanning tools read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jxlint import __version__
from jxlint.model.finding import Finding

if TYPE_CHECKING:
    from jxlint.api import Report
    from jxlint.check.engine import RuleSet

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def report_to_sarif(report: Report, rules: RuleSet | None = None) -> dict[str, Any]:
    """The report as one SARIF log with one run; rules carry their docs, results their figures."""
    described = {c.rule.id: c.rule for c in rules.rules} if rules else {}
    used = list(dict.fromkeys(f.rule for f in report.findings))
    descriptors = [_descriptor(rule_id, described.get(rule_id), report) for rule_id in used]
    index = {rule_id: n for n, rule_id in enumerate(used)}
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
            "results": [_result(f, index[f.rule]) for f in report.findings],
        }],
    }


def _descriptor(rule_id: str, rule: Any, report: Report) -> dict[str, Any]:
    if rule is None:
        name = next(f.name for f in report.findings if f.rule == rule_id)
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
    return json.dumps(report_to_sarif(report, rules), ensure_ascii=False, indent=2)
