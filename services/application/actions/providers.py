"""Provider organisations registering themselves and managing their API clients."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.invitations import InvitationTerms, issue_invitation
from services.application.clients import issue_client, revoke
from services.application.domain.providers import organisation_number as checked_organisation_number
from services.application.schemas.providers import ProviderChanges, ProviderRegistration
from services.application.storage import providers as storage
from services.application.storage.providers import ApiClient, Provider
from shared.auth.principal import Principal, Role
from shared.clock import now_utc
from shared.db import is_duplicate
from shared.errors import Conflict, NotFound
from shared.events.application import ProviderRegisteredV1, ProviderUpdatedV1
from shared.pagination import Page, PageQuery
from shared.tenancy import provider_of
from shared.unit_of_work import UnitOfWork


async def register_provider(
    uow: UnitOfWork, command: ProviderRegistration, terms: InvitationTerms
) -> tuple[Provider, ApiClient, str]:
    """The organisation, pending approval, with its first API client; its contact email is invited to be
    its first administrator (nobody becomes one by registering)."""
    organisation_number = checked_organisation_number(command.organisation_number)
    async with uow.acting_as("self-registration"):
        if await storage.provider_by_organisation_number(uow.session, organisation_number) is not None:
            raise Conflict("An organisation with this number is already registered.")
        now = now_utc()
        provider = Provider(
            id=str(uuid.uuid4()),
            organisation_number=organisation_number,
            name=command.name.strip(),
            f_tax=command.f_tax,
            contact_email=str(command.contact_email),
            created_at=now,
            updated_at=now,
        )
        uow.session.add(provider)
        await uow.session.flush()
        # A reporter, not an administrator: whoever registers a number has not shown they speak for the
        # organisation, so managing it (its clients, webhooks, contact) waits for an administrator invited
        # by email or issued by the municipality's operator.
        client, secret = await issue_client(
            uow.session, Role.REPORTER, provider_id=provider.id, label="first client"
        )
        uow.note("provider", provider.id, "registered", client=client.client_id)
        issue_invitation(
            uow, provider, provider.contact_email, Role.ADMINISTRATOR, terms, "self-registration"
        )
        uow.publish(
            ProviderRegisteredV1(
                provider_id=provider.id,
                name=provider.name,
                contact_email=provider.contact_email,
                registered_at=now,
            )
        )
        try:
            await uow.commit()
        except IntegrityError as exc:
            # Two registrations of one number raced past the check above; the unique key decided.
            if is_duplicate(exc, "providers", "organisation_number"):
                raise Conflict("An organisation with this number is already registered.") from exc
            raise
    return provider, client, secret


async def own_provider(session: AsyncSession, caller: Principal) -> Provider:
    provider = await storage.provider_by_id(session, provider_of(caller))
    if provider is None:
        raise NotFound("No such provider.")
    return provider


async def update_provider(uow: UnitOfWork, caller: Principal, changes: ProviderChanges) -> Provider:
    async with uow.acting_as(caller):
        provider = await own_provider(uow.session, caller)
        fields = changes.model_dump(exclude_unset=True)
        if not fields:
            return provider
        for name, value in fields.items():
            setattr(provider, name, value.strip() if isinstance(value, str) else value)
        provider.updated_at = now_utc()
        uow.session.add(provider)
        uow.note("provider", provider.id, "updated", fields=sorted(fields))
        uow.publish(
            ProviderUpdatedV1(
                provider_id=provider.id,
                name=provider.name,
                contact_email=provider.contact_email,
                updated_at=provider.updated_at,
            )
        )
        await uow.commit()
    return provider


async def add_client(uow: UnitOfWork, caller: Principal, label: str, role: Role) -> tuple[ApiClient, str]:
    async with uow.acting_as(caller):
        provider = await own_provider(uow.session, caller)
        client, secret = await issue_client(uow.session, role, provider_id=provider.id, label=label)
        uow.note("provider", provider.id, "client_added", client=client.client_id, role=role.value)
        await uow.commit()
    return client, secret


async def clients_page(session: AsyncSession, caller: Principal, query: PageQuery) -> Page[ApiClient]:
    return await storage.clients_of(session, provider_of(caller), limit=query.limit, cursor=query.cursor)


async def revoke_client(uow: UnitOfWork, caller: Principal, client_id: str) -> datetime:
    provider_id = provider_of(caller)
    async with uow.acting_as(caller):
        clients = await storage.active_clients_of(uow.session, provider_id)
        target = next((c for c in clients if c.client_id == client_id), None)
        if target is None:
            raise NotFound("No such active API client.")
        if len(clients) == 1:
            raise Conflict(
                "This is the organisation's last active API client; add another before revoking it."
            )
        revoked_at = await revoke(uow, target)
        uow.note("provider", provider_id, "client_revoked", client=client_id)
        await uow.commit()
    return revoked_at
