"""Workbooks damaged in the ways that used to abort, hang or exhaust the reader: each is now a READ001
with a reason, in well under a second, and the run goes on."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from office_fixtures import write_xlsx  # noqa: E402

from jxlint.api import lint  # noqa: E402

ROWS = [["项目名称", "示例项目"], ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训次数", "≥5次"]]


def _damaged(tmp_path, change) -> Path:
    """A small valid workbook with its members changed by ``change(name, data) -> data``."""
    good = tmp_path / "good.xlsx"
    write_xlsx(good, [("Sheet1", ROWS)])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            copy.writestr(item.filename, change(item.filename, source.read(item)))
        extra = change("<extra>", b"")
        if extra:
            for name, data in extra:
                copy.writestr(name, data)
    return bad


def _sheet(change):
    return lambda name, data: change(data) if name == "xl/worksheets/sheet1.xml" else (None if name == "<extra>" else data)


def _reason(path) -> str:
    report = lint(path, lang="en")
    assert report.unreadable == [str(path)], [f.message for f in report.findings]
    return report.findings[0].message


@pytest.mark.parametrize("reference", ["A99999999999", "XFDA1", "A" * 100_000 + "1", "A" + "9" * 5000])
def test_a_cell_reference_beyond_the_last_cell(tmp_path, reference):
    path = _damaged(tmp_path, _sheet(lambda xml: xml.replace(b'<c r="B2"', f'<c r="{reference}"'.encode(), 1)))
    assert "beyond any spreadsheet's last cell" in _reason(path)


def test_a_row_number_of_thousands_of_digits(tmp_path):
    path = _damaged(tmp_path, _sheet(lambda xml: xml.replace(b'<row r="3"', b'<row r="' + b"9" * 5000 + b'"', 1)))
    assert "beyond any spreadsheet's last cell" in _reason(path)


def test_shared_strings_that_declare_a_trillion_strings(tmp_path):
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'count="1000000000000" uniqueCount="1000000000000"><si><t>x</t></si></sst>')

    def change(name, data):
        return [("xl/sharedStrings.xml", strings)] if name == "<extra>" else data

    assert "declares" in _reason(_damaged(tmp_path, change))


def test_an_xml_declaration_with_an_unknown_encoding(tmp_path):
    def change(name, data):
        if name == "xl/workbook.xml":
            return b'<?xml version="1.0" encoding="x-unknown-9"?>' + data
        return None if name == "<extra>" else data

    assert "damaged part" in _reason(_damaged(tmp_path, change))


def test_ten_thousand_sheet_entries_on_one_part_are_one_sheet(tmp_path):
    def change(name, data):
        if name == "xl/workbook.xml":
            entry = re.search(rb"<sheet [^>]*/>", data).group(0)
            copies = b"".join(entry.replace(b'name="Sheet1"', f'name="S{i}"'.encode()).replace(b'sheetId="1"', f'sheetId="{i + 2}"'.encode())
                              for i in range(10_000))
            return data.replace(entry, entry + copies)
        return None if name == "<extra>" else data

    report = lint(_damaged(tmp_path, change))
    assert len(report.summaries) == 1


def test_a_note_far_outside_the_cells(tmp_path):
    comments = (b'<?xml version="1.0"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<authors><author>a</author></authors><commentList><comment ref="ZZ900000" authorId="0"><text><t>x</t>'
                b'</text></comment></commentList></comments>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="c1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
            b'Target="../comments1.xml"/></Relationships>')

    def change(name, data):
        if name == "<extra>":
            return [("xl/comments1.xml", comments), ("xl/worksheets/_rels/sheet1.xml.rels", rels)]
        return data

    assert "limit" in _reason(_damaged(tmp_path, change))
