"""Baselines: record today's findings, then report only new ones.

A finding is known by its rule, file, table (project name) and indicator, not
by its row, so inserting a row keeps the baseline valid. Each key is counted:
a third finding of a kind the baseline holds twice is new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jxlint.core.finding import Finding
from jxlint.report.json_format import dumps

_VERSION = 1


def finding_key(finding: Finding) -> tuple[str, str, str, str]:
    """What identifies a finding across edits: rule, file, project, indicator."""
    return (finding.rule, Path(finding.path).as_posix(), finding.project or "", finding.indicator or "")


def write_baseline(findings: list[Finding], path: Path) -> None:
    """Record the findings' keys (with counts) in a JSON file meant to be committed."""
    counts = Counter(finding_key(f) for f in findings)
    entries = [
        {"rule": rule, "path": file, "project": project, "indicator": indicator, "count": count}
        for (rule, file, project, indicator), count in sorted(counts.items())
    ]
    path.write_text(dumps({"jxlint-baseline": _VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names it."""


def read_baseline(path: Path) -> Counter:
    """The keys and counts a baseline file holds."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Counter({(e["rule"], e["path"], e["project"], e["indicator"]): int(e["count"]) for e in data["findings"]})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a jxlint baseline ({exc.__class__.__name__}: {exc})") from None


class BaselineFilter:
    """Lets through the findings a baseline does not account for, batch by batch (file by file).

    Each baseline entry absorbs as many findings as it counted; the order of
    the batches is the order of the run, so filtering file by file gives what
    filtering the whole run at once gives.
    """

    def __init__(self, baseline: Counter) -> None:
        self.remaining = Counter(baseline)

    def fresh(self, findings: list[Finding]) -> list[Finding]:
        """The findings of this batch that no remaining baseline entry absorbs."""
        fresh = []
        for finding in findings:
            key = finding_key(finding)
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
            else:
                fresh.append(finding)
        return fresh
