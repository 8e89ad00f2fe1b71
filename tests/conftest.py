"""Shared fixtures: the example tables and their golden expectations, all inside the repository."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

# Tests never write to the user's cache folder: jxlint's caches (the parser tables, the unit facts)
# go to a folder of the test session's own, set before any test imports jxlint.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="jxlint-test-cache-")
os.environ.pop("JXLINT_NO_CACHE", None)
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_cases() -> list[tuple[Path, dict]]:
    """(example file, its golden expectations) for every example that has them."""
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append((EXAMPLES / expected["seed"], expected))
    return cases


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, standard output, standard error)."""
    from jxlint.cli import main

    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def rules_found(out: str) -> set[str]:
    """The rule ids of a JSON report's findings."""
    return {f["rule"] for f in json.loads(out)["findings"]}


@pytest.fixture(scope="session")
def rules():
    """All enabled shipped rules, loaded once."""
    from jxlint.check.engine import load_rules

    ruleset = load_rules()
    assert not ruleset.errors, ruleset.errors
    return ruleset
