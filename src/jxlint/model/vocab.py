"""The words tables use for their fields, columns and categories, loaded from ``grammar/*.yaml``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache


from jxlint.resources import data_dir, load_yaml

_SPACE = re.compile(r"\s+")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
# Header words and labels recur in every table, most other cell texts once: a
# few thousand remembered spellings keep every hit, and memory stays flat over
# a run of any length.
_CACHED_TEXTS = 4096


@lru_cache(maxsize=_CACHED_TEXTS)
def normalise(text: str) -> str:
    """Fold a header or label for matching: NFKC, no white space, no trailing colon."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).rstrip(":")


def longer_than(text: str, limit: int) -> bool:
    """True when ``text`` keeps more than ``limit`` characters through :func:`normalise`, told cheaply.

    NFKC is slow on Chinese text (its full-width punctuation always needs the
    full algorithm), and most long cells are no vocabulary word. A CJK
    ideograph is left as it is by NFKC and by the white-space fold, so a text
    with more than ``limit`` of them normalises to more than ``limit``
    characters: an exact test that never normalises.
    """
    return len(text) > limit and len(_NOT_HAN.sub("", text)) > limit


@lru_cache(maxsize=_CACHED_TEXTS)
def _label_key(text: str) -> str:
    key = normalise(text)
    return key[:-2] if key.endswith("指标") and len(key) > 2 else key


@dataclass(frozen=True)
class Labels:
    """一级 and 二级 vocabulary: canonical names by spelling, and the 二级 each 一级 may hold."""

    level1: dict[str, str]
    level2: dict[str, tuple[str, str]]
    children: dict[str, frozenset[str]]

    def level1_of(self, text: str) -> str | None:
        """The canonical 一级 a cell names, or None."""
        return self.level1.get(_label_key(text))

    def level2_of(self, text: str) -> tuple[str, str] | None:
        """``(canonical 二级, its 一级)`` a cell names, or None."""
        return self.level2.get(_label_key(text))

    def is_label(self, text: str) -> bool:
        """True when a cell is a 一级 or 二级 word."""
        key = _label_key(text)
        return key in self.level1 or key in self.level2

    def prefixes(self) -> list[str]:
        """Every spelling, longest first, for splitting glued rows."""
        spellings = {a for a in self.level1} | {a for a in self.level2}
        return sorted(spellings, key=len, reverse=True)


@cache
def labels() -> Labels:
    """The 一级/二级 vocabulary from ``grammar/labels.yaml``."""
    raw = load_yaml((data_dir("grammar") / "labels.yaml").read_text(encoding="utf-8"))
    level1: dict[str, str] = {}
    level2: dict[str, tuple[str, str]] = {}
    children: dict[str, frozenset[str]] = {}
    for name, spec in raw["level1"].items():
        for alias in [name, *spec.get("aliases", [])]:
            level1[_label_key(alias)] = name
        children[name] = frozenset(spec.get("level2", {}))
        for child, aliases in spec.get("level2", {}).items():
            for alias in [child, *aliases]:
                # 产出/成本 wins over the 101号 一级 成本 for the bare word: all seeds use it so.
                level2.setdefault(_label_key(alias), (child, name))
    return Labels(level1, level2, children)


# What a cell text names: (field, indicator column, funding column, is a section label).
Roles = tuple[str | None, str | None, str | None, bool]
NO_ROLES: Roles = (None, None, None, False)


@dataclass(frozen=True)
class Headers:
    """Field keys, indicator column headers and funding column headers, by normalised spelling."""

    fields: dict[str, str]
    columns: dict[str, str]
    funding_columns: dict[str, str]
    skip_words: frozenset[str]
    section_labels: frozenset[str]
    longest: int = field(repr=False, compare=False)
    # What each cell text seen lately names, in one lookup: the builder asks
    # several questions of every head cell. Emptied when full, to stay small.
    _roles: dict[str, Roles] = field(default_factory=dict, repr=False, compare=False)

    def roles_of_row(self, texts: list[str]) -> list[Roles]:
        """What each of a row's (stripped) cell texts names; :data:`NO_ROLES` for a blank cell."""
        return [(self._roles.get(t) or self._classify(t)) if t else NO_ROLES for t in texts]

    def field_of(self, text: str) -> str | None:
        """The field a key cell names (``project``, ``budget`` …), or None."""
        return (self._roles.get(text) or self._classify(text))[0]

    def column_of(self, text: str) -> str | None:
        """The indicator column a header cell names (``level1``, ``target`` …), or None."""
        return (self._roles.get(text) or self._classify(text))[1]

    def _classify(self, text: str) -> Roles:
        if len(text) > self.longest and longer_than(_BRACKETED.sub("", text), self.longest):
            roles = NO_ROLES
        else:
            key = _header_key(text)
            roles = (
                self.fields.get(key),
                self.columns.get(key),
                self.funding_columns.get(key),
                _header_key(_BRACKETED.sub("", text)) in self.section_labels,
            )
        if len(self._roles) >= _CACHED_TEXTS:
            self._roles.clear()
        self._roles[text] = roles
        return roles


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


@lru_cache(maxsize=_CACHED_TEXTS)
def _header_key(text: str) -> str:
    return normalise(text).replace("(", "（").replace(")", "）")


@cache
def headers() -> Headers:
    """The header vocabulary from ``grammar/headers.yaml``."""
    raw = load_yaml((data_dir("grammar") / "headers.yaml").read_text(encoding="utf-8"))

    def invert(section: dict[str, list[str]]) -> dict[str, str]:
        return {_header_key(word): role for role, words in section.items() for word in words}

    fields, columns, funding_columns = invert(raw["fields"]), invert(raw["columns"]), invert(raw["funding_columns"])
    section_labels = frozenset(_header_key(w) for w in raw.get("section_labels", []))
    return Headers(
        fields=fields,
        columns=columns,
        funding_columns=funding_columns,
        skip_words=frozenset(_header_key(w) for w in raw.get("skip_words", [])),
        section_labels=section_labels,
        # A text whose key is longer than every word cannot name anything.
        longest=max(map(len, [*fields, *columns, *funding_columns, *section_labels])),
    )
