"""The condition language of rule packs, checked against a direct reading of its meaning."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.check import conditions
from jxlint.check.conditions import (
    FIELDS,
    ConditionError,
    Item,
    _attribute_test,
    _compile_test,
    _field_test,
    compile_condition,
)
from jxlint.core.location import Location
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Empty, Grade, Quantity, Text

LOCATION = Location(path="t", line=1)
FAMILIES = ["数量", "质量", "时效", "成本", None]
COMPARATORS = [">=", "<=", "=", ">", "<", None]


def _item(family, comparator, number, name="指标"):
    value = Quantity(text="x", number=number, comparator=comparator, unit="个")
    indicator = Indicator(name=name, family=family, target=value, location=LOCATION)
    table = Table(path="t", index=1, location=LOCATION, indicators=[indicator])
    return Item(table, indicator, value)


items = st.builds(_item, st.sampled_from(FAMILIES), st.sampled_from(COMPARATORS),
                  st.floats(-1e9, 1e9, allow_nan=False))
ops = st.sampled_from(["gt", "ge", "lt", "le"])


@settings(max_examples=200)
@given(items, st.sampled_from(FAMILIES), st.lists(st.sampled_from(COMPARATORS), max_size=3),
       ops, st.floats(-1e9, 1e9, allow_nan=False))
def test_compiled_condition_agrees_with_its_meaning(item, family, comparators, op, bound):
    spec = {"family": family, "value.comparator": {"in": comparators}, "value.number": {op: bound}}
    number = item.value.number
    expected = (
        item.indicator.family == family
        and item.value.comparator in comparators
        and {"gt": number > bound, "ge": number >= bound, "lt": number < bound, "le": number <= bound}[op]
    )
    assert compile_condition(spec)(item) == expected


@settings(max_examples=100)
@given(items, st.sampled_from(FAMILIES))
def test_not_any_all_combine_like_logic(item, family):
    base = {"family": family}
    assert compile_condition({"not": base})(item) == (not compile_condition(base)(item))
    assert compile_condition({"any": [base, {"not": base}]})(item) is True
    assert compile_condition({"all": [base, {"not": base}]})(item) is False


@settings(max_examples=100)
@given(st.text(alphabet="成本费用率满意度温度abc", max_size=8), st.text(alphabet="成本费用率满意度温度abc", max_size=4))
def test_matches_is_a_regex_search(name, pattern):
    item = _item("成本", "<=", 1, name=name)
    assert compile_condition({"name": {"matches": re.escape(pattern)}})(item) == (pattern in name)


def test_parameters_are_substituted():
    item = _item("成本", ">=", 5)
    assert compile_condition({"value.number": {"lt": "$floor"}}, {"floor": 10})(item)
    with pytest.raises(ConditionError, match=r"\$missing"):
        compile_condition({"value.number": {"lt": "$missing"}}, {})


@pytest.mark.parametrize(
    "spec,message",
    [
        ({"no.such.field": 1}, "unknown field"),
        ({"name": {"like": "x"}}, "unknown operator"),
        ({"name": {"matches": "("}}, "bad regular expression"),
        ({"value.number": {"gt": "ten"}}, "needs a number"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(spec, message):
    with pytest.raises(ConditionError, match=message):
        compile_condition(spec)


KINDS = ["quantity", "grade", "text", "empty", None]


def _mixed_item(kind, family, comparator, number):
    """An item whose value may be of another kind than Quantity, or missing with its indicator."""
    value = {"quantity": Quantity(text="x", number=number, comparator=comparator, unit="个"),
             "grade": Grade(text="优", grade="优", group="good"), "text": Text(text="x"),
             "empty": Empty(text=""), None: None}[kind]
    indicator = None if value is None else Indicator(name="指标", family=family, target=value, location=LOCATION)
    table = Table(path="t", index=1, location=LOCATION, indicators=[indicator] if indicator else [])
    return Item(table, indicator, value)


@settings(max_examples=300)
@given(st.builds(_mixed_item, st.sampled_from(KINDS), st.sampled_from(FAMILIES), st.sampled_from(COMPARATORS),
                 st.integers(-5, 5)),
       st.sampled_from(["family", "value.kind", "value.comparator", "value.number", "value.grade"]),
       st.sampled_from(["eq", "in", "not_in", "plain", "list"]),
       st.lists(st.sampled_from([*FAMILIES[:-1], *KINDS[:-1], ">=", "<=", 0, 1, 2.0, "优"]), max_size=3))
def test_one_call_attribute_tests_agree_with_the_general_path(item, field, form, choices):
    test = {"eq": {"eq": choices[0] if choices else None}, "in": {"in": choices}, "not_in": {"not_in": choices},
            "plain": choices[0] if choices else None, "list": choices}[form]
    fast = _attribute_test(field, test)
    assert fast is not None
    assert fast(item) == _field_test(FIELDS[field], _compile_test(field, test))(item)


@settings(max_examples=100)
@given(items, st.lists(st.sampled_from(FAMILIES), max_size=4), st.lists(st.sampled_from(COMPARATORS), max_size=4))
def test_all_and_any_of_any_length_combine_like_logic(item, families, comparators):
    parts = [{"family": f} for f in families] + [{"value.comparator": c} for c in comparators]
    assert compile_condition({"all": parts})(item) == all(compile_condition(p)(item) for p in parts)
    assert compile_condition({"any": parts})(item) == any(compile_condition(p)(item) for p in parts)


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["完成率", "满意度", "培训率", "温度", "", "率率"]), max_size=30),
       st.sampled_from(["率$", "满意", "^温|度$", "x"]), st.integers(1, 4))
def test_remembered_matches_answer_as_a_fresh_search(names, pattern, size):
    # Strings come back over and over, and the memory is small enough to start afresh many times.
    spec = {"name": {"matches": pattern}}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conditions, "_REMEMBERED", size)
        matches, not_matches = compile_condition(spec), compile_condition({"name": {"not_matches": pattern}})
        for name in names + names:
            item = _item("数量", None, 1.0, name=name)
            assert matches(item) == (re.search(pattern, name) is not None)
            assert not_matches(item) == (re.search(pattern, name) is None)
