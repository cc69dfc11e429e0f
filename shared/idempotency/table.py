"""The keys of creating requests, one table in every service's database, and the migration steps that make
it: each service's migration calls them, as they call shared/messaging/migrations for the outbox."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from alembic import op
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

# What a client may send as a key: a UUID fits many times over, and a bounded key bounds the row.
MAX_KEY_LENGTH = 255
# An opaque token of the client's (a UUID, say): visible ASCII only, so a control character is an error.
KEY_PATTERN = f"^[!-~]{{1,{MAX_KEY_LENGTH}}}$"
# `client:<client id>` (at most 64 characters) or `body:<fingerprint>`.
MAX_SCOPE_LENGTH = 80


class KeyState(StrEnum):
    # A request holds the key while it runs, until its lease ends.
    CLAIMED = "claimed"
    # The request's creation committed (in the same transaction as this state), its answer not yet stored.
    COMMITTED = "committed"
    # The answer is stored and is what a retry is answered.
    ANSWERED = "answered"


class IdempotencyKey(SQLModel, table=True):
    __tablename__ = "idempotency_keys"

    scope: str = Field(primary_key=True, max_length=MAX_SCOPE_LENGTH)
    key: str = Field(primary_key=True, max_length=MAX_KEY_LENGTH)
    fingerprint: str = Field(max_length=64)
    # Which request holds the key: every change a request makes to its row is conditional on it.
    claim: str = Field(max_length=32)
    state: str = Field(max_length=16)
    claimed_until: datetime
    created_at: datetime = Field(index=True)
    status: int | None = None
    headers: str | None = None
    body: bytes | None = None


def create_idempotency_keys() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", AutoString(length=MAX_SCOPE_LENGTH), nullable=False),
        sa.Column("key", AutoString(length=MAX_KEY_LENGTH), nullable=False),
        sa.Column("fingerprint", AutoString(length=64), nullable=False),
        sa.Column("claim", AutoString(length=32), nullable=False),
        sa.Column("state", AutoString(length=16), nullable=False),
        sa.Column("claimed_until", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", AutoString(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"], unique=False)


def drop_idempotency_keys() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
