"""Glued rows (several indicator rows run together in one text) are cut into rows only when the
whole text is rows; a sentence with figures in it stays one text."""

from __future__ import annotations

import pytest

from jxlint.model import glued
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


class TooMuchWork(Exception):
    """Raised by the work meter: the reading does more than a bounded amount of work."""


@pytest.mark.parametrize("text", [
    "培训次数" + "1" * 5000 + "%92%100%覆盖率95%100%",  # a 5,000-digit run was cut in every way (cubic)
    "指标甲" + "≥9" * 2000 + "覆盖率95%100%",  # a long run of figures was read again at every start
    "".join(f"指标{i}号≥{i}%100%" for i in range(2000)),  # 2,000 glued rows
])
def test_reading_glued_text_does_work_linear_in_its_length(monkeypatch, text):
    """Counted, not timed: value atoms made and figure pieces tried stay under 200 per character."""
    budget = [200 * len(text)]

    def spend() -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise TooMuchWork(text[:40])

    class MeteredAtom(glued._Atom):
        def __init__(self, *args, **kwargs):
            spend()
            super().__init__(*args, **kwargs)

    well_formed = glued._well_formed
    monkeypatch.setattr(glued, "_Atom", MeteredAtom)
    monkeypatch.setattr(glued, "_well_formed", lambda piece: (spend(), well_formed(piece))[1])
    getattr(glued._cuts, "cache_clear", lambda: None)()  # count the work, not what an earlier test cached
    glued.split_rows(text, SLOTS)
    glued.split_row(text, SLOTS)
    assert budget[0] >= 0
