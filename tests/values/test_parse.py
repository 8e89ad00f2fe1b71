"""Tests for the 指标值 parser: every seed value, the tricky forms, and properties."""

from __future__ import annotations

import collections
import math
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from jxlint.values.grades import vocabulary
from jxlint.values.model import KINDS, Value
from jxlint.values.normalise import canonical_unit, normalise
from jxlint.values.numerals import chinese_to_int
from jxlint.values.parse import parse_value, unit_words

SEED_FILE = Path(__file__).with_name("seed_values.yaml")
SEEDS = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED_CASES = [
    pytest.param(seed["plan_year"], text, expected, id=f"{name.split('-')[0]}:{text[:20]}")
    for name, seed in SEEDS["seeds"].items()
    for text, expected in seed["values"].items()
]
VALUE_ADAPTER = TypeAdapter(Value)


def assert_matches(value, expected: dict, plan_year: int) -> None:
    """Assert that a parsed value has what the expectation names (see seed_values.yaml)."""
    kind = expected.get("kind", "quantity")
    assert value.kind == kind, f"{value.text!r}: {value!r}"
    if kind == "quantity":
        assert value.comparator == expected.get("comparator")
        assert math.isclose(value.number, expected["number"], rel_tol=1e-12)
        assert value.unit == expected.get("unit")
        for field in ("subject", "tail", "qualifier", "scale"):
            if field in expected:
                assert getattr(value, field) == expected[field], field
    elif kind == "date":
        assert value.bound == expected["bound"]
        assert value.interval(plan_year) == tuple(expected["interval"])
    elif kind == "grade":
        assert (value.grade, value.group) == (expected["grade"], expected["group"])
    elif kind == "formula":
        assert value.expression == expected["expression"]
        assert value.comparator == expected["comparator"]
        assert value.times_percent == expected["times_percent"]
        assert_matches(value.target, expected["target"], plan_year)
    elif kind == "list":
        assert len(value.items) == len(expected["items"])
        for item, expected_item in zip(value.items, expected["items"]):
            assert_matches(item, expected_item, plan_year)
    elif kind == "text":
        assert len(value.embedded) == len(expected.get("embedded", []))
        for quantity, expected_quantity in zip(value.embedded, expected.get("embedded", [])):
            assert_matches(quantity, expected_quantity, plan_year)


# ---------------------------------------------------------------- seed tables


@pytest.mark.parametrize(("plan_year", "text", "expected"), SEED_CASES)
def test_seed_value(plan_year, text, expected):
    assert_matches(parse_value(text), expected, plan_year)


def test_seed_values_occur_in_their_tables():
    for name, seed in SEEDS["seeds"].items():
        table = (EXAMPLES / name).read_text(encoding="utf-8")
        missing = [text for text in seed["values"] if text not in table]
        assert not missing, f"{name}: {missing}"


def test_seed_counts_per_kind(capsys):
    counts = collections.Counter(
        parse_value(text).kind for seed in SEEDS["seeds"].values() for text in seed["values"]
    )
    with capsys.disabled():
        print("\nseed values per kind:", dict(counts.most_common()), "total", sum(counts.values()))
    assert dict(counts) == SEEDS["counts"]


# ---------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit", "extra"),
    [
        ("1个", None, 1, "个", {}),
        ("100%", None, 100, "%", {}),
        ("200余件", ">", 200, "件", {"qualifier": "余"}),
        ("10多个", ">", 10, "个", {"qualifier": "多"}),
        ("10场以上", ">=", 10, "场", {"qualifier": "以上"}),
        ("≥10场以上", ">=", 10, "场", {"qualifier": "以上"}),
        ("5人以内", "<=", 5, "人", {"qualifier": "以内"}),
        ("5%以下", "<=", 5, "%", {"qualifier": "以下"}),
        ("约50人", "~", 50, "人", {}),
        ("50人左右", "~", 50, "人", {"qualifier": "左右"}),
        ("550万", None, 5_500_000, None, {"scale": "万"}),
        ("591.764万", None, 5_917_640, None, {"scale": "万"}),
        ("3千件", None, 3000, "件", {"scale": "千"}),
        ("25.66万元", None, 25.66, "万元", {"scale": None}),
        ("≥30亿元", ">=", 30, "亿元", {}),
        ("1,000元", None, 1000, "元", {}),
        ("≥12,345.5元", ">=", 12345.5, "元", {}),
        ("百分之九十五", None, 95, "%", {}),
        ("两场", None, 2, "场", {}),
        ("不少于三场", ">=", 3, "场", {}),
        ("≥2000m ²", ">=", 2000, "m²", {}),
        ("≥2000㎡", ">=", 2000, "m²", {}),
        ("2000m2", None, 2000, "m²", {}),
        ("≤25元/m²/月", "<=", 25, "元/m²/月", {}),
        ("20元/m2/月", None, 20, "元/m²/月", {}),
        ("≤40元/平方米", "<=", 40, "元/平方米", {}),
        ("≤25.66万元/年/人", "<=", 25.66, "万元/年/人", {}),
        ("＞１５家", ">", 15, "家", {}),
        ("≧90％", ">=", 90, "%", {}),
        ("＝100%", "=", 100, "%", {}),
        (">=5个", ">=", 5, "个", {}),
        ("<=5个", "<=", 5, "个", {}),
        ("≥ 5 个", ">=", 5, "个", {}),
        ("不超过5万元", "<=", 5, "万元", {}),
        ("高于90%", ">", 90, "%", {}),
        ("低于5%", "<", 5, "%", {}),
        ("累计达到80家", ">=", 80, "家", {}),
        ("≥18℃", ">=", 18, "℃", {}),
        ("≥10个工作日", ">=", 10, "个工作日", {}),
        ("≥5人次", ">=", 5, "人次", {}),
        ("≥2025年", ">=", 2025, "年", {}),
        ("≥6月", ">=", 6, "月", {}),
    ],
)
def test_quantity(text, comparator, number, unit, extra):
    value = parse_value(text)
    assert value.kind == "quantity", value
    assert (value.comparator, value.unit) == (comparator, unit)
    assert math.isclose(value.number, number, rel_tol=1e-12)
    for field, expected in extra.items():
        assert getattr(value, field) == expected, field
    assert value.text == text


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("80%-90%", 80, 90, "%"),
        ("3至5个", 3, 5, "个"),
        ("3-5万元", 3, 5, "万元"),
        ("3万~5万", 30_000, 50_000, None),
        ("100%-80%", 80, 100, "%"),
    ],
)
def test_range(text, low, high, unit):
    value = parse_value(text)
    assert value.kind == "range", value
    assert (value.low, value.high, value.unit) == (low, high, unit)


def test_range_with_two_units_is_text():
    assert parse_value("3个-5项").kind == "text"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "bound", "first", "last"),
    [
        ("2025年12月底前", "by", None, date(2025, 12, 31)),
        ("2025年12月31日前", "by", None, date(2025, 12, 31)),
        ("2025年6月前", "by", None, date(2025, 5, 31)),
        ("2026年1月前", "by", None, date(2025, 12, 31)),
        ("2025年12月前完成", "by", None, date(2025, 11, 30)),
        ("2025年12月底之前", "by", None, date(2025, 12, 31)),
        ("2025年前", "by", None, date(2024, 12, 31)),
        ("2025年底前", "by", None, date(2025, 12, 31)),
        ("年底前完成", "by", None, date(2030, 12, 31)),
        ("2025年内完成", "by", None, date(2025, 12, 31)),
        ("截至2025年6月30日", "by", None, date(2025, 6, 30)),
        ("12月底前完成", "by", None, date(2030, 12, 31)),
        ("十二月底前", "by", None, date(2030, 12, 31)),
        ("2025年1月—12月", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年1月-12月", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年1月–12月", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年1月~12月", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年3月至6月", "during", date(2025, 3, 1), date(2025, 6, 30)),
        ("2025年3月到2026年2月", "during", date(2025, 3, 1), date(2026, 2, 28)),
        ("2025年全年", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年度", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025年", "during", date(2025, 1, 1), date(2025, 12, 31)),
        ("2024", "during", date(2024, 1, 1), date(2024, 12, 31)),
        ("全年", "during", date(2030, 1, 1), date(2030, 12, 31)),
        ("上半年", "during", date(2030, 1, 1), date(2030, 6, 30)),
        ("2025年下半年", "during", date(2025, 7, 1), date(2025, 12, 31)),
        ("第三季度", "during", date(2030, 7, 1), date(2030, 9, 30)),
        ("12月份完成", "during", date(2030, 12, 1), date(2030, 12, 31)),
        ("2025年12月31日", "during", date(2025, 12, 31), date(2025, 12, 31)),
    ],
)
def test_date(text, bound, first, last):
    value = parse_value(text)
    assert value.kind == "date", value
    assert value.bound == bound
    assert value.interval(2030) == (first, last)


def test_date_without_year_keeps_year_none():
    value = parse_value("12月底前完成")
    assert value.end.year is None and value.years == set()


@pytest.mark.parametrize("text", ["2025年2月30日前", "2025年2月29日", "1月前", "2025年11月-2月"])
def test_impossible_date_is_not_a_date(text):
    assert parse_value(text).kind != "date"


# ---------------------------------------------------------------- formulas, lists


def test_formula():
    value = parse_value("年末所有者权益/年初所有者权益*100%≥1")
    assert value.kind == "formula"
    assert value.expression == "年末所有者权益/年初所有者权益*100%"
    assert value.comparator == ">="
    assert (value.target.number, value.target.unit, value.target.comparator) == (1, None, None)
    assert value.times_percent


def test_formula_with_chinese_operators():
    value = parse_value("实际到岗人数÷应到岗人数×100%≥80%")
    assert value.kind == "formula"
    assert value.expression == "实际到岗人数÷应到岗人数×100%"
    assert (value.target.number, value.target.unit) == (80, "%")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("70万、95万、35万", ["quantity"] * 3),
        ("不少于5项，不少于8家；不少于100件", ["quantity"] * 3),
        ("100%, 100%", ["quantity"] * 2),
        ("12月底前完成、12月底前完成", ["date"] * 2),
        ("80%-90%、≥5个", ["range", "quantity"]),
    ],
)
def test_list(text, kinds):
    value = parse_value(text)
    assert value.kind == "list", value
    assert [item.kind for item in value.items] == kinds


def test_list_with_an_unparsed_item_is_no_list():
    # Not a ListValue; the comparison in it is still found as in any text.
    assert parse_value("合理、规范").kind == "text"
    value = parse_value("不少于5项、若干")
    assert (value.kind, value.number, value.tail) == ("quantity", 5, "若干")


# ---------------------------------------------------------------- placeholders, empty, grades


@pytest.mark.parametrize("text", ["≥**%", "**个", "XX个", "≥xx家", "××", "≥X%", "待定", "—", "-", "——", "≥＊%"])
def test_placeholder(text):
    assert parse_value(text).kind == "placeholder"


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n", "\u3000"])
def test_empty(text):
    value = parse_value(text)
    assert value.kind == "empty" and value.text == (text or "")


@pytest.mark.parametrize(
    ("text", "grade", "group"),
    [
        ("合理", "合理", "positive"),
        ("及时", "及时", "timeliness"),
        ("明显提升", "明显提升", "improvement"),
        ("效果显著", "效果显著", "improvement"),
        ("服务效果显著", "效果显著", "improvement"),
        ("持续有效", "有效", "positive"),
        ("结果一致", "结果一致", "consistency"),
        ("有所提升", "有所提升", "vague"),
        ("进一步提升", "进一步", "vague"),
    ],
)
def test_grade(text, grade, group):
    value = parse_value(text)
    assert value.kind == "grade", value
    assert (value.grade, value.group) == (grade, group)


@pytest.mark.parametrize("text", ["提升发明专利授权量", "规范企业知识产权管理", "合理5个"])
def test_not_a_grade(text):
    assert parse_value(text).kind != "grade"


def test_every_vocabulary_word_is_its_own_grade():
    for word, group in vocabulary().items():
        value = parse_value(word)
        assert (value.kind, value.grade, value.group) == ("grade", word, group), word


# ---------------------------------------------------------------- comparisons inside text


@pytest.mark.parametrize(
    ("text", "subject", "comparator", "number", "unit", "tail"),
    [
        ("举办知识产权主题论坛或研讨会活动≥4场", "举办知识产权主题论坛或研讨会活动", ">=", 4, "场", None),
        ("发布人才资源调研报告1份", "发布人才资源调研报告", None, 1, "份", None),
        ("≥2项安全巡检报告", None, ">=", 2, "项", "安全巡检报告"),
        ("专利资助奖励共完成6747件。", "专利资助奖励共完成", None, 6747, "件", None),
        ("2020年，全区发明专利授权量为11473件。", "全区发明专利授权量为", None, 11473, "件", None),
        ("按时办结率达100%", "按时办结率", ">=", 100, "%", None),
    ],
)
def test_embedded_quantity(text, subject, comparator, number, unit, tail):
    value = parse_value(text)
    assert value.kind == "quantity", value
    assert (value.subject, value.comparator, value.number, value.unit, value.tail) == (
        subject,
        comparator,
        number,
        unit,
        tail,
    )
    assert value.text == text


def test_several_embedded_quantities_make_text():
    value = parse_value("在不少于15家纸媒、媒体平台、公众号、网站等发布不少于30篇的活动宣传报道")
    assert value.kind == "text"
    assert [(q.comparator, q.number, q.unit) for q in value.embedded] == [(">=", 15, "家"), (">=", 30, "篇")]
    value = parse_value("2期，每期培训人数≥30人")
    assert [(q.subject, q.comparator, q.number, q.unit) for q in value.embedded] == [
        (None, None, 2, "期"),
        ("每期培训人数", ">=", 30, "人"),
    ]


def test_numbers_without_unit_or_comparator_are_not_embedded():
    assert parse_value("举办2022粤港澳大湾区知识产权交易博览会").embedded == []


# ---------------------------------------------------------------- normalisation, units, numerals


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("m ²", "m²"), ("m2", "m²"), ("㎡", "m²"), ("元/m2/月", "元/m²/月"), ("ｋＷｈ", "kWh"), ("°C", "℃"), ("平方米", "平方米")],
)
def test_canonical_unit(written, canonical):
    assert canonical_unit(written) == canonical


def test_normalise():
    assert normalise(" ≧ ５０ ％。") == "≥50%"
    assert normalise("15家，30篇") == "15家，30篇"
    assert normalise("k W h") == "k W h"
    assert normalise("。，≥5个；\n") == "≥5个"


@given(st.text(alphabet="≥５０％ ≧ 万元m²㎡\n\t\u3000\xa0 ，,；;、。abcAB°C", max_size=20) | st.text(max_size=20))
def test_normalise_is_its_definition(text):
    """normalise's shortcuts (a search before the space removal, str.strip) give what the rules say."""
    import re

    from jxlint.values.normalise import _TRANSLATION

    defined = text.translate(_TRANSLATION).replace("°C", "℃")
    defined = re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", defined)
    defined = re.sub(r"^[，,；;、。]+|[，,；;、。]+$", "", defined)
    assert normalise(text) == defined


def test_every_unit_word_parses_as_its_canonical_unit():
    for word in unit_words():
        value = parse_value(f"≥5{word}")
        assert (value.kind, value.unit) == ("quantity", canonical_unit(word)), word


def test_unit_words_are_longest_first():
    words = unit_words()
    assert len(words) == len(set(words))
    for index, word in enumerate(words):
        longer = [later for later in words[index + 1 :] if later.startswith(word)]
        assert not longer, f"{longer} must come before {word}"


@pytest.mark.parametrize(
    ("numeral", "number"),
    [("三", 3), ("十", 10), ("十二", 12), ("两百", 200), ("九十五", 95), ("一百零五", 105), ("一千五百", 1500),
     ("二〇二五", 2025), ("三千万", 30_000_000), ("一亿三千万", 130_000_000)],
)
def test_chinese_numerals(numeral, number):
    assert chinese_to_int(numeral) == number


# ---------------------------------------------------------------- parser life cycle


def _run(code: str, **environment: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_parser_is_built_lazily_and_cached_outside_the_repository(tmp_path):
    code = (
        "import jxlint.values.parse as p; print(p._parser.cache_info().currsize);"
        "print(p.parse_value('2025年12月前').kind)"  # a date: plain figures never reach the parser
    )
    assert _run(code, XDG_CACHE_HOME=str(tmp_path)).split() == ["0", "date"]
    assert list((tmp_path / "jxlint").iterdir())
    # A cache folder that cannot be created is no error.
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert _run("import jxlint.values.parse as p; print(p.parse_value('2025年12月前').kind)", XDG_CACHE_HOME=str(blocked)) == "date"


# ---------------------------------------------------------------- properties

COMPARATORS = {
    "≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<", "＞": ">", "＜": "<", "≧": ">=", "≦": "<=",
    "＝": "=", ">=": ">=", "<=": "<=", "不少于": ">=", "不低于": ">=", "至少": ">=", "不超过": "<=",
    "不高于": "<=", "不大于": "<=", "不多于": "<=", "大于": ">", "小于": "<", "高于": ">", "低于": "<",
    "超过": ">", "达到": ">=", "累计达到": ">=", "约": "~", "": None,
}
SUFFIXES = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "左右": "~", "": None}
SCALES = {"": 1, "千": 1000, "万": 10_000, "亿": 100_000_000}
# A number alone before these is a date (2025年, 12月, 3季度), tested above.
DATE_UNITS = {"年", "月", "季度"}


@st.composite
def written_quantities(draw):
    """A comparison as a table would write it, with what it should parse to."""
    prefix = draw(st.sampled_from(sorted(COMPARATORS)))
    whole = draw(st.integers(min_value=0, max_value=10**7))
    decimals = draw(st.sampled_from(["", ".5", ".25", ".125"]))
    digits = f"{whole:,}" if draw(st.booleans()) else str(whole)
    scale = draw(st.sampled_from(sorted(SCALES)))
    unit = draw(st.sampled_from(unit_words()))
    suffix = draw(st.sampled_from(sorted(SUFFIXES)))
    # A scale followed by a unit that starts a longer word reads as that word:
    # 千 + 米 is the unit 千米, 千 + 万元 the scale 千万 and the unit 元.
    assume(not scale or not any((scale + unit).startswith(word) for word in (*unit_words(), "千万", "百万")))
    assume(prefix or suffix or unit not in DATE_UNITS)
    number = float(Decimal(f"{whole}{decimals}") * SCALES[scale])
    comparator = COMPARATORS[prefix] or SUFFIXES[suffix]
    return f"{prefix}{digits}{decimals}{scale}{unit}{suffix}", comparator, number, canonical_unit(unit)


@settings(max_examples=200, deadline=None)
@given(written_quantities())
def test_written_quantities_round_trip(case):
    text, comparator, number, unit = case
    value = parse_value(text)
    assert value.kind == "quantity", value
    assert value.comparator == comparator
    assert math.isclose(value.number, number, rel_tol=1e-9)
    assert value.unit == unit


VALUE_CHARACTERS = (
    "0123456789.,%‰/*×÷+-—~ ≥≤=<>＞＜年月日号底末前内完成时间份全半上下第季度万亿千百十元个场次件"
    "、，；。余多以及左右约不少于超过达到累计百分之一二两三四五六七八九零〇XxＸ＊待定截至合理提升明显有效"
    "m²㎡MkWhG"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), st.text(), st.text(alphabet=VALUE_CHARACTERS, max_size=30)))
def test_any_text_gives_a_valid_value(text):
    value = parse_value(text)
    assert value.kind in KINDS
    assert value.text == (text or "")
    assert VALUE_ADAPTER.validate_python(value.model_dump()) == value


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["", "≥", "≤", "=", ">", "<"]),
    st.one_of(st.integers(0, 10**9).map(str), st.decimals(0, 10**6, places=3).map(str)),
    st.one_of(st.just(""), st.sampled_from(unit_words())),
)
@example("", "2025", "年")
@example("", "12", "月")
@example("≥", "2024", "年")
@example("", "31", "日")
def test_the_shortcut_for_plain_figures_agrees_with_the_grammar(sign, number, unit):
    """_simple_quantity is an optimisation: wherever it answers, the grammar answers the same."""
    from jxlint.values.normalise import normalise
    from jxlint.values.parse import _parser, _simple_quantity

    text = normalise(sign + number + unit)
    quick = _simple_quantity(text)
    if quick is None:
        return
    full = _parser().parse(text, start="value")
    assert quick.model_dump() == full.model_copy(update={"text": text}).model_dump()
    # parse_value tries the shortcut before placeholders and grade words: a plain figure is neither.
    written = sign + number + unit
    assert parse_value(written).model_dump() == full.model_copy(update={"text": written}).model_dump()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=VALUE_CHARACTERS + "开展服务企业专利培训率数量满意度", min_size=1, max_size=20))
@example("一站式服务")
@example("年末所有者权益/年初所有者权益*100%≥1")
@example("上半年")
def test_cells_the_start_test_turns_away_fail_the_grammar(text):
    """value_starts() is an optimisation: a normalised cell it does not match, the grammar rejects."""
    from lark.exceptions import LarkError

    from jxlint.values.parse import _parser, value_starts

    cell = normalise(text)
    assume(cell and value_starts().match(cell) is None)
    with pytest.raises(LarkError):
        _parser().parse(cell, start="value")


def test_the_start_test_changes_no_seed_value(monkeypatch):
    """Every seed cell parses the same with the start test as with the grammar tried on every cell."""
    import re

    from jxlint.values import parse

    cells = [text for _, text, _ in (case.values for case in SEED_CASES)]
    with_test = [parse._parse_cached.__wrapped__(text) for text in cells]
    monkeypatch.setattr(parse, "value_starts", lambda: re.compile(""))
    assert [parse._parse_cached.__wrapped__(text) for text in cells] == with_test


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VALUE_CHARACTERS + "标成率开展", max_size=24))
@example("系统性能达标率达到95%")
@example("不低于十个，达到百分之九十")
def test_comparators_before_no_number_are_not_tried(text):
    """_candidates() skips a comparator that no number follows (达标): the comparisons found are the same."""
    import re

    from jxlint.values import parse

    cell = normalise(text)
    found = parse._find_embedded(cell)
    every_comparator = re.compile("|".join(
        [*(parse._parser().get_terminal(name).pattern.to_regexp() for name in parse._PREFIX_COMPARATORS), r"(?<![\d.,])\d"]))
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(parse, "_candidates", lambda: every_comparator)
        assert parse._find_embedded(cell) == found
