"""The wording checks: TEXT002's search reports only real repeats, finds every planted one, and answers as the
plain regular-expression search does (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.api import lint_table
from jxlint.check.functions.text import _joinable, first_repeated_phrase
from jxlint.model.build import build_tables
from jxlint.read import read_path

PUNCTUATION = set("、，,；;。 \n")
# A small alphabet makes near-repeats, the search's hard cases, common.
TEXTS = st.text(alphabet="培训会议开展活动，、 ab1", max_size=200)
PHRASES = st.text(alphabet="培训会议开展活动ab1", min_size=5, max_size=30).filter(lambda p: re.search(r"[\u4e00-\u9fff]{2}", p))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_a_reported_phrase_is_written_twice_back_to_back_without_punctuation(text):
    phrase = first_repeated_phrase(text, 5, 60)
    if phrase is not None:
        assert phrase + phrase in text
        assert 5 <= len(phrase) <= 60 and not PUNCTUATION & set(phrase)
        assert re.search(r"[\u4e00-\u9fff]{2}", phrase)


@settings(deadline=None)
@given(st.text(alphabet="，。、展会", max_size=20), PHRASES, st.text(alphabet="，。、展会", max_size=20))
def test_a_phrase_written_twice_is_found(before, phrase, after):
    assert first_repeated_phrase(before + "，" + phrase + phrase + "，" + after, 5, 60) is not None


def test_texts_without_a_repeat_give_nothing():
    assert first_repeated_phrase("培训会议", 5, 60) is None
    assert first_repeated_phrase("组织开展职业技能培训活动，组织开展职业技能培训活动", 5, 60) is None
    assert first_repeated_phrase("组织开展职业技能培训活动组织开展职业技能培训活动", 5, 60) == "组织开展职业技能培训活动"


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_one_search_of_the_joined_texts_answers_for_all_of_them(texts):
    # TEXT001 and TEXT002 search a table's texts joined by lines first, and look no further when it finds nothing.
    joined = "\n".join(texts)
    assert (first_repeated_phrase(joined, 5, 60) is None) == all(
        first_repeated_phrase(t, 5, 60) is None for t in texts)
    doubled = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
    assert (doubled.search(joined) is None) == all(doubled.search(t) is None for t in texts)


def plain_first_repeated_phrase(text, shortest, longest):
    """The search as first written: the backtracking regex over each stretch between punctuation marks."""
    pattern = re.compile(r"(.{%d,%d}?)\1" % (shortest, longest), re.S)
    for stretch in re.split(r"[、，,；;。\s]", text):
        for match in pattern.finditer(stretch):
            if re.search(r"[\u4e00-\u9fff]{2}", match.group(1)):
                return match.group(1)
    return None


# CJK, ASCII, the marks, the commonest white space and rarer kinds (ideographic space, no-break space, \x1c).
CHARACTERS = "培训会议开展，、。；;, ab1\n\t\u3000\xa0\x1c"
MIXED = st.text(alphabet=CHARACTERS, max_size=120)


@settings(max_examples=1500, deadline=None)
@given(MIXED, st.integers(1, 6), st.integers(0, 40))
def test_the_search_answers_as_the_plain_regex_search(text, shortest, extra):
    longest = shortest + extra
    assert first_repeated_phrase(text, shortest, longest) == plain_first_repeated_phrase(text, shortest, longest)


PIECES = st.lists(st.sampled_from(["培训", "会议", "开展", "a", "1", *"，、。；;, \n\t\u3000\xa0\x1c"]), min_size=1, max_size=5)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES.map("".join), min_size=1, max_size=10), st.integers(1, 6))
def test_the_search_answers_as_the_plain_one_on_texts_built_of_repeats(pieces, shortest):
    # Pieces written once, twice or thrice make near and overlapping repeats of many lengths, marks within them.
    text = "".join(p * (1 + i % 3) for i, p in enumerate(pieces))
    assert first_repeated_phrase(text, shortest, 60) == plain_first_repeated_phrase(text, shortest, 60)


# Patterns of the kinds a pack may write: classes, anchors, look-arounds that a line break passes or fails.
PATTERNS = [
    r"(?<![A-Za-z×])[×X]{2,4}(?![A-Za-z×])", r"[（(]\s*[*＊]{2,}[^（）()]{0,8}[）)]", r"请[^，。]{0,6}填写",
    r"^XX", r"XX$", r"(?<!\s)XX", r"XX(?!\S)", r"\AXX", r"X\ZX", r"[^a]X", r"\bXX\b",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="XxA请填写（(*)）× \n", max_size=12), min_size=1, max_size=5),
       st.sampled_from(PATTERNS))
def test_a_joinable_pattern_found_in_one_text_is_found_in_the_join(texts, pattern):
    compiled = re.compile(pattern)
    if _joinable(pattern) and any(compiled.search(text) for text in texts):
        assert compiled.search("\n".join(texts))


def test_anchors_and_look_arounds_that_a_line_break_fails_are_not_joinable():
    assert _joinable(PATTERNS[0]) and _joinable(PATTERNS[1]) and _joinable(r"[$^]X") and _joinable(r"XX(?!\S)")
    assert not any(_joinable(p) for p in (r"^XX", r"XX$", r"(?<!\s)XX", r"\AXX", r"X(?!(a|\n))"))


def test_a_table_changed_and_linted_again_is_searched_afresh(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("项目名称\t社区图书室设备更新\n绩效目标\t更新借阅设备。\n一级指标\t二级指标\t三级指标\t指标值\n"
                    "产出指标\t数量指标\t更新设备数量\t≥12台\n", encoding="utf-8")
    table = next(t for grid in read_path(path) for t in build_tables(grid))
    assert not [f for f in lint_table(table) if f.rule == "TEXT001"]
    table.goals = "更新更新借阅设备。"
    assert [f for f in lint_table(table) if f.rule == "TEXT001"]
