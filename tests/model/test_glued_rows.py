"""Glued rows (several indicator rows run together in one text) are cut into rows only when the
whole text is rows; a sentence with figures in it stays one text."""

from __future__ import annotations

from jxlint.model.glued import split_rows
from jxlint.model.tokens import title_kind

SLOTS = ["target", "actual"]


def test_two_glued_rows_are_cut_at_their_names():
    rows = split_rows("培训农民人数≥200人236人发放宣传资料≥500份520份", SLOTS)
    assert [name for name, _ in rows] == ["培训农民人数", "发放宣传资料"]
    assert rows[0][1][:2] == ["≥200人", "236人"]


def test_a_sentence_with_figures_is_no_rows():
    text = "针对监测帮扶对象共计3875人(涉及12个乡镇)已发放3620人，剩余255人待发放100100"
    assert split_rows(text, SLOTS) == []


def test_a_section_label_is_no_title():
    assert title_kind("项目绩效目标") is None
    assert title_kind("2021年度项目支出绩效目标表") is not None
