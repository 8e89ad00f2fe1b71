"""``jxlint check -j N``: files linted in a pool of processes, each building its Linter once.

Reports come back in file order. A worker that dies (a native library that
aborts the process on a hostile file) takes its pool down: the files it held
are then linted again one at a time, each in a fresh worker, so that the file
that kills its worker gets an internal-error finding (JXL002) and every other
file its own report; the rest of the run goes on in a new pool.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from jxlint.api import Linter, Report, failed_report
from jxlint.config import Config

_linter: Linter | None = None


def start_worker(config: Config | None, lang: str | None, overlay: dict[str, list[str]]) -> None:
    """Set up this worker process's Linter (rules load on its first file)."""
    global _linter
    _linter = Linter(config, lang, overlay, keep_tables=False)


def lint_one(path: str) -> Report:
    """Lint one file in this worker."""
    assert _linter is not None, "start_worker runs first"
    return _linter.lint_file(path)


def lint_many(paths: Sequence[str]) -> list[Report]:
    """Lint a chunk of files in this worker."""
    return [lint_one(path) for path in paths]


def lint_in_pool(linter: Linter, files: Sequence[str], jobs: int, chunk: int) -> Iterator[Report]:
    """One report per file, in order, from ``jobs`` processes taking ``chunk`` files at a time."""
    settings = (linter.explicit_config, linter.lang, linter.overlay)
    position = 0
    while position < len(files):
        chunks = [files[i:i + chunk] for i in range(position, len(files), chunk)]
        with ProcessPoolExecutor(jobs, initializer=start_worker, initargs=settings) as pool:
            futures: list[Future[list[Report]]] = [pool.submit(lint_many, part) for part in chunks]
            broken = None
            for part, future in zip(chunks, futures):
                try:
                    reports = future.result()
                except BrokenProcessPool:
                    broken = part
                    break
                yield from reports
                position += len(part)
        if broken is not None:
            for path in broken:  # which of them killed the worker: each alone, in a worker of its own
                yield _alone(path, settings, linter.lang or "zh")
            position += len(broken)


def _alone(path: str, settings: tuple, lang: str) -> Report:
    """Lint one file in a fresh single worker; a worker that dies on it gives an internal-error finding."""
    with ProcessPoolExecutor(1, initializer=start_worker, initargs=settings) as pool:
        try:
            return pool.submit(lint_one, path).result()
        except BrokenProcessPool:
            detail = "the worker process linting this file died (a native library aborted)"
            return failed_report(None, path, "WorkerDied", detail, lang)
