"""Staff deciding on a provider organisation's registration: approving it, or releasing a disputed one from
whoever holds it to the contact the staff have established."""

from datetime import datetime

from services.application.actions.invitations import InvitationTerms, inviter, issue_invitation, withdraw
from services.application.actions.people import revoke_person_tokens
from services.application.clients import revoke
from services.application.domain.people import RegistrationStatus
from services.application.storage import invitations
from services.application.storage import memberships as storage
from services.application.storage.providers import Provider, active_clients_of, provider_by_id
from shared.auth.principal import Principal, Role
from shared.clock import now_utc
from shared.errors import NotFound
from shared.events.application import ProviderUpdatedV1
from shared.unit_of_work import UnitOfWork


async def _provider(uow: UnitOfWork, provider_id: str) -> Provider:
    provider = await provider_by_id(uow.session, provider_id)
    if provider is None:
        raise NotFound("No such provider.")
    return provider


async def approve_registration(uow: UnitOfWork, caller: Principal, provider_id: str) -> Provider:
    async with uow.acting_as(caller):
        provider = await _provider(uow, provider_id)
        if provider.registration_status != RegistrationStatus.APPROVED:
            uow.note("provider", provider.id, "registration_approved", previous=provider.registration_status)
            provider.registration_status = RegistrationStatus.APPROVED.value
            provider.updated_at = now_utc()
            uow.session.add(provider)
            await uow.commit()
    return provider


async def release_registration(
    uow: UnitOfWork,
    caller: Principal,
    provider_id: str,
    contact_email: str,
    reason: str,
    terms: InvitationTerms,
) -> tuple[Provider, dict[str, datetime]]:
    """Takes the organisation from whoever holds it: its API clients are revoked, its people removed (their
    tokens revoked), its pending invitations withdrawn; the contact becomes `contact_email`, who gets a new
    administrator invitation. Answers the provider and the revoked token keys (client and person ids)."""
    revoked: dict[str, datetime] = {}
    people = 0
    async with uow.acting_as(caller):
        provider = await _provider(uow, provider_id)
        for client in await active_clients_of(uow.session, provider.id):
            revoked[client.client_id] = await revoke(uow, client)
        for membership in await storage.members_of(uow.session, provider.id):
            await uow.session.delete(membership)
            people += 1
            revoked[membership.person_id] = await revoke_person_tokens(uow, membership.person_id)
        for invitation in await invitations.pending_invitations_of(uow.session, provider.id):
            withdraw(uow, invitation)
        now = now_utc()
        provider.contact_email = contact_email
        provider.registration_status = RegistrationStatus.RELEASED.value
        provider.updated_at = now
        uow.session.add(provider)
        uow.note(
            "provider",
            provider.id,
            "registration_released",
            reason=reason,
            clients=len(revoked) - people,
            people=people,
        )
        issue_invitation(uow, provider, contact_email, Role.ADMINISTRATOR, terms, inviter(caller))
        uow.publish(
            ProviderUpdatedV1(
                provider_id=provider.id, name=provider.name, contact_email=contact_email, updated_at=now
            )
        )
        await uow.commit()
    return provider, revoked
