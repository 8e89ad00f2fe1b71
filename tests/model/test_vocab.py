"""Tests for the header and label vocabulary: the cheap long-text test never changes an answer."""

from __future__ import annotations

import dataclasses

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jxlint.model.vocab import _BRACKETED, _PREFIX, _SUFFIX, headers, longer_than, normalise, strip_annotations

HEADER_WORDS = ["项目名称", "预算数", "绩效目标", "资金情况", "指标值", "预算执行率（B/A）", "偏差原因分析及改进措施"]
PIECES = st.one_of(
    st.sampled_from(HEADER_WORDS),
    st.sampled_from(["（", "）", "(", ")", " ", "\u3000", "：", "，", "\n"]),
    st.text(alphabet="加大知识产权违法案件举报奖励鼓励公众监督ＡＢ１２ab", min_size=1, max_size=12),
    st.text(max_size=3),
)
CELLS = st.lists(PIECES, max_size=8).map("".join)


@given(st.text(), st.integers(0, 40))
def test_longer_than_never_overstates(text, limit):
    if longer_than(text, limit):
        assert len(normalise(text)) > limit


@settings(max_examples=300, deadline=None)
@given(CELLS)
@example("资金情况（" + "单位万元" * 10 + "）")
@example("项目名称（" + "全称" * 10 + "）")
@example("项" + "\u3000" * 30 + "目名称")
def test_the_long_text_test_changes_no_role(text):
    vocabulary = headers()
    everything = dataclasses.replace(vocabulary, longest=10**9, _roles={})
    assert everything.roles_of_row([text]) == vocabulary.roles_of_row([text])


def test_a_long_paragraph_names_nothing():
    paragraph = "加大知识产权违法案件举报奖励，鼓励公众对知识产权违法行为进行监督举报。" * 3
    assert longer_than(paragraph, headers().longest)
    assert headers().field_of(paragraph) is None
    assert headers().field_of("资金情况（单位：万元）") is None
    assert headers().roles_of_row(["资金情况（单位：万元，含上年结转）"])[0][3]  # a section label


@settings(max_examples=500)
@given(st.lists(st.one_of(PIECES, st.sampled_from(["一、", "其中：", "1.", "０１、", "*", "★", "【注】", "[1]", " "])),
                max_size=6).map("".join))
def test_stripping_annotations_agrees_with_the_three_substitutions(text):
    # The quick path (nothing to strip) must give what the substitutions give.
    expected = _SUFFIX.sub("", _BRACKETED.sub("", _PREFIX.sub("", text)))
    assert strip_annotations(text) == expected


def test_no_header_word_holds_a_digit():
    # The look-up turns away any text with a figure outside its annotations; that is exact only
    # while no word of the vocabulary holds a digit.
    vocabulary = headers()
    words = [*vocabulary.fields, *vocabulary.columns, *vocabulary.funding_columns, *vocabulary.section_labels,
             *vocabulary.item_columns]
    assert words and not [w for w in words if any(c.isdigit() for c in w)]
    assert vocabulary.field_of("1、项目名称") == "project" and vocabulary.field_of("项目名称2") is None
