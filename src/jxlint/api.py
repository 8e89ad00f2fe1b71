"""The library entry points: lint files, bytes or tables and get a Report, with no printing and no exits.

    import jxlint
    report = jxlint.lint("examples/binhai-2025-project-targets.txt")
    report.findings, report.tables, report.to_json(), report.to_sarif()

``Linter`` is the reusable form: it finds each file's configuration, keeps one
rule set per configuration, and applies per-file ignores, plan-year overrides
and baselines the way the command line does.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from jxlint.check.engine import RuleSet, UnknownChoice, load_rules, run_rules
from jxlint.check.file_findings import internal_error, no_table, undecodable, unreadable
from jxlint.check.pack import Rule
from jxlint.check.suppress import extract_suppressions
from jxlint.config import Config, ConfigError, config_for, load_config
from jxlint.core.finding import Finding
from jxlint.model.build import build_tables, table_traces
from jxlint.model.table import Table
from jxlint.read import read_path
from jxlint.read.errors import ReadError
from jxlint.read.grid import Grid
from jxlint.report.report import Report, table_summary


class Linter:
    """Lints files under their configurations; reusable across many files."""

    def __init__(self, config: Config | None = None, lang: str | None = None,
                 overlay: dict[str, list[str]] | None = None, keep_tables: bool = True) -> None:
        self.explicit_config = config
        self.lang = lang
        # The command line keeps only each table's summary, so that memory does
        # not grow with the number of files and -j workers send back little.
        self.keep_tables = keep_tables
        self.overlay = overlay or {}
        self._rulesets: dict[str, RuleSet] = {}

    def rules_for(self, config: Config) -> RuleSet:
        """The rule set a configuration chooses (loaded once per distinct configuration); raises ConfigError
        when it names a rule, prefix or parameter that no loaded pack has."""
        key = config.key()
        if key not in self._rulesets:
            try:
                self._rulesets[key] = load_rules(
                    config.rule_packs(), config.select, config.ignore, extend_select=config.extend_select,
                    severity=config.severity, params=config.params, per_file_ignores=config.per_file_ignores,
                )
            except UnknownChoice as exc:
                origin = str(config.source) if config.source else "configuration"
                raise ConfigError("\n".join(f"{origin}: {problem}" for problem in exc.problems)) from None
        return self._rulesets[key]

    def config_for(self, path: str) -> Config:
        """The configuration that governs ``path``, with the command line's choices laid over it."""
        return config_for(path, self.explicit_config).overlaid(**self.overlay)

    def lint_file(self, path: str | Path) -> Report:
        """Read one file and lint every table in it; never raises for a bad input.

        An unreadable file gives a ``read`` finding (READ001); an error in
        jxlint itself while reading or linting it gives an internal-error
        finding (JXL002) on that file alone, so that the other files are still
        linted and the report stays whole.
        """
        name = str(path)
        lang = self.lang or "zh"
        rules: RuleSet | None = None  # the file's rule set, once its configuration is known
        out_of_memory = False
        try:
            try:
                config = self.config_for(name)
                rules = self.rules_for(config)  # a configuration naming rules or parameters that do not exist
            except ConfigError as exc:
                return unreadable_report(rules, name, str(exc), lang)
            except OSError as exc:
                return unreadable_report(rules, name, exc.strerror or str(exc), lang)
            lang = self.lang or config.lang
            try:
                grids = read_path(path)
            except ReadError as exc:
                return unreadable_report(rules, name, exc.reason, lang)
            except OSError as exc:
                return unreadable_report(rules, name, exc.strerror or str(exc), lang)
            return self.lint_grids(grids, name, config, lang)
        except MemoryError:
            out_of_memory = True  # the finding is made below, once the failed work's memory is let go
        except RecursionError:
            return failed_report(rules, name, "RecursionError", "the file is nested too deeply", lang)
        except Exception as exc:  # noqa: BLE001 — any error of jxlint's own becomes a finding on this file
            return failed_report(rules, name, type(exc).__name__, _first_line(str(exc)), lang)
        assert out_of_memory
        gc.collect()
        return failed_report(rules, name, "MemoryError", "the file needs more memory than there is", lang)

    def lint_grids(self, grids: Sequence[Grid], name: str, config: Config, lang: str) -> Report:
        """Lint the grids a reader produced for one file."""
        report = Report()
        rules = self.rules_for(config)
        ignored = config.ignored_for(name)
        suppressions = extract_suppressions(grids)
        for grid in grids:
            for table in build_tables(grid, first_index=len(report.summaries) + 1):
                if config.plan_year is not None:
                    table.plan_year = config.plan_year
                report.summaries.append(table_summary(table))
                if self.keep_tables:
                    report.tables.append(table)
                report.findings.extend(
                    f for f in run_rules(rules, table, lang) if not _ignored(f, ignored) and suppressions.allows(f)
                )
        report.files.append(name)
        hits = suppressions.unused({r.id for r in rules.in_force() if not _ignored(r, ignored)},
                                   {r.id for r in rules.available})
        hits += [undecodable(name, grid.undecodable) for grid in grids if grid.undecodable]
        if not report.summaries:
            hits.append(no_table(name, *table_traces(grids)))
            if hits[-1].rule == "read.not-a-table":
                report.skipped.append(name)
        report.findings.extend(f for f in (rules.file_finding(hit, lang) for hit in hits)
                               if f is not None and not _ignored(f, ignored))
        return report

    def lint_files(self, paths: Sequence[str | Path]) -> Iterator[Report]:
        """One report per file, in order; a file that fails to read does not stop the others."""
        for path in paths:
            yield self.lint_file(path)


def _ignored(finding: Finding | Rule, codes: list[str]) -> bool:
    rule = finding.rule if isinstance(finding, Finding) else finding.id
    return any(rule.startswith(c) or finding.name == c or finding.category == c for c in codes)


def lint(source: str | Path | bytes, config: Config | str | Path | None = None, *, lang: str | None = None,
         name: str = "<bytes>") -> Report:
    """Lint a file, or the bytes of one (``name`` gives the file name its format is told by).

    ``config`` is a Config, the path of a config file, or None to find each
    file's own ``jxlint.toml`` / ``[tool.jxlint]`` as the command line does.
    """
    if isinstance(config, (str, Path)):
        config = load_config(Path(config))
    linter = Linter(config, lang)
    if isinstance(source, bytes):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / Path(name).name
            copy.write_bytes(source)
            report = linter.lint_file(copy)
        for table in report.tables:
            table.path = name
        for summary in report.summaries:
            summary["path"] = name
        report.files = [name for _ in report.files]
        report.skipped = [name for _ in report.skipped]
        report.unreadable = [name for _ in report.unreadable]
        report.failed = [name for _ in report.failed]
        report.findings = [f.model_copy(update={"path": name, "location": replace(f.location, path=name)})
                           for f in report.findings]
        return report
    return linter.lint_file(source)


def lint_table(table: Table, config: Config | None = None, *, lang: str = "zh") -> list[Finding]:
    """The findings on one table built by the caller (for systems that hold tables, not files)."""
    linter = Linter(config, lang)
    return run_rules(linter.rules_for(config or Config()), table, lang)


def unreadable_report(rules: RuleSet | None, path: str, reason: str, lang: str = "zh") -> Report:
    """The report of a file that could not be read: READ001 (under ``rules``, else the default rules)."""
    finding = (rules or default_rules()).file_finding(unreadable(path, reason), lang)
    return Report(findings=[finding] if finding else [], unreadable=[path], files=[path])


def failed_report(rules: RuleSet | None, path: str, error: str, detail: str, lang: str = "zh") -> Report:
    """The report of a file jxlint itself failed on: JXL002 (under ``rules``, else the default rules)."""
    finding = (rules or default_rules()).file_finding(internal_error(path, error, detail), lang)
    return Report(findings=[finding] if finding else [], failed=[path], files=[path])


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rules under no configuration: they word a file's findings before its configuration is known."""
    return load_rules()


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[:limit] + "…"
