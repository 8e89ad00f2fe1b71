"""A rule's documentation as text: what it checks, why, its source, its options, the function that
implements it, and its examples run live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jxlint.check.engine import CompiledRule, RuleSet, run_rules
from jxlint.check.examples import table_from_example
from jxlint.check.file_findings import FILE_RULES
from jxlint.check.pack import Example, Rule
from jxlint.check.registry import load_checks
from jxlint.resources import data_dir


def explain(rule: Rule, compiled: CompiledRule | None = None) -> str:
    """The docs of one rule; a table rule's passing and failing examples are run (``compiled``) and
    what the rule says on each is shown."""
    lines = [
        f"{rule.id} {rule.name}  [{rule.category}, {rule.severity}{'' if rule.enabled else ', off by default'}]",
        "",
        rule.docs.summary,
    ]
    if rule.docs.rationale:
        lines += ["", rule.docs.rationale]
    lines += ["", f"Source: {rule.docs.source}", f"  (the source labels are listed in {data_dir('rules') / 'SOURCES.md'})"]
    lines += ["", f"Implemented by: {implementation(rule)}"]
    if rule.params:
        lines += ["", "Options (params in a rule pack, or params = {" + rule.id + " = {…}} in jxlint.toml):"]
        for name, default in rule.params.items():
            option = rule.options[name]  # every param has its option (the pack model sees to it)
            lines.append(f"  {name} ({option.type}, default {_shown(default)}): {option.description}")
    if compiled is not None:
        for title, example in (("Passes", rule.docs.passing), ("Fails", rule.docs.failing)):
            if example is None:
                continue
            lines += ["", f"{title}:"] + [f"  {row}" for row in _rows(example)]
            findings = run_rules(RuleSet([compiled]), table_from_example(example))
            lines += [f"  → {f.message}" for f in findings] or ["  → (no finding)"]
    for case in rule.cases:
        if case.file is not None:
            shown = case.file.text[:60] + ("…" if len(case.file.text) > 60 else "")
            found = ", ".join(e.message or "" for e in case.expect) or "no finding"
            lines += ["", f"Case “{case.name}”: {case.file.name} {shown!r}{' + bytes ' + case.file.hex if case.file.hex else ''}",
                      f"  → {found}"]
    return "\n".join(lines)


def implementation(rule: Rule) -> str:
    """Where the rule is implemented: a Python function (module.name) or the pack's own conditions."""
    function: Callable[..., object] | None
    if rule.scope == "file":
        function = FILE_RULES.get(rule.name)
    elif rule.check is not None:
        function = load_checks().get(rule.check)
    else:
        return f"declarative conditions (where/expect/forbid) in the {rule.pack or 'its'} pack"
    return f"{function.__module__}.{function.__qualname__}" if function else "(no function registered)"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _rows(example: Example) -> list[str]:
    head = []
    for field in ("plan_year", "budget", "contact", "goals", "start", "end"):
        value = getattr(example, field)
        default = Example.model_fields[field].default
        if value not in (None, "") and value != default:
            head.append(f"{field}: {value}")
    return head + [" | ".join(row) for row in example.indicators]
