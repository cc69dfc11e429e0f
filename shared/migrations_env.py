"""The body of every service's Alembic env.py: migrate one service's tables, in its own database."""

import asyncio
import importlib
from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel

from shared.db import create_engine
from shared.settings import SERVICES, Settings

# Tables without a service tag (outbox, inbox, audit trail, token revocations) belong to every messaging
# service's database.
SHARED_MODULES = (
    "shared.messaging.outbox",
    "shared.messaging.inbox",
    "shared.audit",
    "shared.auth.revocations",
)


def belongs_to(service: str) -> Any:
    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ != "table":
            return True
        table = obj if not reflected else SQLModel.metadata.tables.get(name or "")
        if table is None:
            return True  # in this service's database but in no model: autogenerate should see it
        owner = table.info.get("service")
        # The portal has no messaging: the untagged tables are the messaging services' only.
        return owner == service or (owner is None and service in SERVICES)

    return include_object


def _migrate(connection: sa.Connection, service: str) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        include_object=belongs_to(service),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _migrate_from_settings(service: str) -> None:
    engine = create_engine(Settings().database_url(service))
    async with engine.begin() as connection:
        await connection.run_sync(_migrate, service)
    await engine.dispose()


def run_migrations(service: str) -> None:
    for module in (*SHARED_MODULES, f"services.{service}.storage"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != f"services.{service}.storage":
                raise
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection, service)
    else:
        asyncio.run(_migrate_from_settings(service))
