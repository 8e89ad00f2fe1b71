"""The csv reader: the csv module's quoting, the encodings Excel and WPS save, record line numbers."""

from __future__ import annotations

import pytest

from jxlint.read import read_path

CSV = (
    "2025年示例项目绩效目标表,,,\r\n"
    "\r\n"
    "项目名称,\"示例项目，含逗号,和英文逗号\",,\r\n"
    "绩效目标,\"1.第一段\n2.第二段\",,\r\n"
    "一级指标,二级指标,三级指标,指标值\r\n"
    "产出指标,数量指标,\"培训\"\"次数\"\"\",≥2次\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_quotes_newlines_and_commas_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode(encoding))
    grid = read_path(path)[0]
    assert [r.texts for r in grid.rows] == [
        ["2025年示例项目绩效目标表", "", "", ""],
        ["项目名称", "示例项目，含逗号,和英文逗号", "", ""],
        ["绩效目标", "1.第一段\n2.第二段", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训\"次数\"", "≥2次"],
    ]
    # a record's cells carry the line it starts on; a field with a newline moves the next record down
    assert [r.location.line for r in grid.rows] == [1, 3, 4, 6, 7]
    assert grid.rows[4].cells[3].location.short() == "line 7" and grid.rows[4].cells[3].location.column == 4


def test_tab_separated_csv(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训次数,场次\t≥2次\n", encoding="utf-8")
    assert read_path(path)[0].rows[1].texts == ["产出指标", "数量指标", "培训次数,场次", "≥2次"]


def test_text_files_keep_the_text_reader(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("一级指标  二级指标  三级指标  指标值\n", encoding="utf-8")
    assert read_path(path)[0].rows[0].texts == ["一级指标", "二级指标", "三级指标", "指标值"]
