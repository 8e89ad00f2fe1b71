"""jxlint: a linter for Chinese government budget performance target tables.

    import jxlint
    report = jxlint.lint("examples/binhai-2025-project-targets.txt")
    for finding in report.findings:
        print(finding.location.short(), finding.rule, finding.message)

The pipeline, one folder a stage: ``read`` (files → rows of located cells),
``values`` (指标值 → typed values, units), ``model`` (rows → Tables),
``check`` (YAML rule packs → Findings), ``report`` (the Report → text, json …);
``core`` holds what they all share (Location, Finding).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Finding", "Location", "Report", "lint", "lint_table", "load_rules"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from jxlint.api import Report, lint, lint_table
    from jxlint.check.engine import load_rules
    from jxlint.core.finding import Finding
    from jxlint.core.location import Location


def __getattr__(name: str) -> Any:
    """Import the heavy parts on first use, so that ``import jxlint`` stays cheap."""
    if name in ("Report", "lint", "lint_table"):
        from jxlint import api

        return getattr(api, name)
    if name == "load_rules":
        from jxlint.check.engine import load_rules

        return load_rules
    if name == "Finding":
        from jxlint.core.finding import Finding

        return Finding
    if name == "Location":
        from jxlint.core.location import Location

        return Location
    raise AttributeError(f"module 'jxlint' has no attribute {name!r}")
