"""Counts of requests per rate-limit key and window, in the database so that every replica counts into the
same rows."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.providers import SERVICE

# A key names the limit and the caller (`token.client:<id>`, `token.address:<ip>`); an address in its
# longest (IPv6) written form fits, and a client id is at most 64 characters.
MAX_KEY_LENGTH = 120


class RateLimitCount(SQLModel, table=True):
    __tablename__ = "rate_limit_counts"
    __table_args__ = SERVICE

    key: str = Field(primary_key=True, max_length=MAX_KEY_LENGTH)
    window_start: datetime = Field(primary_key=True)
    count: int


_TABLE: sa.Table = RateLimitCount.__table__  # type: ignore[attr-defined]


async def count_one_more(session: AsyncSession, key: str, window_start: datetime) -> int:
    """Adds one to the key's count in the window, atomically with any replica doing the same; answers the
    count after it."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(_TABLE)
        .values(key=key, window_start=window_start, count=1)
        .on_conflict_do_update(index_elements=["key", "window_start"], set_={"count": _TABLE.c.count + 1})
        .returning(_TABLE.c.count)
    )
    return int((await session.exec(statement)).scalar_one())


async def forget_earlier_windows(session: AsyncSession, key: str, window_start: datetime) -> None:
    """Deletes the key's counts of windows before this one, so each caller keeps one row."""
    await session.exec(sa.delete(_TABLE).where(_TABLE.c.key == key, _TABLE.c.window_start < window_start))
