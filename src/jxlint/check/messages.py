"""Render a rule's message template with a finding's figures, without evaluating anything."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any


class _Figures(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, figures: Mapping[str, Any]) -> str:
    """Fill ``{name}`` and ``{name:spec}`` fields; unknown names stay as written, floats print plainly."""
    values = _Figures({k: _plain(v) for k, v in figures.items()})
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, TypeError):
        return template


def placeholders(template: str) -> list[str]:
    """The names of a template's ``{name}`` fields, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def plain(number: float, places: int = 2) -> str:
    """A figure as a person writes it, at most ``places`` decimals: 640000, 54.7, 1562486.4."""
    return f"{number:.{places}f}".rstrip("0").rstrip(".")


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return _Number(value)
    return value


class _Number(float):
    """A float that prints without a needless ``.0`` and without exponent: 640000, 54.7, 0.5."""

    def __str__(self) -> str:
        return plain(self, 6) if self == self else "?"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else str(self)
