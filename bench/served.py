"""`python -m bench.served`: the one-command process (`python -m services`) as the soak starts it, with two
watches the services themselves do not carry.

- SOAK_SLOW_CALLBACK_MS: every event-loop callback that runs longer is written to stderr in asyncio's own
  words ("Executing <Handle ...> took 0.061 seconds"). asyncio reports slow callbacks only in debug mode,
  which also records a traceback for every callback scheduled and would slow the process it measures;
  timing `Handle._run` costs two clock reads per callback.
- SOAK_TRACEMALLOC_DIR: tracemalloc is started, and each SIGUSR1 writes a snapshot into that folder
  (snapshot-1.tracemalloc, snapshot-2.tracemalloc, ...), which the soak diffs.
"""

import asyncio
import os
import runpy
import signal
import sys
import time
import tracemalloc
from pathlib import Path
from types import FrameType
from typing import Any

from aiohttp.web_protocol import RequestHandler

_HANDLE_REQUEST = RequestHandler._handle_request.__code__


def _watch_slow_callbacks(threshold_ms: float) -> None:
    threshold = threshold_ms / 1000
    run = asyncio.Handle._run

    def timed(handle: asyncio.Handle) -> None:
        frame = _request_frame(handle)
        started, cpu = time.perf_counter(), time.thread_time()
        run(handle)
        took = time.perf_counter() - started
        if took >= threshold:
            # The CPU time tells work in the callback from a machine that did not give the process a core.
            cpu = time.thread_time() - cpu
            print(
                f"Executing {_named(handle, frame)} took {took:.3f} seconds ({cpu:.3f} s CPU)",
                file=sys.stderr,
                flush=True,
            )

    asyncio.Handle._run = timed  # type: ignore[method-assign,assignment]


def _task(handle: asyncio.Handle) -> "asyncio.Task[Any] | None":
    task = getattr(getattr(handle, "_callback", None), "__self__", None)
    return task if isinstance(task, asyncio.Task) else None


def _request_frame(handle: asyncio.Handle) -> FrameType | None:
    """The frame of aiohttp's request handling, when the handle is a step of it: kept before the step, as
    a step that ends the request leaves no frame to ask afterwards which request it was."""
    task = _task(handle)
    if task is None:
        return None
    coro = task.get_coro()
    if getattr(coro, "cr_code", None) is not _HANDLE_REQUEST:
        return None
    frame: FrameType | None = getattr(coro, "cr_frame", None)
    return frame


def _named(handle: asyncio.Handle, request_frame: FrameType | None) -> str:
    """The handle, and for a task's step the task's coroutine, the request it serves, and the line it
    paused at after the step: a step's handle alone names only a wrapper."""
    task = _task(handle)
    if task is None:
        return repr(handle)
    coro = task.get_coro()
    request = request_frame.f_locals.get("request") if request_frame is not None else None
    served = f" {request.method} {request.rel_url}" if request is not None else ""
    frame = getattr(coro, "cr_frame", None)
    where = f" at {frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else ""
    return f"<Task {task.get_name()} {getattr(coro, '__qualname__', coro)!s}{served}{where}>"


def _snapshots_on_signal(folder: Path) -> None:
    tracemalloc.start(int(os.environ.get("SOAK_TRACEMALLOC_FRAMES", "1")))
    taken = 0

    def snapshot(_signal: int, _frame: FrameType | None) -> Any:
        nonlocal taken
        taken += 1
        tracemalloc.take_snapshot().dump(str(folder / f"snapshot-{taken}.tracemalloc"))
        (folder / f"snapshot-{taken}.done").touch()

    signal.signal(signal.SIGUSR1, snapshot)


def main() -> None:
    if threshold := os.environ.get("SOAK_SLOW_CALLBACK_MS"):
        _watch_slow_callbacks(float(threshold))
    if folder := os.environ.get("SOAK_TRACEMALLOC_DIR"):
        _snapshots_on_signal(Path(folder))
    sys.argv = ["services"]
    runpy.run_module("services", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
