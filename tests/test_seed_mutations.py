"""Defects injected into the real example tables: each mutation must be found, the original must not be.

The golden files mostly say what is right in these tables (Nantong's sums, the
rent formula, the execution rates); these cases prove the checks behind those
guards are alive by breaking one figure at a time.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from jxlint.api import lint

NANTONG = "nantong-2024-project-targets.txt"
CHAOYANG = "chaoyang-2020-self-assessment.txt"
BINHAI = "binhai-2025-project-targets.txt"

MUTATIONS = [
    # (file, text to replace, replacement, rule expected, project)
    (NANTONG, "*6个月=54.7万", "*6个月=64.7万", "ARITH004", "其他租赁费"),
    (NANTONG, "法律顾问费4万元", "法律顾问费5万元", "ARITH005", "知识产权援助执法专项"),
    (NANTONG, "预算执行率\t=35%\t=100%\t\n\t\t资金使用合规性\t合规\t合规\t\n\t组织实施\t管理制度健全性\t健全\t健全\t\n\t\t制度执行有效性\t有效\t有效\t\n\t\t物业服务人员人数",
     "预算执行率\t=45%\t=100%\t\n\t\t资金使用合规性\t合规\t合规\t\n\t组织实施\t管理制度健全性\t健全\t健全\t\n\t\t制度执行有效性\t有效\t有效\t\n\t\t物业服务人员人数", "ARITH006", "物业管理费"),
    (NANTONG, "≥150件\t≥300件", "≥350件\t≥300件", "ARITH007", "知识产权预审服务专项"),
    (NANTONG, "开始时间	2024	完成时间	2024	", "开始时间	2025	完成时间	2024	", "DATE003", "其他租赁费"),
    (CHAOYANG, "\t11.900%", "\t13.900%", "ARITH002", "北京市朝阳区"),
    (CHAOYANG, "\t926.2\n\t926.2\n\t100%", "\t926.2\n\t956.2\n\t103.2%", "ARITH001", "北京市朝阳区"),
    (CHAOYANG, "\t155万", "\t185万", "ARITH008", "北京市朝阳区"),
    (CHAOYANG, "专利技术产业化项目资助10家。", "专利技术产业化项目资助9家。", "ASSESS003", "北京市朝阳区"),
    (BINHAI, "≤96800元", "≤966800元", "BUDGET001", "保护中心专项业务费"),
    (BINHAI, "≥85%\n\n\n\n \n[bookmark: _Toc_4_4_0000000008]", "≥**%\n\n\n\n \n[bookmark: _Toc_4_4_0000000008]", "VALUE001", "保护中心专项业务费"),
]


@pytest.mark.parametrize("name,old,new,rule,project", MUTATIONS, ids=[m[3] for m in MUTATIONS])
def test_mutation_is_found_and_original_is_clean(tmp_path, rules, name, old, new, rule, project):
    original = (EXAMPLES / name).read_text(encoding="utf-8")
    assert original.count(old) >= 1, f"mutation anchor not in {name}: {old!r}"
    mutated = tmp_path / name
    mutated.write_text(original.replace(old, new, 1), encoding="utf-8")

    def hits(path):
        return [f for f in lint(path).findings if f.rule == rule and project in (f.project or "")]

    assert hits(EXAMPLES / name) == []
    found = hits(mutated)
    assert found, f"{rule} not found after replacing {old!r} with {new!r}"
    assert all(f.location.line for f in found)
