"""Tables of the application service and the queries on them. Queries on a provider's rows take the
owning provider as a required argument (None only for staff), so a cross-tenant read cannot be written
by accident."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain import ApplicationStatus
from shared.db import enum_column
from shared.pagination import Page, keyset_page

SERVICE = {"info": {"service": "application"}}


class Provider(SQLModel, table=True):
    __tablename__ = "providers"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    organisation_number: str = Field(max_length=11, unique=True)
    name: str = Field(max_length=200)
    f_tax: bool
    contact_email: str = Field(max_length=254)
    created_at: datetime
    updated_at: datetime


class ApiClient(SQLModel, table=True):
    __tablename__ = "api_clients"
    __table_args__ = SERVICE

    client_id: str = Field(primary_key=True, max_length=64)
    secret_hash: str = Field(max_length=128)
    kind: str = Field(max_length=16)
    scopes: str = Field(max_length=200)
    provider_id: str | None = Field(default=None, foreign_key="providers.id", index=True, max_length=36)
    areas: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    label: str = Field(default="", max_length=100)
    created_at: datetime
    revoked_at: datetime | None = None


class Area(SQLModel, table=True):
    __tablename__ = "areas"
    __table_args__ = SERVICE

    code: str = Field(primary_key=True, max_length=40)
    name_sv: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    legal_frame: str = Field(max_length=16)
    reimbursement_model: str = Field(max_length=200)
    conditions_version: int = 1


class Application(SQLModel, table=True):
    __tablename__ = "applications"
    __table_args__ = (
        sa.Index("ix_applications_provider_created", "provider_id", "created_at", "id"),
        sa.Index("ix_applications_created", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(foreign_key="providers.id", max_length=36)
    area_code: str = Field(foreign_key="areas.code", max_length=40)
    status: ApplicationStatus = Field(sa_type=enum_column(ApplicationStatus))
    conditions_version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None


class SeedMarker(SQLModel, table=True):
    """What first start has done, so that it is done once (the staff client's secret is shown once)."""

    __tablename__ = "seed_markers"
    __table_args__ = SERVICE

    name: str = Field(primary_key=True, max_length=64)
    done_at: datetime


async def provider_by_id(session: AsyncSession, provider_id: str) -> Provider | None:
    return await session.get(Provider, provider_id)


async def provider_by_organisation_number(session: AsyncSession, organisation_number: str) -> Provider | None:
    result = await session.exec(select(Provider).where(Provider.organisation_number == organisation_number))
    return result.first()


async def active_client(session: AsyncSession, client_id: str) -> ApiClient | None:
    client = await session.get(ApiClient, client_id)
    return client if client is not None and client.revoked_at is None else None


async def active_clients_of(session: AsyncSession, provider_id: str) -> list[ApiClient]:
    query = select(ApiClient).where(ApiClient.provider_id == provider_id, col(ApiClient.revoked_at).is_(None))
    return list((await session.exec(query.with_for_update())).all())


async def area(session: AsyncSession, code: str) -> Area | None:
    return await session.get(Area, code)


async def all_areas(session: AsyncSession) -> list[Area]:
    return list((await session.exec(select(Area).order_by(col(Area.code)))).all())


async def application_for(
    session: AsyncSession, application_id: str, owner: str | None, *, for_update: bool = False
) -> Application | None:
    query = select(Application).where(Application.id == application_id)
    if owner is not None:
        query = query.where(Application.provider_id == owner)
    if for_update:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def applications_for(
    session: AsyncSession,
    owner: str | None,
    *,
    status: ApplicationStatus | None,
    area_code: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Application]:
    query = select(Application)
    if owner is not None:
        query = query.where(Application.provider_id == owner)
    if status is not None:
        query = query.where(Application.status == status)
    if area_code is not None:
        query = query.where(Application.area_code == area_code)
    return await keyset_page(session, query, Application, limit=limit, cursor=cursor)
