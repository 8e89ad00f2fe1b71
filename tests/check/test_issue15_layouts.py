"""Issue 15, structure/value/unit/budget/arithmetic: both cost layouts through every rule touched.

The same defects are written once in the 88号 layout (成本指标 as a 二级 of 产出) and once in the
101号 layout (一级 成本指标 with 经济成本 / 社会成本 / 生态环境成本), read by the real reader
from text, and linted by all rules: each rule must find its defect in both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jxlint.check.engine import RuleSet, load_rules, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.pack import Example
from jxlint.model.build import build_tables
from jxlint.read import read_path

RULES = load_rules()

HEAD = """项目名称\t培训项目
主管部门\t
实施单位\t某中心
资金总额（万元）\t300
年度绩效目标\t开展企业知识产权保护培训，提高企业保护意识。
一级指标\t二级指标\t三级指标\t指标值\t指标值设定依据
产出指标\t数量指标\t培训人数\t≥*人\t计划标准
\t数量指标\t培训场次\t≥20场\t
\t质量指标\t培训合格率\t\t
\t时效指标\t完成时间\t100%\t计划标准
"""
TAIL = """效益指标\t社会效益指标\t企业保护意识\t明显提升\t历史标准
满意度指标\t服务对象满意度指标\t企业满意度\t≥90%\t行业标准
"""
# The cost rows: (三级, 指标值); the last one left empty.
COSTS = [("培训成本", "≥5万元"), ("本金损失部分", "≤40%"), ("管理成本", "较低"), ("项目总成本", "≤28元"),
         ("培训费", "≤20次"), ("", "")]


def _layout_88() -> str:
    rows = [f"\t成本指标\t{name}\t{value}\t计划标准" for name, value in COSTS]
    return HEAD + "\n".join(rows) + "\n" + TAIL


def _layout_101() -> str:
    rows = [f"成本指标\t经济成本指标\t{name}\t{value}\t计划标准" for name, value in COSTS]
    rows += ["\t社会成本指标\t占用耕地\t≤0亩\t计划标准", "\t生态环境成本指标\t新增碳排放\t无\t计划标准"]
    return HEAD + "\n".join(rows) + "\n" + TAIL


def _layout_repeated() -> str:
    """成本指标 / 成本指标: the 二级 repeating the 一级."""
    rows = [f"成本指标\t成本指标\t{name}\t{value}\t计划标准" for name, value in COSTS]
    return HEAD + "\n".join(rows) + "\n" + TAIL


LAYOUTS = {"88": _layout_88, "101": _layout_101, "repeated": _layout_repeated}

#: (rule, indicator label) every layout must report.
EXPECTED = [
    ("STRUCT017", None),  # 主管部门 printed and blank
    ("STRUCT016", "培训合格率"),
    ("VALUE001", "培训人数"),
    ("UNIT011", "完成时间"),
    ("VALUE004", "培训成本"),
    ("VALUE005", "本金损失部分"),
    ("VALUE002", "管理成本"),
    ("UNIT005", "项目总成本"),
    ("UNIT010", "培训费"),
    ("VALUE017", "培训场次"),
]


def _findings(text: str, tmp_path: Path):
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    tables = [t for group in read_path(path) for t in build_tables(group)]
    assert len(tables) == 1
    return tables[0], run_rules(RULES, tables[0])


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_rule_finds_its_defect_in_each_layout(layout, tmp_path):
    table, findings = _findings(LAYOUTS[layout](), tmp_path)
    found = {(f.rule, f.indicator) for f in findings}
    missing = [(rule, label) for rule, label in EXPECTED
               if not any(r == rule and (label is None or i == label) for r, i in found)]
    assert missing == [], sorted(found)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_empty_cost_row_is_reported(layout, tmp_path):
    _, findings = _findings(LAYOUTS[layout](), tmp_path)
    empty = [f for f in findings if f.rule == "STRUCT003"]
    assert len(empty) == 1 and "成本指标一行没有填写" in empty[0].message


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_no_layout_is_a_misfiled_level2(layout, tmp_path):
    _, findings = _findings(LAYOUTS[layout](), tmp_path)
    assert [f.message for f in findings if f.rule == "STRUCT004"] == []


def test_the_101_cost_rows_are_read_by_kind(tmp_path):
    table, _ = _findings(_layout_101(), tmp_path)
    kinds = {i.name: i.cost_kind for i in table.indicators if i.dimension == "成本"}
    assert kinds["培训成本"] == "money" and kinds["占用耕地"] == "social" and kinds["新增碳排放"] == "ecological"


def test_social_and_ecological_costs_need_no_money(tmp_path):
    _, findings = _findings(_layout_101(), tmp_path)
    assert [(f.rule, f.indicator) for f in findings if f.indicator in ("占用耕地", "新增碳排放")] == []


def test_the_basis_column_is_read_only_where_the_grid_has_it(tmp_path):
    table, _ = _findings(_layout_88(), tmp_path)
    by_name = {i.name: i.basis for i in table.indicators}
    assert by_name["培训人数"] == "计划标准" and by_name["培训场次"] == ""
    plain = Example(indicators=[["产出指标", "数量指标", "培训次数", "≥2次"]])
    assert table_from_example(plain).indicators[0].basis is None


def test_a_bare_wan_under_economic_cost_is_money(tmp_path):
    """Before the reader knew the 101号 二级, ≤5万 under 经济成本指标 was read as a count and VALUE005 fired."""
    text = HEAD.replace("≥*人", "≥200人") + "成本指标\t经济成本指标\t场地租用\t≤5万\t计划标准\n" + TAIL
    table, findings = _findings(text, tmp_path)
    rent = next(i for i in table.indicators if i.name == "场地租用")
    assert rent.target.unit == "万元"
    assert [f for f in findings if f.rule == "VALUE005"] == []


def _one_rule(rule_id: str, **example):
    return run_rules(RuleSet([RULES.by_id(rule_id)]), table_from_example(Example(**example)))


@pytest.mark.parametrize("cost", [["产出指标", "成本指标"], ["成本指标", "经济成本指标"]])
def test_half_year_plan_above_the_budget(cost):
    rows = [[*cost, "培训成本", "≤54万元"]]
    over = _one_rule("ARITH003", money_unit="万元", budget=54, half_year_plan=60.8, indicators=rows)
    within = _one_rule("ARITH003", money_unit="万元", budget=54, half_year_plan=54, indicators=rows)
    assert [f.message for f in over] == ["“半年计划”执行数 60.8 大于预算数 54（万元）"]
    assert within == []


@pytest.mark.parametrize("cost", [["产出指标", "成本指标"], ["成本指标", "经济成本指标"]])
def test_cost_sums_in_both_layouts(cost):
    rows = [["产出指标", "数量指标", "培训场次", "≥6场"], [*cost, "每场培训成本", "≤0.5万元"]]
    assert len(_one_rule("BUDGET001", budget=29998, indicators=rows)) == 1
    assert _one_rule("BUDGET001", budget=30000, indicators=rows) == []
    total = [[*cost, "项目总成本", "≤95万元"]]
    assert len(_one_rule("BUDGET003", budget=900000, indicators=total)) == 1


@pytest.mark.parametrize("cost", [["产出指标", "成本指标"], ["成本指标", "经济成本指标"]])
def test_actual_costs_against_the_spend_in_both_layouts(cost):
    rows = [[*cost, "培训成本", "≤50万元", "52万元", "", "10", "10"],
            [*cost, "场地成本", "≤50万元", "30万元", "", "10", "10"]]
    found = _one_rule("ARITH008", money_unit="万元", budget=100, executed=90, execution_rate="90%", indicators=rows)
    assert len(found) == 1 and "52 + 30 = 82" in found[0].message


@pytest.mark.parametrize("cost", [["产出指标", "成本指标"], ["成本指标", "经济成本指标"]])
def test_a_table_with_only_a_cost_row_has_a_cost(cost):
    rows = [["产出指标", "数量指标", "培训场次", "≥6场"], [*cost, "每场培训成本", "≤0.5万元"]]
    assert _one_rule("STRUCT002", indicators=rows) == []
    assert len(_one_rule("STRUCT002", indicators=rows[:1])) == 1
