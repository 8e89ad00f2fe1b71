"""The command line: ``jxlint check``, ``jxlint show``, ``jxlint rules``, ``jxlint explain``, ``jxlint schema``,
``jxlint serve``.

Exit status of ``check``: 0 when no finding is at or above ``--fail-on``, 1 when
one is, 2 on a usage error, an unusable rule pack, configuration or baseline,
or when not one of the files given could be read, 3 when jxlint failed on a file.
The closing line counts every file given, read or not.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jxlint.core.finding import SEVERITY_RANK
from jxlint.read import READABLE_SUFFIXES

if TYPE_CHECKING:
    from jxlint.api import Linter, Report
    from jxlint.baseline import BaselineFilter
    from jxlint.check.engine import RuleSet
    from jxlint.model.table import Table
    from jxlint.report.ci_formats import JunitStream
    from jxlint.report.json_format import JsonStream
    from jxlint.report.sarif import SarifStream
    from jxlint.report.text_format import Totals

#: The report formats of ``check``.
FORMATS = ("text", "json", "sarif", "github", "junit")
#: 0 nothing at or above --fail-on; 1 findings; 2 usage error or no input readable; 3 jxlint failed on a file.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (head, less) has gone: stop quietly, as Unix tools do; the interpreter's own
        # flush at exit would fail again, so standard output points at nothing from here on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except Exception as exc:  # noqa: BLE001 — a failure outside any one file: say so, and exit 3, not 1
        print(f"jxlint: internal error ({type(exc).__name__}: {exc}); please report it to jxlint's maintainers",
              file=sys.stderr)
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jxlint",
        description="绩效目标表 / 绩效自评表 linter: finds wrong deadlines, units, empty rows, costs over budget and more.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print jxlint's version and exit")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are searched for readable tables)")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("JXLINT_LANG"),
                       help="language of the messages (default: the config's, else zh; or $JXLINT_LANG)")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                       help="lowest severity that makes the exit status 1 (default: the config's, else error)")
    _rule_options(check)
    check.add_argument("--extend-select", action="append", default=[], metavar="CODE",
                       help="add rules to the default set (e.g. one that is off by default)")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this config file for every path (else the closest jxlint.toml or [tool.jxlint])")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not recorded in this baseline")
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="record today's findings in FILE and exit 0")
    check.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="lint files in N processes (0: one per core)")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file instead of standard output")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    check.add_argument("--no-progress", action="store_true", help="no progress bar on a terminal")
    check.set_defaults(run=_run_check)

    annotate = sub.add_parser("annotate", help="copy a workbook with every finding as a comment on its cell")
    annotate.add_argument("workbook", type=Path, metavar="IN.xlsx")
    annotate.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx", help="where to write the copy")
    annotate.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("JXLINT_LANG"))
    annotate.add_argument("--config", type=Path, metavar="FILE")
    _rule_options(annotate)
    annotate.set_defaults(run=_run_annotate)

    show = sub.add_parser("show", help="print each table as jxlint read it: head fields, money, indicator grid")
    show.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    show.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    show.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("JXLINT_LANG") or "zh")
    show.set_defaults(run=_run_show)

    rules = sub.add_parser("rules", help="list the rules")
    _rule_options(rules)
    rules.set_defaults(run=_run_rules)

    explain = sub.add_parser("explain", help="show a rule's documentation and examples")
    explain.add_argument("rule", metavar="ID", help="rule id or name, e.g. DATE001 or date.deadline-before-plan-year")
    explain.add_argument("--rules", action="append", type=Path, default=[], metavar="PACK")
    explain.set_defaults(run=_run_explain)

    schema = sub.add_parser("schema", help="print the JSON Schema of rule packs")
    schema.set_defaults(run=_run_schema)

    serve = sub.add_parser("serve", help="a local web page: drop workbooks, see the findings on the table (needs jxlint[serve])")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    serve.add_argument("--config", type=Path, metavar="FILE", help="lint every upload under this jxlint.toml (else the defaults)")
    serve.set_defaults(run=_run_serve)
    return parser


class _Version(argparse.Action):
    """``--version``: looked up only when asked (reading package metadata costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("jxlint")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown"
        print(f"jxlint {found}")
        parser.exit()


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="CODE",
                        help="only these rules: id prefix (DATE, VALUE005), name or category; repeatable, comma-separated")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODE", help="skip these rules (same forms)")
    parser.add_argument("--rules", action="append", type=Path, default=[], metavar="PACK",
                        help="an extra rule pack (YAML) to load; repeatable")


def _codes(values: list[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _choices_exist(overlay: dict[str, list[str]]) -> bool:
    """True when every code given on the command line names a rule; else each mistake is printed."""
    if not any(overlay.get(key) for key in ("select", "ignore", "extend_select")):
        return True
    from jxlint.check.engine import load_rules
    from jxlint.check.selection import unknown_choices

    available = load_rules([Path(p) for p in overlay.get("rules", [])], include_disabled=True).available
    problems = unknown_choices(available, select=overlay.get("select", ()), ignore=overlay.get("ignore", ()),
                               extend_select=overlay.get("extend_select", ()), prefix="--")
    for problem in problems:
        print(f"jxlint: {problem}", file=sys.stderr)
    return not problems


def expand_paths(paths: Sequence[str], suffixes: Sequence[str]) -> Iterator[str]:
    """Files named, and the readable files under folders named, in a stable order.

    Folders are walked without following links to folders (a link loop ends
    nowhere); a folder that cannot be listed is skipped. A path that cannot be
    looked at (a name too long, no permission) is passed on as it is, for the
    linter to report as unreadable.
    """
    for raw in paths:
        try:
            is_folder = os.path.isdir(raw)
        except (OSError, ValueError):
            is_folder = False
        if not is_folder:
            yield raw
            continue
        found: list[str] = []
        for folder, subfolders, files in os.walk(raw, followlinks=False):
            subfolders.sort()
            found.extend(os.path.join(folder, name) for name in files
                         if os.path.splitext(name)[1].lower() in suffixes and not name.startswith("~$")
                         and os.path.isfile(os.path.join(folder, name)))
        yield from sorted(found, key=lambda name: Path(name).parts)


def _run_check(args: argparse.Namespace) -> int:
    import gc

    from jxlint.api import Linter, Report
    from jxlint.baseline import BaselineError, BaselineFilter, read_baseline, write_baseline
    from jxlint.config import ConfigError, load_config

    # A lint run allocates many small, long-lived objects (cells, values,
    # findings); collecting young generations less often saves about 10%.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        explicit = load_config(args.config) if args.config else None
        baseline = read_baseline(args.baseline) if args.baseline else None
    except (ConfigError, BaselineError) as exc:
        print(f"jxlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    files = list(expand_paths(args.paths, READABLE_SUFFIXES))
    if not files:
        print(f"jxlint: no readable files ({' '.join(READABLE_SUFFIXES)}) under the paths given", file=sys.stderr)
        return EXIT_USAGE
    overlay = {"select": _codes(args.select), "ignore": _codes(args.ignore),
               "extend_select": _codes(args.extend_select), "rules": [str(p) for p in args.rules]}
    if not _choices_exist(overlay):
        return EXIT_USAGE
    linter = Linter(explicit, args.lang, overlay, keep_tables=False)
    try:
        config = linter.config_for(files[0])
        # Every configuration in force names rules that exist; a file's configuration is its folder's.
        for name in {os.path.dirname(name): name for name in files}.values():
            linter.rules_for(linter.config_for(name))
    except ConfigError as exc:
        print(f"jxlint: {exc}".replace("\n", "\njxlint: "), file=sys.stderr)
        return EXIT_USAGE
    lang = args.lang or config.lang
    fail_on = args.fail_on or config.fail_on

    reports = _progress(_lint_all(linter, files, args.jobs), len(files), args)
    if args.write_baseline:
        report = Report()
        for part in reports:
            report.extend(part)
        _print_rule_errors(linter.rules_for(config).errors)
        write_baseline(report.findings, args.write_baseline)
        print(f"jxlint: wrote {len(report.findings)} findings to {args.write_baseline}", file=sys.stderr)
        return EXIT_CLEAN

    keep = BaselineFilter(baseline) if baseline is not None else None
    ruleset = linter.rules_for(config)
    try:
        output = _Output(args.output)
    except OSError as exc:
        print(f"jxlint: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        totals, unreadable, failed = _write_report(reports, keep, output, args, lang, ruleset)
    finally:
        output.close()
    if failed:
        return EXIT_INTERNAL
    if ruleset.errors or unreadable == len(files):
        return EXIT_USAGE
    if fail_on == "never":
        return EXIT_CLEAN
    floor = SEVERITY_RANK[fail_on]
    return EXIT_FINDINGS if any(SEVERITY_RANK[s] >= floor for s, n in totals.severities.items() if n) else EXIT_CLEAN


def _write_report(reports: Iterator[Report], keep: BaselineFilter | None, output: _Output,
                  args: argparse.Namespace, lang: str, rules: RuleSet) -> tuple[Totals, int, int]:
    """Write the report in ``args.format``; returns the totals and the numbers of unreadable and failed files.

    Every format is written file by file, so that a long run keeps only
    counts: text and GitHub lines as they come; JSON, SARIF and JUnit through
    a writer that keeps only what must come last in the document.
    """
    from jxlint.report.text_format import Totals, closing_lines

    document = _document_stream(args.format, output, rules)
    totals, unreadable, failed = Totals(), 0, 0
    for part in reports:
        if keep is not None:
            part.findings = keep.fresh(part.findings)
        totals.add(part)
        unreadable += len(part.unreadable)
        failed += len(part.failed)
        if document is None:
            output.write(_render_part(part, args.format, lang, args))
        else:
            document.add(part)
    _print_rule_errors(rules.errors)
    if args.format == "text":
        output.write("\n".join(closing_lines(totals, lang, _colour(args))))
    elif document is not None:
        document.close()
    return totals, unreadable, failed


def _document_stream(fmt: str, output: _Output, rules: RuleSet) -> JsonStream | SarifStream | JunitStream | None:
    """The writer of a JSON, SARIF or JUnit report, which takes the run file by file; None for text and GitHub."""
    if fmt == "json":
        from jxlint.report.json_format import JsonStream

        return JsonStream(output.put)
    if fmt == "sarif":
        from jxlint.report.sarif import SarifStream

        return SarifStream(output.put, rules)
    if fmt == "junit":
        from jxlint.report.ci_formats import JunitStream

        return JunitStream(output.put)
    return None


def _print_rule_errors(errors: list[str]) -> None:
    for error in errors:
        print(f"jxlint: {error}", file=sys.stderr)


def _lint_all(linter: Linter, files: list[str], jobs: int) -> Iterator[Report]:
    """Reports in file order, from this process or from a pool (results are identical either way)."""
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1 or len(files) < 2:
        yield from linter.lint_files(files)
        return
    from jxlint.parallel import lint_in_pool

    yield from lint_in_pool(linter, files, jobs, chunk=max(1, min(64, len(files) // (jobs * 8) or 1)))


def _progress(reports: Iterator[Report], total: int, args: argparse.Namespace) -> Iterator[Report]:
    """Pass the reports through, drawing a progress line on a terminal's standard error for many files."""
    show = total > 20 and not args.no_progress and sys.stderr.isatty() and args.output is None
    for done, report in enumerate(reports, 1):
        if show:
            width = 30
            filled = width * done // total
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
        yield report
    if show:
        print("\r" + " " * 50 + "\r", end="", file=sys.stderr, flush=True)


def _render_part(report: Report, fmt: str, lang: str, args: argparse.Namespace) -> str:
    """One file's lines of a text or GitHub report."""
    if fmt == "github":
        from jxlint.report.ci_formats import render_github

        return render_github(report)
    from jxlint.report.text_format import text_lines

    return "\n".join(text_lines(report, lang, _colour(args)))


def _colour(args: argparse.Namespace) -> bool:
    return args.color == "always" or (
        args.color == "auto" and args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )


class _Output:
    """Standard output or the ``--output`` file, written piece by piece; a closed pipe ends output quietly.
    A character UTF-8 cannot hold (a lone surrogate from a damaged file's text) is written as ``?``
    rather than ending the run."""

    def __init__(self, path: Path | None) -> None:
        self.file = path.open("w", encoding="utf-8", errors="replace") if path is not None else None
        if path is None and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="replace")

    def write(self, text: str) -> None:
        """Write ``text`` and a newline (nothing for empty text)."""
        if text:
            self.put(text + "\n")

    def put(self, text: str) -> None:
        """Write ``text`` exactly as it is."""
        if self.file is not None:
            self.file.write(text)
            return
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) has gone: stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def close(self) -> None:
        """Close the ``--output`` file, if any."""
        if self.file is not None:
            self.file.close()


def _run_annotate(args: argparse.Namespace) -> int:
    from jxlint.api import Linter
    from jxlint.config import ConfigError, load_config
    from jxlint.report.annotate import AnnotateError, annotate_workbook

    try:
        explicit = load_config(args.config) if args.config else None
    except ConfigError as exc:
        print(f"jxlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    overlay = {"select": _codes(args.select), "ignore": _codes(args.ignore), "rules": [str(p) for p in args.rules]}
    if not _choices_exist(overlay):
        return EXIT_USAGE
    linter = Linter(explicit, args.lang, overlay)
    try:
        linter.rules_for(linter.config_for(str(args.workbook)))
    except ConfigError as exc:
        print(f"jxlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = linter.lint_file(args.workbook)
    if report.unreadable:
        print(f"jxlint: {report.findings[0].message} ({args.workbook})", file=sys.stderr)
        return EXIT_USAGE
    try:
        placed = annotate_workbook(args.workbook, args.output, report, args.lang or "zh")
    except AnnotateError as exc:
        print(f"jxlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"jxlint: {len(report.findings)} findings, {placed} on cells, written to {args.output}", file=sys.stderr)
    return EXIT_CLEAN


def _run_show(args: argparse.Namespace) -> int:
    """Print the tables read from each file; exit 2 when no file could be read."""
    from jxlint.model.build import build_tables, describe_reading
    from jxlint.read import read_path
    from jxlint.read.errors import ReadError
    from jxlint.report.show import render_tables, tables_json

    files = list(expand_paths(args.paths, READABLE_SUFFIXES))
    output = _Output(None)
    documents: list[dict] = []
    read = 0
    for name in files:
        try:
            grids = read_path(name)
        except (ReadError, OSError) as exc:
            reason = exc.reason if isinstance(exc, ReadError) else (exc.strerror or str(exc))
            print(f"jxlint: {name}: {reason}", file=sys.stderr)
            continue
        read += 1
        tables: list[Table] = []
        for grid in grids:
            tables.extend(build_tables(grid, first_index=len(tables) + 1))
        if args.format == "json":
            documents.append({"path": name, "tables": tables_json(tables)})
        elif tables:
            output.write(render_tables(name, tables, args.lang) + "\n")
        else:
            output.write(f"{name}: {describe_reading(grids, args.lang)}\n")
    if args.format == "json":
        from jxlint.report.json_format import dumps

        output.write(dumps(documents, ensure_ascii=False, indent=2))
    return EXIT_CLEAN if read else EXIT_USAGE


def _run_rules(args: argparse.Namespace) -> int:
    from jxlint.check.engine import load_rules

    if not _choices_exist({"select": _codes(args.select), "ignore": _codes(args.ignore), "rules": args.rules}):
        return EXIT_USAGE
    ruleset = load_rules(args.rules, _codes(args.select), _codes(args.ignore), include_disabled=True)
    for error in ruleset.errors:
        print(f"jxlint: {error}", file=sys.stderr)
    for rule in sorted(ruleset.in_force(), key=lambda r: r.id):
        state = "" if rule.enabled else " (off)"
        print(f"{rule.id:<10} {rule.name:<40} {rule.category:<10} {rule.severity:<8} {rule.docs.summary}{state}")
    return EXIT_USAGE if ruleset.errors else EXIT_CLEAN


def _run_explain(args: argparse.Namespace) -> int:
    from jxlint.check.engine import load_rules
    from jxlint.check.explain import explain

    ruleset = load_rules(args.rules, include_disabled=True, with_cases=True)
    rule = ruleset.rule(args.rule)
    if rule is None:
        print(f"jxlint: no rule {args.rule!r}; `jxlint rules` lists them", file=sys.stderr)
        return EXIT_USAGE
    print(explain(rule, ruleset.by_id(args.rule)))
    return EXIT_CLEAN


def _run_schema(args: argparse.Namespace) -> int:
    from jxlint.check.pack import pack_schema

    print(json.dumps(pack_schema(), ensure_ascii=False, indent=2))
    return EXIT_CLEAN


def _run_serve(args: argparse.Namespace) -> int:
    """Serve the web page until interrupted; exit 2 when the serve extra is missing or the config is unusable."""
    try:
        import uvicorn

        from jxlint.serve.app import create_app
    except ImportError as exc:
        print(f"jxlint: `jxlint serve` needs the serve extra ({exc.name} is not installed): "
              "pip install 'jxlint[serve]'", file=sys.stderr)
        return EXIT_USAGE
    from jxlint.config import ConfigError, load_config

    if args.config:
        try:
            load_config(args.config)  # an unusable config stops here, not in every worker
        except ConfigError as exc:
            print(f"jxlint: {exc}", file=sys.stderr)
            return EXIT_USAGE
    app = create_app(str(args.config.resolve()) if args.config else None)
    print(f"jxlint serve: http://{args.host}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning", server_header=False)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
