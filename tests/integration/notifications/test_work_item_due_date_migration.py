"""The migration that gives work items due dates, on a queue that already has items: each is given the due
date its kind's working days make from the day it arrived (Europe/Stockholm), so an item already late is
escalated like any other; the downgrade takes the columns away again."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.sql.sqltypes import UTCDateTime

from shared.db import create_engine
from shared.migrations import alembic_config
from tests.support.databases import Databases

_ITEM = sa.text(
    "INSERT INTO work_items (id, kind, area_code, subject, title, urgent, status, created_at, updated_at) "
    "VALUES (:id, :kind, 'hemtjanst', :subject, 'Titel', false, 'open', :created_at, :created_at)"
).bindparams(sa.bindparam("created_at", type_=UTCDateTime()))


async def _migrate(engine: AsyncEngine, step: str, revision: str) -> None:
    config = alembic_config("notifications")

    def run(connection: sa.Connection) -> None:
        config.attributes["connection"] = connection
        (command.upgrade if step == "upgrade" else command.downgrade)(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def test_items_waiting_before_the_migration_get_their_kind_s_due_date(tmp_path: Path) -> None:
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())["notifications"])
    try:
        await _migrate(engine, "upgrade", "not_0015")
        # A deviation on Tuesday 22 December 2026 has three working days: 23, 28 and 29 December. At 23:30
        # UTC on 1 December it is 2 December in Stockholm, which the ten days count from. A kind no longer
        # known takes the default ten days.
        items = {
            "deviation": ("handle_deviation", "2026-12-22 10:00:00", "2026-12-29"),
            "late-evening": ("review_application", "2026-12-01 23:30:00", "2026-12-16"),
            "unknown-kind": ("retired_kind", "2026-12-01 09:00:00", "2026-12-15"),
        }
        async with engine.begin() as connection:
            for item_id, (kind, created_at, _) in items.items():
                moment = datetime.fromisoformat(created_at).replace(tzinfo=UTC)
                params = {"id": item_id, "kind": kind, "subject": f"x/{item_id}", "created_at": moment}
                await connection.execute(_ITEM, params)
        await _migrate(engine, "upgrade", "not_0016")
        async with engine.connect() as connection:
            rows = (
                await connection.execute(sa.text("SELECT id, due_on, overdue, late FROM work_items"))
            ).all()
        found = {str(r[0]): (str(r[1])[:10], bool(r[2]), bool(r[3])) for r in rows}
        assert found == {item_id: (due, False, False) for item_id, (_, _, due) in items.items()}
        await _migrate(engine, "downgrade", "not_0015")
        async with engine.connect() as connection:
            columns = await connection.run_sync(
                lambda sync: {c["name"] for c in sa.inspect(sync).get_columns("work_items")}
            )
        assert not columns & {"due_on", "late", "overdue", "overdue_since"}
    finally:
        await engine.dispose()
        await databases.drop()
