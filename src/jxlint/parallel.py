"""Worker side of ``jxlint check -j N``: each process builds its Linter once and lints the files it is sent."""

from __future__ import annotations

from jxlint.api import Linter, Report
from jxlint.config import Config

_linter: Linter | None = None


def start_worker(config: Config | None, lang: str | None, overlay: dict[str, list[str]]) -> None:
    """Set up this worker process's Linter (rules load on its first file)."""
    global _linter
    _linter = Linter(config, lang, overlay, keep_tables=False)


def lint_one(path: str) -> Report:
    """Lint one file in this worker."""
    assert _linter is not None, "start_worker runs first"
    return _linter.lint_file(path)
