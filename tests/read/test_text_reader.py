"""The text reader: every shape a table travels in as text, and every encoding, gives the same cells."""

from __future__ import annotations

import pytest

from jxlint.core.location import Location
from jxlint.read.errors import ReadError
from jxlint.read.grid import Cell
from jxlint.read.text import read_text

ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训次数", "≥2次"],
    ["", "时效指标", "完成时间", "2025年12月底前"],
]


def _cells(grid):
    return [r.texts for r in grid.rows]


@pytest.mark.parametrize(
    "text",
    [
        "\n".join("\t".join(r) for r in ROWS),
        "\n".join("| " + " | ".join(r) + " |" for r in ROWS[:1])
        + "\n|---|---|---|---|\n"
        + "\n".join("| " + " | ".join(r) + " |" for r in ROWS[1:]),
    ],
    ids=["tabs", "pipes"],
)
def test_delimited_shapes_give_the_same_cells(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    assert _cells(read_text(path)) == ROWS


def test_runs_of_spaces_split_cells_and_drop_empty_ones(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("产出指标  数量指标   培训次数    ≥2次\n", encoding="utf-8")
    assert _cells(read_text(path)) == [["产出指标", "数量指标", "培训次数", "≥2次"]]


def test_cell_per_line_rows_and_continuations(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(
        "1.2025年示例项目绩效目标表\n\t项目名称\n\t示例项目\n\n\t绩效目标\n\t1.第一段\n2.第二段\n\n\t一级指标\n\t指标值\n",
        encoding="utf-8",
    )
    grid = read_text(path)
    assert _cells(grid) == [["1.2025年示例项目绩效目标表"], ["项目名称", "示例项目"], ["绩效目标", "1.第一段\n2.第二段"], ["一级指标", "指标值"]]
    assert [r.location.line for r in grid.rows] == [1, 2, 5, 9]
    assert grid.rows[2].cells[1].location == Location(str(path), line=6)  # a cell per line: no column


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes("\n".join("\t".join(r) for r in ROWS).encode(encoding))
    assert _cells(read_text(path)) == ROWS


@pytest.mark.parametrize(
    "content,reason",
    [(b"", "empty"), (b"  \n\n", "empty"), (b"PK\x03\x04\x00\x00binary", "binary")],
)
def test_unreadable_files_raise_read_error_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_text(path)
    assert reason in caught.value.reason and str(path) in str(caught.value)


def test_reading_never_writes(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("\n".join("\t".join(r) for r in ROWS), encoding="utf-8")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_text(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_tab_cells_carry_their_line_and_column(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("项目名称\t示例项目\n一级指标\t二级指标\t三级指标\t指标值\n", encoding="utf-8")
    cell = read_text(path).rows[1].cells[2]
    assert (cell.text, cell.location.line, cell.location.column, cell.location.sheet) == ("三级指标", 2, 3, None)
    assert cell.location.short() == "line 2"


def test_a_cell_located_on_demand_equals_one_located_at_once(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("项目名称  示例项目\n", encoding="utf-8")
    cell = read_text(path).rows[0].cells[1]
    assert cell == Cell("示例项目", Location(str(path), line=1, column=2))
    assert cell != Cell("示例项目", Location(str(path), line=1, column=1))
    assert cell.location is cell.location  # made once, then kept
