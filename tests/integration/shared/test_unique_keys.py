"""A duplicate refused by one unique key is told apart from any other constraint failing, on both
databases: the 409 for "already open" or "already registered" must not hide another fault."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine, is_duplicate
from tests.support.databases import Databases


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())["application"])
    async with engine.begin() as conn:
        await conn.execute(
            sa.text("CREATE TABLE cases (id INTEGER PRIMARY KEY, owner TEXT, area TEXT, open INT)")
        )
        await conn.execute(sa.text("CREATE UNIQUE INDEX ux_cases_open ON cases (owner, area) WHERE open = 1"))
        await conn.execute(sa.text("INSERT INTO cases VALUES (1, 'a', 'x', 1)"))
    yield engine
    await engine.dispose()
    await databases.drop()


async def _refusal(engine: AsyncEngine, row: str) -> IntegrityError:
    with pytest.raises(IntegrityError) as refused:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"INSERT INTO cases VALUES {row}"))
    return refused.value


async def test_the_named_key_is_recognised(engine: AsyncEngine) -> None:
    refused = await _refusal(engine, "(2, 'a', 'x', 1)")
    assert is_duplicate(refused, "cases", "owner", "area")
    assert not is_duplicate(refused, "cases", "id")
    assert not is_duplicate(refused, "other", "owner", "area")


async def test_another_key_is_not_taken_for_it(engine: AsyncEngine) -> None:
    refused = await _refusal(engine, "(1, 'b', 'y', 1)")
    assert not is_duplicate(refused, "cases", "owner", "area")
    assert is_duplicate(refused, "cases", "id")
