"""Per-test databases: SQLite files in a temporary folder, or fresh PostgreSQL databases.

TEST_DATABASE=postgresql runs the suite on PostgreSQL (TEST_POSTGRES_URL names the server's admin
database); anything else runs it on SQLite.
"""

import os
import uuid
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
        if not self.created:
            return
        admin = await asyncpg.connect(_dsn(POSTGRES_ADMIN_URL))
        try:
            for name in self.created:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
