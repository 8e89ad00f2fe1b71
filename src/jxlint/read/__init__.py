"""Stage 1 of the pipeline: read a file into rows of located cells, knowing nothing of rules.

:func:`read_path` picks the reader by the file's content, not its name:

* zip holding ``xl/workbook.xml`` → :mod:`.xlsx` (.xlsx, .xlsm; python-calamine):
  one Grid per visible sheet, cells at ``sheet`` + ``cell`` ("E12"), ``row``,
  ``column``, physical and 1-based;
* zip holding ``word/document.xml`` → :mod:`.docx` (stdlib): table cells at
  ``table``, ``row``, ``column``; paragraphs outside tables at ``line`` = the
  paragraph's number;
* OLE compound file with a ``Workbook`` stream → :func:`.xlsx.read_xls` (legacy
  .xls, as xlsx without number formats); an ``EncryptedPackage`` (a
  password-protected xlsx/docx), a .doc or anything else → ReadError;
* ``%PDF-`` → :mod:`.pdf` (pypdfium2, in a child process with capped memory and
  time): ruled tables at ``page``, ``table`` (on that page), ``row``, ``column``,
  the text between them at ``page`` and ``line``;
* HTML (named .html/.htm/.mhtml/.mht, or starting with ``<!DOCTYPE html``,
  ``<html``, ``<table``) → :mod:`.html` (selectolax): tables at ``table``,
  ``row``, ``column`` and the cell's CSS selector (``element``), the text
  around them at ``line`` (its block's number);
* other content named ``.csv`` → :mod:`.csvfile` (csv module), cells at
  ``line`` (where the record starts) and ``column``;
* any other text → :mod:`.text` (.txt, .tsv, dumps), cells at ``line``, ``column``.

:mod:`.decode` detects a text file's encoding, :mod:`.archive` opens zips
with their sizes checked, :mod:`.limits` holds every limit, :mod:`.grid` the
Grid/Row/Cell every reader returns. Any file that cannot be read raises
:class:`.errors.ReadError` with the reason in words; nothing is written to
the input.
"""

from __future__ import annotations

import os
from pathlib import Path

from jxlint.read import limits
from jxlint.read.errors import ReadError
from jxlint.read.grid import Grid

#: File endings jxlint reads when given a folder (a file named otherwise is read by its content).
READABLE_SUFFIXES = (".txt", ".tsv", ".csv", ".xlsx", ".xlsm", ".xls", ".docx", ".html", ".htm", ".mhtml", ".mht", ".pdf")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<?xml", b"<!--")


def _utf16(name: str) -> bytes:
    # OLE directory entries store stream names in UTF-16LE.
    return name.encode("utf-16-le")


def read_path(path: str | Path) -> list[Grid]:
    """The Grids of one file (one per sheet of a workbook); ReadError when it cannot be read."""
    name = str(path)
    size = os.stat(name).st_size
    if size == 0:
        raise ReadError(name, "the file is empty")
    if size > limits.MAX_BYTES:
        raise ReadError(name, f"the file is {size / 2**20:.0f} MB, above the {limits.MAX_BYTES // 2**20} MB limit")
    with open(name, "rb") as stream:
        head = stream.read(1024)
    magic = head[:8]
    try:
        if magic.startswith(_ZIP_MAGIC):
            return _read_zip(name)
        if magic == _OLE_MAGIC:
            return _read_ole(name)
        if head.lstrip().startswith(b"%PDF-"):
            from jxlint.read.pdf import read_pdf
            from jxlint.read.sandbox import in_child

            grids = in_child(read_pdf, name)  # a damaged PDF can make the native reader abort the process
        elif _is_html(name, head):
            from jxlint.read.html import read_html

            grids = read_html(name)
        elif name.lower().endswith(".csv"):
            from jxlint.read.csvfile import read_csv

            grids = [read_csv(name)]
        else:
            from jxlint.read.text import read_text

            grids = [read_text(name)]
    except RecursionError:
        raise ReadError(name, "the file is nested too deeply to read") from None
    if len(grids[0].rows) > limits.MAX_ROWS:
        raise ReadError(name, f"more than {limits.MAX_ROWS:,} rows")
    return grids


def _is_html(name: str, head: bytes) -> bool:
    """True for a file named as a web page, or whose first tag (after a BOM and blanks) is an HTML one."""
    if name.lower().endswith(_HTML_SUFFIXES):
        return True
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return start.startswith(_HTML_STARTS) and (b"<html" in start or b"<table" in start or b"<body" in start)


def _read_zip(name: str) -> list[Grid]:
    from jxlint.read.archive import main_part, open_zip, read_member

    with open_zip(name) as archive:
        members = set(archive.namelist())
        main = main_part(archive, name) or ""
        if main.endswith("workbook.xml") or "xl/workbook.xml" in members:
            from jxlint.read.xlsx import read_xlsx

            return read_xlsx(name, archive, main or "xl/workbook.xml")
        if main.endswith("document.xml") or "word/document.xml" in members:
            from jxlint.read.docx import read_docx

            return read_docx(name, archive, main or "word/document.xml")
        if main.endswith(".bin") or "xl/workbook.bin" in members:
            raise ReadError(name, "a binary workbook (.xlsb): save it as .xlsx")
        if "mimetype" in members and b"opendocument" in read_member(archive, "mimetype", name)[:100]:
            raise ReadError(name, "an OpenDocument file (.ods/.odt): save it as .xlsx or .docx")
        raise ReadError(name, "a zip archive that is neither an xlsx workbook nor a docx document")


def _read_ole(name: str) -> list[Grid]:
    """A Microsoft compound file: an encrypted xlsx/docx, a legacy .xls (read) or .doc (refused)."""
    content = Path(name).read_bytes()
    if _utf16("EncryptedPackage") in content:
        raise ReadError(name, "the file is password-protected (encrypted): open it, remove the password "
                              "(文件 → 信息 → 保护) and save it again")
    if _utf16("WordDocument") in content:
        raise ReadError(name, "a Word 97–2003 .doc document: save it as .docx")
    if _utf16("Workbook") in content or _utf16("Book") in content:
        from jxlint.read.sandbox import in_child
        from jxlint.read.xlsx import read_xls

        return in_child(read_xls, name)  # a damaged .xls can make the native reader abort the process
    raise ReadError(name, "an OLE compound file that is neither an Excel workbook nor a Word document")
