"""Run a reader in a child process, for a format whose native reader may abort the process on damage.

A damaged legacy .xls can make python-calamine's compound-file reader ask for
gigabytes; the allocation fails inside Rust and the process aborts (SIGABRT),
which no Python code can catch. Such a read runs in a forked child with its
address space capped (``limits.CHILD_MEMORY_BYTES`` above what the parent uses)
and a time limit; a child that dies or runs out of time makes the file
unreadable (ReadError), not the run. Where fork is not available the reader
runs in this process, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from jxlint.read import limits
from jxlint.read.errors import ReadError

T = TypeVar("T")


def in_child(read: Callable[[str], T], path: str) -> T:
    """``read(path)`` in a forked child with capped memory and time; its ReadError is raised here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return read(path)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(read, path, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.CHILD_SECONDS):
            raise ReadError(path, f"reading the file took more than {limits.CHILD_SECONDS} s: it is damaged")
        outcome, value = pickle.loads(receiver.recv_bytes())
    except (EOFError, OSError):
        raise ReadError(path, "the file's reader stopped on it (a damaged file)") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "error":
        raise ReadError(path, value)
    return value


def _run(read: Callable[[str], Any], path: str, sender: Any) -> None:
    """The child: cap the address space, silence the native reader's own messages, read, and send back
    the result or the ReadError's reason."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    except OSError:
        pass
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space() + limits.CHILD_MEMORY_BYTES
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass
    try:
        message = pickle.dumps(("ok", read(path)))
    except ReadError as exc:
        message = pickle.dumps(("error", exc.reason))
    except MemoryError:
        message = pickle.dumps(("error", "the file needs more memory than its reader may use: it is damaged"))
    sender.send_bytes(message)
    sender.close()
    os._exit(0)  # no atexit handlers of the parent's in the child


def _address_space() -> int:
    """This process's virtual size in bytes (0 when it cannot be told)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
