"""Fuzz the readers and the reports with Hypothesis: one bad file never takes down a run (issue 13).

Each example starts from a small valid file built here (an xlsx and a docx
zipped from minimal XML, a text table, a csv), damages it (zip members
removed, duplicated, cut or replaced; XML attributes, texts, encoding
declarations and DOCTYPEs changed; cells with absurd references and values
added; bytes inserted, flipped, cut or re-encoded) and lints it twice in this
process: ``jxlint.api.lint`` on the bytes, and the command line's ``main()``
on a file. Whatever the input:

* no exception escapes ``lint()``, and its report is strict JSON;
* ``main()`` returns 0, 1, 2 or 3 (3: an internal error, reported as such);
* its JSON or SARIF output parses as strict JSON (no NaN, no Infinity);
* every finding names the file, and the file is accounted for (a table or a finding);
* and, checked last, no internal-error finding (JXL002): the run survives one, but it is
  still a bug in jxlint, which this test is here to find.

An example that runs longer than ``TIME_LIMIT_S`` fails at once with the
stack where it was and the input saved to a file. The number of examples is
bounded so that the whole file runs in about a minute; ``benchmarks/fuzz.py``
is the long-running fuzzer, with a process per run.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import os
import re
import signal
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jxlint.api import lint
from jxlint.cli import main
from jxlint.read.xlsx import column_letters

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: Longest an example may take (lint() and main() together); a small damaged file takes milliseconds.
TIME_LIMIT_S = 10
#: The same examples on every run (CI stays a regression test: a run is green or red for the code, not
#: for the draw); JXLINT_FUZZ_RANDOM=1 draws new ones, and benchmarks/fuzz.py fuzzes at length.
FUZZ = settings(max_examples=150, deadline=None, derandomize=not os.environ.get("JXLINT_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------- the valid files examples start from

ROWS = [
    ["2025年项目支出绩效目标表"],
    ["项目名称", "知识产权保护能力提升项目", "主管部门", "市知识产权局"],
    ["项目资金（万元）", "年度资金总额", "50"],
    ["", "其中：财政拨款", "50"],
    ["年度目标", "开展知识产权培训10次，办理维权援助案件200件。"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训次数", "≥10次"],
    ["", "", "办理维权援助案件数量", "≥200件"],
    ["", "质量指标", "培训合格率", "0.95"],
    ["", "时效指标", "完成时间", "2015年12月前"],
    ["", "成本指标", "培训成本", "≤2万元/次"],
    ["效益指标", "社会效益指标", "知识产权保护意识", "明显提升"],
    ["", "可持续影响指标", "室内温度", "≥18%"],
    ["满意度指标", "服务对象满意度指标", "培训对象满意度", "≥90%"],
]
#: Rows (0-based) whose indicator value sits in column D; the value strategies replace them.
VALUE_ROWS = range(6, 14)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlsx_members(rows: list[list[str]]) -> list[tuple[str, bytes]]:
    """A workbook as Excel writes it: shared strings, a percent and a month format, a merge and a cell note."""
    strings: list[str] = []
    xml_rows = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, text in enumerate(row, 1):
            ref = f"{column_letters(c)}{r}"
            if not text:
                continue
            if text == "0.95":
                cells.append(f'<c r="{ref}" s="1"><v>0.95</v></c>')  # 0% → "95%"
            elif re.fullmatch(r"\d+", text):
                cells.append(f'<c r="{ref}"><v>{text}</v></c>')
            else:
                strings.append(text)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        if r == 2:
            cells.append(f'<c r="F{r}" s="2"><v>46022</v></c>')  # a date shown as 年月
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = (f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:F{len(rows)}"/>'
             f'<sheetData>{"".join(xml_rows)}</sheetData><mergeCells count="1"><mergeCell ref="A7:A11"/></mergeCells>'
             f'</worksheet>')
    shared = (f'{_DECLARATION}<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    styles = (f'{_DECLARATION}<styleSheet xmlns="{_MAIN}"><numFmts count="1">'
              f'<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
              f'<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
              f'<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/>'
              f'<xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>')
    comments = (f'{_DECLARATION}<comments xmlns="{_MAIN}"><authors><author>fuzz</author></authors><commentList>'
                f'<comment ref="D10" authorId="0"><text><t>jxlint-ignore: DATE001 按原表</t></text></comment>'
                f'</commentList></comments>')
    kinds = {"sheet1": "worksheet", "sharedStrings": "sharedStrings", "styles": "styles"}
    types = "".join(
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>'
        for part, kind in [("xl/workbook.xml", "sheet.main"), ("xl/worksheets/sheet1.xml", "worksheet"),
                           ("xl/sharedStrings.xml", "sharedStrings"), ("xl/styles.xml", "styles"),
                           ("xl/comments1.xml", "comments")])
    return [
        ("[Content_Types].xml", f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                                f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'),
        ("_rels/.rels", f'{_DECLARATION}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
                            f'<sheet name="绩效目标表" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'{_DECLARATION}<Relationships xmlns="{_PKG}">'
                                       + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/{kinds[name]}" Target="{target}"/>'
                                                 for i, (name, target) in enumerate(
                                                     [("sheet1", "worksheets/sheet1.xml"),
                                                      ("sharedStrings", "sharedStrings.xml"), ("styles", "styles.xml")], 1))
                                       + "</Relationships>"),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/_rels/sheet1.xml.rels", f'{_DECLARATION}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                                                f'Type="{_REL}/comments" Target="../comments1.xml"/></Relationships>'),
        ("xl/comments1.xml", comments),
        ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", styles),
    ]


def docx_members(rows: list[list[str]]) -> list[tuple[str, bytes]]:
    """A minimal Word document: one-cell rows as paragraphs, the others as one table with a gridSpan and vMerges."""

    def paragraph(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body, table = [], []
    for row in rows:
        if len(row) == 1:
            body.append(paragraph(row[0]))
            continue
        cells = []
        for c, text in enumerate(row):
            props = f'<w:gridSpan w:val="{5 - len(row)}"/>' if c == len(row) - 1 and len(row) < 4 else ""
            props += ("<w:vMerge/>" if not text else '<w:vMerge w:val="restart"/>') if c == 0 else ""
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph(text)}</w:tc>")
        table.append(f"<w:tr>{''.join(cells)}</w:tr>")
    body.append(f"<w:tbl><w:tblGrid>{'<w:gridCol/>' * 4}</w:tblGrid>{''.join(table)}</w:tbl>")
    document = f'{_DECLARATION}<w:document xmlns:w="{_W}"><w:body>{"".join(body)}</w:body></w:document>'
    return [
        ("[Content_Types].xml", f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                                f'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                                f'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                                f"</Types>"),
        ("_rels/.rels", f'{_DECLARATION}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                        f'Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", document),
    ]


def as_bytes(members: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """Members with their text encoded as UTF-8."""
    return [(name, text.encode("utf-8") if isinstance(text, str) else text) for name, text in members]


XLSX = as_bytes(xlsx_members(ROWS))
DOCX = as_bytes(docx_members(ROWS))


def build_zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of the members in this order, duplicate names kept."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for name, data in members:
            info = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)
    return buffer.getvalue()


def text_table(rows: list[list[str]], separator: str = "\t") -> str:
    """Rows as text, one row a line."""
    return "".join(separator.join(row) + "\n" for row in rows)


def csv_table(rows: list[list[str]]) -> str:
    """Rows as csv."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------- strategies: values

HUGE = "9" * 5000
ABSURD_REFS = ["XFD1048576", "XFE1", "A1048577", "A99999999999", "A0", "a1", "1A", "", "$A$1", "A-1",
               "A" * 3000 + "1", "A" + "1" * 3000, "A1" + "0" * 4000, "Ａ１", "A1:XFD1048576"]
ABSURD_NUMBERS = ["1" + "0" * 4000, "-" + HUGE, "99999999999999999999999", "-1", "0", "1e400", "-1e400", "1e-400",
                  "NaN", "inf", "-Infinity", "1.7976931348623157e308", "0x10", "", "abc", "18446744073709551616"]
FIGURES = ["≥1e400万元", "≤1e-400元", "=" + HUGE, "≥" + HUGE + "万元", HUGE + "%", "≥NaN%", "≤inf元", "1/0", "100%/0",
           "9" * 400 + "." + "9" * 400 + "%", "≥１２３个", "2015年13月32日前", "9999999999年12月前", "≥.%", "=-",
           "5000×" * 200 + "1=1元", "（" * 1000 + "1" + "）" * 1000, "≥90%95%10", "10%92%20", "≥" + "1," * 1000 + "1元"]
COMPARATORS = ["", "≥", "≤", "=", ">", "<", "＞", "≈", "≥≤"]
UNITS = ["", "%", "万元", "元", "次", "个", "件", "天", "℃", "平方米", "万元/次", "元/人·月", "年", "月", "百分比", "‰"]

numbers = st.one_of(
    st.integers().map(str),
    st.integers(1, 5000).map(lambda n: "9" * n),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(ABSURD_NUMBERS),
)
#: 指标值 texts: real shapes, figures with any number, absurd figures, dates and any text.
figures = st.one_of(
    st.sampled_from(["≥10次", "≤2万元/次", "≥95%", "=100%", "2025年12月31日前", "明显提升", "≥18℃", "12个月", "0.95"]),
    st.builds(lambda c, n, u: f"{c}{n}{u}", st.sampled_from(COMPARATORS), numbers, st.sampled_from(UNITS)),
    st.sampled_from(FIGURES),
    st.builds(lambda y, m, d: f"{y}年{m}月{d}日前", st.integers(-10, 10**15), st.integers(-1, 99), st.integers(-1, 99)),
    st.text(max_size=40),
)
cell_refs = st.one_of(
    st.builds(lambda c, r: f"{column_letters(c)}{r}", st.integers(1, 16384), st.integers(1, 1048576)),
    st.builds(lambda c, r: f"{column_letters(c)}{r}", st.integers(1, 10**9), st.integers(0, 10**40)),
    st.integers(1, 5000).map(lambda n: "A" * n + "1"),
    st.sampled_from(ABSURD_REFS),
)
attribute_values = st.one_of(numbers, cell_refs, st.text(max_size=30), st.sampled_from(["x" * 10000, "&", "<"]))


def xml_escaped(text: str) -> bytes:
    """Text escaped for an XML attribute or element; lone surrogates kept as their (invalid) UTF-8 bytes."""
    return escape(text, {'"': "&quot;"}).encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- strategies: damaged zips

Members = list[tuple[str, bytes]]
Draw = Callable


def _xml_index(draw: Draw, members: Members) -> int | None:
    xml = [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
    return draw(st.sampled_from(xml)) if xml else None


def _replace(members: Members, index: int, data: bytes) -> Members:
    return [*members[:index], (members[index][0], data), *members[index + 1:]]


def remove_member(draw: Draw, members: Members) -> Members:
    """Drop one member."""
    index = draw(st.integers(0, len(members) - 1))
    return [*members[:index], *members[index + 1:]]


def duplicate_member(draw: Draw, members: Members) -> Members:
    """Write one member twice, the copy the same, cut short or other bytes, before or after it."""
    index = draw(st.integers(0, len(members) - 1))
    name, data = members[index]
    copy = draw(st.one_of(st.just(data), st.binary(max_size=50), st.integers(0, len(data)).map(lambda n: data[:n])))
    at = draw(st.integers(0, len(members)))
    return [*members[:at], (name, copy), *members[at:]]


def replace_member(draw: Draw, members: Members) -> Members:
    """Replace one member's bytes by random bytes, or cut them short."""
    index = draw(st.integers(0, len(members) - 1))
    data = members[index][1]
    new = draw(st.one_of(st.binary(max_size=300), st.integers(0, len(data)).map(lambda n: data[:n])))
    return _replace(members, index, new)


def flip_bytes(draw: Draw, members: Members) -> Members:
    """Flip a few bytes inside one member."""
    index = draw(st.integers(0, len(members) - 1))
    data = bytearray(members[index][1])
    for position in draw(st.lists(st.integers(0, max(0, len(data) - 1)), min_size=1, max_size=5)):
        if data:
            data[position] ^= draw(st.integers(1, 255))
    return _replace(members, index, bytes(data))


def _replace_one(draw: Draw, members: Members, pattern: bytes, values: st.SearchStrategy[str]) -> Members:
    """Replace group 1 of one match of ``pattern`` in one XML member by a drawn value (escaped)."""
    index = _xml_index(draw, members)
    if index is None:
        return members
    data = members[index][1]
    found = list(re.finditer(pattern, data))
    if not found:
        return members
    match = draw(st.sampled_from(found))
    return _replace(members, index, data[: match.start(1)] + xml_escaped(draw(values)) + data[match.end(1):])


def change_attribute(draw: Draw, members: Members) -> Members:
    """Give one attribute of one XML member an absurd value."""
    return _replace_one(draw, members, rb'[\w:]+="([^"]*)"', attribute_values)


def change_text(draw: Draw, members: Members) -> Members:
    """Replace one text node of one XML member (a shared string, a Word run, a number) by a figure."""
    return _replace_one(draw, members, rb">([^<]+)<", figures)


ENCODINGS = ["utf-16", "UTF-16LE", "utf-32", "gb2312", "GBK", "big5", "shift_jis", "ebcdic-cp-us", "x-unknown", "",
             "iso-8859-1", "us-ascii", "utf-7", "cp037"]


def change_declaration(draw: Draw, members: Members) -> Members:
    """Declare another encoding in one XML member, or really encode it so, with or without a BOM."""
    index = _xml_index(draw, members)
    if index is None:
        return members
    body = re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", members[index][1])
    encoding = draw(st.one_of(st.sampled_from(ENCODINGS), st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=12)))
    declared = f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
    codec = draw(st.sampled_from([None, "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"]))
    if codec is None:
        return _replace(members, index, declared + body)
    return _replace(members, index, (declared + body).decode("utf-8", "replace").encode(codec))


DOCTYPES = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>',
    '<!DOCTYPE x [<!ENTITY h SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
    '<!DOCTYPE x [<!ENTITY h "' + "长" * 20000 + '">]>',
    '<!DOCTYPE x [<!ENTITY h "&i;"><!ENTITY i "&h;">]>',
    "<!DOCTYPE x>",
]


def add_doctype(draw: Draw, members: Members) -> Members:
    """Put a DOCTYPE with entities (exponential, external, recursive, large) in one XML member, and use the entity."""
    index = _xml_index(draw, members)
    if index is None:
        return members
    body = re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", members[index][1])
    doctype = draw(st.sampled_from(DOCTYPES)).encode()
    use = draw(st.sampled_from([b"", b"&h;", b"&h;" * 50, b"&undefined;", b"&#0;", b"&#x110000;"]))
    target = re.search(rb"<(?:w:)?[tv](?: [^>]*)?>", body)
    if target and use:
        body = body[: target.end()] + use + body[target.end():]
    return _replace(members, index, _DECLARATION.encode() + doctype + body)


def nest_deeply(draw: Draw, members: Members) -> Members:
    """Nest elements (or Word tables) thousands deep inside one XML member."""
    index = _xml_index(draw, members)
    if index is None:
        return members
    name, body = members[index]
    depth = draw(st.integers(1, 5000))
    if name.endswith("document.xml"):
        opening, closing = b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"
    else:
        opening, closing = b"<x>", b"</x>"
    return _replace(members, index, body.replace(b"</", opening * depth + closing * depth + b"</", 1))


def _member(members: Members, name: str) -> int | None:
    return next((i for i, (n, _) in enumerate(members) if n == name), None)


def add_cell(draw: Draw, members: Members) -> Members:
    """Add a cell at any reference (XFD1048576, A99999999999, thousands of letters) with any type and value."""
    index = _member(members, "xl/worksheets/sheet1.xml")
    if index is None:
        return members
    ref, kind = draw(cell_refs), draw(st.sampled_from(["", "n", "s", "str", "b", "e", "d", "inlineStr", "zz"]))
    value = draw(st.one_of(numbers, figures))
    style = draw(st.sampled_from(["", ' s="1"', ' s="2"', ' s="99999999999"', ' s="-1"']))
    type_attribute = f' t="{kind}"' if kind else ""
    content = f"<is><t>{escape(value)}</t></is>" if kind == "inlineStr" else f"<v>{escape(value)}</v>"
    cell = f'<c r="{ref}"{type_attribute}{style}>{content}</c>'.encode("utf-8", "surrogatepass")
    row = draw(st.one_of(st.sampled_from(["1", "7", "15"]), numbers))
    data = members[index][1]
    if draw(st.booleans()):
        data = data.replace(b"</sheetData>", f'<row r="{escape(row)}">'.encode("utf-8", "surrogatepass") + cell
                            + b"</row></sheetData>", 1)
    else:
        data = data.replace(b'<row r="7">', b'<row r="7">' + cell, 1)
    return _replace(members, index, data)


def change_row_number(draw: Draw, members: Members) -> Members:
    """Give one row an absurd number."""
    index = _member(members, "xl/worksheets/sheet1.xml")
    if index is None:
        return members
    data = members[index][1]
    found = list(re.finditer(rb'<row r="(\d+)"', data))
    if not found:
        return members
    match = draw(st.sampled_from(found))
    return _replace(members, index, data[: match.start(1)] + xml_escaped(draw(numbers)) + data[match.end(1):])


def change_note_reference(draw: Draw, members: Members) -> Members:
    """Move the cell note far outside the grid, or to a reference that is no reference."""
    index = _member(members, "xl/comments1.xml")
    if index is None:
        return members
    data = re.sub(rb'ref="[^"]*"', b'ref="' + xml_escaped(draw(cell_refs)) + b'"', members[index][1], count=1)
    return _replace(members, index, data)


def change_string_count(draw: Draw, members: Members) -> Members:
    """sharedStrings' count and uniqueCount of 10**12 (or any number), or a string index far out of range."""
    index = _member(members, "xl/sharedStrings.xml")
    sheet = _member(members, "xl/worksheets/sheet1.xml")
    number = draw(st.one_of(st.just("1000000000000"), numbers)).encode("utf-8", "surrogatepass")
    if index is not None and draw(st.booleans()):
        return _replace(members, index, re.sub(rb'((?:unique)?[cC]ount)="\d+"', lambda m: m.group(1) + b'="' + number + b'"',
                                               members[index][1]))
    if sheet is None:
        return members
    return _replace(members, sheet, re.sub(rb'(t="s"><v>)\d+', lambda m: m.group(1) + number, members[sheet][1], count=1))


def many_sheets(draw: Draw, members: Members) -> Members:
    """List up to 2,000 sheets in the workbook, all on the same sheet part."""
    book, links = _member(members, "xl/workbook.xml"), _member(members, "xl/_rels/workbook.xml.rels")
    if book is None or links is None:
        return members
    count = draw(st.integers(2, 2000))
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i + 10}" r:id="rF{i}"/>' for i in range(count))
    rels = "".join(f'<Relationship Id="rF{i}" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>' for i in range(count))
    members = _replace(members, book, members[book][1].replace(b"</sheets>", sheets.encode() + b"</sheets>", 1))
    return _replace(members, links, members[links][1].replace(b"</Relationships>", rels.encode() + b"</Relationships>", 1))


def word_layout(draw: Draw, members: Members) -> Members:
    """Word cells with absurd gridSpan, gridBefore or vMerge values, or a row of thousands of cells."""
    index = _member(members, "word/document.xml")
    if index is None:
        return members
    data = members[index][1]
    value = xml_escaped(draw(st.one_of(numbers, st.sampled_from(["restart", "continue", ""]))))
    kind = draw(st.sampled_from(["gridSpan", "gridBefore", "vMerge", "cells"]))
    if kind == "gridSpan":
        data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + value + b'"/>', draw(st.integers(1, 20)))
    elif kind == "gridBefore":
        data = data.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="' + value + b'"/></w:trPr>', 2)
    elif kind == "vMerge":
        data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="' + value + b'"/>')
    else:
        data = data.replace(b"<w:tr>", b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * draw(st.integers(1, 5000)), 1)
    return _replace(members, index, data)


PACKAGE_EDITS = [remove_member, duplicate_member, replace_member, flip_bytes, change_attribute, change_text,
                 change_declaration, add_doctype, nest_deeply]
XLSX_EDITS = [add_cell, change_row_number, change_note_reference, change_string_count, many_sheets]


@st.composite
def damaged_package(draw: Draw, base: Members, own_edits: list[Callable]) -> bytes:
    """The zip of ``base`` after one to three edits, each a package edit or one of ``own_edits``."""
    members = list(base)
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(PACKAGE_EDITS + own_edits))
        if members:
            members = edit(draw, members)
    return build_zip(members, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))


# ---------------------------------------------------------------- strategies: text and csv


@st.composite
def table_with_values(draw: Draw) -> list[list[str]]:
    """The table with some indicator values (and maybe the budget) replaced by drawn figures."""
    rows = [list(row) for row in ROWS]
    for r in draw(st.lists(st.sampled_from(list(VALUE_ROWS)), min_size=1, max_size=4)):
        rows[r][3] = draw(figures)
    if draw(st.booleans()):
        rows[2][2] = draw(st.one_of(numbers, figures))
    return rows


TEXT_ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-32", "big5", "shift_jis"]


@st.composite
def damaged_text(draw: Draw, as_csv: bool) -> bytes:
    """A text or csv table in some encoding, then bytes inserted, flipped, cut, or NULs and a long line added."""
    rows = draw(table_with_values())
    text = csv_table(rows) if as_csv else text_table(rows, draw(st.sampled_from(["\t", "|", "  ", "\t\t"])))
    data = text.encode(draw(st.sampled_from(TEXT_ENCODINGS)), "replace")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["insert", "flip", "cut", "nul", "long", "quote"]))
        at = draw(st.integers(0, len(data)))
        if kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        elif kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif kind == "cut":
            data = data[:at]
        elif kind == "nul":
            data = data[:at] + b"\x00" * draw(st.integers(1, 50)) + data[at:]
        elif kind == "long":
            unit = draw(st.sampled_from(["≥90%", "9", "\t1", ",", "产出指标数量指标", " "])).encode()
            data = data[:at] + b"\n" + unit * draw(st.integers(1, 100_000)) + b"\n" + data[at:]
        else:
            data = data[:at] + b'"' + data[at:]
    return data


# ---------------------------------------------------------------- the checks


class TookTooLong(BaseException):
    """An example ran past TIME_LIMIT_S (a BaseException, so that no ``except Exception`` in jxlint hides it)."""


@contextmanager
def time_limit(seconds: float, data: bytes, name: str) -> Iterator[None]:
    """Fail with the stack and the input saved when the block runs longer than ``seconds`` (Unix only)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        saved = Path(tempfile.gettempdir()) / f"jxlint-fuzz-slow-{hashlib.sha1(data).hexdigest()[:12]}-{name}"
        saved.write_bytes(data)
        raise TookTooLong(f"linting {name} ({len(data)} bytes) took more than {seconds} s; the input is in {saved}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def strict_json(text: str) -> object:
    """json.loads refusing NaN, Infinity and -Infinity."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def run_cli(argv: list[str]) -> int:
    """``jxlint.cli.main(argv)``, leaving the garbage collector as it was (``check`` tunes it for its run)."""
    thresholds = gc.get_threshold()
    try:
        return main(argv)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def check_file(data: bytes, name: str, fmt: str = "json") -> None:
    """Lint ``data`` as a file called ``name`` through the library and the command line, and check the invariants."""
    with time_limit(TIME_LIMIT_S, data, name):
        report = lint(data, name=name)
        for finding in report.findings:
            assert finding.path == name and finding.location.path == name, f"finding without its file: {finding}"
        json.dumps(report.to_json(), allow_nan=False)  # ValueError on NaN or Infinity

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            output = Path(folder) / "report.out"
            status = run_cli(["check", "--format", fmt, "--fail-on", "never", "--no-progress", "--output", str(output),
                              str(path)])
            assert status in (0, 1, 2, 3), f"exit status {status}"
            written = output.read_text(encoding="utf-8") if output.exists() else ""
            if status != 3 or written:  # exit 3 (an internal error) may come without a report
                check_report(strict_json(written), fmt, path)
        internal = [f for f in report.findings if f.category == "internal"]
        assert not internal, f"internal error in jxlint (the run survived it): {internal[0].data}"


def check_report(document: dict, fmt: str, path: Path) -> None:
    """The command line's report names only ``path``, and (JSON) has a table or a finding for it."""
    name = path.name
    if fmt == "json":
        named = {finding["path"] for finding in document["findings"]}
        assert named <= {str(path)}, f"findings name other files: {named}"
        assert all(f["location"]["path"] == str(path) for f in document["findings"])
        assert named or any(t["path"] == str(path) for t in document["tables"]), "the file left no trace"
    else:
        uris = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for run in document["runs"] for r in run["results"]}
        assert all(uri.endswith(name) for uri in uris), f"results name other files: {uris}"


formats = st.sampled_from(["json", "json", "json", "sarif"])
_FIGURE = re.compile(r"[≥≤=<>]?\d+(?:\.\d+)?(?:%|万元|元|个|次|件|天|人)?")


def replace_figures(text: str, replacements: list[tuple[int, str]]) -> str:
    """``text`` with figures replaced: (n, new) replaces the n-th figure (modulo their number) by ``new``."""
    found = list(_FIGURE.finditer(text))
    chosen = {found[n % len(found)].span(): new for n, new in replacements}
    for (start, end), new in sorted(chosen.items(), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _figure_number(name: str, figure: str) -> int:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return next(n for n, m in enumerate(_FIGURE.finditer(text)) if m.group() == figure)


def test_the_valid_files_are_read():
    """The files every example starts from are read as a table (so the examples damage something real)."""
    for data, name in [(build_zip(XLSX), "t.xlsx"), (build_zip(DOCX), "t.docx"),
                       (text_table(ROWS).encode(), "t.txt"), (csv_table(ROWS).encode("gbk"), "t.csv")]:
        report = lint(data, name=name)
        assert len(report.tables) == 1, (name, [f.message for f in report.findings])
        assert {"DATE001", "UNIT001"} & {f.rule for f in report.findings}, name


@FUZZ
@given(damaged_package(XLSX, XLSX_EDITS), formats)
@example(build_zip(XLSX).replace(b"PK\x03\x04", b"PK\x03\x05", 1), "json")
def test_damaged_xlsx(data, fmt):
    """A workbook with damaged members, XML, cell references, note references and string counts."""
    check_file(data, "x.xlsx", fmt)


def _note_at(ref: str) -> bytes:
    return build_zip([(n, d.replace(b'ref="D10"', f'ref="{ref}"'.encode()) if n == "xl/comments1.xml" else d)
                      for n, d in XLSX])


@FUZZ
@given(st.lists(st.tuples(cell_refs, st.sampled_from(["n", "s", "str", "b", "e", "d"]), st.one_of(numbers, figures)),
                min_size=1, max_size=4))
@example([("XFD1048576", "n", "1")])
@example([("A99999999999", "n", "1")])
@example([("A" * 3000 + "1", "str", "≥10次")])
@example([("A" + "1" * 3000, "n", "1" + "0" * 4000)])
def test_absurd_cells(cells):
    """Cells at absurd references with absurd values (the extent check must come before any allocation)."""
    members = list(XLSX)
    index = _member(members, "xl/worksheets/sheet1.xml")
    added = b"".join(f'<c r="{escape(ref)}" t="{kind}"><v>{escape(value)}</v></c>'.encode("utf-8", "surrogatepass")
                     for ref, kind, value in cells)
    members[index] = (members[index][0], members[index][1].replace(b'<row r="7">', b'<row r="7">' + added, 1))
    check_file(build_zip(members), "x.xlsx")


@FUZZ
@given(cell_refs)
@example("XFD1048576")
@example("A99999999999")
@example("B" + "9" * 5000)
def test_note_far_outside_the_grid(ref):
    """A cell note at any reference."""
    check_file(_note_at(escape(ref)), "x.xlsx")


@FUZZ
@given(damaged_package(DOCX, [word_layout]), formats)
def test_damaged_docx(data, fmt):
    """A Word document with damaged members, XML, spans, merges and nesting."""
    check_file(data, "x.docx", fmt)


@FUZZ
@given(damaged_text(as_csv=False), st.sampled_from(["x.txt", "x.tsv"]), formats)
@example("年度资金总额\t≥1e400万元\n".encode(), "x.txt", "json")
@example(text_table([*ROWS[:6], ["产出指标", "数量指标", "培训次数", "≥" + HUGE + "次"]]).encode(), "x.txt", "json")
def test_damaged_text(data, name, fmt):
    """A text table in any encoding, with stray bytes, NULs, long lines and absurd figures."""
    check_file(data, name, fmt)


@FUZZ
@given(damaged_text(as_csv=True), formats)
@example(csv_table([*ROWS[:6], ["产出指标", "数量指标", "培训成本", "≤1e400万元"]]).encode("gbk"), "json")
def test_damaged_csv(data, fmt):
    """A csv table in any encoding, with broken quoting, stray bytes, NULs, long lines and absurd figures."""
    check_file(data, "x.csv", fmt)


@settings(FUZZ, max_examples=40)
@given(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.txt"))),
       st.lists(st.tuples(st.integers(0, 10**6), figures), min_size=1, max_size=3), st.booleans())
@example("nantong-2024-project-targets.txt", [(_figure_number("nantong-2024-project-targets.txt", "10.91"), "=" + HUGE)],
         False)
def test_real_tables_with_absurd_figures(name, replacements, as_csv):
    """The real tables in examples/ with a few figures replaced by absurd ones (a 5,000-digit amount, 1e400万元 …)."""
    text = replace_figures((EXAMPLES / name).read_text(encoding="utf-8"), replacements)
    check_file(text.encode("utf-8", "surrogatepass"), "x.csv" if as_csv else "x.txt")


LONG_LINE_UNITS = ["年度目标：开展培训；", "产出指标数量指标培训次数≥10次", "≥90%", "\t1", "9", " "]


@settings(FUZZ, max_examples=20)
@given(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.txt"))), st.integers(0, 400),
       st.sampled_from(LONG_LINE_UNITS), st.integers(1, 40_000))
@example("guangzhou-2022-project-targets.txt", 12, "年度目标：开展培训；", 20_000)
def test_real_tables_with_a_long_line(name, line, unit, repeat):
    """A real table with one line of up to a megabyte (a glued row, a run of digits or cells) anywhere in it."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
    lines.insert(line % (len(lines) + 1), unit * repeat)
    check_file("\n".join(lines).encode("utf-8"), "x.txt")


@FUZZ
@given(table_with_values(), st.sampled_from(["xlsx", "docx", "txt", "csv"]))
def test_absurd_values_in_every_format(rows, kind):
    """The same absurd 指标值 in a workbook, a document, a text table and a csv."""
    if kind == "xlsx":
        data = build_zip(as_bytes(xlsx_members(rows)))
    elif kind == "docx":
        data = build_zip(as_bytes(docx_members(rows)))
    elif kind == "txt":
        data = text_table(rows).encode("utf-8", "surrogatepass")
    else:
        data = csv_table(rows).encode("utf-8", "surrogatepass")
    check_file(data, f"x.{kind}")
