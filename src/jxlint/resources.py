"""Where the data files (grammar, vocabularies, rule packs) are found.

In a source checkout or an editable install they sit at the top of the
repository (``grammar/``, ``rules/``); a built wheel carries them in
``jxlint/_data/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``grammar`` or ``rules``, bundled or from the checkout."""
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parents[1] / name


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml's C loader when PyYAML has it (ten times faster at start-up)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
