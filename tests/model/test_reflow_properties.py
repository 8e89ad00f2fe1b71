"""Properties of the reader for tables whose lines are not rows (hypothesis).

* The same table written in four layouts (rows with tabs, one cell per line with blank lines, a pipe
  after each cell, everything glued into one paragraph) reads to the same project, budget and
  indicator rows.
* Cutting a line into cells, at white space or at the form's words, loses and invents nothing.
* A glued row of figures (分值 | 指标值 | 实际值 | 得分 with no separator) is cut so that no digit is
  lost and the reading chosen makes at least as much sense as the one it was glued from.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from jxlint.model.build import build_tables
from jxlint.model.glued import _first_of_each, _plausibility, split_row
from jxlint.model.tokens import _cut_glued, _cut_spaces
from jxlint.read.text import read_text

# Characters that make names without forming a word of the form (no 指标, 名称, 预算 …).
NAME_CHARS = "培训宣传服务修缮采购覆盖社区乡村道路养护学校图书设备更新群众安全供水维修河道治理"
NAMES = st.text(alphabet=NAME_CHARS, min_size=3, max_size=9)
TARGETS = st.sampled_from(["≥5个", "≥95%", "100%", "≤3万元", "≥12场", "2024年12月底前", "及时", "≥1200人", "≤15万元/公里"])
FAMILIES = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
            ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


@st.composite
def tables(draw):
    """A project with a budget and one to three rows under each of two to five families, in order."""
    families = sorted(draw(st.sets(st.integers(0, len(FAMILIES) - 1), min_size=2, max_size=5)))
    rows = []
    for family in families:
        level1, level2 = FAMILIES[family]
        for _ in range(draw(st.integers(1, 3))):
            rows.append((level1, level2, draw(NAMES), draw(TARGETS)))
    names = [r[2] for r in rows]
    assume(len(set(names)) == len(names))
    project = draw(NAMES) + "项目"
    budget = draw(st.integers(1, 900))
    return project, budget, rows


def _grid_rows(rows):
    """The rows as a person writes them: a 一级 or 二级 only where it changes (merged cells)."""
    written, last1, last2 = [], None, None
    for level1, level2, name, target in rows:
        written.append([level1 if level1 != last1 else "", level2 if level2 != last2 else "", name, target])
        last1, last2 = level1, level2
    return written


def _head(project, budget):
    return [["项目名称", project], ["资金情况(万元)"], ["年度资金总额", str(budget)]]


def layout_tabs(project, budget, rows):
    lines = ["项目支出绩效目标表", *("\t".join(r) for r in _head(project, budget)), "\t".join(HEADER)]
    lines += ["\t".join(r) for r in _grid_rows(rows)]
    return "\n".join(lines) + "\n"


def _cells(project, budget, rows):
    """Every filled cell of the table in reading order: title, head, header, grid."""
    cells = ["项目支出绩效目标表", *(c for r in _head(project, budget) for c in r), *HEADER]
    for row in _grid_rows(rows):
        cells += [c for c in row if c]
    return cells


def layout_cell_per_line(project, budget, rows):
    return "\n\n".join(_cells(project, budget, rows)) + "\n"


def layout_pipes(project, budget, rows):
    lines = ["项目支出绩效目标表 |", "|||||"]
    for row in [*_head(project, budget), HEADER, *_grid_rows(rows)]:
        lines += [f"{c} |" for c in row if c] + ["||||"]
    return "\n".join(lines) + "\n"


def layout_glued(project, budget, rows):
    return "".join(_cells(project, budget, rows)) + "\n"


def _read(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    tables = build_tables(read_text(path))
    assert len(tables) == 1
    table = tables[0]
    return table.project, table.funding.budget_yuan, [(i.dimension, i.family, i.name, i.target.text) for i in table.indicators]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_every_layout_reads_to_the_same_table(tmp_path, table):
    project, budget, rows = table
    expected = _read(tmp_path, "tabs.txt", layout_tabs(project, budget, rows))
    assert expected[0] == project and expected[1] == budget * 10_000
    assert [r[2:] for r in expected[2]] == [(name, target) for _, _, name, target in rows]
    layouts = [layout_cell_per_line, layout_pipes]
    # Glued text cannot tell a word of judgement (及时) from the start of the next row's name; a
    # figure or a date it can. (A reader of the page could not tell either without knowing the names.)
    if not any(target == "及时" for _, _, _, target in rows[:-1]):
        layouts.append(layout_glued)
    for layout in layouts:
        assert _read(tmp_path, layout.__name__ + ".txt", layout(project, budget, rows)) == expected, layout.__name__


PIECES = st.lists(st.one_of(st.sampled_from(["项目名称", "一级指标", "指标值", "资金总额:", "年度资金总额", "产出指标", "数量指标",
                                              "满意度指标", "绩效目标表", "分配表", "≥95%", "30", "万元", "(万元)"]),
                            st.text(alphabet=NAME_CHARS + "0123456789%≥≤,。", min_size=1, max_size=12)),
                  min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_cutting_a_glued_text_loses_and_invents_nothing(pieces):
    text = "".join(pieces)
    assert "".join(_cut_glued(text)).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=NAME_CHARS + "年度指标值一级 ", min_size=1, max_size=8), min_size=1, max_size=8))
def test_cutting_at_white_space_loses_and_invents_nothing(words):
    text = " ".join(words)
    assert "".join(_cut_spaces(text)) == "".join(text.split())


SLOTS = ["weight", "target", "actual", "score"]


@settings(max_examples=300, deadline=None)
@given(NAMES, st.sampled_from([2, 4, 5, 8, 10, 12, 15, 20, 30]), st.integers(1, 5000), st.data())
@example("边销茶发放人数", 20, 100, None)
def test_glued_figures_are_cut_without_loss_into_a_reading_as_good_as_the_truth(name, weight, target, data):
    score = data.draw(st.integers(0, weight)) if data is not None else weight
    truth = [str(weight), str(target), str(target), str(score)]
    glued = name + "".join(truth)
    found = split_row(glued, SLOTS)
    assert found is not None
    found_name, placed = found
    assert found_name == name
    assert "".join(placed) == "".join(truth)  # every digit kept, in order
    chosen = _plausibility(_first_of_each(SLOTS, placed))
    assert chosen >= _plausibility(dict(zip(SLOTS, truth)))
    if found_name == name and placed[1] == placed[2]:
        assert float(placed[3]) <= float(placed[0])  # a met target scored no more than its weight
