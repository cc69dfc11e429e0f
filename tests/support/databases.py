"""Per-test databases: SQLite files in a temporary folder, or fresh PostgreSQL databases.

TEST_DATABASE=postgresql runs the suite on PostgreSQL (TEST_POSTGRES_URL names the server's admin
database); anything else runs it on SQLite.
"""

import asyncio
import os
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shared.settings import DATABASES

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


def backend() -> str:
    return "postgresql" if os.environ.get("TEST_DATABASE", "sqlite").startswith("postgres") else "sqlite"


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Databases:
    """One database per service for one system under test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tag = uuid.uuid4().hex[:10]
        self.created: list[str] = []

    async def create(self) -> dict[str, str]:
        if backend() != "postgresql":
            return {s: f"sqlite+aiosqlite:///{self.folder / s}.db" for s in DATABASES}
        admin = await asyncpg.connect(_dsn(POSTGRES_ADMIN_URL))
        try:
            urls = {}
            for service in DATABASES:
                name = f"kvtest_{self.tag}_{service}"
                await admin.execute(f'CREATE DATABASE "{name}"')
                self.created.append(name)
                urls[service] = (
                    make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
                )
            return urls
        finally:
            await admin.close()

    async def drop(self) -> None:
        """Drops the databases after the test, on a thread of their own: DROP DATABASE waits for the
        server's checkpoint, a second or more on a busy machine, which no test needs to wait for.
        `finish_drops()` (at the end of the session) waits for every drop and fails on any that failed."""
        if not self.created:
            return
        names, self.created = self.created, []
        with _drops_lock:
            _drops.append(_dropper.submit(asyncio.run, _drop(names)))


async def _drop(names: list[str]) -> None:
    admin = await asyncpg.connect(_dsn(POSTGRES_ADMIN_URL))
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


_dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="database-drops")
_drops: list[Future[None]] = []
_drops_lock = threading.Lock()


def finish_drops() -> None:
    """Waits for the databases handed to the dropper; raises the first failure, if any, so that no database
    is left behind unnoticed."""
    with _drops_lock:
        pending = list(_drops)
        _drops.clear()
    for drop in pending:
        drop.result()
