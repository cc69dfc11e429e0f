"""Alembic migrations, one history per service database, applied when the service starts."""

import zlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(service: str) -> Config:
    config = Config(ROOT / "alembic.ini", ini_section=service)
    config.set_main_option("script_location", str(ROOT / "services" / service / "migrations"))
    return config


async def upgrade_to_head(engine: AsyncEngine, service: str) -> None:
    config = alembic_config(service)

    def run(connection: sa.Connection) -> None:
        if connection.dialect.name == "postgresql":
            # Several replicas starting together: one migrates, the others wait and then find nothing to do.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"),
                {"key": zlib.crc32(f"migrate:{service}".encode())},
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(run)
