"""``jxlint show``: each table as jxlint understood it, to see why a finding is (or is not) there.

The text form lists the head fields with their values and where they were
read, the money lines, and the indicator grid one row per indicator, each
cell under its role (一级 / 二级 / 三级 / 指标值 / 实际 / 分值 / 得分 / 原因);
a label in brackets was not written on its row but carried down from a merged
cell. The JSON form is the table model itself.
"""

from __future__ import annotations

from typing import Any

from jxlint.model.table import Indicator, Table
from jxlint.values.model import Value

_WORDS = {
    "zh": {
        "table": "表", "project": "项目名称", "stated": "", "not_stated": "（表中未写项目名称，取自{source}）",
        "department": "主管部门", "implementing_unit": "实施单位", "plan_year": "计划年度", "money_unit": "金额单位",
        "kind": {"project": "项目支出绩效目标表", "department": "部门整体绩效目标表", "self_assessment": "绩效自评表"},
        "funding": "资金", "budget": "预算", "total_budget": "项目总预算", "initial": "年初预算", "fiscal": "财政资金",
        "other": "其他资金", "executed": "执行数", "rate": "执行率", "allocated": "通知下达", "items": "支出明细",
        "weight": "分值", "score": "得分", "indicators": "指标", "target": "指标值", "actual": "实际", "half_year": "半年",
        "long_term": "中期", "reason": "原因", "yuan": "元", "goals": "年度目标", "long_term_goals": "中长期目标",
        "content": "项目内容", "period": "实施期", "start": "开始时间", "end": "完成时间", "contact": "联系电话",
        "total_score": "总分", "grade": "等级", "truncated": "（表格在此中断：原文不完整）", "none": "无",
        "title": "标题",
    },
    "en": {
        "table": "table", "project": "project", "stated": "", "not_stated": " (no 项目名称 in the table; named from {source})",
        "department": "department", "implementing_unit": "implementing unit", "plan_year": "plan year",
        "money_unit": "money unit",
        "kind": {"project": "project targets", "department": "department targets", "self_assessment": "self-assessment"},
        "funding": "money", "budget": "budget", "total_budget": "total budget", "initial": "initial budget",
        "fiscal": "fiscal", "other": "other", "executed": "executed", "rate": "rate", "allocated": "notice allocates",
        "items": "spending items", "weight": "weight", "score": "score", "indicators": "indicators",
        "target": "target", "actual": "actual", "half_year": "half-year", "long_term": "long-term",
        "reason": "reason", "yuan": "yuan", "goals": "goals", "long_term_goals": "long-term goals",
        "content": "content", "period": "period", "start": "start", "end": "end", "contact": "contact",
        "total_score": "total score", "grade": "grade", "truncated": "(the table stops here: the text is cut short)",
        "none": "none", "title": "title",
    },
}
_HEAD = ("department", "implementing_unit", "start", "end", "contact", "goals", "content")
_LONG = 60


def render_tables(path: str, tables: list[Table], lang: str = "zh") -> str:
    """The tables of one file as text, one block per table."""
    words = _WORDS[lang]
    blocks = [_render(table, words) for table in tables]
    return "\n\n".join(blocks) if blocks else f"{path}: {words['none']}"


def _render(table: Table, words: dict[str, Any]) -> str:
    lines = [f"{table.path} · {words['table']} {table.index} · {words['kind'][table.kind]} · {table.location.short()}"]
    if table.title:
        lines.append(f"  {words['title']}: {_short(table.title)}")
    source = words["not_stated"].format(source=table.project_source) if not table.project_stated and table.project else ""
    lines.append(f"  {words['project']}: {table.project or '—'}{source}{_where(table, 'project')}")
    for name in _HEAD:
        value = getattr(table, name, "")
        if value:
            lines.append(f"  {words[name]}: {_short(value)}{_where(table, name)}")
    for name, value in table.other_fields.items():
        lines.append(f"  {words.get(name, name)}: {_short(value)}{_where(table, name)}")  # a key of ours, or the table's
    lines.append(f"  {words['plan_year']}: {table.plan_year or '—'} · {words['money_unit']}: {table.money_unit}")
    lines.extend(_funding(table, words))
    if table.total_score is not None:
        lines.append(f"  {words['total_score']}: {table.total_score:g}")
    lines.append(f"  {words['indicators']} ({len(table.indicators)}):")
    lines.extend(f"    {_indicator(i, words)}" for i in table.indicators)
    if table.truncated:
        lines.append(f"  {words['truncated']}")
    return "\n".join(lines)


def _funding(table: Table, words: dict[str, Any]) -> list[str]:
    funding = table.funding
    parts = [
        f"{words[name]} {_yuan(amount)}"
        for name, amount in (
            ("budget", funding.budget_yuan), ("total_budget", funding.total_budget_yuan),
            ("initial", funding.initial_budget_yuan), ("fiscal", funding.fiscal_yuan), ("other", funding.other_yuan),
            ("executed", funding.executed_yuan), ("allocated", funding.allocated_yuan),
        )
        if amount is not None
    ]
    if funding.execution_rate is not None:
        parts.append(f"{words['rate']} {funding.execution_rate:.2%}")
    lines = [f"  {words['funding']}: {' · '.join(parts) if parts else '—'}"]
    for line in funding.lines:
        cells = [f"{words[name]} {_yuan(getattr(line, name + '_yuan'))}"
                 for name in ("initial", "budget", "executed") if getattr(line, name + "_yuan", None) is not None]
        if line.rate_text:
            cells.append(f"{words['rate']} {line.rate_text}")
        cells.extend(f"{words[name]} {getattr(line, name):g}" for name in ("weight", "score") if getattr(line, name) is not None)
        lines.append(f"    {line.label}: {' · '.join(cells)} ({line.location.short()})")
    for item in funding.items:
        lines.append(f"    {words['items']}: {item.label} {_yuan(item.amount_yuan)} ({item.location.short()})")
    return lines


def _indicator(indicator: Indicator, words: dict[str, Any]) -> str:
    level1 = f"({indicator.level1})" if indicator.level1_inferred and indicator.level1 else indicator.level1
    level2 = f"({indicator.level2})" if indicator.level2_inferred and indicator.level2 else indicator.level2
    cells = [" › ".join(x or "—" for x in (level1, level2, _short(indicator.name, 30)))]
    for name in ("target", "half_year", "long_term", "actual"):
        value = getattr(indicator, name)
        if value is not None and value.kind != "empty":
            cells.append(f"{words[name]} {_value(value)}")
    cells.extend(f"{words[name]} {getattr(indicator, name):g}" for name in ("weight", "score") if getattr(indicator, name) is not None)
    if indicator.reason:
        cells.append(f"{words['reason']} {_short(indicator.reason, 30)}")
    return f"{indicator.location.short():>12}  " + " │ ".join(cells)


def _value(value: Value) -> str:
    return f"{value.text} [{value.kind}]"


def _yuan(amount: float | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}".rstrip("0").rstrip(".")


def _short(text: str, limit: int = _LONG) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(table: Table, name: str) -> str:
    location = table.field_locations.get(name)
    return f"  ({location.short()})" if location is not None and location.short() else ""


def tables_json(tables: list[Table]) -> list[dict[str, Any]]:
    """The tables of one file as JSON-ready objects (the table model, locations as fields)."""
    return [table.model_dump(mode="json") for table in tables]
