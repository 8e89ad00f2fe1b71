"""Rule packs: YAML files that declare rules, validated against a pydantic schema.

A pack is a YAML mapping ``{pack: NAME, description: TEXT, rules: [RULE…]}``.
The schema is published as JSON Schema in ``rules/schema.json`` (``jxlint
schema`` writes it) so that editors can complete rule files.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jxlint.core.finding import Category, Severity
from jxlint.resources import YamlError, load_yaml

#: What a rule looks at: each value, each indicator row, the table, or the whole file (the file rules
#: of ``check/file_findings.py``: what could not be read, suppressions that silence nothing).
Scope = Literal["table", "indicator", "value", "file"]


class Messages(BaseModel):
    """The finding's message in Chinese and English; ``{name}`` stands for a figure of the finding."""

    model_config = ConfigDict(extra="forbid")

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _plain_fields_only(cls, template: str) -> str:
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and not name.isidentifier():
                raise ValueError(f"template field {{{name}}} must be a plain name (no dots, brackets or positions)")
        return template


ExampleColumn = Literal["level1", "level2", "name", "description", "target", "half_year", "actual", "reason", "weight",
                        "score", "long_term", "unit", "sense", "basis"]


class Example(BaseModel):
    """A small table for the docs and the tests.

    Indicator rows are lists of cells in ``columns`` order; by default
    ``[一级, 二级, 三级, 指标值]``, and for longer rows the self-assessment
    columns ``[…, 实际完成值, 未完成原因, 分值, 得分]``. Money is in ``money_unit``.
    """

    model_config = ConfigDict(extra="forbid")

    columns: list[ExampleColumn] | None = None
    project: str = "示例项目"
    plan_year: int | None = 2025
    money_unit: Literal["元", "万元"] = "元"
    budget: float | None = None
    fiscal: float | None = None
    other: float | None = None
    local: float | None = None
    executed: float | None = None
    execution_rate: str = Field("", description="the stated 预算执行率 as written, e.g. 11.9%")
    half_year_plan: float | None = None
    budget_weight: float | None = None
    budget_score: float | None = None
    total_score: float | None = None
    grade: str = ""
    contact: str = ""
    goals: str = "示例绩效目标。"
    content: str = ""
    start: str = ""
    end: str = ""
    title: str = ""
    preamble: str = Field("", description="the text before the table: a covering notice")
    project_stated: bool = Field(True, description="false: the table has no 项目名称 (it is named from its title)")
    truncated: bool = Field(False, description="the input stops inside the table")
    money_unit_stated: bool = Field(True, description="false: the table states no money unit")
    allocated: float | None = Field(None, description="what the covering notice allocates, in money_unit")
    items: list[tuple[str, float]] = Field(default_factory=list, description="a spending list: (item, amount)")
    other_fields: dict[str, str] = Field(default_factory=dict, description="further head fields by name")
    blank_fields: list[str] = Field(default_factory=list, description="head keys printed with no value")
    indicators: list[list[str]] = Field(default_factory=list)


class Expected(BaseModel):
    """A finding a case expects: on this indicator (a part of its label), with this text in its message."""

    model_config = ConfigDict(extra="forbid")

    indicator: str | None = None
    message: str | None = Field(None, description="a part of the Chinese message")


class FileCase(BaseModel):
    """A small file for a file rule's case: its name (the format is told by it) and its bytes, given as
    text (written in ``encoding``) followed by ``hex`` bytes."""

    model_config = ConfigDict(extra="forbid")

    name: str = "case.txt"
    text: str = ""
    encoding: str = "utf-8"
    hex: str = Field("", description="bytes after the text, as hex digits (spaces allowed): bytes no text holds")

    def content(self) -> bytes:
        """The file's bytes."""
        return self.text.encode(self.encoding) + bytes.fromhex(self.hex)


class Case(BaseModel):
    """A named test of a rule: a small table (or, for a file rule, a small file) and the findings it
    must give (none: the rule stays silent)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    table: Example | None = None
    file: FileCase | None = None
    expect: list[Expected] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_input(self) -> Case:
        if (self.table is None) == (self.file is None):
            raise ValueError(f"case {self.name!r}: give exactly one of table or file")
        return self


class Docs(BaseModel):
    """What the rule checks, why, where the rule comes from, and one passing and one failing example."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(description="one line")
    rationale: str = ""
    source: str = Field(description="the catalogue's evidence label and reference (F-official, F-practice, I …)")
    passing: Example | None = Field(None, description="required, except for file rules (their cases are files)")
    failing: Example | None = Field(None, description="required, except for file rules (their cases are files)")


OptionType = Literal["integer", "number", "text", "pattern", "boolean", "list", "table"]


class Option(BaseModel):
    """What one of a rule's ``params`` is: its type and its meaning (``jxlint explain`` shows them)."""

    model_config = ConfigDict(extra="forbid")

    type: OptionType
    description: str


def fits(value: Any, kind: OptionType) -> bool:
    """Whether a value is of an option's type (an integer is a number; a pattern is a regular expression)."""
    if kind == "pattern":
        try:
            re.compile(value)
        except (re.error, TypeError):
            return False
        return True
    if kind == "boolean" or isinstance(value, bool):
        return kind == "boolean" and isinstance(value, bool)
    wanted: dict[str, type | tuple[type, ...]] = {"integer": int, "number": (int, float), "text": str, "list": list,
                                                  "table": dict}
    return isinstance(value, wanted[kind])


class Rule(BaseModel):
    """One rule: identity, selection, the check (declarative or a named Python function), message, docs."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Z]+[0-9]{3}$")
    name: str = Field(pattern=r"^[a-z]+\.[a-z0-9-]+$", description="category.readable-name")
    category: Category
    severity: Severity
    enabled: bool = True
    scope: Scope = "indicator"
    where: dict[str, Any] | None = Field(None, description="condition selecting the indicators (or the table)")
    expect: dict[str, Any] | None = Field(None, description="condition that must hold, else a finding")
    forbid: dict[str, Any] | None = Field(None, description="condition that must not hold, else a finding")
    check: str | None = Field(None, description="the rule's name again: its check is the Python function registered under it")
    params: dict[str, Any] = Field(default_factory=dict, description="the options' defaults, by name")
    options: dict[str, Option] = Field(default_factory=dict, description="each param's type and meaning")
    message: Messages
    docs: Docs
    cases: list[Case] = Field(default_factory=list, description="named tests beyond the docs examples")
    pack: str = Field("", description="set when loaded")

    @model_validator(mode="after")
    def _one_check(self) -> Rule:
        declared = [k for k in ("expect", "forbid", "check") if getattr(self, k) is not None]
        if len(declared) != 1:
            raise ValueError(f"rule {self.id}: give exactly one of expect, forbid or check (got {declared or 'none'})")
        if self.check is not None and self.check != self.name:
            raise ValueError(f"rule {self.id}: check must be the rule's name {self.name!r} (got {self.check!r})")
        undescribed = set(self.params) - set(self.options)
        if undescribed:
            raise ValueError(f"rule {self.id}: params {sorted(undescribed)} are not described in options (type and description)")
        without_default = set(self.options) - set(self.params)
        if without_default:
            raise ValueError(f"rule {self.id}: options {sorted(without_default)} have no default in params")
        for name, option in self.options.items():
            if not fits(self.params[name], option.type):
                raise ValueError(f"rule {self.id}: the default of {name} is not of its type {option.type}")
        if self.scope == "file" and self.check is None:
            raise ValueError(f"rule {self.id}: a file rule is made by the reader: give check: {self.name}")
        if self.scope != "file" and (self.docs.passing is None or self.docs.failing is None):
            raise ValueError(f"rule {self.id}: docs need a passing and a failing example")
        if self.scope != "file" and any(case.file is not None for case in self.cases):
            raise ValueError(f"rule {self.id}: only a file rule's cases are files")
        return self


class RulePack(BaseModel):
    """A YAML file of rules."""

    model_config = ConfigDict(extra="forbid")

    pack: str
    description: str = ""
    rules: list[Rule]


class PackError(Exception):
    """A rule pack that cannot be used; the message names the file and what is wrong."""


def load_pack(path: Path, with_cases: bool = True) -> RulePack:
    """Read and validate one rule pack, raising PackError with the file and the first problems.

    ``with_cases=False`` leaves out the rules' named cases (test data, most of a pack's size): a lint
    run does not need them, and validating them was a fifth of jxlint's start-up.
    """
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the rule pack ({exc})") from None
    except YamlError as exc:
        raise PackError(f"{path}: not valid YAML ({exc})") from None
    if not with_cases and isinstance(raw, dict) and isinstance(raw.get("rules"), list):
        raw = {**raw, "rules": [{k: v for k, v in rule.items() if k != "cases"} if isinstance(rule, dict) else rule
                                for rule in raw["rules"]]}
    try:
        pack = RulePack.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise PackError(f"{path}: invalid rule pack: {problems}") from None
    for rule in pack.rules:
        rule.pack = pack.pack
    return pack


def pack_schema() -> dict[str, Any]:
    """The JSON Schema of a rule pack."""
    schema = RulePack.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jxlint rule pack"
    return schema
