"""Each service's migrations build exactly the tables its models describe (what `alembic check` checks)."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

# Importing the storage modules registers every table in the metadata.
import services.application.storage
import services.notifications.storage  # noqa: F401
import shared.auth.revocations
import shared.idempotency.table
import shared.messaging.inbox
import shared.messaging.outbox  # noqa: F401
from shared.db import create_engine
from shared.migrations import upgrade_to_head
from shared.migrations_env import belongs_to
from shared.settings import DATABASES
from tests.support.databases import Databases


@pytest.mark.parametrize("service", DATABASES)
async def test_migrations_match_the_models(service: str, tmp_path: Path) -> None:
    databases = Databases(tmp_path)
    url = (await databases.create())[service]
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine, service)

        def differences(connection: sa.Connection) -> list[object]:
            context = MigrationContext.configure(
                connection, opts={"include_object": belongs_to(service), "compare_type": True}
            )
            return list(compare_metadata(context, SQLModel.metadata))

        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()
        await databases.drop()
