"""How the time to lint ONE table grows with the table's length (issue 13).

The corpus benchmarks (``run.py``) lint many tables of a few dozen rows each;
this one lints a single table of N indicator rows, for N from 2,000 to 64,000
(``--sizes``), to show whether the cost per row stays flat (linear) or grows
with N (super-linear: something compares every row with every other row).

Each table is a tab-separated text file read as one table: a head
(项目名称, 主管部门, 年度资金总额 / 预算数, 年度绩效目标), then the grid
header ``一级指标 / 二级指标 / 三级指标 / 指标值`` and N rows cycling through
数量 (人, 场), 成本 (元/人, 每场), 质量, 时效, 效益 and 满意度 rows, every
name numbered so that no two rows share a name (the caches of parsed names
cannot answer for them). The per-unit cost rows are what BUDGET001/BUDGET002
match to the 数量 rows.

Each size is timed as ``jxlint check --format json --fail-on never FILE`` in a
fresh subprocess: one untimed warm-up, then the median of ``--repeat`` runs
(default 3). The times include the process start (about 0.25 s: the interpreter,
jxlint's imports and the grammar), which weighs on the smallest size only; the
µs per row column divides the whole time by N, the ratio column is the time
over the smallest size's time (linear growth gives the ratio of the sizes).

    .venv/bin/python benchmarks/long_table.py
    .venv/bin/python benchmarks/long_table.py --sizes 2000 4000 8000 16000 --repeat 1
    .venv/bin/python benchmarks/long_table.py --distinct-names
    .venv/bin/python benchmarks/long_table.py --jxlint /tmp/jxlint_old   # another commit (README: Comparing…)
    .venv/bin/python benchmarks/long_table.py --write-only --out /tmp/long   # only the files

The files go to ``--out`` (default a temporary folder, removed afterwards).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The rows of one block; ``{i}`` is the block's number, so names never repeat.
_BLOCK = (
    ("产出指标", "数量指标", "培训人数{i}", "≥{people}人"),
    ("产出指标", "成本指标", "人均培训成本{i}", "≤{per_person}元/人"),
    ("产出指标", "数量指标", "培训场次{i}", "≥{sessions}场"),
    ("产出指标", "成本指标", "每场培训成本{i}", "≤{per_session}元"),
    ("产出指标", "质量指标", "培训合格率{i}", "≥95%"),
    ("产出指标", "时效指标", "培训完成时间{i}", "2025年12月31日前"),
    ("效益指标", "社会效益指标", "参训人员技能提升{i}", "显著提升"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度{i}", "≥90%"),
)


_DISTRICTS = ("和平区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区", "津南区", "北辰区", "武清区",
              "宝坻区", "滨海新区", "宁河区", "静海区", "蓟州区", "河东区")
_SUBJECTS = ("中小企业", "专利导航", "商标品牌", "地理标志", "版权登记", "知识产权", "科技成果", "技术转移",
             "人才培养", "数字经济", "智能制造", "生物医药", "新材料", "现代农业", "文化旅游", "社区服务")


def table_text(rows: int, distinct_names: bool = False) -> str:
    """One tab-separated table of ``rows`` indicator rows (a multiple of the block's 8 rows or not);
    with ``distinct_names``, every name starts with a district and a subject."""
    lines = [
        "项目支出绩效目标表",
        "（2025年度）",
        "项目名称\t长表测试培训项目",
        "主管部门\t某某市人力资源和社会保障局",
        "年度资金总额\t{budget}",
        "其中：财政拨款\t{budget}",
        "年度绩效目标\t开展职业技能培训，提升参训人员技能水平。",
        "一级指标\t二级指标\t三级指标\t指标值",
    ]
    body = []
    spent = 0
    for n in range(rows):
        i, k = divmod(n, len(_BLOCK))
        level1, level2, name, value = _BLOCK[k]
        figures = {
            "people": 20 + i % 50,
            "per_person": 100 + i % 7 * 10,
            "sessions": 1 + i % 4,
            "per_session": 500 + i % 5 * 100,
        }
        if k == 1:
            spent += figures["per_person"] * (20 + i % 50)
        elif k == 3:
            spent += figures["per_session"] * (1 + i % 4)
        if distinct_names:
            name = _DISTRICTS[i % len(_DISTRICTS)] + _SUBJECTS[i // len(_DISTRICTS) % len(_SUBJECTS)] + name
        body.append("\t".join((level1, level2, name.format(i=i + 1), value.format(**figures))))
    budget = max(spent * 2, 100000)  # well above the costs: no BUDGET001 finding
    lines = [line.format(budget=budget) for line in lines]
    return "\n".join(lines + body) + "\n"


def _time_one(jxlint: str, path: Path, repeat: int) -> tuple[float, int, int]:
    """Median wall time of ``repeat`` runs (after a warm-up), the tables and the indicator rows read."""
    command = [jxlint, "check", "--format", "json", "--fail-on", "never", str(path)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # warm-up
    report = json.loads(out)
    tables = report["tables"]
    indicators = sum(t["indicators"] for t in tables)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(tables), indicators


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000, 32000, 64000],
                        help="indicator rows of each table (default 2000 … 64000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (median; default 3)")
    parser.add_argument("--jxlint", default=str(Path(sys.executable).with_name("jxlint")), help="the jxlint executable")
    parser.add_argument("--out", type=Path, help="folder for the generated tables (default: a temporary one)")
    parser.add_argument("--distinct-names", action="store_true", help="start every name with a district and a subject")
    parser.add_argument("--write-only", action="store_true", help="write the tables and stop")
    args = parser.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="jxlint-long-"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        paths = {}
        for n in sorted(args.sizes):
            paths[n] = out / f"long-{n}.txt"
            paths[n].write_text(table_text(n, args.distinct_names), encoding="utf-8")
        if args.write_only:
            print("\n".join(str(p) for p in paths.values()))
            return 0
        names = ", distinct names" if args.distinct_names else ""
        print(f"one table of N rows{names}, `jxlint check --format json`, median of {args.repeat} (process start included)")
        print(f"{'N':>8} {'tables':>6} {'rows read':>9} {'seconds':>9} {'µs/row':>8} {'ratio':>7} {'N ratio':>7}")
        first: tuple[int, float] | None = None
        for n, path in paths.items():
            seconds, tables, rows = _time_one(args.jxlint, path, args.repeat)
            first = first or (n, seconds)
            print(f"{n:>8} {tables:>6} {rows:>9} {seconds:>9.2f} {seconds / n * 1e6:>8.1f} "
                  f"{seconds / first[1]:>6.1f}× {n / first[0]:>6.0f}×", flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
