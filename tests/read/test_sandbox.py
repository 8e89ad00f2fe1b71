"""A reader run in a child process: its result comes back, its ReadError too, and a child that aborts
or asks for too much memory makes the file unreadable instead of ending the run."""

from __future__ import annotations

import faulthandler
import os

import pytest

from jxlint.read import limits
from jxlint.read.errors import ReadError
from jxlint.read.sandbox import in_child


def _rows(path):
    return [["项目名称", path]]


def _refuses(path):
    raise ReadError(path, "not a workbook")


def _aborts(path):
    faulthandler.disable()
    os.abort()


def _hogs(path):
    return bytearray(limits.CHILD_MEMORY_BYTES + (1 << 30))


def test_the_result_comes_back():
    assert in_child(_rows, "a.xls") == [["项目名称", "a.xls"]]


def test_a_read_error_comes_back_as_itself():
    with pytest.raises(ReadError, match="not a workbook"):
        in_child(_refuses, "a.xls")


@pytest.mark.parametrize("reader", [_aborts, _hogs])
def test_a_child_that_dies_or_runs_out_of_memory_makes_the_file_unreadable(reader):
    with pytest.raises(ReadError) as error:
        in_child(reader, "a.xls")
    assert error.value.path == "a.xls"
