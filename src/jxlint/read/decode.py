"""Turn the bytes of a text file into str, detecting the encoding from the content.

Finance officers save csv and text from Excel and WPS on Chinese Windows, so
GB18030/GBK is as common as UTF-8; UTF-16 comes from "Unicode text" exports.
The extension says nothing about the encoding.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from jxlint.read.errors import ReadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names (UTF-8 or UTF-16), None without one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


@dataclass(frozen=True)
class BadBytes:
    """Where a text file holds bytes its encoding cannot decode: the first at ``line`` (1-based) and
    ``byte`` (1-based, in that line), ``count`` in all; each was read as U+FFFD."""

    encoding: str
    line: int
    byte: int
    count: int


def decode_tolerant(data: bytes, path: str) -> tuple[str, BadBytes | None]:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030, told by the content.

    Stray undecodable bytes are read as U+FFFD rather than refusing the file:
    the encoding that decodes more of it is kept, and where the bad bytes are
    is returned. An empty file, NUL bytes (binary content) or a file of
    mostly undecodable bytes raise ReadError.
    """
    if not data.strip():
        raise ReadError(path, "the file is empty")
    if (encoding := bom_encoding(data)) is not None:
        return _decoded(data, encoding, path=path)
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary content, not a text table (NUL bytes)")
    return _decoded(data, "utf-8", "gb18030", path=path)


def _decoded(data: bytes, *encodings: str, path: str) -> tuple[str, BadBytes | None]:
    """``data`` decoded by the one of ``encodings`` that decodes most of it, U+FFFD for each bad byte,
    and where those are; ReadError when most of it is bad (binary content, not text)."""
    tried = []
    for encoding in encodings:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError as exc:
            text = data.decode(encoding, errors="replace")
            tried.append((text.count("\ufffd"), exc.start, encoding, text))
            if encoding.startswith("utf-8") and tried[-1][0] <= max(3, len(data) // 500):
                break  # UTF-8 with a stray byte or a character cut at the end: GB18030, which decodes
                # any bytes at all, would turn the whole text into other characters
    count, first, encoding, text = min(tried)
    if count > max(16, len(data) // 20):
        raise ReadError(path, f"not {' nor '.join(encodings)} text ({count:,} undecodable bytes, the first at byte {first:,})")
    line = data.count(b"\n", 0, first) + 1
    line_start = data.rfind(b"\n", 0, first) + 1
    return text, BadBytes(encoding.replace("-sig", ""), line, first - line_start + 1, count)
