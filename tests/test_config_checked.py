"""The configuration is checked: a code, severity or parameter that names nothing is a usage error
(exit 2) with the closest spelling; and the choices mean what the docs say (``select`` replaces,
a prefix never switches on a rule that is off)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import rules_found
from conftest import run_cli as run
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import Linter
from jxlint.check.engine import load_rules
from jxlint.check.selection import chosen, unknown_choices
from jxlint.config import Config, ConfigError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BINHAI = EXAMPLES / "binhai-2025-project-targets.txt"
ALL = load_rules(include_disabled=True).available




def test_select_of_no_rule_exits_2_and_names_the_families(capsys):
    status, out, err = run(capsys, "check", "--select", "NOPE", EXAMPLES)
    assert status == 2 and out == ""
    assert "'NOPE'" in err and "DATE" in err and "STRUCT" in err


@pytest.mark.parametrize("option,code,hint", [
    ("--select", "DATEE", "'DATE'"),
    ("--ignore", "date.deadline-befor-plan-year", "'date.deadline-before-plan-year'"),
    ("--extend-select", "VALUE0003", "'VALUE003'"),
    ("--select", "strucure", "'structure'"),
])
def test_a_mistyped_code_on_the_command_line_gets_the_closest_spelling(capsys, option, code, hint):
    status, _, err = run(capsys, "check", option, code, BINHAI)
    assert status == 2
    assert f"{option}: no rule" in err and f"did you mean {hint}?" in err


def test_rules_and_annotate_check_their_codes_too(capsys, tmp_path):
    assert run(capsys, "rules", "--select", "STRCT")[0] == 2
    status, _, err = run(capsys, "annotate", BINHAI, "-o", tmp_path / "out.xlsx", "--ignore", "UNIT0001")
    assert status == 2 and "UNIT0001" in err and not (tmp_path / "out.xlsx").exists()


def test_every_mistake_in_a_config_file_is_named_with_the_file(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(BINHAI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "jxlint.toml").write_text(
        'ignore = ["DATEE"]\nseverity = {DATE01 = "warning"}\n'
        'params = {BUDGET001 = {tolerance_yaun = 5}, DATE004 = {long_term_words = 5}, NOPE001 = {a = 1}}\n'
        '[per-file-ignores]\n"*.txt" = ["STRCT"]\n', encoding="utf-8")
    status, out, err = run(capsys, "check", tmp_path)
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert all(str(tmp_path / "jxlint.toml") in line for line in lines)
    for expected in ("ignore: no rule id, prefix, name or category 'DATEE'; did you mean 'DATE'?",
                     "severity: no rule id or name 'DATE01'; did you mean 'DATE001'?",
                     "BUDGET001 has no parameter 'tolerance_yaun'; did you mean 'tolerance_yuan'?",
                     "DATE004.long_term_words must be a regular expression, not 5",
                     "params: no rule id or name 'NOPE001'",
                     "per-file-ignores '*.txt': no rule id, prefix, name or category 'STRCT'; did you mean 'STRUCT'?"):
        assert any(expected in line for line in lines), expected
    assert len(lines) == 6


def test_the_library_raises_for_a_configuration_naming_no_rule():
    with pytest.raises(ConfigError, match="did you mean 'tolerance_yuan'"):
        Linter().rules_for(Config(params={"BUDGET001": {"tolerance_yaun": 5}}))


def test_a_right_configuration_passes_the_check():
    config = Config(select=["DATE", "unit", "budget.costs-exceed-budget"], ignore=["DATE004"],
                    severity={"UNIT001": "warning"}, params={"BUDGET001": {"tolerance_yuan": 500}},
                    per_file_ignores={"drafts/*": ["STRUCT"]})
    rules = Linter().rules_for(config).rules
    assert {c.rule.id for c in rules} >= {"DATE001", "UNIT001", "BUDGET001"} and "DATE004" not in {c.rule.id for c in rules}
    assert next(c for c in rules if c.rule.id == "UNIT001").rule.severity == "warning"


def test_select_by_prefix_never_switches_on_a_rule_that_is_off(capsys):
    """VALUE003 is off by default: ``--select VALUE`` keeps it off, ``--select VALUE003`` turns it on."""
    _, by_prefix, _ = run(capsys, "check", "--format", "json", "--select", "VALUE", BINHAI)
    _, by_category, _ = run(capsys, "check", "--format", "json", "--select", "value", BINHAI)
    _, by_id, _ = run(capsys, "check", "--format", "json", "--select", "VALUE003", BINHAI)
    assert "VALUE003" not in rules_found(by_prefix) | rules_found(by_category)
    assert rules_found(by_id) == {"VALUE003"}


def test_select_on_the_command_line_replaces_the_configs(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(BINHAI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "jxlint.toml").write_text('select = ["DATE"]\n', encoding="utf-8")
    _, from_config, _ = run(capsys, "check", "--format", "json", tmp_path)
    _, replaced, _ = run(capsys, "check", "--format", "json", "--select", "UNIT", tmp_path)
    assert rules_found(from_config) == {"DATE001"}
    assert rules_found(replaced) == {"UNIT001"}


# ------------------------------------------------------------------- properties of the choice

codes = st.sampled_from(sorted({r.id for r in ALL} | {r.id[:4] for r in ALL} | {r.category for r in ALL}
                               | {r.name for r in ALL}))


@settings(max_examples=200, deadline=None)
@given(st.lists(codes, max_size=3), st.lists(codes, max_size=3), st.lists(codes, max_size=2))
def test_choosing_rules_obeys_its_laws(select, ignore, extend):
    """Ignore always wins; an off rule runs only when named; select chooses within the defaults."""
    for rule in ALL:
        runs = chosen(rule, select, ignore, extend)
        if any(rule.id.startswith(c) or c in (rule.name, rule.category) for c in ignore):
            assert not runs
        if not rule.enabled and runs:
            assert rule.id in select + extend or rule.name in select + extend
        if not select and not extend and rule.enabled and not ignore:
            assert runs
    assert unknown_choices(ALL, select=select, ignore=ignore, extend_select=extend) == []


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_code_is_refused_exactly_when_it_chooses_nothing(code):
    chooses = any(r.id.startswith(code) or code in (r.name, r.category) for r in ALL)
    assert bool(unknown_choices(ALL, select=[code])) != chooses


@pytest.mark.parametrize("text", ['select = ["UNIT"]\n', '[tool.jxlint]\nselect = ["UNIT"]\n'])
def test_a_jxlint_toml_may_hold_its_keys_at_the_top_or_under_tool_jxlint(capsys, tmp_path, text):
    (tmp_path / "t.txt").write_text(BINHAI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "jxlint.toml").write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "check", "--format", "json", tmp_path)
    assert rules_found(out) == {"UNIT001"} and status == 1


def test_the_readme_configuration_example_is_a_valid_jxlint_toml(tmp_path):
    from jxlint.config import load_config

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "jxlint.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "jxlint.toml")
    assert config.select and Linter().rules_for(config).rules
