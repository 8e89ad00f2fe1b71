"""The PDF reader: ruled tables with merged cells, text between them, tables continued over pages, refusals."""

from __future__ import annotations

from collections import Counter

import pytest
from office_fixtures import BINHAI, EXAMPLES, SEEDS, findings_of, seed_rows, tables_of
from web_fixtures import blocks, write_pdf

import jxlint
from jxlint.read import limits, read_path
from jxlint.read.errors import ReadError


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pdfs_lint_as_the_text_seed(tmp_path, seed):
    path = tmp_path / "tables.pdf"
    write_pdf(path, blocks(seed_rows(seed)), tall=seed.startswith("chaoyang"))  # 绩效指标 merged down 30 rows
    report, text_report = jxlint.lint(path), jxlint.lint(EXAMPLES / seed)
    assert not report.unreadable and report.tables
    assert tables_of(report) == tables_of(text_report)
    assert findings_of(report) == findings_of(text_report)
    assert all(f.location.page for f in report.findings if f.location.path == str(path))


def test_several_tables_on_a_page_with_merged_labels_and_locations(tmp_path):
    rows = seed_rows(BINHAI)
    path = tmp_path / "binhai.pdf"
    write_pdf(path, blocks(rows))
    grid = read_path(path)[0]
    tables_on_page_1 = {row.location.table for row in grid.rows if row.location.page == 1 and row.location.table}
    assert len(tables_on_page_1) >= 2
    output = next(row for row in grid.rows if row.texts[:2] == ["产出指标", "数量指标"])
    below = grid.rows[grid.rows.index(output) + 1]
    assert below.texts[0] == "" and below.texts[1]  # the merged 一级 label is not repeated down its block
    deadline = next(f for f in jxlint.lint(path).findings if f.rule == "DATE001")
    cell = next(c for row in grid.rows for c in row.cells if c.location == deadline.location)
    assert cell.text == "2015年12月前"
    assert deadline.location.short().startswith(f"page {deadline.location.page}, table ")
    title = next(row for row in grid.rows if row.texts[0].startswith("2.2025"))
    assert title.location.table is None and title.location.short().startswith("page ")


def _split_over_two_pages(rows: list[list[str]]) -> list[tuple[str, list[list[str]]]]:
    """The first table of the seed cut before its second 一级 block, the rest on the next page under a
    repeated 一级指标 header row."""
    story = blocks(rows)
    index = next(i for i, (kind, _) in enumerate(story) if kind == "table")
    table = story[index][1]
    header = next(i for i, row in enumerate(table) if row[0] == "一级指标")
    cut = next(i for i in range(header + 2, len(table)) if table[i][0])
    width = max(len(row) for row in table)  # the continued part keeps the table's columns
    repeated = table[header] + [""] * (width - len(table[header]))
    pieces = [("table", table[:cut]), ("break", []), ("table", [repeated, *table[cut:]])]
    return story[:index] + pieces + story[index + 1:]


def test_a_table_continued_on_the_next_page_drops_the_repeated_header(tmp_path):
    rows = seed_rows(BINHAI)
    whole, split = tmp_path / "whole.pdf", tmp_path / "split.pdf"
    write_pdf(whole, blocks(rows))
    write_pdf(split, _split_over_two_pages(rows))
    whole_rows, split_rows = read_path(whole)[0].rows, read_path(split)[0].rows
    def filled(rows):  # a part of a table on a page where no row reaches its last columns has none of them
        return [r.texts[:max(i for i, t in enumerate(r.texts) if t) + 1] for r in rows]

    assert filled(split_rows) == filled(whole_rows)
    first_on_page_2 = next(r for r in split_rows if r.location.page == 2)
    assert first_on_page_2.texts[0] != "一级指标"
    assert first_on_page_2.location.short() == "page 2, table 1, row 2, column 1"
    assert findings_of(jxlint.lint(split)) == findings_of(jxlint.lint(whole))


def _image_only_pdf(path) -> None:
    """A one-page PDF holding a picture of a table and no text (a scan)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for y in range(0, 200, 40):
        draw.line([(0, y), (400, y)], fill=0)
    canvas = Canvas(str(path))
    canvas.drawImage(ImageReader(image), 50, 500, 400, 200)
    canvas.save()


def test_a_scanned_pdf_is_read001_and_the_other_files_still_lint(tmp_path, capsys):
    import json

    from jxlint.cli import main

    _image_only_pdf(tmp_path / "scan.pdf")
    write_pdf(tmp_path / "text.pdf", blocks(seed_rows(BINHAI)))
    report = jxlint.lint(tmp_path / "scan.pdf")
    assert [(f.rule, f.data.get("reason")) for f in report.findings] == [
        ("READ001", "no text layer: scanned PDF, OCR is not supported")]
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    output = json.loads(capsys.readouterr().out)
    assert Counter(t["path"].rsplit("/", 1)[1] for t in output["tables"]) == {"text.pdf": 8}
    assert any(f["rule"] == "READ001" and f["path"].endswith("scan.pdf") for f in output["findings"])


def test_encrypted_damaged_and_too_long_pdfs_are_read_errors(tmp_path, monkeypatch):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    locked = tmp_path / "locked.pdf"
    canvas = Canvas(str(locked), encrypt=StandardEncryption("user", "owner"))
    canvas.drawString(100, 700, "secret")
    canvas.save()
    with pytest.raises(ReadError, match="password-protected"):
        read_path(locked)

    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(ReadError, match="PDF"):
        read_path(damaged)

    two_pages = tmp_path / "two.pdf"
    write_pdf(two_pages, [("text", [["第一页"]]), ("break", []), ("text", [["第二页"]])])
    assert [r.location.page for r in read_path(two_pages)[0].rows] == [1, 2]
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 1)
    with pytest.raises(ReadError, match="2 pages, above the limit of 1"):
        read_path(two_pages)


def test_two_column_groups_read_as_their_text_layout(tmp_path):
    """A ruled 中期 | 年度 table (the 一级 merged down, 二级/三级/指标值 twice) lints as the same table published as text."""
    rows = [["东川市财政项目支出绩效目标批复表"], ["( 2021 年度)"], ["预算单位:东川市水务局"],
            ["项目名称", "河道清淤整治工程", "中期市财政预算(万元)", "4200.00", "本年度申请市财政预算资金(万元)", "860.00", ""],
            ["总体目标", "中期滚动目标(2021年--2023年)", "整治河道42公里。", "", "年度目标", "完成清淤8.6公里。", ""],
            ["一级指标", "二级指标", "三级指标", "指标值(或计划水平)", "二级指标", "三级指标", "计划指标值(或计划水平)"],
            ["预期产出指标", "数量指标", "清淤河道长度", "42公里", "数量指标", "清淤河道长度", "8.6公里"],
            ["", "质量指标", "工程验收合格率", "100%", "质量指标", "工程验收合格率", "100%"],
            ["", "时效指标", "年度工程完工率", "100%", "时效指标", "年度工程完工率", "≥95%"]]
    path = tmp_path / "two_groups.pdf"
    write_pdf(path, blocks(rows))
    report = jxlint.lint(path)
    text = jxlint.lint(EXAMPLES.parent / "tests" / "data" / "layouts" / "pipe_rows_two_groups.txt")
    assert tables_of(report) == tables_of(text) == [("河道清淤整治工程", 2021, 8_600_000)]
    assert findings_of(report) == findings_of(text)
    assert [(i.target.text, i.long_term.text) for i in report.tables[0].indicators] == [
        ("8.6公里", "42公里"), ("100%", "100%"), ("≥95%", "100%")]


def test_a_pdf_whose_text_holds_lone_utf16_halves_is_linted_and_reported_as_json(capsys):
    """A fuzzed seed PDF (a stretch of its stream doubled) whose fonts map glyphs to lone UTF-16 surrogates:
    they are read as � or dropped, so the JSON report can be written (it used to end in a UnicodeEncodeError)."""
    import json

    from jxlint.cli import main

    path = EXAMPLES.parent / "tests" / "data" / "damaged" / "lone-surrogates.pdf"
    assert main(["check", "--format", "json", str(path)]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings and "JXL002" not in {f["rule"] for f in findings}
    texts = "".join(f["message"] for f in findings)
    assert not any(0xD800 <= ord(c) < 0xE000 for c in texts)
