"""The example tables against their golden findings: what a careful reviewer finds, and what is right."""

from __future__ import annotations

import pytest
from conftest import golden_cases

from jxlint.api import lint

RANK = {"info": 0, "warning": 1, "error": 2}
CASES = golden_cases()


def _matches(finding, expectation) -> bool:
    if expectation["project"] not in (finding.project or ""):
        return False
    if expectation.get("indicator") and expectation["indicator"] not in (finding.indicator or ""):
        return False
    return finding.category == expectation["category"]


@pytest.fixture(scope="module")
def reports():
    return {path.name: lint(path) for path, _ in CASES}


@pytest.mark.parametrize("path,expected", CASES, ids=[p.stem for p, _ in CASES])
def test_tables_and_budgets(reports, path, expected):
    report = reports[path.name]
    for table in expected["tables"]:
        hits = [t for t in report.tables if table["project"] in t.project]
        assert hits, f"table {table['project']} not read"
        assert hits[0].plan_year == expected["plan_year"]
        if "budget_yuan" in table:
            assert hits[0].funding.budget_yuan == pytest.approx(table["budget_yuan"], abs=0.5)
        if "components_yuan" in table:
            assert sum(hits[0].funding.components_yuan) == pytest.approx(table["components_yuan"], abs=0.5)
        if "executed_yuan" in table:
            assert hits[0].funding.executed_yuan == pytest.approx(table["executed_yuan"], abs=0.5)
    assert len(report.tables) == len(expected["tables"])


@pytest.mark.parametrize("path,expected", CASES, ids=[p.stem for p, _ in CASES])
def test_must_find(reports, path, expected):
    """Every expectation counts: a category with no rule (a pack deleted or renamed) fails here, it is
    never passed over."""
    findings = reports[path.name].findings
    missed = [
        e for e in expected["must_find"]
        if not any(_matches(f, e) and RANK[f.severity] >= RANK[e["severity"]] for f in findings)
    ]
    assert not missed, "\n".join(f"MISSED {e['category']} {e['project']} {e.get('indicator', '')}: {e['why']}" for e in missed)


@pytest.mark.parametrize("path,expected", CASES, ids=[p.stem for p, _ in CASES])
def test_must_not_find(reports, path, expected):
    findings = reports[path.name].findings
    alarms = [(e, f) for e in expected["must_not_find"] for f in findings if _matches(f, e)]
    assert not alarms, "\n".join(f"FALSE ALARM {f.rule} {f.message} (truth: {e['why']})" for e, f in alarms)


def test_every_golden_category_has_rules(rules):
    """The golden files name categories; each must have rules loaded, or its expectations mean nothing."""
    categories = {e["category"] for _, expected in CASES for e in expected["must_find"] + expected["must_not_find"]}
    loaded = {compiled.rule.category for compiled in rules.rules}
    assert categories <= loaded, f"no rules loaded for {sorted(categories - loaded)}"
