"""Who belongs where: a person's membership of a provider organisation with its role, and the roles a
member of the municipality's staff holds (an officer per area, a staff administrator)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.people import Person
from services.application.storage.providers import SERVICE
from shared.audit import audited
from shared.auth.principal import Role
from shared.pagination import Page, keyset_page


@audited("membership", state="role")
class Membership(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "provider_id", name="uq_memberships_person_provider"),
        sa.Index("ix_memberships_provider_created", "provider_id", "created_at", "id"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    person_id: str = Field(foreign_key="persons.id", index=True, max_length=36)
    provider_id: str = Field(foreign_key="providers.id", max_length=36)
    # administrator | reporter | reader (PROVIDER_ROLES)
    role: str = Field(max_length=16)
    created_at: datetime


@audited("staff_role", state=None)
class StaffRole(SQLModel, table=True):
    __tablename__ = "staff_roles"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "role", "area_code", name="uq_staff_roles_person_role_area"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    person_id: str = Field(foreign_key="persons.id", index=True, max_length=36)
    # officer (with its area) | staff_admin (area_code empty: not null, so the unique key holds on both
    # databases, which treat nulls in a unique key as distinct)
    role: str = Field(max_length=16)
    area_code: str = Field(default="", max_length=40)
    created_at: datetime


async def membership(
    session: AsyncSession, person_id: str, provider_id: str, *, for_update: bool = False
) -> Membership | None:
    query = select(Membership).where(Membership.person_id == person_id, Membership.provider_id == provider_id)
    return (await session.exec(query.with_for_update() if for_update else query)).first()


async def memberships_of(session: AsyncSession, person_id: str) -> list[Membership]:
    query = select(Membership).where(Membership.person_id == person_id).order_by(col(Membership.created_at))
    return list((await session.exec(query)).all())


async def administrators_of(session: AsyncSession, provider_id: str) -> list[Membership]:
    """Locked, so that two removals of the last two administrators at once cannot both pass the count."""
    query = select(Membership).where(
        Membership.provider_id == provider_id, Membership.role == Role.ADMINISTRATOR.value
    )
    return list((await session.exec(query.with_for_update())).all())


async def members_of(session: AsyncSession, provider_id: str) -> list[Membership]:
    query = select(Membership).where(Membership.provider_id == provider_id)
    return list((await session.exec(query.with_for_update())).all())


async def member_page(
    session: AsyncSession, provider_id: str, *, limit: int, cursor: str | None
) -> Page[tuple[Membership, Person]]:
    """A page of the organisation's members, newest first, each with the person."""
    page = await keyset_page(
        session,
        select(Membership).where(Membership.provider_id == provider_id),
        Membership,
        limit=limit,
        cursor=cursor,
    )
    persons = await persons_by_id(session, [m.person_id for m in page.items])
    return Page([(m, persons[m.person_id]) for m in page.items], page.next_cursor)


async def persons_by_id(session: AsyncSession, person_ids: list[str]) -> dict[str, Person]:
    if not person_ids:
        return {}
    query = select(Person).where(col(Person.id).in_(sorted(set(person_ids))))
    return {p.id: p for p in (await session.exec(query)).all()}


async def staff_roles_of(
    session: AsyncSession, person_id: str, *, for_update: bool = False
) -> list[StaffRole]:
    query = select(StaffRole).where(StaffRole.person_id == person_id).order_by(col(StaffRole.area_code))
    return list((await session.exec(query.with_for_update() if for_update else query)).all())


async def staff_roles_by_person(session: AsyncSession, person_ids: list[str]) -> dict[str, list[StaffRole]]:
    """The staff roles of a page of people, in one query, as `staff_roles_of` orders each person's."""
    held: dict[str, list[StaffRole]] = {person_id: [] for person_id in person_ids}
    if person_ids:
        query = (
            select(StaffRole)
            .where(col(StaffRole.person_id).in_(sorted(held)))
            .order_by(col(StaffRole.area_code))
        )
        for role in (await session.exec(query)).all():
            held[role.person_id].append(role)
    return held


async def staff_admins(session: AsyncSession) -> list[StaffRole]:
    """Locked, as administrators_of."""
    query = select(StaffRole).where(StaffRole.role == Role.STAFF_ADMIN.value)
    return list((await session.exec(query.with_for_update())).all())
