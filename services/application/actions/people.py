"""What the login asks of an organisation's people and the municipality's staff: accepting an invitation,
what one token of a person may carry (`standing_of`), the first staff administrators, and refusing a
person's tokens once a role is taken away. Each works in the caller's unit of work or session."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.invitations import usable_invitation
from services.application.domain.login import UpstreamKind
from services.application.domain.people import (
    InvitationRefused,
    InvitationStatus,
    NoStanding,
    Standing,
    provider_standing,
    staff_standing,
    stronger_role,
)
from services.application.revocations import refuse_tokens
from services.application.storage import memberships as storage
from services.application.storage.memberships import Membership, StaffRole
from services.application.storage.people import Person
from services.application.storage.providers import provider_by_id
from shared.auth.principal import Role
from shared.clock import now_utc
from shared.swedish_ids import normalise_organisation_number
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OrganisationChoice:
    provider_id: str
    name: str
    organisation_number: str


class OrganisationChoiceNeeded(NoStanding):
    """The person is a member of several organisations and the login named none. `choices` are kept out of
    the error's body and its log line: a sole trader's organisation number is a personal identity number."""

    def __init__(self, choices: tuple[OrganisationChoice, ...]) -> None:
        super().__init__("This person belongs to several organisations; choose the one to act for.")
        self.choices = choices


async def accept_invitation(uow: UnitOfWork, token: str, person: Person) -> Membership:
    """The person joins the invitation's organisation with its role (or keeps a stronger one held): the
    invitation is used up. In the caller's unit of work, which commits; a second use, an expired or a
    revoked invitation raises InvitationUnusable, an unknown one InvitationUnknown (both
    InvitationRefused)."""
    if person.upstream != UpstreamKind.PROVIDER:
        raise InvitationRefused("An organisation's invitation is accepted with a login through e-ID.")
    invitation, provider = await usable_invitation(uow.session, token, for_update=True)
    now = now_utc()
    invitation.status = InvitationStatus.USED.value
    invitation.used_at = now
    invitation.used_by = person.id
    uow.session.add(invitation)
    uow.audit(invitation, "accepted", person_id=person.id)
    offered = Role(invitation.role)
    membership = await storage.membership(uow.session, person.id, provider.id, for_update=True)
    if membership is None:
        membership = Membership(
            id=str(uuid.uuid4()),
            person_id=person.id,
            provider_id=provider.id,
            role=offered.value,
            created_at=now,
        )
        action = "joined"
    else:
        membership.role = stronger_role(Role(membership.role), offered).value
        action = "invited_again"
    uow.session.add(membership)
    uow.audit(membership, action, invitation=invitation.id)
    return membership


async def standing_of(session: AsyncSession, person: Person, organisation_number: str | None) -> Standing:
    """What one token of the person may carry. An e-ID person acts for one organisation: the one named, or
    the only one they belong to; a member of several who names none gets OrganisationChoiceNeeded, one of
    none (or not of the one named) NoStanding. A staff person is an officer of their areas, or a staff
    administrator; one with no staff role gets NoStanding."""
    if person.upstream == UpstreamKind.STAFF:
        roles = await storage.staff_roles_of(session, person.id)
        areas = [r.area_code for r in roles if r.role == Role.OFFICER.value]
        return staff_standing(any(r.role == Role.STAFF_ADMIN.value for r in roles), areas)
    held = []
    for membership in await storage.memberships_of(session, person.id):
        provider = await provider_by_id(session, membership.provider_id)
        if provider is not None:
            held.append((membership, provider))
    if organisation_number is not None:
        wanted = normalise_organisation_number(organisation_number)
        held = [(m, p) for m, p in held if p.organisation_number == wanted]
        if not held:
            raise NoStanding("This person is not a member of that organisation.")
    if not held:
        raise NoStanding("This person is not a member of any organisation; an invitation makes one.")
    if len(held) > 1:
        raise OrganisationChoiceNeeded(
            tuple(OrganisationChoice(p.id, p.name, p.organisation_number) for _, p in held)
        )
    ((membership, provider),) = held
    return provider_standing(provider.id, provider.organisation_number, Role(membership.role))


async def on_first_staff_login(uow: UnitOfWork, person: Person, admin_subjects: frozenset[str]) -> bool:
    """Makes a staff person named in BOOTSTRAP_STAFF_ADMIN_SUBJECTS (`admin_subjects`) staff administrator
    when they hold no staff role yet; answers whether it did. The login calls it at the person's first
    login only, so that a staff administrator whose role is taken away does not get it back by logging in.
    In the caller's unit of work, which commits."""
    if person.upstream != UpstreamKind.STAFF or person.subject not in admin_subjects:
        return False
    if await storage.staff_roles_of(uow.session, person.id, for_update=True):
        return False
    grant_staff_admin(uow, person)
    return True


def grant_staff_admin(uow: UnitOfWork, person: Person) -> StaffRole:
    role = StaffRole(
        id=str(uuid.uuid4()),
        person_id=person.id,
        role=Role.STAFF_ADMIN.value,
        area_code="",
        created_at=now_utc(),
    )
    uow.session.add(role)
    return role


async def revoke_person_tokens(uow: UnitOfWork, person_id: str) -> datetime:
    """Every service refuses the person's tokens issued until now (a role was taken away): a revocation
    keyed by the person's id, which is their tokens' `sub`, written here and sent to the other services as
    `api_client.revoked`. Their next login gets a token of what they still hold. Answers when; the caller
    also tells its own verifier (`note_revoked`) so this process refuses them at once."""
    revoked_at = now_utc()
    await refuse_tokens(uow, person_id, revoked_at)
    return revoked_at
