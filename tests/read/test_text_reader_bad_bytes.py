"""A stray undecodable byte does not make a text or csv file unreadable: the rest is decoded and linted,
and READ003 says where the bad bytes are."""

from __future__ import annotations

import pytest

from jxlint.api import lint
from jxlint.read.decode import decode_tolerant
from jxlint.read.errors import ReadError

TABLE = "项目名称\t测试项目\n预算数\t100\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_a_stray_byte_is_read_as_a_replacement_and_located(tmp_path, encoding, suffix):
    text = TABLE if suffix == ".txt" else TABLE.replace("\t", ",")
    data = text.encode(encoding)
    cut = data.index("培训".encode(encoding))
    path = tmp_path / f"t{suffix}"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    report = lint(path, lang="en")
    (bad,) = [f for f in report.findings if f.rule == "READ003"]
    assert bad.location.line == 4 and bad.data["byte"] == cut - data.rindex(b"\n", 0, cut)
    assert bad.data["encoding"] == encoding and bad.data["count"] == 1
    assert report.summaries and report.summaries[0]["indicators"] == 1


def test_a_file_of_mostly_bad_bytes_is_still_refused():
    with pytest.raises(ReadError, match="undecodable"):
        decode_tolerant(b"\x80\xff" * 500, "x.txt")


def test_clean_text_has_no_bad_bytes():
    assert decode_tolerant(TABLE.encode("gb18030"), "x.txt") == (TABLE, None)
