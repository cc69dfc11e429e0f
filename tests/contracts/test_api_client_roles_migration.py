"""The migration that gives API clients a role keeps what each existing client could do: a provider's
client, which could manage its organisation, becomes its administrator; staff and admin clients become an
officer and a staff administrator. Downgrading gives the scopes back."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from shared.auth.principal import SCOPES_OF_ROLE, Role
from shared.db import create_engine
from shared.migrations import alembic_config
from tests.support.databases import Databases

BEFORE, AFTER = "app_0010", "app_0011"
CLIENTS = (
    ("provider-a", "provider", "provider"),
    ("staff-a", "staff", "staff"),
    ("admin-a", "admin", "staff admin"),
)


async def test_existing_clients_keep_what_they_could_do_and_back(tmp_path: Path) -> None:
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())["application"])
    config = alembic_config("application")

    def migrate(connection: sa.Connection, action: str, revision: str) -> None:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(migrate, "upgrade", BEFORE)
            for client_id, kind, scopes in CLIENTS:
                await connection.execute(
                    sa.text(
                        "INSERT INTO api_clients (client_id, secret_hash, kind, scopes, areas, label, "
                        "created_at) VALUES (:id, 'h', :kind, :scopes, '[]', '', :at)"
                    ),
                    {"id": client_id, "kind": kind, "scopes": scopes, "at": datetime.now(UTC)},
                )
            await connection.run_sync(migrate, "upgrade", AFTER)
            rows = await connection.execute(
                sa.text("SELECT client_id, role FROM api_clients ORDER BY client_id")
            )
            roles = dict(tuple(row) for row in rows)
            assert roles == {"admin-a": "staff_admin", "provider-a": "administrator", "staff-a": "officer"}
            # What the old scopes allowed, the role's scopes still do.
            assert set(SCOPES_OF_ROLE[Role(roles["admin-a"])]) >= {"staff", "admin"}
            assert "provider:admin" in SCOPES_OF_ROLE[Role(roles["provider-a"])]

            await connection.run_sync(migrate, "downgrade", BEFORE)
            rows = await connection.execute(sa.text("SELECT client_id, kind, scopes FROM api_clients"))
            assert sorted(tuple(row) for row in rows) == sorted(CLIENTS, key=lambda c: c[0])
    finally:
        await engine.dispose()
        await databases.drop()
