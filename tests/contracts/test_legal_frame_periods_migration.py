"""The migration that keeps a legal frame's period as an amount and a unit converts the rows already there."""

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from shared.db import create_engine
from shared.migrations import alembic_config
from tests.support.databases import Databases

BEFORE, AFTER = "app_0003", "app_0005"
COLUMNS = (
    "code, name_sv, name_en, appeal_route_sv, appeal_route_en, appeal_body_sv, appeal_body_en, "
    "law_reference, period_starts, period_sv, period_en"
)


async def test_days_become_weeks_where_they_are_whole_weeks_and_back(tmp_path: Path) -> None:
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())["application"])
    config = alembic_config("application")

    def migrate(connection: sa.Connection, action: str, revision: str) -> None:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(migrate, "upgrade", BEFORE)
            for code, days in (("LOV", 21), ("other", 10)):
                await connection.execute(
                    sa.text(
                        f"INSERT INTO legal_frames ({COLUMNS}, period_days) VALUES "
                        "(:code, 'n', 'n', 'r', 'r', 'b', 'b', 'ref', 'decision_notice', 'p', 'p', :days)"
                    ),
                    {"code": code, "days": days},
                )
            await connection.run_sync(migrate, "upgrade", AFTER)
            rows = await connection.execute(
                sa.text("SELECT code, period_amount, period_unit FROM legal_frames ORDER BY code")
            )
            assert [tuple(row) for row in rows] == [("LOV", 3, "weeks"), ("other", 10, "days")]

            await connection.run_sync(migrate, "downgrade", BEFORE)
            rows = await connection.execute(
                sa.text("SELECT code, period_days FROM legal_frames ORDER BY code")
            )
            assert [tuple(row) for row in rows] == [("LOV", 21), ("other", 10)]
    finally:
        await engine.dispose()
        await databases.drop()
