"""Worker processes for the web page: each upload is linted in one, under a time limit.

A worker that goes past the time limit on a file is killed and replaced, and
the file gets a finding saying so; a worker that dies (a native library that
aborts on a hostile file) is replaced the same way. Either way only that file
is affected: the others are linted by the other workers, or by the new one.
The workers are started with ``spawn``, so they share no state with the server.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

#: How long a fresh worker may take to import jxlint and load its rules before it is taken for dead.
_START_SECONDS = 120.0


class Stopped(Exception):
    """A job was stopped: ``reason`` is ``TimeLimit`` or ``WorkerDied``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JobFailed(Exception):
    """A job raised an error in its worker (its message is for the user: a download that cannot be made)."""


def _serve_jobs(connection: Connection, config_path: str | None) -> None:
    """A worker's loop: receive (task, arguments), send back ("ok", result) or ("error", message)."""
    from jxlint.config import Config, load_config
    from jxlint.serve import work

    config = load_config(Path(config_path)) if config_path else Config()
    tasks: dict[str, Callable[..., Any]] = {"lint": work.lint_for_page, "download": work.download}
    work.warm_up(config)
    connection.send(("ready", None))
    while True:
        try:
            task, arguments = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", tasks[task](config, *arguments)))
        except work.DownloadError as exc:
            connection.send(("error", str(exc)))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, config_path: str | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_serve_jobs, args=(child, config_path), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def call(self, task: str, arguments: tuple[Any, ...], seconds: float) -> Any:
        """Run one job; raises Stopped on the time limit or when the process dies, JobFailed on its error.

        The time limit counts from when the worker is ready: a fresh worker first
        imports jxlint and loads its rules (it says "ready" when done).
        """
        try:
            if not self.ready:
                if not self.connection.poll(_START_SECONDS):
                    raise Stopped("WorkerDied")
                self.connection.recv()
                self.ready = True
            self.connection.send((task, arguments))
            if not self.connection.poll(seconds):
                raise Stopped("TimeLimit")
            status, result = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise Stopped("WorkerDied") from None
        if status == "error":
            raise JobFailed(result)
        return result

    def stop(self) -> None:
        """End the process now (a job past its time limit is not waited for)."""
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """``size`` worker processes; ``run`` waits for a free one, so a full pool queues jobs instead of failing."""

    def __init__(self, size: int, seconds: float, config_path: str | None = None) -> None:
        self.size = size
        self.seconds = seconds
        self.config_path = config_path
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []

    async def start(self) -> None:
        """Start the workers (in the event loop that will use them)."""
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            worker = _Worker(self.config_path)
            self._all.append(worker)
            self._idle.put_nowait(worker)

    async def run(self, task: str, *arguments: Any) -> Any:
        """Run ``task`` in a free worker; a worker that overran or died is replaced before Stopped is raised.

        The job is shielded: a request cancelled while its job runs leaves the
        worker to finish it, and the worker goes back to the pool only then.
        """
        assert self._idle is not None, "start() runs first"
        worker = await self._idle.get()
        job = asyncio.ensure_future(self._run_on(worker, task, arguments))
        job.add_done_callback(lambda done: done.cancelled() or done.exception())  # an abandoned job's error is seen
        return await asyncio.shield(job)

    async def _run_on(self, worker: _Worker, task: str, arguments: tuple[Any, ...]) -> Any:
        assert self._idle is not None
        try:
            return await asyncio.to_thread(worker.call, task, arguments, self.seconds)
        except Stopped:
            await asyncio.to_thread(worker.stop)
            self._all.remove(worker)
            worker = _Worker(self.config_path)
            self._all.append(worker)
            raise
        finally:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker."""
        for worker in self._all:
            await asyncio.to_thread(worker.stop)
        self._all.clear()
