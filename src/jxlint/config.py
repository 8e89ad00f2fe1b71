"""Configuration: ``[tool.jxlint]`` in pyproject.toml or a ``jxlint.toml``, found from each linted file upward.

Keys (all optional)::

    select = ["DATE", "BUDGET001"]      # only these rules (id prefixes, names, categories)
    ignore = ["VALUE010"]
    extend-select = ["VALUE003"]        # add to the defaults (e.g. a rule that is off)
    severity = { TEXT003 = "warning" }  # per-rule severity
    rules = ["bureau-rules.yaml"]       # extra packs, relative to the config file
    params = { BUDGET001 = { tolerance_yuan = 100 } }
    plan-year = 2025                    # when the tables do not say it
    per-file-ignores = { "drafts/*.xlsx" = ["STRUCT"] }
    fail-on = "warning"
    lang = "en"

The closest config file to a linted file wins; ``--config`` names one for all.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jxlint.core.finding import Severity

CONFIG_NAMES = ("jxlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names it."""


class Config(BaseModel):
    """The settings that shape a lint run."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    severity: dict[str, Severity] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list, description="extra rule packs, relative to the config file")
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    plan_year: int | None = Field(None, alias="plan-year")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    fail_on: Literal["error", "warning", "info", "never"] = Field("error", alias="fail-on")
    lang: Literal["zh", "en"] = "zh"
    source: Path | None = Field(None, exclude=True, description="the file this came from")

    def rule_packs(self) -> list[Path]:
        """The extra packs, resolved against the config file's folder."""
        base = self.source.parent if self.source else Path.cwd()
        return [base / p for p in self.rules]

    def ignored_for(self, path: str) -> list[str]:
        """The rule codes ignored for one linted file by ``per-file-ignores``."""
        base = self.source.parent if self.source else Path.cwd()
        try:
            relative = Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return [code for pattern, codes in self.per_file_ignores.items()
                if fnmatch.fnmatch(relative, pattern) for code in codes]

    def overlaid(self, select: Sequence[str] = (), ignore: Sequence[str] = (), extend_select: Sequence[str] = (),
                 rules: Sequence[str] = ()) -> Config:
        """This config with command-line choices laid over it: ``select`` replaces, the others add."""
        if not (select or ignore or extend_select or rules):
            return self
        return self.model_copy(update={
            "select": list(select) or self.select,
            "ignore": [*self.ignore, *ignore],
            "extend_select": [*self.extend_select, *extend_select],
            "rules": [*self.rules, *(str(Path(r).resolve()) for r in rules)],
        })

    def key(self) -> str:
        """A stable key of the settings that choose rules (configs with equal keys share a rule set)."""
        return self.model_dump_json(include={"select", "ignore", "extend_select", "severity", "rules", "params",
                                             "per_file_ignores"}) + str(
            self.source.parent if self.source else ""
        )


def load_config(path: Path) -> Config:
    """Read one config file: ``[tool.jxlint]`` of a pyproject.toml, or the whole of any other TOML file
    (which may also hold its settings under ``[tool.jxlint]``, as pasted from a pyproject.toml)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if path.name == "pyproject.toml" or set(data) == {"tool"}:
        # pyproject.toml's [tool.jxlint]; the same table pasted into a jxlint.toml is read the same way
        data = data.get("tool", {}).get("jxlint", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        raise ConfigError(f"{path}: invalid jxlint configuration: {problems}") from None
    config.source = path
    return config


@lru_cache(maxsize=256)
def find_config(folder: Path) -> Config:
    """The closest configuration at or above ``folder`` (a pyproject.toml counts only with [tool.jxlint])."""
    for directory in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_jxlint_table(candidate)):
                return load_config(candidate)
    return Config()


def _has_jxlint_table(path: Path) -> bool:
    try:
        return "jxlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def config_for(path: str, explicit: Config | None = None) -> Config:
    """The configuration that governs one linted file."""
    if explicit is not None:
        return explicit
    return find_config(Path(path).resolve().parent)
