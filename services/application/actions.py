"""Use cases of the application service: each opens a unit of work, applies the domain, records events."""

import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application import domain, storage
from services.application.clients import issue_client
from services.application.domain import ApplicationStatus
from services.application.schemas import ApplicationQuery, ProviderChanges, ProviderRegistration
from services.application.storage import ApiClient, Application, Provider
from shared.auth.principal import Kind, Principal
from shared.clock import now_utc
from shared.errors import Conflict, InvalidInput, NotFound
from shared.events.application import ApplicationSubmittedV1, ProviderRegisteredV1, ProviderUpdatedV1
from shared.pagination import Page
from shared.unit_of_work import UnitOfWork


async def register_provider(
    uow: UnitOfWork, command: ProviderRegistration
) -> tuple[Provider, ApiClient, str]:
    organisation_number = domain.organisation_number(command.organisation_number)
    async with uow:
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
        client, secret = await issue_client(
            uow.session, Kind.PROVIDER, provider_id=provider.id, label="first client"
        )
        uow.publish(
            ProviderRegisteredV1(
                provider_id=provider.id,
                organisation_number=organisation_number,
                name=provider.name,
                contact_email=provider.contact_email,
                registered_at=now,
            )
        )
        try:
            await uow.commit()
        except IntegrityError as exc:
            # Two registrations of one number raced past the check above; the unique key decided.
            raise Conflict("An organisation with this number is already registered.") from exc
    return provider, client, secret


async def own_provider(session: AsyncSession, caller: Principal) -> Provider:
    provider = await storage.provider_by_id(session, _provider_of(caller))
    if provider is None:
        raise NotFound("No such provider.")
    return provider


async def update_provider(uow: UnitOfWork, caller: Principal, changes: ProviderChanges) -> Provider:
    async with uow:
        provider = await own_provider(uow.session, caller)
        fields = changes.model_dump(exclude_unset=True)
        if not fields:
            return provider
        for name, value in fields.items():
            setattr(provider, name, value.strip() if isinstance(value, str) else value)
        provider.updated_at = now_utc()
        uow.session.add(provider)
        uow.publish(
            ProviderUpdatedV1(
                provider_id=provider.id,
                organisation_number=provider.organisation_number,
                name=provider.name,
                contact_email=provider.contact_email,
                updated_at=provider.updated_at,
            )
        )
        await uow.commit()
    return provider


async def add_client(uow: UnitOfWork, caller: Principal, label: str) -> tuple[ApiClient, str]:
    async with uow:
        provider = await own_provider(uow.session, caller)
        client, secret = await issue_client(uow.session, Kind.PROVIDER, provider_id=provider.id, label=label)
        await uow.commit()
    return client, secret


async def revoke_client(uow: UnitOfWork, caller: Principal, client_id: str) -> None:
    provider_id = _provider_of(caller)
    async with uow:
        clients = await storage.active_clients_of(uow.session, provider_id)
        target = next((c for c in clients if c.client_id == client_id), None)
        if target is None:
            raise NotFound("No such active API client.")
        if len(clients) == 1:
            raise Conflict(
                "This is the organisation's last active API client; add another before revoking it."
            )
        target.revoked_at = now_utc()
        uow.session.add(target)
        await uow.commit()


async def start_application(uow: UnitOfWork, caller: Principal, area_code: str) -> Application:
    provider_id = _provider_of(caller)
    async with uow:
        area = await storage.area(uow.session, area_code)
        if area is None:
            raise InvalidInput(
                f"There is no kundval area with the code {area_code!r}; GET /areas lists them.",
                errors=[{"location": "area_code", "message": "unknown area", "type": "unknown_area"}],
            )
        now = now_utc()
        application = Application(
            id=str(uuid.uuid4()),
            provider_id=provider_id,
            area_code=area.code,
            status=ApplicationStatus.DRAFT,
            conditions_version=area.conditions_version,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(application)
        await uow.commit()
    return application


async def submit_application(uow: UnitOfWork, caller: Principal, application_id: str) -> Application:
    provider_id = _provider_of(caller)
    async with uow:
        application = await _owned(uow.session, application_id, provider_id, for_update=True)
        previous = application.status
        domain.ensure_transition(previous, ApplicationStatus.SUBMITTED)
        provider = await storage.provider_by_id(uow.session, provider_id)
        assert provider is not None
        now = now_utc()
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
        application.updated_at = now
        uow.session.add(application)
        uow.publish(
            ApplicationSubmittedV1(
                application_id=application.id,
                provider_id=provider.id,
                organisation_number=provider.organisation_number,
                provider_name=provider.name,
                area_code=application.area_code,
                submitted_at=now,
                resubmission=previous is ApplicationStatus.SUPPLEMENT_REQUESTED,
            )
        )
        await uow.commit()
    return application


async def get_application(session: AsyncSession, caller: Principal, application_id: str) -> Application:
    return await _owned(session, application_id, caller.owning_provider())


async def list_applications(
    session: AsyncSession, caller: Principal, query: ApplicationQuery
) -> Page[Application]:
    return await storage.applications_for(
        session,
        caller.owning_provider(),
        status=query.status,
        area_code=query.area_code,
        limit=query.limit,
        cursor=query.cursor,
    )


async def _owned(
    session: AsyncSession, application_id: str, owner: str | None, *, for_update: bool = False
) -> Application:
    application = await storage.application_for(session, application_id, owner, for_update=for_update)
    if application is None:
        raise NotFound("No such application.")
    return application


def _provider_of(caller: Principal) -> str:
    if caller.provider_id is None:
        raise NotFound("Only a provider has applications of its own.")
    return caller.provider_id
