"""The cluster's PostgreSQL databases, one per service, created on the server when missing."""

import asyncpg
from sqlalchemy.engine import make_url

from shared.settings import DATABASES


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_urls(admin_url: str, prefix: str) -> dict[str, str]:
    """`<prefix>_<service>` on the server `admin_url` names, for each service that keeps a database."""
    server = make_url(admin_url)
    return {
        service: server.set(database=f"{prefix}_{service}").render_as_string(hide_password=False)
        for service in DATABASES
    }


async def create_missing(admin_url: str, urls: dict[str, str]) -> list[str]:
    """Creates the databases that do not exist yet; answers the names it created."""
    admin = await asyncpg.connect(_dsn(admin_url))
    created = []
    try:
        existing = {row["datname"] for row in await admin.fetch("SELECT datname FROM pg_database")}
        for url in urls.values():
            name = make_url(url).database
            if name and name not in existing:
                await admin.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
    finally:
        await admin.close()
    return created


async def drop(admin_url: str, urls: dict[str, str]) -> None:
    admin = await asyncpg.connect(_dsn(admin_url))
    try:
        for url in urls.values():
            await admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await admin.close()
