"""Every rule's documented examples, run for real: the passing one gives no finding, the failing one does."""

from __future__ import annotations

import json

import pytest

from jxlint.check.engine import RuleSet, load_rules, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.pack import pack_schema
from jxlint.resources import data_dir

LOADED = load_rules(include_disabled=True)
ALL_RULES = LOADED.rules


def test_every_shipped_pack_loads():
    assert LOADED.errors == []


@pytest.mark.parametrize("compiled", ALL_RULES, ids=[c.rule.id for c in ALL_RULES])
def test_passing_example_passes(compiled):
    table = table_from_example(compiled.rule.docs.passing)
    findings = run_rules(RuleSet([compiled]), table)
    assert findings == [], [f.message for f in findings]


@pytest.mark.parametrize("compiled", ALL_RULES, ids=[c.rule.id for c in ALL_RULES])
def test_failing_example_fails(compiled):
    table = table_from_example(compiled.rule.docs.failing)
    findings = run_rules(RuleSet([compiled]), table)
    assert findings, f"{compiled.rule.id} found nothing in its failing example"
    for finding in findings:
        assert finding.rule == compiled.rule.id
        assert "{" not in finding.message, f"unfilled figure in {finding.message!r}"
    english = run_rules(RuleSet([compiled]), table, lang="en")
    assert all("{" not in f.message for f in english)


def test_rule_ids_and_names_are_unique():
    ids = [c.rule.id for c in ALL_RULES]
    names = [c.rule.name for c in ALL_RULES]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    assert all(c.rule.name.split(".")[0] == c.rule.category for c in ALL_RULES)


def test_published_schema_is_current():
    published = json.loads((data_dir("rules") / "schema.json").read_text(encoding="utf-8"))
    assert published == pack_schema(), "run: jxlint schema > rules/schema.json"


def test_readme_lists_every_rule():
    readme = (data_dir("rules").parent / "README.md").read_text(encoding="utf-8")
    missing = [c.rule.id for c in ALL_RULES if f"| {c.rule.id} | {c.rule.name} |" not in readme]
    assert missing == [], f"add to the README's rule table: {missing}"
