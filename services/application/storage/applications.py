"""Applications for authorisation, their documents, staff assessments, supplement requests and decisions."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.applications import OPEN_STATUSES, ApplicationStatus
from services.application.domain.decisions import DecisionOutcome
from services.application.storage.providers import SERVICE, Provider
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, keyset_page
from shared.tenancy import scoped

_OPEN = sa.text("status IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES))))


@audited("application")
class Application(SQLModel, table=True):
    __tablename__ = "applications"
    __table_args__ = (
        sa.Index("ix_applications_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_applications_created", "created_at", "id"),
        # One open application per provider and area, kept by the database even under concurrent starts.
        sa.Index(
            "ux_applications_open_per_area",
            "provider_id",
            "area_code",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(foreign_key="providers.id", max_length=36)
    area_code: str = Field(foreign_key="areas.code", max_length=40)
    status: ApplicationStatus = Field(sa_type=enum_column(ApplicationStatus))
    conditions_version: int
    answers: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    person_in_charge: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    precheck: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    decided_at: datetime | None = None

    def reference(self, provider: Provider) -> dict[str, str]:
        """What every application event carries to say which application, provider and area it concerns."""
        return {
            "application_id": self.id,
            "provider_id": provider.id,
            "area_code": self.area_code,
        }


class Attachment(SQLModel, table=True):
    __tablename__ = "attachments"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=36)
    filename: str = Field(max_length=130)
    media_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by: str = Field(max_length=64)
    created_at: datetime


class AttachmentContent(SQLModel, table=True):
    """The bytes, kept apart so that listing attachments never loads them. Stored in the database: no
    client-given path ever reaches a file system, and a document commits or rolls back with its row."""

    __tablename__ = "attachment_contents"
    __table_args__ = SERVICE

    attachment_id: str = Field(primary_key=True, foreign_key="attachments.id", max_length=36)
    content: bytes = Field(sa_type=sa.LargeBinary)


class Assessment(SQLModel, table=True):
    """Append-only: a new verdict on a condition is a new row; the latest one counts."""

    __tablename__ = "assessments"
    __table_args__ = SERVICE

    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=36)
    condition_code: str = Field(max_length=60)
    met: bool
    comment: str = Field(default="", max_length=2000)
    assessed_by: str = Field(max_length=64)
    assessed_at: datetime


class SupplementRequest(SQLModel, table=True):
    __tablename__ = "supplement_requests"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=36)
    message: str = Field(max_length=4000)
    condition_codes: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    due_date: date
    requested_by: str = Field(max_length=64)
    requested_at: datetime
    answered_at: datetime | None = None


class Decision(SQLModel, table=True):
    """At most one per application: the primary key makes a second decision impossible."""

    __tablename__ = "decisions"
    __table_args__ = SERVICE

    application_id: str = Field(primary_key=True, foreign_key="applications.id", max_length=36)
    outcome: DecisionOutcome = Field(sa_type=enum_column(DecisionOutcome))
    reasons: str = Field(max_length=4000)
    letter: dict[str, Any] = Field(sa_type=sa.JSON)
    decided_by: str = Field(max_length=64)
    decided_at: datetime


async def applications_for(
    session: AsyncSession,
    owner: str | None,
    *,
    areas: frozenset[str] | None,
    status: ApplicationStatus | None,
    area_code: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Application]:
    query = scoped(select(Application), Application, owner, areas)
    if status is not None:
        query = query.where(Application.status == status)
    if area_code is not None:
        query = query.where(Application.area_code == area_code)
    return await keyset_page(session, query, Application, limit=limit, cursor=cursor)


async def open_application_of(session: AsyncSession, provider_id: str, area_code: str) -> Application | None:
    query = select(Application).where(
        Application.provider_id == provider_id,
        Application.area_code == area_code,
        col(Application.status).in_([s.value for s in OPEN_STATUSES]),
    )
    return (await session.exec(query)).first()


async def attachments_of(session: AsyncSession, application_id: str) -> list[Attachment]:
    query = select(Attachment).where(Attachment.application_id == application_id)
    return list((await session.exec(query.order_by(col(Attachment.created_at), col(Attachment.id)))).all())


async def attachment_content(
    session: AsyncSession, application_id: str, attachment_id: str
) -> tuple[Attachment, bytes] | None:
    attachment = await session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != application_id:
        return None
    content = await session.get(AttachmentContent, attachment_id)
    return (attachment, content.content) if content is not None else None


async def assessments_of(session: AsyncSession, application_id: str) -> list[Assessment]:
    query = select(Assessment).where(Assessment.application_id == application_id).order_by(col(Assessment.id))
    return list((await session.exec(query)).all())


def latest_verdicts(assessments: list[Assessment]) -> dict[str, bool]:
    verdicts: dict[str, bool] = {}
    for assessment in assessments:  # oldest first, so the latest verdict wins
        verdicts[assessment.condition_code] = assessment.met
    return verdicts


async def supplement_requests_of(session: AsyncSession, application_id: str) -> list[SupplementRequest]:
    query = select(SupplementRequest).where(SupplementRequest.application_id == application_id)
    return list((await session.exec(query.order_by(col(SupplementRequest.requested_at)))).all())
