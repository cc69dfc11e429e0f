"""This service's copy of authorisations, kept from events; never asked of the application service."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.domain.authorisations import CopyStatus
from services.reporting.storage.scope import SERVICE
from shared.db import enum_column


class AuthorisationCopy(SQLModel, table=True):
    __tablename__ = "authorisation_copies"
    __table_args__ = (sa.Index("ix_authorisation_copies_area_status", "area_code", "status"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(max_length=36, index=True)
    provider_name: str = Field(default="", max_length=200)
    area_code: str = Field(max_length=40)
    status: CopyStatus = Field(sa_type=enum_column(CopyStatus))
    revision: int
    granted_at: datetime | None = None
    revoked_at: datetime | None = None
    updated_at: datetime

    def reference(self) -> dict[str, str]:
        """What every report event carries to say which authorisation, provider and area it concerns."""
        return {
            "authorisation_id": self.id,
            "provider_id": self.provider_id,
            "area_code": self.area_code,
        }


async def copy_of(
    session: AsyncSession, authorisation_id: str, *, for_update: bool = False
) -> AuthorisationCopy | None:
    query = select(AuthorisationCopy).where(AuthorisationCopy.id == authorisation_id)
    if for_update:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def copies_by_id(session: AsyncSession, ids: list[str]) -> dict[str, AuthorisationCopy]:
    query = select(AuthorisationCopy).where(col(AuthorisationCopy.id).in_(ids))
    return {copy.id: copy for copy in (await session.exec(query)).all()}
