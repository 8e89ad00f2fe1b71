"""Fixtures of the web page's tests: a real server on a free port, a seed workbook, a multipart client.

A module of its own, not a conftest.py: the tests import ``conftest`` by name for the top-level one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="jxlint serve needs the serve extra (starlette, uvicorn, python-multipart)")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from office_fixtures import seed_rows, split_tables, write_xlsx  # noqa: E402

#: The seed the workbook is made of: its tables 2 to 4 hold BUDGET001, two DATE001, VALUE005 and UNIT001.
SEED = "binhai-2025-project-targets.txt"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 60) -> None:
    """Return once ``url`` answers; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    pytest.fail(f"the server at {url} did not answer within {seconds} s")


def post_files(url: str, files: list[tuple[str, str, bytes]]) -> tuple[int, dict[str, str], bytes]:
    """POST ``files`` (form field, file name, content) as multipart/form-data; returns status, headers, body."""
    boundary = uuid.uuid4().hex
    parts = []
    for field, name, content in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n")
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session", name="seed_workbook")
def seed_workbook_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An xlsx of three tables of the seed, one per sheet (表1, 表2, 表3)."""
    tables = split_tables(seed_rows(SEED))
    path = tmp_path_factory.mktemp("serve") / "binhai-three-tables.xlsx"
    write_xlsx(path, [(f"表{number}", rows) for number, rows in enumerate(tables[1:4], 1)])
    return path


@pytest.fixture(scope="session", name="served")
def served_fixture() -> Iterator[str]:
    """``jxlint serve`` started for real, as a user starts it, on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "jxlint", "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/")
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def counts(path: Path) -> dict[str, int]:
    """What ``jxlint.lint`` finds in a file, counted as the page counts it: tables and findings by severity."""
    from jxlint.api import lint

    report = lint(path)
    found = {severity: sum(1 for f in report.findings if f.severity == severity) for severity in ("info", "warning", "error")}
    return {"tables": len(report.tables), **found}


@contextlib.contextmanager
def serving(app: object) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread of this process on a free port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/")
        yield url
    finally:
        server.should_exit = True
        thread.join(30)
