"""Formulas in running text are found as the plain regular expression finds them, without its
backtracking: a long run of figures and operators is searched in linear time."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.check.formula import evaluate, find_formulas
from jxlint.values.normalise import normalise

# The search as it was first written: one regex, exact but super-linear on long runs.
REFERENCE = re.compile(
    r"(?P<expression>[^。；;，,=\n]*?\d[^。；;，,=\n]*[*×/÷+][^。；;，,=\n]*?\d[^。；;，,=\n]*?)"
    r"=\s*(?P<result>\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|千元|元|万|亿|[^\s。；;，,\d]{0,6})"
)
SCALE_ONLY = {"万": "万元", "亿": "亿元", "千": "千元"}
PIECES = ["1", "2.5", "30", "万元", "元", "×", "*", "+", "/", "=", "，", "。", "m²", "个月", "54.7万", "阳面", " ", "\n"]


def reference(text):
    if "=" not in text and "＝" not in text:
        return []
    found = []
    for match in REFERENCE.finditer(normalise(text)):
        unit = SCALE_ONLY.get(match.group("unit"), match.group("unit"))
        found.append((match.group("expression"), float(match.group("result")), unit,
                      evaluate(match.group("expression"), unit or None)))
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_formulas_found_are_the_regex_s(text):
    assert [(f.expression, f.stated, f.stated_unit, f.computed) for f in find_formulas(text)] == reference(text)


def test_a_rent_formula_is_recomputed():
    (formula,) = find_formulas("阳面2000m²×25元/m²/月×6个月=30万元。")
    assert formula.agrees() and formula.stated == 30


def test_a_long_run_of_figures_and_operators_is_no_formula_and_no_hang():
    # The reference regex takes minutes on this; the search reads it once.
    assert find_formulas("1+" * 20_000 + "=5") == []
