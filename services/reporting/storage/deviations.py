"""Serious deviations reported by providers."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.deviations import Category, DeviationStatus, Severity
from services.reporting.storage.scope import SERVICE
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, keyset_page
from shared.tenancy import scoped


@audited("deviation")
class Deviation(SQLModel, table=True):
    __tablename__ = "deviations"
    __table_args__ = (
        sa.Index("ix_deviations_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_deviations_created", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisation_copies.id", index=True, max_length=36)
    provider_id: str = Field(max_length=36)
    area_code: str = Field(max_length=40)
    category: Category = Field(sa_type=enum_column(Category))
    severity: Severity = Field(sa_type=enum_column(Severity))
    occurred_at: datetime
    discovered_at: datetime
    description: str = Field(sa_type=sa.Text)
    immediate_actions: str = Field(sa_type=sa.Text)
    status: DeviationStatus = Field(sa_type=enum_column(DeviationStatus))
    created_at: datetime
    acknowledged_by: str | None = Field(default=None, max_length=64)
    acknowledged_at: datetime | None = None
    acknowledgement_note: str | None = Field(default=None, max_length=4000)
    closed_by: str | None = Field(default=None, max_length=64)
    closed_at: datetime | None = None
    closure_note: str | None = Field(default=None, max_length=4000)


async def deviations_for(
    session: AsyncSession,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    status: DeviationStatus | None,
    severity: Severity | None,
    limit: int,
    cursor: str | None,
) -> Page[Deviation]:
    query = scoped(select(Deviation), Deviation, owner, areas)
    if status is not None:
        query = query.where(Deviation.status == status)
    if severity is not None:
        query = query.where(Deviation.severity == severity)
    return await keyset_page(session, query, Deviation, limit=limit, cursor=cursor)
