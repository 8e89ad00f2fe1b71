"""jxlint annotate: the findings land on the right cells of a copy; the input is untouched."""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent / "read"))
from office_fixtures import seed_rows, write_xlsx  # noqa: E402

from jxlint.api import lint  # noqa: E402
from jxlint.cli import main  # noqa: E402


def test_annotate_puts_each_finding_on_its_cell(tmp_path, capsys):
    source = tmp_path / "binhai.xlsx"
    write_xlsx(source, [("Sheet1", seed_rows("binhai-2025-project-targets.txt"))])
    before = source.read_bytes()
    target = tmp_path / "binhai.annotated.xlsx"

    assert main(["annotate", str(source), "-o", str(target)]) == 0
    assert source.read_bytes() == before, "the input is never changed"

    findings = lint(source).findings
    located = [f for f in findings if f.location.sheet and f.location.cell]
    assert located, "workbook findings carry sheet and cell"
    book = load_workbook(target)
    sheet = book["Sheet1"]
    for finding in located:
        cell = sheet[finding.location.cell]
        assert cell.comment is not None and finding.rule in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C", "DDEBF7"))
    date = next(f for f in located if f.rule == "DATE001")
    assert sheet[date.location.cell].value == "2015年12月前"
    assert sheet[date.location.cell].fill.fgColor.rgb.endswith("FFC7CE")

    summary = book["jxlint"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(findings)
    link = next(c for c in summary["A"][1:] if c.value == date.location.short())
    assert link.hyperlink.location == f"'Sheet1'!{date.location.cell}" or link.hyperlink.target.endswith(date.location.cell)


def test_annotate_refuses_to_overwrite_its_input(tmp_path, capsys):
    source = tmp_path / "t.xlsx"
    write_xlsx(source, [("Sheet1", seed_rows("binhai-2025-project-targets.txt"))])
    assert main(["annotate", str(source), "-o", str(source)]) == 2
    assert "must not be the input" in capsys.readouterr().err


def test_a_damaged_part_that_check_never_reads_is_a_clear_error(tmp_path, capsys):
    import zipfile

    good = tmp_path / "good.xlsx"
    write_xlsx(good, [("Sheet1", seed_rows("binhai-2025-project-targets.txt"))])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, b"<cp:coreProperties><broken" if item.filename == "docProps/core.xml" else data)
    assert lint(damaged).summaries, "check reads the workbook"
    assert main(["annotate", str(damaged), "-o", str(tmp_path / "out.xlsx")]) == 2
    error = capsys.readouterr().err
    assert "cannot be opened for annotation" in error and str(damaged) in error
