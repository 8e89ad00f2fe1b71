"""The command line: ``jxlint check``, ``jxlint rules``, ``jxlint explain``, ``jxlint schema``.

Exit status of ``check``: 0 when no finding is at or above ``--fail-on``, 1 when
one is, 2 on a usage error, an unusable rule pack, or when no input could be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from jxlint.model.finding import SEVERITY_RANK

#: File endings jxlint reads when given a folder.
READABLE_SUFFIXES = (".txt", ".tsv", ".csv")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jxlint",
        description="绩效目标表 / 绩效自评表 linter: finds wrong deadlines, units, empty rows and more.",
    )
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are searched for .txt .tsv .csv)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("JXLINT_LANG", "zh"),
                       help="language of the messages (default: zh, or $JXLINT_LANG)")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                       help="lowest severity that makes the exit status 1 (default: error)")
    _rule_options(check)
    check.add_argument("--output", "-o", type=Path, help="write the report to this file instead of standard output")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    check.set_defaults(run=_run_check)

    rules = sub.add_parser("rules", help="list the rules")
    _rule_options(rules)
    rules.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("JXLINT_LANG", "zh"))
    rules.set_defaults(run=_run_rules)

    explain = sub.add_parser("explain", help="show a rule's documentation and examples")
    explain.add_argument("rule", metavar="ID", help="rule id or name, e.g. DATE001 or date.deadline-before-plan-year")
    explain.add_argument("--rules", action="append", type=Path, default=[], metavar="PACK")
    explain.set_defaults(run=_run_explain)

    schema = sub.add_parser("schema", help="print the JSON Schema of rule packs")
    schema.set_defaults(run=_run_schema)
    return parser


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="CODE",
                        help="only these rules: id prefix (DATE, VALUE005), name or category; repeatable, comma-separated")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODE", help="skip these rules (same forms)")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="PACK",
                        help="an extra rule pack (YAML) to load; repeatable")


def _codes(values: list[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _load(args: argparse.Namespace):
    from jxlint.check.engine import load_rules

    ruleset = load_rules(args.rules, _codes(getattr(args, "select", [])), _codes(getattr(args, "ignore", [])))
    for error in ruleset.errors:
        print(f"jxlint: {error}", file=sys.stderr)
    return ruleset


def expand_paths(paths: Sequence[str]) -> Iterator[str]:
    """Files named, and the readable files under folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in READABLE_SUFFIXES:
                    yield str(found)
        else:
            yield raw


def _run_check(args: argparse.Namespace) -> int:
    from jxlint.api import lint_paths
    from jxlint.report.json_format import render_json
    from jxlint.report.text_format import render_text

    ruleset = _load(args)
    files = list(expand_paths(args.paths))
    if not files:
        print("jxlint: no readable files (.txt .tsv .csv) under the paths given", file=sys.stderr)
        return EXIT_USAGE
    report = lint_paths(files, ruleset, args.lang)
    if args.format == "json":
        text = render_json(report)
    else:
        colour = args.color == "always" or (args.color == "auto" and args.output is None and sys.stdout.isatty()
                                            and "NO_COLOR" not in os.environ)
        text = render_text(report, args.lang, colour)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    if ruleset.errors or len(report.unreadable) == len(files):
        return EXIT_USAGE
    if args.fail_on == "never":
        return EXIT_CLEAN
    floor = SEVERITY_RANK[args.fail_on]
    return EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= floor for f in report.findings) else EXIT_CLEAN


def _run_rules(args: argparse.Namespace) -> int:
    from jxlint.check.engine import load_rules

    ruleset = load_rules(args.rules, _codes(args.select), _codes(args.ignore), include_disabled=True)
    for error in ruleset.errors:
        print(f"jxlint: {error}", file=sys.stderr)
    for compiled in ruleset.rules:
        rule = compiled.rule
        state = "" if rule.enabled else " (off)"
        print(f"{rule.id:<10} {rule.name:<38} {rule.category:<10} {rule.severity:<8} {rule.docs.summary}{state}")
    return EXIT_USAGE if ruleset.errors else EXIT_CLEAN


def _run_explain(args: argparse.Namespace) -> int:
    from jxlint.check.engine import load_rules
    from jxlint.check.explain import explain

    ruleset = load_rules(args.rules, include_disabled=True)
    compiled = ruleset.by_id(args.rule)
    if compiled is None:
        print(f"jxlint: no rule {args.rule!r}; `jxlint rules` lists them", file=sys.stderr)
        return EXIT_USAGE
    print(explain(compiled))
    return EXIT_CLEAN


def _run_schema(args: argparse.Namespace) -> int:
    from jxlint.check.pack import pack_schema

    print(json.dumps(pack_schema(), ensure_ascii=False, indent=2))
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
