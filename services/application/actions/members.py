"""An organisation's administrators managing its people, and anyone asking who they are themselves."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.people import revoke_person_tokens
from services.application.domain.people import keep_an_administrator
from services.application.storage import memberships as storage
from services.application.storage.memberships import Membership, StaffRole
from services.application.storage.people import Person
from services.application.storage.providers import Provider, provider_by_id
from shared.auth.principal import SCOPES_OF_ROLE, Principal, Role
from shared.errors import DomainError, NotFound
from shared.pagination import Page
from shared.tenancy import provider_of
from shared.unit_of_work import UnitOfWork


class NotAPerson(DomainError):
    status = 403
    title = "Forbidden"


async def people_of(
    session: AsyncSession, caller: Principal, limit: int, cursor: str | None
) -> Page[tuple[Membership, Person]]:
    return await storage.member_page(session, provider_of(caller), limit=limit, cursor=cursor)


async def _member(uow: UnitOfWork, caller: Principal, person_id: str) -> Membership:
    """The membership in the caller's organisation; another organisation's person is not found."""
    membership = await storage.membership(uow.session, person_id, provider_of(caller), for_update=True)
    if membership is None:
        raise NotFound("No such person in this organisation.")
    return membership


async def _administrators_left_without(uow: UnitOfWork, membership: Membership, role: Role | None) -> None:
    """Refuses to take the administrator's role from the last one (`role` None: removed)."""
    if membership.role != Role.ADMINISTRATOR.value or role is Role.ADMINISTRATOR:
        return
    administrators = await storage.administrators_of(uow.session, membership.provider_id)
    keep_an_administrator(len(administrators), losing=True)


def _weaker(held: Role, new: Role) -> bool:
    return not set(SCOPES_OF_ROLE[held]) <= set(SCOPES_OF_ROLE[new])


async def change_role(
    uow: UnitOfWork, caller: Principal, person_id: str, role: Role
) -> tuple[Membership, Person, datetime | None]:
    """Answers the membership, its person, and when their tokens were revoked if the role is weaker."""
    async with uow.acting_as(caller):
        membership = await _member(uow, caller, person_id)
        await _administrators_left_without(uow, membership, role)
        held = Role(membership.role)
        membership.role = role.value
        uow.session.add(membership)
        revoked_at = await revoke_person_tokens(uow, person_id) if _weaker(held, role) else None
        person = await uow.session.get(Person, person_id)
        assert person is not None  # a foreign key
        await uow.commit()
    return membership, person, revoked_at


async def remove_member(uow: UnitOfWork, caller: Principal, person_id: str) -> datetime:
    """Answers when the removed person's tokens were revoked."""
    async with uow.acting_as(caller):
        membership = await _member(uow, caller, person_id)
        await _administrators_left_without(uow, membership, None)
        await uow.session.delete(membership)
        revoked_at = await revoke_person_tokens(uow, person_id)
        await uow.commit()
    return revoked_at


@dataclass(frozen=True)
class Myself:
    person: Person
    memberships: list[tuple[Membership, Provider]]
    staff_roles: list[StaffRole]


async def myself(session: AsyncSession, caller: Principal) -> Myself:
    """The calling person, what organisations they belong to and what staff roles they hold. Only a person
    has these: an API client's token is refused (403), not answered as if nobody were there."""
    if caller.person_id is None:
        raise NotAPerson("Only a person's token has a person; this is an API client's.")
    person = await session.get(Person, caller.person_id)
    if person is None:
        raise NotFound("No such person.")
    held = []
    for membership in await storage.memberships_of(session, person.id):
        provider = await provider_by_id(session, membership.provider_id)
        if provider is not None:
            held.append((membership, provider))
    return Myself(person, held, await storage.staff_roles_of(session, person.id))
