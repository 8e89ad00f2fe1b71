"""Tables in the layouts the country publishes them in: each fixture is a table of our own written in
one layout of the real corpus, and must read to the same project, money and indicator rows.

The fixtures (tests/data/layouts/) cover the layout classes of the reader's issue: one cell per
line (with blank lines and no-break-space empty cells, or a pipe after each cell); cells glued into
one paragraph; a whole table on one line with its figures before its names (a PDF); rows split
unevenly, a key carried to the line before its value; key/value head rows; qualified header words
and two column groups (中期 | 年度); a group label over sub-keys; the self-assessment funding grid;
a target split over 指标性质 | 指标值 | 计量单位; notes and totals after the grid; amounts with their
own unit; indicators written as prose; a page cut short.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jxlint.api import lint
from jxlint.cli import main
from jxlint.model.build import build_tables
from jxlint.read import read_path

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "layouts"


def _table(name: str):
    return _table_at(LAYOUTS / name)


def _table_at(path):
    tables = [t for g in read_path(path) for t in build_tables(g)]
    assert len(tables) == 1, [t.project for t in tables]
    return tables[0]


def _rows(table):
    return [(i.dimension, i.family, i.name, i.target.text, i.actual.text if i.actual else None) for i in table.indicators]


def test_one_cell_per_line_with_blank_lines_and_empty_cells():
    table = _table("cell_per_line_self_assessment.txt")
    assert table.project == "社区图书室设备更新经费"
    assert table.kind == "self_assessment" and table.plan_year == 2023
    # 年初 / 预算数 wrapped over two cells; the funding grid's figures in their columns.
    assert table.funding.budget_yuan == 285_000 and table.funding.executed_yuan == 261_000
    total = table.funding.lines[0]
    assert (total.weight, total.score, total.rate_text) == (10, 9, "92%")
    # 年度总体目标 over 预期目标 | 实际完成情况, their values in the next cells.
    assert table.goals == "更新12个社区图书室的借阅设备"
    assert table.other_fields["goals_achieved"] == "已更新12个社区图书室的借阅设备"
    rows = _rows(table)
    assert rows[0] == ("产出", "数量", "更新图书室数量", "12个", "12个")
    assert ("产出", "时效", "完成时间", "2023年10月底前", "2023年11月") in rows
    assert rows[-1] == ("满意度", "服务对象满意度", "读者满意度", "≥90%", "95%")
    # The template's empty numbered row stays a row of its own, with nothing in it.
    assert ("产出", "数量", "指标2", "", "") in rows
    timely = next(i for i in table.indicators if i.family == "时效")
    assert (timely.weight, timely.score, timely.reason) == (10, 8, "设备到货延迟")


def test_one_cell_per_line_with_plain_space_empty_cells():
    # The same layout after a converter turned each &nbsp; into a space: a line of spaces
    # between two blank lines is still an empty cell, so no value shifts into the next row.
    table = _table("cell_per_line_space_cells.txt")
    assert table.project == "乡镇文化站灯光音响更新"
    assert table.goals == "更新3个文化站的灯光音响设备"
    rows = _rows(table)
    assert rows[0] == ("产出", "数量", "更新文化站数量", "3个", "3个")
    assert ("产出", "数量", "指标2", "", "") in rows
    assert ("产出", "质量", "设备安装合格率", "100%", "100%") in rows
    assert rows[-1] == ("满意度", "服务对象满意度", "群众满意度", "≥90%", "96%")
    assert all(not i.reason for i in table.indicators)


def test_one_cell_per_line_ending_in_pipes_with_the_money_unit_in_the_notice():
    table = _table("cell_per_line_pipes.txt")
    assert table.project == "2024年东岭镇乡村道路养护"
    # No unit in the table: the notice's 300万元 says the 300 is in 万元.
    assert table.money_unit == "万元" and table.funding.budget_yuan == 3_000_000
    assert table.funding.allocated_yuan == 3_000_000
    assert table.goals.startswith("养护乡村道路18公里")
    assert [(i.family, i.name, i.target.text) for i in table.indicators] == [
        ("数量", "养护乡村道路里程", "≥18公里"),
        ("数量", "修复边沟长度", "≥6公里"),
        ("质量", "养护路段验收合格率", "≥95%"),
        ("时效", "养护完成时间", "2024年11月底前"),
        ("成本", "每公里养护成本", "≤15万元/公里"),
        ("服务对象满意度", "沿线群众满意度", "≥90%"),
    ]


def test_a_notice_and_its_table_glued_into_one_paragraph():
    table = _table("glued_paragraph.txt")
    assert table.project == "农村饮水安全维修养护资金"
    assert table.title == "2024年农村饮水安全维修养护资金绩效目标表"
    assert table.funding.budget_yuan == 480_000 and table.funding.fiscal_yuan == 480_000
    # The covering notice is kept, with what it allocates (its 分配表 adds up to 48 too).
    assert "现下达2024年农村饮水安全维修养护资金48万元" in table.preamble
    assert table.funding.allocated_yuan == 480_000
    assert [(i.family, i.name, i.description, i.target.text) for i in table.indicators] == [
        ("数量", "维修养护供水工程数量", "反映维修养护工程数量", "≥15处"),
        ("质量", "水质检测合格率", "反映供水水质达标情况", "≥95%"),
        ("时效", "维修完成及时率", "反映按期完成情况", "≥90%"),
        ("社会效益", "受益人口", "反映工程受益人数", "≥2.3万人"),
        ("服务对象满意度", "受益群众满意度", "反映群众满意情况", "≥90%"),
    ]
    assert not table.truncated


def test_rows_of_single_spaces_with_wrapped_labels_weights_and_notes():
    table = _table("space_rows_wrapped_labels.txt")
    # 项目名称 X 主管部门 Y on one line: head keys with their values, not a one-project-per-row header.
    assert (table.project, table.department) == ("社区老年食堂运营补贴", "桐城区民政局")
    assert table.money_unit == "万元" and table.funding.budget_yuan == 600_000
    assert table.funding.executed_yuan == 570_000 and table.funding.lines[0].score == 9.5
    rows = _rows(table)
    # "一级\n指标" wrapped over lines; a scoring note between rows is no indicator; (50分) is a weight.
    assert [r[2] for r in rows] == ["运营老年食堂数量", "食品安全检查合格率", "补贴发放及时率", "受益老年人数量", "用餐老人满意度"]
    assert rows[3] == ("效益", "社会效益", "受益老年人数量", "≥1200人", "1350人")
    assert rows[4][0] == "满意度"


def test_pipe_rows_with_a_key_carried_over_and_two_column_groups():
    table = _table("pipe_rows_two_groups.txt")
    assert table.project == "河道清淤整治工程"
    # 中期…预算 is the whole project's, 本年度…预算资金 the year's.
    assert table.funding.budget_yuan == 8_600_000 and table.funding.total_budget_yuan == 42_000_000
    assert table.other_fields["long_term_goals"] == "整治河道42公里。"
    assert table.goals == "完成清淤8.6公里。"
    # The annual group is the target, the 中期 group the long-term target.
    length = table.indicators[0]
    assert (length.family, length.target.text, length.long_term.text) == ("数量", "8.6公里", "42公里")
    assert table.indicators[2].family == "时效" and table.indicators[2].target.text == "≥95%"


def test_a_pdf_line_with_the_figures_before_the_names():
    table = _table("pdf_values_first.txt")
    assert table.project == "全民健身场馆维护"
    assert table.money_unit == "元" and table.funding.budget_yuan == 120_000 and table.funding.executed_yuan == 96_000
    assert table.total_score == 88
    assert [(i.family, i.name, i.target.text, i.actual.text, i.weight, i.score) for i in table.indicators] == [
        ("数量", "场馆维护次数", ">=12次", "12次", 20, 20),
        ("质量", "设备完好率", "=100%", "100%", 30, 30),
        ("时效", "维护及时性", "及时", "及时", 20, 20),
        ("服务对象满意度", "健身群众满意度", ">=90%", "95%", 20, 20),
    ]


def test_indicators_written_as_prose_with_template_hints():
    table = _table("prose_indicators.txt")
    assert table.project == "北坡村设施蔬菜大棚建设项目" and not table.project_stated
    assert table.funding.budget_yuan == 800_000
    rows = [(i.dimension, i.name, i.target.text) for i in table.indicators]
    assert rows[0] == ("产出", "★新建设施大棚数量(≥**座)", ">=20座")
    assert ("产出", "大棚建设补助标准(≤**万元/座)", "≤4万元/座") in rows
    assert ("效益", "受益脱贫户数(≥**户)", "≥25户") in rows
    assert rows[-1] == ("满意度", "受益农户满意度(≥**%)", "≥90%")
    assert len(rows) == 7  # the signature lines after the prose are no indicators


def test_a_target_split_over_comparator_value_and_unit_cells():
    table = _table("split_target.txt")
    assert table.funding.budget_yuan == 12_500_000 and table.funding.fiscal_yuan == 12_500_000
    assert [i.target.text for i in table.indicators] == ["≥2个", "=100%", "≤500万元", "≥1.2亿元", "≥90%"]


def test_a_page_cut_short_is_read_up_to_the_cut_and_said_so():
    table = _table("cut_short.txt")
    assert table.truncated
    assert [i.name for i in table.indicators][:2] == ["改造路灯数量", "改造路灯亮灯率"]
    assert len(table.indicators) <= 3  # nothing invented after the cut


_HEAD = "项目支出绩效目标表\n项目名称 乡村道路养护\n年度资金总额 120\n一级指标 二级指标 三级指标 指标值\n"


@pytest.mark.parametrize("tail,truncated", [
    ("产出指标 数量指标 养护道路里程 ≥30公里\n质量指标 路面完好率 ≥90%\n数量指", True),  # a label cut in two
    ("产出指标 数量指标 养护道路里程 ≥30公里\n质量指标 路面完好率 ≥90%\n成本指标 养护成本 ", True),  # a row with no value
    ("产出指标 数量指标 养护道路里程 ≥30公里\n满意度指标 服务对象满意度 群众满意度 ≥90%\n填报人：某某", False),
    # A table that ends after its 产出 rows with nothing cut is whole: STRUCT001 says what it lacks.
    ("产出指标 数量指标 养护道路里程 ≥30公里\n质量指标 路面完好率 ≥90%", False),
    ("产出指标 数量指标 养护道路里程 ≥30公里\n满意度指标 服务对象满意度 群众满意度 ", False),  # the template's row
])
def test_the_end_of_a_page_cut_short(tmp_path, tail, truncated):
    path = tmp_path / "table.txt"
    path.write_text(_HEAD + tail, encoding="utf-8")
    tables = [t for g in read_path(path) for t in build_tables(g)]
    assert [t.truncated for t in tables] == [truncated]


def test_a_head_cut_before_its_indicators_is_cut_short(tmp_path):
    path = tmp_path / "head.txt"
    path.write_text("项目支出绩效目标申报表 单位:万元 项目名称 农村公路养护 项目负责人 某某 联系电话 项目概况 "
                    + "为改善农村道路通行条件，" * 20 + "进一步发挥财政资金的引导作用,改善农村生产生活", encoding="utf-8")
    tables = [t for g in read_path(path) for t in build_tables(g)]
    assert [(t.project, t.truncated) for t in tables] == [("农村公路养护", True)]


@pytest.mark.parametrize("name,expected", [
    ("cell_per_line_self_assessment.txt", ["更新图书室数量 │ 指标值 12个", "年度资金总额:"]),
    ("cell_per_line_pipes.txt", ["每公里养护成本 │ 指标值 ≤15万元/公里 [quantity]"]),
    ("glued_paragraph.txt", ["水质检测合格率 │ 指标值 ≥95%", "通知下达 480,000"]),
    ("space_rows_wrapped_labels.txt", ["社会效益指标 › 受益老年人数量 │ 指标值 ≥1200人 [quantity] │ 实际 1350人"]),
    ("pipe_rows_two_groups.txt", ["清淤河道长度 │ 指标值 8.6公里 [quantity] │ 中期 42公里"]),
    ("pdf_values_first.txt", ["维护及时性 │ 指标值 及时 [grade] │ 实际 及时 [grade] │ 分值 20 │ 得分 20"]),
    ("prose_indicators.txt", ["（表中未写项目名称，取自title）"]),
    ("cut_short.txt", ["（表格在此中断：原文不完整）"]),
])
def test_show_prints_each_table_as_read(capsys, name, expected):
    assert main(["show", str(LAYOUTS / name)]) == 0
    printed = capsys.readouterr().out
    for part in expected:
        assert part in printed


def test_show_json_is_the_table_model(capsys):
    assert main(["show", "--format", "json", str(LAYOUTS / "pipe_rows_two_groups.txt")]) == 0
    [document] = json.loads(capsys.readouterr().out)
    [table] = document["tables"]
    assert table["project"] == "河道清淤整治工程"
    assert table["indicators"][0]["long_term"]["text"] == "42公里"
    assert table["indicators"][0]["location"]["line"] == 14


def test_show_on_a_file_with_no_table_says_what_it_saw(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n一级指标\t二级指标\t三级指标\t指标值\n（下页续）\n", encoding="utf-8")
    assert main(["show", str(path)]) == 0
    assert "line 2有指标表头，但没有项目名称" in capsys.readouterr().out
    assert main(["show", "--lang", "en", str(path)]) == 0
    assert "an indicator header at line 2 but no project name" in capsys.readouterr().out
    assert main(["check", "--format", "json", str(path)]) == 1  # a trace of a table: READ004, an error
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["rule"] == "READ004" and "line 2有指标表头，但没有项目名称" in finding["message"]
    path.write_text("会议纪要\n今年完成了三项工作。\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 0  # no trace of a table: skipped, said at info level
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["rule"] == "READ005" and finding["severity"] == "info" and "已跳过" in finding["message"]


def test_the_seed_layouts_are_read_as_before():
    """The four seed layouts read completely at the first reading (no reflow), as their golden files expect."""
    from conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.txt")):
        tables = [t for g in read_path(path) for t in build_tables(g)]
        assert tables and all(t.project for t in tables)


@pytest.mark.parametrize("last_line,cut", [("效益指标 | 社会效益指标 | 道路通行率 | 1", True),
                                           ("效益指标 | 社会效益指标 | 道路通行率 | 1 | 1 |", False)])
def test_the_row_a_text_stops_in_is_left_to_the_table_checks(tmp_path, last_line, cut):
    path = tmp_path / "pipes.txt"
    path.write_text("项目名称 | 乡村道路养护 |\n年度资金总额 | 120 |\n一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 |\n"
                    "产出指标 | 数量指标 | 养护道路里程 | ≥30公里 | 32公里 |\n"
                    f"满意度指标 | 服务对象满意度 | 群众满意度 | ≥90% | 95% |\n{last_line}\n", encoding="utf-8")
    codes = [f.rule for f in lint(path).findings]
    assert ("READ002" in codes) == cut
    assert ("UNIT002" in codes) != cut  # "1" for a rate: cut from 100%, or written so


def test_a_prose_key_alone_on_its_row_takes_the_text_of_the_next(tmp_path):
    path = tmp_path / "goals.txt"
    goals = "新建养殖场一处，建棚圈一栋约360平米，受益人口76户。"
    path.write_text("项目名称 | 养殖场基础设施建设 | | |\n年度资金总额 | 50 | | |\n年度目标 | | | |\n"
                    f"{goals} | | | |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
                    "产出指标 | 数量指标 | 新建棚圈 | ≥1栋 |\n", encoding="utf-8")
    table = _table_at(path)
    assert table.goals == goals and "goals" not in table.blank_fields



def test_a_key_right_before_a_key_with_check_boxes_is_left_blank(tmp_path):
    """A blank form written with spaces: 项目名称 stands before 项目属性 and its check boxes, so it is blank
    (the table is named from its title), not 新增项目."""
    path = tmp_path / "form.txt"
    path.write_text("2025年项目支出绩效目标申报表\n项目名称 项目属性 新增项目 □ 延续项目 □\n主管部门 某局 实施单位 某中心\n"
                    "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训次数 ≥10次\n", encoding="utf-8")
    table = lint(path).tables[0]
    assert table.project != "新增项目" and not table.project_stated
    assert table.department == "某局" and table.implementing_unit == "某中心"


@pytest.mark.parametrize(("unit", "budget_yuan"), [("万元", 125_000), ("元", 12.5)])
def test_a_unit_key_with_its_unit_in_the_next_cell_states_the_money_unit(tmp_path, unit, budget_yuan):
    """"金额单位:" and its unit cut into two cells of a space-separated head row still state the unit."""
    path = tmp_path / "unit.txt"
    path.write_text("某县文广局2023年度预算项目绩效自评表\n"
                    f"一、基本情况 项目名称: 乡村文化站设备购置 实施(主管)单位 某县文广局 金额单位: {unit}\n"
                    "二、预算执行情况\n预算数 12.5 到位数 12.5 执行数 12.0 96.00\n"
                    "一级指标 二级指标 三级指标 年度指标值 实际完成值\n产出指标 数量指标 购置音响设备 6套 6套\n",
                    encoding="utf-8")
    table = _table_at(path)
    assert table.money_unit == unit and table.money_unit_stated
    assert table.funding.budget_yuan == budget_yuan


def test_a_year_line_under_the_title_gives_the_plan_year(tmp_path):
    """A form that prints its year on a line of its own ("2024年 | |") before its first key; a year
    cell after the keys (a start year) is not the plan year."""
    path = tmp_path / "year.txt"
    path.write_text("某市市级部门项目支出绩效目标申报表 | | |\n2024年 | | |\n项目名称 | 河道保洁经费 | | |\n"
                    "项目起始年份 | 2019年 | | |\n年度预算资金总额 | 30 | | |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
                    "产出指标 | 数量指标 | 保洁河道长度 | 12公里 |\n", encoding="utf-8")
    assert _table_at(path).plan_year == 2024
    path.write_text(path.read_text(encoding="utf-8").replace("2024年 | | |\n", ""), encoding="utf-8")
    assert _table_at(path).plan_year != 2019
