"""Which rules a configuration chooses, and the check that every code and parameter it names exists.

A code is a rule's id or an id prefix (``DATE``, ``VALUE005``), its readable
name (``date.deadline-before-plan-year``) or its category (``date``). ``select``
replaces the default set; ``extend-select`` adds to it; ``ignore`` takes away.
A rule that is off by default runs only when named by its id or name, never by
a prefix or category: ``--select VALUE`` keeps VALUE rules that are off, off.

A code that chooses no rule, a severity or parameter for no rule, or a
parameter a rule does not have, is a mistake the user must hear about (a typo
in ``ignore`` would otherwise silently keep a rule on): ``unknown_choices``
lists each, with the closest known spelling.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jxlint.check.pack import Rule, fits


def matches(rule: Rule, codes: Iterable[str]) -> bool:
    """True when one of ``codes`` is the rule's id prefix, name or category."""
    return any(rule.id.startswith(c) or rule.name == c or rule.category == c for c in codes)


def named(rule: Rule, codes: Iterable[str]) -> bool:
    """True when one of ``codes`` names this very rule (its id or name), not a family of rules."""
    return any(c in (rule.id, rule.name) for c in codes)


def chosen(rule: Rule, select: Sequence[str], ignore: Sequence[str], extend_select: Sequence[str] = (),
           include_disabled: bool = False) -> bool:
    """Whether the rule runs under these choices (``include_disabled``: list off rules too, as ``jxlint rules`` does)."""
    if matches(rule, ignore):
        return False
    if named(rule, extend_select) or (rule.enabled and matches(rule, extend_select)):
        return True
    if not rule.enabled and not (named(rule, select) or include_disabled):
        return False
    return not select or matches(rule, select)


def unknown_choices(rules: Sequence[Rule], *, select: Sequence[str] = (), ignore: Sequence[str] = (),
                    extend_select: Sequence[str] = (), severity: Mapping[str, str] | None = None,
                    params: Mapping[str, Mapping[str, Any]] | None = None,
                    per_file_ignores: Mapping[str, Sequence[str]] | None = None, prefix: str = "") -> list[str]:
    """Every code, severity key and parameter that names nothing among ``rules``, with a suggestion each
    (each problem begins with where it was written: ``select``, or ``--select`` with ``prefix="--"``)."""
    problems = []
    for where, codes in ((f"{prefix}select", select), (f"{prefix}ignore", ignore), (f"{prefix}extend-select", extend_select),
                         *((f"per-file-ignores {pattern!r}", codes) for pattern, codes in (per_file_ignores or {}).items())):
        problems += [f"{where}: {_no_rule(code, rules)}" for code in codes if not any(matches(r, [code]) for r in rules)]
    for key in severity or {}:
        if _rule_named(key, rules) is None:
            problems.append(f"severity: {_no_rule(key, rules, whole=True)}")
    for key, given in (params or {}).items():
        rule = _rule_named(key, rules)
        if rule is None:
            problems.append(f"params: {_no_rule(key, rules, whole=True)}")
            continue
        for name, value in given.items():
            if name not in rule.params:
                hint = _closest(name, rule.params) or ", ".join(sorted(rule.params)) or "none"
                known = f"did you mean {hint!r}?" if _closest(name, rule.params) else f"its parameters: {hint}"
                problems.append(f"params: {rule.id} has no parameter {name!r}; {known}")
            elif not fits(value, rule.options[name].type):  # every param has its option (the pack model sees to it)
                problems.append(f"params: {rule.id}.{name} must be {_OPTION_TYPES[rule.options[name].type]}, "
                                f"not {value!r}")
    return problems


#: How a problem names each option type.
_OPTION_TYPES = {"integer": "a whole number", "number": "a number", "text": "a text", "boolean": "true or false",
                 "list": "a list", "table": "a table", "pattern": "a regular expression"}


def _rule_named(key: str, rules: Sequence[Rule]) -> Rule | None:
    return next((r for r in rules if key in (r.id, r.name)), None)


def _no_rule(code: str, rules: Sequence[Rule], whole: bool = False) -> str:
    """``no rule DATEE; did you mean 'DATE'?``; ``whole``: only a whole id or name will do."""
    spellings = {r.id for r in rules} | {r.name for r in rules}
    if not whole:
        spellings |= {r.category for r in rules} | {r.id.rstrip("0123456789") for r in rules}
    hint = _closest(code, spellings)
    kind = "rule id or name" if whole else "rule id, prefix, name or category"
    if hint:
        return f"no {kind} {code!r}; did you mean {hint!r}?"
    families = ", ".join(sorted({r.id.rstrip("0123456789") for r in rules}))
    return f"no {kind} {code!r}; the rule families are {families} (`jxlint rules` lists every rule)"


def _closest(word: str, spellings: Iterable[str]) -> str | None:
    candidates = sorted(set(spellings))
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(word.upper(), candidates, n=1, cutoff=0.6)
    return found[0] if found else None
