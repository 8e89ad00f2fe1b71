"""Each rule's parameters are typed and described in its pack (``options``), the defaults fit their
types, a pack that leaves a parameter undescribed or mistyped is refused, and so is a configuration
that gives a parameter a value of the wrong type."""

from __future__ import annotations

import textwrap

import pytest

from jxlint.check.engine import UnknownChoice, load_rules
from jxlint.check.pack import PackError, fits, load_pack
from jxlint.check.selection import unknown_choices
from jxlint.cli import main

RULES = load_rules(include_disabled=True).available
WITH_PARAMS = [rule for rule in RULES if rule.params]

#: The parameters that only pick a case of a check shared by several rules.
VARIANT_PARAMS = {("ASSESS001", "reason"), ("ASSESS002", "reason"), ("ASSESS003", "reason"),
                  ("ASSESS004", "marked_done"), ("ASSESS005", "marked_done"),
                  ("DATE005", "side"), ("DATE006", "side")}

MADE_UP = textwrap.dedent("""
    pack: bureau
    rules:
      - id: LOCAL001
        name: value.bureau-satisfaction-floor
        category: value
        severity: warning
        scope: value
        params: {floor: 95, names: "满意度$"}
        options:
          floor: {type: number, description: "The lowest satisfaction target, in percent."}
          names: {type: pattern, description: "The names of satisfaction rows."}
        where: {dimension: 满意度, value.unit: "%", name: {matches: $names}}
        forbid: {value.number: {lt: $floor}}
        message: {zh: "满意度目标“{value}”低于 {floor}%", en: "satisfaction “{value}” below {floor}%"}
        docs:
          summary: Our bureau wants 95%.
          source: local practice
          passing: {indicators: [[满意度指标, 服务对象满意度指标, 企业满意度, ≥95%]]}
          failing: {indicators: [[满意度指标, 服务对象满意度指标, 企业满意度, ≥90%]]}
""")


def _write(tmp_path, text):
    pack = tmp_path / "bureau.yaml"
    pack.write_text(text, encoding="utf-8")
    return pack


def test_the_shipped_packs_have_rules_with_params():
    assert len(WITH_PARAMS) >= 50


@pytest.mark.parametrize("rule", WITH_PARAMS, ids=lambda rule: rule.id)
def test_every_param_is_described_and_its_default_fits_its_type(rule):
    assert set(rule.options) == set(rule.params)
    for name, option in rule.options.items():
        assert fits(rule.params[name], option.type), f"{rule.id}.{name}: {rule.params[name]!r} is no {option.type}"
        assert len(option.description.split()) >= 5 and option.description.endswith("."), f"{rule.id}.{name}"


@pytest.mark.parametrize("rule_id,name", sorted(VARIANT_PARAMS))
def test_a_param_that_picks_a_shared_checks_case_says_so(rule_id, name):
    rule = next(r for r in RULES if r.id == rule_id)
    description = rule.options[name].description
    assert "which case of the shared" in description.lower() and "not meant to be changed" in description


@pytest.mark.parametrize(
    "value,kind,expected",
    [
        (3, "integer", True), (3.5, "integer", False), (True, "integer", False),
        (3, "number", True), (0.6, "number", True), (True, "number", False), ("0.6", "number", False),
        (False, "boolean", True), (0, "boolean", False),
        ("率$", "pattern", True), ("率(", "pattern", False), (5, "pattern", False),
        ("每平均", "text", True), (["数量"], "list", True), ({"优": 90}, "table", True), ([], "table", False),
    ],
)
def test_fits(value, kind, expected):
    assert fits(value, kind) is expected


def test_a_made_up_pack_with_typed_options_loads(tmp_path):
    rule = load_pack(_write(tmp_path, MADE_UP)).rules[0]
    assert rule.options["floor"].type == "number" and rule.options["names"].type == "pattern"


@pytest.mark.parametrize(
    "old,new,problem",
    [
        ('floor: 95, names: "满意度$"', 'floor: "95", names: "满意度$"', "default of floor is not of its type number"),
        ('names: "满意度$"}', 'names: "满意度("}', "default of names is not of its type pattern"),
        ("floor: {type: number", "floor: {type: whole", "options.floor.type"),
        ('      names: {type: pattern, description: "The names of satisfaction rows."}\n', "",
         r"params \['names'\] are not described in options"),
        ('params: {floor: 95, names: "满意度$"}', 'params: {floor: 95, names: "满意度$", unit: "%"}',
         r"params \['unit'\] are not described in options"),
        ('params: {floor: 95, names: "满意度$"}', "params: {floor: 95}", r"options \['names'\] have no default"),
    ],
)
def test_a_pack_whose_options_do_not_match_its_params_is_refused(tmp_path, old, new, problem):
    assert old in MADE_UP
    pack = _write(tmp_path, MADE_UP.replace(old, new))
    with pytest.raises(PackError, match=problem) as caught:
        load_pack(pack)
    assert str(pack) in str(caught.value)


def test_an_integer_option_takes_a_whole_default_and_refuses_a_fraction(tmp_path):
    integer = MADE_UP.replace("floor: {type: number", "floor: {type: integer")
    assert load_pack(_write(tmp_path, integer)).rules[0].params["floor"] == 95
    with pytest.raises(PackError, match="default of floor is not of its type integer"):
        load_pack(_write(tmp_path, integer.replace("floor: 95,", "floor: 95.5,")))


@pytest.mark.parametrize(
    "rule_id,name,value,wanted",
    [
        ("BUDGET001", "tolerance_yuan", "1000", "a number"),
        ("STRUCT009", "minimum", [3], "a whole number"),
        ("STRUCT009", "minimum", 2.5, "a whole number"),
        ("DATE004", "long_term_words", 5, "a regular expression"),
        ("DATE004", "long_term_words", "十四五|(", "a regular expression"),
        ("ASSESS005", "marked_done", 1, "true or false"),
        ("STRUCT001", "required", "产出", "a list"),
        ("ASSESS016", "bands", [90, 80], "a table"),
    ],
)
def test_the_configuration_check_refuses_a_param_of_the_wrong_type(rule_id, name, value, wanted):
    problems = unknown_choices(RULES, params={rule_id: {name: value}})
    assert len(problems) == 1 and f"{rule_id}.{name} must be {wanted}" in problems[0]
    with pytest.raises(UnknownChoice):
        load_rules(params={rule_id: {name: value}})


def test_the_configuration_check_takes_a_param_of_the_right_type():
    assert unknown_choices(RULES, params={"BUDGET001": {"tolerance_yuan": 500.5, "tolerance_ratio": 0.05},
                                          "STRUCT009": {"minimum": 5}}) == []


def test_explain_prints_each_option_with_its_type_and_description(capsys):
    budget = next(rule for rule in RULES if rule.id == "BUDGET001")
    assert main(["explain", "BUDGET001"]) == 0
    out = capsys.readouterr().out
    assert "Options" in out
    lines = out.splitlines()
    for name, option in budget.options.items():
        line = next((text for text in lines if text.startswith(f"  {name} (")), None)
        assert line is not None, name
        assert line.startswith(f"  {name} ({option.type}, default ") and line.endswith(f": {option.description}")
