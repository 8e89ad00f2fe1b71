"""Compare candidate HTML parsers and PDF readers on the work jxlint gives them; prints medians.

HTML: a generated page with one 5,000-row table (rowspan/colspan, <br>, &nbsp;);
each parser's import time in a fresh process (minus ``python -c pass``) and its
parse + walk time (every <table>, <tr>, <td>/<th> with its text and spans).
PDF: a generated 20-page ruled table (reportlab); each reader's import time
and the time to get every page's characters (and, for pdfplumber, its tables).
A parser that is not installed is reported as such (only lxml, pdfplumber and
reportlab come with jxlint's install; the others are for this comparison)::

    python benchmarks/parsers.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HTML_PARSERS = ("lxml.html", "selectolax.lexbor", "html5lib", "html.parser")
PDF_READERS = ("pdfplumber", "pypdfium2")


def html_page(rows: int) -> str:
    """A page with a title, a unit line and one table of ``rows`` rows: a rowspan label every 5 rows."""
    body = []
    for index in range(rows):
        label = f'<td rowspan="5">产出指标{index // 5}</td>' if index % 5 == 0 else ""
        body.append(f"<tr>{label}<td>数量指标</td><td>培训次数&nbsp;{index}<br>第二行</td><td>≥{index}次</td></tr>")
    return ("<html><head><meta charset='utf-8'><title>表</title></head><body><h1>2025年绩效目标表</h1>"
            "<p>单位：万元</p><table><tr><th>一级指标</th><th colspan='2'>二级/三级</th><th>指标值</th></tr>"
            + "".join(body) + "</table></body></html>")


def walk_lxml(text: str) -> int:
    import lxml.html

    cells = 0
    for table in lxml.html.fromstring(text).iter("table"):
        for tr in table.iter("tr"):
            for td in tr:
                if td.tag in ("td", "th"):
                    td.text_content()
                    td.get("rowspan"), td.get("colspan")
                    cells += 1
    return cells


def walk_selectolax(text: str) -> int:
    from selectolax.lexbor import LexborHTMLParser

    cells = 0
    for table in LexborHTMLParser(text).css("table"):
        for tr in table.css("tr"):
            for td in tr.iter():
                if td.tag in ("td", "th"):
                    td.text()
                    td.attributes.get("rowspan"), td.attributes.get("colspan")
                    cells += 1
    return cells


def walk_html5lib(text: str) -> int:
    import html5lib

    cells = 0
    document = html5lib.parse(text, namespaceHTMLElements=False)
    for table in document.iter("table"):
        for tr in table.iter("tr"):
            for td in tr:
                if td.tag in ("td", "th"):
                    "".join(td.itertext())
                    td.get("rowspan"), td.get("colspan")
                    cells += 1
    return cells


def walk_stdlib(text: str) -> int:
    from html.parser import HTMLParser

    class Walker(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.cells = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag in ("td", "th"):
                self.cells += 1
                dict(attrs)

        def handle_data(self, data):
            self.parts.append(data)

    walker = Walker()
    walker.feed(text)
    walker.close()
    return walker.cells


HTML_WALKS = {"lxml.html": walk_lxml, "selectolax.lexbor": walk_selectolax, "html5lib": walk_html5lib,
              "html.parser": walk_stdlib}


def pdf_file(path: Path, rows: int) -> None:
    """A ruled table of ``rows`` rows over as many pages as it needs (reportlab, STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import LongTable, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = [["一级指标", "二级指标", "三级指标", "指标值"]]
    data += [["产出指标", "数量指标", f"培训次数{i}", f"≥{i}次"] for i in range(rows)]
    table = LongTable(data, repeatRows=1, style=[("FONT", (0, 0), (-1, -1), "STSong-Light", 9),
                                                ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    SimpleDocTemplate(str(path), pagesize=A4).build([table])


def read_pdfplumber(path: str) -> int:
    import pdfplumber

    cells = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                cells += sum(len(row) for row in table.extract())
    return cells


def read_pypdfium2(path: str) -> int:
    import pypdfium2

    chars = 0
    document = pypdfium2.PdfDocument(path)
    for page in document:
        text = page.get_textpage()
        count = text.count_chars()
        for index in range(count):
            text.get_charbox(index)
        text.get_text_range()
        for _ in page.get_objects():
            pass
        chars += count
    return chars


PDF_READS = {"pdfplumber": read_pdfplumber, "pypdfium2": read_pypdfium2}


def installed(module: str) -> bool:
    """Whether ``module`` can be imported here."""
    from importlib.util import find_spec

    try:
        return find_spec(module.split(".")[0]) is not None
    except (ImportError, ValueError):
        return False


def import_ms(module: str, repeat: int) -> float:
    """Median ms to import ``module`` in a fresh process, less the interpreter's own start."""
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    statement = {"selectolax.lexbor": "from selectolax.lexbor import LexborHTMLParser",
                 "html.parser": "from html.parser import HTMLParser"}.get(module, f"import {module}")
    run(statement)
    bare = statistics.median(run("pass") for _ in range(repeat))
    return 1000 * (statistics.median(run(statement) for _ in range(repeat)) - bare)


def timed_ms(work, argument, repeat: int) -> tuple[float, int]:
    """Median ms of ``work(argument)`` (after one untimed run) and what it returned."""
    result = work(argument)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work(argument)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    """Print the HTML and PDF comparison tables (markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--pdf-rows", type=int, default=1000)
    args = parser.parse_args(argv)
    page = html_page(args.rows)
    print(f"HTML: one page, {args.rows:,} rows, {len(page.encode()) / 1024:.0f} KB\n")
    print("| parser | import ms | parse + walk ms | cells |\n|---|---:|---:|---:|")
    for name in HTML_PARSERS:
        if not installed(name):
            print(f"| {name} | not installed | | |")
            continue
        walk_ms, cells = timed_ms(HTML_WALKS[name], page, args.repeat)
        print(f"| {name} | {import_ms(name, args.repeat):.0f} | {walk_ms:.0f} | {cells:,} |")
    if not installed("reportlab"):
        print("\nPDF: reportlab is not installed")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.pdf"
        pdf_file(path, args.pdf_rows)
        print(f"\nPDF: one ruled table, {args.pdf_rows:,} rows, {path.stat().st_size / 1024:.0f} KB\n")
        print("| reader | import ms | read ms | what | count |\n|---|---:|---:|---|---:|")
        for name in PDF_READERS:
            if not installed(name):
                print(f"| {name} | not installed | | | |")
                continue
            read_ms, count = timed_ms(PDF_READS[name], str(path), max(1, args.repeat // 2))
            what = "table cells" if name == "pdfplumber" else "characters with boxes, page objects"
            print(f"| {name} | {import_ms(name, args.repeat):.0f} | {read_ms:.0f} | {what} | {count:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
