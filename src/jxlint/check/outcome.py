"""Actual against target in a self-assessment: was the indicator met, in the direction of its comparator?"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from jxlint.model.table import Indicator
from jxlint.resources import data_dir, load_yaml
from jxlint.values.model import LOWER_BOUNDS, UPPER_BOUNDS, DateValue, Quantity
from jxlint.values.units import to_quantity

Direction = Literal["at_least", "at_most", "equal"]


Kind = Literal["quantity", "date", "grade"]


@dataclass(frozen=True)
class Outcome:
    """Target and actual on one scale, the direction that counts, and whether the target was met.

    ``kind`` says what was compared: figures (``quantity``), a deadline and the day it was done
    (``date``: target and actual are day numbers, which only order the two and count the days
    between, never scale a score) or a qualitative target and an actual that says it was missed
    (``grade``: target 1, actual 0)."""

    direction: Direction
    target: float
    actual: float
    met: bool
    kind: Kind = "quantity"

    @property
    def ratio(self) -> float | None:
        """actual ÷ target for figures, or None when the target is zero or the two are no figures."""
        return self.actual / self.target if self.target and self.kind == "quantity" else None


def direction_of(indicator: Indicator, target: Quantity) -> Direction:
    """≥ and 不少于 are minimums, ≤ maximums, = equalities; a bare figure is a maximum for a cost and for a
    反向指标 named in ``grammar/directions.yaml`` (控制率, 差错率 …), a minimum for any other."""
    if target.comparator in LOWER_BOUNDS:
        return "at_least"
    if target.comparator in UPPER_BOUNDS:
        return "at_most"
    if target.comparator in ("=", "~"):
        return "equal"
    if indicator.cost_kind is not None:
        return "at_most"
    return "at_most" if "".join(indicator.name.split()).endswith(_ceiling_words()) else "at_least"


@functools.cache
def _ceiling_words() -> tuple[str, ...]:
    """The name endings of 反向指标, from ``grammar/directions.yaml``."""
    raw = load_yaml((data_dir("grammar") / "directions.yaml").read_text(encoding="utf-8"))
    return tuple(raw["at_most_suffixes"])


def outcome(indicator: Indicator) -> Outcome | None:
    """How the actual compares with the target, or None when the two are not comparable figures or dates."""
    target, actual = indicator.target, indicator.actual
    if isinstance(target, DateValue) and isinstance(actual, DateValue):
        # A date written without its year takes the other one's (6月底前 done 2025年9月).
        year = min(target.years or actual.years or {2000})
        deadline, done = target.interval(year)[1], actual.interval(year)[1]
        return Outcome("at_most", deadline.toordinal(), done.toordinal(), done <= deadline, "date")
    if not (isinstance(target, Quantity) and isinstance(actual, Quantity)):
        return None
    actual_number = _in_unit(actual, target.unit)
    if actual_number is None:
        return None
    direction = direction_of(indicator, target)
    if direction == "at_least":
        met = actual_number >= target.number
    elif direction == "at_most":
        met = actual_number <= target.number
    else:
        met = abs(actual_number - target.number) <= 1e-9 * max(1.0, abs(target.number))
    return Outcome(direction, target.number, actual_number, met)


def half_year_share(indicator: Indicator) -> float | None:
    """The half-year value as a share of the annual minimum (≥) target, in the target's unit; None for a
    rate (a 合格率 does not accumulate), a maximum, a zero target or values of different kinds."""
    target, half = indicator.target, indicator.half_year
    if not (isinstance(target, Quantity) and isinstance(half, Quantity)) or target.unit == "%" or not target.number:
        return None
    if direction_of(indicator, target) != "at_least":
        return None
    half_number = _in_unit(half, target.unit)
    return half_number / target.number if half_number is not None else None


def _in_unit(actual: Quantity, unit: str | None) -> float | None:
    if actual.unit == unit:
        return actual.number
    if actual.unit is None or unit is None:
        return None
    source, goal = to_quantity(actual.number, actual.unit), to_quantity(1.0, unit)
    if source is None or goal is None:
        return None
    try:
        return float(source.to(goal.units).magnitude)
    except Exception:  # pint's DimensionalityError: units of different kinds are not comparable
        return None


def qualitative_miss(indicator: Indicator, missed_words: str) -> Outcome | None:
    """A qualitative (grade or text) target whose actual begins with a word of a miss (未达成, 未完成
    as ``missed_words`` lists them), as an Outcome of kind ``grade``; else None."""
    actual = indicator.actual
    if actual is None or indicator.target.kind not in ("grade", "text") or not missed_words:
        return None
    if re.match(missed_words, actual.text.strip()):
        return Outcome("at_least", 1.0, 0.0, False, "grade")
    return None


def marked_done(indicator: Indicator, params: Mapping[str, Any]) -> bool:
    """True when the reason column only says the indicator was completed (已完成)."""
    return bool(re.fullmatch(params.get("done_words", "(已)?(完成|达成|达到)(目标|指标)?[。.]?"), indicator.reason.strip()))


def has_reason(indicator: Indicator, params: Mapping[str, Any]) -> bool:
    """True when the reason column explains something (not blank, not a placeholder, not just 已完成)."""
    reason = indicator.reason.strip()
    empty = re.fullmatch(params.get("empty_words", "[无/\\-—－]*|暂无"), reason)
    return bool(reason) and not empty and not marked_done(indicator, params)
