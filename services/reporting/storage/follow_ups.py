"""Follow-up requests, their answers and the documents attached to the answers."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.follow_ups import AnswerVerdict, FollowUpStatus
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
        sa.Index("ux_follow_up_requests_warning", "warning_id", unique=True),
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
    # The warning (in the application service) the request follows up; its due date is the warning's
    # remediation deadline. None for a request staff made.
    warning_id: str | None = Field(default=None, max_length=36)
    condition_code: str | None = Field(default=None, max_length=60)
    accepted_at: datetime | None = None


class FollowUpAnswer(SQLModel, table=True):
    """Every answer the provider gave, with staff's verdict on it, so that the case reads whole."""

    __tablename__ = "follow_up_answers"
    __table_args__ = (sa.UniqueConstraint("request_id", "number"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    request_id: str = Field(foreign_key="follow_up_requests.id", index=True, max_length=36)
    number: int
    answer: str = Field(sa_type=sa.Text)
    responded_by: str = Field(max_length=64)
    responded_at: datetime
    verdict: AnswerVerdict | None = Field(default=None, sa_type=enum_column(AnswerVerdict))
    reasons: str | None = Field(default=None, sa_type=sa.Text)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None


class FollowUpDocument(SQLModel, table=True):
    __tablename__ = "follow_up_documents"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    request_id: str = Field(foreign_key="follow_up_requests.id", index=True, max_length=36)
    # The answer the document went with; none while the answer it goes with is not yet given.
    answer_id: str | None = Field(default=None, foreign_key="follow_up_answers.id", max_length=36)
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
    """Requests past their due date not yet marked overdue, locked so that one instance marks each: open
    ones, and those tied to a warning that are not accepted (domain.follow_ups.deadline_check_due)."""
    tied = col(FollowUpRequest.warning_id).is_not(None)
    query = select(FollowUpRequest).where(
        sa.or_(
            col(FollowUpRequest.status) == FollowUpStatus.OPEN,
            sa.and_(tied, col(FollowUpRequest.status) != FollowUpStatus.ACCEPTED),
        ),
        col(FollowUpRequest.due_date) < today,
        col(FollowUpRequest.overdue_at).is_(None),
    )
    query = query.order_by(col(FollowUpRequest.due_date)).limit(limit).with_for_update(skip_locked=True)
    return list((await session.exec(query)).all())


async def answers_of(session: AsyncSession, request_id: str) -> list[FollowUpAnswer]:
    query = select(FollowUpAnswer).where(FollowUpAnswer.request_id == request_id)
    return list((await session.exec(query.order_by(col(FollowUpAnswer.number)))).all())


async def request_of_warning(session: AsyncSession, warning_id: str) -> FollowUpRequest | None:
    query = select(FollowUpRequest).where(FollowUpRequest.warning_id == warning_id)
    return (await session.exec(query)).first()


async def pending_documents(session: AsyncSession, request_id: str) -> list[FollowUpDocument]:
    """The documents attached since the last answer: they go with the next one."""
    query = select(FollowUpDocument).where(
        FollowUpDocument.request_id == request_id, col(FollowUpDocument.answer_id).is_(None)
    )
    return list((await session.exec(query.options(sa.orm.defer(FollowUpDocument.content)))).all())  # type: ignore[arg-type]


async def documents_of(session: AsyncSession, request_id: str) -> list[FollowUpDocument]:
    query = select(FollowUpDocument).where(FollowUpDocument.request_id == request_id)
    # The listing needs no bytes.
    query = query.options(sa.orm.defer(FollowUpDocument.content))  # type: ignore[arg-type]
    return list((await session.exec(query.order_by(col(FollowUpDocument.created_at)))).all())
