"""Invitations to join a provider organisation. The link's token is stored only as its hash: whoever reads
this table cannot use an invitation."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.providers import SERVICE
from shared.audit import audited
from shared.pagination import Page, keyset_page


@audited("invitation")
class Invitation(SQLModel, table=True):
    __tablename__ = "invitations"
    __table_args__ = (sa.Index("ix_invitations_provider_created", "provider_id", "created_at", "id"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(foreign_key="providers.id", max_length=36)
    email: str = Field(max_length=254)
    # The role the invited person gets: administrator | reporter | reader.
    role: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    # pending | used | revoked; an expired one stays pending (its expiry says it), so nothing has to
    # sweep invitations for them to stop working.
    status: str = Field(max_length=16)
    expires_at: datetime
    used_at: datetime | None = None
    used_by: str | None = Field(default=None, foreign_key="persons.id", max_length=36)
    revoked_at: datetime | None = None
    # Who invited: a person's id, an API client's id, or "self-registration".
    created_by: str = Field(max_length=64)
    created_at: datetime


async def invitation_by_token_hash(
    session: AsyncSession, token_hash: str, *, for_update: bool = False
) -> Invitation | None:
    query = select(Invitation).where(Invitation.token_hash == token_hash)
    return (await session.exec(query.with_for_update() if for_update else query)).first()


async def invitation_of(session: AsyncSession, provider_id: str, invitation_id: str) -> Invitation | None:
    query = select(Invitation).where(Invitation.id == invitation_id, Invitation.provider_id == provider_id)
    return (await session.exec(query.with_for_update())).first()


async def pending_invitations_of(session: AsyncSession, provider_id: str) -> list[Invitation]:
    query = select(Invitation).where(Invitation.provider_id == provider_id, Invitation.status == "pending")
    return list((await session.exec(query.with_for_update())).all())


async def invitation_page(
    session: AsyncSession, provider_id: str, *, limit: int, cursor: str | None
) -> Page[Invitation]:
    query = select(Invitation).where(Invitation.provider_id == provider_id)
    return await keyset_page(session, query, Invitation, limit=limit, cursor=cursor)


async def latest_pending(session: AsyncSession, provider_id: str) -> Invitation | None:
    query = (
        select(Invitation)
        .where(Invitation.provider_id == provider_id, Invitation.status == "pending")
        .order_by(col(Invitation.created_at).desc())
    )
    return (await session.exec(query)).first()
