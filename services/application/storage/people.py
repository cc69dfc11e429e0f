"""People: those who log in through an upstream identity provider. No password and no personal identity
number is kept: a person is the upstream's subject (or a keyed hash of an identity number that serves as
one), with the name and email the upstream vouches for."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.providers import SERVICE


class Person(SQLModel, table=True):
    __tablename__ = "persons"
    __table_args__ = (sa.UniqueConstraint("upstream", "subject", name="uq_persons_upstream_subject"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    # Which upstream provider vouches for the person: `provider` (provider organisations' e-ID broker) or
    # `staff` (the municipality's identity provider).
    upstream: str = Field(max_length=16)
    subject: str = Field(max_length=255)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    # The authentication context class of the last login (e.g. BankID's assurance level).
    last_acr: str | None = Field(default=None, max_length=200)
    created_at: datetime
    last_login_at: datetime


async def person_by_subject(session: AsyncSession, upstream: str, subject: str) -> Person | None:
    """The person the upstream knows by `subject` (as kept: see domain/login.py `person_subject`)."""
    found = await session.exec(
        select(Person).where(col(Person.upstream) == upstream, col(Person.subject) == subject)
    )
    return found.first()
