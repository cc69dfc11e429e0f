"""Staff administrators managing the municipality's staff: who is officer of which areas, who is staff
administrator."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.people import grant_staff_admin, revoke_person_tokens
from services.application.domain.login import UpstreamKind
from services.application.domain.people import keep_a_staff_admin
from services.application.storage import memberships as storage
from services.application.storage.memberships import StaffRole
from services.application.storage.people import Person, person_by_subject
from shared.areas import SOCIAL_CARE_AREAS
from shared.auth.principal import Principal, Role
from shared.clock import now_utc
from shared.errors import InvalidInput, NotFound
from shared.pagination import Page, keyset_page
from shared.unit_of_work import UnitOfWork

KNOWN_AREAS = frozenset(area.code for area in SOCIAL_CARE_AREAS)


@dataclass(frozen=True)
class StaffPerson:
    person: Person
    staff_admin: bool
    officer_areas: list[str]

    @classmethod
    def of(cls, person: Person, roles: list[StaffRole]) -> "StaffPerson":
        return cls(
            person,
            any(r.role == Role.STAFF_ADMIN.value for r in roles),
            sorted(r.area_code for r in roles if r.role == Role.OFFICER.value),
        )


async def staff_people(session: AsyncSession, limit: int, cursor: str | None) -> Page[StaffPerson]:
    """The people who have logged in through the staff upstream, newest first, with their roles."""
    query = select(Person).where(Person.upstream == UpstreamKind.STAFF)
    page = await keyset_page(session, query, Person, limit=limit, cursor=cursor)
    roles = await storage.staff_roles_by_person(session, [p.id for p in page.items])
    return Page([StaffPerson.of(p, roles[p.id]) for p in page.items], page.next_cursor)


def known_areas(areas: list[str]) -> list[str]:
    unknown = sorted(set(areas) - KNOWN_AREAS)
    if unknown:
        raise InvalidInput(
            "Unknown area codes (see GET /areas).",
            errors=[
                {
                    "location": f"officer_areas.{areas.index(code)}",
                    "message": "no such area",
                    "type": "area_code",
                }
                for code in unknown
            ],
        )
    return sorted(set(areas))


async def set_staff_roles(
    uow: UnitOfWork, caller: Principal, person_id: str, staff_admin: bool, officer_areas: list[str]
) -> tuple[StaffPerson, datetime | None]:
    """The person's staff roles become exactly these; a role taken away revokes their tokens (answers
    when). The last staff administrator keeps the role."""
    areas = known_areas(officer_areas)
    async with uow.acting_as(caller):
        person = await uow.session.get(Person, person_id)
        if person is None or person.upstream != UpstreamKind.STAFF:
            raise NotFound("No such staff person.")
        held = await storage.staff_roles_of(uow.session, person_id, for_update=True)
        was_admin = any(r.role == Role.STAFF_ADMIN.value for r in held)
        if was_admin and not staff_admin:
            keep_a_staff_admin(len(await storage.staff_admins(uow.session)), losing=True)
        wanted = {(Role.OFFICER.value, code) for code in areas}
        if staff_admin:
            wanted.add((Role.STAFF_ADMIN.value, ""))
        kept = [role for role in held if (role.role, role.area_code) in wanted]
        removed = [role for role in held if (role.role, role.area_code) not in wanted]
        for role in removed:
            await uow.session.delete(role)
        for role_name, code in sorted(wanted - {(r.role, r.area_code) for r in kept}):
            if role_name == Role.STAFF_ADMIN.value:
                kept.append(grant_staff_admin(uow, person))
            else:
                kept.append(officer_role(uow, person, code))
        revoked_at = await revoke_person_tokens(uow, person_id) if removed else None
        await uow.commit()
    return StaffPerson.of(person, kept), revoked_at


def officer_role(uow: UnitOfWork, person: Person, area_code: str) -> StaffRole:
    role = StaffRole(
        id=str(uuid.uuid4()),
        person_id=person.id,
        role=Role.OFFICER.value,
        area_code=area_code,
        created_at=now_utc(),
    )
    uow.session.add(role)
    return role


async def grant_staff(uow: UnitOfWork, subject: str, *, admin: bool, officer_areas: list[str]) -> Person:
    """Adds staff roles to the staff person of `subject` (the operator's command), who is recorded now if
    they have not logged in yet: their first login finds them by the subject and fills in their name."""
    person = await person_by_subject(uow.session, UpstreamKind.STAFF, subject)
    if person is None:
        now = now_utc()
        person = Person(
            id=str(uuid.uuid4()),
            upstream=UpstreamKind.STAFF,
            subject=subject,
            name="",
            created_at=now,
            last_login_at=now,
        )
        uow.session.add(person)
    held = {
        (r.role, r.area_code) for r in await storage.staff_roles_of(uow.session, person.id, for_update=True)
    }
    if admin and (Role.STAFF_ADMIN.value, "") not in held:
        grant_staff_admin(uow, person)
    for code in known_areas(officer_areas):
        if (Role.OFFICER.value, code) not in held:
            officer_role(uow, person, code)
    return person
