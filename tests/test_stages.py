"""The pipeline's stages import downwards only: no two parts of jxlint import each other, directly or round
a longer loop (report/ never imports api; read/ and model/ share Location and Finding from core/)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jxlint"


def imports_between_parts() -> dict[str, set[str]]:
    """For each part (a sub-package or a top-level module of jxlint), the other parts it imports from."""
    edges: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        part = path.relative_to(SRC).parts[0].removesuffix(".py")
        if part in ("__init__", "__main__"):
            continue  # the package's front door re-exports; ``python -m jxlint`` starts the command line
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jxlint."):
                other = node.module.split(".")[1]
                if other != part:
                    edges.setdefault(part, set()).add(other)
    return edges


def test_no_part_of_jxlint_imports_round_a_loop():
    edges = imports_between_parts()

    def loop_from(start: str, node: str, path: list[str]) -> list[str] | None:
        for other in sorted(edges.get(node, ())):
            if other == start:
                return [*path, other]
            if other not in path:
                found = loop_from(start, other, [*path, other])
                if found:
                    return found
        return None

    loops = [loop for part in sorted(edges) if (loop := loop_from(part, part, [part]))]
    assert loops == []
    assert "api" not in edges.get("report", set()) and "model" not in edges.get("read", set())
