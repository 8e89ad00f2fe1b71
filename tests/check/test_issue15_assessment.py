"""Issue 15, self-assessment and dates: deadlines scored as met / not met, every message placeholder filled
for every kind of target, both cost layouts (88号 成本指标 under 产出, 101号 一级 成本指标) alike."""

from __future__ import annotations

import pytest

from jxlint.check.engine import RuleSet, load_rules, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.messages import placeholders
from jxlint.check.pack import Example

LOADED = load_rules(include_disabled=True, with_cases=True)


def findings_of(rule_id: str, rows: list[list[str]], lang: str = "zh", **table):
    """The findings one rule gives on a small self-assessment."""
    example = Example(indicators=rows, **table)
    return run_rules(RuleSet([LOADED.by_id(rule_id)]), table_from_example(example), lang=lang)


# --- bug 1: ASSESS013 scored a missed deadline by day numbers -------------------------------------------------

def test_missed_deadline_with_half_marks_is_not_a_scoring_error():
    """Before the fix: 2025年6月底前 / 2025年9月底 'should' score 10.00 (day numbers as quantities); 5 was an error."""
    row = [["产出指标", "时效指标", "设备安装完成时间", "2025年6月底前", "2025年9月底", "设备到货延迟", "10", "5"]]
    assert findings_of("ASSESS013", row) == []


def test_missed_deadline_with_full_marks_is_a_scoring_error():
    """A deadline missed by three months cannot keep its full weight."""
    row = [["产出指标", "时效指标", "设备安装完成时间", "2025年6月底前", "2025年9月底", "设备到货延迟", "10", "10"]]
    found = findings_of("ASSESS013", row)
    assert len(found) == 1
    assert "得分应为 <10" in found[0].message and "{" not in found[0].message


def test_deadline_met_scores_the_full_weight():
    rows = [["产出指标", "时效指标", "设备安装完成时间", "2025年6月底前", "2025年5月", "", "10", "10"],
            ["产出指标", "时效指标", "系统上线时间", "2025年6月底前", "2025年6月", "", "10", "8"]]
    found = findings_of("ASSESS013", rows)
    assert [f.indicator for f in found] == ["系统上线时间"]
    assert "得分应为 10.00" in found[0].message


# --- bug 2: ASSESS002 printed a literal {change} on a date target ---------------------------------------------

TARGET_KINDS = {
    "date": ["产出指标", "时效指标", "设备安装完成时间", "2025年6月底前", "2025年9月底"],
    "grade": ["效益指标", "社会效益指标", "专利质量", "明显提升", "未达成"],
    "quantity": ["产出指标", "数量指标", "培训人数", "≥100人", "80人"],
    "zero quantity": ["产出指标", "质量指标", "安全事故", "=0起", "2起"],
    "money cost (88号)": ["产出指标", "成本指标", "培训成本", "≤10万元", "12万元"],
    "money cost (101号)": ["成本指标", "经济成本指标", "培训成本", "≤10万元", "12万元"],
}
REASONS = {"ASSESS001": "", "ASSESS002": "设备到货延迟", "ASSESS003": "已完成", "ASSESS004": "设备到货延迟",
           "ASSESS005": "已完成"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("rule_id", sorted(REASONS))
@pytest.mark.parametrize("kind", sorted(TARGET_KINDS))
def test_every_placeholder_is_filled_for_every_kind_of_target(rule_id, kind, lang):
    """Before the fix, ASSESS002 on the date target read '…实际 2025年9月底（{change}），已说明原因'."""
    row = [*TARGET_KINDS[kind], REASONS[rule_id]]
    for finding in findings_of(rule_id, [row], lang=lang):
        assert "{" not in finding.message, finding.message


def test_the_missed_deadline_gets_its_change_in_days():
    row = [*TARGET_KINDS["date"], REASONS["ASSESS002"]]
    found = findings_of("ASSESS002", [row])
    assert len(found) == 1
    assert "+92天" in found[0].message, found[0].message


def test_every_assessment_message_names_only_figures_its_check_gives():
    """Each rule's failing example fills every placeholder of both messages."""
    for compiled in LOADED.rules:
        if compiled.rule.pack != "assessment":
            continue
        table = table_from_example(compiled.rule.docs.failing)
        for lang in ("zh", "en"):
            for finding in run_rules(RuleSet([compiled]), table, lang=lang):
                assert "{" not in finding.message, (compiled.rule.id, finding.message)
        assert placeholders(compiled.rule.message.zh)


# --- the 101号 cost layout -----------------------------------------------------------------------------------

COST_LAYOUTS = {"88号": ["产出指标", "成本指标"], "101号": ["成本指标", "经济成本指标"],
                "101号 bare": ["成本指标", "成本指标"]}


@pytest.mark.parametrize("layout", sorted(COST_LAYOUTS))
def test_cost_overrun_marked_done_with_full_score_in_both_layouts(layout):
    """Before the fix the 101号 layout gave neither ASSESS005 nor ASSESS013."""
    row = [[*COST_LAYOUTS[layout], "培训成本", "≤10万元", "12万元", "已完成", "10", "10"]]
    assert [f.rule for f in findings_of("ASSESS005", row)] == ["ASSESS005"]
    assert [f.rule for f in findings_of("ASSESS013", row)] == ["ASSESS013"]
    assert findings_of("ASSESS003", row) == []


@pytest.mark.parametrize("layout", sorted(COST_LAYOUTS))
def test_cost_overrun_with_a_reason_in_both_layouts(layout):
    row = [[*COST_LAYOUTS[layout], "培训成本", "≤10万元", "12万元", "参训人数增加"]]
    assert [f.rule for f in findings_of("ASSESS004", row)] == ["ASSESS004"]
    assert findings_of("ASSESS002", row) == []


def test_a_social_cost_is_no_money_ceiling_of_assess004():
    """社会成本 rows are seldom money; a missed one is an ordinary missed target."""
    row = [["成本指标", "社会成本指标", "群众投诉", "≤5起", "8起", "施工扰民"]]
    assert findings_of("ASSESS004", row) == []
    assert [f.rule for f in findings_of("ASSESS002", row)] == ["ASSESS002"]


def test_a_bare_cost_figure_is_a_ceiling_in_the_101_layout():
    """A bare 10万元 under 经济成本指标 is a maximum, as it is under 产出/成本指标."""
    row = [["成本指标", "经济成本指标", "培训成本", "10万元", "12万元", "参训人数增加"]]
    assert [f.rule for f in findings_of("ASSESS004", row)] == ["ASSESS004"]


# --- catalogue entries: band edges, deadlines, long-term words, in-year progress ----------------------------

def test_band_edges_are_a_parameter():
    """P6's variant: 部分达成 from 50% of the weight; 55% is then within the band, under 10号's 60% it is not."""
    row = [["效益指标", "社会效益指标", "专利质量", "明显提升", "部分达成年度指标并具有一定效果", "已说明", "20", "11"]]
    assert len(findings_of("ASSESS014", row)) == 1
    bands = [{"words": "未达成", "low": 0.0, "high": 0.5, "high_open": True},
             {"words": "部分达成", "low": 0.5, "high": 0.8, "high_open": True},
             {"words": "达成", "low": 0.8, "high": 1.0}]
    variant = load_rules(select=["ASSESS014"], params={"ASSESS014": {"bands": bands}})
    table = table_from_example(Example(indicators=row))
    assert run_rules(variant, table) == []


def test_deadline_limit_is_the_earlier_of_project_end_and_year_end():
    from jxlint.check.functions.dates import deadline_limit

    def limit(end: str) -> str:
        return deadline_limit(table_from_example(Example(plan_year=2025, end=end))).isoformat()

    assert limit("2025年6月30日") == "2025-06-30"
    assert limit("2027年12月") == "2025-12-31"
    assert limit("") == "2025-12-31"


@pytest.mark.parametrize("value,found", [
    ("累计建成≥500个", True), ("全年累计培训≥1000人次", False), ("年度累计完成≥20场", False),
    ("2025至2027年改造30个", True), ("2024-2025年度结转项目完成≥3个", False), ("三年级学生≥50人", False),
    ("五年制学生≥100人", False), ("三年内带动就业500人", True),
])
def test_long_term_words_and_year_spans(value, found):
    assert bool(findings_of("DATE004", [["产出指标", "数量指标", "示例指标", value]])) == found


def test_in_year_progress_is_off_by_default_and_runs_when_selected():
    assert "ASSESS020" not in {c.rule.id for c in load_rules().rules}
    chosen = load_rules(extend_select=["ASSESS020"])
    table = table_from_example(Example(columns=["level1", "level2", "name", "half_year", "target"],
                                       indicators=[["产出指标", "数量指标", "培训人数", "20人", "≥100人"]]))
    found = [f for f in run_rules(chosen, table) if f.rule == "ASSESS020"]
    assert len(found) == 1 and "进度比 40%" in found[0].message


def test_stated_subtotal_in_a_real_label_form():
    """产出指标(40分) as the Ningxia self-assessments print it, every row with its 分值."""
    rows = [["产出指标(40分)", "数量指标", "免费发放原原种", "550万粒", "550万粒", "", "8", "8"],
            ["产出指标(40分)", "质量指标", "合格率", "≥95%", "98%", "", "8", "8"]]
    found = findings_of("ASSESS019", rows)
    assert len(found) == 1 and "注明 40 分，其下各项分值合计 16" in found[0].message
