"""Parse an 指标值 cell into a typed value (:mod:`jxlint.values.model`).

The structured forms (quantities, ranges, dates, formulas, lists) are the
LALR grammar ``grammar/indicator_value.lark``; grades come from
``grammar/grades.yaml``. A cell that is none of these is searched for
comparisons inside its text ("举办…活动≥4场").
"""

from __future__ import annotations

import calendar
import functools
import re
from decimal import Decimal
from typing import NamedTuple, cast

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from jxlint.resources import cache_dir, data_dir
from jxlint.values.grades import find_grade, vocabulary
from jxlint.values.model import (
    VALUE_CLASSES,
    Comparator,
    DateValue,
    Empty,
    Formula,
    Grade,
    ListValue,
    PartialDate,
    Placeholder,
    Quantity,
    Range,
    Text,
    Value,
)
from jxlint.values.normalise import canonical_unit, normalise
from jxlint.values.numerals import chinese_to_int

# The comparator each comparator or qualifier terminal of the grammar stands for.
_COMPARATOR_OF: dict[str, Comparator] = {
    "AT_LEAST": ">=",
    "AT_MOST": "<=",
    "MORE_THAN": ">",
    "LESS_THAN": "<",
    "EQUAL": "=",
    "ABOUT": "~",
    "OR_MORE": ">=",
    "OR_LESS": "<=",
    "ROUGHLY": "~",
    "MORE": ">",
}
# The comparators written before a number, which can start a comparison inside text.
_PREFIX_COMPARATORS = ("AT_LEAST", "AT_MOST", "MORE_THAN", "LESS_THAN", "EQUAL")
_SCALE_FACTORS = {"千": 1000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000}
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Any year: 2000 is a leap year, so 2月29日 passes when the year is unknown.
_LEAP_YEAR = 2000

# What a failed parse raises: Lark's errors; _Reject, pydantic's ValidationError
# and int() of an absurdly long numeral (ValueErrors); Decimal's signals.
_PARSE_ERRORS = (LarkError, ValueError, ArithmeticError)

_PLACEHOLDER = re.compile(r"\*\*|××|(?i:xx|x%)|待定")
_DASHES_ONLY = re.compile(r"[-—–―]+")
# Characters that end a clause: a subject starts after the last one, a tail stops at the first.
_CLAUSE_BREAK = re.compile(r"[，,；;。：:！!？?]")
#: Longer than this, a cell is prose, not an 指标值: it is Text, and the grammar never sees it.
_LONGEST_VALUE = 500
#: A figure of 16 digits or more (thousands separators allowed): no count, rate or amount of money is
#: that large (10¹⁵ 元 is a thousand times China's budget), and floats lose it. Such a cell is Text.
_UNREAL_FIGURE = re.compile(r"\d(?:[,，]?\d){15,}")


class _Reject(ValueError):
    """Raised while building a value the grammar accepted but that makes no sense (2月30日)."""


# What the inner grammar rules reduce to; each carries the text it covers.
class _Amount(NamedTuple):
    number: float
    scale: str | None
    text: str


class _Unit(NamedTuple):
    unit: str
    text: str


class _Measure(NamedTuple):
    number: float
    unit: str | None
    scale: str | None
    more: Token | None
    text: str


class _Span(NamedTuple):
    start: PartialDate
    end: PartialDate
    names_day: bool
    text: str


def _joined(children: list) -> str:
    """The text a node covers: its tokens and sub-results in order."""
    return "".join(child if isinstance(child, str) else child.text for child in children)


def _tokens(children: list) -> dict[str, Token]:
    """The tokens among ``children`` by terminal name."""
    return {child.type: child for child in children if isinstance(child, Token)}


def _number(digits: Token) -> Decimal:
    """The value of a NUMBER (1,000.5) or CHINESE_NUMBER (九十五) token."""
    if digits.type == "NUMBER":
        return Decimal(digits.replace(",", ""))
    return Decimal(chinese_to_int(digits))


def _quantity(prefix: Token | None, measure: _Measure, suffix: Token | None, text: str) -> Quantity:
    """A Quantity; an explicit comparator wins over a suffix word (≥10场以上 is ≥)."""
    marks = [token for token in (prefix, suffix, measure.more) if token is not None]
    qualifier = suffix if suffix is not None else measure.more
    return Quantity(
        text=text,
        comparator=_COMPARATOR_OF[marks[0].type] if marks else None,
        number=measure.number,
        unit=measure.unit,
        scale=measure.scale,
        qualifier=None if qualifier is None else str(qualifier),
    )


def _year(tokens: dict[str, Token]) -> int | None:
    """The year of a YEAR token (2025年度 → 2025), None when there is none."""
    return int(tokens["YEAR"][:4]) if "YEAR" in tokens else None


def _months(children: list, first: int, last: int) -> _Span:
    """The span from month ``first`` to month ``last`` of the year the children name."""
    year = _year(_tokens(children))
    return _Span(PartialDate(year=year, month=first), PartialDate(year=year, month=last), False, _joined(children))


def _checked_day(year: int | None, month: int, day: int) -> int:
    """``day`` when that month has it, else _Reject."""
    if day > calendar.monthrange(year or _LEAP_YEAR, month)[1]:
        raise _Reject(f"no day {day} in month {month}")
    return day


def _month_before(start: PartialDate) -> PartialDate:
    """The month ending just before ``start``: 6月前 is by the end of May."""
    if start.month > 1:
        return PartialDate(year=start.year, month=start.month - 1)
    if start.year is None:
        raise _Reject("before January of an unknown year")
    return PartialDate(year=start.year - 1, month=12)


class _ValueBuilder(Transformer):
    """Builds the value models while the LALR parser reduces (an inline transformer)."""

    # ---------------------------------------------------------------- quantities
    def amount(self, children: list) -> _Amount:
        digits, scale = children[0], children[1] if len(children) > 1 else None
        number = _number(digits)
        if scale is not None:
            # Decimal keeps 591.764万 exactly 5917640.
            number *= _SCALE_FACTORS[scale]
        return _Amount(float(number), str(scale) if scale else None, _joined(children))

    def unit(self, children: list) -> _Unit:
        text = _joined(children)
        return _Unit(canonical_unit(text), text)

    def measure(self, children: list) -> _Measure:
        amount = children[0]
        unit = next((child for child in children if isinstance(child, _Unit)), None)
        more = _tokens(children).get("MORE")
        return _Measure(amount.number, unit and unit.unit, amount.scale, more, _joined(children))

    def percent_words(self, children: list) -> _Measure:
        return _Measure(float(_number(children[1])), "%", None, None, _joined(children))

    def quantity(self, children: list) -> Quantity:
        prefix = children[0] if isinstance(children[0], Token) else None
        suffix = children[-1] if isinstance(children[-1], Token) else None
        measure = next(child for child in children if isinstance(child, _Measure))
        return _quantity(prefix, measure, suffix, _joined(children))

    def range_value(self, children: list) -> Range:
        separator = next(i for i, child in enumerate(children) if isinstance(child, Token))
        (low, *low_unit), (high, *high_unit) = children[:separator], children[separator + 1 :]
        if low_unit and high_unit and low_unit[0].unit != high_unit[0].unit:
            raise _Reject("a range with two different units")
        unit = (high_unit or low_unit or [None])[0]
        # Some tables write the high end first (100%-80%).
        return Range(
            text=_joined(children),
            low=min(low.number, high.number),
            high=max(low.number, high.number),
            unit=unit and unit.unit,
        )

    def list_value(self, children: list) -> ListValue:
        items: list[Value] = [child for child in children if isinstance(child, VALUE_CLASSES)]
        return ListValue(text=_joined(children), items=items)

    # ---------------------------------------------------------------- dates
    def year(self, children: list) -> _Span:
        return _months(children, 1, 12)

    def whole_year(self, children: list) -> _Span:
        return _months(children, 1, 12)

    def half_year(self, children: list) -> _Span:
        first = 1 if children[-1].startswith("上") else 7
        return _months(children, first, first + 5)

    def quarter(self, children: list) -> _Span:
        last = 3 * _QUARTER_NUMBERS[children[-1].removeprefix("第")[0]]
        return _months(children, last - 2, last)

    def month_day(self, children: list) -> _Span:
        tokens = _tokens(children)
        year = _year(tokens)
        month_text = tokens["MONTH"].removesuffix("份").removesuffix("月")
        month = int(month_text) if month_text.isdigit() else chinese_to_int(month_text)
        day = _checked_day(year, month, int(tokens["DAY"][:-1])) if "DAY" in tokens else None
        point = PartialDate(year=year, month=month, day=day)
        return _Span(point, point, day is not None, _joined(children))

    def single_date(self, children: list) -> DateValue:
        tokens = _tokens(children)
        span = next(child for child in children if isinstance(child, _Span))
        text = _joined(children)
        if tokens.keys() & {"DEADLINE_PREFIX", "END_MARK", "WITHIN"}:
            return DateValue(text=text, bound="by", end=span.end)
        if "BEFORE" in tokens:
            end = span.end if span.names_day else _month_before(span.start)
            return DateValue(text=text, bound="by", end=end)
        return DateValue(text=text, bound="during", start=span.start, end=span.end)

    def date_range(self, children: list) -> DateValue:
        first, last = (child for child in children if isinstance(child, _Span))
        # 2025年1月—12月: the second end takes the year of the first.
        end = last.end if last.end.year is not None else last.end.model_copy(update={"year": first.start.year})
        if (end.year or 0, end.month, end.day or 31) < (first.start.year or 0, first.start.month, first.start.day or 1):
            raise _Reject("a period that ends before it starts")
        return DateValue(text=_joined(children), bound="during", start=first.start, end=end)

    # ---------------------------------------------------------------- formulas
    def formula(self, children: list) -> Formula:
        at = next(i for i, child in enumerate(children) if isinstance(child, Token) and child.type in _COMPARATOR_OF)
        measure = children[at + 1]
        return Formula(
            text=_joined(children),
            expression=_joined(children[:at]),
            comparator=_COMPARATOR_OF[children[at].type],
            target=_quantity(None, measure, None, measure.text),
            times_percent=any(child.type == "TIMES_PERCENT" for child in children[:at]),
        )

    # ---------------------------------------------------------------- embedded
    def embedded(self, children: list) -> tuple[Value, int | None]:
        """The value found and where the text after it starts (None: at the end)."""
        tail = children[1] if len(children) > 1 else None
        return children[0], tail.start_pos if tail is not None else None


def _cache_file() -> str | bool:
    """Where Lark may cache the built parser: a user cache folder, never the repository."""
    folder = cache_dir()
    return str(folder / "indicator_value.lark.cache") if folder is not None else False


def _grammar() -> str:
    """The text of ``grammar/indicator_value.lark``."""
    return (data_dir("grammar") / "indicator_value.lark").read_text(encoding="utf-8")


def unit_words() -> tuple[str, ...]:
    """The unit words of the grammar's UNIT terminal, as written (each must be defined in units.txt)."""
    block = re.search(r"^UNIT:(.*?)^\s*$", _grammar(), re.MULTILINE | re.DOTALL)
    return tuple(re.findall(r'"([^"]+)"', block.group(1))) if block else ()


@functools.cache
def _parser() -> Lark:
    """The one parser, built on first use (or loaded from the user cache)."""
    return Lark(
        _grammar(),
        parser="lalr",
        lexer="contextual",
        start=["value", "embedded"],
        transformer=_ValueBuilder(),
        cache=_cache_file(),
    )


@functools.cache
def _candidates() -> re.Pattern[str]:
    """Where a comparison may start inside text: a comparator before a number, or the first digit of a number.

    约 (ABOUT) is left out: inside text it is mostly part of a word (签约, 节约).
    What may follow a comparator is read from the parser (the terminals it
    accepts next), so that a word such as 达标 is not tried as 达 + a number.
    """
    parser = _parser()
    starts = [
        f"(?:{parser.get_terminal(name).pattern.to_regexp()})(?={_accepted('embedded', after=name)})"
        for name in _PREFIX_COMPARATORS
    ]
    return re.compile("|".join([*starts, r"(?<![\d.,])\d"]))


@functools.cache
def value_starts() -> re.Pattern[str]:
    """What a structured value can start with: the terminals the grammar accepts first.

    Read from the parser's own start state, so it follows the grammar. The
    lexer tries only these terminals at the start of a cell, so a cell none of
    them matches there is certain to fail the parse.
    """
    return re.compile(_accepted("value"))


def _accepted(start: str, after: str | None = None) -> str:
    """The terminals the parser accepts at ``start`` (after a token of type ``after``), as one regex."""
    parser = _parser()
    state = parser.parse_interactive("", start=start)
    if after is not None:
        state.feed_token(Token(after, ""))
    names = {terminal.name for terminal in parser.terminals}
    return "|".join(parser.get_terminal(name).pattern.to_regexp() for name in sorted(state.accepts()) if name in names)


def _parse_structured(text: str) -> Value | None:
    """The whole normalised cell as a placeholder, grade or grammar value; None when it is none."""
    if _PLACEHOLDER.search(text) or _DASHES_ONLY.fullmatch(text):
        return Placeholder(text=text)
    # An exact grade word is the cheapest test; a phrase ending in one is tried
    # only after the grammar, so that a vocabulary word cannot swallow a date (年底前完成).
    if text in vocabulary():
        return Grade(text=text, grade=text, group=vocabulary()[text])
    try:
        # Most cells that get here are words; the parser's failure is slow, so it
        # is spared the cells that no value can start like.
        value = _parse_whole(text) if value_starts().match(text) else None
    except _PARSE_ERRORS:
        value = None
    if value is None:
        grade = find_grade(text)
        return Grade(text=text, grade=grade[0], group=grade[1]) if grade else None
    if isinstance(value, Quantity) and _is_bare_year(value):
        year = int(value.number)
        return DateValue(text=text, bound="during", start=PartialDate(year=year, month=1), end=PartialDate(year=year, month=12))
    return value


_DATE_WORDS = frozenset({"年", "月", "日", "号", "年度", "月份"})
_SYMBOLS: dict[str, Comparator] = {"≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<"}


@functools.cache
def _simple_pattern() -> re.Pattern[str]:
    units = "|".join(re.escape(w) for w in unit_words())
    return re.compile(rf"(?P<sign>[≥≤=><])?(?P<number>(?:0|[1-9]\d*)(?:\.\d+)?)(?P<unit>{units})?")


def _simple_quantity(text: str, written: str | None = None) -> Quantity | None:
    """The commonest cells (≥5个, ≤2.5万元, 100%) without the parser: a sign, a plain number, a unit word.

    Most figures in a corpus are unique, so memoising does not spare the parser
    for them; this shortcut gives exactly what the grammar gives (a test compares
    the two), and anything less plain goes to the grammar. ``written`` is the
    cell as written (``text`` is its normalised form), kept as the value's text.
    """
    match = _simple_pattern().fullmatch(text)
    if match is None or (match.group("unit") is None and match.group("sign") is None):
        return None  # a bare number may be a year: the grammar decides
    if match.group("unit") in _DATE_WORDS:
        return None  # 2025年, 12月 are dates
    sign, unit = match.group("sign"), match.group("unit")
    return Quantity(
        text=text if written is None else written,
        comparator=_SYMBOLS[sign] if sign else None,
        number=float(Decimal(match.group("number"))),
        unit=canonical_unit(unit) if unit else None,
    )


def _is_bare_year(value: Quantity) -> bool:
    """A number alone that can only be a year: 2024 in a 完成时间 cell."""
    return (
        value.comparator is None
        and value.unit is None
        and value.scale is None
        and value.number.is_integer()
        and 1990 <= value.number <= 2100
    )


# lark types parse() as returning a Tree, which it does only for a parser built without a transformer:
# ours returns what _ValueBuilder makes of the start rule.
def _parse_whole(text: str) -> Value:
    """The value that is the whole of ``text`` (raises lark's errors when there is none)."""
    return cast("Value", _parser().parse(text, start="value"))


def _parse_embedded(text: str) -> tuple[Value, int | None]:
    """The value at the start of ``text`` and where the text after it starts (None: at the end)."""
    return cast("tuple[Value, int | None]", _parser().parse(text, start="embedded"))


def _parse_prefix(text: str) -> tuple[Value, int] | None:
    """The value at the start of ``text`` and where it ends; None when there is none."""
    try:
        value, tail_start = _parse_embedded(text)
        return value, len(text) if tail_start is None else tail_start
    except UnexpectedInput as error:
        stop = error.pos_in_stream
    except _PARSE_ERRORS:
        return None
    # LALR merges states, so the lexer may take what follows the value for a
    # separator (the ， in "2期，每期…") instead of TAIL. The value then ends there.
    if stop is None or stop <= 0:
        return None
    try:
        value, _ = _parse_embedded(text[:stop])
    except _PARSE_ERRORS:
        return None
    return value, stop


def _find_embedded(text: str) -> list[tuple[int, int, Value]]:
    """Every comparison or date inside ``text``, as (start, end, value), left to right."""
    found = []
    position = 0
    while (candidate := _candidates().search(text, position)) is not None:
        start = candidate.start()
        parsed = _parse_prefix(text[start:])
        if parsed is None:
            position = start + 1
            continue
        value, length = parsed
        found.append((start, start + length, value))
        position = start + length
    return found


def _split_between(segment: str, is_last: bool) -> tuple[str | None, str | None]:
    """The text between two comparisons as (tail of the one before, subject of the one after).

    The tail runs to the first clause break, the subject starts after the last
    one. Without a break the words belong to the comparison after them
    (在不少于15家纸媒、…等发布不少于30篇), unless there is none.
    """
    clauses = _CLAUSE_BREAK.split(segment)
    if len(clauses) == 1 and not is_last:
        return None, segment.strip("、") or None
    return clauses[0].strip("、") or None, clauses[-1].strip("、") or None


def _embedded_quantities(text: str) -> list[Quantity]:
    """The quantities inside running text, each with the words around it as subject and tail.

    Dates found along the way only bound the subjects (2020年，全区…为11473件);
    a bare number with neither unit nor comparator (a code, a year) is dropped.
    """
    found = _find_embedded(text)
    if not found:
        return []
    bounds = [0, *(position for start, end, _ in found for position in (start, end)), len(text)]
    # segments[i] lies before found[i]; the last one follows the last value.
    segments = [_split_between(text[bounds[2 * i] : bounds[2 * i + 1]], i == len(found)) for i in range(len(found) + 1)]
    quantities = []
    for index, (_, _, value) in enumerate(found):
        if isinstance(value, Quantity) and (value.unit or value.comparator):
            subject, tail = segments[index][1], segments[index + 1][0]
            quantities.append(value.model_copy(update={"subject": subject, "tail": tail}))
    return quantities


def parse_value(text: str | None) -> Value:
    """The typed value of an 指标值 cell; never raises (an unreadable cell is Text).

    Values are immutable, and tables repeat them (≥90%, 2025年12月底前完成), so
    parses are memoised.
    """
    if text is None:
        return Empty(text="")
    return _parse_cached(text)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Value:
    if not text.strip():
        return Empty(text=text or "")
    if len(text) > _LONGEST_VALUE:
        return Text(text=text)
    if "＊" in text:
        return Placeholder(text=text)
    normalised = normalise(text)
    if _UNREAL_FIGURE.search(normalised):
        return Text(text=text)  # a figure too large to be real (VALUE016 says so), never an infinite number
    # The commonest cells first: a plain figure cannot be a placeholder or a grade word.
    simple = _simple_quantity(normalised, text) if normalised else None
    if simple is not None:
        return simple
    value = _parse_structured(normalised) if normalised else None
    if value is not None:
        return value.model_copy(update={"text": text})
    quantities = _embedded_quantities(normalised)
    if len(quantities) == 1:
        return quantities[0].model_copy(update={"text": text})
    return Text(text=text, embedded=quantities)
