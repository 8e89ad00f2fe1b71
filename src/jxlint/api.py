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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jxlint.check.engine import RuleSet, UnknownChoice, load_rules, run_rules
from jxlint.check.suppress import extract_suppressions
from jxlint.config import Config, ConfigError, config_for, load_config
from jxlint.model.build import build_tables
from jxlint.model.finding import Finding
from jxlint.model.location import Location
from jxlint.model.table import Table
from jxlint.read import read_path
from jxlint.read.decode import BadBytes
from jxlint.read.errors import ReadError
from jxlint.read.grid import Grid
from jxlint.report.json_format import table_summary


@dataclass
class Report:
    """What linting found: the tables read and the findings, in file and row order."""

    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    #: Files that met an error in jxlint itself (a JXL002 finding each; the command line exits 3).
    failed: list[str] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        """Add another report's tables, summaries and findings to this one."""
        self.tables.extend(other.tables)
        self.findings.extend(other.findings)
        self.unreadable.extend(other.unreadable)
        self.summaries.extend(other.summaries)
        self.failed.extend(other.failed)

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object ``jxlint check --format json`` prints."""
        from jxlint.report.json_format import report_to_json

        return report_to_json(self)

    def to_sarif(self, rules: RuleSet | None = None) -> dict[str, Any]:
        """The report as a SARIF 2.1.0 log."""
        from jxlint.report.sarif import report_to_sarif

        return report_to_sarif(self, rules)


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
        out_of_memory = False
        try:
            try:
                config = self.config_for(name)
                self.rules_for(config)  # a configuration naming rules or parameters that do not exist
            except ConfigError as exc:
                return _unreadable(name, str(exc), lang)
            except OSError as exc:
                return _unreadable(name, exc.strerror or str(exc), lang)
            lang = self.lang or config.lang
            try:
                grids = read_path(path)
            except ReadError as exc:
                return _unreadable(name, exc.reason, lang)
            except OSError as exc:
                return _unreadable(name, exc.strerror or str(exc), lang)
            return self.lint_grids(grids, name, config, lang)
        except MemoryError:
            out_of_memory = True  # the finding is made below, once the failed work's memory is let go
        except RecursionError:
            return _failed(name, "RecursionError", "the file is nested too deeply", lang)
        except Exception as exc:  # noqa: BLE001 — any error of jxlint's own becomes a finding on this file
            return _failed(name, type(exc).__name__, _first_line(str(exc)), lang)
        assert out_of_memory
        gc.collect()
        return _failed(name, "MemoryError", "the file needs more memory than there is", lang)

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
        report.findings.extend(suppressions.unused(lang))
        report.findings.extend(undecodable_finding(name, grid.undecodable, lang) for grid in grids if grid.undecodable)
        if not report.summaries:
            from jxlint.model.build import describe_reading

            report.findings.append(read_finding(name, describe_reading(list(grids), lang), lang, prefixed=False))
        return report

    def lint_files(self, paths: Sequence[str | Path]) -> Iterator[Report]:
        """One report per file, in order; a file that fails to read does not stop the others."""
        for path in paths:
            yield self.lint_file(path)


def _ignored(finding: Finding, codes: list[str]) -> bool:
    return any(finding.rule.startswith(c) or finding.name == c or finding.category == c for c in codes)


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
        report.findings = [f.model_copy(update={"path": name, "location": replace(f.location, path=name)})
                           for f in report.findings]
        return report
    return linter.lint_file(source)


def lint_table(table: Table, config: Config | None = None, *, lang: str = "zh") -> list[Finding]:
    """The findings on one table built by the caller (for systems that hold tables, not files)."""
    linter = Linter(config, lang)
    return run_rules(linter.rules_for(config or Config()), table, lang)


def _unreadable(path: str, reason: str, lang: str) -> Report:
    return Report(findings=[read_finding(path, reason, lang)], unreadable=[path])


def _failed(path: str, error: str, detail: str, lang: str) -> Report:
    return Report(findings=[internal_error_finding(path, error, detail, lang)], failed=[path])


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[:limit] + "…"


def undecodable_finding(path: str, bad: BadBytes, lang: str = "zh") -> Finding:
    """READ003: bytes of a text or csv file that its encoding cannot decode, read as U+FFFD."""
    if lang == "zh":
        message = (f"第 {bad.line} 行第 {bad.byte} 个字节起有无法按 {bad.encoding} 解码的字节（共 {bad.count} 处），"
                   "已按 � 读入，其余内容照常检查")
    else:
        message = (f"{bad.count} byte(s) that {bad.encoding} cannot decode, the first at line {bad.line}, byte "
                   f"{bad.byte}: read as �, the rest of the file is linted")
    return Finding(
        rule="READ003",
        name="read.undecodable-bytes",
        category="read",
        severity="warning",
        message=message,
        path=path,
        location=Location(path=path, line=bad.line),
        data={"encoding": bad.encoding, "line": bad.line, "byte": bad.byte, "count": bad.count},
    )


def internal_error_finding(path: str, error: str, detail: str, lang: str = "zh") -> Finding:
    """JXL002: jxlint itself failed on this file (``error``: the exception's type); the other files are unaffected."""
    if lang == "zh":
        message = f"jxlint 处理此文件时出现内部错误（{error}：{detail}），其他文件不受影响；请将此文件报告给 jxlint 的维护者"
    else:
        message = (f"internal error in jxlint on this file ({error}: {detail}); the other files are not affected; "
                   "please report this file to jxlint's maintainers")
    return Finding(
        rule="JXL002",
        name="jxlint.internal-error",
        category="internal",
        severity="error",
        message=message,
        path=path,
        location=Location(path=path),
        data={"error": error, "detail": detail},
    )


def read_finding(path: str, reason: str, lang: str = "zh", prefixed: bool = True) -> Finding:
    """A ``read`` finding: the file could not be read (``prefixed``: 无法读取：…), or held no table, and why."""
    message = reason if not prefixed else f"无法读取：{reason}" if lang == "zh" else f"cannot read: {reason}"
    return Finding(
        rule="READ001",
        name="read.unreadable",
        category="read",
        severity="error",
        message=message,
        path=path,
        location=Location(path=path),
        data={"reason": reason},
    )
