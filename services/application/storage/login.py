"""What a person's login leaves between requests, in the database so that any replica serves the next step.
Every secret (a state, a session cookie, a code, a refresh token) is kept as its SHA-256 only: the value
lives in the browser or the client, and a copy of these tables lets nobody in."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.providers import SERVICE


class LoginRequest(SQLModel, table=True):
    """An authorization request waiting for the person to come back from the upstream provider."""

    __tablename__ = "login_requests"
    __table_args__ = SERVICE

    state_hash: str = Field(primary_key=True, max_length=64)
    upstream: str = Field(max_length=16)
    client_id: str = Field(max_length=64)
    redirect_uri: str = Field(max_length=500)
    client_state: str | None = Field(default=None, max_length=500)
    code_challenge: str = Field(max_length=128)
    organisation_number: str | None = Field(default=None, max_length=11)
    # An invitation to accept once the person is known; single-use and expiring, gone with this row.
    invitation: str | None = Field(default=None, max_length=100)
    nonce: str = Field(max_length=100)
    code_verifier: str = Field(max_length=128)
    created_at: datetime
    expires_at: datetime = Field(index=True)


class SigninSession(SQLModel, table=True):
    __tablename__ = "signin_sessions"
    __table_args__ = SERVICE

    id_hash: str = Field(primary_key=True, max_length=64)
    person_id: str = Field(foreign_key="persons.id", index=True, max_length=36)
    upstream: str = Field(max_length=16)
    acr: str | None = Field(default=None, max_length=200)
    created_at: datetime
    expires_at: datetime = Field(index=True)
    ended_at: datetime | None = None


class AuthorizationCode(SQLModel, table=True):
    __tablename__ = "authorization_codes"
    __table_args__ = SERVICE

    code_hash: str = Field(primary_key=True, max_length=64)
    client_id: str = Field(max_length=64)
    redirect_uri: str = Field(max_length=500)
    code_challenge: str = Field(max_length=128)
    person_id: str = Field(foreign_key="persons.id", index=True, max_length=36)
    organisation_number: str | None = Field(default=None, max_length=11)
    # The refresh-token family the code was exchanged for: revoked if the code is replayed (RFC 6749 §4.1.2).
    family_id: str = Field(max_length=40)
    created_at: datetime
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None


class RefreshToken(SQLModel, table=True):
    """One refresh token of a family: the tokens one login gave, each replacing the one before."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (sa.Index("ix_refresh_tokens_family", "family_id"), SERVICE)

    token_hash: str = Field(primary_key=True, max_length=64)
    family_id: str = Field(max_length=40)
    client_id: str = Field(max_length=64)
    person_id: str = Field(foreign_key="persons.id", index=True, max_length=36)
    organisation_number: str | None = Field(default=None, max_length=11)
    created_at: datetime
    # When the family ends: a refresh never extends it.
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None
    revoked_at: datetime | None = None


async def mark_used(
    session: AsyncSession, table: type[AuthorizationCode | RefreshToken], key: str, at: datetime
) -> bool:
    """Marks a code or refresh token used, if nobody has: the one request that wins gets tokens, however many
    replicas see the same value at once."""
    column = col(table.code_hash) if table is AuthorizationCode else col(RefreshToken.token_hash)
    result: Any = await session.exec(
        update(table).where(column == key, col(table.used_at).is_(None)).values(used_at=at)
    )
    return int(result.rowcount) == 1


async def revoke_family(session: AsyncSession, family_id: str, at: datetime) -> None:
    await session.exec(
        update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )


async def live_session(
    session: AsyncSession, id_hash: str, upstream: str, now: datetime
) -> SigninSession | None:
    row = await session.get(SigninSession, id_hash)
    if row is None or row.upstream != upstream or row.ended_at is not None or row.expires_at <= now:
        return None
    return row


async def family_revoked(session: AsyncSession, family_id: str) -> bool:
    found = await session.exec(
        select(RefreshToken.token_hash)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_not(None))
        .limit(1)
    )
    return found.first() is not None
