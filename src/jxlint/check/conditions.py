"""The condition language of rule packs: how a rule selects indicators and states its check.

A condition is a YAML mapping from a field to a test; all entries must hold::

    where:  {cost: money, value.kind: quantity}
    forbid: {value.comparator: {in: [">=", ">"]}}

Fields are dotted paths on the item a rule looks at (see ``FIELDS``). ``cost``
reads which cost a row is in either layout (``money``, ``social``, ``ecological``
or none; see ``Indicator.cost_kind``): 成本指标 under 产出, and the 一级 成本指标
of 财预〔2021〕101号 with its 经济成本 / 社会成本 / 生态环境成本. A test
is a plain value (equality), a list (one of), or a mapping of operators:
``eq ne in not_in matches not_matches contains gt ge lt le empty``.
``all: [...]``, ``any: [...]`` and ``not: {...}`` combine conditions.
A test argument written ``$name`` is the rule's parameter ``name``, so that
thresholds and word lists live in ``params`` where a finance bureau edits them.
Conditions are compiled once into Python closures; nothing is evaluated as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jxlint.model.table import Indicator, Table
from jxlint.values.model import Value
from jxlint.values.units import dimension_of


@dataclass(slots=True)
class Item:
    """What a condition looks at: a table, and maybe one of its indicators and one value of it.

    Not frozen, though nothing changes it: the engine makes one per value of
    every table, and a frozen dataclass costs five times as much to make.
    """

    table: Table
    indicator: Indicator | None = None
    value: Value | None = None


def _value_field(name: str) -> Callable[[Item], Any]:
    # getattr(None, name, None) is None too: no separate test for a missing value.
    return lambda item: getattr(item.value, name, None)


def _indicator_field(name: str) -> Callable[[Item], Any]:
    return lambda item: getattr(item.indicator, name, None)


def _table_field(name: str) -> Callable[[Item], Any]:
    return lambda item: getattr(item.table, name)


def _value_dimension(item: Item) -> str | None:
    value = item.value
    if value is None or value.kind not in ("quantity", "range"):
        return None
    return dimension_of(value.unit, item.indicator.name if item.indicator else None)


_INDICATOR_FIELDS = {f: _indicator_field(f) for f in (
    "level1", "level2", "name", "description", "dimension", "family", "reason", "level1_inferred",
)}
_VALUE_FIELDS = {f: _value_field(f) for f in (
    "kind", "text", "comparator", "number", "unit", "scale", "qualifier", "subject", "tail",
    "grade", "group", "expression", "times_percent", "low", "high",
)}

#: The fields a condition may name, with what they read.
FIELDS: dict[str, Callable[[Item], Any]] = {
    **_INDICATOR_FIELDS,
    "label": lambda item: item.indicator.label if item.indicator else None,
    "empty": lambda item: item.indicator.is_empty if item.indicator else None,
    "cost": lambda item: item.indicator.cost_kind if item.indicator else None,
    **{f"value.{f}": reader for f, reader in _VALUE_FIELDS.items()},
    "value.dimension": _value_dimension,
    "value.target_unit": lambda item: getattr(getattr(item.value, "target", None), "unit", None),
    "value.target_number": lambda item: getattr(getattr(item.value, "target", None), "number", None),
    **{f"table.{f}": _table_field(f) for f in (
        "kind", "project", "department", "implementing_unit", "plan_year", "money_unit",
        "contact", "goals", "content", "title", "start", "end", "truncated", "project_stated",
        "project_source",
    )},
    "table.budget_yuan": lambda item: item.table.funding.budget_yuan,
    "table.indicator_count": lambda item: len(item.table.indicators),
}

#: The fields that are a plain attribute of the value or the indicator: (owner, attribute).
_PLAIN_ATTRIBUTES = {
    **{field: ("indicator", field) for field in _INDICATOR_FIELDS},
    **{f"value.{field}": ("value", field) for field in _VALUE_FIELDS},
}

Predicate = Callable[[Item], bool]


class ConditionError(ValueError):
    """A condition in a rule pack that cannot be compiled."""


def compile_condition(spec: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> Predicate:
    """Compile a condition mapping into a predicate; raise ConditionError on an unknown field or operator."""
    return _compile(_substitute(spec, params or {}))


def _substitute(spec: Any, params: Mapping[str, Any]) -> Any:
    if isinstance(spec, str) and spec.startswith("$"):
        if spec[1:] not in params:
            raise ConditionError(f"{spec} names no parameter of the rule")
        return params[spec[1:]]
    if isinstance(spec, Mapping):
        return {k: _substitute(v, params) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_substitute(v, params) for v in spec]
    return spec


def _compile(spec: Mapping[str, Any]) -> Predicate:
    if not isinstance(spec, Mapping):
        raise ConditionError(f"a condition must be a mapping, not {spec!r}")
    parts: list[Predicate] = []
    for key, test in spec.items():
        if key == "all":
            parts.append(_all([_compile(s) for s in test]))
        elif key == "any":
            parts.append(_any([_compile(s) for s in test]))
        elif key == "not":
            parts.append(_negated(_compile(test)))
        elif key in FIELDS:
            parts.append(_attribute_test(key, test) or _field_test(FIELDS[key], _compile_test(key, test)))
        else:
            raise ConditionError(f"unknown field {key!r}; known: {', '.join(sorted(FIELDS))}")
    return _all(parts)


def _negated(part: Predicate) -> Predicate:
    return lambda item: not part(item)


def _all(parts: list[Predicate]) -> Predicate:
    """A conjunction (true for no parts)."""
    return _chain(parts, conjunction=True)


def _any(parts: list[Predicate]) -> Predicate:
    """A disjunction (false for no parts)."""
    return _chain(parts, conjunction=False)


def _chain(parts: list[Predicate], conjunction: bool) -> Predicate:
    """Parts joined by ``and`` or ``or`` as nested closures, no generator (rules run on every value of every table)."""
    if not parts:
        return lambda item: conjunction
    if len(parts) == 1:
        return parts[0]
    first, rest = parts[0], _chain(parts[1:], conjunction)
    if conjunction:
        return lambda item: first(item) and rest(item)
    return lambda item: first(item) or rest(item)


def _field_test(read: Callable[[Item], Any], test: Callable[[Any], bool]) -> Predicate:
    return lambda item: test(read(item))


def _attribute_test(field: str, test: Any) -> Predicate | None:
    """A one-call predicate for the commonest conditions: an attribute equal to, in or not in plain values.

    ``value.kind: quantity`` is tested on every value of every table by several
    rules; reading and testing in one closure halves the calls it costs.
    Anything else is left to the general path (None).
    """
    if field not in _PLAIN_ATTRIBUTES:
        return None
    if isinstance(test, Mapping):
        if len(test) != 1 or next(iter(test)) not in ("eq", "in", "not_in"):
            return None
        op, arg = next(iter(test.items()))
    else:
        op, arg = ("in", test) if isinstance(test, list) else ("eq", test)
    if op != "eq":
        if not isinstance(arg, list) or not all(isinstance(a, (str, int, float)) for a in arg):
            return None
        arg = frozenset(arg)
    owner, name = _PLAIN_ATTRIBUTES[field]
    if owner == "value":
        if op == "eq":
            return lambda item: getattr(item.value, name, None) == arg
        if op == "in":
            return lambda item: getattr(item.value, name, None) in arg
        return lambda item: getattr(item.value, name, None) not in arg
    if op == "eq":
        return lambda item: getattr(item.indicator, name, None) == arg
    if op == "in":
        return lambda item: getattr(item.indicator, name, None) in arg
    return lambda item: getattr(item.indicator, name, None) not in arg


def _compile_test(field: str, test: Any) -> Callable[[Any], bool]:
    if isinstance(test, list):
        choices = frozenset(test) if all(isinstance(t, (str, int, float)) for t in test) else list(test)
        return lambda v: v in choices
    if not isinstance(test, Mapping):
        return lambda v: v == test
    return _all([_operator(field, op, arg) for op, arg in test.items()])


def _operator(field: str, op: str, arg: Any) -> Callable[[Any], bool]:
    if op == "eq":
        return lambda v: v == arg
    if op == "ne":
        return lambda v: v != arg
    if op == "in":
        return lambda v: v in arg
    if op == "not_in":
        return lambda v: v not in arg
    if op in ("matches", "not_matches"):
        try:
            pattern = re.compile(arg)
        except re.error as exc:
            raise ConditionError(f"{field}: bad regular expression {arg!r}: {exc}") from None
        found = _remembered(pattern)
        return found if op == "matches" else (lambda v: not found(v))
    if op == "contains":
        return lambda v: isinstance(v, str) and arg in v
    if op in ("gt", "ge", "lt", "le"):
        if not isinstance(arg, (int, float)):
            raise ConditionError(f"{field}: {op} needs a number, not {arg!r}")
        compare = {"gt": float.__gt__, "ge": float.__ge__, "lt": float.__lt__, "le": float.__le__}[op]
        return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and compare(float(v), float(arg))
    if op == "empty":
        return lambda v: (v in (None, "", [], {})) == bool(arg)
    raise ConditionError(f"{field}: unknown operator {op!r}")


#: How many answers a ``matches`` test remembers before it starts afresh.
_REMEMBERED = 4096


def _remembered(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    """Whether ``pattern`` occurs in a string (False for anything else), each string searched only once.

    The same names and values (满意度, ≥90%, 优) come back in table after table
    and rule after rule: a dictionary lookup costs far less than a search.
    """
    answers: dict[str, bool] = {}

    def found(v: Any) -> bool:
        if not isinstance(v, str):
            return False
        answer = answers.get(v)
        if answer is None:
            if len(answers) >= _REMEMBERED:
                answers.clear()
            answer = answers[v] = pattern.search(v) is not None
        return answer

    return found


def fields_named(spec: Mapping[str, Any] | None) -> list[str]:
    """The fields a condition reads, in order, for putting their values in a finding's data."""
    if not spec:
        return []
    names: list[str] = []
    for key, test in spec.items():
        if key in ("all", "any"):
            for sub in test:
                names.extend(n for n in fields_named(sub) if n not in names)
        elif key == "not":
            names.extend(n for n in fields_named(test) if n not in names)
        elif key not in names:
            names.append(key)
    return names
