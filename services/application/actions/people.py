"""What a person may act as: a placeholder until organisation memberships land (replaced at merge)."""

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.storage.people import Person
from shared.auth.principal import SCOPES_OF_ROLE, Kind, Role, Scope
from shared.unit_of_work import UnitOfWork


class NoStanding(Exception):
    pass


class InvitationUnusable(Exception):
    pass


@dataclass(frozen=True)
class Standing:
    kind: Kind
    role: Role | None
    provider_id: str | None
    organisation_number: str | None
    areas: tuple[str, ...]
    scopes: tuple[Scope, ...]


async def standing_of(session: AsyncSession, person: Person, organisation_number: str | None) -> Standing:
    if person.upstream == "staff":
        return Standing(Kind.STAFF, Role.OFFICER, None, None, (), SCOPES_OF_ROLE[Role.OFFICER])
    raise NoStanding("The person belongs to no organisation.")


async def accept_invitation(uow: UnitOfWork, token: str, person: Person) -> None:
    raise InvitationUnusable("The invitation is used, expired or unknown.")
