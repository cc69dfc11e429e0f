"""The migration that names who acted in audit entries, on a trail that already has entries: an earlier
entry takes its actor (a client's id or a job's name) as its name, and the trail stays append-only, after
the upgrade and after the downgrade alike."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.migrations import alembic_config
from shared.settings import SERVICES
from tests.support.databases import Databases

ACTOR_NAMES = {"application": "app_0013", "reporting": "rep_0010", "notifications": "not_0015"}
_EARLIER_ENTRY = (
    "INSERT INTO audit_trail (at, actor, actor_kind, entity, entity_id, action, details) "
    "VALUES (CURRENT_TIMESTAMP, 'client-1', 'provider', 'case', 'earlier', 'created', '{}')"
)
_LATER_ENTRY = (
    "INSERT INTO audit_trail (at, actor, actor_kind, actor_name, actor_role, actor_client, entity, "
    "entity_id, action, details) "
    "VALUES (CURRENT_TIMESTAMP, 'person-1', 'provider', 'Maja', 'reporter', 'portal', 'case', 'later', "
    "'created', '{}')"
)


async def _migrate(engine: AsyncEngine, service: str, step: str, revision: str) -> None:
    config = alembic_config(service)

    def run(connection: sa.Connection) -> None:
        config.attributes["connection"] = connection
        (command.upgrade if step == "upgrade" else command.downgrade)(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def _refuses_changes(engine: AsyncEngine) -> None:
    for statement in ("UPDATE audit_trail SET action = 'forged'", "DELETE FROM audit_trail"):
        async with engine.connect() as connection:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                await connection.execute(sa.text(statement))


@pytest.mark.parametrize("service", SERVICES)
async def test_earlier_entries_are_named_by_their_actor_and_the_trail_stays_append_only(
    service: str, tmp_path: Path
) -> None:
    revision = ACTOR_NAMES[service]
    before = ScriptDirectory.from_config(alembic_config(service)).get_revision(revision).down_revision
    assert isinstance(before, str)
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())[service])
    try:
        await _migrate(engine, service, "upgrade", before)
        async with engine.begin() as connection:
            await connection.execute(sa.text(_EARLIER_ENTRY))

        await _migrate(engine, service, "upgrade", revision)
        async with engine.begin() as connection:
            await connection.execute(sa.text(_LATER_ENTRY))
            rows = await connection.execute(
                sa.text(
                    "SELECT entity_id, actor_name, actor_role, actor_client FROM audit_trail ORDER BY seq"
                )
            )
            assert [tuple(row) for row in rows] == [
                ("earlier", "client-1", None, None),
                ("later", "Maja", "reporter", "portal"),
            ]
        await _refuses_changes(engine)

        await _migrate(engine, service, "downgrade", before)
        async with engine.connect() as connection:
            ids = (
                await connection.execute(sa.text("SELECT entity_id FROM audit_trail ORDER BY seq"))
            ).scalars()
            assert list(ids) == ["earlier", "later"]
        await _refuses_changes(engine)
    finally:
        await engine.dispose()
        await databases.drop()
