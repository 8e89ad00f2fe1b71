"""Where the data files (grammar, vocabularies, rule packs) are found.

In a source checkout or an editable install they sit at the top of the
repository (``grammar/``, ``rules/``); a built wheel carries them in
``jxlint/_data/``.
"""

from __future__ import annotations

import os
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


def cache_dir() -> Path | None:
    """A writable user cache folder for built artefacts (parser tables, unit facts); None if there is none.

    It is ``$XDG_CACHE_HOME/jxlint`` or ``~/.cache/jxlint``, never the repository
    or the input's folder; ``JXLINT_NO_CACHE=1`` turns caching off.
    """
    if os.environ.get("JXLINT_NO_CACHE"):
        return None
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jxlint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
