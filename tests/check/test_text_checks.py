"""The wording checks: the cheap pre-scan of TEXT002 never hides a repeated phrase (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jxlint.check.functions.text import _may_repeat

# A small alphabet makes recurring pieces, and so the pre-scan's hard cases, common.
TEXTS = st.text(alphabet="培训会议开展活动，、 ab1", max_size=200)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(2, 8), st.integers(8, 60))
def test_pre_scan_passes_every_text_with_a_back_to_back_repeat(text, shortest, longest):
    repeated = re.search(r"(.{%d,%d}?)\1" % (shortest, longest), text, re.S) is not None
    assert _may_repeat(text, shortest, longest) or not repeated


@given(st.text(alphabet="培训会议开展活动", min_size=5, max_size=30))
def test_a_phrase_written_twice_is_passed_to_the_search(phrase):
    assert _may_repeat("前言" + phrase + phrase + "结尾", 5, 60)


def test_short_and_repeat_free_texts_are_skipped():
    assert not _may_repeat("培训会议", 5, 60)
    assert not _may_repeat("组织开展职业技能培训活动，提升就业能力", 5, 60)
