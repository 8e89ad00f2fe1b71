"""Turn the bytes of a text file into str, detecting the encoding from the content.

Finance officers save csv and text from Excel and WPS on Chinese Windows, so
GB18030/GBK is as common as UTF-8; UTF-16 comes from "Unicode text" exports.
The extension says nothing about the encoding.
"""

from __future__ import annotations

import codecs

from jxlint.read.errors import ReadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: str) -> str:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030; raise ReadError otherwise."""
    if not data.strip():
        raise ReadError(path, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary content, not a text table (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"neither UTF-8 nor GB18030 text (undecodable byte at {exc.start})") from None
