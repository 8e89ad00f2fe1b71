"""The rules of a whole file rather than of a table: what the reader could not read, a suppression
that silences nothing, an error in jxlint itself.

They are rules in the packs like the others (``scope: file``): their messages, severities and
docs live there, and ``select``, ``ignore``, severities and baselines apply to them. The linter
finds them while reading; each function here makes the ``FileHit`` one of them reports, and
``RuleSet.file_finding`` turns it into a finding when the rule is in force.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jxlint.core.location import Location
from jxlint.read.decode import BadBytes

#: The function that makes each file rule's hit, by rule name (``jxlint explain`` names it).
FILE_RULES: dict[str, Callable[..., FileHit]] = {}


@dataclass(frozen=True, slots=True)
class FileHit:
    """A file rule's finding before its rule's message and severity are known."""

    rule: str  # the rule's name, e.g. read.unreadable
    path: str
    location: Location
    data: dict[str, Any] = field(default_factory=dict)


def file_rule(*names: str) -> Callable[[Callable[..., FileHit]], Callable[..., FileHit]]:
    """Register the function that makes the hits of the file rules ``names``."""

    def register(function: Callable[..., FileHit]) -> Callable[..., FileHit]:
        for name in names:
            FILE_RULES[name] = function
        return function

    return register


@file_rule("read.unreadable")
def unreadable(path: str, reason: str) -> FileHit:
    """READ001: the file cannot be read at all (damaged, empty, of no known format), and why."""
    return FileHit("read.unreadable", path, Location(path=path), {"reason": reason})


@file_rule("read.undecodable-bytes")
def undecodable(path: str, bad: BadBytes) -> FileHit:
    """READ003: bytes of a text or csv file that its encoding cannot decode, read as U+FFFD."""
    return FileHit("read.undecodable-bytes", path, Location(path=path, line=bad.line),
                   {"encoding": bad.encoding, "line": bad.line, "byte": bad.byte, "count": bad.count})


#: What a file with a trace of a table holds, and lacks: (what, missing, what_en, missing_en).
_TRACES = {
    "header": ("指标表头", "项目名称", "an indicator header", "a project name"),
    "project": ("项目名称", "指标表头（一级指标、三级指标、指标值）", "a project name",
                "an indicator header (一级指标, 三级指标, 指标值)"),
    "both": ("项目名称和指标表头", "可读的指标行", "a project name and an indicator header", "indicator rows jxlint can read"),
}


@file_rule("read.no-table", "read.not-a-table")
def no_table(path: str, project: Location | None, header: Location | None) -> FileHit:
    """READ004 when the file read holds a trace of a table (a project name or an indicator header,
    at ``project``/``header``) but no table could be made of it; READ005 when it holds no trace."""
    if project is None and header is None:
        return FileHit("read.not-a-table", path, Location(path=path))
    found = "both" if project is not None and header is not None else "project" if project is not None else "header"
    at = project or header
    assert at is not None
    what, missing, what_en, missing_en = _TRACES[found]
    return FileHit("read.no-table", path, at, {"found": found, "where": at.short() or path, "what": what,
                                               "missing": missing, "what_en": what_en, "missing_en": missing_en})


@file_rule("text.unused-suppression")
def unused_suppression(path: str, location: Location, codes: tuple[str, ...], reason: str) -> FileHit:
    """JXL001: a ``jxlint-ignore`` marker that silenced nothing."""
    return FileHit("text.unused-suppression", path, location,
                   {"codes": list(codes), "rules": ", ".join(codes), "reason": reason})


@file_rule("internal.error")
def internal_error(path: str, error: str, detail: str) -> FileHit:
    """JXL002: jxlint itself failed on this file (``error``: the exception's type); the other files are unaffected."""
    return FileHit("internal.error", path, Location(path=path), {"error": error, "detail": detail})
