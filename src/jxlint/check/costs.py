"""What the cost indicators of a table add up to: each cost × the quantity or period it applies to.

A cost indicator is one of three kinds, by the cue in its name, description or unit:

* **per period** — 每月 ×12, 每季度 ×4, 每年 ×1 (per year of the plan), or a
  time unit in the value (万元/年/人 → ×1 year);
* **per unit** — 每场, 每家, 每平方米, 每度, 单个账号, 培育1个…, or a count or
  measure in the value's unit (元/平方米, 万元/年/人 → × 人): multiplied by the
  数量指标 with the same unit and the closest name (synonym groups widen names:
  采暖 ~ 供热); 平均成本 with no unit is matched on the name alone;
* **total** — anything else, counted once.

A per-unit cost whose quantity cannot be found is kept apart as unmatched.
Words and periods come from the rule's params, so a bureau can extend them.

The matching takes time in proportion to the table's length, not its square
(issue 13): the 数量 rows are indexed once per table by unit and measure
(:class:`_Quantities`), and within one unit by the characters and character
pairs of their names (:class:`_Pool`), so a cost row is scored only against
the rows its name shares something with, each distinct name once, those
sharing its rarest characters and pairs first, until no row left can score
as high. On a table where more than :data:`MAX_COMPARED` rows must be scored
for one cost row (no real table comes near it), only that many are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jxlint.check.messages import plain
from jxlint.check.registry import TABLE_MEMO
from jxlint.model.table import Indicator, Table
from jxlint.values.model import Quantity, quantities
from jxlint.values.normalise import canonical_unit
from jxlint.values.parse import unit_words
from jxlint.values.units import dimension_of, to_yuan

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Factor:
    """One multiplier of a cost: how many, and why (``每月 ×12``, ``× 耗电量 130000度``)."""

    times: float
    why: str
    quantity: Indicator | None = None


@dataclass
class CostTerm:
    """A cost indicator's amount in 元 and what it is multiplied by."""

    indicator: Indicator
    value: Quantity
    amount_yuan: float
    factors: list[Factor] = field(default_factory=list)
    unmatched: str | None = None

    @property
    def total_yuan(self) -> float:
        """The amount times every factor."""
        total = self.amount_yuan
        for factor in self.factors:
            total *= factor.times
        return total

    def formula(self) -> str:
        """The term as a person checks it: ``9500×12``."""
        return "×".join([plain(self.amount_yuan, 4), *(plain(f.times, 4) for f in self.factors)])

    def as_data(self) -> dict[str, Any]:
        """The term for a finding's ``data``."""
        return {
            "indicator": self.indicator.label,
            "value": self.value.text,
            "amount_yuan": self.amount_yuan,
            "factors": [{"times": f.times, "why": f.why} for f in self.factors],
            "total_yuan": self.total_yuan,
        }


def cost_terms(table: Table, params: Mapping[str, Any]) -> list[CostTerm]:
    """Every money-valued cost indicator of ``table`` as a term with its factors.

    Worked out once for the rules of a table that share their params (BUDGET001, BUDGET002).
    """
    shared = TABLE_MEMO.get("costs.terms")
    if shared is not None and shared[0] is table and shared[1] == params:
        return shared[2]
    terms = _cost_terms(table, params)
    TABLE_MEMO["costs.terms"] = (table, dict(params), terms)
    return terms


def _cost_terms(table: Table, params: Mapping[str, Any]) -> list[CostTerm]:
    counted = _Quantities(
        [i for i in table.indicators if i.family == "数量" and isinstance(i.target, Quantity)], params)
    years = _plan_years(table)
    terms = []
    for indicator in table.indicators:
        if indicator.cost_kind is None:  # a cost in either layout (88号 产出/成本, 101号 成本/…)
            continue
        for value in quantities(indicator.target):
            unit = value.unit
            if unit is None or dimension_of(unit) not in ("currency", "currency_rate"):
                continue
            money, *per = unit.split("/")
            amount = to_yuan(value.number, money)
            if amount is None:
                continue
            term = CostTerm(indicator, value, amount)
            _add_factors(term, per, counted, years, params)
            terms.append(term)
    return terms


def _add_factors(
    term: CostTerm, per_units: list[str], counted: _Quantities, years: int, params: Mapping[str, Any]
) -> None:
    periods: Mapping[str, float] = params.get("periods", {})
    text = term.indicator.name + " " + term.indicator.description
    cues = per_units or _cue_units(text, params)
    for unit in cues:
        if unit in periods and not counted.in_unit(unit).members:
            term.factors.append(Factor(periods[unit] * years, f"每{unit} ×{plain(periods[unit] * years, 4)}"))
            continue
        own = _quantity_in_name(term.indicator.name, unit)
        if own is not None:
            # The cost row names its own quantity: 饲料库120平米 | 490元/平米.
            term.factors.append(Factor(own[0], f"× {own[1]}"))
            continue
        match = _best_quantity(term.indicator, counted.in_unit(unit), params)
        if match is None:
            term.unmatched = unit
            continue
        term.factors.append(Factor(_figure(match).number, f"× {match.label} {match.target.text}", match))
    if not cues and re.search(params.get("average_cue", "平均"), term.indicator.name):
        match = _best_quantity(term.indicator, counted.every(), params, need_overlap=True)
        if match is None:
            term.unmatched = "平均"
        else:
            term.factors.append(Factor(_figure(match).number, f"× {match.label} {match.target.text}", match))


def _figure(row: Indicator) -> Quantity:
    """The target of a counted 数量 row, which is a Quantity (:class:`_Quantities` holds no other row)."""
    assert isinstance(row.target, Quantity)
    return row.target


def _quantity_in_name(name: str, unit: str) -> tuple[float, str] | None:
    """A figure with ``unit`` (or a unit of its kind and size) written in a cost row's name, as
    (number, the figure as written): "围墙300米" for 元/米."""
    for match in _FIGURE_IN_NAME.finditer(name):
        word = match.group(2)
        if canonical_unit(word) == canonical_unit(unit) or {canonical_unit(word), canonical_unit(unit)} == {"平米", "平方米"}:
            return float(match.group(1)), match.group(0)
    return None


_FIGURE_IN_NAME = re.compile(r"(?<!\d)(\d++(?:\.\d+)?)\s*(平方米|平米|立方米|公里|千米|米|亩|个|座|栋|间|台|套|人|户|株|棵|头|只|吨|公斤)")


def _cue_units(text: str, params: Mapping[str, Any]) -> list[str]:
    """Units named by a per-unit cue: 每月 → 月, 单个账号 → 个, 培育1个… → 个."""
    match = _cue_pattern(params.get("per_unit_cue", "每|单个|单位"), params.get("one_cue", "[1一]")).search(text)
    if not match:
        return []
    unit = match.group("unit") or match.group("one_unit")
    return [unit]


@cache
def _cue_pattern(per_unit_cue: str, one_cue: str) -> re.Pattern[str]:
    units = "|".join(re.escape(w) for w in sorted({*unit_words(), "季度", "半年"}, key=len, reverse=True) if _CJK.search(w))
    return re.compile(
        # "培育1个…" names one unit; "第1项" is an ordinal, not a unit cost.
        rf"(?:{per_unit_cue})(?:一)?(?P<unit>{units})|(?<![\d.第]){one_cue}(?P<one_unit>{units})"
    )


#: Most quantity rows (of distinct names) scored for one cost row; see :meth:`_Pool.best`.
MAX_COMPARED = 200
#: Pools of at most this many rows are scored row by row, without an index.
_FEW = 32

#: Measures whose quantities are matched on the unit's word only (a count in 人 is no count in 场).
_WORD_ONLY = ("count", "unknown", "dimensionless", "percent")


@dataclass(frozen=True)
class _Features:
    """What a name is compared by: its character pairs and its characters that count (Chinese, not ignored)."""

    pairs: frozenset[str]
    chars: frozenset[str]

    @classmethod
    def of(cls, words: str, ignore: frozenset[str]) -> _Features:
        """The features of ``words``: a pair counts when it holds a Chinese character and not only ignored ones."""
        pairs = {words[i:i + 2] for i in range(len(words) - 1)}
        return cls(
            frozenset(p for p in pairs if _CJK.search(p) and not set(p) <= ignore),
            frozenset(c for c in set(words) if _CJK.match(c) and c not in ignore),
        )

    def tokens(self) -> frozenset[str]:
        """Pairs and characters together (a pair has two characters, a character one: they never collide)."""
        return self.pairs | self.chars


def _similarity(cost: _Features, quantity: _Features) -> tuple[int, int]:
    """(shared character pairs, shared characters) of a cost name (widened with its synonyms) and a quantity name."""
    return len(cost.pairs & quantity.pairs), len(cost.chars & quantity.chars)


def _cost_features(cost_name: str, params: Mapping[str, Any], ignore: frozenset[str]) -> _Features:
    """The features of a cost row's name, widened with every synonym group it uses a word of (采暖 → 供热 …)."""
    words = cost_name
    for group in params.get("synonyms", []):
        if any(w in cost_name for w in group):
            words += "|" + "|".join(group)
    return _Features.of(words, ignore)


class _Pool:
    """Quantity rows one cost row may be matched with (one unit's, one measure's, or all), in table order.

    The best match is the row whose name scores highest by :func:`_similarity`, the first of equal
    scores. Rows whose names have the same features score alike against every cost row, so only
    the first of them is kept (a *group*), and each group is filed under its pairs and characters
    (its *lists*): a cost row is scored against the groups it shares a pair or a character with,
    since the others score (0, 0), which never matches. Built in one pass over the rows.
    """

    def __init__(
        self, members: list[Indicator], ignore: frozenset[str], features_of: Callable[[Indicator], _Features]
    ) -> None:
        self.members = members
        self.ignore = ignore
        self._features_of = features_of
        #: (position in ``members``, the row, its features) for the first row of each feature set.
        self.groups: list[tuple[int, Indicator, _Features]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._indexed = False

    def _index(self) -> None:
        """File the groups under their tokens, on the first search that needs it (a one-row pool never does)."""
        seen: set[_Features] = set()
        for position, quantity in enumerate(self.members):
            features = self._features_of(quantity)
            if features in seen:
                continue
            seen.add(features)
            for token in features.tokens():
                self.postings[token].append(len(self.groups))
            self.groups.append((position, quantity, features))
        self._indexed = True

    def best(self, cost: _Features, limit: int) -> tuple[tuple[int, int], int, Indicator] | None:
        """(score, position, row) of the best-scoring group among those sharing something with ``cost``.

        The groups are read list by list, the lists of the cost's rarest pairs and characters first,
        each group scored once. After each list, a group not yet read shares at most the pairs and
        characters whose lists are left: once the best score is above that, no such group can equal
        it and the search stops, with the answer comparing every row gives. At ``limit`` groups scored
        the search stops too (a table with hundreds of rows sharing words with one cost row): a group
        sharing only common characters with the cost may then be passed over.
        """
        if len(self.members) <= min(_FEW, limit):
            # A handful of rows (every real table): scoring them all costs less than any index.
            every = [(_similarity(cost, self._features_of(q)), p, q) for p, q in enumerate(self.members)]
            best_few = max(every, key=lambda s: (s[0], -s[1]))
            return best_few if best_few[0] > (0, 0) else None
        if not self._indexed:
            self._index()
        tokens = sorted((len(self.postings[t]), t) for t in cost.tokens() if t in self.postings)
        pairs_left = sum(1 for _, token in tokens if len(token) == 2)
        chars_left = len(tokens) - pairs_left
        best: tuple[tuple[int, int], int, Indicator] | None = None
        scored: set[int] = set()
        for _, token in tokens:
            for group in self.postings[token]:
                if group in scored:
                    continue
                scored.add(group)
                position, quantity, features = self.groups[group]
                score = _similarity(cost, features)
                if best is None or (score, -position) > (best[0], -best[1]):
                    best = (score, position, quantity)
                if len(scored) >= limit:
                    return best
            if len(token) == 2:
                pairs_left -= 1
            else:
                chars_left -= 1
            if best is not None and best[0] > (pairs_left, chars_left):
                return best
        return best


class _Quantities:
    """A table's 数量 rows with a figure, indexed once for matching its cost rows.

    ``in_unit(unit)`` answers what comparing every row's unit did: the rows counted in the same
    unit word, else (for a measure such as area or length) in any unit of the same measure.
    """

    def __init__(self, counted: list[Indicator], params: Mapping[str, Any]) -> None:
        self.counted = counted
        self.ignore = frozenset(params.get("ignore_chars", "每平均单位个成本费用的"))
        self.by_unit: dict[str | None, list[Indicator]] = defaultdict(list)
        for quantity in counted:
            self.by_unit[_figure(quantity).unit].append(quantity)
        self._by_dimension: dict[str, list[Indicator]] | None = None
        self._pools: dict[tuple[str, str], _Pool] = {}
        self._features: dict[int, _Features] = {}

    def in_unit(self, unit: str) -> _Pool:
        """The rows counted in ``unit``: the same word, or the same measure (平方米 ~ m²)."""
        if unit in self.by_unit:
            return self._pool("unit", unit, self.by_unit[unit])
        dimension = dimension_of(unit)
        if dimension in _WORD_ONLY:
            return self._pool("none", "", [])
        if self._by_dimension is None:
            self._by_dimension = defaultdict(list)
            for quantity in self.counted:
                self._by_dimension[dimension_of(_figure(quantity).unit, quantity.name)].append(quantity)
        return self._pool("dimension", dimension, self._by_dimension.get(dimension, []))

    def every(self) -> _Pool:
        """All the rows, whatever their unit (平均成本 with no unit is matched on the name alone)."""
        return self._pool("all", "", self.counted)

    def _pool(self, kind: str, key: str, members: list[Indicator]) -> _Pool:
        pool = self._pools.get((kind, key))
        if pool is None:
            pool = self._pools[(kind, key)] = _Pool(members, self.ignore, self._features_of)
        return pool

    def _features_of(self, quantity: Indicator) -> _Features:
        """A row's name features, worked out once though the row may sit in several pools."""
        features = self._features.get(id(quantity))
        if features is None:
            features = self._features[id(quantity)] = _Features.of(quantity.name, self.ignore)
        return features


def _best_quantity(
    cost: Indicator, pool: _Pool, params: Mapping[str, Any], need_overlap: bool = False
) -> Indicator | None:
    """The row of ``pool`` whose name is closest to the cost row's (the first of equal scores), if it
    shares anything with it; the only row of the pool when there is one and no overlap is needed."""
    if not pool.members:
        return None
    if len(pool.members) == 1 and not need_overlap:
        return pool.members[0]
    best = pool.best(_cost_features(cost.name, params, pool.ignore), MAX_COMPARED)
    return best[2] if best is not None and best[0] > (0, 0) else None


def _plan_years(table: Table) -> int:
    """How many years the plan spans: from 开始时间/完成时间 when both are years, else one."""
    start = re.search(r"(?:19|20)\d{2}", table.start or "")
    end = re.search(r"(?:19|20)\d{2}", table.end or "")
    if start and end and int(end.group()) >= int(start.group()):
        return int(end.group()) - int(start.group()) + 1
    return 1
