"""Count the instructions jxlint spends on a stage, to compare two versions of a small change.

Timings on a shared virtual machine swing by 20% from one minute to the next;
the number of machine instructions a run executes, counted by valgrind, does
not (about ±0.3% between runs). A change that saves 2% is invisible in
timings and plain in counts. Counts are not time (a cache miss costs more than
an add), so confirm a kept change with ``run.py``.

    python benchmarks/instructions.py                      # lint, 10 text files (100 tables)
    python benchmarks/instructions.py --stage build --files 20 --corpus benchmarks/corpus/d1000/text
    python benchmarks/instructions.py --src /tmp/jx_old/src  # a worktree of another commit

Each count runs Python twice under ``valgrind --tool=callgrind``: once on the
first N files and once on none, both after the same warm-up on the corpus's
last six files (lazy regexes and parser states, imports, rule packs), and
reports the difference. Needs valgrind (``apt install valgrind``); a count of
100 tables takes about 30 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
STAGES = ("read", "build", "lint")

# Run inside the measured process: warm up, then do the stage on the first N files.
DRIVER = """
import sys
from pathlib import Path
from jxlint.api import Linter
from jxlint.model.build import build_tables
from jxlint.read import read_path
stage, corpus, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted(p for p in corpus.iterdir() if p.is_file())
linter = Linter(keep_tables=False)
for path in files[-6:]:
    linter.lint_file(path)
chosen = files[:count]
if stage == "read":
    for path in chosen:
        read_path(path)
elif stage == "build":
    for path in chosen:
        for grid in read_path(path):
            build_tables(grid)
else:
    for path in chosen:
        linter.lint_file(path)
"""


def count_instructions(python: str, src: Path | None, stage: str, corpus: Path, files: int) -> int:
    """Instructions of one run of the driver under callgrind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               python, "-c", DRIVER, stage, str(corpus), str(files)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    """Parse the options and print the stage's instruction count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", choices=STAGES, default="lint",
                        help="read the files, read and build their tables, or lint them (default)")
    parser.add_argument("--files", type=int, default=10, help="files measured (default 10)")
    parser.add_argument("--corpus", type=Path, default=BENCH_DIR / "corpus" / "t1000" / "text",
                        help="folder of input files (default benchmarks/corpus/t1000/text)")
    parser.add_argument("--src", type=Path, help="import jxlint from this src folder (e.g. a worktree's)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("needs valgrind on PATH")
    if not args.corpus.is_dir():
        parser.error(f"no corpus at {args.corpus}: run make_corpus.py first")
    measured = count_instructions(sys.executable, args.src, args.stage, args.corpus, args.files)
    baseline = count_instructions(sys.executable, args.src, args.stage, args.corpus, 0)
    print(f"{args.stage}, {args.files} files of {args.corpus}: {(measured - baseline) / 1e6:.0f} M instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
