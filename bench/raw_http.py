"""The web server's raw ceilings: a plain aiohttp app in its own process, loaded by wrk from another,
answering one small JSON document (no middleware, no auth, no database), and, as a second reference, the
same app reading that document by primary key with the bare database driver (asyncpg, or aiosqlite).

    uv run python -m bench.raw_http          # measures and prints
    uv run python -m bench.raw_http serve PORT [DATABASE_URL]
"""

import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
from aiohttp import web
from aiohttp.test_utils import unused_port
from sqlalchemy.engine import make_url

from bench.load import Load, wrk
from tests.support.databases import Databases

DOCUMENT = {"id": "6f1c2a0e-0000-4000-8000-000000000000", "status": "submitted", "area_code": "hemtjanst"}
ROWS = 1000
Fetch = Callable[[str], Awaitable[dict[str, Any] | None]]
FETCH_KEY: web.AppKey[Fetch] = web.AppKey("fetch")


async def _answer(request: web.Request) -> web.Response:
    return web.json_response(DOCUMENT)


async def _read(request: web.Request) -> web.Response:
    row = await request.app[FETCH_KEY](request.match_info["id"])
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response(row)


def _row_id(n: int) -> str:
    return f"6f1c2a0e-0000-4000-8000-{n:012d}"


def _database(url: str) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        rows = [(_row_id(n), "submitted", "hemtjanst") for n in range(ROWS)]
        create = (
            "CREATE TABLE raw_rows (id VARCHAR(36) PRIMARY KEY, status VARCHAR(32), area_code VARCHAR(40))"
        )
        if url.startswith("postgresql"):
            pool = await asyncpg.create_pool(
                make_url(url).set(drivername="postgresql").render_as_string(False)
            )
            await pool.execute(create)
            await pool.executemany("INSERT INTO raw_rows VALUES ($1, $2, $3)", rows)

            async def fetch_pg(row_id: str) -> dict[str, Any] | None:
                row = await pool.fetchrow("SELECT id, status, area_code FROM raw_rows WHERE id = $1", row_id)
                return dict(row) if row is not None else None

            app[FETCH_KEY] = fetch_pg
            yield
            await pool.close()
            return
        connection = await aiosqlite.connect(str(make_url(url).database))
        connection.row_factory = aiosqlite.Row
        await connection.execute(create)
        await connection.executemany("INSERT INTO raw_rows VALUES (?, ?, ?)", rows)
        await connection.commit()

        async def fetch_sqlite(row_id: str) -> dict[str, Any] | None:
            async with connection.execute(
                "SELECT id, status, area_code FROM raw_rows WHERE id = ?", (row_id,)
            ) as cursor:
                row = await cursor.fetchone()
            return dict(row) if row is not None else None

        app[FETCH_KEY] = fetch_sqlite
        yield
        await connection.close()

    return context


def serve(port: int, database_url: str | None = None) -> None:
    app = web.Application()
    app.router.add_get("/json", _answer)
    if database_url is not None:
        app.cleanup_ctx.append(_database(database_url))
        app.router.add_get("/rows/{id}", _read)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


@contextmanager
def running_server(database_url: str | None = None) -> Iterator[str]:
    port = unused_port()
    command = [sys.executable, "-m", "bench.raw_http", "serve", str(port)]
    if database_url is not None:
        command.append(database_url)
    process = subprocess.Popen(command)  # noqa: S603
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        yield f"{base}/rows/{_row_id(ROWS // 2)}" if database_url is not None else f"{base}/json"
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


def measure(seconds: int = 5, database_url: str | None = None) -> Load:
    """Without a database, the JSON route; with one, the read of one row by its key."""
    with running_server(database_url) as url:
        wrk(url, seconds=1)  # warm up
        return wrk(url, seconds=seconds)


async def measure_read(seconds: int = 5) -> Load:
    """The read by key, on a scratch database of the kind TEST_DATABASE names."""
    databases = Databases(Path(tempfile.mkdtemp(prefix="kundval-raw-")))
    url = (await databases.create())["application"]
    try:
        return await asyncio.to_thread(measure, seconds, url)
    finally:
        await databases.drop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        load = measure()
        print(f"raw aiohttp: {load.requests_per_s:,.0f} requests/s, p99 {load.p99_ms:.2f} ms")
