"""The xlsx reader: physical cell addresses, merged cells, numbers as Excel shows them, the XML scan."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.comments import Comment

import jxlint
from jxlint.core.location import Location
from jxlint.model.build import build_tables
from jxlint.read import read_path
from jxlint.read.grid import Cell, Grid, Row
from jxlint.read.xlsx import Display, cell_text, column_letters, column_number, display_of, number_text, scan_sheet

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _save(workbook: Workbook, path):
    workbook.save(path)
    return path


def test_numbers_read_as_excel_shows_them():
    assert [number_text(v) for v in (5.0, -3.0, 1e6, 1234567.891, 0.1 + 0.2, 1e-07, 1e20)] == [
        "5", "-3", "1000000", "1234567.891", "0.3", "0.0000001", "100000000000000000000"]
    percent, three_decimals, month = Display(percent_decimals=0), Display(percent_decimals=3), Display(month_only=True)
    assert cell_text(0.2, percent) == "20%" and cell_text(0.119, three_decimals) == "11.900%"
    assert cell_text(1.0, percent) == "100%" and cell_text("≥90%", percent) == "≥90%"
    assert cell_text(date(2025, 12, 31)) == "2025年12月31日" and cell_text(date(2025, 12, 1), month) == "2025年12月"
    assert cell_text(datetime(2025, 1, 2, 3, 4)) == "2025年1月2日 03:04"
    assert cell_text(True) == "TRUE"


@pytest.mark.parametrize("code,display", [
    ("0%", Display(percent_decimals=0)), ("0.00%", Display(percent_decimals=2)),
    ("#,##0.0%;[Red]-#,##0.0%", Display(percent_decimals=1)), ("[Red]0%", Display(percent_decimals=0)),
    ('0.0"%"', None), ("0.00", None), ("General", None),
    ('yyyy"年"m"月"', Display(month_only=True)), ("mmm-yy", Display(month_only=True)),
    ('yyyy"年"m"月"d"日"', None), ("yyyy/m/d h:mm", None), ("[$-F800]dddd, mmmm dd, yyyy", None),
])
def test_number_formats_that_change_the_text(code, display):
    assert display_of(code) == display


def test_column_letters_round_trip():
    for number in (1, 26, 27, 52, 702, 703, 16384):
        assert column_number(column_letters(number)) == number
    assert column_letters(16384) == "XFD"


def test_cells_keep_physical_positions_blank_rows_skipped(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "表1"
    sheet["B3"] = "2025年示例项目绩效目标表"
    sheet["B5"], sheet["C5"] = "项目名称", "示例项目"
    sheet.merge_cells("C5:F5")
    for column, text in zip("BCDE", HEADER):
        sheet[f"{column}7"] = text
    sheet["B8"], sheet["C8"], sheet["D8"], sheet["E8"] = "产出指标", "数量指标", "培训次数", "≥2次"
    sheet["C9"], sheet["D9"], sheet["E9"] = "时效指标", "完成时间", 0.2
    sheet["E9"].number_format = "0%"
    sheet.merge_cells("B8:B9")
    grid = read_path(_save(workbook, tmp_path / "t.xlsx"))[0]
    assert [r.location.row for r in grid.rows] == [3, 5, 7, 8, 9]
    assert grid.rows[1].texts == ["", "项目名称", "示例项目", "", ""]  # the merge does not shift columns
    assert grid.rows[4].texts == ["", "", "时效指标", "完成时间", "20%"]
    cell = grid.rows[4].cells[4]
    assert cell.location == Location(path=str(tmp_path / "t.xlsx"), sheet="表1", cell="E9", row=9, column=5)
    table = jxlint.lint(tmp_path / "t.xlsx").tables[0]
    assert [(i.level1, i.name) for i in table.indicators] == [("产出指标", "培训次数"), ("产出指标", "完成时间")]


def test_every_cell_has_its_own_address_and_a_row_is_at_its_first_filled_cell(tmp_path):
    workbook = Workbook()
    workbook.active["C4"], workbook.active["AA4"] = "项目名称", "示例项目"
    path = _save(workbook, tmp_path / "t.xlsx")
    row = read_path(path)[0].rows[0]
    assert [c.location.cell for c in row.cells] == [f"{column_letters(n)}4" for n in range(1, 28)]
    assert [(c.location.row, c.location.column) for c in row.cells] == [(4, n) for n in range(1, 28)]
    assert row.location == row.cells[2].location == Location(str(path), sheet="Sheet", cell="C4", row=4, column=3)


def test_number_formats_are_applied_in_a_workbook(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["完成时间", date(2025, 12, 1), datetime(2025, 6, 30), 0.9512, 0.9512, "≥90%"])
    for cell, number_format in zip("BCDEF", ('yyyy"年"m"月"', "yyyy/m/d", "0.0%", "0.00", "0%")):
        sheet[f"{cell}1"].number_format = number_format
    grid = read_path(_save(workbook, tmp_path / "t.xlsx"))[0]
    assert grid.rows[0].texts == ["完成时间", "2025年12月", "2025年6月30日", "95.1%", "0.9512", "≥90%"]


def test_merged_continuations_are_empty_even_when_a_writer_repeats_the_value(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for row in (HEADER, ["产出指标", "数量指标", "甲", "1个"], ["产出指标", "数量指标", "乙", "2个"]):
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    path = _save(workbook, tmp_path / "t.xlsx")
    repeated = tmp_path / "repeated.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(repeated, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                repeat = '<c r="A3" t="inlineStr"><is><t>产出指标</t></is></c>'.encode()
                data = re.sub(rb'<c r="A3"[^>]*/>|<c r="A3"[^>]*>.*?</c>', repeat, data)
            new.writestr(info.filename, data)
    assert [r.texts[0] for r in read_path(repeated)[0].rows] == ["一级指标", "产出指标", ""]


def test_hidden_and_empty_sheets_are_skipped_and_notes_become_comments(tmp_path):
    workbook = Workbook()
    visible = workbook.active
    for row in (["2025年示例项目绩效目标表"], ["项目名称", "示例项目"], HEADER,
                ["产出指标", "时效指标", "完成时间", "2015年12月前"]):
        visible.append(row)
    path = _save(workbook, tmp_path / "t.xlsx")
    assert [f.rule for f in jxlint.lint(path).findings].count("DATE001") == 1
    visible["D4"].comment = Comment("jxlint-ignore: DATE001 跨年度项目", "科长")
    lists = workbook.create_sheet("下拉列表")
    lists.append(HEADER)
    lists.sheet_state = "hidden"
    workbook.create_sheet("空白")
    path = _save(workbook, tmp_path / "t.xlsx")
    grids = read_path(path)
    assert len(grids) == 1 and grids[0].rows[3].cells[3].comment == "jxlint-ignore: DATE001 跨年度项目"
    assert not [f for f in jxlint.lint(path, lang="en").findings if f.rule in {"DATE001", "JXL001"}]


def test_scan_reads_prefixed_xml_and_cells_without_addresses():
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
           b'<x:row r="2"><x:c><x:v>1</x:v></x:c><x:c s="3"><x:v>0.5</x:v></x:c></x:row>'
           b'<x:row><x:c r="D3"><x:f>20%</x:f><x:v/></x:c></x:row></x:sheetData></x:worksheet>')
    one_decimal = Display(percent_decimals=1)
    scan = scan_sheet(xml, {3: one_decimal})
    assert (scan.rows, scan.columns) == (3, 4)
    assert scan.displays == {(1, 1): one_decimal} and scan.formulas == {(2, 3): "20%"}
    plain = xml.replace(b"x:", b"").replace(b"xmlns:x", b"xmlns").replace(b"<c>", b'<c r="A2">').replace(
        b'<c s="3">', b'<c r="B2" s="3">').replace(b"<row>", b'<row r="3">')
    assert scan_sheet(plain, {3: one_decimal}) == scan


def test_legacy_xls_is_read_through_the_same_cells(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("表1")
    sheet.write(0, 0, "2025年示例项目绩效目标表")
    sheet.write(2, 0, "项目名称")
    sheet.write_merge(2, 2, 1, 3, "示例项目")
    for column, text in enumerate(HEADER):
        sheet.write(3, column, text)
    sheet.write_merge(4, 5, 0, 0, "产出指标")
    for row, cells in ((4, ["数量指标", "培训次数", 5.0]), (5, ["时效指标", "完成时间", "2015年12月前"])):
        for column, value in enumerate(cells, 1):
            sheet.write(row, column, value)
    path = tmp_path / "legacy.xls"
    workbook.save(str(path))
    grid = read_path(path)[0]
    assert [r.texts for r in grid.rows] == [
        ["2025年示例项目绩效目标表", "", "", ""], ["项目名称", "示例项目", "", ""], HEADER,
        ["产出指标", "数量指标", "培训次数", "5"], ["", "时效指标", "完成时间", "2015年12月前"]]
    report = jxlint.lint(path)
    assert [(f.rule, f.location.short()) for f in report.findings if f.rule == "DATE001"] == [("DATE001", "表1!D6")]


_LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
_VALUES = ["≥5个", "100%", "≤20万元", "2025年12月底前", "明显提升", "=20%", "≥90%"]
_NAMES = st.text(alphabet="培训次数完成率企业满意度覆盖项目经费", min_size=1, max_size=8)


@st.composite
def indicator_sheets(draw):
    """A header at a random offset, indicator rows below it with blank rows between, labels merged or repeated."""
    top = draw(st.integers(0, 5))
    left = draw(st.integers(0, 4))
    rows = [(top, HEADER)]
    physical = top
    for _ in range(draw(st.integers(1, 8))):
        physical += 1 + draw(st.integers(0, 2))
        level1, level2 = draw(st.sampled_from(_LEVELS))
        rows.append((physical, [level1, level2, draw(_NAMES), draw(st.sampled_from(_VALUES))]))
    return left, rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indicator_sheets())
def test_random_grids_read_back_to_the_same_cells_and_indicators(tmp_path, sheet_spec):
    left, rows = sheet_spec
    workbook = Workbook()
    sheet = workbook.active
    for physical, texts in rows:
        for offset, text in enumerate(texts):
            sheet.cell(row=physical + 1, column=left + offset + 1, value=text)
    path = _save(workbook, tmp_path / "random.xlsx")
    grid = read_path(path)[0]
    read = {(c.location.row, c.location.column): c.text for r in grid.rows for c in r.cells if c.text}
    written = {(p + 1, left + i + 1): t for p, texts in rows for i, t in enumerate(texts)}
    assert read == written
    assert all(c.location.cell == f"{column_letters(c.location.column)}{c.location.row}" for r in grid.rows for c in r.cells)
    in_memory = Grid("mem", [
        Row([Cell(t, Location(path="mem", line=p)) for t in [""] * left + texts], Location(path="mem", line=p))
        for p, texts in rows
    ])
    expected = [(i.level1, i.level2, i.name, i.target.text) for t in build_tables(in_memory) for i in t.indicators]
    got = [(i.level1, i.level2, i.name, i.target.text) for t in build_tables(grid) for i in t.indicators]
    assert got == expected and len(got) == len(rows) - 1


def test_strict_open_xml_workbooks_read_the_same(tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["产出指标", "数量指标", "培训次数", 0.5])
    workbook.active["D2"].number_format = "0%"
    usual = _save(workbook, tmp_path / "usual.xlsx")
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(usual) as old, zipfile.ZipFile(strict, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            data = data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            data = data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            new.writestr(info.filename, data)
    assert [r.texts for r in read_path(strict)[0].rows] == [HEADER, ["产出指标", "数量指标", "培训次数", "50%"]]


def test_formulas_saved_without_a_value_read_back_with_their_entities_decoded(tmp_path):
    workbook = Workbook()
    workbook.active.append(["指标值", '="≥"&"90%"', '=IF(A1<>"",A1,"-")'])
    grid = read_path(_save(workbook, tmp_path / "t.xlsx"))[0]
    assert grid.rows[0].texts == ["指标值", '="≥"&"90%"', '=IF(A1<>"",A1,"-")']


def test_a_row_of_zeros_is_read_not_skipped_as_blank(tmp_path):
    workbook = Workbook()
    workbook.active.append(["资金来源", "预算数", "执行数"])
    workbook.active.append([0, 0, False])
    grid = read_path(_save(workbook, tmp_path / "t.xlsx"))[0]
    assert [r.texts for r in grid.rows] == [["资金来源", "预算数", "执行数"], ["0", "0", "FALSE"]]
