"""Cost-to-quantity matching (BUDGET001/BUDGET002): the indexed matching finds what comparing every cost row
with every quantity row found, and its work grows in proportion to the table's length (issue 13).

The work is counted (name comparisons), never timed: timed tests flake on a shared machine.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import lint
from jxlint.check import costs
from jxlint.check.engine import load_rules
from jxlint.core.location import Location
from jxlint.model.build import build_tables
from jxlint.model.table import Indicator, Table
from jxlint.read import read_path
from jxlint.values.model import Quantity
from jxlint.values.units import dimension_of


@pytest.fixture(scope="module")
def params():
    """The params BUDGET001 and BUDGET002 share (rules/budget.yaml)."""
    ruleset = load_rules()
    return next(c.rule.params for c in ruleset.rules if c.rule.id == "BUDGET001")


def _table_text(budget: int, rows: list[str]) -> bytes:
    head = ["项目名称\t测试项目", f"年度资金总额\t{budget}", "年度绩效目标\t开展相关工作。", "一级指标\t二级指标\t三级指标\t指标值"]
    return ("\n".join(head + rows) + "\n").encode("utf-8")


def _budget_findings(budget: int, rows: list[str]) -> list[tuple[str, str]]:
    report = lint(_table_text(budget, rows), name="table.txt")
    return [(f.rule, f.message) for f in report.findings if f.rule.startswith("BUDGET")]


def _table(rows: list[str]) -> Table:
    """The one table of a text of ``rows`` under a head with a large budget."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.txt"
        path.write_bytes(_table_text(100_000_000, rows))
        (grid,) = read_path(path)
        (table,) = build_tables(grid)
    return table


def _terms(rows: list[str], params) -> list[tuple[str, str, str | None]]:
    """(cost row, its formula, the unit left unmatched) for every cost term of a one-table text."""
    return [(t.indicator.name, t.formula(), t.unmatched) for t in costs._cost_terms(_table(rows), params)]


# ---------------------------------------------------------------- the same terms as before, on small tables


def test_unit_costs_times_their_quantities_exceed_the_budget():
    rows = ["产出指标\t数量指标\t培训人数\t≥100人", "产出指标\t数量指标\t培训场次\t≥4场",
            "产出指标\t成本指标\t人均培训成本\t≤300元/人", "产出指标\t成本指标\t每场培训成本\t≤5000元",
            "满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%"]
    assert _budget_findings(40000, rows) == [("BUDGET001", "成本合计 300×100 + 5000×4 = 50000 元 > 预算 40000 元")]
    assert _budget_findings(50000, rows) == []


def test_the_closest_name_of_the_unit_wins_with_synonyms():
    # 供热 ~ 采暖: the heating cost goes with the heated area, not the first area of the table.
    rows = ["产出指标\t数量指标\t办公用房面积\t800平方米", "产出指标\t数量指标\t采暖面积\t5000平方米",
            "产出指标\t成本指标\t每平方米供热成本\t≤30元", "满意度指标\t服务对象满意度指标\t职工满意度\t≥90%"]
    assert _budget_findings(100000, rows) == [("BUDGET001", "成本合计 30×5000 = 150000 元 > 预算 100000 元")]


def test_a_unit_cost_without_its_quantity_is_unmatched():
    rows = ["产出指标\t数量指标\t培训人数\t≥60人", "产出指标\t成本指标\t每场培训成本\t≤0.5万元",
            "满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%"]
    assert _budget_findings(60000, rows) == [("BUDGET002", "单位成本“≤0.5万元”找不到对应的数量指标（场），未计入成本合计")]


def test_average_cost_periods_and_the_first_of_equal_names(params):
    rows = ["产出指标\t数量指标\t服务企业数\t≥30家", "产出指标\t数量指标\t培训人数\t≥100人",
            "产出指标\t数量指标\t培训人数（二期）\t≥50人", "产出指标\t成本指标\t平均培训成本\t≤300元",
            "产出指标\t成本指标\t每月场地租金\t≤1000元", "满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%"]
    assert _terms(rows, params) == [("平均培训成本", "300×100", None), ("每月场地租金", "1000×12", None)]
    assert _budget_findings(20000, rows) == [("BUDGET001", "成本合计 300×100 + 1000×12 = 42000 元 > 预算 20000 元")]


def test_units_measures_cues_and_unmatched_units(params):
    rows = ["产出指标\t数量指标\t维护设备\t20台", "产出指标\t数量指标\t更换设备\t5台", "产出指标\t数量指标\t网络线路\t3条",
            "产出指标\t数量指标\t绿化面积\t2亩", "产出指标\t数量指标\t苗木数量\t300株",
            "产出指标\t成本指标\t每台设备维护费用\t≤2000元", "产出指标\t成本指标\t每条专网线路租用费\t≤12000元/条",
            "产出指标\t成本指标\t每季度巡检费用\t≤5000元", "产出指标\t成本指标\t租赁办公用房\t≤30元/立方米",
            "产出指标\t成本指标\t绿化养护成本\t≤20元/平方米", "产出指标\t成本指标\t苗木采购成本\t≤25元/株",
            "产出指标\t成本指标\t饲料库120平米\t≤490元/平米"]
    assert _terms(rows, params) == [
        ("每台设备维护费用", "2000×20", None),  # 维护设备, not 更换设备
        ("每条专网线路租用费", "12000×3", None),
        ("每季度巡检费用", "5000×4", None),
        ("租赁办公用房", "30", "立方米"),  # no volume among the quantities
        ("绿化养护成本", "20×2", None),  # an area in another unit (亩), matched by its measure, as before
        ("苗木采购成本", "25×300", None),
        ("饲料库120平米", "490×120", None),  # the row names its own quantity
    ]


# ---------------------------------------------------------------- the index answers as comparing every pair did


def _reference_best(cost: Indicator, candidates: list[Indicator], params, need_overlap: bool = False):
    """The matching as first written: every candidate scored against the cost row, the best kept (first of equals)."""
    if not candidates:
        return None
    if len(candidates) == 1 and not need_overlap:
        return candidates[0]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    ignore = set(params.get("ignore_chars", "每平均单位个成本费用的"))
    words = cost.name
    for group in params.get("synonyms", []):
        if any(w in cost.name for w in group):
            words += "|" + "|".join(group)
    pairs = {words[i:i + 2] for i in range(len(words) - 1)}

    def similarity(name: str) -> tuple[int, int]:
        quantity_pairs = {name[i:i + 2] for i in range(len(name) - 1)}
        shared_pairs = {p for p in pairs & quantity_pairs if cjk.search(p) and not set(p) <= ignore}
        shared_chars = {c for c in set(words) & set(name) if cjk.match(c) and c not in ignore}
        return len(shared_pairs), len(shared_chars)

    score, _, best = max(((similarity(c.name), -n, c) for n, c in enumerate(candidates)), key=lambda s: s[:2])
    return best if score > (0, 0) else None


def _reference_same_unit(unit: str, counted: list[Indicator]) -> list[Indicator]:
    same = [q for q in counted if q.target.unit == unit]
    if same:
        return same
    if dimension_of(unit) in ("count", "unknown", "dimensionless", "percent"):
        return []
    return [q for q in counted if dimension_of(q.target.unit, q.name) == dimension_of(unit)]


def _indicator(name: str, family: str, unit: str | None = None, number: float = 1.0, line: int = 1) -> Indicator:
    target = Quantity(text=f"{number:g}{unit or ''}", number=number, unit=unit)
    return Indicator(level1="产出指标", level2=f"{family}指标", name=name, family=family, dimension="产出",
                     target=target, location=Location("t.txt", line))


# Few characters, ignored ones, synonyms and digits among them: names overlap, tie and differ by a pair.
NAMES = st.text(alphabet="培训人数场次采暖供热面积成本每平均费1", min_size=0, max_size=8)
UNITS = st.sampled_from(["人", "场", "平方米", "亩", "台"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, UNITS), max_size=12), st.lists(st.tuples(NAMES, UNITS), min_size=1, max_size=6))
def test_the_indexed_match_is_the_match_of_comparing_every_pair(params, quantity_rows, cost_rows):
    counted = [_indicator(name, "数量", unit, n + 1, n) for n, (name, unit) in enumerate(quantity_rows)]
    index = costs._Quantities(counted, params)
    for name, unit in cost_rows:
        cost = _indicator(name, "成本", "元")
        expected = _reference_best(cost, _reference_same_unit(unit, counted), params)
        assert costs._best_quantity(cost, index.in_unit(unit), params) is expected
        expected = _reference_best(cost, counted, params, need_overlap=True)
        assert costs._best_quantity(cost, index.every(), params, need_overlap=True) is expected


# ---------------------------------------------------------------- the work grows with the length, not its square


_BLOCK = (("数量指标", "培训人数{i}", "≥{a}人"), ("成本指标", "人均培训成本{i}", "≤{b}元/人"),
          ("数量指标", "培训场次{i}", "≥{c}场"), ("成本指标", "每场培训成本{i}", "≤{d}元"),
          ("质量指标", "培训合格率{i}", "≥95%"), ("时效指标", "培训完成时间{i}", "2025年12月31日前"),
          ("社会效益指标", "参训人员技能提升{i}", "显著提升"), ("服务对象满意度指标", "参训人员满意度{i}", "≥90%"))
_PREFIXES = [d + s for d in ("和平区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区", "津南区")
             for s in ("中小企业", "专利导航", "商标品牌", "地理标志", "版权登记", "知识产权", "科技成果", "技术转移")]


def _long_rows(count: int, distinct: bool = False) -> list[str]:
    """``count`` rows of 数量, 成本, 质量, 时效, 效益 and 满意度 indicators, numbered (and with ``distinct``, each name
    starting with one of 64 district-and-subject prefixes, so that names differ in their characters)."""
    rows = []
    for n in range(count):
        i, k = divmod(n, len(_BLOCK))
        family, name, value = _BLOCK[k]
        prefix = _PREFIXES[i % len(_PREFIXES)] if distinct else ""
        figures = {"a": 20 + i % 50, "b": 100 + i % 7 * 10, "c": 1 + i % 4, "d": 500 + i % 5 * 100}
        level1 = {"社会效益指标": "效益指标", "服务对象满意度指标": "满意度指标"}.get(family, "产出指标")
        rows.append(f"{level1}\t{family}\t{prefix}{name.format(i=i + 1)}\t{value.format(**figures)}")
    return rows


def _comparisons(monkeypatch, rows: list[str]) -> tuple[int, int]:
    """(name comparisons, cost terms) of linting one table of ``rows`` with the budget rules."""
    calls = []
    similarity = costs._similarity

    def counted(*args):
        calls.append(1)
        return similarity(*args)

    monkeypatch.setattr(costs, "_similarity", counted)
    terms = []
    cost_terms = costs.cost_terms

    def kept(table, params):
        found = cost_terms(table, params)
        terms.append(len(found))
        return found

    monkeypatch.setattr("jxlint.check.functions.budget.cost_terms", kept)
    lint(_table_text(100_000_000, rows), name="long.txt")
    assert terms and terms[0] > 0
    return len(calls), terms[0]


def test_matching_work_grows_linearly_with_the_rows(monkeypatch):
    small, small_terms = _comparisons(monkeypatch, _long_rows(200))
    large, large_terms = _comparisons(monkeypatch, _long_rows(1600))
    assert large_terms == 8 * small_terms > 0
    # Comparing every pair made 64× the comparisons for 8× the rows.
    assert 0 < large <= 8 * 1.5 * small


def test_with_names_sharing_words_the_cap_bounds_the_work(monkeypatch):
    # Every 人 row shares 培训 and a district or subject with many per-person costs: the rows a cost row
    # must be scored against grow with the table, up to the cap, which keeps the work per cost row bounded.
    monkeypatch.setattr(costs, "MAX_COMPARED", 10)
    for rows in (200, 1600):
        comparisons, terms = _comparisons(monkeypatch, _long_rows(rows, distinct=True))
        assert 0 < comparisons <= 10 * terms


def test_below_the_cap_a_long_table_matches_as_comparing_every_pair(params):
    table = _table(_long_rows(1600, distinct=True))
    counted = [i for i in table.indicators if i.family == "数量" and isinstance(i.target, Quantity)]
    index = costs._Quantities(counted, params)
    cost_rows = [i for i in table.indicators if i.family == "成本"]
    assert len(cost_rows) == 400
    for cost in cost_rows:
        unit = cost.target.unit.split("/")[1] if "/" in cost.target.unit else "场"
        expected = _reference_best(cost, _reference_same_unit(unit, counted), params)
        assert expected is not None and costs._best_quantity(cost, index.in_unit(unit), params) is expected
