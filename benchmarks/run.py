"""Measure jxlint: cold start, throughput, the xlsx read floor and peak memory, on one machine in one run.

Every figure is the median (and minimum) of ``--repeat`` runs of a fresh
process, timed with ``time.perf_counter`` around the subprocess; peak memory
is the process's max RSS as GNU time reports it (else ``os.wait4``'s). Each command runs once untimed
first (a warm-up that fills the file cache). The corpus comes from
``make_corpus.py``; before timing, one JSON run per format checks that jxlint
reads the tables and finds the injected defects (``corpus_check.py``).

    python benchmarks/make_corpus.py --tables 1000
    python benchmarks/run.py --tables 1000 --json /tmp/bench.json     # or --quick
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus_check import BENCH_DIR, check_corpus, corpus_files, default_jxlint, load_manifest, summary_lines

#: Read every sheet of every workbook named on the command line, as a fast reader would before linting.
CALAMINE_READ = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
#: Targets from issue 6.
COLD_START_TARGET_S = 0.25
TABLES_PER_S_TARGET = 1000
XLSX_OVER_READ_TARGET, XLSX_OVER_READ_AIM = 2.0, 1.5
JOBS2_SPEEDUP_TARGET = 1.8
#: Memory counts as flat when linting all files takes at most this much more RSS than linting a tenth of them.
FLAT_MEMORY_FACTOR = 1.2


@dataclass
class Measurement:
    """The timed runs of one command."""

    label: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    max_rss_kb: list[int] = field(default_factory=list)
    tables: int | None = None

    @property
    def median_s(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(self.seconds)

    @property
    def min_s(self) -> float:
        """Fastest wall time in seconds."""
        return min(self.seconds)

    @property
    def median_rss_mb(self) -> float:
        """Median peak memory in MiB."""
        return statistics.median(self.max_rss_kb) / 1024

    @property
    def tables_per_s(self) -> float | None:
        """Tables linted per second at the median time."""
        return self.tables / self.median_s if self.tables else None

    def as_dict(self) -> dict:
        """Plain data for --json (the command's file list shortened to a count)."""
        command = self.command if len(self.command) < 12 else [*self.command[:8], f"… {len(self.command) - 8} more"]
        return {
            "label": self.label, "command": command, "seconds": self.seconds, "median_s": self.median_s,
            "min_s": self.min_s, "max_rss_kb": self.max_rss_kb, "median_rss_mb": self.median_rss_mb,
            "tables": self.tables, "tables_per_s": self.tables_per_s,
        }


class CommandFailed(RuntimeError):
    """A benchmarked command exited with an unexpected status."""


def find_gnu_time() -> str | None:
    """/usr/bin/time when it is GNU time (which takes -f %M -o FILE), else None."""
    try:
        version = subprocess.run(["/usr/bin/time", "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return "/usr/bin/time" if "GNU" in version.stdout + version.stderr else None


def run_once(command: list[str], gnu_time: str | None) -> tuple[float, int, int, str]:
    """Run ``command`` once; returns wall seconds, max RSS in KiB, exit status and the end of its stderr.

    The RSS comes from GNU time when there is one: a child's ru_maxrss keeps the
    high-water mark of the process it was forked from (this runner) across exec,
    so ``os.wait4`` alone would floor every figure at the runner's own RSS.
    """
    with tempfile.TemporaryFile() as stderr, tempfile.NamedTemporaryFile("r") as rss_file:
        wrapped = [gnu_time, "-f", "%M", "-o", rss_file.name, *command] if gnu_time else command
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=stderr)
        _, wait_status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        rss_kb = int(rss_file.read().split()[-1]) if gnu_time else usage.ru_maxrss
        stderr.seek(0)
        return elapsed, rss_kb, process.returncode, stderr.read()[-2000:].decode("utf-8", "replace")


class Bench:
    """Runs and remembers measurements (a command measured twice is measured once)."""

    def __init__(self, repeat: int, gnu_time: str | None) -> None:
        self.repeat = repeat
        self.gnu_time = gnu_time
        self.measurements: dict[str, Measurement] = {}

    def measure(self, label: str, command: list[str], tables: int | None = None) -> Measurement:
        """One warm-up run, then ``repeat`` timed runs of ``command`` (which must exit 0)."""
        key = "\0".join(command)
        if key in self.measurements:
            return self.measurements[key]
        measurement = Measurement(label, command, tables=tables)
        for attempt in range(self.repeat + 1):
            _progress(f"{label}: run {attempt}/{self.repeat}" if attempt else f"{label}: warm-up")
            seconds, rss_kb, status, stderr = run_once(command, self.gnu_time)
            if status != 0:
                raise CommandFailed(f"{label}: exit {status}: {stderr.strip()}")
            if attempt:
                measurement.seconds.append(seconds)
                measurement.max_rss_kb.append(rss_kb)
        _progress("")
        self.measurements[key] = measurement
        return measurement


def _progress(text: str) -> None:
    """Show what is running on a terminal's standard error, on one line that the next call overwrites."""
    if sys.stderr.isatty():
        print(f"\r\033[K  {text}"[: 200] if text else "\r\033[K", end="", file=sys.stderr, flush=True)


def machine_facts(jxlint: str) -> dict:
    """CPU, Python, platform and the jxlint revision measured."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    revision = subprocess.run(["git", "-C", str(BENCH_DIR), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "jxlint": jxlint,
        "git": revision,
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def has_jobs_option(jxlint: str) -> bool:
    """True when ``jxlint check --help`` lists -j / --jobs."""
    help_text = subprocess.run([jxlint, "check", "--help"], capture_output=True, text=True, check=False).stdout
    return re.search(r"(?<![\w-])(-j|--jobs)\b", help_text) is not None


def reads_xlsx(jxlint: str, workbook: Path) -> bool:
    """True when jxlint reads ``workbook`` (no ``read`` finding, exit status not 2)."""
    process = subprocess.run([jxlint, "check", "--format", "json", "--fail-on", "never", str(workbook)],
                             capture_output=True, text=True, check=False)
    if process.returncode == 2:
        return False
    try:
        findings = json.loads(process.stdout)["findings"]
    except (json.JSONDecodeError, KeyError):
        return False
    return not any(f.get("category") == "read" for f in findings)


def has_calamine(python: str) -> bool:
    """True when python-calamine imports in ``python``."""
    return subprocess.run([python, "-c", "import python_calamine"], capture_output=True, check=False).returncode == 0


# ---------------------------------------------------------------- report


def say(text: str = "") -> None:
    """Print one line of the report."""
    print(text, flush=True)


def show_row(label: str, measurement: Measurement | None = None, note: str = "") -> None:
    """A measured row (median, min, note), or a row with only a note such as "n/a: …"."""
    if measurement is None:
        say(f"  {label:<42} {note}")
    else:
        say(f"  {label:<42} {measurement.median_s:8.3f} s {measurement.min_s:8.3f} s  {note}".rstrip())


@dataclass
class Run:
    """What the sections share: the tools, the corpus, the measurements and the derived ratios."""

    jxlint: str
    python: str
    corpus: Path
    tables: int
    text_files: list[str]
    xlsx_files: list[str]
    bench: Bench
    xlsx_reader: bool
    jobs_option: bool
    calamine: bool
    distinct_text_files: list[str] = field(default_factory=list)
    ratios: dict[str, dict] = field(default_factory=dict)
    lints: dict[tuple[str, int], Measurement] = field(default_factory=dict)

    @property
    def lint(self) -> list[str]:
        """The jxlint command line up to the paths."""
        return [self.jxlint, "check", "--fail-on", "never"]

    def text_cold_start(self) -> Measurement:
        """``jxlint check one-small.txt``: start-up plus one table."""
        return self.bench.measure("jxlint check one-small.txt", [*self.lint, str(self.corpus / "one-small.txt")], tables=1)

    def files(self, kind: str) -> list[str]:
        """The corpus files of one kind, "text" or "xlsx"."""
        return self.text_files if kind == "text" else self.xlsx_files

    def ratio(self, key: str, label: str, value: float, shown: str, target: str = "", met: bool | None = None) -> None:
        """Print a derived figure against its target (when it has one) and keep it for --json."""
        verdict = "" if met is None else ("met" if met else "MISSED")
        against = f"target {target}" if target else ""
        say(f"  → {label:<40} {shown:>10}   {against:<36} {verdict}".rstrip())
        self.ratios[key] = {"value": value, "target": target, "met": met}


def cold_start(run: Run) -> None:
    """Part 1: one small file in a fresh process, against python -c pass and a bare calamine read."""
    say(f"1 cold start {'':<31} {'median':>10} {'min':>10}")
    python_pass = run.bench.measure("python -c pass", [run.python, "-c", "pass"])
    show_row("python -c pass", python_pass)
    workbook = run.corpus / "one-small.xlsx"
    calamine_one = None
    if run.calamine:
        calamine_one = run.bench.measure("calamine read one-small.xlsx", [run.python, "-c", CALAMINE_READ, str(workbook)])
        show_row("python-calamine read one-small.xlsx", calamine_one)
    else:
        show_row("python-calamine read one-small.xlsx", note="n/a: python-calamine not installed")
    text_one = run.text_cold_start()
    show_row("jxlint check one-small.txt", text_one)
    if run.xlsx_reader:
        jxlint_one = run.bench.measure("jxlint check one-small.xlsx", [*run.lint, str(workbook)], tables=1)
        show_row("jxlint check one-small.xlsx", jxlint_one)
    else:
        jxlint_one = text_one
        show_row("jxlint check one-small.xlsx", note="n/a: no xlsx reader yet (the text file stands in)")
    seconds = jxlint_one.median_s
    run.ratio("cold_start_s", "jxlint cold start", seconds, f"{seconds:.3f} s",
              f"≤ {COLD_START_TARGET_S} s", seconds <= COLD_START_TARGET_S)
    overhead = seconds - python_pass.median_s
    run.ratio("cold_start_over_python_s", "jxlint − python -c pass", overhead, f"{overhead:.3f} s")
    if calamine_one is not None:
        factor = seconds / calamine_one.median_s
        run.ratio("cold_start_over_calamine", "jxlint ÷ calamine read, fresh process", factor, f"{factor:.1f}×")


def throughput(run: Run) -> None:
    """Part 2: the whole text and xlsx corpus, in one process and with -j 2."""
    say(f"2 throughput {'':<31} {'median':>10} {'min':>10}  tables/s")
    for kind in ("text", "xlsx"):
        for job_count in (1, 2):
            label = f"{kind}, {'1 process' if job_count == 1 else '-j 2'}"
            if not run.files(kind):
                show_row(label, note=f"n/a: no {kind} files in the corpus")
            elif kind == "xlsx" and not run.xlsx_reader:
                show_row(label, note="n/a: no xlsx reader yet")
            elif job_count == 2 and not run.jobs_option:
                show_row(label, note="n/a: no -j yet")
            else:
                command = [*run.lint, *(["-j", "2"] if job_count == 2 else []), *run.files(kind)]
                measurement = run.bench.measure(f"jxlint check {label}", command, tables=run.tables)
                run.lints[kind, job_count] = measurement
                show_row(label, measurement, f"{measurement.tables_per_s:8.0f}")
    if ("text", 1) in run.lints:
        text_one = run.lints["text", 1]
        rate = text_one.tables_per_s
        run.ratio("text_tables_per_s_one_core", "text tables/s, one core", rate, f"{rate:.0f}",
                  f"≥ {TABLES_PER_S_TARGET}", rate >= TABLES_PER_S_TARGET)
        start_up = run.text_cold_start()
        if text_one.median_s > start_up.median_s:
            net_rate = run.tables / (text_one.median_s - start_up.median_s)
            run.ratio("text_tables_per_s_net_of_start", "  the same, net of cold start", net_rate, f"{net_rate:.0f}")
    if run.distinct_text_files:
        distinct_names(run)
    for kind in ("text", "xlsx"):
        if (kind, 1) in run.lints and (kind, 2) in run.lints:
            speedup = run.lints[kind, 1].median_s / run.lints[kind, 2].median_s
            size_note = "" if run.tables >= 10000 else f" (at {run.tables})"
            run.ratio(f"jobs2_speedup_{kind}", f"-j 2 speed-up, {kind}", speedup, f"{speedup:.2f}×",
                      f"≥ {JOBS2_SPEEDUP_TARGET}× on 10,000{size_note}", speedup >= JOBS2_SPEEDUP_TARGET)


def distinct_names(run: Run) -> None:
    """The same number of text tables whose indicator names seldom repeat (make_corpus.py --distinct-names).

    The default corpus repeats the seed tables' indicator names, so the
    linter's caches answer almost every name; real tables do not.
    """
    label = "text, distinct names, 1 process"
    measurement = run.bench.measure(f"jxlint check {label}", [*run.lint, *run.distinct_text_files], tables=run.tables)
    show_row(label, measurement, f"{measurement.tables_per_s:8.0f}")
    rate = measurement.tables_per_s
    run.ratio("text_tables_per_s_distinct_names", "text tables/s, distinct names", rate, f"{rate:.0f}",
              f"≥ {TABLES_PER_S_TARGET}", rate >= TABLES_PER_S_TARGET)


def read_floor(run: Run) -> None:
    """Part 3: the workbooks only read with python-calamine, in one process; lint time over read time."""
    say(f"3 floor: read the workbooks only {'':<11} {'median':>10} {'min':>10}")
    target = f"≤ {XLSX_OVER_READ_TARGET}× (aim {XLSX_OVER_READ_AIM}×)"
    if not run.xlsx_files or not run.calamine:
        show_row("python-calamine, 1 process", note="n/a: " + ("no workbooks" if run.calamine else "no python-calamine"))
        return
    floor = run.bench.measure("calamine read xlsx corpus", [run.python, "-c", CALAMINE_READ, *run.xlsx_files],
                              tables=run.tables)
    show_row("python-calamine, 1 process", floor, f"{floor.tables_per_s:8.0f} tables/s")
    if ("xlsx", 1) not in run.lints:
        say(f"  → {'lint xlsx ÷ read xlsx':<40} {'n/a':>10}   target {target}")
        return
    factor = run.lints["xlsx", 1].median_s / floor.median_s
    run.ratio("xlsx_lint_over_read", "lint xlsx ÷ read xlsx", factor, f"{factor:.1f}×", target,
              factor <= XLSX_OVER_READ_TARGET)


def peak_memory(run: Run) -> None:
    """Part 4: max RSS of linting one file, a tenth of the files and all of them."""
    say(f"4 peak memory (max RSS) {'':<20} {'median':>10}")
    python_pass = run.bench.measure("python -c pass", [run.python, "-c", "pass"])
    show_row("python -c pass", note=f"{python_pass.median_rss_mb:8.1f} MiB")
    for kind in ("text", "xlsx"):
        if (kind, 1) not in run.lints:
            continue
        files = run.files(kind)
        tenth = files[: max(1, len(files) // 10)]
        one_file = run.bench.measure(f"jxlint 1 {kind} file", [*run.lint, files[0]])
        tenth_files = run.bench.measure(f"jxlint {len(tenth)} {kind} files", [*run.lint, *tenth])
        all_files = run.lints[kind, 1]
        shown = {id(one_file): f"1 {kind} file"}
        shown.setdefault(id(tenth_files), f"{len(tenth)} {kind} files")
        shown.setdefault(id(all_files), f"{len(files)} {kind} files ({run.tables} tables)")
        for measurement in (one_file, tenth_files, all_files):
            if id(measurement) in shown:
                show_row(f"jxlint, {shown.pop(id(measurement))}", note=f"{measurement.median_rss_mb:8.1f} MiB")
        growth = all_files.median_rss_mb / tenth_files.median_rss_mb
        tables_beyond = run.tables - run.tables * len(tenth) // len(files)
        per_table_kib = (all_files.median_rss_mb - tenth_files.median_rss_mb) * 1024 / max(1, tables_beyond)
        run.ratio(f"memory_all_over_tenth_{kind}", f"{kind}: RSS all files ÷ RSS a tenth", growth, f"{growth:.2f}×",
                  f"flat (≤ {FLAT_MEMORY_FACTOR}×)", growth <= FLAT_MEMORY_FACTOR)
        run.ratio(f"memory_kib_per_table_{kind}", f"{kind}: growth per table beyond the tenth", per_table_kib,
                  f"{per_table_kib:.0f} KiB")


# ---------------------------------------------------------------- main


def distinct_files(corpus: Path, tables: int) -> list[str]:
    """The text files of a distinct-names corpus of ``tables`` tables; none when there is no such corpus."""
    if not (corpus / "manifest.json").is_file():
        return []
    manifest = load_manifest(corpus)
    if manifest["tables"] != tables or not manifest.get("distinct_names"):
        return []
    return [str(corpus / e["path"]) for e in corpus_files(corpus, manifest, "text")]


def main(argv: list[str] | None = None) -> int:
    """Check the corpus, run the four parts, print the report; exit 2 when a command fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=10000,
                        help="corpus size: use benchmarks/corpus/t<TABLES> (default 10000, as make_corpus.py)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default benchmarks/corpus/t<TABLES>)")
    parser.add_argument("--distinct", type=Path,
                        help="a corpus of the same size made with --distinct-names, also timed when it exists "
                             "(default benchmarks/corpus/d<TABLES>)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--quick", action="store_true", help="repeat 3, the 1,000-table corpus")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--jxlint", default=default_jxlint(), help="the jxlint command (default: the venv's)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.tables = 3, 1000
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    corpus = args.corpus or BENCH_DIR / "corpus" / f"t{args.tables}"
    manifest = load_manifest(corpus)
    xlsx_files = [str(corpus / e["path"]) for e in corpus_files(corpus, manifest, "xlsx")]
    run = Run(
        jxlint=args.jxlint, python=sys.executable, corpus=corpus, tables=manifest["tables"],
        text_files=[str(corpus / e["path"]) for e in corpus_files(corpus, manifest, "text")],
        xlsx_files=xlsx_files, bench=Bench(args.repeat, find_gnu_time()),
        xlsx_reader=reads_xlsx(args.jxlint, corpus / "one-small.xlsx"),
        jobs_option=has_jobs_option(args.jxlint), calamine=has_calamine(sys.executable),
        distinct_text_files=distinct_files(args.distinct or BENCH_DIR / "corpus" / f"d{args.tables}", manifest["tables"]),
    )
    facts = machine_facts(args.jxlint)
    say(f"machine  {facts['cpu_count']} CPUs ({facts['cpus_usable']} usable) {facts['cpu_model']}")
    say(f"         Python {facts['python']} · {facts['platform']} · jxlint {facts['git']}"
        + (" · PYTHONDONTWRITEBYTECODE set" if facts["PYTHONDONTWRITEBYTECODE"] else ""))
    say(f"corpus   {corpus}: {run.tables} tables, {len(run.text_files)} text files, {len(xlsx_files)} workbooks, "
        f"seed {manifest['seed']}")
    rss_source = "GNU time %M" if run.bench.gnu_time else "os.wait4 (floored at this runner's own RSS)"
    say(f"runs     median and min of {args.repeat} runs after one warm-up; wall time of a fresh process; "
        f"max RSS from {rss_source}")
    notes = []
    if not run.calamine:
        notes.append("python-calamine is not installed: .venv/bin/pip install python-calamine")
    if xlsx_files and not run.xlsx_reader:
        notes.append("jxlint does not read xlsx yet (a read finding / exit 2 on one-small.xlsx)")
    checks: list = []
    status = 0
    try:
        say()
        say("0 corpus check (one JSON run per format: tables read, defects found)")
        for kind in ("text", "xlsx") if run.xlsx_reader else ("text",):
            checks += check_corpus(args.jxlint, corpus, kind, manifest)
        for check in checks:
            for line in summary_lines(check):
                say("  " + line)
        for part in (cold_start, throughput, read_floor, peak_memory):
            say()
            part(run)
    except RuntimeError as failure:
        say(f"FAILED: {failure}")
        status = 2
    for note in notes:
        say(f"note: {note}")
    if args.json:
        results = {
            "machine": facts,
            "settings": {"corpus": str(corpus), "tables": run.tables, "repeat": args.repeat, "quick": args.quick,
                         "xlsx_reader": run.xlsx_reader, "jobs_option": run.jobs_option, "calamine": run.calamine},
            "corpus_check": [check.as_dict() for check in checks],
            "measurements": [m.as_dict() for m in run.bench.measurements.values()],
            "ratios": run.ratios,
            "notes": notes,
        }
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
