"""Generate a benchmark corpus of 绩效目标表 from the seed tables in examples/.

Every table is derived from one of the real tables in
``examples/binhai-2025-project-targets.txt`` (one cell per line) and
``examples/nantong-2024-project-targets.txt`` (tab-separated): its indicator
rows and goals are kept, its project, department, year, budget, figures and
cost rows are drawn anew. Some tables get defects that jxlint should find;
``manifest.json`` records which ones, table by table.

The same tables are written as text dumps (several per file, alternating the
two layouts of the seed files) and as workbooks (one table per sheet, several
sheets per workbook), so the text and xlsx timings lint the same content.
Output is a pure function of ``--seed``, ``--tables`` and ``--per-file``.

    python benchmarks/make_corpus.py                          # 10,000 tables -> benchmarks/corpus/t10000/
    python benchmarks/make_corpus.py --tables 1000 --format text --out /tmp/corpus

``one-small.txt`` and ``one-small.xlsx`` (the first table alone) are always
written, for timing a cold start.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
EXAMPLES_DIR = BENCH_DIR.parent / "examples"
CELLS_SEED = "binhai-2025-project-targets.txt"
TABS_SEED = "nantong-2024-project-targets.txt"

#: Defect kind -> the rule jxlint should report for it.
DEFECT_RULES = {
    "past_deadline": "DATE001",
    "cost_over_budget": "BUDGET001",
    "empty_cost_row": "STRUCT003",
    "doubled_word": "TEXT001",
    "temperature_percent": "UNIT001",
    "placeholder": "VALUE001",
}
#: Pairs of defects that cannot share a table (an empty cost row leaves no costs to overrun).
EXCLUSIVE_DEFECTS = {frozenset({"cost_over_budget", "empty_cost_row"})}

DISTRICTS = [
    "滨海新区", "和平区", "河西区", "南开区", "河北区", "西青区", "津南区", "武清区",
    "崇川区", "通州区", "海门区", "如东县", "启东市", "海安市", "如皋市",
    "天河区", "越秀区", "海珠区", "番禺区", "朝阳区", "海淀区", "丰台区",
]
DEPARTMENTS = ["知识产权局", "市场监督管理局", "科学技术局", "工业和信息化局", "商务局", "教育局", "司法局"]
COST_NAMES = [
    "专家咨询评审费", "宣传资料印刷费", "会议培训费", "委托第三方服务费", "软件开发费",
    "设备购置费", "系统运行维护费", "专网线路租赁费", "差旅费", "办公耗材费", "数据库购买费",
    "课题研究经费", "活动场地租赁费", "劳务费", "档案整理费", "物业服务费",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "军", "杰", "婷", "涛", "明", "超", "华", "建国", "海燕"]
# Who an indicator is about, put before its name with --distinct-names.
SUBJECTS = ["企业", "园区", "高校", "社区", "街道", "中小企业", "重点企业", "科研院所", "行业协会", "服务机构",
            "试点单位", "示范基地", "专业市场", "孵化器", "创新平台"]
DOUBLING_WORDS = ["参加", "开展", "推进", "提升", "加强", "完成", "组织", "建设", "提高", "实现"]

LEVEL1_ORDER = {"产出指标": 0, "效益指标": 1, "满意度指标": 2}
OUTPUT_LEVEL2_ORDER = {"数量指标": 0, "质量指标": 1, "时效指标": 2, "成本指标": 3}
#: The 决策 and 过程 rows of the Nantong template (the same in every table); 预算执行率 is filled per table.
DECISION_PROCESS_ROWS = [
    ("决策", "项目立项", "立项依据充分性", "充分", "充分"),
    ("", "", "立项程序规范性", "规范", "规范"),
    ("", "绩效目标", "绩效目标合理性", "合理", "合理"),
    ("", "", "绩效指标明确性", "明确", "明确"),
    ("", "资金投入", "预算编制科学性", "科学", "科学"),
    ("", "", "资金分配合理性", "合理", "合理"),
    ("过程", "资金管理", "资金到位率", "序时进度", "100%"),
    ("", "", "预算执行率", "{half_rate}", "=100%"),
    ("", "", "资金使用合规性", "合规", "合规"),
    ("", "组织实施", "管理制度健全性", "健全", "健全"),
    ("", "", "制度执行有效性", "有效", "有效"),
]

_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年")
_FIGURE = re.compile(r"^(≥|≤|>|<|=|＞|＜)?\s*(\d+(?:\.\d+)?)\s*(\S*)$")
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")


@dataclass
class SeedTable:
    """What a real table in examples/ gives a generated one: its name, goals and non-cost indicator rows."""

    project: str
    goals: list[str]
    rows: list[tuple[str, str, str, str]]  # 一级, 二级, 三级, 指标值


@dataclass
class IndicatorRow:
    """One row of a generated indicator grid."""

    level1: str
    level2: str
    name: str
    target: str
    half_year: str

    @property
    def description(self) -> str:
        """The 绩效指标描述 cell (the name again, as in the seed tables)."""
        return self.name


@dataclass
class TableSpec:
    """One generated table, independent of the layout it is written in."""

    project: str
    district: str
    department: str
    unit_code: int  # the 6-digit code before the department's name in the Binhai head
    plan_year: int
    budget_yuan: int
    fiscal_yuan: int
    other_yuan: int
    half_year_rate: int
    contact: str
    goals: list[str]
    content: str
    rows: list[IndicatorRow]
    defects: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- seeds


def load_seeds(examples_dir: Path = EXAMPLES_DIR) -> list[SeedTable]:
    """The seed tables of both example files, cleaned of their own defects."""
    seeds = _cells_seeds((examples_dir / CELLS_SEED).read_text(encoding="utf-8"))
    seeds += _tabs_seeds((examples_dir / TABS_SEED).read_text(encoding="utf-8"))
    seeds = [_cleaned(seed) for seed in seeds]
    seeds = [seed for seed in seeds if seed.project and seed.rows]
    if not seeds:
        raise SystemExit(f"make_corpus: no seed tables found in {examples_dir}")
    return seeds


def _chunks(lines: list[str], starts_table) -> list[list[str]]:
    chunks: list[list[str]] = []
    for line in lines:
        if starts_table(line):
            chunks.append([])
        if chunks:
            chunks[-1].append(line)
    return chunks


def _cells_seeds(text: str) -> list[SeedTable]:
    lines = text.splitlines()
    seeds = []
    for chunk in _chunks(lines, lambda line: not line.startswith("\t") and "绩效目标表" in line):
        stripped = [line.rstrip() for line in chunk]
        try:
            name_at = stripped.index("\t项目名称")
            goals_at = stripped.index("\t绩效目标")
            grid_at = stripped.index("\t一级指标")
        except ValueError:
            continue
        project = chunk[name_at + 1].strip()
        goals = [line.strip() for line in chunk[goals_at + 1:grid_at] if line.strip()]
        seeds.append(SeedTable(project, goals, _cell_rows(chunk[grid_at + 5:])))
    return seeds


def _cell_rows(lines: list[str]) -> list[tuple[str, str, str, str]]:
    """Indicator rows of a one-cell-per-line grid: five tab-led lines each, a blank line between rows."""
    groups: list[list[str]] = []
    cells: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("\t"):
            cells.append(line.strip())
        elif cells:
            groups.append(cells)
            cells = []
        if line.strip() and not line.startswith("\t"):
            break
    rows = []
    level1 = ""
    for group in groups:
        if len(group) == 5:
            level1 = group[0] or level1
            rows.append((level1, group[1], group[2], group[4]))
    return rows


def _tabs_seeds(text: str) -> list[SeedTable]:
    seeds = []
    for chunk in _chunks(text.splitlines(), lambda line: line.strip().endswith("项目预算绩效目标表")):
        project, goals, rows = "", [], []
        in_grid = False
        level1 = level2 = ""
        for line in chunk:
            cells = [cell.strip() for cell in line.split("\t")]
            filled = [cell for cell in cells if cell]
            if not filled:
                continue
            if filled[0] == "项目名称" and len(filled) > 1:
                project = filled[1]
            elif filled[0] == "年度目标" and len(filled) > 1:
                goals = [filled[1]]
            elif filled[0] == "一级指标":
                in_grid = True
            elif in_grid:
                cells += [""] * (5 - len(cells))
                level1 = cells[0] or level1
                level2 = cells[1] or level2
                if level1 in LEVEL1_ORDER and cells[2] and cells[4]:
                    rows.append((level1, level2, cells[2], cells[4]))
        seeds.append(SeedTable(project, goals, rows))
    return seeds


def _cleaned(seed: SeedTable) -> SeedTable:
    """The seed without the defects it came with (doubled words, temperatures, cost rows: all redrawn)."""
    rows = [
        (level1, level2, _DOUBLED.sub(r"\1", name), value)
        for level1, level2, name, value in seed.rows
        if "成本" not in level2 and "温度" not in name
    ]
    goals = [_DOUBLED.sub(r"\1", paragraph) for paragraph in seed.goals]
    return replace(seed, goals=goals, rows=rows)


# ---------------------------------------------------------------- tables


def make_tables(count: int, per_file: int, rng: random.Random, seeds: list[SeedTable],
                distinct_names: bool = False) -> list[TableSpec]:
    """``count`` tables; project names are unique within each group of ``per_file``."""
    tables: list[TableSpec] = []
    used_names: set[str] = set()
    for index in range(count):
        if index % per_file == 0:
            used_names = set()
        table = make_table(rng.choice(seeds), rng, distinct_names)
        table.project = _unique(table.project, used_names)
        used_names.add(table.project)
        tables.append(table)
    return tables


def _unique(project: str, used_names: set[str]) -> str:
    batch = 2
    candidate = project
    while candidate in used_names:
        candidate = f"{project}（第{batch}批）"
        batch += 1
    return candidate


def make_table(seed: SeedTable, rng: random.Random, distinct_names: bool = False) -> TableSpec:
    """A table derived from ``seed`` with new names and figures, maybe with defects.

    With ``distinct_names`` each indicator name gets a district and a subject
    in front (和平区中小企业专利导航服务满意度), so that names, like those of
    real tables, seldom repeat and the linter's caches do not flatter it.
    """
    plan_year = rng.choice([2023, 2024, 2025, 2026])
    district = rng.choice(DISTRICTS)
    core = _LEADING_YEAR.sub("", seed.project).replace("滨海新区", "")
    budget_yuan = rng.randrange(50_000, 5_000_000, 100)
    other_yuan = int(round(budget_yuan * rng.uniform(0.1, 0.4), -2)) if rng.random() < 0.25 else 0
    rows = [_varied_row(level1, level2, name.replace("滨海新区", district), value, plan_year, rng)
            for level1, level2, name, value in seed.rows]
    if distinct_names:
        for row in rows:
            row.name = _distinct_name(row.name, district, rng)
    if not any(row.level2.startswith("时效") for row in rows):
        rows.append(IndicatorRow("产出指标", "时效指标", "项目完成时间", f"{plan_year}年12月底前", f"{plan_year}年12月底前"))
    if not any(row.level1 == "满意度指标" for row in rows):
        rows.append(IndicatorRow("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "≥90%"))
    cost_names = rng.sample(COST_NAMES, rng.randint(2, 4))
    rows += _cost_rows(cost_names, budget_yuan * rng.uniform(0.7, 0.95), rng)
    table = TableSpec(
        project=f"{plan_year}年{district}{core}",
        district=district,
        department=district + rng.choice(DEPARTMENTS),
        unit_code=rng.randint(100000, 999999),
        plan_year=plan_year,
        budget_yuan=budget_yuan,
        fiscal_yuan=budget_yuan - other_yuan,
        other_yuan=other_yuan,
        half_year_rate=rng.choice([20, 25, 30, 40, 50]),
        contact=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_NAMES)} 0{rng.randint(10, 999)}-{rng.randint(2000000, 89999999)}",
        goals=[paragraph.replace("滨海新区", district) for paragraph in seed.goals] or [f"完成{core}年度工作任务。"],
        content="主要用于" + "、".join(cost_names) + "等支出。",
        rows=rows,
    )
    for kind in _drawn_defects(rng):
        inject_defect(table, kind, rng)
    table.rows.sort(key=_row_order)
    return table


def _distinct_name(name: str, district: str, rng: random.Random) -> str:
    """``name`` with a district and a subject before it, never doubling a word it starts with."""
    subject = rng.choice([s for s in SUBJECTS if not name.startswith((s, s[-2:]))])
    return ("" if name.startswith(district) else district) + subject + name


def _row_order(row: IndicatorRow) -> tuple[int, int]:
    return LEVEL1_ORDER.get(row.level1, 3), OUTPUT_LEVEL2_ORDER.get(row.level2, 4) if row.level1 == "产出指标" else 0


def _varied_row(level1: str, level2: str, name: str, value: str, plan_year: int, rng: random.Random) -> IndicatorRow:
    """A seed row with its figure redrawn (dates moved into the plan year, counts scaled, rates re-picked)."""
    if _YEAR_WORD.search(value):
        deadline = f"{plan_year}年{rng.randint(6, 12)}月底前"
        return IndicatorRow(level1, level2, name, deadline, deadline)
    figure = _FIGURE.match(value)
    if figure is None:
        return IndicatorRow(level1, level2, name, value, value)
    comparator, number, unit = figure.group(1) or "", float(figure.group(2)), figure.group(3)
    if unit == "%":
        if comparator not in ("≤", "<") and number >= 80:
            number = rng.choice([85, 90, 95, 98, 100]) if comparator else 100
        target = f"{comparator}{_plain(number)}%"
        return IndicatorRow(level1, level2, name, target, target)
    scaled = max(1, round(number * rng.uniform(0.5, 2.0))) if number.is_integer() else round(number * rng.uniform(0.5, 2.0), 1)
    half = max(1, int(scaled) // 2) if isinstance(scaled, int) and scaled >= 2 else scaled
    return IndicatorRow(level1, level2, name, f"{comparator}{_plain(scaled)}{unit}", f"{comparator}{_plain(half)}{unit}")


def _cost_rows(names: list[str], total_yuan: float, rng: random.Random) -> list[IndicatorRow]:
    """Cost rows whose amounts add up to about ``total_yuan`` (rounded down, so never above it)."""
    weights = [rng.uniform(1, 4) for _ in names]
    rows = []
    for name, weight in zip(names, weights):
        amount_yuan = total_yuan * weight / sum(weights)
        if amount_yuan >= 10_000 and rng.random() < 0.6:
            target = f"≤{_plain(int(amount_yuan / 100) / 100)}万元"
        else:
            target = f"≤{int(amount_yuan)}元"
        rows.append(IndicatorRow("产出指标", "成本指标", name, target, target))
    return rows


def _plain(number: float) -> str:
    """A figure as people write it: no trailing zeros, no needless decimal point."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _drawn_defects(rng: random.Random) -> list[str]:
    """No defect for about 70% of tables, one for 25%, two for 5%."""
    draw = rng.random()
    wanted = 0 if draw < 0.70 else 1 if draw < 0.95 else 2
    kinds: list[str] = []
    for kind in rng.sample(sorted(DEFECT_RULES), len(DEFECT_RULES)):
        if len(kinds) == wanted:
            break
        if not any(frozenset({kind, other}) in EXCLUSIVE_DEFECTS for other in kinds):
            kinds.append(kind)
    return kinds


def inject_defect(table: TableSpec, kind: str, rng: random.Random) -> None:
    """Put one defect of ``kind`` into ``table`` and record it."""
    table.defects.append(kind)
    if kind == "past_deadline":
        timely = [row for row in table.rows if row.level2.startswith("时效")]
        dated = [row for row in timely if "年" in row.target] or timely
        row = rng.choice(dated)
        row.target = row.half_year = f"{table.plan_year - rng.randint(1, 10)}年{rng.randint(6, 12)}月前"
    elif kind == "cost_over_budget":
        costs = [row for row in table.rows if row.level2 == "成本指标"]
        table.rows = [row for row in table.rows if row.level2 != "成本指标"]
        table.rows += _cost_rows([row.name for row in costs], table.budget_yuan * rng.uniform(1.15, 1.6), rng)
    elif kind == "empty_cost_row":
        table.rows = [row for row in table.rows if row.level2 != "成本指标"]
        table.rows.append(IndicatorRow("产出指标", "成本指标", "", "", ""))
    elif kind == "doubled_word":
        text = "".join(table.goals)
        word = next((w for w in DOUBLING_WORDS if w in text), None)
        if word is None:
            table.goals[0] = "加强加强" + table.goals[0]
        else:
            at = next(i for i, paragraph in enumerate(table.goals) if word in paragraph)
            table.goals[at] = table.goals[at].replace(word, word * 2, 1)
    elif kind == "temperature_percent":
        target = f"≥{rng.choice([16, 18, 20])}%"
        table.rows.append(IndicatorRow("产出指标", "质量指标", rng.choice(["室内温度", "办公区域室内温度"]), target, target))
    elif kind == "placeholder":
        # Not the 室内温度 row another defect may have planted: the placeholder would hide it.
        rates = [row for row in table.rows
                 if row.target.endswith("%") and row.level2 != "成本指标" and "温度" not in row.name]
        if rates:
            row = rng.choice(rates)
            row.target = row.half_year = "≥**%"
        else:
            table.rows.append(IndicatorRow("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥**%", "≥**%"))
    else:
        raise ValueError(f"unknown defect kind {kind!r}")


# ---------------------------------------------------------------- text layouts


def cells_text(tables: list[TableSpec]) -> str:
    """Tables in the one-cell-per-line layout of the Binhai file (a Word table saved as text)."""
    lines: list[str] = []
    for number, table in enumerate(tables, 1):
        other = f"{table.other_yuan:.2f}" if table.other_yuan else " "
        lines += [
            f"{number}.{table.project}绩效目标表",
            f"\t{table.unit_code}{table.department}",
            "\t单位：元", "",
            "\t项目名称", f"\t{table.project}", "",
            "\t预算规模及资金用途", "\t预算数", f"\t{table.budget_yuan:.2f}",
            "\t其中：财政资金", f"\t{table.fiscal_yuan:.2f}", "\t其他资金", f"\t{other}", "",
            "\t", f"\t{table.content}", "", "",
            "\t绩效目标", f"\t{table.goals[0]}",
        ]
        for paragraph in table.goals[1:]:
            lines += ["", paragraph]
        lines += ["", "", " ", "\t一级指标", "\t二级指标", "\t三级指标", "\t绩效指标描述", "\t指标值", ""]
        previous_level1 = None
        for row in table.rows:
            level1 = row.level1 if row.level1 != previous_level1 else ""
            previous_level1 = row.level1
            lines += [f"\t{level1}", f"\t{row.level2}", f"\t{row.name}", f"\t{row.description}", f"\t{row.target}", ""]
        lines += ["", "page number", "page number", " "]
    return "\n".join(lines) + "\n"


def _wan(yuan: float) -> str:
    return _plain(yuan / 10_000)


def tabs_text(tables: list[TableSpec]) -> str:
    """Tables in the tab-separated layout of the Nantong file (amounts in 万元, half-year targets)."""
    lines: list[str] = []
    for table in tables:
        year = table.plan_year
        half_yuan = round(table.budget_yuan * table.half_year_rate / 100, -2)
        goals = "".join(table.goals)
        lines += [
            "", "", f"{table.district}本级项目预算绩效目标表", "", f"{year}年度", "",
            f"项目名称\t{table.project}\t\t主管部门\t{table.department}\t",
            "项目类型\t常年安排项目\t\t项目级次\t市本级\t",
            f"开始时间\t{year}\t\t完成时间\t{year}\t",
            f"实施单位\t{table.department}\t\t项目负责人/ 联系电话\t{table.contact}\t",
            f"项目实施内容\t{table.content}\t\t\t\t",
            "项目资金 (万元)\t收入\t\t\t全年(程) 预算数\t",
            f"\t\t资金总额\t\t{_wan(table.budget_yuan)}\t",
            f"\t\t财政拨款\t小计\t\t{_wan(table.fiscal_yuan)}",
            f"\t\t\t一般公共预算资金\t\t{_wan(table.fiscal_yuan)}",
            "\t\t\t政府性基金\t\t", "\t\t\t财政专户管理资金\t\t", "\t\t国有资本金\t\t\t",
            "\t\t社保基金\t\t0\t", "\t上年结转资金\t\t0\t\t",
            f"\t其他资金\t\t{_wan(table.other_yuan)}\t\t",
            "支出\t\t\t半年(程) 计划执行数\t全年(程) 预算数\t",
            f"\t{_LEADING_YEAR.sub('', table.project)}\t\t{_wan(half_yuan)}\t{_wan(table.budget_yuan)}\t",
            f"中长期目标\t{goals}\t\t\t",
            f"年度目标\t{goals}\t\t\t",
            "一级指标\t二级指标\t三级指标\t半年(程) 指标值\t全年(程) 指标值\t",
        ]
        half_rate = f"={table.half_year_rate}%"
        lines += ["\t".join(cells).replace("{half_rate}", half_rate) + "\t" for cells in DECISION_PROCESS_ROWS]
        lines.append("")
        previous = (None, None)
        for row in table.rows:
            level1 = row.level1 if row.level1 != previous[0] else ""
            level2 = row.level2 if (row.level1, row.level2) != previous else ""
            previous = (row.level1, row.level2)
            lines.append("\t".join([level1, level2, row.name, row.half_year, row.target]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- workbooks


def write_workbook(tables: list[TableSpec], path: Path) -> None:
    """One sheet per table: title rows, the head block, the grid with merged 一级 cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    workbook.remove(workbook.active)
    wrap = Alignment(wrap_text=True, vertical="center")
    for number, table in enumerate(tables, 1):
        sheet = workbook.create_sheet(f"表{number}")
        sheet.append([f"{table.plan_year}年度项目支出绩效目标表"])
        sheet.append([f"填报单位（盖章）：{table.department}", None, None, None, "单位：元"])
        sheet.append(["项目名称", table.project])
        sheet.append(["主管部门", table.department, "实施单位", table.department])
        sheet.append(["预算规模及资金用途", "预算数", float(table.budget_yuan)])
        sheet.append([None, "其中：财政资金", float(table.fiscal_yuan)])
        sheet.append([None, "其他资金", float(table.other_yuan)])
        sheet.append(["绩效目标", "\n".join(table.goals)])
        sheet.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"])
        for merged in ("A1:E1", "A2:C2", "B3:E3", "D4:E4", "A5:A7", "C5:E5", "C6:E6", "C7:E7", "B8:E8"):
            sheet.merge_cells(merged)
        for cell in ("C5", "C6", "C7"):
            sheet[cell].number_format = "#,##0.00"
        sheet["B8"].alignment = wrap
        first_grid_row = 10
        block_start = first_grid_row
        for offset, row in enumerate(table.rows):
            at = first_grid_row + offset
            is_first = offset == 0 or table.rows[offset - 1].level1 != row.level1
            sheet.append([row.level1 if is_first else None, row.level2, row.name, row.description, row.target])
            is_last = offset == len(table.rows) - 1 or table.rows[offset + 1].level1 != row.level1
            if is_first:
                block_start = at
            if is_last and at > block_start:
                sheet.merge_cells(f"A{block_start}:A{at}")
        sheet.column_dimensions["C"].width = 30
        sheet.column_dimensions["D"].width = 30
    workbook.save(path)


# ---------------------------------------------------------------- main


def write_corpus(tables: list[TableSpec], out: Path, per_file: int, fmt: str) -> list[dict]:
    """Write the corpus files under ``out``; returns the manifest's file entries."""
    groups = [tables[i:i + per_file] for i in range(0, len(tables), per_file)]
    entries = []
    for kind in ("text", "xlsx"):
        folder = out / kind
        shutil.rmtree(folder, ignore_errors=True)
        if fmt not in (kind, "both"):
            continue
        folder.mkdir(parents=True)
        for number, group in enumerate(groups, 1):
            if kind == "xlsx":
                path, layout = folder / f"book-{number:05d}.xlsx", "xlsx"
                write_workbook(group, path)
            elif number % 2:
                path, layout = folder / f"cells-{number:05d}.txt", "cells"
                path.write_text(cells_text(group), encoding="utf-8")
            else:
                path, layout = folder / f"tabs-{number:05d}.txt", "tabs"
                path.write_text(tabs_text(group), encoding="utf-8")
            entries.append({
                "path": str(path.relative_to(out)),
                "layout": layout,
                "tables": [{"project": t.project, "plan_year": t.plan_year, "budget_yuan": t.budget_yuan,
                            "defects": t.defects} for t in group],
            })
    (out / "one-small.txt").write_text(cells_text(tables[:1]), encoding="utf-8")
    write_workbook(tables[:1], out / "one-small.xlsx")
    return entries


def main(argv: list[str] | None = None) -> int:
    """Parse the options, generate the tables, write files and manifest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=10000, help="number of tables (default 10000)")
    parser.add_argument("--per-file", type=int, default=10, help="tables per text file and sheets per workbook (default 10)")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("--format", choices=("text", "xlsx", "both"), default="both")
    parser.add_argument("--distinct-names", action="store_true",
                        help="put a district and a subject before each indicator name, so that names seldom repeat")
    parser.add_argument("--out", type=Path,
                        help="output folder (default benchmarks/corpus/t<TABLES>, d<TABLES> with --distinct-names)")
    args = parser.parse_args(argv)
    if args.tables < 1 or args.per_file < 1:
        parser.error("--tables and --per-file must be positive")
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        parser.error("writing workbooks needs openpyxl: .venv/bin/pip install openpyxl")
    out = args.out or BENCH_DIR / "corpus" / f"{'d' if args.distinct_names else 't'}{args.tables}"
    started = time.perf_counter()
    tables = make_tables(args.tables, args.per_file, random.Random(args.seed), load_seeds(), args.distinct_names)
    out.mkdir(parents=True, exist_ok=True)
    files = write_corpus(tables, out, args.per_file, args.format)
    defect_counts = {kind: sum(kind in t.defects for t in tables) for kind in DEFECT_RULES}
    manifest = {
        "seed": args.seed, "tables": args.tables, "per_file": args.per_file, "format": args.format,
        "distinct_names": args.distinct_names,
        "defect_rules": DEFECT_RULES, "defect_counts": defect_counts, "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"{args.tables} tables in {len(files)} files under {out} ({elapsed:.1f} s); defects: "
          + ", ".join(f"{kind} {count}" for kind, count in defect_counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
