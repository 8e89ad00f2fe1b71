"""Formulas written in running text, recomputed with units: ``阳面2000m²*25元/m²/月*6个月+…=54.7万``.

A formula is a run of figures with units joined by + - * × / ÷ (and brackets),
each figure optionally labelled by the words before it (阳面), followed by
``=`` and the stated result. Units multiply through pint (m² × 元/m²/月 × 月 =
元). Nothing is evaluated as code: the expression is tokenised and computed
by a small recursive-descent reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jxlint.values.normalise import canonical_unit, normalise
from jxlint.values.units import to_quantity

_OPERATORS = "*×/÷+-"
_TOKEN = re.compile(
    r"(?P<op>[*×/÷+\-])|(?P<open>\()|(?P<close>\))"
    r"|(?P<label>[\u4e00-\u9fff]*)(?P<number>\d+(?:\.\d+)?)(?P<unit>(?:[^\d*×/÷+\-()=]|/(?=[^\d(]))*)"
)
#: "= result unit" after a formula; the formula is the text before it back to a clause's start.
_RESULT = re.compile(r"=\s*(?P<result>\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|千元|元|万|亿|[^\s。；;，,\d]{0,6})")
#: What ends a formula's text on its left: a clause mark, a line break or an earlier "=".
_CLAUSE_START = re.compile(r"[。；;，,=\n][^。；;，,=\n]*$")
#: A formula holds at least one operation between figures.
_OPERATION = re.compile(r"\d[^*×/÷+]*[*×/÷+].*\d", re.S)
#: A formula longer than this is running text, not a formula (and is not searched).
_LONGEST_FORMULA = 300
_PER_LABEL = re.compile(r"每(月|季度|年|天|日|人|场|次|平方米)$")
_SCALE_ONLY = {"万": "万元", "亿": "亿元", "千": "千元"}


@dataclass
class TextFormula:
    """A formula found in text, its stated result and, when it could be computed, the computed one."""

    expression: str
    stated: float
    stated_unit: str
    computed: float | None

    def agrees(self) -> bool:
        """True when the computed result rounds to the stated one at the stated precision."""
        return self.computed is not None and rounds_to(self.computed, self.stated)


def find_formulas(text: str) -> list[TextFormula]:
    """Every formula with a stated result in ``text``."""
    found: list[TextFormula] = []
    if "=" not in text and "＝" not in text:
        return found
    text = normalise(text)
    previous_end = 0
    for match in _RESULT.finditer(text):
        # The formula runs from the clause's start (or the end of the formula before) to the "=": the
        # text is searched once, left to right, never backtracking over a long run of figures.
        start = max(previous_end, match.start() - _LONGEST_FORMULA)
        head = text[start:match.start()]
        clause = _CLAUSE_START.search(head)
        expression = head[clause.start() + 1:] if clause else head
        if (clause is None and start > previous_end) or not _OPERATION.search(expression):
            continue  # no clause start within reach (running text), or no operation: no formula
        previous_end = match.end()
        unit = _SCALE_ONLY.get(match.group("unit"), match.group("unit"))
        stated = float(match.group("result"))
        found.append(TextFormula(expression, stated, unit, evaluate(expression, unit or None)))
    return found


def evaluate(expression: str, result_unit: str | None) -> float | None:
    """The value of ``expression`` in ``result_unit`` (None: a plain number), or None when it cannot be computed."""
    tokens = _tokens(expression)
    if tokens is None:
        return None
    reader = _Reader(tokens)
    try:
        quantity = reader.sum()
    except (ValueError, TypeError, ArithmeticError, _CannotCompute):
        return None
    if quantity is None or reader.position != len(tokens):
        return None
    try:
        if result_unit:
            return float(quantity.to(_unit_of(result_unit)).magnitude)
        return float(quantity.to("").magnitude)
    except Exception:  # pint raises DimensionalityError and others for a unit that does not fit
        return None


def rounds_to(computed: float, stated: float) -> bool:
    """Arelle's rule: the exact result, rounded to the decimals the stated figure shows, equals it."""
    places = decimals(stated)
    quantum = Decimal(1).scaleb(-places)
    return Decimal(repr(computed)).quantize(quantum, ROUND_HALF_UP) == Decimal(repr(stated)).quantize(quantum)


def decimals(figure: float | str) -> int:
    """How many decimals a figure shows, trailing zeros dropped: 54.7 → 1, 11.900 → 1, 54 → 0."""
    text = str(figure).strip().rstrip("%")
    if "e" in text.lower():
        text = f"{float(text):.10f}"
    if "." not in text:
        return 0
    return len(text.split(".", 1)[1].rstrip("0"))


class _CannotCompute(Exception):
    pass


def _unit_of(unit: str):
    quantity = to_quantity(1.0, canonical_unit(unit))
    if quantity is None:
        raise _CannotCompute(unit)
    return quantity.units


def _tokens(expression: str) -> list[tuple[str, object]] | None:
    tokens: list[tuple[str, object]] = []
    position = 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            return None
        if match.group("op"):
            tokens.append(("op", match.group("op")))
        elif match.group("open"):
            tokens.append(("open", None))
        elif match.group("close"):
            tokens.append(("close", None))
        else:
            unit = canonical_unit(match.group("unit")) if match.group("unit") else None
            per = _PER_LABEL.search(match.group("label"))
            if per and unit:
                unit = f"{unit}/{per.group(1)}"  # 每月9500元 is 9500 元/月
            quantity = to_quantity(float(match.group("number")), unit)
            if quantity is None:
                return None
            tokens.append(("figure", quantity))
        position = match.end()
    return tokens


class _Reader:
    """sum := product (('+'|'-') product)*; product := factor (('*'|'/') factor)*; factor := figure | '(' sum ')'."""

    def __init__(self, tokens: list[tuple[str, object]]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> tuple[str, object] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def sum(self):
        value = self.product()
        while (token := self._peek()) is not None and token in (("op", "+"), ("op", "-")):
            self.position += 1
            right = self.product()
            value = value + right if token[1] == "+" else value - right
        return value

    def product(self):
        value = self.factor()
        while (token := self._peek()) and token[0] == "op" and token[1] in ("*", "×", "/", "÷"):
            self.position += 1
            right = self.factor()
            value = value * right if token[1] in ("*", "×") else value / right
        return value

    def factor(self):
        token = self._peek()
        if token is None:
            raise _CannotCompute("expression ends early")
        self.position += 1
        if token[0] == "figure":
            return token[1]
        if token[0] == "open":
            value = self.sum()
            if self._peek() != ("close", None):
                raise _CannotCompute("unclosed bracket")
            self.position += 1
            return value
        raise _CannotCompute(f"unexpected {token}")
