"""The real pre-commit, in a throw-away git repository, with this repository as the hook source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

TABLE = """1.2025年示例项目绩效目标表
\t单位：元

\t项目名称
\t2025年示例项目

\t预算规模及资金用途
\t预算数
\t50000.00
\t其中：财政资金
\t50000.00

\t绩效目标
\t1.保障数据库使用，提高服务质量。

\t一级指标
\t二级指标
\t三级指标
\t指标值

\t产出指标
\t数量指标
\t新增数据库使用账号
\t≥1个

\t
\t时效指标
\t数据库使用时间
\t{deadline}

\t
\t成本指标
\t单个账号成本
\t≤5万元

\t效益指标
\t社会效益指标
\t提高知识产权服务质量
\t效果显著

\t满意度指标
\t服务对象满意度指标
\t企业满意度
\t≥85%
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def _head() -> str | None:
    try:
        dirty = _git(ROOT, "status", "--porcelain", "--", "src", "rules", "grammar", "pyproject.toml", ".pre-commit-hooks.yaml")
        return None if dirty.strip() else _git(ROOT, "rev-parse", "HEAD").strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


@pytest.mark.skipif(_head() is None, reason="needs a git checkout whose hook sources are committed")
def test_pre_commit_fails_on_a_defective_table_and_passes_once_fixed(tmp_path):
    repo = tmp_path / "tables"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {_head()}\n    hooks:\n      - id: jxlint\n", encoding="utf-8"
    )
    (repo / "clean.txt").write_text(TABLE.format(deadline="2025年全年"), encoding="utf-8")
    (repo / "defective.txt").write_text(TABLE.format(deadline="2015年12月前"), encoding="utf-8")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    failed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "DATE001" in failed.stdout and "defective.txt" in failed.stdout

    (repo / "defective.txt").write_text(TABLE.format(deadline="2025年12月底前"), encoding="utf-8")
    _git(repo, "add", ".")
    passed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
