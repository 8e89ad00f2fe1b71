"""Where the data files (grammar, vocabularies, rule packs) are found.

In a source checkout or an editable install they sit at the top of the
repository (``grammar/``, ``rules/``); a built wheel carries them in
``jxlint/_data/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``grammar`` or ``rules``, bundled or from the checkout."""
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parents[1] / name


class YamlError(ValueError):
    """Text that is not valid YAML (raised so that callers need not import yaml)."""


def load_yaml(text: str) -> Any:
    """Parse YAML safely: from the JSON the last parse of the same text left in the user cache, else
    with libyaml's C loader when PyYAML has it (YAML parsing was the largest cost of starting up)."""
    folder = cache_dir()
    cached = folder / f"yaml-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:20]}.json" if folder else None
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # not cached yet, or damaged: parse again
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise YamlError(" ".join(str(exc).split())) from None
    if cached is not None:
        try:
            encoded = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError):
            return data  # a value JSON has no form for (an unquoted date): used as parsed, not cached
        _write_atomically(cached, encoded)
    return data


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the final name, then move into place, so that a reader never sees half a file."""
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
            out.write(text)
        os.replace(out.name, path)
    except (OSError, TypeError, ValueError):
        pass  # no cache this time


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
