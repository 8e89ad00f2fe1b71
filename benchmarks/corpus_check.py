"""Compare what ``jxlint check --format json`` reports on a generated corpus with its manifest.

For every table the generator wrote: was it found, was its budget read, and
was each injected defect reported by the rule meant for it? Rules firing on
tables without the matching defect count as false alarms; any other rule is
listed as an unexpected finding.

    python benchmarks/make_corpus.py --tables 200 --out /tmp/sample
    python benchmarks/corpus_check.py /tmp/sample            # text and xlsx, whichever exist
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


@dataclass
class CheckResult:
    """How jxlint's reading of one layout of the corpus (cells, tabs or xlsx) compares with the manifest."""

    layout: str
    tables_expected: int
    tables_found: int = 0
    tables_matched: int = 0
    budgets_read: int = 0
    budgets_right: int = 0
    plan_years_right: int = 0
    unreadable_files: list[str] = field(default_factory=list)
    hits: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)
    false_alarms: Counter = field(default_factory=Counter)
    other_rules: Counter = field(default_factory=Counter)
    exit_status: int = 0

    def as_dict(self) -> dict:
        """The result as plain JSON-able data."""
        return {
            "layout": self.layout, "exit_status": self.exit_status,
            "tables_expected": self.tables_expected, "tables_found": self.tables_found,
            "tables_matched": self.tables_matched, "budgets_read": self.budgets_read,
            "budgets_right": self.budgets_right, "plan_years_right": self.plan_years_right,
            "unreadable_files": self.unreadable_files,
            "defects": {kind: {"injected": self.injected[kind], "found": self.hits[kind],
                               "false_alarms": self.false_alarms[kind]} for kind in self.injected | self.false_alarms},
            "other_rules": dict(self.other_rules),
        }


def load_manifest(corpus: Path) -> dict:
    """The manifest make_corpus.py wrote beside the corpus."""
    path = corpus / "manifest.json"
    if not path.is_file():
        raise SystemExit(f"no {path}: make the corpus first (benchmarks/make_corpus.py --tables N, or --out {corpus})")
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_files(corpus: Path, manifest: dict, kind: str) -> list[dict]:
    """The manifest's file entries of one kind: "text" (both text layouts) or "xlsx"."""
    return [entry for entry in manifest["files"] if (entry["layout"] == "xlsx") == (kind == "xlsx")]


def lint_to_json(jxlint: str, paths: list[str]) -> tuple[int, dict]:
    """Run ``jxlint check --format json`` on ``paths``; returns its exit status and report."""
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "report.json"
        status = subprocess.run(
            [jxlint, "check", "--format", "json", "--fail-on", "never", "-o", str(report_path), *paths],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        if not report_path.is_file():
            raise RuntimeError(f"jxlint wrote no report (exit {status.returncode}): {status.stderr.strip()[-500:]}")
        return status.returncode, json.loads(report_path.read_text(encoding="utf-8"))


def compare(corpus: Path, entries: list[dict], layout: str, status: int, report: dict, defect_rules: dict) -> CheckResult:
    """Match jxlint's tables and findings to the manifest's, table by table (by file and project name)."""
    by_path = {str(corpus / entry["path"]): entry for entry in entries}
    result = CheckResult(layout, sum(len(entry["tables"]) for entry in entries), exit_status=status)

    def file_of(path: str) -> str | None:
        if path in by_path:
            return path
        return max((p for p in by_path if path.startswith(p)), key=len, default=None)

    expected = {(path, t["project"]): t for path, entry in by_path.items() for t in entry["tables"]}
    for table in report["tables"]:
        if file_of(table["path"]) is None:
            continue
        result.tables_found += 1
        wanted = expected.get((file_of(table["path"]), table["project"]))
        if wanted is None:
            continue
        result.tables_matched += 1
        result.budgets_read += table.get("budget_yuan") is not None
        result.budgets_right += table.get("budget_yuan") is not None and abs(table["budget_yuan"] - wanted["budget_yuan"]) < 0.5
        result.plan_years_right += table.get("plan_year") == wanted["plan_year"]

    fired: dict[tuple, set[str]] = {}
    rule_kinds = {rule: kind for kind, rule in defect_rules.items()}
    for finding in report["findings"]:
        if file_of(finding["path"]) is None:
            continue
        if finding["category"] == "read":
            result.unreadable_files.append(f"{finding['path']}: {finding['message']}")
            continue
        if finding["rule"] not in rule_kinds:
            result.other_rules[finding["rule"]] += 1
        fired.setdefault((file_of(finding["path"]), finding.get("project")), set()).add(finding["rule"])
    for key, table in expected.items():
        rules = fired.get(key, set())
        for kind, rule in defect_rules.items():
            if kind in table["defects"]:
                result.injected[kind] += 1
                result.hits[kind] += rule in rules
            elif rule in rules:
                result.false_alarms[kind] += 1
    return result


def check_corpus(jxlint: str, corpus: Path, kind: str, manifest: dict | None = None) -> list[CheckResult]:
    """Lint one format of the corpus ("text" or "xlsx") in one run and compare, layout by layout."""
    manifest = manifest or load_manifest(corpus)
    entries = corpus_files(corpus, manifest, kind)
    if not entries:
        return []
    status, report = lint_to_json(jxlint, [str(corpus / entry["path"]) for entry in entries])
    layouts = sorted({entry["layout"] for entry in entries})
    return [
        compare(corpus, [e for e in entries if e["layout"] == layout], layout, status, report, manifest["defect_rules"])
        for layout in layouts
    ]


def summary_lines(result: CheckResult) -> list[str]:
    """A few lines saying how jxlint read the corpus and which defects it found."""
    lines = [
        f"{result.layout}: {result.tables_found} tables found for {result.tables_expected} written, "
        f"{result.tables_matched} matched by file and name; budgets read {result.budgets_read}, "
        f"right {result.budgets_right}; plan years right {result.plan_years_right}",
    ]
    if result.unreadable_files:
        lines.append(f"  {len(result.unreadable_files)} files unreadable, e.g. {result.unreadable_files[0]}")
    if not result.tables_found:
        return lines
    for kind in sorted(result.injected | result.false_alarms):
        injected, hits = result.injected[kind], result.hits[kind]
        rate = f"{100 * hits / injected:.0f}%" if injected else "-"
        lines.append(f"  {kind:<20} found {hits:>5}/{injected:<5} {rate:>5}   false alarms {result.false_alarms[kind]}")
    if result.other_rules:
        lines.append("  other findings: " + ", ".join(f"{rule} {n}" for rule, n in result.other_rules.most_common()))
    return lines


def default_jxlint() -> str:
    """The jxlint beside this Python (the project's venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "jxlint"
    return str(beside) if beside.exists() else "jxlint"


def main(argv: list[str] | None = None) -> int:
    """Check each format of a corpus; exit 1 when a defect was missed, a table lost or a false alarm raised."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=BENCH_DIR / "corpus" / "t1000")
    parser.add_argument("--format", choices=("text", "xlsx", "both"), default="both")
    parser.add_argument("--jxlint", default=default_jxlint(), help="the jxlint command (default: the venv's)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    manifest = load_manifest(args.corpus)
    results = [
        result for kind in ("text", "xlsx") if args.format in (kind, "both")
        for result in check_corpus(args.jxlint, args.corpus, kind, manifest)
    ]
    for result in results:
        print("\n".join(summary_lines(result)))
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2), encoding="utf-8")
    clean = all(
        r.tables_matched == r.tables_expected and r.hits == r.injected and not r.false_alarms for r in results
    )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
