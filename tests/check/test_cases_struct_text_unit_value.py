"""The structure, text, unit and value packs: every rule has named cases that can fail and names its catalogue entry."""

from __future__ import annotations

import re

import pytest

from jxlint.check.engine import load_rules

PACKS = ("structure", "text", "unit", "value")
RULES = [c.rule for c in load_rules(include_disabled=True, with_cases=True).rules if c.rule.pack in PACKS]
# "DOMAIN_RULES VALUE-002", "DOMAIN_RULES TEXT-001 (…)" or "DOMAIN_RULES none (why)".
CATALOGUE_REFERENCE = re.compile(r"DOMAIN_RULES (?:(?:STRUCT|TEXT|UNIT|VALUE|DATE|ARITH|BUDGET|ASSESS)-\d{3}|none \(.+\))")


def test_the_packs_are_loaded():
    assert {rule.pack for rule in RULES} == set(PACKS)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_cases_that_find_and_that_stay_silent(rule):
    names = [case.name for case in rule.cases]
    assert len(names) >= 3, f"{rule.id} has {len(names)} named cases"
    assert len(set(names)) == len(names), f"{rule.id} repeats a case name"
    assert any(case.expect for case in rule.cases), f"{rule.id} has no case that must find"
    assert any(not case.expect for case in rule.cases), f"{rule.id} has no case that must stay silent"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_names_its_catalogue_entry(rule):
    assert CATALOGUE_REFERENCE.search(rule.docs.source), f"{rule.id}: {rule.docs.source!r}"
