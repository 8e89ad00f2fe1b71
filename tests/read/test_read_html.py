"""The HTML reader: spans expanded in grid columns, text around tables, charsets, locations, and the seeds as pages."""

from __future__ import annotations

import pytest
from office_fixtures import EXAMPLES, SEEDS, findings_of, seed_rows, tables_of
from web_fixtures import html_table, seed_html

import jxlint
from jxlint.read import read_path
from jxlint.read.errors import ReadError


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pages_lint_as_the_text_seed(tmp_path, seed):
    page = seed_html(seed_rows(seed))
    assert "rowspan=" in page or seed.startswith("guangzhou")  # one project per row: nothing merged
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report, text_report = jxlint.lint(path), jxlint.lint(EXAMPLES / seed)
    assert not report.unreadable and report.tables
    assert tables_of(report) == tables_of(text_report)
    assert findings_of(report) == findings_of(text_report)


def test_gbk_page_declared_by_http_equiv_reads_as_utf8(tmp_path):
    rows = seed_rows("nantong-2024-project-targets.txt")
    utf8 = tmp_path / "utf8.html"
    utf8.write_text(seed_html(rows), encoding="utf-8")
    gbk = tmp_path / "gbk.htm"
    page = seed_html(rows, charset="gb2312").replace(
        '<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    gbk.write_bytes(page.encode("gb18030"))  # m² is beyond GB2312: pages that say gb2312 are really GBK/GB18030
    assert [r.texts for r in read_path(gbk)[0].rows] == [r.texts for r in read_path(utf8)[0].rows]


def test_undeclared_gbk_is_told_by_content(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("<html><body><p>单位：万元</p><table><tr><td>项目名称</td><td>示例</td></tr></table>".encode("gbk"))
    assert [r.texts for r in read_path(path)[0].rows] == [["单位：万元"], ["项目名称", "示例"]]


def test_rowspan_colspan_text_around_and_locations(tmp_path):
    page = """<html><head><title>门户</title><script>document.write("<table><tr><td>x</td></tr></table>")</script></head>
    <body><h2>2025年示例项目绩效目标表</h2><p>单位：万元&nbsp;&nbsp;　</p>
    <table id="t"><thead><tr><th>项目名称</th><td colspan="3">示例&nbsp;&nbsp;项目</td></tr></thead>
    <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>
    <tr><td rowspan="2">产出指标</td><td>数量指标</td><td>培训
        次数</td><td id="v1">≥2次</td></tr>
    <tr><td>时效指标</td><td>完成<br>时间</td><td>2025年12月底前</td></tr>
    <tr><td colspan="2" rowspan="2">满意度指标</td><td>满意度</td><td>≥90%</td></tr>
    <tr><td>　</td></tr>
    </table><p>填表人：张三<br>联系电话：12345678</p></body></html>"""
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    rows = read_path(path)[0].rows
    assert [r.texts for r in rows] == [
        ["2025年示例项目绩效目标表"], ["单位：万元"],
        ["项目名称", "示例  项目", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训 次数", "≥2次"],
        ["", "时效指标", "完成\n时间", "2025年12月底前"],
        ["满意度指标", "", "满意度", "≥90%"],
        ["填表人：张三"], ["联系电话：12345678"],
    ]
    assert [c.location.column for c in rows[2].cells] == [1, 2, 3, 4]
    assert rows[1].location.short() == "line 2"
    assert rows[4].cells[3].location.short() == "table 1, row 3, column 4 (#v1)"
    assert rows[5].cells[3].location.short() == (
        "table 1, row 4, column 4 (#t > tbody:nth-of-type(1) > tr:nth-of-type(3) > td:nth-of-type(3))")
    assert rows[5].cells[0].location.element is None  # covered by the rowspan above


def test_tables_in_cells_are_tables_of_their_own(tmp_path):
    page = ("<table><tr><td><h3>2025年示例项目绩效目标表</h3>"
            "<table><tr><td>项目名称</td><td>示例</td></tr></table></td></tr></table>"
            "<div><table><tr><td>一级指标</td><td>二级指标</td></tr></table></div>")
    path = tmp_path / "layout.txt"  # told by its content, not its name
    path.write_text("<!DOCTYPE html>\n<html><body>" + page, encoding="utf-8")
    rows = read_path(path)[0].rows
    assert [r.texts for r in rows] == [["2025年示例项目绩效目标表"], ["项目名称", "示例"], ["一级指标", "二级指标"]]
    assert [r.location.table for r in rows] == [None, 2, 3]
    assert rows[2].cells[1].location.element == "body > div:nth-of-type(1) > table:nth-of-type(1) > " \
        "tbody:nth-of-type(1) > tr:nth-of-type(1) > td:nth-of-type(2)"


def test_mhtml_archive_reads_its_page(tmp_path):
    import quopri

    page = "<html><body><table>" + html_table([["项目名称", "示例"], ["一级指标", "二级指标"]]) + "</table></body></html>"
    encoded = quopri.encodestring(page.encode("gbk")).decode("ascii")
    archive = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
               "Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
               f"{encoded}\r\n--B--\r\n")
    path = tmp_path / "page.mhtml"
    path.write_text(archive, encoding="ascii")
    assert [r.texts for r in read_path(path)[0].rows] == [["项目名称", "示例"], ["一级指标", "二级指标"]]


def test_a_page_without_text_and_a_binary_page_are_read_errors(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><table><tr><td> </td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="no text"):
        read_path(empty)
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"<html>\x00\x01\x02" * 100)
    with pytest.raises(ReadError, match="binary"):
        read_path(binary)


def test_a_row_wider_than_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "wide.html"
    path.write_text("<table><tr>" + '<td colspan="1000">x</td>' * 20 + "</tr></table>", encoding="utf-8")
    with pytest.raises(ReadError, match="columns"):
        read_path(path)


def test_html_parser_is_not_imported_for_other_files():
    import subprocess
    import sys

    code = ("import sys, jxlint.cli, jxlint.read; jxlint.read.read_path(sys.argv[1]); "
            "print('selectolax' in sys.modules, 'pypdfium2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / SEEDS[0])], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_two_column_groups_with_merged_headers_read_as_their_text_layout():
    """A 中期 | 年度 page (one 一级 merged down, the group headers spanning their columns, the goals side
    by side) reads and lints as the same table published as flattened text does."""
    layouts = EXAMPLES.parent / "tests" / "data" / "layouts"
    page = jxlint.lint(layouts / "two_groups_merged.html")
    text = jxlint.lint(layouts / "pipe_rows_two_groups.txt")
    assert tables_of(page) == tables_of(text) == [("河道清淤整治工程", 2021, 8_600_000)]
    assert findings_of(page) == findings_of(text)
    rows = [(i.name, i.target.text, i.long_term.text if i.long_term else None) for i in page.tables[0].indicators]
    assert rows == [("清淤河道长度", "8.6公里", "42公里"), ("工程验收合格率", "100%", "100%"),
                    ("年度工程完工率", "≥95%", "100%")]
