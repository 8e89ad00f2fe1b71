"""Units of indicator values, resolved with pint.

The registry is built from ``grammar/units.txt`` alone (see the header of that
file for its syntax and for how count words and 度 behave). pint's default
registry is never loaded, and pint itself is imported only when a unit is first
resolved: the import alone costs about 140 ms.

What the rules ask most (the class of a unit, 元 per unit of money) is kept
in a small JSON cache per version of units.txt, so that most runs never
import pint. pint's own disk cache is not used. On this small file it cuts the build from about
15 ms to 5 ms, next to about 140 ms for importing pint, and pint writes its
pickles in place: a run killed mid-write would leave a broken cache behind.

Rules mostly need :func:`dimension_of` (one readable class per unit) and
:func:`to_yuan`; :func:`to_quantity` gives the pint quantity for arithmetic.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from jxlint.resources import cache_dir, data_dir

if TYPE_CHECKING:
    import pint

#: Indicator-name words under which a bare 度 is a temperature, not a kWh.
TEMPERATURE_WORDS = ("温度", "气温", "水温")

#: Symbols that are not Python identifiers, so pint's tokenizer cannot read
#: them; they are rewritten to the unit name the definitions file gives them.
_SYMBOL_NAMES = {"℃": "摄氏度", "㎡": "平方米"}

#: An exponent as pint reads it (元**2, 米^-1); superscripts (m²) are not \d.
_EXPONENT = re.compile(r"(\*\*|\^)\s*-?\d+(\.\d+)?")

#: Classes of simple units, keyed by the dimension named in units.txt.
_CLASS_BY_DIMENSION = {
    "[currency]": "currency",
    "[area]": "area",
    "[length]": "length",
    "[energy]": "energy",
    "[temperature]": "temperature",
    "[time]": "time",
    "[bandwidth]": "bandwidth",
    "[mass]": "mass",
    "[count]": "count",
}


def _rewrite_symbols(text: str) -> str:
    """Replace non-identifier symbols by their unit names, spaced like pint's own "%" rewrite."""
    for symbol, name in _SYMBOL_NAMES.items():
        text = text.replace(symbol, f" {name} ")
    return text


@functools.cache
def registry() -> pint.UnitRegistry:
    """The jxlint unit registry, built from ``grammar/units.txt`` on first use."""
    import pint

    units: pint.UnitRegistry = pint.UnitRegistry(None, preprocessors=[_rewrite_symbols])
    # pint reads a trailing "s" as an English plural ("kms" → km) and offers no
    # public switch for it; an unknown word must stay unknown.
    units._suffixes = {"": ""}
    units.load_definitions(data_dir("grammar") / "units.txt")
    return units


@functools.lru_cache(maxsize=1024)
def parse_unit(text: str) -> pint.Unit | None:
    """The pint unit for ``text`` ("万元/年/人"), or None when any part of it is unknown."""
    if _drops_silently(text):
        return None
    units = registry()
    try:
        return units.parse_units(text)
    # pint's parser fails in many ways on text it cannot read: UndefinedUnitError,
    # DefinitionSyntaxError, ValueError for a number ("元/2"), AssertionError or
    # tokenize.TokenError for odd characters. Each means "not a unit we know".
    except Exception:
        return None


def _drops_silently(text: str) -> bool:
    """Whether ``text`` holds a part pint would accept and then ignore.

    pint reads a figure as a factor and keeps a unit whose factor is 1 ("1元",
    "元/1" → 元), and reads the word "dimensionless" as nothing at all.
    """
    without_exponents = _EXPONENT.sub("", text)
    return "dimensionless" in without_exponents or re.search(r"\d", without_exponents) is not None


def unit_known(text: str) -> bool:
    """Whether every part of the unit ``text`` is defined."""
    return parse_unit(text) is not None


def to_quantity(number: float, unit: str | None) -> pint.Quantity | None:
    """``number`` in ``unit`` as a pint quantity; dimensionless when unit is None, None when unknown."""
    if unit is None:
        return registry().Quantity(number)
    parsed = parse_unit(unit)
    if parsed is None:
        return None
    return registry().Quantity(number, parsed)


def dimension_of(unit: str | None, context_name: str | None = None) -> str:
    """The class of ``unit`` that rules select on: "currency", "currency_rate", "percent", …

    One of currency, currency_rate, percent, area, length, energy, temperature,
    time, bandwidth, mass, count, count_rate, ratio (倍), dimensionless (no unit), unknown
    (some part undefined) or other. A bare 度 is energy (kWh) unless
    ``context_name``, the indicator name, mentions 温度, 气温 or 水温: then it
    is a temperature.
    """
    if unit is None:
        return "dimensionless"
    if unit == "度" and context_name and any(word in context_name for word in TEMPERATURE_WORDS):
        return "temperature"
    return _classify(unit)


#: Classes whose units convert into one another by a factor (万元 → 元, 公里 → 米, 亩 → 平方米).
_CONVERTIBLE = frozenset({"currency", "area", "length", "energy", "time", "bandwidth", "mass"})


def _classify(unit: str) -> str:
    """The class of a unit text, ignoring the 度-as-temperature reading (from the facts cache when known)."""
    facts = _facts()
    if unit not in facts:
        klass = _classify_with_pint(unit)
        # The factor to the class's base unit (元 for money): 万元 → 10000, 公里 → 1000.
        one = to_quantity(1.0, unit) if klass in _CONVERTIBLE else None
        factor = float(one.to_base_units().magnitude) if one is not None else None
        facts.record(unit, klass, factor)
    return facts[unit][0]


def convert(number: float, unit: str, to_unit: str) -> float | None:
    """``number`` ``unit`` in ``to_unit`` (2000 米 → 2 公里), or None when the units do not convert.

    Units convert within one class of :func:`dimension_of` that has a base unit
    (money, area, length, energy, time, bandwidth, mass); count words (个, 人)
    and temperatures do not. Known units are converted from the facts cache, without pint.
    """
    klass = _classify(unit)
    if klass not in _CONVERTIBLE or _classify(to_unit) != klass:
        return None
    facts = _facts()
    return number * facts[unit][1] / facts[to_unit][1]


def _classify_with_pint(unit: str) -> str:
    parsed = parse_unit(unit)
    if parsed is None:
        return "unknown"
    simple_class = _simple_class(parsed.dimensionality)
    if simple_class:
        return simple_class
    # Compound units are classed by the words as written, not by base
    # dimensions: 元/度 reduces to [currency]·[time]²/([mass]·[length]²), and
    # count words share one dimension, so 次/人 reduces to a pure number.
    written = dict(registry().parse_units_as_container(unit))
    if len(written) == 1 and next(iter(written.values())) == 1:
        only = next(iter(written))
        if only in _PERCENT_UNITS:
            return "percent"
        if only in _RATIO_UNITS:
            return "ratio"
    if not written:
        return "dimensionless"
    # pint types an exponent as any scalar, complex too; a unit's exponents are real numbers.
    numerators = [name for name, exponent in written.items() if exponent.real > 0]
    if len(numerators) == 1 and written[numerators[0]] == 1:
        numerator_class = _simple_class(registry().get_dimensionality(numerators[0]))
        if numerator_class in ("currency", "count"):
            return f"{numerator_class}_rate"
    return "other"


#: Units that are shares of a whole (rules expect a rate in one of them).
_PERCENT_UNITS = frozenset({"percent", "permille", "个百分点"})
#: Units that are plain multiples.
_RATIO_UNITS = frozenset({"倍"})


def _simple_class(dimensions: pint.util.UnitsContainer) -> str | None:
    """The class of a dimensionality named in units.txt ([currency] → "currency"), else None."""
    units = registry()
    for dimension, name in _CLASS_BY_DIMENSION.items():
        if dimensions == units.get_dimensionality(dimension):
            return name
    return None


def to_yuan(number: float, unit: str | None) -> float | None:
    """``number`` in 元 when ``unit`` is a currency (元, 千元, 万元, 亿元), else None."""
    if unit is None or _classify(unit) != "currency":
        return None
    return number * _facts()[unit][1]


class _UnitFacts(dict):
    """Unit text → (class, base units per unit, 元 for money): learnt through pint once, then kept in the user cache.

    Classifying a unit needs the pint registry (about 70 ms to import and
    build); the answers depend only on units.txt, so they are saved in a JSON
    file named after a hash of it and read back by later runs in well under a
    millisecond. A run that learns new units rewrites the file atomically.
    """

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path
        self.dirty = False
        if path is not None and path.is_file():
            with contextlib.suppress(OSError, ValueError, TypeError):  # a damaged cache is rebuilt as units are met
                self.update({k: tuple(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()})

    def record(self, unit: str, klass: str, factor: float | None) -> None:
        """Remember one unit's facts, to be saved at exit."""
        self[unit] = (klass, factor)
        if not self.dirty and self.path is not None:
            atexit.register(self.save)
        self.dirty = True

    def save(self) -> None:
        """Write the facts next to their final name, then move them into place."""
        if not self.dirty or self.path is None:
            return
        try:
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False) as out:
                json.dump(self, out, ensure_ascii=False)
            os.replace(out.name, self.path)
            self.dirty = False
        except OSError:
            pass  # no cache this time; the next run learns again


@functools.cache
def _facts() -> _UnitFacts:
    definitions = (data_dir("grammar") / "units.txt").read_bytes()
    folder = cache_dir()
    # The "2" is the format: (class, factor to the class's base unit); format 1 kept factors for money only.
    name = f"units-2-{hashlib.sha1(definitions).hexdigest()[:16]}.json"
    return _UnitFacts(folder / name if folder is not None else None)
