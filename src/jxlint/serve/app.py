"""The ASGI application of ``jxlint serve``: the page, its assets, and the endpoints it calls.

    GET  /                     the page (limits written into it)
    GET  /static/…             its CSS and JavaScript (nothing comes from elsewhere)
    POST /api/lint             multipart "files": each file's tables, grids and findings (zh and en)
    POST /api/download         multipart "file", ?format=json|sarif|annotated&lang=zh|en: one download
    GET  /api/explain/{rule}   the text of ``jxlint explain RULE``

Uploads are read into memory (starlette spools a part past 1 MB to an
anonymous temporary file, closed and gone when the request ends) and handed to
the worker pool; nothing is stored, and no request is logged.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message

from jxlint.read import READABLE_SUFFIXES
from jxlint.serve.pool import JobFailed, Stopped, WorkerPool
from jxlint.serve.work import DOWNLOADS, safe_name, stopped_view, too_large_view

STATIC = Path(__file__).parent / "static"
_MB = 1024 * 1024
_HEADERS = {"Content-Security-Policy": "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@dataclass(frozen=True)
class Limits:
    """What one request may hold and how long one file may take."""

    max_files: int = 20
    max_file_mb: int = 10
    max_total_mb: int = 20
    seconds_per_file: float = 30.0
    #: Files waiting for a worker, across all requests, beyond which a request is told to come back later.
    max_waiting: int = 200


class _TooLarge(Exception):
    """The request body went past the upload limit."""


def create_app(config_path: str | None = None, limits: Limits | None = None, workers: int | None = None) -> Starlette:
    """The web application; ``config_path`` is the jxlint.toml every upload is linted under (else the defaults)."""
    limits = limits or Limits()
    pool = WorkerPool(workers or min(4, max(2, os.cpu_count() or 1)), limits.seconds_per_file, config_path)
    waiting = {"files": 0}

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    async def page(_: Request) -> Response:
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        for name in ("max_files", "max_file_mb", "max_total_mb"):
            html = html.replace("{{" + name + "}}", str(getattr(limits, name)))
        html = html.replace("{{seconds_per_file}}", f"{limits.seconds_per_file:g}")
        html = html.replace("{{accept}}", ",".join(READABLE_SUFFIXES))
        html = html.replace("{{formats}}", " · ".join(suffix.lstrip(".") for suffix in READABLE_SUFFIXES))
        return HTMLResponse(html, headers=_HEADERS)

    async def lint_files(request: Request) -> Response:
        uploads = await _uploads(request, limits, "files", limits.max_files)
        if isinstance(uploads, Response):
            return uploads
        if waiting["files"] + len(uploads) > limits.max_waiting:
            return _error(503, "服务器正忙，请稍后再试 / the server is busy, try again shortly")
        waiting["files"] += len(uploads)
        try:
            views = await asyncio.gather(*(_lint_one(pool, limits, name, data) for name, data in uploads))
        finally:
            waiting["files"] -= len(uploads)
        return JSONResponse({"files": views}, headers={"Cache-Control": "no-store"})

    async def download(request: Request) -> Response:
        fmt = request.query_params.get("format", "")
        lang = request.query_params.get("lang", "zh")
        if fmt not in DOWNLOADS or lang not in ("zh", "en"):
            return _error(400, "format must be json, sarif or annotated; lang zh or en")
        uploads = await _uploads(request, limits, "file", 1)
        if isinstance(uploads, Response):
            return uploads
        if len(uploads) != 1:
            return _error(400, "send one file as the form field “file”")
        name, data = uploads[0]
        try:
            filename, media_type, content = await pool.run("download", name, data, fmt, lang)
        except JobFailed as exc:
            return _error(422, str(exc))
        except Stopped:
            return _error(422, f"{safe_name(name)}: 处理超时或失败 / took too long or failed")
        disposition = f"attachment; filename=\"{_ascii(filename)}\"; filename*=UTF-8''{quote(filename)}"
        return Response(content, media_type=media_type,
                        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})

    async def explain_rule(request: Request) -> Response:
        text = await asyncio.to_thread(_explained, config_path, request.path_params["rule"])
        if text is None:
            return PlainTextResponse("no such rule", status_code=404)
        return PlainTextResponse(text, headers={"Cache-Control": "no-store"})

    routes = [
        Route("/", page),
        Route("/api/lint", lint_files, methods=["POST"]),
        Route("/api/download", download, methods=["POST"]),
        Route("/api/explain/{rule}", explain_rule),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _lint_one(pool: WorkerPool, limits: Limits, name: str, data: bytes) -> dict[str, Any]:
    """The page data of one file; a file past the size limit or the time limit gets a finding saying so."""
    if len(data) > limits.max_file_mb * _MB:
        return too_large_view(name, limits.max_file_mb)
    try:
        view: dict[str, Any] = await pool.run("lint", name, data)
    except Stopped as exc:
        detail = (f"linting this file took longer than {limits.seconds_per_file:g} s and was stopped"
                  if exc.reason == "TimeLimit" else "the worker process linting this file died")
        return stopped_view(name, exc.reason, detail)
    return view


async def _uploads(request: Request, limits: Limits, field: str, most: int) -> list[tuple[str, bytes]] | Response:
    """The (name, bytes) of the files in the form field ``field``, or the error response that refuses them."""
    total = limits.max_total_mb * _MB
    too_large = _error(413, f"上传总量超过 {limits.max_total_mb} MB / uploads over {limits.max_total_mb} MB in all")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > total + _MB:
        await _drain(request.receive, 0, 5 * total)
        return too_large
    seen = [0]
    capped = Request(request.scope, _capped(request.receive, total + _MB, seen))
    try:
        async with capped.form(max_files=most, max_fields=5) as form:
            files = [part for part in form.getlist(field) if isinstance(part, UploadFile)]
            uploads = [(part.filename or "upload", await part.read()) for part in files]
    except _TooLarge:
        await _drain(request.receive, seen[0], 5 * total)
        return too_large
    except HTTPException as exc:  # starlette's refusal of a malformed form or of too many files
        return _error(400, f"{exc.detail}（每次最多 {most} 个文件 / at most {most} files at once）")
    if not uploads:
        return _error(400, "没有收到文件 / no file received")
    return uploads


def _capped(receive: Callable[[], Awaitable[Message]], limit: int, seen: list[int]) -> Callable[[], Awaitable[Message]]:
    """``receive`` that raises _TooLarge once the body passes ``limit`` bytes (whatever Content-Length said);
    ``seen[0]`` counts the bytes received."""

    async def receive_capped() -> Message:
        message = await receive()
        seen[0] += len(message.get("body", b""))
        if seen[0] > limit:
            raise _TooLarge
        return message

    return receive_capped


async def _drain(receive: Callable[[], Awaitable[Message]], seen: int, most: int) -> None:
    """Read and drop the rest of a refused body, up to ``most`` bytes in all, so the client hears the refusal
    (a server that answers mid-upload and closes makes most clients report a reset, not the answer)."""
    while seen <= most:
        message = await receive()
        seen += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name)


@lru_cache(maxsize=256)
def _explained(config_path: str | None, rule_id: str) -> str | None:
    """``jxlint explain`` of one rule among the shipped packs and the config's, None when there is no such rule."""
    from jxlint.check.engine import load_rules
    from jxlint.check.explain import explain
    from jxlint.config import Config, load_config

    config = load_config(Path(config_path)) if config_path else Config()
    ruleset = load_rules(config.rule_packs(), include_disabled=True, with_cases=True)
    rule = ruleset.rule(rule_id)
    return None if rule is None else explain(rule, ruleset.by_id(rule_id))
