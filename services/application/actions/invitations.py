"""Invitations to join a provider organisation: issued to an email address (by registration, by an
administrator, by staff releasing a registration), looked at through their link, revoked while pending."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.credentials import hash_secret
from services.application.domain.people import (
    InvitationStatus,
    InvitationUnknown,
    InvitationUnusable,
    check_usable,
    new_invitation_token,
)
from services.application.storage import invitations as storage
from services.application.storage.invitations import Invitation
from services.application.storage.providers import Provider, provider_by_id
from shared.auth.portal_client import PORTAL_PATH
from shared.auth.principal import Principal, Role
from shared.clock import now_utc
from shared.errors import Conflict, NotFound
from shared.events.application import ProviderInvitationIssuedV1
from shared.pagination import Page
from shared.settings import Settings
from shared.tenancy import provider_of
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class InvitationTerms:
    """How long an invitation lasts, and where its link leads."""

    lifetime: timedelta
    base_url: str

    @classmethod
    def of(cls, settings: Settings) -> "InvitationTerms":
        return cls(timedelta(hours=settings.invitation_lifetime_h), settings.base_url)

    def link(self, token: str) -> str:
        # The portal's page of the invitation, where the person logs in to accept it (the API's
        # GET /invitations/{token} answers the same offer as JSON, for systems).
        return f"{self.base_url}{PORTAL_PATH}/invitations/{token}"


def inviter(caller: Principal) -> str:
    """Who an invitation names as its maker: the person acting, or the API client."""
    return caller.acting_id


def issue_invitation(
    uow: UnitOfWork,
    provider: Provider,
    email: str,
    role: Role,
    terms: InvitationTerms,
    created_by: str,
    token: str | None = None,
) -> Invitation:
    """Adds the invitation and the event that emails its link, in the caller's unit of work. `token` is
    given by a caller that shows the link itself as well (the operator's command); otherwise one is made."""
    token = token or new_invitation_token()
    now = now_utc()
    invitation = Invitation(
        id=str(uuid.uuid4()),
        provider_id=provider.id,
        email=email,
        role=role.value,
        token_hash=hash_secret(token),
        status=InvitationStatus.PENDING.value,
        expires_at=now + terms.lifetime,
        created_by=created_by,
        created_at=now,
    )
    uow.session.add(invitation)
    uow.publish(
        ProviderInvitationIssuedV1(
            invitation_id=invitation.id,
            provider_id=provider.id,
            provider_name=provider.name,
            email=email,
            role=role.value,
            expires_at=invitation.expires_at,
            link=terms.link(token),
        )
    )
    return invitation


async def invite(
    uow: UnitOfWork, caller: Principal, email: str, role: Role, terms: InvitationTerms
) -> Invitation:
    async with uow.acting_as(caller):
        provider = await provider_by_id(uow.session, provider_of(caller))
        if provider is None:
            raise NotFound("No such provider.")
        invitation = issue_invitation(uow, provider, email, role, terms, inviter(caller))
        await uow.commit()
    return invitation


async def usable_invitation(
    session: AsyncSession, token: str, *, for_update: bool = False
) -> tuple[Invitation, Provider]:
    """The invitation of a link's token while it can be accepted, with its organisation."""
    invitation = await storage.invitation_by_token_hash(session, hash_secret(token), for_update=for_update)
    if invitation is None:
        raise InvitationUnknown("No such invitation.")
    check_usable(invitation.status, invitation.expires_at, now_utc())
    provider = await provider_by_id(session, invitation.provider_id)
    if provider is None:  # a foreign key: only a broken database gets here
        raise InvitationUnusable("The invitation's organisation is gone.")
    return invitation, provider


async def invitations_of(
    session: AsyncSession, caller: Principal, limit: int, cursor: str | None
) -> Page[Invitation]:
    return await storage.invitation_page(session, provider_of(caller), limit=limit, cursor=cursor)


async def revoke_invitation(uow: UnitOfWork, caller: Principal, invitation_id: str) -> None:
    async with uow.acting_as(caller):
        invitation = await storage.invitation_of(uow.session, provider_of(caller), invitation_id)
        if invitation is None:
            raise NotFound("No such invitation.")
        if invitation.status != InvitationStatus.PENDING:
            raise Conflict(f"This invitation is {invitation.status} already; only a pending one is revoked.")
        withdraw(uow, invitation)
        await uow.commit()


def withdraw(uow: UnitOfWork, invitation: Invitation) -> None:
    invitation.status = InvitationStatus.REVOKED.value
    invitation.revoked_at = now_utc()
    uow.session.add(invitation)
