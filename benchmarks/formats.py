"""Read time per table of the same seed tables as xlsx, HTML and PDF (and text), in one process; medians.

The seeds in examples/ are written as each format by the test fixtures
(tests/read/office_fixtures.py, web_fixtures.py): merged 一级/二级 labels,
rowspan/colspan, ruled PDF tables. Each file is read ``--repeat`` times with
:func:`jxlint.read.read_path` (after one untimed read, which also pays the
parser's import) and linted as many times with :func:`jxlint.lint`; the report
gives the median per table and the ratio to xlsx::

    python benchmarks/formats.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "read"))

from office_fixtures import EXAMPLES, seed_rows, write_xlsx  # noqa: E402
from web_fixtures import blocks, seed_html, write_pdf  # noqa: E402

import jxlint  # noqa: E402
from jxlint.read import read_path  # noqa: E402

SEEDS = ("binhai-2025-project-targets.txt", "nantong-2024-project-targets.txt")


def write_formats(folder: Path) -> dict[str, list[Path]]:
    """The seeds as text (the originals), xlsx, HTML and PDF files in ``folder``."""
    files: dict[str, list[Path]] = {"text": [], "xlsx": [], "html": [], "pdf": []}
    for seed in SEEDS:
        rows = seed_rows(seed)
        stem = folder / seed.removesuffix(".txt")
        files["text"].append(EXAMPLES / seed)
        write_xlsx(stem.with_suffix(".xlsx"), [("Sheet1", rows)])
        files["xlsx"].append(stem.with_suffix(".xlsx"))
        stem.with_suffix(".html").write_text(seed_html(rows), encoding="utf-8")
        files["html"].append(stem.with_suffix(".html"))
        write_pdf(stem.with_suffix(".pdf"), blocks(rows))
        files["pdf"].append(stem.with_suffix(".pdf"))
    return files


def median_ms(work, paths: list[Path], repeat: int) -> float:
    """Median ms of ``work`` over all ``paths``, after one untimed pass."""
    for path in paths:
        work(path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            work(path)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print read and lint time per table for each format (markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        files = write_formats(Path(folder))
        tables = sum(len(jxlint.lint(path).tables) for path in files["xlsx"])
        print(f"{len(SEEDS)} seeds, {tables} tables, median of {args.repeat} runs\n")
        print("| format | read ms / table | ÷ xlsx | lint ms / table | ÷ xlsx |\n|---|---:|---:|---:|---:|")
        figures = {name: (median_ms(read_path, paths, args.repeat) / tables,
                          median_ms(jxlint.lint, paths, max(1, args.repeat // 4)) / tables)
                   for name, paths in files.items()}
        read_x, lint_x = figures["xlsx"]
        for name, (read_ms, lint_ms) in figures.items():
            print(f"| {name} | {read_ms:.2f} | {read_ms / read_x:.1f} | {lint_ms:.2f} | {lint_ms / lint_x:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
