"""Location.as_dict reads the fields directly; it must say what dataclasses.asdict says."""

from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from jxlint.model.location import Location

MAYBE_INT = st.none() | st.integers(0, 10**6)
MAYBE_TEXT = st.none() | st.text(max_size=8)


@given(st.text(max_size=8), MAYBE_INT, MAYBE_TEXT, MAYBE_TEXT, MAYBE_INT, MAYBE_INT, MAYBE_INT)
def test_as_dict_is_the_set_fields_in_order(path, line, sheet, cell, row, column, table):
    location = Location(path, line, sheet, cell, row, column, table)
    expected = {name: value for name, value in asdict(location).items() if value is not None}
    assert location.as_dict() == expected
    assert list(location.as_dict()) == list(expected)
