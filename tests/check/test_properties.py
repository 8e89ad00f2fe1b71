"""Properties of the rule engine on generated tables (hypothesis): units, row order, the budget line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.check.engine import load_rules, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.pack import Example

RULES = load_rules()
UNITS = ["场", "家", "份", "次", "套"]


@st.composite
def cost_tables(draw):
    """A project table: per-unit costs with their quantities, per-month costs and totals, in 元."""
    rows, costs = [], []
    for n, unit in enumerate(draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=4, unique=True))):
        count = draw(st.integers(1, 20))
        price = draw(st.integers(1, 500)) * 100
        rows.append(["产出指标", "数量指标", f"开展第{n}类活动", f"≥{count}{unit}"])
        costs.append((f"每{unit}第{n}类活动费用", price, count))
    for n in range(draw(st.integers(0, 2))):
        costs.append((f"每月第{n}项运行维护费用", draw(st.integers(1, 300)) * 100, 12))
    for n in range(draw(st.integers(0, 2))):
        costs.append((f"第{n}项咨询服务费用", draw(st.integers(1, 900)) * 100, 1))
    rows += [["效益指标", "社会效益指标", "服务质量", "明显提升"], ["满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"]]
    total = sum(price * times for _, price, times in costs)
    budget = total + draw(st.integers(-total // 2, total // 2)) // 100 * 100
    return rows, costs, max(budget, 100)


def _example(rows, costs, budget, money_unit="元", order=None):
    scale = 10000 if money_unit == "万元" else 1
    cost_rows = [["产出指标", "成本指标", name, f"≤{_figure(price / scale)}{money_unit}"] for name, price, _ in costs]
    indicators = rows + cost_rows
    if order is not None:
        indicators = [indicators[i] for i in order]
    return Example(money_unit=money_unit, budget=budget / scale, indicators=indicators)


def _figure(number: float) -> str:
    return f"{number:.4f}".rstrip("0").rstrip(".")


def _findings(example: Example) -> set[tuple[str, str | None]]:
    return {(f.rule, f.indicator) for f in run_rules(RULES, table_from_example(example))}


@settings(max_examples=60, deadline=None)
@given(cost_tables())
def test_money_in_wan_yuan_gives_the_same_findings(case):
    rows, costs, budget = case
    assert _findings(_example(rows, costs, budget)) == _findings(_example(rows, costs, budget, "万元"))


@settings(max_examples=60, deadline=None)
@given(cost_tables(), st.randoms(use_true_random=False))
def test_row_order_does_not_change_findings(case, random):
    rows, costs, budget = case
    order = list(range(len(rows) + len(costs)))
    random.shuffle(order)
    assert _findings(_example(rows, costs, budget)) == _findings(_example(rows, costs, budget, order=order))


@settings(max_examples=60, deadline=None)
@given(cost_tables(), st.integers(1, 10))
def test_raising_a_cost_over_the_budget_is_found_and_lowering_it_clears(case, steps):
    rows, costs, _ = case
    total = sum(price * times for _, price, times in costs)
    within = {r for r, _ in _findings(_example(rows, costs, total))}
    assert "BUDGET001" not in within
    name, price, times = costs[0]
    raised = [(name, price + steps * 100, times), *costs[1:]]
    assert "BUDGET001" in {r for r, _ in _findings(_example(rows, raised, total))}
    assert "BUDGET001" not in {r for r, _ in _findings(_example(rows, costs, total))}


WORDS = ["", "项目名称", "示例项目", "预算数", "50000", "单位：万元", "一级指标", "二级指标", "三级指标", "指标值",
         "实际完成值", "未完成原因", "分值", "得分", "产出指标", "成本指标", "数量指标", "时效指标", "满意度指标",
         "≥5个", "≤2万元", "每月≤9500元", "2015年12月前", "=20%", "100%、90%", "已完成", "合理", "≥**%", "0", "1e9999",
         "阳面2000m²*25元/m²/月*6个月=54.7万", "含A 30万元、B 40万元", "jxlint-ignore: DATE001", "绩效目标表"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=8), max_size=25))
def test_any_grid_is_linted_without_an_exception(rows):
    """Whatever rows a reader hands over, building tables and running every rule never raises."""
    from jxlint.api import Linter
    from jxlint.core.location import Location
    from jxlint.read.grid import Cell, Grid, Row

    grid = Grid("g.txt", [Row([Cell(t, Location("g.txt", line=n, column=c)) for c, t in enumerate(cells, 1)],
                              Location("g.txt", line=n)) for n, cells in enumerate(rows, 1)])
    linter = Linter()
    report = linter.lint_grids([grid], "g.txt", linter.config_for("g.txt"), "zh")
    assert all(f.path == "g.txt" for f in report.findings)


def test_rules_given_only_the_values_of_their_kinds_find_what_they_found_on_all():
    """The engine hands a rule whose where names value kinds only those values: the same findings."""
    from pathlib import Path

    from jxlint.check.engine import RuleSet, _hits, _items, load_rules, run_rules
    from jxlint.model.build import build_tables
    from jxlint.read import read_path

    rules = load_rules(include_disabled=True)
    narrowed = [c for c in rules.rules if c.kinds is not None]
    assert len(narrowed) >= 10
    for path in sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt")):
        for table in (t for grid in read_path(path) for t in build_tables(grid)):
            every_value = _items("value", table)
            for compiled in narrowed:
                on_all = [h.data for h in _hits(compiled, table, every_value)]
                assert [f.data for f in run_rules(RuleSet([compiled]), table)] == on_all, compiled.rule.id
