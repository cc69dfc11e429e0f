"""Follow-up requests, their answers and the documents attached to the answers."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.follow_ups import FollowUpStatus
from services.reporting.storage.scope import SERVICE
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, keyset_page
from shared.tenancy import scoped


@audited("follow_up")
class FollowUpRequest(SQLModel, table=True):
    __tablename__ = "follow_up_requests"
    __table_args__ = (
        sa.Index("ix_follow_up_requests_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_follow_up_requests_created", "created_at", "id"),
        sa.Index("ix_follow_up_requests_open_due", "status", "due_date"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisation_copies.id", index=True, max_length=36)
    provider_id: str = Field(max_length=36)
    area_code: str = Field(max_length=40)
    questions: list[str] = Field(sa_type=sa.JSON)
    due_date: date
    requested_by: str = Field(max_length=64)
    created_at: datetime
    status: FollowUpStatus = Field(sa_type=enum_column(FollowUpStatus))
    answer: str | None = Field(default=None, sa_type=sa.Text)
    responded_at: datetime | None = None
    overdue_at: datetime | None = None


class FollowUpDocument(SQLModel, table=True):
    __tablename__ = "follow_up_documents"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    request_id: str = Field(foreign_key="follow_up_requests.id", index=True, max_length=36)
    filename: str = Field(max_length=130)
    media_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=sa.LargeBinary)
    uploaded_by: str = Field(max_length=64)
    created_at: datetime


async def requests_for(
    session: AsyncSession,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    status: FollowUpStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[FollowUpRequest]:
    query = scoped(select(FollowUpRequest), FollowUpRequest, owner, areas)
    if status is not None:
        query = query.where(FollowUpRequest.status == status)
    return await keyset_page(session, query, FollowUpRequest, limit=limit, cursor=cursor)


async def overdue_candidates(session: AsyncSession, today: date, limit: int) -> list[FollowUpRequest]:
    """Open requests past their due date not yet marked overdue, locked so that one instance marks each."""
    query = select(FollowUpRequest).where(
        FollowUpRequest.status == FollowUpStatus.OPEN,
        col(FollowUpRequest.due_date) < today,
        col(FollowUpRequest.overdue_at).is_(None),
    )
    query = query.order_by(col(FollowUpRequest.due_date)).limit(limit).with_for_update(skip_locked=True)
    return list((await session.exec(query)).all())


async def documents_of(session: AsyncSession, request_id: str) -> list[FollowUpDocument]:
    query = select(FollowUpDocument).where(FollowUpDocument.request_id == request_id)
    # The listing needs no bytes.
    query = query.options(sa.orm.defer(FollowUpDocument.content))  # type: ignore[arg-type]
    return list((await session.exec(query.order_by(col(FollowUpDocument.created_at)))).all())
