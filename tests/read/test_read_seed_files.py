"""The seed tables written as xlsx, docx and csv lint exactly as their text dumps, with exact locations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from office_fixtures import (
    BINHAI,
    EXAMPLES,
    findings_of,
    seed_docx_body,
    seed_rows,
    split_tables,
    tables_of,
    write_csv,
    write_docx,
    write_xlsx,
)

import jxlint
from jxlint.read import read_path

NANTONG = "nantong-2024-project-targets.txt"
CHAOYANG = "chaoyang-2020-self-assessment.txt"


@pytest.fixture(scope="module")
def text_reports():
    """The reports on the text seeds, linted once."""
    return {name: jxlint.lint(EXAMPLES / name) for name in (BINHAI, NANTONG, CHAOYANG)}


def assert_same_as_text(report, text_report) -> None:
    assert not report.unreadable
    assert tables_of(report) == tables_of(text_report)
    assert findings_of(report) == findings_of(text_report)


@pytest.mark.parametrize("seed", [BINHAI, NANTONG, CHAOYANG])
def test_xlsx_one_sheet_lints_as_the_text_seed(tmp_path, text_reports, seed):
    path = tmp_path / "tables.xlsx"
    write_xlsx(path, [("Sheet1", seed_rows(seed))])
    assert_same_as_text(jxlint.lint(path), text_reports[seed])


@pytest.mark.parametrize("seed", [BINHAI, NANTONG])
def test_xlsx_one_table_per_sheet_lints_as_the_text_seed(tmp_path, text_reports, seed):
    path = tmp_path / "tables.xlsx"
    tables = split_tables(seed_rows(seed))
    write_xlsx(path, [(f"表{n}", rows) for n, rows in enumerate(tables, 1)])
    assert len(read_path(path)) == len(tables) == 8
    report = jxlint.lint(path)
    assert_same_as_text(report, text_reports[seed])
    assert [t.index for t in report.tables] == list(range(1, 9))  # numbered across the whole file


def test_xlsx_locations_are_physical_cells(tmp_path, text_reports):
    path = tmp_path / "binhai.xlsx"
    rows = seed_rows(BINHAI)
    placed = write_xlsx(path, [("Sheet1", rows)])
    report = jxlint.lint(path)
    deadline = next(f for f in report.findings if f.rule == "DATE001" and f.indicator == "无纸化办公系统建设完成时间")
    source = next(i for i, row in enumerate(rows) if "无纸化办公系统建设完成时间" in row and "2015年12月前" in row)
    column = rows[source].index("2015年12月前") + 1
    where = deadline.location
    assert (where.sheet, where.row, where.column) == ("Sheet1", placed[("Sheet1", source)], column)
    assert where.cell == f"E{placed[('Sheet1', source)]}" and where.short() == f"Sheet1!{where.cell}"

    from openpyxl import load_workbook

    assert load_workbook(path)["Sheet1"][where.cell].value == "2015年12月前"
    title = next(i for i, row in enumerate(rows) if row[0].startswith("2.2025"))
    assert report.tables[1].location.cell == f"A{placed[('Sheet1', title)]}"
    assert placed[("Sheet1", title)] > title + 1  # blank rows before each table count in the numbering


def test_xlsx_percent_format_and_merged_labels_come_back_as_text(tmp_path):
    path = tmp_path / "chaoyang.xlsx"
    write_xlsx(path, [("自评表", seed_rows(CHAOYANG))])
    texts = [cell.text for grid in read_path(path) for row in grid.rows for cell in row.cells]
    assert "11.900%" in texts and "3.700%" in texts  # 0.119 formatted 0.000%
    assert "10926.2" in texts and "1300" in texts  # numbers as Excel's General shows them
    assert texts.count("绩效指标") == 1  # the merged label is not repeated down its range


def test_docx_lints_as_the_text_seed_with_table_locations(tmp_path, text_reports):
    rows = seed_rows(BINHAI)
    body, where = seed_docx_body(rows)
    assert "<w:vMerge/>" in body and "<w:gridSpan" in body
    path = tmp_path / "binhai.docx"
    write_docx(path, body)
    report = jxlint.lint(path)
    assert_same_as_text(report, text_reports[BINHAI])
    deadline = next(f for f in report.findings if f.rule == "DATE001" and f.indicator == "完成线路租赁使用")
    source = next(i for i, row in enumerate(rows) if "完成线路租赁使用" in row)
    table, row = where[source]
    assert (deadline.location.table, deadline.location.row, deadline.location.column) == (table, row, 5)
    assert deadline.location.short() == f"table {table}, row {row}, column 5"
    title = next(i for i, r in enumerate(rows) if r[0].startswith("2.2025"))
    assert report.tables[1].location.table is None and report.tables[1].location.line == where[title][1]


@pytest.mark.parametrize("seed,encoding", [(NANTONG, "gb18030"), (CHAOYANG, "gbk"), (BINHAI, "utf-8-sig")])
def test_csv_lints_as_the_text_seed(tmp_path, text_reports, seed, encoding):
    # Nantong writes "m²", which GBK lacks: Excel would save it as GB18030 (GBK's superset) or lose it.
    path = tmp_path / "tables.csv"
    write_csv(path, seed_rows(seed), encoding)
    report = jxlint.lint(path)
    assert_same_as_text(report, text_reports[seed])
    lines = path.read_text(encoding=encoding).splitlines()
    for finding in report.findings:
        if finding.indicator and finding.location.line:
            assert finding.indicator in lines[finding.location.line - 1]


def test_formula_text_and_cached_values(tmp_path):
    """openpyxl saves a typed "=20%" as a formula without a value; Excel saves a value beside the formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "二级指标", "三级指标", "半年指标值", "全年指标值"])
    sheet.append(["产出指标", "数量指标", "预算执行率", "=20%", "=100%"])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    assert read_path(path)[0].rows[1].texts == ["产出指标", "数量指标", "预算执行率", "=20%", "=100%"]

    cached = tmp_path / "cached.xlsx"
    _replace_member(path, cached, "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b"<f>20%</f><v />", b"<f>20%</f><v>0.2</v>"))
    assert read_path(cached)[0].rows[1].texts[3] == "0.2"


def _replace_member(source: Path, target: Path, member: str, change) -> None:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == member else data)


def test_folders_are_searched_for_workbooks_documents_and_csv(tmp_path, capsys):
    import json

    from jxlint.cli import main

    rows = seed_rows(BINHAI)
    write_xlsx(tmp_path / "a.xlsx", [("Sheet1", rows)])
    write_docx(tmp_path / "b.docx", seed_docx_body(rows)[0])
    write_csv(tmp_path / "c.csv", rows, "gbk")
    (tmp_path / "notes.md").write_text("不是表格", encoding="utf-8")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert Counter(t["path"].rsplit("/", 1)[1] for t in report["tables"]) == {"a.xlsx": 8, "b.docx": 8, "c.csv": 8}
