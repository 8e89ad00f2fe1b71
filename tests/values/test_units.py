"""Units: every unit word upstream emits resolves, converts and is classed as rules expect."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxlint.values.units import convert, dimension_of, parse_unit, registry, to_quantity, to_yuan, unit_known

#: Every unit word the value parser emits, with the class rules will see.
EXPECTED_CLASS = {
    "万元": "currency",
    "元": "currency",
    "亿元": "currency",
    "千元": "currency",
    "万元/年/人": "currency_rate",
    "元/m²/月": "currency_rate",
    "元/平方米": "currency_rate",
    "元/度": "currency_rate",
    "平方米": "area",
    "m²": "area",
    "㎡": "area",
    "亩": "area",
    "公顷": "area",
    "度": "energy",
    "kWh": "energy",
    "千瓦时": "energy",
    "℃": "temperature",
    "%": "percent",
    "天": "time",
    "日": "time",
    "月": "time",
    "季度": "time",
    "年": "time",
    "小时": "time",
    "兆": "bandwidth",
    "M": "bandwidth",
    "Mbps": "bandwidth",
    "米": "length",
    "公里": "length",
    "m": "length",
    "km": "length",
    "吨": "mass",
    "人次/天": "count_rate",
    "次/人": "count_rate",
}

#: Measure words: all of them are counts.
COUNT_WORDS = (
    ["个", "场", "次", "家", "份", "件", "人", "条", "套", "项", "台", "篇", "期", "人次", "户", "所", "批", "本", "册", "部", "款", "场次", "辆", "间", "张", "株"]
)

MONEY_UNITS = ("元", "千元", "万元", "亿元")


def amount(number: float, unit: str) -> object:
    """A quantity that must exist (the unit is known)."""
    quantity = to_quantity(number, unit)
    assert quantity is not None, unit
    return quantity


@pytest.mark.parametrize(("unit", "expected"), sorted(EXPECTED_CLASS.items()))
def test_unit_word_parses_with_expected_class(unit: str, expected: str) -> None:
    assert unit_known(unit)
    assert parse_unit(unit) is not None
    assert dimension_of(unit) == expected


@pytest.mark.parametrize("word", COUNT_WORDS)
def test_measure_word_is_a_count(word: str) -> None:
    assert unit_known(word)
    assert dimension_of(word) == "count"


def test_no_unit_is_dimensionless() -> None:
    assert dimension_of(None) == "dimensionless"
    assert to_quantity(3, None).dimensionless
    assert to_yuan(3, None) is None


@pytest.mark.parametrize(
    "text",
    # kms: pint's plural rule; 1元, 元/1, dimensionless: pint would drop the part.
    ["百分比", "foo", "万元/栋栋", "kms", "元/2", "1元", "元/1", "dimensionless", "元/(年", "℉", "万元/"],
)
def test_unknown_unit_is_none_never_an_error(text: str) -> None:
    assert parse_unit(text) is None
    assert not unit_known(text)
    assert dimension_of(text) == "unknown"
    assert to_quantity(1, text) is None
    assert to_yuan(1, text) is None


def test_du_is_a_temperature_only_under_a_temperature_name() -> None:
    assert dimension_of("度", "室内温度") == "temperature"
    assert dimension_of("度", "夏季水温") == "temperature"
    assert dimension_of("度", "年耗电量") == "energy"
    assert dimension_of("度") == "energy"
    assert dimension_of("元/度", "室内温度") == "currency_rate"


def test_money_scales() -> None:
    assert to_yuan(1, "万元") == 10000
    assert to_yuan(1, "亿元") == 1e8
    assert to_yuan(1, "千元") == 1000
    assert to_yuan(3, "元/年") is None
    assert to_yuan(3, "%") is None


def test_rate_per_person_per_year() -> None:
    total = amount(25.66, "万元/年/人") * amount(5, "人") * amount(1, "年")
    assert total.to("元").magnitude == pytest.approx(1283000)


def test_rent_per_square_metre_per_month() -> None:
    total = amount(2000, "m²") * amount(25, "元/m²/月") * amount(6, "月")
    assert total.to("元").magnitude == pytest.approx(300000)
    total = amount(40, "元/平方米") * amount(3632.16, "平方米")
    assert total.to("元").magnitude == pytest.approx(145286.4)


def test_quarters_and_months_make_a_year_exactly() -> None:
    assert amount(96800, "元/季度").to("元/年").magnitude == 387200
    assert (amount(96800, "元/季度") * amount(4, "季度")).to("元").magnitude == 387200
    assert amount(1, "年").to("季度").magnitude == 4
    assert amount(1, "年").to("月").magnitude == 12


def test_price_per_kwh() -> None:
    assert (amount(1, "元/度") * amount(130000, "度")).to("元").magnitude == pytest.approx(130000)
    assert amount(1, "度").to("kWh").magnitude == 1


def test_other_conversions() -> None:
    assert amount(1, "公顷").to("亩").magnitude == pytest.approx(15)
    assert amount(1, "㎡").to("平方米").magnitude == 1
    assert amount(1, "km").to("米").magnitude == 1000
    assert amount(1, "兆").to("Mbps").magnitude == 1
    assert amount(50, "%").to("dimensionless").magnitude == pytest.approx(0.5)
    assert amount(25, "℃").to("开尔文").magnitude == pytest.approx(298.15)


def test_registry_is_built_once_from_jxlint_file_only() -> None:
    assert registry() is registry()
    assert not unit_known("meter")  # pint's default_en.txt is not loaded


amounts = st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(amounts, st.sampled_from(MONEY_UNITS), st.sampled_from(MONEY_UNITS))
def test_money_round_trips(number: float, first: str, second: str) -> None:
    back = amount(number, first).to(second).to(first).magnitude
    assert math.isclose(back, number, rel_tol=1e-9)


@given(amounts)
def test_to_yuan_of_wan(number: float) -> None:
    assert math.isclose(to_yuan(number, "万元"), number * 10000, rel_tol=1e-12)


@given(st.sampled_from(COUNT_WORDS), st.sampled_from(COUNT_WORDS), amounts)
def test_count_words_are_interchangeable(per: str, times: str, number: float) -> None:
    assert dimension_of(f"元/{per}") == "currency_rate"
    total = amount(number, f"元/{per}") * amount(2, times)
    assert dimension_of(f"{times}/{per}") in {"count_rate", "dimensionless"}
    assert math.isclose(total.to("元").magnitude, number * 2, rel_tol=1e-12)


CONVERTIBLE = [u for u, klass in EXPECTED_CLASS.items() if klass in ("currency", "area", "length", "time", "mass")]


@given(amounts, st.sampled_from(CONVERTIBLE), st.sampled_from(CONVERTIBLE))
def test_convert_agrees_with_pint_and_refuses_other_classes(number: float, first: str, second: str) -> None:
    converted = convert(number, first, second)
    if dimension_of(first) != dimension_of(second):
        assert converted is None
    else:
        assert math.isclose(converted, amount(number, first).to(parse_unit(second)).magnitude, rel_tol=1e-9)


def test_counts_and_temperatures_do_not_convert() -> None:
    assert convert(3, "个", "套") is None
    assert convert(20, "℃", "开尔文") is None
    assert convert(2000, "米", "公里") == pytest.approx(2)


#: Pieces of unit text, glued at random to reach pint's parser in odd ways.
unit_pieces = st.sampled_from(
    ["元", "万元", "人", "年", "度", "m", "%", "℃", "㎡", "/", "*", "·", "**", "^", "2", "²", "(", ")", " ", "°", "‰"]
)


@given(st.text(max_size=12) | st.lists(unit_pieces, max_size=8).map("".join))
def test_any_text_is_a_unit_or_none(text: str) -> None:
    unit = parse_unit(text)
    assert (unit is None) == (dimension_of(text) == "unknown")


def test_every_unit_word_of_the_grammar_is_defined_in_units_txt():
    """The grammar lexes unit words, units.txt gives them meaning: the two lists must agree."""
    from jxlint.values.normalise import canonical_unit
    from jxlint.values.parse import unit_words

    undefined = [word for word in unit_words() if not unit_known(canonical_unit(word))]
    assert undefined == [], f"add these to grammar/units.txt: {undefined}"


def test_unit_facts_cache_spares_pint_and_gives_the_same_answers(tmp_path):
    """A second run reads unit classes and 元 factors from the user cache without importing pint."""
    import subprocess
    import sys

    code = (
        "import sys; from jxlint.values.units import dimension_of, to_yuan; "
        "print(dimension_of('万元/年/人'), dimension_of('平方米'), to_yuan(25.66, '万元'), 'pint' in sys.modules)"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert first[:3] == second[:3] == ["currency_rate", "area", "256600.0"]
    assert first[3] == "True" and second[3] == "False"
    (next(tmp_path.glob("jxlint/units-*.json"))).write_text("{not json", encoding="utf-8")
    damaged = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert damaged[:3] == first[:3]
