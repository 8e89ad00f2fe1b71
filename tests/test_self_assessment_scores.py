"""A scored self-assessment read from text end to end: weights, scores, bands, execution score, grade."""

from __future__ import annotations

import pytest

from jxlint.api import lint

TABLE = """2024年度项目支出绩效自评表
项目名称\t示例自评项目
主管部门\t示例局\t实施单位\t示例中心
资金情况（万元）\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分
年度资金总额\t100\t80\t10\t80%\t{budget_score}
年度总体目标\t完成示例工作。
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t培训次数\t≥10次\t{trainings}次\t20\t{training_score}\t{reason}
\t质量指标\t验收合格率\t≥95%\t96%\t20\t20\t已完成
\t成本指标\t培训成本\t≤10万元\t{cost}万元\t10\t10\t已完成
效益指标\t社会效益指标\t服务质量\t明显提升\t部分达成年度指标并具有一定效果\t30\t{quality_score}\t
满意度指标\t服务对象满意度指标\t企业满意度\t≥90%\t92%\t10\t10\t已完成
总分\t{total}\t自评等级\t{grade}
"""
CLEAN = dict(budget_score=8, trainings=10, training_score=20, reason="已完成", cost=9, quality_score=22, total=90, grade="优")


def findings(tmp_path, **changes):
    path = tmp_path / "self-assessment.tsv"
    path.write_text(TABLE.format(**{**CLEAN, **changes}), encoding="utf-8")
    report = lint(path)
    assert len(report.tables) == 1 and report.tables[0].kind == "self_assessment"
    return {f.rule for f in report.findings if f.category in ("assessment", "arithmetic")}


def test_a_consistent_self_assessment_is_clean(tmp_path):
    assert findings(tmp_path) == set()


@pytest.mark.parametrize(
    "changes,rule",
    [
        (dict(budget_score=10, total=92), "ASSESS015"),
        (dict(trainings=8, reason="", training_score=16, total=86, grade="良"), "ASSESS001"),
        (dict(trainings=8, reason="", training_score=20, total=90), "ASSESS013"),
        (dict(cost=12), "ASSESS005"),
        (dict(quality_score=28, total=96), "ASSESS014"),
        (dict(total=95), "ASSESS012"),
        (dict(grade="良"), "ASSESS016"),
        (dict(training_score=25, total=95), "ASSESS011"),
    ],
)
def test_each_inconsistency_is_found(tmp_path, changes, rule):
    assert rule in findings(tmp_path, **changes)


def test_an_indicator_named_like_a_header_key_does_not_end_the_grid(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(
        "项目名称\t示例项目\n绩效目标\t完成示例工作。\n一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t开始时间\t2025年1月\n\t\t项目完成时间\t2025年12月底前\n\t\t完成时间\t2025年12月底前\n"
        "效益指标\t社会效益指标\t服务质量\t明显提升\n满意度指标\t服务对象满意度指标\t企业满意度\t≥90%\n",
        encoding="utf-8",
    )
    table = lint(path).tables[0]
    assert [i.name for i in table.indicators] == ["开始时间", "项目完成时间", "完成时间", "服务质量", "企业满意度"]
