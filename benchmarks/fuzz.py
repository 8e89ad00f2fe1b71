"""Fuzz ``jxlint check``: mutate tables into thousands of damaged files and see that no run falls over.

Issue 13 asks that one bad file never takes down a run. This script makes
``--cases`` damaged files and runs each through ``jxlint check --format json
--fail-on never`` (a tenth of the runs through ``--format sarif``) in a fresh
process, under a memory cap (``RLIMIT_AS``) and a wall-clock timeout.

How it works:

1. **Seeds.** The four real tables in ``examples/`` and small files made
   here: a text table, csv files (UTF-8, GBK, an example's rows), an xlsx
   written with openpyxl (merged labels, a percent and a date format, a cell
   note, a second and a hidden sheet), the same with its strings moved to
   sharedStrings.xml as Excel saves them, an xlsx and a docx of an example's
   rows, a docx built with zipfile from minimal XML, a legacy .xls when
   xlwt is installed, two HTML pages (UTF-8 and GBK) and a ruled PDF drawn
   with reportlab when it is installed (mutated with absurd spans, nested and
   unclosed tables, lone-surrogate entities, wrong charsets, and stretches of
   the PDF doubled or cut).
2. **Cases.** Case ``i`` draws from ``random.Random(f"{seed}:{i}")`` a seed
   file and one mutation that applies to it (see ``MUTATIONS``: byte flips,
   truncation and insertion; zip tricks such as lying member sizes, duplicate
   entries, thousands of sheets on one part, missing parts; garbage, deeply
   nested or oddly declared XML, DOCTYPE entities; absurd cell references,
   sharedStrings counts and comment references; odd encodings, stray bytes,
   NULs, very long lines and huge numbers in text and csv; empty files). The
   same ``--seed`` gives byte-identical cases.
3. **Runs.** Cases are linted in batches of ``--batch`` files per process
   (default 20; ``--jobs`` processes at a time) to save start-up time. A
   batch that exits 0/1/2 with strict JSON and no traceback settles all its
   cases at once. Any other batch is re-run file by file, and each file is
   classified on its own run. A run past ``--timeout`` gets SIGABRT first, so
   that faulthandler prints the stack it was stuck in, then SIGKILL.
4. **Classes.** ``ok`` (exit 0/1, strict JSON), ``clear-error`` (a READ
   finding naming the file, or exit 2 with the file named), ``crash``
   (a traceback on stderr, a signal, an exit status other than 0-3),
   ``internal-error`` (exit 3, jxlint's status for an error in itself; the
   JXL002 finding's error is shown), ``hang`` (the timeout), ``memory``
   (a MemoryError traceback, or the process killed under the cap or by a
   failed allocation; an allocation message from a child process the run
   survived does not count) and ``invalid-json`` (stdout not strict JSON, NaN
   and Infinity refused, or a finding that names no file of the run).
5. **Report.** Counts per class and per mutation kind; the clear-error reasons
   seen; what runs judged fine wrote to stderr; the failures grouped by cause
   (exception, or the innermost jxlint frame of the stack). Each case that is
   neither ok nor clear-error is copied to ``--failures``/<class>/ with a
   ``.txt`` beside it (the mutation, the command, the exit status, the stderr
   tail), and ``summary.json`` holds the counts and every case's verdict, so
   that each failure can be run again by hand.

    .venv/bin/python benchmarks/fuzz.py --cases 600
    .venv/bin/python benchmarks/fuzz.py --cases 5000 --seed 7 --jobs 2 --failures /tmp/fz
    .venv/bin/python benchmarks/fuzz.py --cases 200 --kind cell-reference --kind xml-doctype --out /tmp/cases
    .venv/bin/jxlint check --format json --fail-on never /tmp/jxlint-fuzz-failures/crash/<case>   # one again
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
EXAMPLES = ROOT / "examples"

CLASSES = ("ok", "clear-error", "crash", "internal-error", "hang", "memory", "invalid-json")
#: Classes that are fine; every other class is saved to --failures.
FINE = ("ok", "clear-error")
#: What stderr says when an allocation failed (Python, Rust, C++, the C library).
MEMORY_HINTS = ("MemoryError", "memory allocation of", "Cannot allocate memory", "std::bad_alloc", "out of memory")
#: Fixed zip timestamp, so that the same seed gives the same bytes.
ZIP_TIME = (2025, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------- seeds

#: A small 项目支出绩效目标表 with a few defects (an old deadline, ≥18% for a temperature).
TABLE_ROWS = [
    ["2025年项目支出绩效目标表"],
    ["项目名称", "知识产权保护能力提升项目", "主管部门", "市知识产权局"],
    ["实施单位", "市知识产权保护中心", "项目负责人/联系电话", "张三 025-12345678"],
    ["项目资金（万元）", "年度资金总额", "50"],
    ["", "其中：财政拨款", "50"],
    ["", "其他资金", "0"],
    ["年度目标", "1.开展知识产权培训10次；2.办理维权援助案件200件。"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训次数", "≥10次"],
    ["", "", "办理维权援助案件数量", "≥200件"],
    ["", "质量指标", "培训合格率", "≥95%"],
    ["", "时效指标", "完成时间", "2015年12月前"],
    ["", "成本指标", "培训成本", "≤2万元/次"],
    ["效益指标", "社会效益指标", "知识产权保护意识", "明显提升"],
    ["", "可持续影响指标", "室内温度", "≥18%"],
    ["满意度指标", "服务对象满意度指标", "培训对象满意度", "≥90%"],
]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


@dataclass(frozen=True)
class Seed:
    """A valid input file that mutations start from: its name, kind (text, csv, xlsx, docx, xls) and bytes."""

    name: str
    kind: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The file ending cases made from this seed keep (unless a mutation changes it)."""
        return Path(self.name).suffix


def example_rows(name: str, limit: int = 150) -> list[list[str]]:
    """The first ``limit`` lines of an example, each cut into cells at its tabs."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[:limit]
    return [line.split("\t") for line in lines]


def text_table(rows: list[list[str]]) -> str:
    """Rows as tab-separated text, one row a line."""
    return "".join("\t".join(row) + "\n" for row in rows)


def csv_table(rows: list[list[str]]) -> str:
    """Rows as csv text."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def repack(data: bytes) -> bytes:
    """A zip rewritten with fixed timestamps and docProps dates, so that its bytes repeat from run to run."""
    members = unzip(data)
    fixed = [(name, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", body)
              if name.startswith("docProps/") else body) for name, body in members]
    return build_zip(fixed)


def xlsx_seed(rows: list[list[str]], *, decorated: bool) -> bytes:
    """A workbook of ``rows`` written with openpyxl; ``decorated`` adds merges, formats, a note and a second sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标表"
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if not text:
                continue
            if re.fullmatch(r"\d+", text):
                sheet.cell(r, c, int(text))
            elif decorated and re.fullmatch(r"≥(\d+)%", text):
                cell = sheet.cell(r, c, int(text[1:-1]) / 100)
                cell.number_format = "0%"
            else:
                sheet.cell(r, c, text)
    if decorated:
        sheet.merge_cells("A9:A13")
        sheet.merge_cells("B2:B2")
        sheet["F2"] = datetime.datetime(2025, 12, 31)
        sheet["F2"].number_format = 'yyyy"年"m"月"'
        sheet["C12"].comment = Comment("jxlint-ignore: DATE001 按原表", "fuzz")
        sheet["G3"] = 0.119
        sheet["G3"].number_format = "0.000%"
        other = workbook.create_sheet("说明")
        other["A1"] = "填表说明：指标值请填写数字"
        hidden = workbook.create_sheet("下拉")
        hidden["A1"] = "数量指标"
        hidden.sheet_state = "hidden"
    workbook.properties.created = workbook.properties.modified = datetime.datetime(2025, 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return repack(buffer.getvalue())


def excel_style(data: bytes) -> bytes:
    """A workbook as Excel saves it: text cells in sharedStrings.xml (openpyxl writes them inline), XML declarations."""
    members = unzip(data)
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(2))
        return match.group(1) + b't="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    out = []
    for name, body in members:
        if name.startswith("xl/worksheets/sheet"):
            body = re.sub(rb'(<c r="[A-Z]+\d+" (?:s="\d+" )?)t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, body)
        if name == "[Content_Types].xml":
            body = body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            body = body.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                                b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                b"</Relationships>")
        if name.endswith((".xml", ".rels")) and not body.startswith(b"<?xml"):
            body = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + body
        out.append((name, body))
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in strings)
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings)) + items + b"</sst>")
    out.insert(len(out) - 1, ("xl/sharedStrings.xml", sst))
    return build_zip(out)


def docx_seed(rows: list[list[str]]) -> bytes:
    """A minimal Word document: one-cell rows as paragraphs, the others as one table (with a gridSpan and a vMerge)."""

    def paragraph(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    width = max(len(r) for r in rows)
    body, table_rows = [], []
    for row in rows:
        if len(row) == 1:
            body.append(paragraph(row[0]))
            continue
        cells = []
        for c, text in enumerate(row):
            props = []
            if c == len(row) - 1 and len(row) < width:
                props.append(f'<w:gridSpan w:val="{width - len(row) + 1}"/>')
            if c == 0 and not text:
                props.append("<w:vMerge/>")
            elif c == 0:
                props.append('<w:vMerge w:val="restart"/>')
            cells.append(f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraph(text)}</w:tc>")
        table_rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    grid = "<w:gridCol/>" * width
    body.append(f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(table_rows)}</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W_NS}">'
                f"<w:body>{''.join(body)}</w:body></w:document>")
    return build_zip([("[Content_Types].xml", _DOCX_CONTENT_TYPES.encode()), ("_rels/.rels", _DOCX_RELS.encode()),
                      ("word/document.xml", document.encode())])


def xls_seed(rows: list[list[str]]) -> bytes | None:
    """A legacy .xls of ``rows`` written with xlwt; None when xlwt is not installed."""
    try:
        import xlwt
    except ImportError:
        return None
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                sheet.write(r, c, int(text) if text.isdigit() else text)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_seeds() -> list[Seed]:
    """Every seed file: the examples and the files made here."""
    seeds = [Seed(path.name, "text", path.read_bytes()) for path in sorted(EXAMPLES.glob("*.txt"))]
    nantong = example_rows("nantong-2024-project-targets.txt")
    seeds += [
        Seed("table.txt", "text", text_table(TABLE_ROWS).encode("utf-8")),
        Seed("table.csv", "csv", csv_table(TABLE_ROWS).encode("utf-8")),
        Seed("table-gbk.csv", "csv", csv_table(TABLE_ROWS).encode("gbk")),
        Seed("nantong.csv", "csv", csv_table(nantong).encode("utf-8-sig")),
        Seed("table.xlsx", "xlsx", xlsx_seed(TABLE_ROWS, decorated=True)),
        Seed("table-shared.xlsx", "xlsx", excel_style(xlsx_seed(TABLE_ROWS, decorated=True))),
        Seed("nantong.xlsx", "xlsx", excel_style(xlsx_seed(nantong, decorated=False))),
        Seed("table.docx", "docx", docx_seed(TABLE_ROWS)),
        Seed("nantong.docx", "docx", docx_seed([r if len(r) > 1 else [r[0]] for r in nantong if any(r)])),
    ]
    xls = xls_seed(TABLE_ROWS)
    if xls is not None:
        seeds.append(Seed("table.xls", "xls", xls))
    seeds += [Seed("table.html", "html", html_seed(TABLE_ROWS).encode("utf-8")),
              Seed("nantong.html", "html", html_seed(nantong).encode("gbk", "replace"))]
    pdf = pdf_seed(TABLE_ROWS)
    if pdf is not None:
        seeds.append(Seed("table.pdf", "pdf", pdf))
    return seeds


def html_seed(rows: list[list[str]]) -> str:
    """A page as departments publish one: one-cell rows as paragraphs, the rest a bordered table."""
    from html import escape

    body = []
    for row in rows:
        cells = [c for c in row if c] or [""]
        if len(cells) == 1:
            body.append(f"<p>{escape(cells[0])}</p>")
        else:
            body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
    text = "\n".join(body).replace("</p>\n<tr>", "</p>\n<table border=1><tr>").replace("</tr>\n<p>", "</tr></table>\n<p>")
    if text.rstrip().endswith("</tr>"):
        text += "</table>"
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{text}</body></html>'


def pdf_seed(rows: list[list[str]]) -> bytes | None:
    """A ruled table drawn with reportlab (a dev dependency; None without it)."""
    try:
        from reportlab.lib.pagesizes import A3
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import SimpleDocTemplate, Table
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width = max(len(r) for r in rows)
    data = [row + [""] * (width - len(row)) for row in rows]
    buffer = io.BytesIO()
    table = Table(data, style=[("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), "STSong-Light", 6)])
    SimpleDocTemplate(buffer, pagesize=A3).build([table])
    return buffer.getvalue()


# ---------------------------------------------------------------- zip helpers


def unzip(data: bytes) -> list[tuple[str, bytes]]:
    """The members of a zip, in order, as (name, bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def build_zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of (name, bytes) members in this order, duplicates kept, timestamps fixed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, body in members:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = method
                archive.writestr(info, body)
    return buffer.getvalue()


def central_entries(data: bytes) -> list[int]:
    """Offsets of the central directory entries of a zip (signature PK\\x01\\x02)."""
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def local_headers(data: bytes) -> list[int]:
    """Offsets of the local file headers of a zip (signature PK\\x03\\x04)."""
    return [m.start() for m in re.finditer(rb"PK\x03\x04", data)]


def patch_u32(data: bytearray, offset: int, value: int) -> None:
    """Write a little-endian 32-bit field at ``offset`` (values wrap to 32 bits)."""
    if 0 <= offset <= len(data) - 4:
        data[offset:offset + 4] = struct.pack("<I", value & 0xFFFFFFFF)


def member_names(members: list[tuple[str, bytes]], pattern: str) -> list[int]:
    """Indexes of the members whose name matches ``pattern``."""
    return [i for i, (name, _) in enumerate(members) if re.search(pattern, name)]


def xml_members(members: list[tuple[str, bytes]]) -> list[int]:
    """Indexes of the XML members (.xml, .rels)."""
    return member_names(members, r"\.(xml|rels)$")


def replace_member(members: list[tuple[str, bytes]], index: int, body: bytes) -> list[tuple[str, bytes]]:
    """A copy of ``members`` with one member's bytes replaced."""
    copy = list(members)
    copy[index] = (copy[index][0], body)
    return copy


# ---------------------------------------------------------------- nasty values

HUGE_DIGITS = "9" * 5000
ABSURD_REFS = [
    "XFD1048576", "XFE1", "A1048577", "A99999999999", "A0", "a1", "1A", "", "$A$1", "A-1", "AAAAAAAAAAAAAAAA1",
    "A" * 3000 + "1", "A" + "1" * 3000, "ZZZZZZZZ99999999", "A1:XFD1048576", "A1 B2", "Ａ１", "A\u00001",
    "R1C1", "A1" + "0" * 4000,
]
ABSURD_NUMBERS = [
    "1" + "0" * 4000, "-" + HUGE_DIGITS, "99999999999999999999999", "-1", "0", "1e400", "-1e400", "1e-400", "NaN",
    "nan", "inf", "-Infinity", "1.7976931348623157e308", "4.9e-324", "0x10", "1_000", " 12 ", "１２", "", "abc", "1e",
    "18446744073709551616", "2147483648", "-2147483649",
]
FIGURES = [
    "≥1e400万元", "≤1e-400元", "=" + HUGE_DIGITS, "≥" + HUGE_DIGITS + "万元", HUGE_DIGITS + "%", "≥NaN%", "≤inf元",
    "≥-0%", "1/0", "100%/0", "≥1e308*1e308", "9" * 400 + "." + "9" * 400 + "%", "≥１２３４５６７８９０个", "≥٣٤%",
    "2015年13月32日前", "9999999999年12月前", "0年0月", "-2025年", "≥1e999999999次", "≤1.0e+4000平方米",
    "12345678901234567890123456789万元×" + HUGE_DIGITS + "个月", "≥" + "1," * 2000 + "1元", "≥.%", "≥%", "=-",
    "5000×" * 500 + "1=1元", "（" * 3000 + "1" + "）" * 3000,
]
ODD_ENCODINGS = ["utf-16", "UTF-16LE", "utf-32", "gb2312", "GBK", "big5", "shift_jis", "ebcdic-cp-us", "x-unknown",
                 "", "utf-8 ", "iso-8859-1", "us-ascii", "utf-7", "cp037", "\u4e2d\u6587", "utf-8\x00"]
DOCTYPES = [
    # billion laughs
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>',
    # external entities
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
    '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    # quadratic blow-up: one big entity used many times
    '<!DOCTYPE x [<!ENTITY big "' + "A" * 50000 + '">]>',
    '<!DOCTYPE x [<!ENTITY a "&b;"><!ENTITY b "&a;">]>',
    "<!DOCTYPE x>",
]
ENTITY_USES = ["&lol9;", "&xxe;", "&big;" * 2000, "&a;", "&undefined;", "&#0;", "&#xFFFFFFFF;", "&#99999999999;"]


def nasty_text(rng: random.Random) -> str:
    """A figure or a string that is hard on a reader or a value parser."""
    return rng.choice([
        rng.choice(FIGURES), rng.choice(ABSURD_NUMBERS), "指标" * rng.choice([1000, 20000]), "\u202e≥90%",
        "≥90%\x0b\x0c", "\ud7ff\ue000\ufffd", "A" * 32768, "jxlint-ignore: " + ",".join(["DATE001"] * 2000),
        "jxlint-ignore-file: ALL", "=SUM(A1:XFD1048576)", "=" + "(" * 5000, "#REF!", "2025-13-45", "\t" * 5000,
    ])


# ---------------------------------------------------------------- mutations
#
# Every mutation takes the case's random generator and its seed and returns the
# case's bytes, its file ending and a short description of what was done.

Mutation = Callable[[random.Random, Seed], tuple[bytes, str, str]]
ZIPS = ("xlsx", "docx")
TEXTS = ("text", "csv")
ANY = ("text", "csv", "xlsx", "docx", "xls", "html", "pdf")


def byte_flip(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Flip 1 to 40 random bytes (or a run of them)."""
    data = bytearray(seed.data)
    count = rng.choice([1, 2, 5, 40])
    if rng.random() < 0.5:
        start = rng.randrange(len(data))
        positions = range(start, min(len(data), start + count))
    else:
        positions = [rng.randrange(len(data)) for _ in range(count)]
    for position in positions:
        data[position] ^= rng.choice([0x01, 0x80, 0xFF, rng.randrange(1, 256)])
    return bytes(data), seed.suffix, f"{count} bytes flipped"


def truncate(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Cut the file at a random length (sometimes one byte short, or inside the first bytes)."""
    cut = rng.choice([rng.randrange(len(seed.data)), len(seed.data) - 1, rng.randrange(1, 30), len(seed.data) // 2])
    return seed.data[:cut], seed.suffix, f"cut to {cut} of {len(seed.data)} bytes"


def insert_bytes(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Insert random or repeated bytes at a random position."""
    position = rng.randrange(len(seed.data) + 1)
    chunk = rng.choice([bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))), b"PK\x03\x04" * 10,
                        b"\xff" * 1000, b"\r" * 100, b"<" * 500, rng.randbytes(4096)])
    return seed.data[:position] + chunk + seed.data[position:], seed.suffix, f"{len(chunk)} bytes inserted at {position}"


def empty_file(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """An empty file, or one holding only blanks, a BOM, a NUL or a zip's bare end record."""
    data = rng.choice([b"", b" ", b"\n\n\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\t\r\n \t",
                       b"PK\x05\x06" + b"\x00" * 18, b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
    return data, seed.suffix, f"content {data[:20]!r}"


def swap_suffix(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """The seed's bytes under another file ending."""
    suffix = rng.choice([s for s in (".txt", ".csv", ".xlsx", ".docx", ".xls", ".tsv", ".xlsm", "") if s != seed.suffix])
    return seed.data, suffix, f"named {suffix or 'without ending'}"


def zip_size_lie(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Change the sizes (and sometimes the CRC) a member's headers state."""
    data = bytearray(seed.data)
    entries = central_entries(data)
    entry = rng.choice(entries)
    index = entries.index(entry)
    value = rng.choice([0, 1, 0xFFFFFFFF, 10**9, 300 * 2**20, rng.randrange(2**32)])
    which = rng.choice(["file_size", "compress_size", "both", "crc", "local"])
    if which in ("file_size", "both"):
        patch_u32(data, entry + 24, value)
    if which in ("compress_size", "both"):
        patch_u32(data, entry + 20, value)
    if which == "crc":
        patch_u32(data, entry + 16, value)
    if which == "local":
        local = local_headers(data)[index]
        patch_u32(data, local + rng.choice([14, 18, 22]), value)
    return bytes(data), seed.suffix, f"member #{index}: {which} stated as {value}"


def zip_huge_declared(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A zip whose members claim more than the limits, or a real small bomb of zeros or spaces."""
    members = unzip(seed.data)
    if rng.random() < 0.5:
        data = bytearray(seed.data)
        for entry in central_entries(data):
            patch_u32(data, entry + 24, 0xFFFFFFF0)
        return bytes(data), seed.suffix, "every member states 4 GB"
    index = rng.choice(xml_members(members))
    name, body = members[index]
    padding = rng.choice([b" " * (3 * 2**20), b" " * (150 * 2**20), b"\x00" * (8 * 2**20)])
    return build_zip(replace_member(members, index, body + padding)), seed.suffix, \
        f"{name} padded with {len(padding)} bytes ({padding[:1]!r})"


def zip_duplicate(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A member written twice: the copy before or after the original, the same or different bytes."""
    members = unzip(seed.data)
    index = rng.randrange(len(members))
    name, body = members[index]
    other = rng.choice([body, b"", b"<x/>", body[: len(body) // 2], body.replace(b"<", b"<<", 3)])
    position = rng.choice([0, index, index + 1, len(members)])
    members.insert(position, (name, other))
    return build_zip(members), seed.suffix, f"{name} written twice (copy at #{position}, {len(other)} bytes)"


def zip_missing_part(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """One member removed (the workbook, a sheet, the relationships, the styles, sharedStrings …)."""
    members = unzip(seed.data)
    index = rng.randrange(len(members))
    name = members.pop(index)[0]
    if not members:
        members.append(("dummy.txt", b"x"))
    return build_zip(members), seed.suffix, f"{name} removed"


def zip_stored_or_odd_names(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Members stored without compression, with odd names, or with paths that climb out of the package."""
    members = unzip(seed.data)
    choice = rng.choice(["stored", "backslash", "upper", "traversal", "absolute", "nul"])
    if choice == "stored":
        return build_zip(members, zipfile.ZIP_STORED), seed.suffix, "members stored"
    index = rng.randrange(len(members))
    name, body = members[index]
    renamed = {"backslash": name.replace("/", "\\"), "upper": name.upper(), "traversal": "../../" + name,
               "absolute": "/" + name, "nul": name + "\x00.x"}[choice]
    members[index] = (renamed, body)
    return build_zip(members), seed.suffix, f"{name} renamed {renamed!r}"


def xml_garbage(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """An XML member replaced by garbage, cut short, emptied, or made very deep or very wide."""
    members = unzip(seed.data)
    index = rng.choice(xml_members(members))
    name, body = members[index]
    kind = rng.choice(["random", "cut", "empty", "deep", "wide", "unclosed", "text", "bad-char"])
    if kind == "random":
        new = rng.randbytes(rng.randrange(1, 2000))
    elif kind == "cut":
        new = body[: rng.randrange(len(body))]
    elif kind == "empty":
        new = b""
    elif kind == "deep":
        depth = rng.choice([1000, 100_000])
        if name.endswith("document.xml"):
            opening, closing = b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>"
        else:
            opening, closing = b"<x>", b"</x>"
        new = body.replace(b"</", opening * depth + closing * depth + b"</", 1)
    elif kind == "wide":
        new = body.replace(b"</", b"<x/>" * 200_000 + b"</", 1)
    elif kind == "unclosed":
        new = body.replace(b"</", b"<", 1)
    elif kind == "text":
        new = "这不是XML，是一段中文。".encode() * 10
    else:
        new = body.replace(b">", b">\x01\x02\x1b", 2)
    return build_zip(replace_member(members, index, new)), seed.suffix, f"{name}: {kind}"


def xml_encoding(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """An XML member with an odd encoding declaration, or really re-encoded (UTF-16, UTF-32, with or without BOM)."""
    members = unzip(seed.data)
    index = rng.choice(xml_members(members))
    name, body = members[index]
    encoding = rng.choice(ODD_ENCODINGS)
    declaration = f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>'.encode("utf-8", "surrogatepass")
    stripped = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", body)
    how = rng.choice(["declared", "encoded", "encoded-no-bom", "no-declaration", "version"])
    if how == "declared":
        new = declaration + stripped
    elif how == "no-declaration":
        new = stripped
    elif how == "version":
        new = b'<?xml version="9.9" encoding="utf-8"?>' + stripped
    else:
        codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"])
        text = f'<?xml version="1.0" encoding="{encoding}"?>' + stripped.decode("utf-8", "replace")
        if how == "encoded-no-bom":
            codec = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(codec, codec)
        new = text.encode(codec)
        encoding = f"{encoding} (bytes {codec})"
    return build_zip(replace_member(members, index, new)), seed.suffix, f"{name}: {how} {encoding!r}"


def xml_doctype(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A DOCTYPE with entities (billion laughs, external files and URLs, recursion) in an XML member, and its use."""
    members = unzip(seed.data)
    index = rng.choice(xml_members(members))
    name, body = members[index]
    doctype = rng.choice(DOCTYPES)
    use = rng.choice(ENTITY_USES).encode()
    stripped = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", body)
    new = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype.encode() + stripped
    if rng.random() < 0.8:
        # The entity where text goes: inside the first <t>, <v> or <w:t>, else after the root's start tag.
        target = re.search(rb"<(?:w:)?[tv](?: [^>]*)?>", new)
        at = target.end() if target else new.index(b">", len(doctype) + 40) + 1
        new = new[:at] + use + new[at:]
    return build_zip(replace_member(members, index, new)), seed.suffix, f"{name}: {doctype[:40]}… using {use[:20]!r}"


def xml_attribute(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """One attribute anywhere in an XML member given an absurd value."""
    members = unzip(seed.data)
    index = rng.choice(xml_members(members))
    name, body = members[index]
    attributes = list(re.finditer(rb'([\w:]+)="([^"]*)"', body))
    if not attributes:
        return xml_garbage(rng, seed)
    match = rng.choice(attributes)
    value = rng.choice([rng.choice(ABSURD_NUMBERS), rng.choice(ABSURD_REFS), "x" * 10000, "&amp;&lt;", "\u4e2d"])
    new = body[: match.start(2)] + escape(value, {'"': "&quot;"}).encode("utf-8", "surrogatepass") + body[match.end(2):]
    return build_zip(replace_member(members, index, new)), seed.suffix, \
        f"{name}: {match.group(1).decode()}={value[:30]!r}{'…' if len(value) > 30 else ''}"


def _sheet(members: list[tuple[str, bytes]]) -> int:
    return member_names(members, r"^xl/worksheets/sheet1\.xml$")[0]


def cell_reference(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Absurd cell and row references: XFD1048576, A99999999999, thousands of letters or digits, in r=, dimension or merges."""
    members = unzip(seed.data)
    index = _sheet(members)
    body = members[index][1]
    ref = rng.choice(ABSURD_REFS)
    where = rng.choice(["new-cell", "cell-r", "row-r", "dimension", "merge", "row-huge"])
    if where == "new-cell":
        cell = f'<c r="{ref}" t="inlineStr"><is><t>≥10次</t></is></c>'.encode()
        new = re.sub(rb"(<row [^>]*>)", lambda m: m.group(1) + cell, body, count=1)
    elif where == "cell-r":
        cells = list(re.finditer(rb'<c r="([A-Z]+\d+)"', body))
        match = rng.choice(cells)
        new = body[: match.start(1)] + ref.encode("utf-8", "surrogatepass") + body[match.end(1):]
    elif where == "row-r":
        rows = list(re.finditer(rb'<row r="(\d+)"', body))
        match = rng.choice(rows)
        number = rng.choice(["1048577", "99999999999", "1" + "0" * 3000, "0", "-5", "", "abc"])
        new = body[: match.start(1)] + number.encode() + body[match.end(1):]
        ref = f"row {number[:30]}"
    elif where == "dimension":
        new = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:{ref}"'.encode("utf-8", "surrogatepass"), body)
    elif where == "merge":
        merge = f'<mergeCells count="1"><mergeCell ref="A1:{ref}"/></mergeCells>'.encode("utf-8", "surrogatepass")
        new = re.sub(rb"<mergeCells.*?</mergeCells>", b"", body, flags=re.S)
        new = new.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    else:
        row = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        new = body.replace(b"</sheetData>", row + b"</sheetData>", 1)
        ref = "XFD1048576 in a row of its own"
    return build_zip(replace_member(members, index, new)), seed.suffix, f"{where}: {ref[:40]!r}"


def shared_strings(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """sharedStrings with count 10**12, a string index far out of range, or no strings at all."""
    members = unzip(seed.data)
    found = member_names(members, r"sharedStrings\.xml$")
    kind = rng.choice(["count", "index", "empty", "many"])
    if kind == "index" or not found:
        index = _sheet(members)
        body = members[index][1]
        big = rng.choice(["99999999999", "-1", "4294967296", HUGE_DIGITS, "1.5", "x"])
        new = re.sub(rb'(<c [^>]*t="s"[^>]*>\s*<v>)\d+(</v>)', lambda m: m.group(1) + big.encode() + m.group(2),
                     body, count=rng.choice([1, 0]))
        return build_zip(replace_member(members, index, new)), seed.suffix, f"string index {big[:20]}"
    index = found[0]
    body = members[index][1]
    if kind == "count":
        count = rng.choice(["1000000000000", "-1", HUGE_DIGITS, "0"])
        new = re.sub(rb'(count|uniqueCount)="\d+"', lambda m: m.group(1) + b'="' + count.encode() + b'"', body)
        return build_zip(replace_member(members, index, new)), seed.suffix, f"count={count[:20]}"
    if kind == "empty":
        new = re.sub(rb"<si>.*</si>", b"", body, flags=re.S)
        return build_zip(replace_member(members, index, new)), seed.suffix, "no <si> entries"
    items = b"<si><t>" + "≥10次".encode() + b"</t></si>"
    new = body.replace(b"</sst>", items * 300_000 + b"</sst>")
    return build_zip(replace_member(members, index, new)), seed.suffix, "300,000 extra strings"


def comment_reference(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A cell note far outside the grid, at an absurd reference, or with a huge text."""
    members = unzip(seed.data)
    found = member_names(members, r"comments?\d*\.xml$")
    if not found:
        return cell_reference(rng, seed)
    index = found[0]
    body = members[index][1]
    ref = rng.choice(ABSURD_REFS + ["A1048576", "XFD1", "B" + "9" * 5000])
    new = re.sub(rb'ref="[^"]*"', f'ref="{ref}"'.encode("utf-8", "surrogatepass"), body, count=1)
    if rng.random() < 0.3:
        new = re.sub(rb"(<t[^>]*>)[^<]*", lambda m: m.group(1) + escape(nasty_text(rng)).encode("utf-8", "surrogatepass"),
                     new, count=1)
    return build_zip(replace_member(members, index, new)), seed.suffix, f"note at {ref[:40]!r}"


def many_sheets(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A workbook listing many sheets (or many relationships) that all point at the same sheet part."""
    members = unzip(seed.data)
    count = rng.choice([50, 1000, 5000])
    workbook = member_names(members, r"^xl/workbook\.xml$")[0]
    rels = member_names(members, r"^xl/_rels/workbook\.xml\.rels$")[0]
    same_name = rng.random() < 0.3
    sheets = "".join(f'<sheet name="{"S" if same_name else f"S{i}"}" sheetId="{i + 100}" r:id="rFz{i}"/>'
                     for i in range(count))
    relations = "".join(f'<Relationship Id="rFz{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/worksheet" Target="worksheets/sheet1.xml"/>' for i in range(count))
    book = members[workbook][1].replace(b"</sheets>", sheets.encode() + b"</sheets>", 1)
    links = members[rels][1].replace(b"</Relationships>", relations.encode() + b"</Relationships>", 1)
    members = replace_member(replace_member(members, workbook, book), rels, links)
    return build_zip(members), seed.suffix, f"{count} sheets on sheet1.xml{' with one name' if same_name else ''}"


def workbook_parts(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Sheet states, names and relationship targets that are odd: all hidden, escaping paths, self-references."""
    members = unzip(seed.data)
    workbook = member_names(members, r"^xl/workbook\.xml$")[0]
    rels = member_names(members, r"^xl/_rels/workbook\.xml\.rels$")[0]
    kind = rng.choice(["all-hidden", "target", "sheet-name", "no-sheets", "rid"])
    book, links = members[workbook][1], members[rels][1]
    if kind == "all-hidden":
        book = re.sub(rb'<sheet ((?:(?!state=)[^>])*?)\s*/>', rb'<sheet \1 state="visible"/>', book)
        book = re.sub(rb'state="\w*"', rb'state="veryHidden"', book)
    elif kind == "target":
        target = rng.choice(["../../../../etc/passwd", "/xl/worksheets/sheet1.xml", "workbook.xml", "", "sheet1.xml",
                             "worksheets/../../xl/worksheets/sheet1.xml", "http://127.0.0.1:9/s.xml", "worksheets/%73heet1.xml"])
        links = re.sub(rb'Target="worksheets/sheet1\.xml"', f'Target="{target}"'.encode(), links)
        kind += f" {target!r}"
    elif kind == "sheet-name":
        name = rng.choice(["", "'", "A" * 5000, "x/y", "\u202e", "&amp;lt;", "Sheet1"])
        book = re.sub(rb'name="[^"]*"', f'name="{escape(name)}"'.encode(), book, count=1)
        kind += f" {name[:20]!r}"
    elif kind == "no-sheets":
        book = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", book, flags=re.S)
    else:
        book = re.sub(rb'r:id="[^"]*"', b'r:id="rIdNowhere"', book, count=1)
    members = replace_member(replace_member(members, workbook, book), rels, links)
    return build_zip(members), seed.suffix, kind


def cell_values(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Cell values a reader must survive: 1e400, NaN, 5,000 digits, huge dates, wrong types, odd inline strings."""
    members = unzip(seed.data)
    index = _sheet(members)
    body = members[index][1]
    kind = rng.choice(["number", "type", "text", "style"])
    if kind == "number":
        value = rng.choice(ABSURD_NUMBERS + ["2958466", "-700000", "1e15", "99999999999"])
        numbers = list(re.finditer(rb"<v>([^<]*)</v>", body))
        match = rng.choice(numbers)
        new = body[: match.start(1)] + value.encode() + body[match.end(1):]
        what = f"<v>{value[:20]}</v>"
    elif kind == "type":
        kind_attr = rng.choice(["b", "e", "d", "n", "str", "inlineStr", "s", "zz"])
        value = rng.choice(["2", "x", "", "9999-99-99T99:99:99", "#DIV/0!", HUGE_DIGITS])
        cell = f'<c r="H1" t="{kind_attr}"><v>{value}</v></c>'.encode()
        new = re.sub(rb"(<row [^>]*>)", lambda m: m.group(1) + cell, body, count=1)
        what = f"t={kind_attr} <v>{value[:20]}</v>"
    elif kind == "text":
        text = nasty_text(rng)
        cell = f'<c r="D2" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode("utf-8", "surrogatepass")
        new = re.sub(rb'<c r="D2"[^>]*?(/>|>.*?</c>)', b"", body, count=1, flags=re.S)
        new = re.sub(rb'(<row r="2"[^>]*>)', lambda m: m.group(1) + cell, new, count=1)
        what = f"D2 = {text[:30]!r}"
    else:
        style = rng.choice(["99999999999", "-1", HUGE_DIGITS, "x", "65536"])
        new = re.sub(rb'<c r="([A-Z]+\d+)"', lambda m: m.group(0) + f' s="{style}"'.encode(), body, count=3)
        new = re.sub(rb' s="\d+"( s=")', rb"\1", new)
        what = f"s={style[:20]}"
    return build_zip(replace_member(members, index, new)), seed.suffix, what


def styles(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Number formats that are absurd: thousands of zeros, huge ids, a percent and a date at once, huge counts."""
    members = unzip(seed.data)
    found = member_names(members, r"styles\.xml$")
    if not found:
        return cell_values(rng, seed)
    index = found[0]
    body = members[index][1]
    code = rng.choice(["0." + "0" * 5000 + "%", "yyyy年m月" * 1000, "%%%%", "0%;[Red]yyyy", "[$-F800]dddd",
                       '"年月"0%', "", "General" * 3000, "0.0E+00%"])
    numfmt_id = rng.choice(["164", "99999999999", "-1", "9", "14"])
    fmt = f'<numFmt numFmtId="{numfmt_id}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'.encode()
    if b"<numFmts" in body:
        new = re.sub(rb"<numFmts[^>]*>", lambda m: m.group(0) + fmt, body, count=1)
    else:
        new = body.replace(b"<fonts", b'<numFmts count="1">' + fmt + b"</numFmts><fonts", 1)
    new = re.sub(rb'numFmtId="\d+"', f'numFmtId="{numfmt_id}"'.encode(), new) if rng.random() < 0.5 else new
    if rng.random() < 0.3:
        new = re.sub(rb'(cellXfs count=")\d+', rb"\g<1>1000000000000", new)
    return build_zip(replace_member(members, index, new)), seed.suffix, f"numFmt {numfmt_id}: {code[:30]!r}"


def docx_structure(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Word tables that are hard to lay out: huge gridSpan and gridBefore, odd vMerge, nested tables, 10,000 columns."""
    members = unzip(seed.data)
    index = member_names(members, r"^word/document\.xml$")[0]
    body = members[index][1]
    kind = rng.choice(["span", "before", "vmerge", "nested", "columns", "rows", "cellless", "no-body"])
    if kind in ("span", "before"):
        value = rng.choice(ABSURD_NUMBERS + ["63", "64", "1000000"])
        tag = "gridSpan" if kind == "span" else "gridBefore"
        if kind == "span":
            new = re.sub(rb"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>'.encode(), body, count=2)
        else:
            new = body.replace(b"<w:tr>", f'<w:tr><w:trPr><w:gridBefore w:val="{value}"/></w:trPr>'.encode(), 2)
        kind = f"{tag}={value[:20]}"
    elif kind == "vmerge":
        value = rng.choice(["continue", "restart", "", "bogus"])
        new = re.sub(rb"<w:tcPr>", f'<w:tcPr><w:vMerge w:val="{value}"/>'.encode(), body)
        kind = f"vMerge={value!r} on every cell"
    elif kind == "nested":
        depth = rng.choice([50, 500, 5000])
        inner = "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>≥10次</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * depth
        new = body.replace(b"<w:tc>", b"<w:tc>" + inner.encode() + b"<w:p/>", 1)
        kind = f"tables nested {depth} deep"
    elif kind == "columns":
        cells = '<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>' * 10_000
        new = body.replace(b"<w:tr>", f"<w:tr>{cells}".encode(), 1)
        kind = "10,000 cells in a row"
    elif kind == "rows":
        row = "<w:tr><w:tc><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc></w:tr>" * 210_000
        new = body.replace(b"</w:tbl>", row.encode() + b"</w:tbl>", 1)
        kind = "210,000 rows"
    elif kind == "cellless":
        new = re.sub(rb"<w:tc>.*?</w:tc>", b"", body, count=50, flags=re.S)
        new = new.replace(b"<w:tr>", b"<w:tr><w:p><w:r><w:t>x</w:t></w:r></w:p>", 3)
    else:
        new = re.sub(rb"<w:body>.*</w:body>", b"", body, flags=re.S)
    return build_zip(replace_member(members, index, new)), seed.suffix, kind


def xml_text(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """One text node of a zip's XML (a cell, a shared string, a Word run) replaced by a hard figure or string."""
    members = unzip(seed.data)
    candidates = [i for i in xml_members(members) if re.search(rb"<(?:w:)?t[ >]", members[i][1])]
    index = rng.choice(candidates)
    name, body = members[index]
    texts = list(re.finditer(rb"(<(?:w:)?t(?: [^>]*)?>)([^<]*)", body))
    match = rng.choice(texts)
    text = nasty_text(rng)
    new = body[: match.start(2)] + escape(text).encode("utf-8", "surrogatepass") + body[match.end(2):]
    return build_zip(replace_member(members, index, new)), seed.suffix, f"{name}: text {text[:30]!r}"


def text_encoding(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """The text re-encoded: UTF-16 with and without BOM, UTF-32, Big5, Shift-JIS, UTF-7, mixed encodings."""
    text = _decoded(seed)
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "shift_jis", "utf-7", "gb18030",
                           "cp1252", "utf-8-sig+gbk", "bom-mismatch", "euc-kr"])
    if encoding == "utf-8-sig+gbk":
        half = len(text) // 2
        data = b"\xef\xbb\xbf" + text[:half].encode("utf-8") + text[half:].encode("gbk", "replace")
    elif encoding == "bom-mismatch":
        data = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]) + text.encode("gb18030")
    else:
        data = text.encode(encoding, "replace")
    return data, seed.suffix, f"encoded {encoding}"


def _decoded(seed: Seed) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return seed.data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return seed.data.decode("latin-1")


def stray_bytes(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Undecodable bytes at a few places (half a character, a lone continuation byte, 0xFF)."""
    data = bytearray(seed.data)
    count = rng.choice([1, 3, 30])
    for _ in range(count):
        data[rng.randrange(len(data) + 1):0] = rng.choice([b"\xff", b"\x80", b"\xe4\xb8", b"\xc0\xaf", b"\xed\xa0\x80",
                                                          b"\x81\x30", b"\xfe"])
    return bytes(data), seed.suffix, f"{count} stray byte runs"


def nul_bytes(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """NUL bytes: a few, a run, after 4 KB (past the sniffed head), or between every byte."""
    data = seed.data
    kind = rng.choice(["few", "run", "late", "interleaved", "cell"])
    if kind == "few":
        data = bytearray(data)
        for _ in range(3):
            data[rng.randrange(len(data) + 1):0] = b"\x00"
        data = bytes(data)
    elif kind == "run":
        position = rng.randrange(len(data) + 1)
        data = data[:position] + b"\x00" * 5000 + data[position:]
    elif kind == "late":
        data = (data * (1 + 8192 // len(data)))[:8192] + b"\x00" + data
    elif kind == "interleaved":
        data = b"".join(bytes([b, 0]) for b in data)
    else:
        data = data.replace(b"\t", b"\t\x00", 5)
    return data, seed.suffix, f"NUL {kind}"


def long_line(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """One very long line: one figure, one glued row, 100,000 cells, spaces or digits (0.2 to 4 MB)."""
    unit = rng.choice(["产出指标数量指标培训次数≥10次", "≥90%", "\t1", "|x", "  ", "9", "年度目标：开展培训；", ",", '"'])
    length = rng.choice([200_000, 1_000_000, 4_000_000])
    line = (unit * (length // len(unit.encode()) + 1)).encode("utf-8")[:length]
    lines = seed.data.split(b"\n")
    position = rng.randrange(len(lines) + 1)
    lines.insert(position, line)
    return b"\n".join(lines), seed.suffix, f"{length} bytes of {unit!r} at line {position + 1}"


def many_lines(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Many rows: just under or over the 200,000-row limit, blank or filled."""
    count = rng.choice([150_000, 200_001, 400_000])
    line = rng.choice([b"\n", b"\t\t\t\n", "\t\t培训次数\t≥10次\n".encode(), b"\r"])
    return seed.data + line * count, seed.suffix, f"{count} lines of {line!r}"


def huge_numbers(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Figures replaced by 1e400万元, 5,000-digit numbers, NaN, infinity and other absurd values."""
    text = _decoded(seed)
    figures = list(re.finditer(r"[≥≤=<>＞＜]?\d+(?:\.\d+)?(?:%|万元|元|个|次|件|天|人)?", text))
    count = rng.choice([1, 3, 20])
    chosen = sorted(rng.sample(figures, min(count, len(figures))), key=lambda m: m.start(), reverse=True)
    replacements = []
    for match in chosen:
        value = rng.choice(FIGURES + ABSURD_NUMBERS)
        replacements.append(value[:20])
        text = text[: match.start()] + value + text[match.end():]
    encoding = "utf-8" if not seed.data.startswith(b"\xef\xbb\xbf") else "utf-8-sig"
    try:
        seed.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "gb18030"
    return text.encode(encoding, "replace"), seed.suffix, f"{len(chosen)} figures → {replacements[:3]}"


def csv_quoting(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """csv quoting gone wrong: an unclosed quote, a 200 KB field, lone CRs, another delimiter, a field with every newline."""
    text = _decoded(seed)
    kind = rng.choice(["unclosed", "big-field", "lone-cr", "semicolon", "newlines", "ragged"])
    if kind == "unclosed":
        position = rng.randrange(len(text) + 1)
        text = text[:position] + '"' + text[position:]
    elif kind == "big-field":
        text = text.replace("≥10次", '"' + "≥10次," * 40_000 + '"', 1) if "≥10次" in text else text + '"' + "x" * 200_000 + '"'
    elif kind == "lone-cr":
        text = text.replace("\r\n", "\r").replace("\n", "\r")
    elif kind == "semicolon":
        text = text.replace(",", ";")
    elif kind == "newlines":
        text = text.replace("≥90%", '"≥90%\r\n\n\u2028\u2029\x85\x0b"', 1) + '"\n\n\n"'
    else:
        text = "\n".join(line + "," * rng.choice([0, 1, 100, 16384]) for line in text.split("\n"))
    return text.encode("utf-8"), seed.suffix, kind


@dataclass(frozen=True)
class MutationKind:
    """A named mutation and the seed kinds it applies to."""

    name: str
    kinds: tuple[str, ...]
    apply: Mutation
    weight: float = 1.0


def html_markup(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """Absurd spans, unclosed and nested tables, entities for lone surrogates, a wrong charset."""
    data = seed.data
    choice = rng.choice(["span", "nest", "entity", "charset", "unclosed"])
    if choice == "span":
        data = data.replace(b"<td", b'<td rowspan="%d" colspan="%d"' % (rng.randint(-5, 10**6), rng.randint(-5, 10**5)),
                            rng.randint(1, 20))
    elif choice == "nest":
        data = data.replace(b"<td>", b"<td><table><tr><td>" * rng.randint(1, 300), 1)
    elif choice == "entity":
        data = data.replace(b"<td>", b"<td>&#xD800;&#x110000;&#0;", rng.randint(1, 20))
    elif choice == "charset":
        data = data.replace(b'charset="utf-8"', rng.choice([b'charset="gbk"', b'charset="utf-16"', b'charset="nope"']))
    else:
        data = data.replace(b"</td>", b"").replace(b"</tr>", b"")
    return data, seed.suffix, f"html {choice}"


def pdf_stream(rng: random.Random, seed: Seed) -> tuple[bytes, str, str]:
    """A stretch of the PDF doubled or cut out (broken cross references, streams, fonts)."""
    data = bytearray(seed.data)
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 5000))
    if rng.random() < 0.5:
        data[start:start] = data[start:end] * rng.randint(1, 20)
        return bytes(data), seed.suffix, "pdf stretch doubled"
    del data[start:end]
    return bytes(data), seed.suffix, "pdf stretch cut"


MUTATIONS = [
    MutationKind("byte-flip", ANY, byte_flip, 1.5),
    MutationKind("truncate", ANY, truncate),
    MutationKind("insert-bytes", ANY, insert_bytes),
    MutationKind("empty", ANY, empty_file, 0.3),
    MutationKind("suffix-swap", ANY, swap_suffix, 0.4),
    MutationKind("zip-size-lie", ZIPS, zip_size_lie),
    MutationKind("zip-huge-declared", ZIPS, zip_huge_declared, 0.5),
    MutationKind("zip-duplicate", ZIPS, zip_duplicate),
    MutationKind("zip-missing-part", ZIPS, zip_missing_part),
    MutationKind("zip-names", ZIPS, zip_stored_or_odd_names, 0.5),
    MutationKind("xml-garbage", ZIPS, xml_garbage),
    MutationKind("xml-encoding", ZIPS, xml_encoding),
    MutationKind("xml-doctype", ZIPS, xml_doctype),
    MutationKind("xml-attribute", ZIPS, xml_attribute, 1.5),
    MutationKind("xml-text", ZIPS, xml_text),
    MutationKind("cell-reference", ("xlsx",), cell_reference, 1.5),
    MutationKind("shared-strings", ("xlsx",), shared_strings),
    MutationKind("comment-reference", ("xlsx",), comment_reference),
    MutationKind("many-sheets", ("xlsx",), many_sheets, 0.5),
    MutationKind("workbook-parts", ("xlsx",), workbook_parts),
    MutationKind("cell-values", ("xlsx",), cell_values, 1.5),
    MutationKind("styles", ("xlsx",), styles),
    MutationKind("docx-structure", ("docx",), docx_structure, 2.0),
    MutationKind("text-encoding", TEXTS, text_encoding),
    MutationKind("stray-bytes", TEXTS, stray_bytes),
    MutationKind("nul-bytes", TEXTS, nul_bytes),
    MutationKind("long-line", TEXTS, long_line, 0.6),
    MutationKind("many-lines", TEXTS, many_lines, 0.3),
    MutationKind("huge-numbers", TEXTS, huge_numbers, 2.0),
    MutationKind("csv-quoting", ("csv",), csv_quoting),
    MutationKind("html-markup", ("html",), html_markup, 2.0),
    MutationKind("pdf-stream", ("pdf",), pdf_stream, 2.0),
]
#: How often each seed kind is drawn (a seed kind first, then a seed of that kind, then a mutation).
KIND_WEIGHTS = {"text": 3, "csv": 2, "xlsx": 4, "docx": 2.5, "xls": 0.5, "html": 1.5, "pdf": 1}


@dataclass
class Case:
    """One fuzz case: its file, the mutation that made it and the seed it came from."""

    index: int
    path: Path
    seed: str
    kind: str
    description: str
    fmt: str = "json"


def make_case(index: int, seed_value: int, seeds: list[Seed], folder: Path, mutations: list[MutationKind]) -> Case:
    """Case ``index`` for ``--seed seed_value``, made with one of ``mutations``: the same bytes on every run."""
    rng = random.Random(f"{seed_value}:{index}")
    kinds = sorted({s.kind for s in seeds if any(s.kind in m.kinds for m in mutations)})
    seed_kind = rng.choices(kinds, [KIND_WEIGHTS[k] for k in kinds])[0]
    seed = rng.choice([s for s in seeds if s.kind == seed_kind])
    usable = [m for m in mutations if seed.kind in m.kinds]
    mutation = rng.choices(usable, [m.weight for m in usable])[0]
    name = mutation.name
    try:
        data, suffix, description = mutation.apply(rng, seed)
    except (IndexError, ValueError) as exc:  # a mutation that found nothing to change: fall back to a byte flip
        data, suffix, description = byte_flip(rng, seed)
        description += f" ({name} not applicable: {type(exc).__name__})"
        name = "byte-flip"
    path = folder / f"case-{index:06d}-{name}{suffix}"
    path.write_bytes(data)
    return Case(index, path, seed.name, name, description)


# ---------------------------------------------------------------- running


@dataclass
class RunResult:
    """One ``jxlint check`` process: exit status (negative: the signal), output, time, whether it timed out."""

    command: list[str] = field(repr=False)
    returncode: int | None
    stdout: bytes = field(repr=False)
    stderr: bytes = field(repr=False)
    seconds: float
    timed_out: bool


@dataclass
class Verdict:
    """How one case came out: its class, a one-line detail, and the run it was judged on."""

    cls: str
    detail: str
    run: RunResult | None = None
    reason: str = ""  # the READ finding's reason, for clear-error


def limit_memory(megabytes: int) -> Callable[[], None]:
    """A preexec_fn that caps the child's address space, disables core dumps and starts a new session."""

    def apply() -> None:
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()

    return apply


def signal_group(pid: int, signum: int) -> None:
    """Send a signal to the process group a run started (its session), if it is still there."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)


def run_jxlint(jxlint: str, paths: list[Path], fmt: str, timeout: float, memory_mb: int) -> RunResult:
    """Run ``jxlint check`` on ``paths`` in a fresh process under the memory cap, killed at the timeout."""
    command = [jxlint, "check", "--format", fmt, "--fail-on", "never", "--no-progress", *map(str, paths)]
    # faulthandler prints the Python stack on a fatal signal; a Rust panic prints its message without a backtrace.
    env = {**os.environ, "PYTHONFAULTHANDLER": "1", "NO_COLOR": "1", "RUST_BACKTRACE": "0"}
    env.pop("JXLINT_LANG", None)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=env, preexec_fn=limit_memory(memory_mb))
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        # SIGABRT first: faulthandler prints the stack the run was stuck in; SIGKILL if that is not enough.
        signal_group(process.pid, signal.SIGABRT)
        try:
            stdout, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            signal_group(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
        timed_out = True
    return RunResult(command, process.returncode, stdout, stderr, time.perf_counter() - started, timed_out)


def strict_json(text: bytes) -> object:
    """Parse JSON refusing NaN, Infinity and -Infinity (which json.loads accepts by default)."""

    def refuse(constant: str) -> None:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text.decode("utf-8"), parse_constant=refuse)


def report_files(document: object, fmt: str) -> tuple[list[tuple[str, str, str]], str]:
    """(path, rule, READ reason) of every finding in a JSON or SARIF report; a problem with its shape, or ""."""
    found = []
    if not isinstance(document, dict):
        return [], "the report is not a JSON object"
    if fmt == "json":
        findings = document.get("findings")
        if not isinstance(findings, list):
            return [], "no findings list"
        for finding in findings:
            path = (finding.get("location") or {}).get("path") if isinstance(finding, dict) else None
            if not isinstance(finding, dict) or not finding.get("path") or path != finding.get("path"):
                return [], f"a finding without its file: {json.dumps(finding, ensure_ascii=False)[:200]}"
            reason = (finding.get("data") or {}).get("reason") or finding.get("message", "")
            found.append((finding["path"], finding.get("rule", ""), str(reason)))
        return found, ""
    for run in document.get("runs", []):
        for result in run.get("results", []):
            try:
                uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            except (KeyError, IndexError, TypeError):
                return [], f"a SARIF result without its file: {json.dumps(result, ensure_ascii=False)[:200]}"
            found.append((uri, result.get("ruleId", ""), result.get("message", {}).get("text", "")))
    if "runs" not in document:
        return [], "no SARIF runs"
    return found, ""


def same_file(reported: str, path: Path) -> bool:
    """True when a path or SARIF uri in a report names ``path``."""
    reported = reported.removeprefix("file://")
    return reported == str(path) or reported.endswith("/" + path.name) or reported == path.name


def judge(run: RunResult, paths: list[Path], fmt: str) -> tuple[Verdict | None, dict[Path, Verdict]]:
    """Classify one run: a verdict for the whole run when it failed, else one verdict per file."""
    stderr = run.stderr.decode("utf-8", "replace")
    if run.timed_out:
        return Verdict("hang", f"no answer in {run.seconds:.0f} s", run), {}
    # An allocation failure counts when this process died of it or raised MemoryError; a reader's child
    # process (jxlint reads .xls in one) may abort and print the same words while the run goes on.
    memory = next((line.strip() for line in stderr.splitlines() if any(h in line for h in MEMORY_HINTS)), "")
    if run.returncode is not None and run.returncode < 0:
        name = signal.Signals(-run.returncode).name if -run.returncode in signal.valid_signals() else run.returncode
        if memory or name == "SIGKILL":
            return Verdict("memory", f"killed by {name}: {memory[:300] or 'under the memory cap'}", run), {}
        return Verdict("crash", f"killed by {name}: {_last_line(stderr)}", run), {}
    traceback = "Traceback (most recent call last)" in stderr
    if traceback and re.search(r"^MemoryError\b", stderr, re.M):
        return Verdict("memory", f"exit {run.returncode}: {_last_line(stderr)}", run), {}
    if run.returncode == 3:
        return Verdict("internal-error", internal_detail(run.stdout) or _last_line(stderr) or "exit 3", run), {}
    if traceback:
        return Verdict("crash", f"exit {run.returncode}, traceback: {_last_line(stderr)}", run), {}
    if run.returncode not in (0, 1, 2):
        return Verdict("crash", f"exit {run.returncode}: {_last_line(stderr)}", run), {}
    if not run.stdout.strip() and run.returncode == 2:
        named = [p for p in paths if str(p) in stderr or p.name in stderr]
        if len(named) == len(paths):
            return None, {p: Verdict("clear-error", "exit 2, file named on stderr", run, _last_line(stderr)) for p in paths}
        return Verdict("crash", f"exit 2 without a report or the file named: {_last_line(stderr)}", run), {}
    try:
        document = strict_json(run.stdout)
    except (ValueError, UnicodeDecodeError) as exc:
        return Verdict("invalid-json", f"{type(exc).__name__}: {str(exc)[:200]}", run), {}
    found, problem = report_files(document, fmt)
    if problem:
        return Verdict("invalid-json", problem, run), {}
    strangers = [path for path, _, _ in found if not any(same_file(path, p) for p in paths)]
    if strangers:
        return Verdict("invalid-json", f"a finding names {strangers[0]!r}, no file of the run", run), {}
    verdicts = {}
    for path in paths:
        reads = [reason for where, rule, reason in found if rule.startswith("READ0") and rule != "READ002"
                 and same_file(where, path)]
        if reads:
            verdicts[path] = Verdict("clear-error", "READ finding", run, reads[0])
        elif run.returncode == 2 and len(paths) == 1:
            named = str(path) in stderr or path.name in stderr
            verdicts[path] = Verdict("clear-error" if named else "crash",
                                     "exit 2, file named on stderr" if named else "exit 2 without naming the file", run,
                                     _last_line(stderr))
        else:
            verdicts[path] = Verdict("ok", f"exit {run.returncode}", run)
    return None, verdicts


def internal_detail(stdout: bytes) -> str:
    """What the internal-error findings (category "internal") of a JSON report say, if the run printed one."""
    try:
        document = json.loads(stdout.decode("utf-8"))
        findings = [f for f in document["findings"] if f.get("category") == "internal"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        return ""
    return "; ".join(f"{f.get('rule')} {json.dumps(f.get('data'), ensure_ascii=False)[:200]}" for f in findings)


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run_batch(jxlint: str, cases: list[Case], timeout: float, memory_mb: int) -> dict[int, Verdict]:
    """Lint a batch in one process; when that run fails, lint its cases one by one. Verdicts by case index."""
    fmt = cases[0].fmt
    paths = [c.path for c in cases]
    run = run_jxlint(jxlint, paths, fmt, timeout, memory_mb)
    failed, verdicts = judge(run, paths, fmt)
    if failed is None:
        run.stdout = b""  # judged: no need to keep a passing batch's report
        return {c.index: verdicts[c.path] for c in cases}
    if len(cases) == 1:
        return {cases[0].index: failed}
    results = {}
    for case in cases:
        single = run_jxlint(jxlint, [case.path], fmt, timeout, memory_mb)
        failed_single, verdicts = judge(single, [case.path], fmt)
        results[case.index] = failed_single or verdicts[case.path]
    return results


# ---------------------------------------------------------------- report


def signature(verdict: Verdict) -> str:
    """What groups failures with one cause: the exception line and the innermost jxlint frame, digits blurred."""
    if verdict.run is None:
        return verdict.detail
    stderr = verdict.run.stderr.decode("utf-8", "replace")
    # The root cause is the first of chained tracebacks ("During handling of the above exception …").
    first = re.split(r"\n(?:During handling of the above exception|The above exception was the direct cause)", stderr)[0]
    frames = re.findall(r'File "([^"]+)", line (\d+),? in (\S+)', first)
    if "most recent call first" in stderr:
        frames.reverse()  # faulthandler lists the innermost frame first, a traceback last
    own = [f for f in frames if "/jxlint/" in f[0]] or frames
    where = f"{Path(own[-1][0]).name}:{own[-1][1]} {own[-1][2]}" if own else ""
    if verdict.cls in ("crash", "internal-error") and "Traceback" in stderr:
        exception = [line for line in stderr.splitlines() if re.match(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b", line)]
        detail = exception[-1] if exception else _last_line(stderr)
    else:
        detail = verdict.detail
    last = re.sub(r"\d+", "N", detail)[:120]
    return f"{verdict.cls}: {last} @ {where}" if where else f"{verdict.cls}: {last or verdict.detail[:120]}"


def save_failure(case: Case, verdict: Verdict, folder: Path) -> Path:
    """Copy a failing case into ``folder/<class>/`` with a .txt that says how it failed and how to run it again."""
    target = folder / verdict.cls
    target.mkdir(parents=True, exist_ok=True)
    copy = target / case.path.name
    shutil.copyfile(case.path, copy)
    run = verdict.run
    lines = [
        f"class:     {verdict.cls}",
        f"detail:    {verdict.detail}",
        f"signature: {signature(verdict)}",
        f"mutation:  {case.kind} of {case.seed}: {case.description}",
        f"format:    {case.fmt}",
        f"reproduce: jxlint check --format {case.fmt} --fail-on never {copy}",
    ]
    if run is not None:
        stderr = run.stderr.decode("utf-8", "replace").splitlines()
        lines += [f"exit:      {run.returncode}{' (timed out)' if run.timed_out else ''} after {run.seconds:.1f} s",
                  "", "stderr (last 60 lines):", *stderr[-60:]]
        if verdict.cls in ("invalid-json", "internal-error") or (not stderr and verdict.cls != "hang"):
            lines += ["", "stdout (first 2,000 characters):", run.stdout.decode("utf-8", "replace")[:2000]]
    (target / (case.path.name + ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


def print_report(cases: list[Case], verdicts: dict[int, Verdict], seconds: float, failures: Path) -> dict:
    """Print counts per class, per mutation kind, the clear-error reasons and the failure groups; return them."""
    by_class = Counter(verdicts[c.index].cls for c in cases)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for case in cases:
        by_kind[case.kind][verdicts[case.index].cls] += 1
    print(f"\n{len(cases)} cases in {seconds:.0f} s")
    print("per class: " + ", ".join(f"{cls} {by_class[cls]}" for cls in CLASSES))
    print(f"\n{'mutation kind':<20}" + "".join(f"{cls:>15}" for cls in CLASSES))
    for kind in sorted(by_kind):
        print(f"{kind:<20}" + "".join(f"{by_kind[kind][cls] or '':>15}" for cls in CLASSES))
    reasons = Counter(re.sub(r"\d+", "N", verdicts[c.index].reason)[:90]
                      for c in cases if verdicts[c.index].cls == "clear-error")
    print("\nclear-error reasons (most common):")
    for reason, count in reasons.most_common(15):
        print(f"  {count:5}  {reason}")
    noisy = {id(v.run): v.run for v in verdicts.values() if v.cls in FINE and v.run is not None and v.run.stderr.strip()}
    noise = Counter(re.sub(r"\d+", "N", _first_line(run.stderr.decode("utf-8", "replace")))[:100] for run in noisy.values())
    if noise:
        print(f"\nruns judged fine that wrote to stderr: {len(noisy)} (first lines, most common):")
        for line, count in noise.most_common(8):
            print(f"  {count:5}  {line}")
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if verdicts[case.index].cls not in FINE:
            groups[signature(verdicts[case.index])].append(case)
    if groups:
        print(f"\nfailures, grouped (saved in {failures}):")
        for key, members in sorted(groups.items(), key=lambda item: -len(item[1])):
            kinds = Counter(c.kind for c in members)
            smallest = min(members, key=lambda c: c.path.stat().st_size if c.path.exists() else 0)
            print(f"  {len(members):4}  {key}")
            print(f"        kinds: {dict(kinds)}; smallest: {verdicts[smallest.index].cls}/{smallest.path.name}")
    return {
        "cases": len(cases),
        "seconds": round(seconds, 1),
        "per_class": {cls: by_class[cls] for cls in CLASSES},
        "per_kind": {kind: dict(counts) for kind, counts in sorted(by_kind.items())},
        "clear_error_reasons": dict(reasons.most_common()),
        "stderr_of_fine_runs": dict(noise.most_common()),
        "failure_groups": {key: [c.path.name for c in members] for key, members in groups.items()},
    }


# ---------------------------------------------------------------- main


def default_jxlint() -> str:
    """The venv's jxlint next to this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("jxlint")
    return str(beside) if beside.exists() else shutil.which("jxlint") or "jxlint"


def main(argv: list[str] | None = None) -> int:
    """Make the cases, lint them in batches, print and save the results; exit 1 when any case failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000, help="number of cases (default 5000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed makes the same cases (default 0)")
    parser.add_argument("--out", type=Path, help="folder for the cases (default: a temporary folder, removed at the end)")
    parser.add_argument("--failures", type=Path, default=Path("/tmp/jxlint-fuzz-failures"),
                        help="folder for failing cases and summary.json (default /tmp/jxlint-fuzz-failures)")
    parser.add_argument("--jobs", type=int, default=2, help="jxlint processes at a time (default 2)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per jxlint run (default 20)")
    parser.add_argument("--memory", type=int, default=1024, help="address-space cap per run in MB (default 1024)")
    parser.add_argument("--batch", type=int, default=20, help="cases per jxlint run (default 20; 1: one process a case)")
    parser.add_argument("--sarif", type=float, default=0.1, help="share of batches run with --format sarif (default 0.1)")
    parser.add_argument("--kind", action="append", default=[], help="only these mutation kinds (repeatable)")
    parser.add_argument("--jxlint", default=default_jxlint(), help="the jxlint command (default: the venv's)")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.batch < 1 or args.jobs < 1:
        parser.error("--cases, --batch and --jobs must be at least 1")
    unknown = set(args.kind) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(f"unknown mutation kinds: {', '.join(sorted(unknown))}")
    folder = args.out or Path(tempfile.mkdtemp(prefix="jxlint-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    for cls in CLASSES:
        shutil.rmtree(args.failures / cls, ignore_errors=True)
    args.failures.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    seeds = make_seeds()
    selected = [m for m in MUTATIONS if not args.kind or m.name in args.kind]
    cases = [make_case(i, args.seed, seeds, folder, selected) for i in range(args.cases)]
    print(f"{len(seeds)} seeds ({', '.join(s.name for s in seeds)}); {len(cases)} cases in {folder} "
          f"made in {time.perf_counter() - started:.1f} s", flush=True)

    batches = [cases[i:i + args.batch] for i in range(0, len(cases), args.batch)]
    formats = random.Random(f"{args.seed}:formats")
    for batch in batches:
        fmt = "sarif" if formats.random() < args.sarif else "json"
        for case in batch:
            case.fmt = fmt
    verdicts: dict[int, Verdict] = {}
    done = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_batch, args.jxlint, batch, args.timeout, args.memory) for batch in batches]
        for future in as_completed(futures):
            verdicts.update(future.result())
            done += 1
            if done % 10 == 0 or done == len(batches):
                bad = sum(v.cls not in FINE for v in verdicts.values())
                print(f"  {done}/{len(batches)} batches, {len(verdicts)} cases, {bad} failing, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    for case in cases:
        if verdicts[case.index].cls not in FINE:
            save_failure(case, verdicts[case.index], args.failures)
    summary = print_report(cases, verdicts, time.perf_counter() - started, args.failures)
    summary.update(seed=args.seed, jxlint=args.jxlint, timeout=args.timeout, memory_mb=args.memory, batch=args.batch)
    summary["cases_list"] = [{"file": c.path.name, "kind": c.kind, "seed": c.seed, "format": c.fmt,
                              "description": c.description, "class": verdicts[c.index].cls,
                              "detail": verdicts[c.index].detail} for c in cases]
    (args.failures / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.out is None:
        shutil.rmtree(folder, ignore_errors=True)
    failing = sum(v.cls not in FINE for v in verdicts.values())
    print(f"\n{failing} failing cases; summary in {args.failures / 'summary.json'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
