"""Authorisations with their capacity and warnings. Rows are never overwritten in a way that loses
history: capacity changes and warnings are appended, a revocation is set once."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.authorisations import AuthorisationStatus
from services.application.storage.providers import SERVICE, Provider
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, SortKey, keyset_page, ordered_page
from shared.tenancy import scoped

_ACTIVE = sa.text("status = 'active'")


@audited("authorisation")
class Authorisation(SQLModel, table=True):
    __tablename__ = "authorisations"
    __table_args__ = (
        sa.Index("ix_authorisations_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_authorisations_created", "created_at", "id"),
        sa.Index("ix_authorisations_area_status", "area_code", "status"),
        sa.Index(
            "ux_authorisations_active_per_area",
            "provider_id",
            "area_code",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(foreign_key="providers.id", max_length=36)
    area_code: str = Field(foreign_key="areas.code", max_length=40)
    application_id: str = Field(foreign_key="applications.id", unique=True, max_length=36)
    conditions_version: int
    status: AuthorisationStatus = Field(sa_type=enum_column(AuthorisationStatus))
    person_in_charge_name: str | None = Field(default=None, max_length=200)
    # A reported change of the person in charge awaiting approval (kept from the reporting service's
    # events), and the last change decided, so that a late duplicate report does not show as pending again.
    pending_manager_change: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    last_settled_manager_change: str | None = Field(default=None, max_length=36)
    capacity_ceiling: int | None = None
    current_customers: int | None = None
    # Rises with every change, so that copies kept from events can tell newer from older.
    revision: int = 1
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None
    revocation: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)

    def reference(self, provider: Provider) -> dict[str, Any]:
        """What every authorisation event carries: which authorisation, provider, area and revision."""
        return {
            "authorisation_id": self.id,
            "provider_id": provider.id,
            "area_code": self.area_code,
            "revision": self.revision,
        }

    def changed(self, now: datetime) -> None:
        """Every change raises the revision that its event carries."""
        self.revision += 1
        self.updated_at = now


class Warning(SQLModel, table=True):
    __tablename__ = "warnings"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    authorisation_id: str = Field(foreign_key="authorisations.id", index=True, max_length=36)
    condition_code: str = Field(max_length=60)
    deficiency: str = Field(max_length=4000)
    remediation_deadline: date
    issued_by: str = Field(max_length=64)
    issued_at: datetime
    # Set from the reporting service's follow-up of the warning: its answer accepted, or its deadline passed
    # without one accepted.
    remedied_at: datetime | None = None
    deadline_passed_at: datetime | None = None


class CapacityChange(SQLModel, table=True):
    __tablename__ = "capacity_changes"
    __table_args__ = SERVICE

    id: int | None = Field(default=None, primary_key=True)
    authorisation_id: str = Field(foreign_key="authorisations.id", index=True, max_length=36)
    capacity_ceiling: int | None
    current_customers: int | None
    changed_by: str = Field(max_length=64)
    changed_at: datetime


async def authorisations_for(
    session: AsyncSession,
    owner: str | None,
    *,
    areas: frozenset[str] | None,
    status: AuthorisationStatus | None,
    area_code: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Authorisation]:
    query = scoped(select(Authorisation), Authorisation, owner, areas)
    if status is not None:
        query = query.where(Authorisation.status == status)
    if area_code is not None:
        query = query.where(Authorisation.area_code == area_code)
    return await keyset_page(session, query, Authorisation, limit=limit, cursor=cursor)


async def active_authorisation_of(
    session: AsyncSession, provider_id: str, area_code: str
) -> Authorisation | None:
    query = select(Authorisation).where(
        Authorisation.provider_id == provider_id,
        Authorisation.area_code == area_code,
        Authorisation.status == AuthorisationStatus.ACTIVE,
    )
    return (await session.exec(query)).first()


async def active_in_area(session: AsyncSession, area_code: str) -> list[Authorisation]:
    query = select(Authorisation).where(
        Authorisation.area_code == area_code, Authorisation.status == AuthorisationStatus.ACTIVE
    )
    return list((await session.exec(query.with_for_update())).all())


async def warnings_of(session: AsyncSession, authorisation_id: str) -> list[Warning]:
    query = select(Warning).where(Warning.authorisation_id == authorisation_id)
    return list((await session.exec(query.order_by(col(Warning.issued_at)))).all())


async def capacity_history_of(session: AsyncSession, authorisation_id: str) -> list[CapacityChange]:
    query = select(CapacityChange).where(CapacityChange.authorisation_id == authorisation_id)
    return list((await session.exec(query.order_by(col(CapacityChange.id)))).all())


# The register's order, by area then provider name; the id makes it total, so a cursor names one place.
REGISTER_ORDER = (
    SortKey(Authorisation.area_code, str),
    SortKey(Provider.name, str),
    SortKey(Authorisation.id, str),
)


async def register(
    session: AsyncSession, area_code: str | None, *, limit: int, cursor: str | None
) -> Page[tuple[Authorisation, Provider]]:
    """The public register: a page of the active authorisations with their providers, by area then name."""
    query = (
        select(Authorisation, Provider)
        .join(Provider, col(Provider.id) == col(Authorisation.provider_id))
        .where(Authorisation.status == AuthorisationStatus.ACTIVE)
    )
    if area_code is not None:
        query = query.where(Authorisation.area_code == area_code)
    return await ordered_page(
        session,
        query,
        REGISTER_ORDER,
        lambda row: (row[0].area_code, row[1].name, row[0].id),
        limit=limit,
        cursor=cursor,
    )
