"""A rule's documentation as text: what it checks, why, its source, and its examples run live."""

from __future__ import annotations

from jxlint.check.engine import CompiledRule, RuleSet, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.pack import Example


def explain(compiled: CompiledRule) -> str:
    """The docs of one rule, with its passing and failing examples and what the rule says on each."""
    rule = compiled.rule
    lines = [
        f"{rule.id} {rule.name}  [{rule.category}, {rule.severity}{'' if rule.enabled else ', off by default'}]",
        "",
        rule.docs.summary,
    ]
    if rule.docs.rationale:
        lines += ["", rule.docs.rationale]
    lines += ["", f"Source: {rule.docs.source}"]
    if rule.params:
        lines += ["", "Parameters:"] + [f"  {k}: {v}" for k, v in rule.params.items()]
    for title, example in (("Passes", rule.docs.passing), ("Fails", rule.docs.failing)):
        lines += ["", f"{title}:"] + [f"  {row}" for row in _rows(example)]
        findings = run_rules(RuleSet([compiled]), table_from_example(example))
        lines += [f"  → {f.message}" for f in findings] or ["  → (no finding)"]
    return "\n".join(lines)


def _rows(example: Example) -> list[str]:
    head = []
    for field in ("plan_year", "budget", "contact", "goals", "start", "end"):
        value = getattr(example, field)
        default = Example.model_fields[field].default
        if value not in (None, "") and value != default:
            head.append(f"{field}: {value}")
    return head + [" | ".join(row) for row in example.indicators]
