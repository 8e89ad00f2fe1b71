"""Location.as_dict reads the fields directly; it must say what dataclasses.asdict says."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jxlint.core.location import Location

MAYBE_INT = st.none() | st.integers(0, 10**6)
MAYBE_TEXT = st.none() | st.text(max_size=8)


@given(st.text(max_size=8), MAYBE_INT, MAYBE_TEXT, MAYBE_TEXT, MAYBE_INT, MAYBE_INT, MAYBE_INT)
def test_as_dict_is_the_set_fields_in_order(path, line, sheet, cell, row, column, table):
    location = Location(path, line, sheet, cell, row, column, table)
    expected = {name: value for name, value in asdict(location).items() if value is not None}
    assert location.as_dict() == expected
    assert list(location.as_dict()) == list(expected)


def test_a_text_finding_points_at_the_cell_that_holds_the_text(tmp_path):
    """TEXT002's doubled phrase sits in the 三级指标 cell (column C), not in the row's first cell."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
    from office_fixtures import write_xlsx

    from jxlint.api import lint

    rows = [["项目名称", "培训项目", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "培训次数", "≥10次"],
            ["产出指标", "质量指标", "培训合格率培训合格率", "≥95%"],
            ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]]
    placed = write_xlsx(tmp_path / "t.xlsx", [("Sheet1", rows)])
    report = lint(tmp_path / "t.xlsx")
    doubled = [f for f in report.findings if f.rule == "TEXT002"]
    assert [f.location.cell for f in doubled] == [f"C{placed[('Sheet1', 3)]}"]
    dated = [f for f in report.findings if f.rule in ("UNIT001", "VALUE004", "DATE001")]
    assert all(f.location.cell.startswith("D") for f in dated)  # value findings: the 指标值 cell
