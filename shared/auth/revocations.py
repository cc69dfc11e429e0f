"""Revoked API clients, as each service's database keeps them: the application service writes its row in the
transaction that revokes the client, the others from the `api_client.revoked` event. Only recent rows
matter (a revoked client gets no new token, so its last one expires within a token's lifetime); the
retention job removes the rest."""

from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from shared.db import insert_ignoring_conflicts


class TokenRevocation(SQLModel, table=True):
    __tablename__ = "token_revocations"
    # The refresh reads the recent rows, and the retention job removes the old ones, by time.
    __table_args__ = (sa.Index("ix_token_revocations_revoked_at", "revoked_at"),)

    client_id: str = Field(primary_key=True, max_length=64)
    revoked_at: datetime


_REVOCATIONS = SQLModel.metadata.tables[TokenRevocation.__tablename__]


async def record_revocation(session: AsyncSession, client_id: str, revoked_at: datetime) -> None:
    """In the open transaction. `client_id` is the key a token is refused by: an API client's id, or a
    person's id (their `sub`), whose tokens are revoked again each time they lose a role: the latest
    revocation is kept, refusing every token issued before it."""
    statement = insert_ignoring_conflicts(session, _REVOCATIONS)
    await session.exec(statement, params=[{"client_id": client_id, "revoked_at": revoked_at}])
    later = (
        sa.update(_REVOCATIONS)
        .where(_REVOCATIONS.c.client_id == client_id, _REVOCATIONS.c.revoked_at < revoked_at)
        .values(revoked_at=revoked_at)
    )
    await session.exec(later)


async def revocations_since(session: AsyncSession, since: datetime) -> dict[str, datetime]:
    query = select(TokenRevocation).where(col(TokenRevocation.revoked_at) >= since)
    return {row.client_id: row.revoked_at for row in (await session.exec(query)).all()}


# Every service's migration creates the same table, from here, as with the outbox and the inbox.
def create_token_revocations() -> None:
    op.create_table(
        "token_revocations",
        sa.Column("client_id", AutoString(length=64), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index("ix_token_revocations_revoked_at", "token_revocations", ["revoked_at"], unique=False)


def drop_token_revocations() -> None:
    op.drop_index("ix_token_revocations_revoked_at", table_name="token_revocations")
    op.drop_table("token_revocations")
