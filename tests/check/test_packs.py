"""Rule packs: a malformed pack is reported by file name and the others still load."""

from __future__ import annotations

import textwrap

import pytest

from jxlint.check.engine import load_rules
from jxlint.check.pack import PackError, load_pack

GOOD = textwrap.dedent("""
    pack: bureau
    rules:
      - id: LOCAL001
        name: value.bureau-satisfaction-floor
        category: value
        severity: warning
        scope: value
        params: {floor: 95}
        options: {floor: {type: number, description: "the lowest satisfaction target accepted, in percent"}}
        where: {dimension: 满意度, value.unit: "%"}
        forbid: {value.number: {lt: $floor}}
        message: {zh: "满意度目标“{value}”低于 {floor}%", en: "satisfaction “{value}” below {floor}%"}
        docs:
          summary: Our bureau wants 95%.
          source: local practice
          passing: {indicators: [[满意度指标, 服务对象满意度指标, 企业满意度, ≥95%]]}
          failing: {indicators: [[满意度指标, 服务对象满意度指标, 企业满意度, ≥90%]]}
""")


def test_a_bureau_pack_adds_a_rule_without_python(tmp_path):
    pack = tmp_path / "bureau.yaml"
    pack.write_text(GOOD, encoding="utf-8")
    ruleset = load_rules([pack], select=["LOCAL"])
    assert [c.rule.id for c in ruleset.rules] == ["LOCAL001"]
    assert not ruleset.errors


@pytest.mark.parametrize(
    "text,problem",
    [
        ("pack: x\nrules: [", "not valid YAML"),
        ("pack: x\nrules:\n  - id: lower\n", "invalid rule pack"),
        (GOOD.replace("forbid:", "expect_not:"), "invalid rule pack"),
        (GOOD.replace("{floor}%\", en", "{floor.real}%\", en"), "plain name"),
        ("pack: x\nreleased: 2025-12-31\nrules: []\n", "invalid rule pack"),  # a YAML date: no JSON form to cache
    ],
)
def test_malformed_packs_name_the_file(tmp_path, text, problem):
    pack = tmp_path / "broken.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=problem) as caught:
        load_pack(pack)
    assert str(pack) in str(caught.value)
    ruleset = load_rules([pack])
    assert len(ruleset.errors) == 1 and str(pack) in ruleset.errors[0]
    assert ruleset.rules, "the shipped packs still load"


def test_unknown_check_function_is_reported(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(GOOD.replace("forbid: {value.number: {lt: $floor}}", "check: no_such_check"), encoding="utf-8")
    ruleset = load_rules([pack])
    assert any("no_such_check" in e for e in ruleset.errors)


def test_yaml_cache_gives_the_same_data_and_survives_damage(tmp_path, monkeypatch):
    from jxlint.resources import YamlError, load_yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "a: [1, 2]\nb: {c: 中文}\n"
    assert load_yaml(text) == load_yaml(text) == {"a": [1, 2], "b": {"c": "中文"}}
    cached = next(tmp_path.glob("jxlint/yaml-*.json"))
    cached.write_text("{broken", encoding="utf-8")
    assert load_yaml(text) == {"a": [1, 2], "b": {"c": "中文"}}
    with pytest.raises(YamlError):
        load_yaml("a: [")


def test_a_message_naming_no_figure_of_the_finding_is_refused_when_the_pack_loads(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(GOOD.replace("{floor}%\", en", "{flor}%\", en"), encoding="utf-8")
    ruleset = load_rules([pack])
    assert any(str(pack) in e and "['flor']" in e and "no finding" in e for e in ruleset.errors), ruleset.errors
    assert not any(c.rule.id == "LOCAL001" for c in ruleset.rules)
