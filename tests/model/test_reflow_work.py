"""Reading a page back into rows does work linear in its length, counted, not timed (a fuzz input of
12,000 category words glued in a row made the reader look past every one from each one)."""

from __future__ import annotations

import pytest

from jxlint.model import reflow
from jxlint.model.reflow import reflow as reflow_tokens
from jxlint.model.tokens import tokens_of
from jxlint.read.text import read_text


class TooMuchWork(Exception):
    """Raised by the work meter."""


@pytest.mark.parametrize("body", [
    "产出指标\t数量指标\t" * 3000,                # category words in a row, each its own cell
    "产出指标数量指标" * 3000,                    # glued into one line
    "数量指标：培训≥10次；" * 2000,              # prose under category words
])
def test_reading_category_words_is_linear(monkeypatch, tmp_path, body):
    path = tmp_path / "t.txt"
    path.write_text("2025年项目支出绩效目标表\n项目名称\t培训项目\n" + body + "\n", encoding="utf-8")
    grid = read_text(path)
    tokens = tokens_of(grid)
    budget = [60 * len(tokens) + 1000]
    looked = reflow._Reflow._next_filled_at

    def metered(self, position):
        budget[0] -= 1
        if budget[0] < 0:
            raise TooMuchWork(f"more than 60 looks per token over {len(tokens)} tokens")
        return looked(self, position)

    monkeypatch.setattr(reflow._Reflow, "_next_filled_at", metered)
    reflow_tokens(tokens)
