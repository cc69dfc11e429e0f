"""Provider organisations and their API clients."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.pagination import Page, SortKey, ordered_page

SERVICE = {"info": {"service": "application"}}


class Provider(SQLModel, table=True):
    __tablename__ = "providers"
    __table_args__ = SERVICE

    id: str = Field(primary_key=True, max_length=36)
    organisation_number: str = Field(max_length=11, unique=True)
    name: str = Field(max_length=200)
    f_tax: bool
    contact_email: str = Field(max_length=254)
    # pending until staff approve the registration; released when staff take a disputed one from whoever
    # held it (and it is pending again for the new contact).
    registration_status: str = Field(
        default="pending", max_length=16, sa_column_kwargs={"server_default": "pending"}
    )
    created_at: datetime
    updated_at: datetime


class ApiClient(SQLModel, table=True):
    __tablename__ = "api_clients"
    __table_args__ = SERVICE

    client_id: str = Field(primary_key=True, max_length=64)
    secret_hash: str = Field(max_length=128)
    kind: str = Field(max_length=16)
    # A Role: what the client's tokens may do. Its scopes follow from it (SCOPES_OF_ROLE), so none are kept.
    role: str = Field(max_length=16)
    provider_id: str | None = Field(default=None, foreign_key="providers.id", index=True, max_length=36)
    areas: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    label: str = Field(default="", max_length=100)
    created_at: datetime
    revoked_at: datetime | None = None


class SeedMarker(SQLModel, table=True):
    """What first start has done, so that it is done once (the staff client's secret is shown once)."""

    __tablename__ = "seed_markers"
    __table_args__ = SERVICE

    name: str = Field(primary_key=True, max_length=64)
    done_at: datetime


async def provider_by_id(session: AsyncSession, provider_id: str) -> Provider | None:
    return await session.get(Provider, provider_id)


async def provider_of_row(session: AsyncSession, provider_id: str) -> Provider:
    """The provider an application or authorisation names: a foreign key, so it exists."""
    provider = await session.get(Provider, provider_id)
    assert provider is not None
    return provider


async def provider_by_organisation_number(session: AsyncSession, organisation_number: str) -> Provider | None:
    result = await session.exec(select(Provider).where(Provider.organisation_number == organisation_number))
    return result.first()


async def active_client(session: AsyncSession, client_id: str) -> ApiClient | None:
    client = await session.get(ApiClient, client_id)
    return client if client is not None and client.revoked_at is None else None


async def active_clients_of(session: AsyncSession, provider_id: str) -> list[ApiClient]:
    query = select(ApiClient).where(ApiClient.provider_id == provider_id, col(ApiClient.revoked_at).is_(None))
    return list((await session.exec(query.with_for_update())).all())


async def clients_of(
    session: AsyncSession, provider_id: str, *, limit: int, cursor: str | None
) -> Page[ApiClient]:
    """The organisation's clients, revoked ones too (the record of who could act), by client id."""
    query = select(ApiClient).where(ApiClient.provider_id == provider_id)
    keys = [SortKey(ApiClient.client_id, str)]
    return await ordered_page(
        session, query, keys, lambda client: (client.client_id,), limit=limit, cursor=cursor
    )
