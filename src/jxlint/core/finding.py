"""A finding: one problem a rule found, with the figures behind it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jxlint.core.location import Location

Severity = Literal["error", "warning", "info"]
#: Severities from the least to the most serious.
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

Category = Literal[
    "read", "structure", "value", "unit", "date", "arithmetic", "budget", "assessment", "text", "internal"
]


class Finding(BaseModel):
    """One problem, located, with its message rendered and its evidence in ``data``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    name: str
    category: Category
    severity: Severity
    message: str
    path: str
    project: str | None = None
    table: int | None = Field(None, description="1-based number of the table in its file")
    indicator: str | None = None
    location: Location
    data: dict[str, Any] = Field(default_factory=dict)
