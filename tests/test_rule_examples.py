"""Every rule's documented examples, run for real: the passing one gives no finding, the failing one does."""

from __future__ import annotations

import json

import pytest

from jxlint.check.engine import RuleSet, load_rules, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.pack import pack_schema
from jxlint.resources import data_dir

LOADED = load_rules(include_disabled=True, with_cases=True)
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


@pytest.mark.parametrize(
    "rule,row,found",
    [
        ("VALUE006", ["产出指标", "时效指标", "办结时限", "≤5个工作日"], False),
        ("VALUE006", ["产出指标", "时效指标", "项目周期", "≤1年"], False),
        ("VALUE006", ["产出指标", "时效指标", "资金拨付及时率", "≥95%"], False),
        ("VALUE006", ["产出指标", "时效指标", "项目完成时间", "≥5个"], True),
        ("STRUCT004", ["满意度指标", "满意度指标", "企业满意度", "≥90%"], False),
        ("STRUCT004", ["产出指标", "满意度指标", "企业满意度", "≥90%"], True),
        ("VALUE005", ["产出指标", "成本指标", "人均培训成本", "≤500元/人"], False),
        ("VALUE005", ["产出指标", "成本指标", "成本节约率", "≥5%"], False),
    ],
)
def test_rules_on_more_template_forms(rule, row, found):
    from jxlint.check.pack import Example

    compiled = LOADED.by_id(rule)
    findings = run_rules(RuleSet([compiled]), table_from_example(Example(indicators=[row])))
    assert bool(findings) == found, [f.message for f in findings]


CASES = [(compiled, case) for compiled in ALL_RULES for case in compiled.rule.cases]


@pytest.mark.parametrize("compiled,case", CASES, ids=[f"{c.rule.id}: {case.name}" for c, case in CASES])
def test_named_case(compiled, case):
    """A rule's named case: the findings it expects (indicator and message part), and no others."""
    findings = run_rules(RuleSet([compiled]), table_from_example(case.table))
    assert len(findings) == len(case.expect), [f.message for f in findings]
    for finding, expected in zip(findings, case.expect):
        if expected.indicator is not None:
            assert expected.indicator in (finding.indicator or ""), finding.indicator
        if expected.message is not None:
            assert expected.message in finding.message, finding.message


#: Rules whose cases cannot be files or tables: JXL002 is an error of jxlint's own, which no input should give.
NO_CASES = {"JXL002"}


def test_every_rule_has_three_cases_that_find_and_that_stay_silent():
    """Besides its docs examples, every rule carries three named cases or more: one that finds, one that does not."""
    rules = [c.rule for c in ALL_RULES] + list(LOADED.file_rules.values())
    for rule in rules:
        if rule.id in NO_CASES:
            continue
        assert len(rule.cases) >= 3, rule.id
        assert any(c.expect for c in rule.cases) and any(not c.expect for c in rule.cases), rule.id
    assert {c.rule.id for c in ALL_RULES} | {r.id for r in LOADED.file_rules.values()} >= NO_CASES


def test_every_python_check_is_registered_under_its_rules_name():
    """One spelling per rule: a rule's ``check`` is its name, and no registered function serves no rule."""
    from jxlint.check.registry import load_checks

    python_rules = {c.rule.name for c in ALL_RULES if c.rule.check is not None}
    assert all(c.rule.check == c.rule.name for c in ALL_RULES if c.rule.check is not None)
    assert set(load_checks()) == python_rules


FILE_RULES = sorted(LOADED.file_rules.values(), key=lambda r: r.id)
FILE_CASES = [(rule, case) for rule in FILE_RULES for case in rule.cases]


@pytest.mark.parametrize("rule,case", FILE_CASES, ids=[f"{r.id}: {case.name}" for r, case in FILE_CASES])
def test_named_file_case(rule, case, tmp_path):
    """A file rule's case: the file linted under the default rules gives the findings of this rule it expects."""
    from jxlint.api import Linter

    path = tmp_path / case.file.name
    path.write_bytes(case.file.content())
    findings = [f for f in Linter().lint_file(path).findings if f.rule == rule.id]
    assert len(findings) == len(case.expect), [f.message for f in findings]
    for finding, expected in zip(findings, case.expect):
        assert expected.message is None or expected.message in finding.message, finding.message


def test_file_rules_are_rules_like_the_others(capsys):
    """READ001, READ003–005, JXL001 and JXL002 come from the packs, each made by one registered function."""
    from jxlint.check.file_findings import FILE_RULES as MADE_BY
    from jxlint.cli import main

    assert {r.id for r in FILE_RULES} == {"READ001", "READ003", "READ004", "READ005", "JXL001", "JXL002"}
    assert set(MADE_BY) == {r.name for r in FILE_RULES}
    for rule in FILE_RULES:
        assert main(["explain", rule.id]) == 0
        assert f"Implemented by: {MADE_BY[rule.name].__module__}." in capsys.readouterr().out


def test_every_rule_names_the_catalogue_entry_it_implements():
    """Each rule's docs source names a DOMAIN_RULES id (DATE-001), or says none and why, so coverage can be counted."""
    import re

    rules = [c.rule for c in ALL_RULES] + list(LOADED.file_rules.values())
    unnamed = [r.id for r in rules if not re.search(r"DOMAIN_RULES (?:[A-Z]+-\d{3}|none \()", r.docs.source)]
    assert unnamed == []
