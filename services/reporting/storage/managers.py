"""Manager changes and absences of the person in charge."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.absences import AbsenceReason
from services.reporting.domain.manager_changes import ChangeStatus
from services.reporting.storage.scope import SERVICE
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, keyset_page
from shared.tenancy import scoped


@audited("manager_change")
class ManagerChange(SQLModel, table=True):
    __tablename__ = "manager_changes"
    __table_args__ = (
        sa.Index("ix_manager_changes_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_manager_changes_created", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisation_copies.id", index=True, max_length=36)
    provider_id: str = Field(max_length=36)
    area_code: str = Field(max_length=40)
    person_in_charge: dict[str, Any] = Field(sa_type=sa.JSON)
    person_name: str = Field(max_length=200)
    starts_on: date
    late: bool
    precheck: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    status: ChangeStatus = Field(sa_type=enum_column(ChangeStatus))
    created_at: datetime
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    decision_reasons: str | None = Field(default=None, max_length=4000)


@audited("manager_absence", state=None)
class ManagerAbsence(SQLModel, table=True):
    __tablename__ = "manager_absences"
    __table_args__ = (
        sa.Index("ix_manager_absences_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_manager_absences_created", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisation_copies.id", index=True, max_length=36)
    provider_id: str = Field(max_length=36)
    area_code: str = Field(max_length=40)
    substitute: dict[str, Any] = Field(sa_type=sa.JSON)
    starts_on: date
    ends_on: date
    reason: AbsenceReason = Field(sa_type=enum_column(AbsenceReason))
    created_at: datetime
    # The substitute's competence pre-check, when the competence details were given; staff only.
    precheck: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


async def manager_changes_for(
    session: AsyncSession,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    authorisation_id: str | None,
    status: ChangeStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[ManagerChange]:
    query = scoped(select(ManagerChange), ManagerChange, owner, areas)
    if authorisation_id is not None:
        query = query.where(ManagerChange.authorisation_id == authorisation_id)
    if status is not None:
        query = query.where(ManagerChange.status == status)
    return await keyset_page(session, query, ManagerChange, limit=limit, cursor=cursor)


async def absences_of(session: AsyncSession, authorisation_id: str) -> list[ManagerAbsence]:
    query = select(ManagerAbsence).where(ManagerAbsence.authorisation_id == authorisation_id)
    return list((await session.exec(query.order_by(col(ManagerAbsence.starts_on)))).all())


async def absences_for(
    session: AsyncSession,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    authorisation_id: str | None,
    limit: int,
    cursor: str | None,
) -> Page[ManagerAbsence]:
    query = scoped(select(ManagerAbsence), ManagerAbsence, owner, areas)
    if authorisation_id is not None:
        query = query.where(ManagerAbsence.authorisation_id == authorisation_id)
    return await keyset_page(session, query, ManagerAbsence, limit=limit, cursor=cursor)
