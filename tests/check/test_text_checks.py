"""The wording checks: TEXT002's search reports only real repeats and finds every planted one (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.check.functions.text import first_repeated_phrase

PATTERN = re.compile(r"(.{5,60}?)\1", re.S)
PUNCTUATION = set("、，,；;。 \n")
# A small alphabet makes near-repeats, the search's hard cases, common.
TEXTS = st.text(alphabet="培训会议开展活动，、 ab1", max_size=200)
PHRASES = st.text(alphabet="培训会议开展活动ab1", min_size=5, max_size=30).filter(lambda p: re.search(r"[\u4e00-\u9fff]{2}", p))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_a_reported_phrase_is_written_twice_back_to_back_without_punctuation(text):
    phrase = first_repeated_phrase(text, PATTERN, 5)
    if phrase is not None:
        assert phrase + phrase in text
        assert 5 <= len(phrase) <= 60 and not PUNCTUATION & set(phrase)
        assert re.search(r"[\u4e00-\u9fff]{2}", phrase)


@settings(deadline=None)
@given(st.text(alphabet="，。、展会", max_size=20), PHRASES, st.text(alphabet="，。、展会", max_size=20))
def test_a_phrase_written_twice_is_found(before, phrase, after):
    assert first_repeated_phrase(before + "，" + phrase + phrase + "，" + after, PATTERN, 5) is not None


def test_texts_without_a_repeat_give_nothing():
    assert first_repeated_phrase("培训会议", PATTERN, 5) is None
    assert first_repeated_phrase("组织开展职业技能培训活动，组织开展职业技能培训活动", PATTERN, 5) is None
    assert first_repeated_phrase("组织开展职业技能培训活动组织开展职业技能培训活动", PATTERN, 5) == "组织开展职业技能培训活动"


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_one_search_of_the_joined_texts_answers_for_all_of_them(texts):
    # TEXT001 and TEXT002 search a table's texts joined by lines first, and look no further when it finds nothing.
    joined = "\n".join(texts)
    assert (first_repeated_phrase(joined, PATTERN, 5) is None) == all(
        first_repeated_phrase(t, PATTERN, 5) is None for t in texts)
    doubled = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
    assert (doubled.search(joined) is None) == all(doubled.search(t) is None for t in texts)
