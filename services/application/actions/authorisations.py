"""Authorisations after the grant: capacity (provider), warnings and revocation (staff), the register."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.actions.letters import write_letter
from services.application.domain import decisions
from services.application.domain.authorisations import (
    AuthorisationStatus,
    at_capacity,
    ensure_active,
)
from services.application.domain.conditions import ensure_known
from services.application.schemas.authorisations import (
    AuthorisationQuery,
    CapacityIn,
    RevocationIn,
    WarningIn,
)
from services.application.storage import authorisations as storage
from services.application.storage import catalogue, providers
from services.application.storage.authorisations import Authorisation, CapacityChange, Warning
from services.application.storage.providers import Provider
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.events.application import (
    AuthorisationCapacityChangedV1,
    AuthorisationRevokedV1,
    AuthorisationWarningDeadlinePassedV1,
    AuthorisationWarningIssuedV1,
    AuthorisationWarningRemediedV1,
)
from shared.events.letters import CitedCondition
from shared.pagination import Page
from shared.statutory_time import ensure_due_date
from shared.tenancy import own, visible
from shared.unit_of_work import UnitOfWork
from shared.warning_follow_ups import follow_up_request_id


@dataclass(frozen=True)
class AuthorisationView:
    authorisation: Authorisation
    warnings: list[tuple[Warning, CitedCondition]]
    capacity_history: list[CapacityChange]


async def set_capacity(
    uow: UnitOfWork, caller: Principal, authorisation_id: str, command: CapacityIn
) -> Authorisation:
    async with uow.acting_as(caller):
        authorisation = await own(uow.session, caller, Authorisation, authorisation_id, "authorisation")
        ensure_active(authorisation.status)
        now = now_utc()
        ceiling = command.capacity_ceiling
        customers = command.current_customers
        uow.session.add(
            CapacityChange(
                authorisation_id=authorisation.id,
                capacity_ceiling=ceiling,
                current_customers=customers,
                changed_by=caller.acting_id,
                changed_at=now,
            )
        )
        authorisation.capacity_ceiling = ceiling
        authorisation.current_customers = customers
        authorisation.changed(now)
        uow.session.add(authorisation)
        provider = await providers.provider_of_row(uow.session, authorisation.provider_id)
        uow.publish(
            AuthorisationCapacityChangedV1(
                **authorisation.reference(provider),
                capacity_ceiling=ceiling,
                current_customers=customers,
                at_capacity=at_capacity(ceiling, customers),
                changed_at=now,
            )
        )
        uow.audit(authorisation, "capacity_set", ceiling=ceiling, customers=customers)
        await uow.commit()
    return authorisation


async def issue_warning(
    uow: UnitOfWork, caller: Principal, authorisation_id: str, command: WarningIn
) -> Warning:
    async with uow.acting_as(caller):
        authorisation = await visible_authorisation(uow.session, caller, authorisation_id, for_update=True)
        ensure_active(authorisation.status)
        now = now_utc()
        ensure_due_date(command.remediation_deadline, stockholm_date(now), "remediation_deadline")
        conditions = await catalogue.conditions_of(
            uow.session, authorisation.area_code, authorisation.conditions_version
        )
        ensure_known([command.condition_code], conditions, "condition_code")
        warning = Warning(
            id=str(uuid.uuid4()),
            authorisation_id=authorisation.id,
            condition_code=command.condition_code,
            deficiency=command.deficiency,
            remediation_deadline=command.remediation_deadline,
            issued_by=caller.acting_id,
            issued_at=now,
        )
        uow.session.add(warning)
        authorisation.changed(now)
        uow.session.add(authorisation)
        provider = await providers.provider_of_row(uow.session, authorisation.provider_id)
        uow.publish(
            AuthorisationWarningIssuedV1(
                **authorisation.reference(provider),
                warning_id=warning.id,
                condition=decisions.cited([command.condition_code], conditions)[0],
                remediation_deadline=warning.remediation_deadline,
                issued_at=now,
            )
        )
        uow.audit(authorisation, "warning_issued", warning=warning.id, condition=command.condition_code)
        await uow.commit()
    return warning


async def _warning_changed(
    uow: UnitOfWork, warning: Warning, now: datetime
) -> tuple[Authorisation, Provider]:
    """A warning's state changed: its authorisation takes a new revision, for the event that tells it."""
    uow.session.add(warning)
    authorisation = await uow.session.get(Authorisation, warning.authorisation_id, with_for_update=True)
    assert authorisation is not None  # a foreign key of the warning
    authorisation.changed(now)
    uow.session.add(authorisation)
    return authorisation, await providers.provider_of_row(uow.session, authorisation.provider_id)


async def warning_remedied(uow: UnitOfWork, warning_id: str) -> None:
    """The answer to the warning's follow-up request was accepted (a consumer's unit of work): the warning
    is remedied, once however often that arrives, also after its deadline passed."""
    warning = await uow.session.get(Warning, warning_id, with_for_update=True)
    if warning is None or warning.remedied_at is not None:
        return
    now = now_utc()
    warning.remedied_at = now
    authorisation, provider = await _warning_changed(uow, warning, now)
    uow.publish(
        AuthorisationWarningRemediedV1(
            **authorisation.reference(provider),
            warning_id=warning.id,
            follow_up_request_id=follow_up_request_id(warning.id),
            remedied_at=now,
        )
    )
    uow.audit(authorisation, "warning_remedied", warning=warning.id)


async def warning_deadline_passed(uow: UnitOfWork, warning_id: str) -> None:
    """The remediation deadline passed without an accepted answer (a consumer's unit of work): staff are to
    consider a second warning or a revocation. Nothing happens for a warning already remedied."""
    warning = await uow.session.get(Warning, warning_id, with_for_update=True)
    if warning is None or warning.remedied_at is not None or warning.deadline_passed_at is not None:
        return
    now = now_utc()
    warning.deadline_passed_at = now
    authorisation, provider = await _warning_changed(uow, warning, now)
    conditions = await catalogue.conditions_of(
        uow.session, authorisation.area_code, authorisation.conditions_version
    )
    known = [c.code for c in conditions]
    condition = (
        decisions.cited([warning.condition_code], conditions)[0]
        if warning.condition_code in known
        else CitedCondition(
            code=warning.condition_code, title_sv=warning.condition_code, title_en=warning.condition_code
        )
    )
    uow.publish(
        AuthorisationWarningDeadlinePassedV1(
            **authorisation.reference(provider),
            warning_id=warning.id,
            follow_up_request_id=follow_up_request_id(warning.id),
            provider_name=provider.name,
            condition=condition,
            remediation_deadline=warning.remediation_deadline,
        )
    )
    uow.audit(authorisation, "warning_deadline_passed", warning=warning.id)


async def revoke(
    uow: UnitOfWork, caller: Principal, authorisation_id: str, command: RevocationIn
) -> Authorisation:
    async with uow.acting_as(caller):
        session = uow.session
        authorisation = await visible_authorisation(session, caller, authorisation_id, for_update=True)
        ensure_active(authorisation.status)
        conditions = await catalogue.conditions_of(
            session, authorisation.area_code, authorisation.conditions_version
        )
        ensure_known(command.conditions_not_met, conditions, "conditions_not_met.{index}")
        provider = await providers.provider_of_row(session, authorisation.provider_id)
        area = await catalogue.area(session, authorisation.area_code)
        assert area is not None  # a foreign key of the authorisation
        now = now_utc()
        letter = await write_letter(
            session,
            "authorisation_revoked",
            f"authorisations/{authorisation.id}",
            provider,
            area,
            decided_at=now,
            reasons=command.reasons,
            not_met=decisions.cited(command.conditions_not_met, conditions),
        )
        authorisation.status = AuthorisationStatus.REVOKED
        authorisation.revoked_at = now
        authorisation.revocation = letter.model_dump(mode="json")
        authorisation.changed(now)
        session.add(authorisation)
        uow.publish(
            AuthorisationRevokedV1(
                **authorisation.reference(provider),
                revoked_at=now,
                letter=letter.notice(),
            )
        )
        uow.audit(authorisation, "revoked", conditions=command.conditions_not_met)
        await uow.commit()
    return authorisation


async def authorisation_view(
    session: AsyncSession, caller: Principal, authorisation_id: str
) -> AuthorisationView:
    authorisation = await visible_authorisation(session, caller, authorisation_id)
    warnings = await storage.warnings_of(session, authorisation.id)
    cited: list[tuple[Warning, CitedCondition]] = []
    if warnings:
        conditions = await catalogue.conditions_of(
            session, authorisation.area_code, authorisation.conditions_version
        )
        titles = {c.code: c for c in conditions}
        for warning in warnings:
            condition = titles.get(warning.condition_code)
            cited.append(
                (
                    warning,
                    CitedCondition(
                        code=warning.condition_code,
                        title_sv=condition.title_sv if condition else warning.condition_code,
                        title_en=condition.title_en if condition else warning.condition_code,
                    ),
                )
            )
    return AuthorisationView(
        authorisation, cited, await storage.capacity_history_of(session, authorisation.id)
    )


async def list_authorisations(
    session: AsyncSession, caller: Principal, query: AuthorisationQuery
) -> Page[Authorisation]:
    return await storage.authorisations_for(
        session,
        caller.owning_provider(),
        areas=caller.area_scope(),
        status=query.status,
        area_code=query.area_code,
        limit=query.limit,
        cursor=query.cursor,
    )


async def visible_authorisation(
    session: AsyncSession, caller: Principal, authorisation_id: str, *, for_update: bool = False
) -> Authorisation:
    return await visible(
        session, caller, Authorisation, authorisation_id, "authorisation", for_update=for_update
    )
