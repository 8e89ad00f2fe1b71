"""The docx reader: body order, spans and merges in grid columns, paragraph and table locations."""

from __future__ import annotations

import zipfile

from office_fixtures import paragraph_xml, write_docx

from jxlint.read import read_path


def _cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraph_xml(text)}</w:tc>"


def _table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


def test_paragraphs_and_tables_in_body_order_with_locations(tmp_path):
    body = (
        paragraph_xml("2.2025年示例项目绩效目标表")
        + paragraph_xml("")
        + paragraph_xml("单位：元")
        + _table(
            _cell("项目名称") + _cell("示例项目", '<w:gridSpan w:val="3"/>'),
            _cell("一级指标") + _cell("二级指标") + _cell("三级指标") + _cell("指标值"),
            _cell("产出指标", '<w:vMerge w:val="restart"/>') + _cell("数量指标") + _cell("培训次数") + _cell("≥2次"),
            _cell("产出指标", "<w:vMerge/>") + _cell("时效指标") + _cell("完成时间") + _cell("2025年12月底前"),
        )
        + paragraph_xml("填表人：张三")
        + _table(_cell("项目名称") + _cell("第二个项目"))
    )
    path = tmp_path / "t.docx"
    write_docx(path, body)
    grid = read_path(path)[0]
    assert [r.texts for r in grid.rows] == [
        ["2.2025年示例项目绩效目标表"],
        ["单位：元"],
        ["项目名称", "示例项目", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训次数", "≥2次"],
        ["", "时效指标", "完成时间", "2025年12月底前"],  # the repeated vMerge text is dropped
        ["填表人：张三"],
        ["项目名称", "第二个项目"],
    ]
    assert [r.location.short() for r in grid.rows] == [
        "line 1", "line 3", "table 1, row 1, column 1", "table 1, row 2, column 1", "table 1, row 3, column 1",
        "table 1, row 4, column 2", "line 4", "table 2, row 1, column 1",
    ]
    assert grid.rows[5].cells[3].location.short() == "table 1, row 4, column 4"


def test_grid_before_keeps_cells_in_their_grid_columns(tmp_path):
    row = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _cell("数量指标") + _cell("≥5个")
    first = _cell("甲") + _cell("乙") + _cell("丙")
    write_docx(tmp_path / "t.docx", f"<w:tbl><w:tr>{first}</w:tr><w:tr>{row}</w:tr></w:tbl>")
    rows = read_path(tmp_path / "t.docx")[0].rows
    assert rows[1].texts == ["", "数量指标", "≥5个"]
    assert rows[1].cells[2].location.column == 3


def test_cell_text_joins_paragraphs_keeps_tabs_and_breaks_and_skips_deleted_text(tmp_path):
    cell = (
        "<w:tc>"
        + paragraph_xml("1.第一段")
        + paragraph_xml("")
        + '<w:p><w:r><w:t>2.第二</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
        + "<w:ins><w:r><w:t>段</w:t></w:r></w:ins><w:r><w:tab/><w:t>尾</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>"
        + "</w:tc>"
    )
    write_docx(tmp_path / "t.docx", f"<w:tbl><w:tr>{_cell('绩效目标')}{cell}</w:tr></w:tbl>")
    assert read_path(tmp_path / "t.docx")[0].rows[0].texts == ["绩效目标", "1.第一段\n2.第二段\t尾\n下一行"]


def test_content_controls_and_nested_tables(tmp_path):
    nested = _table(_cell("内层") + _cell("表格"))
    body = (
        "<w:sdt><w:sdtContent>" + paragraph_xml("控件里的标题") + "</w:sdtContent></w:sdt>"
        + "<w:tbl><w:tr>" + _cell("外层") + f"<w:tc>{paragraph_xml('上')}{nested}</w:tc></w:tr></w:tbl>"
        + _table(_cell("第二个表"))
    )
    write_docx(tmp_path / "t.docx", body)
    rows = read_path(tmp_path / "t.docx")[0].rows
    assert [r.texts for r in rows] == [["控件里的标题"], ["外层", "上\n内层\n表格"], ["第二个表"]]
    assert rows[2].location.table == 2  # a nested table is part of its cell, not a table of its own


def test_strict_open_xml_documents_read_the_same(tmp_path):
    write_docx(tmp_path / "t.docx", _table(_cell("项目名称") + _cell("示例项目")))
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(tmp_path / "t.docx") as old, zipfile.ZipFile(strict, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename).replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    assert read_path(strict)[0].rows[0].texts == ["项目名称", "示例项目"]
