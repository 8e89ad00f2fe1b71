"""The words tables use for their fields, columns and categories, loaded from ``grammar/*.yaml``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

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


# A category word's annotations: a weight "(50分)", "(0-20)分", a note "(或建筑规模指标)", "(必填)".
_LABEL_NOTE = re.compile(r"[（(][^（()）]*[）)]\s*分?|[*＊★]+")


@lru_cache(maxsize=_CACHED_TEXTS)
def _label_key(text: str) -> str:
    key = normalise(_LABEL_NOTE.sub("", text) if ("(" in text or "（" in text or "*" in text) else text)
    if key and not ("\u4e00" <= key[0] <= "\u9fff" and key[1:2] not in ("、", ".")):
        key = _PREFIX.sub("", key)
    key = key.rstrip(":：,，")
    return key[:-2] if key.endswith("指标") and len(key) > 2 else key


@dataclass(frozen=True)
class Labels:
    """一级 and 二级 vocabulary: canonical names by spelling, and the 二级 each 一级 may hold."""

    level1: dict[str, str]
    level2: dict[str, tuple[str, str]]
    children: dict[str, frozenset[str]]
    #: Every alias as written in labels.yaml (产出指标, 数量指标 …), for finding them inside glued text.
    spellings: tuple[str, ...] = ()

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
    spellings = {alias for name, spec in raw["level1"].items() for alias in [name, *spec.get("aliases", [])]}
    spellings |= {alias for spec in raw["level1"].values() for child, aliases in spec.get("level2", {}).items()
                  for alias in [child, *aliases]}
    return Labels(level1, level2, children, tuple(sorted(spellings)))


class Roles(NamedTuple):
    """What a cell text names in the header vocabulary; None (False) for what it does not name."""

    field: str | None  # a head field: project, budget …
    column: str | None  # an indicator grid column: level1, target …
    funding: str | None  # a funding grid column: budget, executed …
    section: bool  # a section label (绩效指标, 项目基本情况 …)
    item: str | None  # a spending-list column: task, item, amount


NO_ROLES = Roles(None, None, None, False, None)

# Annotations a header word carries in brackets: a unit (万元), a weight
# (10分), a letter (A), (B/A), a note (或计划水平), (必填). The bracket pairs
# are matched in full-width and half-width forms and in mixed pairs.
_BRACKETED = re.compile(r"[（(【\[][^（()）【】\[\]]*[）)】\]]")
# An enumeration in front of a key ("(一)", "一、", "1、", "1.", "其中：") and
# a star or colon behind it ("一级指标*", "项目名称：").
_PREFIX = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|其中[：:]?)\s*")
_SUFFIX = re.compile(r"[*＊★☆：:\s]+$")


def strip_annotations(text: str) -> str:
    """A header cell without its enumeration, bracketed annotations and trailing star or colon.

    Each substitution runs only where its pattern can match (a cell opening as an
    enumeration may, holding a bracket, ending in a star or colon): most cells need none.
    """
    first = text.lstrip()[:1]
    if first in _PREFIX_STARTS or first.isdigit():
        text = _PREFIX.sub("", text)
    if any(bracket in text for bracket in _OPENING_BRACKETS):
        text = _BRACKETED.sub("", text)
    last = text[-1:]
    if last in _SUFFIX_CHARS or last.isspace():
        text = _SUFFIX.sub("", text)
    return text


# What an enumeration may start with, a suffix end with, an annotation open with (see the patterns above).
_PREFIX_STARTS = frozenset("(（一二三四五六七八九十其")
_SUFFIX_CHARS = frozenset("*＊★☆：:")
_OPENING_BRACKETS = ("(", "（", "【", "[")


@dataclass(frozen=True)
class HeadNouns:
    """How an unseen key is named by the end of the word (``…项目名称`` → project)."""

    fields: dict[str, str]
    columns: dict[str, str]
    long_term_qualifiers: tuple[str, ...]
    long_term_fields: dict[str, str]
    max_length: int

    def field_of(self, key: str) -> str | None:
        """The field whose head noun ends ``key``, the longest noun first (long-term when a qualifier opens it)."""
        name = _by_suffix(key, self.fields, self._field_lengths)
        if name is not None and key.startswith(self.long_term_qualifiers):
            return self.long_term_fields.get(name, name)
        return name

    def column_of(self, key: str) -> str | None:
        """The grid column whose head noun ends ``key``, the longest noun first."""
        return _by_suffix(key, self.columns, self._column_lengths)

    @cached_property
    def _field_lengths(self) -> tuple[int, ...]:
        return _lengths(self.fields)

    @cached_property
    def _column_lengths(self) -> tuple[int, ...]:
        return _lengths(self.columns)


def _by_suffix(key: str, nouns: dict[str, str], lengths: tuple[int, ...]) -> str | None:
    """What the longest noun that ends ``key`` names: a dictionary look-up per noun length, not a scan."""
    for length in lengths:
        if len(key) >= length and (name := nouns.get(key[-length:])) is not None:
            return name
    return None


def _lengths(nouns: dict[str, str]) -> tuple[int, ...]:
    """The lengths of the nouns, longest first."""
    return tuple(sorted({len(noun) for noun in nouns}, reverse=True))


@dataclass(frozen=True)
class Headers:
    """Field keys, indicator column headers and funding column headers, by normalised spelling."""

    fields: dict[str, str]
    columns: dict[str, str]
    funding_columns: dict[str, str]
    skip_words: frozenset[str]
    section_labels: frozenset[str]
    grid_groups: frozenset[str]
    titles: tuple[str, ...]
    allocation_titles: tuple[str, ...]
    head_nouns: HeadNouns
    item_columns: dict[str, str]
    spellings: tuple[str, ...] = field(repr=False, compare=False)
    longest: int = field(repr=False, compare=False)
    # What each cell text seen lately names, in one lookup: the builder asks
    # several questions of every head cell. Emptied when full, to stay small.
    _roles: dict[str, Roles] = field(default_factory=dict, repr=False, compare=False)

    def roles_of_row(self, texts: list[str]) -> list[Roles]:
        """What each of a row's (stripped) cell texts names; :data:`NO_ROLES` for a blank cell."""
        return [(self._roles.get(t) or self._classify(t)) if t else NO_ROLES for t in texts]

    def field_of(self, text: str) -> str | None:
        """The field a key cell names (``project``, ``budget`` …), or None."""
        return (self._roles.get(text) or self._classify(text)).field

    def column_of(self, text: str) -> str | None:
        """The indicator column a header cell names (``level1``, ``target`` …), or None."""
        return (self._roles.get(text) or self._classify(text)).column

    def exact_roles(self, text: str) -> Roles:
        """What a cell names by the vocabulary's own words, without guessing from a head noun."""
        return self._roles_of(text, guess=False)

    def item_column_of(self, text: str) -> str | None:
        """The column of a spending list a header cell names (``task``, ``item``, ``amount``), or None."""
        return (self._roles.get(text) or self._classify(text)).item

    def is_grid_group(self, text: str) -> bool:
        """True when a cell only wraps the indicator grid (绩效指标, 实施效果指标)."""
        return _header_key(strip_annotations(text)) in self.grid_groups

    def _classify(self, text: str) -> Roles:
        roles = self._roles_of(text, guess=True)
        if len(self._roles) >= _CACHED_TEXTS:
            self._roles.clear()
        self._roles[text] = roles
        return roles

    def _roles_of(self, text: str, guess: bool) -> Roles:
        """What the word names as written, completed by what it names without its annotations
        (全年预算数(A) is a funding column as written and the budget key without the "(A)"); an
        unknown word is named by its head noun when ``guess``."""
        stripped = strip_annotations(text)
        if (len(stripped) > self.longest and longer_than(stripped, self.longest)) or _DIGIT.search(stripped):
            return NO_ROLES  # a sentence, or a figure (120, 2025年): no key holds a digit, nor does a head noun name one
        bare_key = _header_key(stripped)
        written_key = _header_key(_PREFIX.sub("", text)).rstrip("*＊★") if stripped != text else bare_key
        written = self._by_key.get(written_key, NO_ROLES)
        bare = written if bare_key == written_key else self._by_key.get(bare_key, NO_ROLES)
        if written is NO_ROLES and bare is NO_ROLES:
            return self._guess(bare_key) if guess else NO_ROLES
        if bare is written or bare is NO_ROLES:
            return written
        if written is NO_ROLES:
            return bare
        return Roles._make(a or b for a, b in zip(written, bare))

    def _guess(self, key: str) -> Roles:
        """The roles a head noun gives an unknown key (…项目名称 → project), or none."""
        if not key or not self._nameable(key):
            return NO_ROLES
        field_name, column = self.head_nouns.field_of(key), self.head_nouns.column_of(key)
        return Roles(field_name, column, None, False, None) if field_name or column else NO_ROLES

    @cached_property
    def _by_key(self) -> dict[str, Roles]:
        """Every vocabulary key with all it names, for a single look-up."""
        keys = {*self.fields, *self.columns, *self.funding_columns, *self.section_labels, *self.item_columns}
        return {key: Roles(self.fields.get(key), self.columns.get(key), self.funding_columns.get(key),
                           key in self.section_labels, self.item_columns.get(key)) for key in keys if key}

    def _nameable(self, key: str) -> bool:
        """A short key of words (no figure, no sentence) that a head noun may name."""
        return len(key) <= self.head_nouns.max_length and not _FIGURE_OR_BREAK.search(key)


_FIGURE_OR_BREAK = re.compile(r"\d|[，,。；;！!？?、]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=_CACHED_TEXTS)
def _header_key(text: str) -> str:
    return normalise(text).replace("(", "（").replace(")", "）")


@cache
def headers() -> Headers:
    """The header vocabulary from ``grammar/headers.yaml``."""
    raw = load_yaml((data_dir("grammar") / "headers.yaml").read_text(encoding="utf-8"))

    def invert(section: dict[str, list[str]], bare: bool = True) -> dict[str, str]:
        # Each word is known as written and (``bare``) without its annotations.
        inverted: dict[str, str] = {}
        for role, words in section.items():
            for word in words:
                inverted.setdefault(_header_key(word), role)
                if bare:
                    inverted.setdefault(_header_key(strip_annotations(word)), role)
        return inverted

    def words(name: str) -> frozenset[str]:
        return frozenset(_header_key(strip_annotations(w)) for w in raw.get(name, []))

    fields, columns = invert(raw["fields"]), invert(raw["columns"])
    funding_columns = invert(raw["funding_columns"], bare=False)
    section_labels = words("section_labels")
    nouns = raw["head_nouns"]
    head_nouns = HeadNouns(
        # The first name listed keeps a noun that two names list.
        fields={noun: name for name, nouns_ in reversed(nouns["fields"].items()) for noun in map(normalise, nouns_)},
        columns={noun: name for name, nouns_ in reversed(nouns["columns"].items()) for noun in map(normalise, nouns_)},
        long_term_qualifiers=tuple(nouns["long_term_qualifiers"]),
        long_term_fields=dict(nouns["long_term_fields"]),
        max_length=int(nouns["max_length"]),
    )
    return Headers(
        fields=fields,
        columns=columns,
        funding_columns=funding_columns,
        skip_words=words("skip_words"),
        section_labels=section_labels,
        grid_groups=words("grid_groups"),
        titles=tuple(raw["titles"]),
        allocation_titles=tuple(raw["allocation_titles"]),
        head_nouns=head_nouns,
        item_columns=invert(raw["item_columns"]),
        spellings=tuple(sorted({
            w for name in ("fields", "columns", "funding_columns") for group in raw[name].values() for w in group
        } | {w for name in ("section_labels", "grid_groups", "titles", "allocation_titles") for w in raw[name]})),
        # A text whose key is longer than every word (and than any key a head
        # noun may name) cannot name anything.
        longest=max(head_nouns.max_length, *map(len, [*fields, *columns, *funding_columns, *section_labels])),
    )
