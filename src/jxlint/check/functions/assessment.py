"""Checks on self-assessments: actual against target, costs, execution, weights and scores (category ``assessment``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from jxlint.check.messages import plain
from jxlint.check.outcome import Outcome, half_year_share, has_reason, marked_done, outcome, qualitative_miss
from jxlint.check.registry import Hit, check
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity, Value


def _as_written(value: Value | None) -> str:
    """A value for a message: the figure and unit when it was found inside a sentence, else the text."""
    if isinstance(value, Quantity) and value.subject:
        return f"{plain(value.number)}{value.unit or ''}"
    return value.text if value is not None else ""


def _change(indicator: Indicator, result: Outcome) -> str:
    """How far the actual lies from the target, for every kind of target: +20.0% of a figure, +2起 from a
    zero target, +92天 past a deadline, and a dash for a qualitative miss, which has no distance."""
    if result.kind == "date":
        return f"{result.actual - result.target:+.0f}天"
    if result.kind == "grade":
        return "—"
    if result.ratio is not None:
        return f"{(result.ratio - 1) * 100:+.1f}%"
    difference = result.actual - result.target
    unit = getattr(indicator.target, "unit", None) or ""
    return f"{'+' if difference >= 0 else ''}{plain(difference)}{unit}"


def _figures(indicator: Indicator, result: Outcome) -> dict[str, Any]:
    return {"target": _as_written(indicator.target), "actual": _as_written(indicator.actual),
            "direction": result.direction, "change": _change(indicator, result)}


def _assessed(indicators: list[Indicator], missed_words: str = "") -> Iterator[tuple[Indicator, Outcome]]:
    """Each assessed indicator with how its actual compares with its target: figures and dates, and, when
    ``missed_words`` is given, qualitative targets whose actual says they were missed (未达成)."""
    for indicator in indicators:
        if indicator.actual is None:
            continue  # a plan, not a self-assessment: nothing to compare
        result = outcome(indicator) or qualitative_miss(indicator, missed_words)
        if result is not None:
            yield indicator, result


@check("assessment.missed-without-reason", "assessment.missed-with-reason", "assessment.missed-marked-done")
def target_missed(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """An indicator whose actual misses its target (a figure, a deadline, or a qualitative target whose actual
    says 未达成), except a money cost over its ceiling (ASSESS004/005's); params ``reason`` picks
    with/without/marked-done."""
    want = params["reason"]
    for indicator, result in _assessed(indicators, params.get("missed_words", "")):
        if result.met or (indicator.cost_kind == "money" and result.kind != "grade"):
            continue
        state = "marked_done" if marked_done(indicator, params) else ("given" if has_reason(indicator, params) else "missing")
        if state == want:
            yield Hit({**_figures(indicator, result), "reason": indicator.reason}, indicator)


@check("assessment.cost-overrun", "assessment.cost-overrun-marked-done")
def cost_overrun(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A money cost (成本指标 under 产出, or 经济成本指标 under the 一级 成本指标) whose actual exceeds its
    target; params ``marked_done`` picks rows saying 已完成 or not."""
    for indicator, result in _assessed(indicators):
        if (indicator.cost_kind == "money" and not result.met
                and marked_done(indicator, params) == params["marked_done"]):
            yield Hit({**_figures(indicator, result), "reason": indicator.reason}, indicator)


@check("assessment.large-overshoot", "assessment.large-overshoot-unexplained")
def overshoot(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A minimum target exceeded by far (actual ≥ params ``ratio`` × target): the target was probably set too low.
    Params ``explained`` picks the rows whose reason column explains it, or those where it is blank or only
    says 已完成."""
    for indicator, result in _assessed(indicators):
        if (result.direction == "at_least" and result.target > 0 and result.ratio
                and result.ratio >= params.get("ratio", 1.3)
                and indicator.target.kind == "quantity" and indicator.target.unit != "%"
                and has_reason(indicator, params) == params["explained"]):
            yield Hit({**_figures(indicator, result), "ratio": f"{result.ratio * 100:.0f}%",
                       "reason": indicator.reason}, indicator)


@check("assessment.low-execution", "assessment.moderate-execution")
def execution_rate_low(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A funding line whose 执行数 ÷ 预算数 is below params ``below`` (and not below ``above``)."""
    low, high = params.get("above", 0.0), params["below"]
    for line in table.funding.lines:
        if not line.budget_yuan or line.executed_yuan is None:
            continue
        rate = line.executed_yuan / line.budget_yuan
        if low <= rate < high:
            yield Hit({"label": line.label.rstrip("：:"), "rate": f"{rate * 100:.1f}%",
                       "executed_yuan": line.executed_yuan, "budget_yuan": line.budget_yuan,
                       "threshold": f"{high * 100:.0f}%"}, location=line.location)


@check("assessment.weights-sum")
def weights_add_up(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Indicator 分值 plus the budget-execution 分值 must add up to params ``total``, each above zero."""
    weights = [i.weight for i in indicators if i.weight is not None]
    if not weights:
        return
    budget_weight = sum(line.weight for line in table.funding.lines if line.weight is not None)
    total = sum(weights) + budget_weight
    if abs(total - params.get("total", 100)) > params.get("tolerance", 0.01) or min(weights) <= 0:
        yield Hit({"sum": plain(total), "expected": params.get("total", 100), "smallest": plain(min(weights))})


@check("assessment.level1-weights")
def level1_weights(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """一级 weights that differ from the standard split (产出 50, 效益 30, 满意度 10) and a budget-execution
    分值 that differs from params ``budget_execution`` (10) when the table states one; params ``counted_with``
    adds a 一级 to another (the 101号 一级 成本 to 产出, where 88号 had it)."""
    merged = params.get("counted_with", {})
    by_dimension: dict[str, float] = defaultdict(float)
    for indicator in indicators:
        if indicator.weight is not None and indicator.dimension:
            by_dimension[merged.get(indicator.dimension, indicator.dimension)] += indicator.weight
    if not by_dimension:
        return
    for dimension, expected in params.get("expected", {}).items():
        got = by_dimension.get(dimension, 0.0)
        if abs(got - expected) > 0.01:
            yield Hit({"dimension": f"{dimension}指标", "weight": plain(got), "expected": expected})
    budget_weights = [line.weight for line in table.funding.lines if line.weight is not None]
    expected_budget = params.get("budget_execution")
    if budget_weights and expected_budget is not None and abs(sum(budget_weights) - expected_budget) > 0.01:
        yield Hit({"dimension": "预算执行率", "weight": plain(sum(budget_weights)), "expected": expected_budget},
                  location=next(line.location for line in table.funding.lines if line.weight is not None))


#: A weight written into a 一级 or 二级 label: 产出指标(40分), 数量指标（20分）.
_STATED_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")


@check("assessment.stated-subtotals")
def stated_subtotals(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 一级 or 二级 label that states its points (产出指标(40分)) while the 分值 of the rows under it add up to
    another figure; only a group whose every row states its 分值 is judged."""
    if not any(indicator.weight is not None for indicator in indicators):
        return  # a plan table: no points to add up
    # (一级 label, 二级 label or "" for the 一级 itself) → the rows under it
    groups: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.is_empty and indicator.weight is None:
            continue  # a blank row under a merged label holds no points
        groups[(indicator.level1, "")].append(indicator)
        if indicator.level2:
            groups[(indicator.level1, indicator.level2)].append(indicator)
    for (level1, level2), rows in groups.items():
        label, level = (level2, "二级") if level2 else (level1, "一级")
        stated = _STATED_POINTS.search(label) if "分" in label else None
        if stated is None or any(row.weight is None or row.cut_short for row in rows):
            continue
        total = sum(row.weight for row in rows if row.weight is not None)
        if abs(total - float(stated.group(1))) > params.get("tolerance", 0.01):
            yield Hit({"level": level, "label": label, "stated": stated.group(1), "sum": plain(total)}, rows[0])


@check("assessment.in-year-progress")
def in_year_progress(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Half-year progress against elapsed time: (half-year value ÷ annual target) ÷ (params ``elapsed_months``
    ÷ 12) below params ``behind`` or at or above ``ahead``; the half-year money plan against the budget alike."""
    elapsed = params.get("elapsed_months", 6) / 12
    behind, ahead = params.get("behind", 0.8), params.get("ahead", 1.2)
    for indicator in indicators:
        share = half_year_share(indicator)
        if share is not None and not behind <= share / elapsed < ahead:
            yield Hit({"value": indicator.half_year.text if indicator.half_year else "", "target": indicator.target.text,
                       "share": f"{share * 100:.0f}%", "progress": f"{share / elapsed * 100:.0f}%",
                       "elapsed": f"{elapsed * 100:.0f}%"}, indicator)
    plan, budget = table.funding.half_year_plan_yuan, table.funding.budget_yuan
    if plan is not None and budget and not behind <= plan / budget / elapsed < ahead:
        yield Hit({"value": f"{plain(plan)}元", "target": f"{plain(budget)}元", "share": f"{plan / budget * 100:.0f}%",
                   "progress": f"{plan / budget / elapsed * 100:.0f}%", "elapsed": f"{elapsed * 100:.0f}%"},
                  location=table.location_of("half_year_plan"))


@check("assessment.score-above-weight")
def score_above_weight(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 得分 larger than its 分值."""
    for indicator in indicators:
        if indicator.weight is not None and indicator.score is not None and indicator.score > indicator.weight + 1e-9:
            yield Hit({"score": plain(indicator.score), "weight": plain(indicator.weight)}, indicator)
    for line in table.funding.lines:
        if line.weight is not None and line.score is not None and line.score > line.weight + 1e-9:
            yield Hit({"score": plain(line.score), "weight": plain(line.weight)}, location=line.location)


@check("assessment.total-score")
def total_score_sum(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A stated total score that is not the sum of the scores."""
    scores = [i.score for i in indicators if i.score is not None]
    scores += [line.score for line in table.funding.lines if line.score is not None]
    if table.total_score is None or not scores:
        return
    if abs(sum(scores) - table.total_score) > params.get("tolerance", 0.1):
        yield Hit({"computed": plain(sum(scores)), "stated": plain(table.total_score)},
                  location=table.location_of("total_score"))


def expected_score(result: Outcome, weight: float, reverse_formula: str) -> float:
    """The score of a quantitative indicator: full when met, else in proportion (正向), by the 反向 variant, or 0 (等于)."""
    if result.met:
        return weight
    if result.direction == "at_least":
        return weight * max(result.actual, 0.0) / result.target if result.target else 0.0
    if result.direction == "at_most":
        if reverse_formula == "ratio":
            return weight * result.target / result.actual if result.actual else 0.0
        return max(0.0, weight * (1 - (result.actual - result.target) / result.target)) if result.target else 0.0
    return 0.0


@check("assessment.quantitative-score")
def quantitative_score(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A score that is not what target, actual and weight give (正向 w×B/A, 反向 by params ``reverse_formula``);
    a deadline is met (full weight) or missed (less than the weight), never scored by its day numbers."""
    tolerance = params.get("tolerance", 0.1)
    for indicator, result in _assessed(indicators):
        if indicator.weight is None or indicator.score is None:
            continue
        if result.kind == "date" and not result.met:
            expected, wrong = f"<{plain(indicator.weight)}", indicator.score > indicator.weight - tolerance
        else:
            value = expected_score(result, indicator.weight, params.get("reverse_formula", "deviation"))
            expected, wrong = f"{value:.2f}", abs(value - indicator.score) > tolerance
        if wrong:
            yield Hit({**_figures(indicator, result), "expected": expected, "score": plain(indicator.score),
                       "weight": plain(indicator.weight)}, indicator)


@check("assessment.qualitative-score-band")
def qualitative_score_band(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A qualitative score outside the band of its stated achievement (达成 [80%, 100%], 部分达成 [60%, 80%),
    未达成 [0, 60%)); a band with ``high_open`` leaves out its top edge, which belongs to the band above."""
    for indicator in indicators:
        if indicator.weight is None or indicator.score is None or indicator.actual is None:
            continue
        if outcome(indicator) is not None:
            continue
        band = next((b for b in params.get("bands", []) if re.search(b["words"], indicator.actual.text)), None)
        if band is None:
            continue
        low, high = band["low"] * indicator.weight, band["high"] * indicator.weight
        above = indicator.score >= high - 1e-9 if band.get("high_open") else indicator.score > high + 1e-9
        if indicator.score < low - 1e-9 or above:
            yield Hit({"actual": indicator.actual.text, "score": plain(indicator.score), "low": plain(low),
                       "high": plain(high), "top": ")" if band.get("high_open") else "]"}, indicator)


@check("assessment.budget-execution-score")
def budget_execution_score(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """The budget-execution score must be min(B/A, 1) × 分值."""
    for line in table.funding.lines:
        if line.weight is None or line.score is None or not line.budget_yuan or line.executed_yuan is None:
            continue
        expected = min(line.executed_yuan / line.budget_yuan, 1.0) * line.weight
        if abs(expected - line.score) > params.get("tolerance", 0.1):
            yield Hit({"expected": f"{expected:.2f}", "score": plain(line.score), "weight": plain(line.weight)},
                      location=line.location)


@check("assessment.grade")
def grade_matches_score(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A stated grade (优/良/中/差) that is not the grade of the total score."""
    if table.total_score is None or not table.grade:
        return
    bands = sorted(params.get("bands", {}).items(), key=lambda kv: -kv[1])
    expected = next((grade for grade, floor in bands if table.total_score >= floor), None)
    if expected is not None and expected not in table.grade:
        yield Hit({"grade": table.grade, "expected": expected, "score": plain(table.total_score)},
                  location=table.location_of("grade"))


@check("assessment.actual-not-comparable")
def actual_not_comparable(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A figure target whose actual value states no figure at all (or is blank)."""
    for indicator in indicators:
        actual = indicator.actual
        if indicator.target.kind != "quantity" or actual is None:
            continue
        if actual.kind in ("empty", "grade") or (actual.kind == "text" and not actual.embedded):
            yield Hit({"target": indicator.target.text, "actual": actual.text}, indicator)
