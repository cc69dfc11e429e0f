"""The web server's raw ceiling: a plain aiohttp app answering one small JSON document, in its own
process, loaded by wrk from another. No middleware, no auth, no database.

    uv run python -m bench.raw_http          # measures and prints
    uv run python -m bench.raw_http serve PORT
"""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web
from aiohttp.test_utils import unused_port

from bench.load import Load, wrk

DOCUMENT = {"id": "6f1c2a0e-0000-4000-8000-000000000000", "status": "submitted", "area_code": "hemtjanst"}


async def _answer(request: web.Request) -> web.Response:
    return web.json_response(DOCUMENT)


def serve(port: int) -> None:
    app = web.Application()
    app.router.add_get("/json", _answer)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


@contextmanager
def running_server() -> Iterator[str]:
    port = unused_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.raw_http", "serve", str(port)])  # noqa: S603
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/json"
    finally:
        process.terminate()
        process.wait(10)


def wait_for_port(port: int, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def measure(seconds: int = 5) -> Load:
    with running_server() as url:
        wrk(url, seconds=1)  # warm up
        return wrk(url, seconds=seconds)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]))
    else:
        load = measure()
        print(f"raw aiohttp: {load.requests_per_s:,.0f} requests/s, p99 {load.p99_ms:.2f} ms")
