"""Checks on the wording of the table (category ``text``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

from jxlint.check.registry import TABLE_MEMO, Hit, check
from jxlint.core.location import Location
from jxlint.model.table import Indicator, Table
from jxlint.values.model import quantities
from jxlint.values.normalise import canonical_unit
from jxlint.values.parse import unit_words
from jxlint.values.units import convert

_HEADER_TEXTS = ("project", "goals", "content")
_MARKS = "、，,；;。"  # with white space, what a repeated phrase never holds
_HANZI_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def _texts(table: Table, indicators: list[Indicator]) -> Iterator[tuple[str, str, Location, Indicator | None]]:
    """(field, text, location, indicator) for every free text of a table."""
    for field in _HEADER_TEXTS:
        yield field, getattr(table, field), table.location_of(field), None
    for field, text in table.other_fields.items():
        yield field, text, table.location_of(field), None
    for indicator in indicators:
        for field in ("name", "description"):
            yield field, getattr(indicator, field), indicator.location_of(field), indicator


def _joined(table: Table, indicators: list[Indicator]) -> str:
    """Every free text of a table (title and reasons too) in one string, a line each, for a single
    search that most tables pass. Made once for the rules of a table (kept in TABLE_MEMO)."""
    return _shared_texts(table, indicators)[2]


def _listed(table: Table, indicators: list[Indicator]) -> list[tuple[str, str, Location, Indicator | None]]:
    """:func:`_all_texts` as a list, made once for the rules of a table."""
    shared = _shared_texts(table, indicators)
    if shared[3] is None:
        shared[3] = list(_all_texts(table, indicators))
    return shared[3]


def _shared_texts(table: Table, indicators: list[Indicator]) -> list[Any]:
    """[table, indicators, joined texts, listed texts or None] for this table and these indicators."""
    shared = TABLE_MEMO.get("text.texts")
    if shared is None or shared[0] is not table or shared[1] is not indicators:
        parts = [table.title, table.project, table.goals, table.content, *table.other_fields.values()]
        for indicator in indicators:
            parts.append(indicator.name)
            parts.append(indicator.description)
            if indicator.reason:
                parts.append(indicator.reason)
        shared = TABLE_MEMO["text.texts"] = [table, indicators, "\n".join(parts), None]
    return shared


@check("text.doubled-word")
def doubled_word(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A word of 2 to params ``longest`` Chinese characters written twice in a row (参加参加)."""
    pattern = re.compile(r"([\u4e00-\u9fff]{2,%d})\1" % params.get("longest", 4))
    if pattern.search(_joined(table, indicators)) is None:
        return  # no word doubled anywhere (the pattern never spans a line)
    allowed = set(params.get("allowed", []))
    seen: set[str] = set()
    for field, text, location, indicator in _texts(table, indicators):
        for match in pattern.finditer(text):
            word = match.group(1)
            if word in allowed or word in seen:
                continue
            seen.add(word)
            yield Hit({"word": word, "field": field, "context": _context(text, match)}, indicator, location)


@check("text.repeated-phrase")
def repeated_phrase(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A phrase of params ``shortest`` to ``longest`` characters, with no punctuation, written twice back to back."""
    shortest, longest = params.get("shortest", 5), params.get("longest", 60)
    if first_repeated_phrase(_joined(table, indicators), shortest, longest) is None:
        return  # no repeat anywhere: the search never crosses a line, so each text would say the same
    for field, text, location, indicator in _texts(table, indicators):
        phrase = first_repeated_phrase(text, shortest, longest)
        if phrase is not None:
            yield Hit({"phrase": phrase, "field": field}, indicator, location)


def first_repeated_phrase(text: str, shortest: int = 5, longest: int = 60) -> str | None:
    """The first phrase of ``shortest`` to ``longest`` characters written twice back to back, holding two Chinese
    characters in a row and no punctuation or white space; None if there is none.

    The same as the first match, holding two Chinese characters in a row, of
    ``(.{shortest,longest}?)\\1`` in each stretch of text between punctuation
    marks and white space in turn. A repeat fits in its stretch, so only the
    stretches long enough to hold one are searched, each for phrases no longer
    than half of it: the backtracking search never sees a long text whole, nor
    tries a length that cannot fit.
    """
    least = 2 * shortest
    if len(text) < least:
        return None
    for mark in _MARKS:
        text = text.replace(mark, " ")
    for stretch in text.split():  # str.split() and the regex \s agree on what white space is
        if len(stretch) < least:
            continue
        for match in _repeat(shortest, min(longest, len(stretch) // 2)).finditer(stretch):
            if _HANZI_PAIR.search(match.group(1)):
                return match.group(1)
    return None


@cache
def _repeat(shortest: int, longest: int) -> re.Pattern[str]:
    """A phrase of ``shortest`` to ``longest`` characters (the first, shortest one) followed by itself."""
    return re.compile(r"(.{%d,%d}?)\1" % (shortest, longest), re.S)


def _context(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 8): match.end() + 8].replace("\n", " ")


def _all_texts(table: Table, indicators: list[Indicator]) -> Iterator[tuple[str, str, Location, Indicator | None]]:
    """Every free text of a table, its title too, and the reason column of each indicator."""
    yield "title", table.title, table.location, None
    yield from _texts(table, indicators)
    for indicator in indicators:
        if indicator.reason:
            yield "reason", indicator.reason, indicator.location, indicator


def _matches(pattern: re.Pattern[str], table: Table, indicators: list[Indicator], needs: tuple[str, ...] = ()
             ) -> Iterator[tuple[str, str, Location, Indicator | None, re.Match[str]]]:
    """(field, text, location, indicator, match) for every match of ``pattern`` in the table's free texts.

    Most tables hold no match: when the pattern allows (:func:`_joinable`), one
    search of all the texts joined by line breaks says so, and only a table that
    holds one is searched text by text. ``needs``: strings of which every match
    holds one (brackets, say), looked for first in the joined texts.
    """
    if _joinable(pattern.pattern):
        joined = _joined(table, indicators)
        if (needs and not any(need in joined for need in needs)) or pattern.search(joined) is None:
            return
    for field, text, location, indicator in _listed(table, indicators):
        for match in pattern.finditer(text):
            yield field, text, location, indicator, match


_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
_NEGATIVE_LOOK = re.compile(r"\(\?<?!((?:\\.|[^()\\])*)\)")
_ANCHOR = re.compile(r"\\[AZ]|[$^]")


@lru_cache(maxsize=64)
def _joinable(pattern: str) -> bool:
    """True when every match of ``pattern`` in one text is also found in the texts joined by line breaks.

    A match can only be lost at a text's ends: an anchor (^, $, \\A, \\Z) or a
    negative look-around that a line break fails ((?<!\\s)). Character classes
    and a line break joining two texts may only add matches, which the text by
    text search then drops.
    """
    for body in _NEGATIVE_LOOK.findall(pattern):
        if re.search(body, "\n"):
            return False
    bare = _NEGATIVE_LOOK.sub("", pattern)
    if "(?!" in bare or "(?<!" in bare:
        return False  # a look-around with groups inside: not read here
    return _ANCHOR.search(_CLASS.sub("", bare.replace("\\\\", ""))) is None


@check("text.template-residue")
def template_residue(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """Template marks left in a table's names and texts (params ``pattern``): a hint in a name
    "(≥**株)", a ★ mark, a placeholder XX or ××, an instruction "请…填写". Reported once a table,
    with the marks found, at the first; the values' placeholders are VALUE001's."""
    pattern = _compiled(params.get("pattern", ""))
    found = [(m.group(0), location, indicator) for _, _, location, indicator, m in _matches(pattern, table, indicators)]
    if found:
        marks = list(dict.fromkeys(mark for mark, _, _ in found))
        yield Hit({"marks": "、".join(marks[:6]) + ("…" if len(marks) > 6 else ""), "count": len(found)},
                  found[0][2], found[0][1])


@check("text.doubled-character")
def doubled_character(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A function character written twice in a row (于于, 的的) that Chinese never doubles (params ``characters``)."""
    pattern = _doubled(params.get("characters", ""))
    seen: set[str] = set()
    for field, text, location, indicator, match in _matches(pattern, table, indicators):
        if match.group(0) not in seen:
            seen.add(match.group(0))
            yield Hit({"word": match.group(0), "field": field, "context": _context(text, match)}, indicator, location)


@check("text.bracketed-word-repeated")
def bracketed_word_repeated(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A word in brackets written again right after them: 西部(重庆)重庆科学城."""
    pattern = _bracketed(params.get("longest", 4))
    seen: set[str] = set()
    for field, text, location, indicator, match in _matches(pattern, table, indicators, needs=("(", "（")):
        if match.group(0) not in seen:
            seen.add(match.group(0))
            yield Hit({"word": match.group(1), "field": field, "context": _context(text, match)}, indicator, location)


@check("text.misused-word")
def misused_word(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A word this domain's tables often mistype, with the word meant (params ``words``: {written: meant})."""
    words: Mapping[str, str] = params.get("words", {})
    if not words:
        return
    pattern = _any_word(tuple(words))
    seen: set[str] = set()
    for field, text, location, indicator, match in _matches(pattern, table, indicators):
        if match.group(0) not in seen:
            seen.add(match.group(0))
            yield Hit({"word": match.group(0), "meant": words[match.group(0)], "field": field,
                       "context": _context(text, match)}, indicator, location)


@check("text.notice-other-year")
def notice_other_year(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """A covering notice that hands down the 绩效目标 of another year than the table's plan year."""
    if table.plan_year is None or not table.preamble:
        return
    for match in _compiled(params.get("pattern", "")).finditer(table.preamble):
        year = int(match.group(1))
        if year != table.plan_year:
            yield Hit({"year": year, "plan_year": table.plan_year, "context": _context(table.preamble, match)})
            return


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=8)
def _doubled(characters: str) -> re.Pattern[str]:
    """One of ``characters`` written twice in a row."""
    return re.compile(f"([{re.escape(characters)}])\\1")


@lru_cache(maxsize=8)
def _bracketed(longest: int) -> re.Pattern[str]:
    """A word of 2 to ``longest`` Chinese characters in brackets, written again right after them."""
    return re.compile(r"[（(]([\u4e00-\u9fff]{2,%d})[）)]\1" % longest)


@lru_cache(maxsize=8)
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words``, the longest first (the regex compiler tests their first characters by itself)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@check("text.goal-figure-differs")
def goal_figure_differs(table: Table, indicators: list[Indicator], params: Mapping[str, Any]) -> Iterator[Hit]:
    """An indicator's figure that the goals contradict: the goals give figures in its unit for the same
    thing (the name shares a word with the clause), and none of them is the indicator's."""
    goals = table.goals
    if not goals:
        return
    stated = _goal_figures(goals)
    if not stated or len(stated) > params.get("most_figures", 200):
        return  # none, or so many that the goals are a list of data, not goals (and each row would read them all)
    measured = [(indicator, value, value.unit) for indicator in indicators for value in quantities(indicator.target)
                if value.unit and value.unit not in _NOT_COMPARED]
    shared = params.get("shared", 2)
    reported: set[int] = set()
    for indicator, value, value_unit in measured:
        if id(indicator) in reported:
            continue
        related = [(_in_unit(number, unit, value_unit), written, clause) for number, unit, written, clause in stated
                   if _same_unit(unit, value_unit) and _shared_characters(indicator.name, clause) >= shared]
        if related and not any(_equal(number, value.number) for number, _, _ in related):
            _, written, clause = max(related, key=lambda r: _shared_characters(indicator.name, r[2]))
            reported.add(id(indicator))
            yield Hit({"value": value.text, "stated": written, "clause": clause}, indicator)


#: Units whose figures the goals are not searched for: shares and money (the budget's business).
_NOT_COMPARED = frozenset({"%", "元", "万元", "亿元"})
_CLAUSE_MARKS = "，,。；;：:"


def _goal_figures(goals: str) -> list[tuple[float, str, str, str]]:
    """(number, unit, the figure as written, the clause before it) for every figure with a unit in the goals."""
    found = []
    for match in _goal_quantity().finditer(goals):
        clause = goals[max(goals.rfind(mark, 0, match.start()) for mark in _CLAUSE_MARKS) + 1:match.start()]
        scale = {"万": 1e4, "亿": 1e8, "千": 1e3}.get(match.group(2) or "", 1.0)
        found.append((float(match.group(1)) * scale, match.group(3), match.group(0), clause))
    return found


@lru_cache(maxsize=1)
def _goal_quantity() -> re.Pattern[str]:
    """A figure with a unit (not money) in running text: 425万粒, 2 公里."""
    units = "|".join(re.escape(u) for u in sorted(unit_words(), key=len, reverse=True) if u not in ("元", "万元", "亿元", "千元"))
    # Started only at a number's first digit and never backtracking into it, so that a long run of
    # digits is read once, not once per digit.
    return re.compile(rf"(?<!\d)(\d++(?:\.\d+)?)\s*([万亿千])?({units})")


@lru_cache(maxsize=1024)
def _same_unit(a: str, b: str) -> bool:
    """True when two units measure the same thing: written alike, or converting into each other (米, 公里)."""
    a, b = canonical_unit(a), canonical_unit(b)
    return a == b or convert(1.0, a, b) is not None


def _in_unit(number: float, unit: str, goal_unit: str) -> float:
    """A goal's figure in the indicator's unit (2000米 as 2 公里)."""
    converted = convert(number, canonical_unit(unit), canonical_unit(goal_unit))
    return number if converted is None else converted


def _equal(goal: float, target: float) -> bool:
    return abs(goal - target) <= 1e-6 * max(1.0, abs(target))


def _shared_characters(name: str, clause: str) -> int:
    """How many two-character words a name shares with a clause."""
    return sum(1 for pair in _pairs(name) if pair in clause)


@lru_cache(maxsize=1024)
def _pairs(name: str) -> frozenset[str]:
    """The two-character words of a name (each pair of Chinese characters in a row)."""
    return frozenset(name[i:i + 2] for i in range(len(name) - 1) if _HANZI_PAIR.fullmatch(name[i:i + 2]))
