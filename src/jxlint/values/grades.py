"""Qualitative grades (合理, 及时, 效果显著 …) looked up in ``grammar/grades.yaml``.

The vocabulary is data a finance bureau may extend, so it lives in the YAML
file, read once; the matching rules are documented at the top of that file.
"""

from __future__ import annotations

import functools
import re

from jxlint.resources import data_dir, load_yaml

#: A phrase longer than this is a sentence, not a grade.
MAX_PHRASE_LENGTH = 6

_CHINESE_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@functools.cache
def vocabulary() -> dict[str, str]:
    """Every grade word mapped to its group, from ``grammar/grades.yaml``."""
    groups = load_yaml((data_dir("grammar") / "grades.yaml").read_text(encoding="utf-8"))
    group_of: dict[str, str] = {}
    for group, words in groups.items():
        for word in words:
            if word in group_of:
                raise ValueError(f"grades.yaml: {word!r} is in both {group_of[word]!r} and {group!r}")
            group_of[word] = group
    return group_of


def find_grade(text: str) -> tuple[str, str] | None:
    """The ``(word, group)`` a normalised cell grades with, or None when it is no grade."""
    group_of = vocabulary()
    if text in group_of:
        return text, group_of[text]
    if len(text) > MAX_PHRASE_LENGTH or not _CHINESE_ONLY.fullmatch(text):
        return None
    # A hedge at the front makes the whole phrase vague (进一步完善), whatever follows.
    for end in range(len(text) - 1, 0, -1):
        if group_of.get(text[:end]) == "vague":
            return text[:end], "vague"
    # Otherwise the longest vocabulary word the phrase ends with (服务效果显著 → 效果显著).
    for start in range(1, len(text)):
        if text[start:] in group_of:
            return text[start:], group_of[text[start:]]
    return None
