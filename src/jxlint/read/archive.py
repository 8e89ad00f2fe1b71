"""Open the zip container of an xlsx or docx safely: sizes checked before anything is inflated.

The zip directory states each member's compressed and uncompressed size. A
zip bomb states huge uncompressed sizes (or ratios no spreadsheet reaches);
one that lies about them is caught when the member is read through
:mod:`zipfile`, which stops at the stated size and then fails the CRC check.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from jxlint.read import limits
from jxlint.read.errors import ReadError

#: Errors that mean the container or a member is unusable: damaged or truncated (OSError: a seek
#: before the file's start), zip-encrypted (RuntimeError), packed with a method zipfile lacks
#: (NotImplementedError).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)

_CHUNK = 1024 * 1024
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: "Strict Open XML" namespaces (Excel and Word can save so) → the usual ones the readers look for.
_STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/spreadsheetml/main": b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main":
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships":
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


@contextmanager
def open_zip(path: str) -> Iterator[zipfile.ZipFile]:
    """The checked zip archive at ``path``; ReadError when it is damaged or would inflate too far."""
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED as exc:
        raise ReadError(path, f"damaged or truncated zip container ({exc})") from None
    with archive:
        check_sizes(archive, path)
        yield archive


def check_sizes(archive: zipfile.ZipFile, path: str) -> None:
    """Refuse an archive whose stated sizes exceed the limits in :mod:`jxlint.read.limits`, or a member
    that states more compressed bytes than the whole file holds (zipfile would try to read them all)."""
    members = archive.infolist()
    size = os.path.getsize(path)
    for member in members:
        if member.compress_size > size:
            raise ReadError(path, f"damaged zip member {member.filename}: it states {member.compress_size:,} "
                                  f"compressed bytes in a file of {size:,}")
    total = sum(m.file_size for m in members)
    if total > limits.MAX_BYTES:
        raise ReadError(path, f"inflates to {total / 2**20:.0f} MB, above the {limits.MAX_BYTES // 2**20} MB limit")
    packed = sum(m.compress_size for m in members)
    if total > limits.MIN_RATIO_CHECK_BYTES and total > limits.MAX_COMPRESSION_RATIO * max(packed, 1):
        raise ReadError(path, f"compressed {total // max(packed, 1)}:1, above the {limits.MAX_COMPRESSION_RATIO}:1 "
                              "limit (a zip bomb?)")
    for member in members:
        if (member.file_size > limits.MIN_RATIO_CHECK_BYTES
                and member.file_size > limits.MAX_COMPRESSION_RATIO * max(member.compress_size, 1)):
            raise ReadError(path, f"member {member.filename} is compressed "
                                  f"{member.file_size // max(member.compress_size, 1)}:1, above the "
                                  f"{limits.MAX_COMPRESSION_RATIO}:1 limit (a zip bomb?)")


def read_member(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    """The bytes of one member, Strict Open XML namespaces made the usual ones; ReadError when it is damaged."""
    try:
        data = archive.read(name)
    except DAMAGED as exc:
        raise ReadError(path, f"damaged zip member {name} ({exc})") from None
    if b"purl.oclc.org/ooxml/" in data[:4096]:
        for strict, usual in _STRICT_NAMESPACES.items():
            data = data.replace(strict, usual)
    return data


def verify_member(archive: zipfile.ZipFile, name: str, path: str) -> None:
    """Inflate one member in chunks and discard it, so a lie about its size or a bad CRC shows up."""
    try:
        with archive.open(name) as stream:
            while stream.read(_CHUNK):
                pass
    except DAMAGED as exc:
        raise ReadError(path, f"damaged zip member {name} ({exc})") from None


def parse_member(archive: zipfile.ZipFile, name: str, path: str) -> ET.Element:
    """One XML member parsed; ReadError when it is damaged."""
    try:
        return ET.fromstring(read_member(archive, name, path))
    except (ET.ParseError, ValueError, LookupError) as exc:  # LookupError: an XML declaration's unknown encoding
        raise ReadError(path, f"damaged part {name} ({type(exc).__name__}: {str(exc)[:200]})") from None


def main_part(archive: zipfile.ZipFile, path: str) -> str | None:
    """The main document part the package's relationships name (``xl/workbook.xml``, ``word/document.xml``)."""
    if "_rels/.rels" not in archive.namelist():
        return None
    for rel in parse_member(archive, "_rels/.rels", path).iter(f"{{{_PACKAGE_REL}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return None
