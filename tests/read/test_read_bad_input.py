"""Files that cannot be read give a ReadError naming the file and the reason; nothing is ever written."""

from __future__ import annotations

import json
import struct
import zipfile

import pytest
from office_fixtures import EXAMPLES, compound_file, paragraph_xml, write_csv, write_docx
from openpyxl import Workbook

import jxlint
from jxlint.cli import main
from jxlint.read import limits, read_path
from jxlint.read.errors import ReadError


def _workbook(path, *rows):
    workbook = Workbook()
    for row in rows or (["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训次数", "≥2次"]):
        workbook.active.append(row)
    workbook.save(path)
    return path


def _reason(path) -> str:
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(path) in str(caught.value)
    return caught.value.reason


def _rewrite(source, target, member, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == member else data)
    return target


def test_empty_file(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"")
    assert "empty" in _reason(tmp_path / "t.xlsx")


def test_truncated_and_corrupt_zips(tmp_path):
    data = _workbook(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    assert "damaged or truncated zip" in _reason(tmp_path / "half.xlsx")
    (tmp_path / "junk.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "damaged or truncated zip" in _reason(tmp_path / "junk.xlsx")
    with zipfile.ZipFile(tmp_path / "good.xlsx") as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    flipped = bytearray(data)
    for offset in range(start + 20, start + 60):
        flipped[offset] ^= 0x5A
    (tmp_path / "flipped.xlsx").write_bytes(bytes(flipped))
    assert "damaged" in _reason(tmp_path / "flipped.xlsx")


def test_password_protected_workbook(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x01" * 5000}))
    assert "password-protected" in _reason(path)


def test_legacy_word_document(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5" + b"\x00" * 100}))
    assert "save it as .docx" in _reason(path)


def test_zip_bombs(tmp_path):
    ratio = tmp_path / "ratio.xlsx"
    _rewrite(_workbook(tmp_path / "good.xlsx"), ratio, "xl/styles.xml", lambda data: data + b" " * (3 * 2**20))
    assert "zip bomb" in _reason(ratio)

    huge = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * 2**20
            for _ in range(limits.MAX_BYTES // 2**20 + 1):
                member.write(chunk)
    assert "above the 200 MB limit" in _reason(huge)


def test_member_that_lies_about_its_size(tmp_path):
    """A bomb can state a small size; zipfile stops there and the CRC check fails."""
    path = _workbook(tmp_path / "good.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    name = info.filename.encode()
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, 10)  # local header: uncompressed size
    central = next(i for i in _all(data, b"PK\x01\x02") if data[i + 46: i + 46 + len(name)] == name)
    struct.pack_into("<I", data, central + 24, 10)  # central directory: uncompressed size
    (tmp_path / "liar.xlsx").write_bytes(bytes(data))
    assert "damaged zip member" in _reason(tmp_path / "liar.xlsx")


def _all(data: bytes, needle: bytes):
    index = data.find(needle)
    while index != -1:
        yield index
        index = data.find(needle, index + 1)


def test_binary_file_named_csv_and_a_workbook_named_csv(tmp_path):
    (tmp_path / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in _reason(tmp_path / "photo.csv")
    renamed = _workbook(tmp_path / "renamed.csv")  # content decides, not the name
    assert read_path(renamed)[0].rows[1].texts == ["产出指标", "数量指标", "培训次数", "≥2次"]


def test_other_zips_and_empty_documents(tmp_path):
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("a.txt", "hello")
    assert "neither an xlsx workbook nor a docx document" in _reason(tmp_path / "photos.zip")
    workbook = Workbook()
    workbook.create_sheet("第二页")
    workbook.save(tmp_path / "blank.xlsx")
    assert "no visible sheet with any content" in _reason(tmp_path / "blank.xlsx")
    write_docx(tmp_path / "blank.docx", paragraph_xml("") + paragraph_xml("  "))
    assert "no text" in _reason(tmp_path / "blank.docx")


@pytest.mark.parametrize("far_cell,reason", [
    ("XFD1048576", "200,000 rows"), ("XFD1000", "5,000,000 cells"), ("A200001", "200,000 rows"),
])
def test_huge_sheets_are_refused_before_they_are_allocated(tmp_path, far_cell, reason):
    workbook = Workbook()
    workbook.active["A1"] = "一级指标"
    workbook.active[far_cell] = "x"
    workbook.save(tmp_path / "far.xlsx")
    assert reason in _reason(tmp_path / "far.xlsx")


def test_row_and_size_limits_for_text(tmp_path, monkeypatch):
    path = tmp_path / "long.csv"
    write_csv(path, [["指标", str(n)] for n in range(50)], "utf-8")
    monkeypatch.setattr(limits, "MAX_ROWS", 10)
    assert "more than 10 rows" in _reason(path)
    monkeypatch.setattr(limits, "MAX_BYTES", 100)
    assert "above the" in _reason(path)


def test_reading_never_writes_the_input(tmp_path):
    xlsx = _workbook(tmp_path / "t.xlsx")
    docx = tmp_path / "t.docx"
    write_docx(docx, paragraph_xml("2025年示例项目绩效目标表"))
    csv_file = tmp_path / "t.csv"
    write_csv(csv_file, [["一级指标", "指标值"]], "gbk")
    for path in (xlsx, docx, csv_file):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        read_path(path)
        main(["check", "--format", "json", str(path)])
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.docx", "t.xlsx"]


def test_cli_reports_unreadable_workbooks_and_lints_the_rest(tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(compound_file({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x01" * 10}))
    status = main(["check", "--format", "json", str(broken), str(secret), str(EXAMPLES / "binhai-2025-project-targets.txt")])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert status == 1 and "Traceback" not in err
    read = {f["path"]: f["message"] for f in report["findings"] if f["category"] == "read"}
    assert set(read) == {str(broken), str(secret)} and "password" in read[str(secret)]
    assert len(report["tables"]) == 8
    assert main(["check", str(broken), str(secret)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_bytes_of_a_workbook_lint_like_its_file(tmp_path):
    path = _workbook(tmp_path / "t.xlsx", ["2025年示例项目绩效目标表"], ["项目名称", "示例"],
                     ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "时效指标", "完成时间", "2015年12月前"])
    from_file = jxlint.lint(path)
    from_bytes = jxlint.lint(path.read_bytes(), name="upload.xlsx")
    assert [(f.rule, f.location.cell) for f in from_bytes.findings] == [(f.rule, f.location.cell) for f in from_file.findings]
    assert any(f.rule == "DATE001" for f in from_file.findings)
