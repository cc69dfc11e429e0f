"""Quality-report rounds, the reports they request and the reminders sent."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.quality import ReportStatus
from services.reporting.storage.copies import AuthorisationCopy
from services.reporting.storage.scope import SERVICE
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, SortKey, keyset_page, ordered_page
from shared.tenancy import scoped


@audited("quality_round", state=None, id_attribute="year")
class QualityRound(SQLModel, table=True):
    __tablename__ = "quality_rounds"
    __table_args__ = SERVICE

    year: int = Field(primary_key=True)
    deadline: date
    opened_at: datetime
    opened_by: str = Field(max_length=64)
    # Set when every request is written: an opening interrupted between batches resumes where it stopped.
    fanned_out_at: datetime | None = None


@audited("quality_report")
class QualityReport(SQLModel, table=True):
    __tablename__ = "quality_reports"
    __table_args__ = (
        sa.UniqueConstraint("authorisation_id", "year", name="ux_quality_reports_authorisation_year"),
        sa.Index("ix_quality_reports_year_status", "year", "status", "id"),
        sa.Index("ix_quality_reports_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_quality_reports_created", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisation_copies.id", max_length=36)
    provider_id: str = Field(max_length=36)
    area_code: str = Field(max_length=40)
    year: int = Field(foreign_key="quality_rounds.year")
    deadline: date
    status: ReportStatus = Field(sa_type=enum_column(ReportStatus))
    content: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime
    saved_at: datetime | None = None
    submitted_at: datetime | None = None
    reviewed_by: str | None = Field(default=None, max_length=64)
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, max_length=4000)
    completion_due: date | None = None
    overdue_at: datetime | None = None


class QualityReminder(SQLModel, table=True):
    """One row per report and reminder: the key makes a second reminder of the same kind impossible."""

    __tablename__ = "quality_reminders"
    __table_args__ = SERVICE

    report_id: str = Field(primary_key=True, foreign_key="quality_reports.id", max_length=36)
    days_before: int = Field(primary_key=True)
    sent_at: datetime


async def round_of(session: AsyncSession, year: int) -> QualityRound | None:
    return await session.get(QualityRound, year)


async def rounds(session: AsyncSession) -> list[QualityRound]:
    return list((await session.exec(select(QualityRound).order_by(col(QualityRound.year).desc()))).all())


async def round_page(session: AsyncSession, *, limit: int, cursor: str | None) -> Page[QualityRound]:
    """Rounds newest year first; one opens a year, and the year is the key."""
    return await ordered_page(
        session,
        select(QualityRound),
        (SortKey(QualityRound.year, int, descending=True),),
        lambda r: (r.year,),
        limit=limit,
        cursor=cursor,
    )


async def copies_after(session: AsyncSession, after: str, limit: int) -> list[AuthorisationCopy]:
    query = (
        select(AuthorisationCopy).where(col(AuthorisationCopy.id) > after).order_by(col(AuthorisationCopy.id))
    )
    return list((await session.exec(query.limit(limit))).all())


async def reported_among(session: AsyncSession, year: int, authorisation_ids: list[str]) -> set[str]:
    query = select(QualityReport.authorisation_id).where(
        QualityReport.year == year, col(QualityReport.authorisation_id).in_(authorisation_ids)
    )
    return set((await session.exec(query)).all())


async def outstanding_after(
    session: AsyncSession, year: int, after: str, limit: int, *, not_overdue: bool = False
) -> list[QualityReport]:
    """Reports of the year not yet submitted (and, if asked, not yet marked overdue), in id order."""
    query = select(QualityReport).where(
        QualityReport.year == year,
        QualityReport.status == ReportStatus.REQUESTED,
        col(QualityReport.id) > after,
    )
    if not_overdue:
        query = query.where(col(QualityReport.overdue_at).is_(None))
    return list((await session.exec(query.order_by(col(QualityReport.id)).limit(limit))).all())


async def reminded_among(session: AsyncSession, days_before: int, report_ids: list[str]) -> set[str]:
    query = select(QualityReminder.report_id).where(
        QualityReminder.days_before == days_before, col(QualityReminder.report_id).in_(report_ids)
    )
    return set((await session.exec(query)).all())


async def counts(session: AsyncSession, year: int) -> dict[str, int]:
    report = QualityReport
    query = select(
        func.count(),
        func.count(col(report.submitted_at)),
        func.sum(sa.case((col(report.status) == ReportStatus.ACCEPTED.value, 1), else_=0)),
        func.sum(
            sa.case(
                (
                    sa.and_(
                        col(report.overdue_at).is_not(None),
                        col(report.status) == ReportStatus.REQUESTED.value,
                    ),
                    1,
                ),
                else_=0,
            )
        ),
    ).where(report.year == year)
    requested, submitted, accepted, overdue = (await session.exec(query)).one()
    return {
        "requested": int(requested or 0),
        "submitted": int(submitted or 0),
        "accepted": int(accepted or 0),
        "overdue": int(overdue or 0),
    }


async def reports_for(
    session: AsyncSession,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    year: int | None,
    status: ReportStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[QualityReport]:
    query = scoped(select(QualityReport), QualityReport, owner, areas)
    if year is not None:
        query = query.where(QualityReport.year == year)
    if status is not None:
        query = query.where(QualityReport.status == status)
    return await keyset_page(session, query, QualityReport, limit=limit, cursor=cursor)
