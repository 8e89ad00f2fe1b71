"""Python checks: one small function each, registered by the name a rule pack gives in ``check:``.

A check receives the table, the indicators the rule's ``where`` selected (all
of them when it has none) and the rule's params, and yields one Hit a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jxlint.core.location import Location
from jxlint.model.table import Indicator, Table


@dataclass(slots=True)
class Hit:
    """A problem a check found: where, on which indicator, and the figures for the message and ``data``."""

    data: dict[str, Any] = field(default_factory=dict)
    indicator: Indicator | None = None
    location: Location | None = None


CheckFunction = Callable[[Table, list[Indicator], Mapping[str, Any]], Iterator[Hit]]
CHECKS: dict[str, CheckFunction] = {}

#: What the checks of one table derive from it and share (all its texts joined, …), by a name
#: of the check module's choosing. The engine empties it before each table, so that nothing
#: outlives the table it was read from, even a table changed and linted again.
TABLE_MEMO: dict[str, Any] = {}


def check(*names: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under the names of the rules it implements (``date.deadline-before-plan-year``):
    one spelling per rule, in the pack's ``name`` and ``check`` alike. A function that serves several
    rules (told apart by their params) is registered under each."""

    def register(function: CheckFunction) -> CheckFunction:
        for name in names:
            if name in CHECKS:
                raise ValueError(f"check {name!r} registered twice")
            CHECKS[name] = function
        return function

    return register


def load_checks() -> dict[str, CheckFunction]:
    """Import the check modules (registering them) and return the registry."""
    from jxlint.check import functions  # noqa: F401  (imports register the checks)

    return CHECKS
