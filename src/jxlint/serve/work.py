"""What a worker process does with one upload: lint it for the page, or make one of its downloads.

Uploads arrive as bytes with their file name; ``jxlint.lint`` writes them to a
temporary folder that is removed as soon as the file is read, so nothing stays
on disk. Every function here returns plain data (picklable, JSON-ready).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from jxlint.api import failed_report, lint, unreadable_report
from jxlint.config import Config
from jxlint.report.json_format import dumps
from jxlint.serve.view import file_view

#: Download formats: format → (file name ending, media type).
DOWNLOADS = {
    "json": (".jxlint.json", "application/json"),
    "sarif": (".sarif", "application/sarif+json"),
    "annotated": (".annotated.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


class DownloadError(Exception):
    """A download that cannot be made for this file (an annotated copy of what is no xlsx workbook)."""


def safe_name(name: str) -> str:
    """The upload's base name, without folders, control characters or a length that a file system refuses."""
    base = "".join(ch for ch in name.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return "upload"
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:100] + dot + suffix[:10]) if dot and len(suffix) <= 10 else base[:120]
    return base


def warm_up(config: Config) -> None:
    """Load the rules and the readers' modules before the first upload, so its time limit is its own."""
    lint(b"\xef\xbb\xbf", config, name="warm-up.txt")


def lint_for_page(config: Config, name: str, data: bytes) -> dict[str, Any]:
    """The page data of one upload: its tables as grids with findings in Chinese and English."""
    name = safe_name(name)
    return file_view(name, lint(data, config, lang="zh", name=name), lint(data, config, lang="en", name=name))


def stopped_view(name: str, error: str, detail: str) -> dict[str, Any]:
    """The page data of an upload whose linting was stopped (time limit) or whose worker died."""
    name = safe_name(name)
    return file_view(name, failed_report(None, name, error, detail, "zh"), failed_report(None, name, error, detail, "en"))


def download(config: Config, name: str, data: bytes, fmt: str, lang: str) -> tuple[str, str, bytes]:
    """One download of an upload: (file name, media type, content) for ``fmt`` json, sarif or annotated."""
    from jxlint.api import Linter

    name = safe_name(name)
    ending, media_type = DOWNLOADS[fmt]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    report = lint(data, config, lang=lang, name=name)
    if fmt == "json":
        return stem + ending, media_type, dumps(report.to_json(), ensure_ascii=False, indent=2).encode()
    if fmt == "sarif":
        rules = Linter(config).rules_for(config)  # the rules in force, as `jxlint check --format sarif` names them
        return stem + ending, media_type, dumps(report.to_sarif(rules), ensure_ascii=False, indent=2).encode()
    return stem + ending, media_type, _annotated(config, name, data, lang)


def _annotated(config: Config, name: str, data: bytes, lang: str) -> bytes:
    """The workbook with its findings as comments and fills, as ``jxlint annotate`` writes it."""
    from jxlint.api import Linter
    from jxlint.report.annotate import AnnotateError, annotate_workbook

    if Path(name).suffix.lower() not in (".xlsx", ".xlsm"):
        raise DownloadError("only .xlsx and .xlsm workbooks can be annotated")
    with tempfile.TemporaryDirectory(prefix="jxlint-serve-") as folder:
        source = Path(folder) / name
        source.write_bytes(data)
        report = Linter(config, lang).lint_file(source)
        if report.unreadable:
            raise DownloadError(report.findings[0].message if report.findings else "the workbook cannot be read")
        target = Path(folder) / ("annotated-" + name)
        try:
            annotate_workbook(source, target, report, lang)
        except AnnotateError as exc:
            raise DownloadError(str(exc).replace(str(source), name)) from None
        return target.read_bytes()


def too_large_view(name: str, limit_mb: int) -> dict[str, Any]:
    """The page data of an upload refused for its size: a READ001 finding naming the limit."""
    name = safe_name(name)
    return file_view(name, unreadable_report(None, name, f"文件大于 {limit_mb} MB 的上传上限", "zh"),
                     unreadable_report(None, name, f"the file is larger than the upload limit of {limit_mb} MB", "en"))
