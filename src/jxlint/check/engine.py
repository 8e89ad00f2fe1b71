"""Load, select and run rules on tables.

Rules come from every pack in ``rules/`` plus any extra packs named by the
user. A pack that cannot be used is reported (its file named) and skipped;
the other packs still run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jxlint.check.conditions import FIELDS, ConditionError, Item, Predicate, compile_condition, fields_named
from jxlint.check.file_findings import FILE_RULES, FileHit
from jxlint.check.messages import placeholders, render
from jxlint.check.pack import PackError, Rule, load_pack
from jxlint.check.registry import TABLE_MEMO, CheckFunction, Hit, load_checks
from jxlint.check.selection import chosen, unknown_choices
from jxlint.core.finding import Finding
from jxlint.core.location import Location
from jxlint.model.table import Indicator, Table
from jxlint.resources import data_dir
from jxlint.values.model import flatten


class UnknownChoice(ValueError):
    """Codes, severities or parameters of a configuration that name no rule or parameter; one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class CompiledRule:
    """A rule with its conditions compiled and its Python check looked up."""

    rule: Rule
    where: Predicate | None
    test: Predicate | None
    function: CheckFunction | None
    figures: list[str]
    failing: Predicate | None = None  # where and the broken expect/forbid in one predicate (declarative rules)
    #: The value kinds a value rule's ``where`` admits (``value.kind: quantity``), None for any: the
    #: engine hands it only those values, sorted out once a table instead of once a rule.
    kinds: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.test is not None:
            self.failing = _failing(self.where, self.test, expect=self.rule.expect is not None)
        if self.rule.scope == "value" and self.rule.where:
            self.kinds = _kinds_admitted(self.rule.where.get("value.kind"), self.rule.params)


@dataclass
class RuleSet:
    """The rules in force, and the problems met while loading packs."""

    rules: list[CompiledRule] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Every rule loaded, chosen or not (what a configuration's codes are checked against).
    available: list[Rule] = field(default_factory=list)
    #: The file rules in force (``scope: file``), by name: the reader and the linter raise them.
    file_rules: dict[str, Rule] = field(default_factory=dict)

    def by_id(self, rule_id: str) -> CompiledRule | None:
        """The table rule with this id (or readable name), if loaded."""
        return next((r for r in self.rules if rule_id in (r.rule.id, r.rule.name)), None)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule in force with this id or name, a table rule or a file rule."""
        compiled = self.by_id(rule_id)
        if compiled is not None:
            return compiled.rule
        return next((r for r in self.file_rules.values() if rule_id in (r.id, r.name)), None)

    def in_force(self) -> list[Rule]:
        """Every rule in force: the table rules, then the file rules."""
        return [c.rule for c in self.rules] + list(self.file_rules.values())

    def file_finding(self, hit: FileHit, lang: str = "zh") -> Finding | None:
        """The finding a file rule's hit gives, with its rule's message and severity; None when the
        rule is not in force (ignored, or not selected)."""
        rule = self.file_rules.get(hit.rule)
        if rule is None:
            return None
        template = rule.message.en if lang == "en" else rule.message.zh
        return Finding(rule=rule.id, name=rule.name, category=rule.category, severity=rule.severity,
                       message=render(template, {**rule.params, **hit.data}), path=hit.path, location=hit.location,
                       data=_jsonable(hit.data))


def default_packs() -> list[Path]:
    """The rule packs shipped with jxlint."""
    return sorted(data_dir("rules").glob("*.yaml"))


def load_rules(
    extra_packs: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    include_disabled: bool = False,
    extend_select: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    with_cases: bool = False,
) -> RuleSet:
    """Load the shipped and the extra packs, keeping the rules ``select``/``ignore`` choose.

    ``select``, ``extend_select`` and ``ignore`` hold id prefixes (``DATE``,
    ``VALUE005``), readable names or categories (see ``check.selection``).
    ``severity`` and ``params`` override a rule's own, keyed by id or name.
    Raises UnknownChoice when a code, key or parameter names nothing loaded
    (``per_file_ignores`` is only checked here; it applies file by file).
    The rules' named cases are loaded only ``with_cases`` (explain and the tests).
    """
    ruleset = RuleSet()
    checks = load_checks()
    seen: dict[str, str] = {}
    loaded: list[tuple[Path, list[Rule]]] = []
    for path in [*default_packs(), *extra_packs]:
        try:
            pack = load_pack(Path(path), with_cases)
        except PackError as exc:
            ruleset.errors.append(str(exc))
            continue
        fresh = []
        for rule in pack.rules:
            if rule.id in seen:
                ruleset.errors.append(f"{path}: rule {rule.id} is already defined in {seen[rule.id]}; skipped")
                continue
            seen[rule.id] = str(path)
            fresh.append(rule)
        loaded.append((Path(path), fresh))
        ruleset.available.extend(fresh)
    # The choices are checked before any is applied: a parameter of the wrong type never reaches a check.
    problems = unknown_choices(ruleset.available, select=select, ignore=ignore, extend_select=extend_select,
                               severity=severity, params=params, per_file_ignores=per_file_ignores)
    if problems:
        raise UnknownChoice(problems)
    for path, rules in loaded:
        try:
            compiled = [_compile(_overridden(rule, severity, params), checks, path) for rule in rules]
        except ConditionError as exc:
            ruleset.errors.append(str(exc))
            continue
        for item in compiled:
            if not chosen(item.rule, select, ignore, extend_select, include_disabled):
                continue
            if item.rule.scope == "file":
                ruleset.file_rules[item.rule.name] = item.rule
            else:
                ruleset.rules.append(item)
    return ruleset


def _overridden(rule: Rule, severity: Mapping[str, str] | None, params: Mapping[str, Mapping[str, Any]] | None) -> Rule:
    update: dict[str, Any] = {}
    for key in (rule.id, rule.name):
        if severity and key in severity:
            update["severity"] = severity[key]
        if params and key in params:
            update["params"] = {**rule.params, **params[key]}
    return rule.model_copy(update=update) if update else rule


def _compile(rule: Rule, checks: dict[str, CheckFunction], path: Path) -> CompiledRule:
    try:
        where = compile_condition(rule.where, rule.params) if rule.where else None
        declared = rule.expect or rule.forbid
        test = compile_condition(declared, rule.params) if declared else None
    except ConditionError as exc:
        raise ConditionError(f"{path}: rule {rule.id}: {exc}") from None
    function = None
    if rule.scope == "file":
        if rule.check not in FILE_RULES:
            raise ConditionError(f"{path}: rule {rule.id}: no file rule named {rule.check!r}")
    elif rule.check is not None:
        function = checks.get(rule.check)
        if function is None:
            raise ConditionError(f"{path}: rule {rule.id}: no Python check named {rule.check!r}")
    figures = [f for f in fields_named(rule.where) + fields_named(rule.expect or rule.forbid) if f in FIELDS]
    if rule.check is None:
        known = {*_ALWAYS_FIGURES, *rule.params, *(f.replace(".", "_") for f in figures)}
        for template in (rule.message.zh, rule.message.en):
            unknown = sorted(set(placeholders(template)) - known)
            if unknown:
                raise ConditionError(f"{path}: rule {rule.id}: the message names {unknown}, which no finding of it "
                                     f"has; it may name {sorted(known)}")
    return CompiledRule(rule, where, test, function, list(dict.fromkeys(figures)))


#: The figures every finding of a declarative rule has (``_figures`` and ``_finding``).
_ALWAYS_FIGURES = ("project", "plan_year", "indicator", "level1", "level2", "dimension", "family", "value")


def _failing(where: Predicate | None, test: Predicate, expect: bool) -> Predicate:
    """True for an item the rule reports: selected by ``where``, and against ``expect`` or matching ``forbid``."""
    if where is None:
        return (lambda item: not test(item)) if expect else test
    if expect:
        return lambda item: where(item) and not test(item)
    return lambda item: where(item) and test(item)


def run_rules(ruleset: RuleSet, table: Table, lang: str = "zh") -> list[Finding]:
    """Every finding of every rule in ``ruleset`` on one table, in rule order then row order."""
    findings: list[Finding] = []
    items_by_scope: dict[str, list[Item]] = {}
    items_by_kinds: dict[frozenset[str], list[Item]] = {}
    TABLE_MEMO.clear()
    for compiled in ruleset.rules:
        scope = compiled.rule.scope
        if scope not in items_by_scope:
            items_by_scope[scope] = _items(scope, table)
        items = items_by_scope[scope]
        if compiled.kinds is not None:
            if compiled.kinds not in items_by_kinds:
                items_by_kinds[compiled.kinds] = [i for i in items if getattr(i.value, "kind", None) in compiled.kinds]
            items = items_by_kinds[compiled.kinds]
        for hit in _hits(compiled, table, items):
            findings.append(_finding(compiled.rule, table, hit, lang))
    return findings


def _kinds_admitted(test: Any, params: Mapping[str, Any]) -> frozenset[str] | None:
    """The value kinds a ``value.kind`` test admits when it is a plain one (a kind, a list, ``in:``, a
    ``$param`` holding one of those), else None."""
    if isinstance(test, Mapping) and len(test) == 1 and next(iter(test)) in ("eq", "in"):
        test = next(iter(test.values()))
    if isinstance(test, str) and test.startswith("$"):
        test = params.get(test[1:])
    if isinstance(test, str):
        return frozenset([test])
    if isinstance(test, list) and all(isinstance(kind, str) for kind in test):
        return frozenset(test)
    return None


def _hits(compiled: CompiledRule, table: Table, items: list[Item]) -> Iterator[Hit]:
    rule = compiled.rule
    if compiled.function is not None:
        if compiled.where is not None:
            items = [i for i in items if compiled.where(i)]
        if items:
            if compiled.where is None:
                chosen = table.indicators if rule.scope == "table" else _lintable(table)
            else:
                chosen = _distinct_indicators(items, table, rule.scope)
            yield from compiled.function(table, chosen, rule.params)
        return
    failing = compiled.failing
    assert failing is not None  # a declarative rule: its where and expect/forbid in one predicate
    reported: set[int] = set()
    for item in [i for i in items if failing(i)]:
        key = id(item.indicator)
        if key not in reported:
            reported.add(key)
            yield Hit(data=_figures(compiled, item), indicator=item.indicator)


def _distinct_indicators(items: list[Item], table: Table, scope: str) -> list[Indicator]:
    if scope == "table":
        return table.indicators
    seen: dict[int, Indicator] = {}
    for item in items:
        if item.indicator is not None:
            seen.setdefault(id(item.indicator), item.indicator)
    return list(seen.values())


def _lintable(table: Table) -> list[Indicator]:
    """The rows the row checks read: all but a row the text stops in (its values may be cut)."""
    if not table.truncated:
        return table.indicators
    return [indicator for indicator in table.indicators if not indicator.cut_short]


def _items(scope: str, table: Table) -> list[Item]:
    if scope == "table":
        return [Item(table)]
    if scope == "indicator":
        return [Item(table, indicator, indicator.target) for indicator in _lintable(table)]
    return [Item(table, indicator, value) for indicator in _lintable(table) for value in flatten(indicator.target)]


def _figures(compiled: CompiledRule, item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if item.indicator is not None:
        data["indicator"] = item.indicator.label
        data.update(level1=item.indicator.level1, level2=item.indicator.level2,
                    dimension=item.indicator.dimension, family=item.indicator.family)
    if item.value is not None:
        data["value"] = item.value.text
    for name in compiled.figures:
        if name not in ("name", "label"):
            data[name.replace(".", "_")] = FIELDS[name](item)
    return data


def _finding(rule: Rule, table: Table, hit: Hit, lang: str) -> Finding:
    indicator: Indicator | None = hit.indicator
    location = hit.location or (
        (indicator.target_location or indicator.location) if indicator is not None else _table_location(table, hit)
    )
    figures = {"project": table.project, "plan_year": table.plan_year, **rule.params, **hit.data}
    if indicator is not None:
        figures.setdefault("indicator", indicator.label)
    template = rule.message.en if lang == "en" else rule.message.zh
    return Finding(
        rule=rule.id,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=render(template, figures),
        path=table.path,
        project=table.project or None,
        table=table.index,
        indicator=indicator.label if indicator is not None else None,
        location=location,
        data=_jsonable(hit.data),
    )


def _table_location(table: Table, hit: Hit) -> Location:
    """Where a table-level finding points: the first header field its figures name, else the table."""
    for key in hit.data:
        if key.startswith("table_") and key[6:] in table.field_locations:
            return table.field_locations[key[6:]]
    return table.location


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is None or isinstance(v, (str, int, float, bool, list, dict))}
